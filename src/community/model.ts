import { badRequest } from '../kernel/errors.ts';
import type { Actor } from '../accounts/model.ts';

/** Subject communities (a vak, often per sector) and regional networks (schools of a region). */
export const COMMUNITY_KINDS = ['subject', 'regional'] as const;
export type CommunityKind = (typeof COMMUNITY_KINDS)[number];

/** A member reads and writes; a moderator also manages members, the collection and discussions. */
export const MEMBER_ROLES = ['member', 'moderator'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const LIMITS = {
  name: 120,
  description: 4000,
  region: 120,
  note: 1000,
  threadTitle: 200,
  post: 20_000,
  /** Items of a collection and threads per page. */
  page: 100,
} as const;

/** A slug: lower-case letters, digits and single hyphens, 3 to 60 characters. */
export const SLUG = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,59}$/;

/** A slug made from a name: "Geschiedenis vo (onderbouw)" → "geschiedenis-vo-onderbouw". */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** What the rules need to know of someone's place in a community. */
export interface Standing {
  actor: Actor | null;
  /** The actor's role in the community, null when not a member. */
  role: MemberRole | null;
}

/** Admins and curators look after every community, as platform-wide moderators. */
function platformModerator(actor: Actor | null): boolean {
  return actor?.role === 'admin' || actor?.role === 'curator';
}

export function canModerate({ actor, role }: Standing): boolean {
  return role === 'moderator' || platformModerator(actor);
}

/** Discussions and the member list are for members (and moderators of the platform). */
export function canReadDiscussions(standing: Standing): boolean {
  return standing.role !== null || platformModerator(standing.actor);
}

/** Members add to the collection and write in discussions. */
export function canContribute(standing: Standing): boolean {
  return standing.actor !== null && (standing.role !== null || platformModerator(standing.actor));
}

/** Who added an item, or wrote a post, may take it back; moderators may take anything back. */
export function canRemoveOwn(standing: Standing, authorId: string): boolean {
  return standing.actor?.userId === authorId || canModerate(standing);
}

/** Posts one thread holds; a discussion that long starts a new thread. */
export const MAX_POSTS = 1000;

export const text = (field: string, value: string | null | undefined, max: number, min = 0): string => {
  const trimmed = (value ?? '').trim();
  if (trimmed.length < min) throw badRequest('LG_VALIDATION', `${field} needs at least ${min} characters.`, { field });
  if (trimmed.length > max)
    throw badRequest('LG_VALIDATION', `${field} may have at most ${max} characters.`, { field });
  return trimmed;
};

export function encodeCursor(position: [string, string]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string'))
      return value as [string, string];
  } catch {
    /* below */
  }
  throw badRequest('LG_BAD_CURSOR', 'This cursor is not one this list gave out.', { field: 'cursor' });
}
