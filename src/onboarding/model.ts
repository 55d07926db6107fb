import type { Actor, MemberRole, Role } from '../accounts/model.ts';

export const APPLICATION_STATUSES = ['pending', 'approved', 'refused'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const DECISIONS = ['approve', 'refuse'] as const;
export type Decision = (typeof DECISIONS)[number];

/** How long an invitation's link works. */
export const INVITATION_DAYS = 14;
/** How many applications one person may have waiting at a time. */
export const MAX_PENDING_APPLICATIONS = 3;
/** How many invitations an organisation may have open at a time. */
export const MAX_OPEN_INVITATIONS = 200;

/** A request for an organisation account as its applicant and the administrators see it. */
export interface ApplicationView {
  id: string;
  name: string;
  kind: string;
  website: string | null;
  externalId: string | null;
  motivation: string;
  status: ApplicationStatus;
  /** Why it was refused (or a note with an approval). */
  reason: string | null;
  applicant: { id: string; name: string } | null;
  createdAt: string;
  decidedAt: string | null;
  /** The organisation made on approval. */
  organisationId: string | null;
}

/** An organisation's people and open invitations, for its editors. Addresses only of invitations. */
export interface TeamView {
  organisation: { id: string; name: string; kind: string };
  members: { userId: string; name: string; role: MemberRole; since: string }[];
  invitations: {
    id: string;
    email: string;
    role: MemberRole;
    invitedBy: string | null;
    createdAt: string;
    expiresAt: string;
  }[];
}

/** What an invitation's link shows before it is accepted. */
export interface InvitationOffer {
  organisation: { id: string; name: string; kind: string };
  role: MemberRole;
  email: string;
  /** An account with the invited address exists: sign in with it to accept. */
  hasAccount: boolean;
}

/** Who manages an organisation's team: administrators, and the organisation's own editors. */
export function canManageTeam(actor: Actor, organisationId: string): boolean {
  if (actor.role === 'admin') return true;
  return actor.role !== 'teacher' && actor.organisationIds.includes(organisationId);
}

/**
 * The platform role that goes with a person's editor memberships: a teacher who becomes an
 * organisation's editor becomes an institution editor; an institution editor who is nobody's
 * editor any more becomes a teacher again. Curators and administrators keep their role.
 */
export function roleForMemberships(role: Role, editorMemberships: number): Role {
  if (role === 'teacher' && editorMemberships > 0) return 'institution_editor';
  if (role === 'institution_editor' && editorMemberships === 0) return 'teacher';
  return role;
}
