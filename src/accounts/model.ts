/** Roles, from least to most trusted. A user has one role; institution editors act for their organisations. */
export const ROLES = ['teacher', 'institution_editor', 'curator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A person's role in one organisation: an `editor` acts for it (catalogue, sources, API keys, its
 * team); a `member` belongs to it (a teacher of a school) and edits nothing of it. Editing rights
 * need both an editor membership and the `institution_editor` role (or a higher one).
 */
export const MEMBER_ROLES = ['editor', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** The role a new membership gets when nothing else says: editors edit, everyone else belongs. */
export const defaultMemberRole = (role: Role): MemberRole => (role === 'institution_editor' ? 'editor' : 'member');

export const ORGANISATION_KINDS = ['school', 'heritage', 'publisher', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * What an API key may do, chosen when it is made: read its institution's sources, runs and drafts;
 * write its institution's records (imports, resources); add, change and run its institution's sources.
 */
export const API_KEY_SCOPES = ['read', 'records:write', 'harvests:run'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A signed-in person, with the organisations they act for (their editor memberships). */
export interface Actor {
  userId: string;
  role: Role;
  organisationIds: string[];
  apiKey?: undefined;
}

/**
 * An institution's program acting with an API key: for that one institution, within the key's
 * scopes, never as a person (it owns nothing of anybody's) and never as an admin.
 */
export interface ApiKeyActor {
  userId: null;
  role: 'institution_editor';
  organisationIds: [string];
  apiKey: { id: string; name: string; scopes: ApiKeyScope[] };
}

/** Whoever may act on an institution's catalogue and sources: a person or an API key. */
export type InstitutionActor = Actor | ApiKeyActor;

/** What an authorization rule needs to know of a resource. */
export interface ResourceOwnership {
  organisationId: string | null;
  createdBy: string | null;
}

/** Curators and admins: they judge quality across institutions (moderate reviews, trust reviewers). */
export const curates = (actor: Actor | null): boolean => actor?.role === 'curator' || actor?.role === 'admin';

/**
 * Whose records an actor oversees in the curation queues and the data-quality report: every
 * organisation's (`null`) for curators and admins, or the one they name; an institution's editors
 * their own organisations (or the one of them they name). `undefined`: nobody's.
 */
export function overseenOrganisations(actor: Actor, organisationId: string | null): string[] | null | undefined {
  if (curates(actor)) return organisationId ? [organisationId] : null;
  if (actor.role !== 'institution_editor' || actor.organisationIds.length === 0) return undefined;
  if (!organisationId) return actor.organisationIds;
  return actor.organisationIds.includes(organisationId) ? [organisationId] : undefined;
}

/** Curators and admins edit every resource; editors (and keys) those of their organisations; anyone what they made. */
export function canEditResource(actor: InstitutionActor | null, resource: ResourceOwnership): boolean {
  if (!actor) return false;
  if (actor.role === 'admin' || actor.role === 'curator') return true;
  if (actor.userId !== null && resource.createdBy === actor.userId) return true;
  return (
    actor.role === 'institution_editor' &&
    resource.organisationId !== null &&
    actor.organisationIds.includes(resource.organisationId)
  );
}

/** Who may create a resource for an organisation (null: in their own name, which a key has not). */
export function canCreateResource(actor: InstitutionActor | null, organisationId: string | null): boolean {
  if (!actor) return false;
  if (actor.role === 'admin' || actor.role === 'curator') return true;
  if (organisationId === null) return actor.userId !== null;
  return actor.role === 'institution_editor' && actor.organisationIds.includes(organisationId);
}

/** Who may import files into an organisation's collection, and manage and run its sources. */
export function canImportFor(actor: InstitutionActor | null, organisationId: string | null): boolean {
  if (!actor) return false;
  if (actor.role === 'admin') return true;
  return (
    actor.role === 'institution_editor' && organisationId !== null && actor.organisationIds.includes(organisationId)
  );
}

/**
 * A display name made from an e-mail address's local part ("piet.de-vries@…" → "Piet De-vries"),
 * for accounts that had none: an address is never shown as a name.
 */
export function displayNameFromEmail(email: string): string {
  const local = email
    .split('@')[0]!
    .replace(/[._+]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const name = local
    .split(' ')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
  return name || 'Leergoed-gebruiker';
}

/** Checks a display name: present, short enough, and not an e-mail address. */
export function displayNameProblem(name: string): 'LG_NAME_REQUIRED' | 'LG_NAME_TOO_LONG' | 'LG_NAME_IS_EMAIL' | null {
  const clean = name.trim();
  if (clean.length < 2) return 'LG_NAME_REQUIRED';
  if (clean.length > 100) return 'LG_NAME_TOO_LONG';
  if (/\S+@\S+\.\S+/.test(clean)) return 'LG_NAME_IS_EMAIL';
  return null;
}

/**
 * What remains of a deleted account keeps an address nobody can receive mail at (`.invalid`,
 * RFC 2606), so the real one is free again; `DELETED_ADDRESS_LIKE` finds such accounts.
 */
export const deletedAddress = (userId: string) => `verwijderd-${userId}@users.invalid`;
export const DELETED_ADDRESS_LIKE = 'verwijderd-%@users.invalid';
