import type { Kysely } from 'kysely';
import type { Item } from './schema.ts';
import type { Community } from './schema.ts';
import type { Static } from 'typebox';
import type { Actor } from '../accounts/model.ts';
import { AppError, badRequest, forbidden, notFound, unauthenticated } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { ResourceView } from '../catalogue/view.ts';
import type { Database } from '../db/schema.ts';
import {
  text,
  encodeCursor,
  decodeCursor,
  COMMUNITY_KINDS,
  LIMITS,
  MEMBER_ROLES,
  SLUG,
  canContribute,
  canModerate,
  canReadDiscussions,
  canRemoveOwn,
  slugOf,
  type CommunityKind,
  type MemberRole,
  type Standing,
} from './model.ts';
import { communityRepository as repo, type CommunityListRow, type CommunityRow, type ItemRow } from './repository.ts';

/** The slugs of the communities whose shared collection holds each resource (for OAI-PMH sets), read in `db`. */
export function communitiesOf(db: Kysely<Database>, resourceIds: string[]): Promise<Map<string, string[]>> {
  return repo.communitiesOf(db, resourceIds);
}

export interface CommunityInput {
  kind: CommunityKind;
  name: string;
  description: string;
  subjects: string[];
  levels: string[];
  region: string | null;
  /** Made from the name when absent. */
  slug?: string;
}

/** A community as the API shows it (the type of its schema). */
export type CommunityView = Static<typeof Community>;

/** An item of a community's collection as the API shows it (its resource as the catalogue presents it). */
export type ItemView = Omit<Static<typeof Item>, 'resource'> & { resource: ResourceView };

/** Subject communities and regional networks: members, shared collections, discussions. */
export class CommunityService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalogue: CatalogueService,
  ) {}

  /** Whether a community has this slug. */
  slugTaken(slug: string): Promise<boolean> {
    return repo.slugTaken(this.db, slug);
  }

  setSpec(id: string): string {
    return `community:${id}`;
  }

  private view(row: CommunityListRow, myRole: MemberRole | null): CommunityView {
    return {
      id: row.id,
      slug: row.slug,
      kind: row.kind as CommunityKind,
      name: row.name,
      description: row.description,
      subjects: this.catalogue.labelled(['subject'], JSON.parse(row.subjects) as string[]),
      levels: this.catalogue.labelled(['level'], JSON.parse(row.levels) as string[]),
      region: row.region,
      counts: { members: row.members, items: row.items, threads: row.threads },
      setSpec: this.setSpec(row.id),
      createdAt: row.created_at,
      myRole,
    };
  }

  private async rolesOf(actor: Actor | null): Promise<Map<string, MemberRole>> {
    if (!actor) return new Map();
    return new Map(
      (await repo.membershipsOf(this.db, actor.userId)).map((m) => [m.community_id, m.role as MemberRole]),
    );
  }

  /** Communities by name: all, of one kind, the asking user's, or those whose collection holds a resource. */
  async list(
    actor: Actor | null,
    filter: { kind?: CommunityKind; mine?: boolean; resource?: string } = {},
  ): Promise<CommunityView[]> {
    if (filter.mine && !actor) throw unauthenticated();
    const roles = await this.rolesOf(actor);
    let ids = filter.mine ? [...roles.keys()] : undefined;
    if (filter.resource !== undefined) {
      const holding = (await repo.communitiesOf(this.db, [filter.resource])).get(filter.resource) ?? [];
      ids = ids ? ids.filter((id) => holding.includes(id)) : holding;
    }
    const rows = await repo.list(this.db, { kind: filter.kind, ids });
    return rows.map((row) => this.view(row, roles.get(row.id) ?? null));
  }

  /** A community and the asking user's standing in it; 404 when there is none by that slug. */
  /** A community by slug with the actor's standing in it (404 when it does not exist). */
  async find(slug: string, actor: Actor | null): Promise<{ row: CommunityRow; standing: Standing }> {
    const row = await repo.findBySlug(this.db, slug);
    if (!row) throw notFound('Community', slug);
    const role = actor ? ((await repo.roleOf(this.db, row.id, actor.userId)) as MemberRole | null) : null;
    return { row, standing: { actor, role } };
  }

  async get(slug: string, actor: Actor | null): Promise<CommunityView> {
    const { row, standing } = await this.find(slug, actor);
    const [listed] = await repo.list(this.db, { ids: [row.id] });
    return this.view(listed!, standing.role);
  }

  private validate(input: CommunityInput): Omit<CommunityInput, 'slug'> {
    if (!COMMUNITY_KINDS.includes(input.kind))
      throw badRequest('LG_VALIDATION', `kind must be one of ${COMMUNITY_KINDS.join(', ')}.`, { field: 'kind' });
    const region = text('region', input.region, LIMITS.region) || null;
    if (input.kind === 'regional' && !region)
      throw badRequest('LG_VALIDATION', 'A regional network names its region.', { field: 'region' });
    return {
      kind: input.kind,
      name: text('name', input.name, LIMITS.name, 3),
      description: text('description', input.description, LIMITS.description),
      subjects: this.catalogue.checkConcepts('subjects', ['subject'], input.subjects),
      levels: this.catalogue.checkConcepts('levels', ['level'], input.levels),
      region,
    };
  }

  /** Starts a community; its maker is its first moderator. */
  async create(actor: Actor | null, input: CommunityInput): Promise<CommunityView> {
    if (!actor) throw unauthenticated();
    const valid = this.validate(input);
    const slug = input.slug?.trim() || slugOf(valid.name);
    if (!SLUG.test(slug))
      throw badRequest('LG_VALIDATION', 'slug needs 3 to 60 lower-case letters, digits and single hyphens.', {
        field: 'slug',
      });
    const now = nowIso();
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      if (await repo.slugTaken(trx, slug))
        throw new AppError('LG_SLUG_TAKEN', 409, `There is a community at ${slug} already; choose another slug.`, {
          field: 'slug',
        });
      await repo.insert(trx, {
        id,
        slug,
        kind: valid.kind,
        name: valid.name,
        description: valid.description,
        subjects: JSON.stringify(valid.subjects),
        levels: JSON.stringify(valid.levels),
        region: valid.region,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      });
      await repo.setMember(trx, id, actor.userId, 'moderator', now);
    });
    return this.get(slug, actor);
  }

  /** Changes name, description, subjects, levels or region (moderators). The slug and kind stay. */
  async update(
    actor: Actor | null,
    slug: string,
    patch: Partial<Omit<CommunityInput, 'slug' | 'kind'>>,
  ): Promise<CommunityView> {
    const { row, standing } = await this.find(slug, actor);
    if (!canModerate(standing)) throw forbidden("Only the community's moderators may change it.");
    const current: CommunityInput = {
      kind: row.kind as CommunityKind,
      name: row.name,
      description: row.description,
      subjects: JSON.parse(row.subjects) as string[],
      levels: JSON.parse(row.levels) as string[],
      region: row.region,
    };
    const valid = this.validate({
      ...current,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    });
    await repo.update(this.db, row.id, {
      name: valid.name,
      description: valid.description,
      subjects: JSON.stringify(valid.subjects),
      levels: JSON.stringify(valid.levels),
      region: valid.region,
      updated_at: nowIso(),
    });
    return this.get(slug, actor);
  }

  /** Joins a community as a member (communities are open to every signed-in user). */
  async join(actor: Actor | null, slug: string): Promise<CommunityView> {
    if (!actor) throw unauthenticated();
    const { row, standing } = await this.find(slug, actor);
    if (standing.role === null) await repo.setMember(this.db, row.id, actor.userId, 'member', nowIso());
    return this.get(slug, actor);
  }

  /** Leaves a community, or (moderators) removes a member. The last moderator stays while others remain. */
  async removeMember(actor: Actor | null, slug: string, userId: string): Promise<void> {
    if (!actor) throw unauthenticated();
    const { row, standing } = await this.find(slug, actor);
    if (userId !== actor.userId && !canModerate(standing)) throw forbidden('Only moderators may remove other members.');
    await this.db.transaction().execute(async (trx) => {
      const role = await repo.roleOf(trx, row.id, userId);
      if (role === null) throw notFound('Member', userId);
      if (
        role === 'moderator' &&
        (await repo.countModerators(trx, row.id)) === 1 &&
        (await repo.countMembers(trx, row.id)) > 1
      ) {
        throw new AppError(
          'LG_LAST_MODERATOR',
          409,
          'The last moderator cannot leave while there are members; make another member moderator first.',
        );
      }
      await repo.removeMember(trx, row.id, userId);
    });
  }

  /** Makes a member moderator or member (moderators); a community keeps at least one moderator. */
  async setRole(actor: Actor | null, slug: string, userId: string, role: MemberRole): Promise<void> {
    const { row, standing } = await this.find(slug, actor);
    if (!canModerate(standing)) throw forbidden('Only moderators may change roles.');
    if (!MEMBER_ROLES.includes(role))
      throw badRequest('LG_VALIDATION', `role must be one of ${MEMBER_ROLES.join(', ')}.`, { field: 'role' });
    await this.db.transaction().execute(async (trx) => {
      const current = await repo.roleOf(trx, row.id, userId);
      if (current === null) throw notFound('Member', userId);
      if (current === 'moderator' && role === 'member' && (await repo.countModerators(trx, row.id)) === 1) {
        throw new AppError(
          'LG_LAST_MODERATOR',
          409,
          'A community keeps at least one moderator; make another member moderator first.',
        );
      }
      await repo.setMember(trx, row.id, userId, role, nowIso());
    });
  }

  /** The members by role and name (members and platform moderators only). */
  async members(
    actor: Actor | null,
    slug: string,
  ): Promise<{ id: string; name: string; role: MemberRole; joinedAt: string }[]> {
    const { row, standing } = await this.find(slug, actor);
    if (!canReadDiscussions(standing))
      throw actor ? forbidden('Join the community to see its members.') : unauthenticated();
    return (await repo.members(this.db, row.id)).map((m) => ({
      id: m.user_id,
      name: m.name,
      role: m.role as MemberRole,
      joinedAt: m.joined_at,
    }));
  }

  /** A page of the shared collection, most recently added first. Drafts are never shown. */
  async items(
    actor: Actor | null,
    slug: string,
    cursor: string | null,
    limit: number,
  ): Promise<{ items: ItemView[]; nextCursor: string | null }> {
    const { row, standing } = await this.find(slug, actor);
    const after = cursor === null ? null : decodeCursor(cursor);
    const rows = await repo.items(this.db, row.id, after, limit + 1);
    const page = rows.slice(0, limit);
    const items = await this.itemViews(page, standing);
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.added_at, last.resource_id]) : null };
  }

  /** Collection items as the API shows them; items whose resource is (again) a draft are left out. */
  private async itemViews(rows: ItemRow[], standing: Standing): Promise<ItemView[]> {
    const views = await this.catalogue.getMany(
      rows.map((r) => r.resource_id),
      null,
    );
    const names = await repo.namesOf(
      this.db,
      rows.map((r) => r.added_by),
    );
    return rows.flatMap((r) => {
      const resource = views.get(r.resource_id);
      if (!resource) return [];
      return [
        {
          resource,
          note: r.note,
          addedBy: { id: r.added_by, name: names.get(r.added_by) ?? '' },
          addedAt: r.added_at,
          mayRemove: canRemoveOwn(standing, r.added_by),
        },
      ];
    });
  }

  /**
   * Adds a published resource to the collection (members). The resource gets a new datestamp: it is
   * now in one more OAI-PMH set, and harvesters of that set must see it.
   */
  async addItem(actor: Actor | null, slug: string, resourceId: string, note: string | null): Promise<ItemView> {
    const { row, standing } = await this.find(slug, actor);
    if (!canContribute(standing))
      throw actor ? forbidden('Join the community to add to its collection.') : unauthenticated();
    const cleanNote = text('note', note, LIMITS.note);
    const item: ItemRow = {
      community_id: row.id,
      resource_id: resourceId,
      note: cleanNote,
      added_by: standing.actor!.userId,
      added_at: nowIso(),
    };
    await this.db.transaction().execute(async (trx) => {
      const status = await this.catalogue.statusWithin(trx, resourceId);
      if (!status || status === 'draft') throw notFound('Resource', resourceId);
      if (status === 'withdrawn')
        throw new AppError('LG_WITHDRAWN', 409, 'This resource was withdrawn and cannot be added.');
      const added = await repo.addItem(trx, item);
      if (!added)
        throw new AppError('LG_ALREADY_IN_COLLECTION', 409, "This resource is in the community's collection already.");
      await this.catalogue.stampWithin(trx, resourceId, item.added_at);
    });
    this.catalogue.touched([resourceId]);
    return (await this.itemViews([item], standing))[0]!;
  }

  /** Takes a resource out of the collection (who added it, or a moderator); it gets a new datestamp. */
  async removeItem(actor: Actor | null, slug: string, resourceId: string): Promise<void> {
    if (!actor) throw unauthenticated();
    const { row, standing } = await this.find(slug, actor);
    await this.db.transaction().execute(async (trx) => {
      const item = await repo.findItem(trx, row.id, resourceId);
      if (!item) throw notFound('Collection item', resourceId);
      if (!canRemoveOwn(standing, item.added_by))
        throw forbidden('Only who added it, or a moderator, may take it out.');
      await repo.removeItem(trx, row.id, resourceId);
      await this.catalogue.stampWithin(trx, resourceId, nowIso());
    });
    this.catalogue.touched([resourceId]);
  }
}
