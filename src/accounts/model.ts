/** Roles, from least to most trusted. A user has one role; institution editors act for their organisations. */
export const ROLES = ['teacher', 'institution_editor', 'curator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATION_KINDS = ['school', 'heritage', 'publisher', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Who is acting: a signed-in user with their organisations, or nobody. */
export interface Actor {
  userId: string;
  role: Role;
  organisationIds: string[];
}

/** What an authorization rule needs to know of a resource. */
export interface ResourceOwnership {
  organisationId: string | null;
  createdBy: string | null;
}

/** Curators and admins edit every resource; editors those of their organisations; anyone what they made. */
export function canEditResource(actor: Actor | null, resource: ResourceOwnership): boolean {
  if (!actor) return false;
  if (actor.role === 'admin' || actor.role === 'curator') return true;
  if (resource.createdBy === actor.userId) return true;
  return actor.role === 'institution_editor' && resource.organisationId !== null && actor.organisationIds.includes(resource.organisationId);
}

/** Who may create a resource for an organisation (null: in their own name). */
export function canCreateResource(actor: Actor | null, organisationId: string | null): boolean {
  if (!actor) return false;
  if (actor.role === 'admin' || actor.role === 'curator') return true;
  if (organisationId === null) return true;
  return actor.role === 'institution_editor' && actor.organisationIds.includes(organisationId);
}

/** Who may import files into an organisation's collection. */
export function canImportFor(actor: Actor | null, organisationId: string | null): boolean {
  if (!actor) return false;
  if (actor.role === 'admin') return true;
  return actor.role === 'institution_editor' && organisationId !== null && actor.organisationIds.includes(organisationId);
}

/** Checks the rules for a new password: long enough, not absurdly long. */
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return 'LG_PASSWORD_TOO_SHORT';
  if (password.length > 256) return 'LG_PASSWORD_TOO_LONG';
  return null;
}
