import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  CommunityItemTable,
  CommunityPostTable,
  CommunityTable,
  CommunityThreadTable,
  Database,
} from '../db/schema.ts';

export type CommunityRow = Selectable<CommunityTable>;
export type ItemRow = Selectable<CommunityItemTable>;
export type ThreadRow = Selectable<CommunityThreadTable>;
export type PostRow = Selectable<CommunityPostTable>;
type Db = Kysely<Database>;

export interface CommunityListRow extends CommunityRow {
  members: number;
  items: number;
  threads: number;
}

/** SQL of communities, their members, collections and discussions. */
export const communityRepository = {
  async insert(db: Db, row: CommunityRow): Promise<void> {
    await db.insertInto('community').values(row).execute();
  },
  async update(
    db: Db,
    id: string,
    values: Partial<Omit<CommunityRow, 'id' | 'slug' | 'created_by' | 'created_at'>>,
  ): Promise<void> {
    await db.updateTable('community').set(values).where('id', '=', id).execute();
  },
  async findBySlug(db: Db, slug: string): Promise<CommunityRow | undefined> {
    return db.selectFrom('community').selectAll().where('slug', '=', slug).executeTakeFirst();
  },
  async slugTaken(db: Db, slug: string): Promise<boolean> {
    return (await db.selectFrom('community').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
  },

  /** Communities with their counts, busiest first; only those with `ids` when given. */
  async list(db: Db, filter: { kind?: string; ids?: string[] }): Promise<CommunityListRow[]> {
    if (filter.ids && filter.ids.length === 0) return [];
    const rows = await db
      .selectFrom('community as c')
      .selectAll('c')
      .select([
        sql<number>`(select count(*) from community_member m where m.community_id = c.id)`.as('members'),
        sql<number>`(select count(*) from community_item i where i.community_id = c.id)`.as('items'),
        sql<number>`(select count(*) from community_thread t where t.community_id = c.id)`.as('threads'),
      ])
      .$if(filter.kind !== undefined, (q) => q.where('c.kind', '=', filter.kind!))
      .$if(filter.ids !== undefined, (q) => q.where('c.id', 'in', filter.ids!))
      .orderBy('c.name')
      .execute();
    return rows.map((r) => ({ ...r, members: Number(r.members), items: Number(r.items), threads: Number(r.threads) }));
  },

  async roleOf(db: Db, communityId: string, userId: string): Promise<string | null> {
    const row = await db
      .selectFrom('community_member')
      .select('role')
      .where('community_id', '=', communityId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.role ?? null;
  },
  /** The communities a user is in, with the role. */
  async membershipsOf(db: Db, userId: string): Promise<{ community_id: string; role: string }[]> {
    return db.selectFrom('community_member').select(['community_id', 'role']).where('user_id', '=', userId).execute();
  },
  async setMember(db: Db, communityId: string, userId: string, role: string, now: string): Promise<void> {
    await db
      .insertInto('community_member')
      .values({ community_id: communityId, user_id: userId, role, joined_at: now })
      .onConflict((oc) => oc.columns(['community_id', 'user_id']).doUpdateSet({ role }))
      .execute();
  },
  async removeMember(db: Db, communityId: string, userId: string): Promise<void> {
    await db
      .deleteFrom('community_member')
      .where('community_id', '=', communityId)
      .where('user_id', '=', userId)
      .execute();
  },
  async countMembers(db: Db, communityId: string): Promise<number> {
    const row = await db
      .selectFrom('community_member')
      .select(sql<number>`count(*)`.as('n'))
      .where('community_id', '=', communityId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },
  /** Every post of a thread, removed ones included (they keep their place). */
  async countPosts(db: Db, threadId: string): Promise<number> {
    const row = await db
      .selectFrom('community_post')
      .select(sql<number>`count(*)`.as('n'))
      .where('thread_id', '=', threadId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },
  async countModerators(db: Db, communityId: string): Promise<number> {
    const row = await db
      .selectFrom('community_member')
      .select(sql<number>`count(*)`.as('n'))
      .where('community_id', '=', communityId)
      .where('role', '=', 'moderator')
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },
  /** Members by role (moderators first), then name; names only, never e-mail addresses. */
  async members(
    db: Db,
    communityId: string,
  ): Promise<{ user_id: string; name: string; role: string; joined_at: string }[]> {
    return db
      .selectFrom('community_member as m')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'u.name', 'm.role', 'm.joined_at'])
      .where('m.community_id', '=', communityId)
      .orderBy(sql`case when m.role = 'moderator' then 0 else 1 end`)
      .orderBy('u.name')
      .orderBy('m.user_id')
      .execute();
  },
  async namesOf(db: Db, userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('app_user')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(userIds)])
      .execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  },

  /** Adds an item; false when the resource was in the collection already. */
  async addItem(db: Db, row: ItemRow): Promise<boolean> {
    const result = await db
      .insertInto('community_item')
      .values(row)
      .onConflict((oc) => oc.columns(['community_id', 'resource_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },
  async findItem(db: Db, communityId: string, resourceId: string): Promise<ItemRow | undefined> {
    return db
      .selectFrom('community_item')
      .selectAll()
      .where('community_id', '=', communityId)
      .where('resource_id', '=', resourceId)
      .executeTakeFirst();
  },
  async updateItemNote(db: Db, communityId: string, resourceId: string, note: string): Promise<void> {
    await db
      .updateTable('community_item')
      .set({ note })
      .where('community_id', '=', communityId)
      .where('resource_id', '=', resourceId)
      .execute();
  },
  async removeItem(db: Db, communityId: string, resourceId: string): Promise<void> {
    await db
      .deleteFrom('community_item')
      .where('community_id', '=', communityId)
      .where('resource_id', '=', resourceId)
      .execute();
  },
  /** A page of a collection, most recently added first, after the position (added_at, resource id) given. */
  async items(db: Db, communityId: string, after: [string, string] | null, limit: number): Promise<ItemRow[]> {
    return db
      .selectFrom('community_item')
      .selectAll()
      .where('community_id', '=', communityId)
      .$if(after !== null, (q) =>
        q.where((eb) => eb(eb.refTuple('added_at', 'resource_id'), '<', eb.tuple(after![0], after![1]))),
      )
      .orderBy('added_at', 'desc')
      .orderBy('resource_id', 'desc')
      .limit(limit)
      .execute();
  },
  /** The communities each of these resources is in (for OAI-PMH headers and resource pages). */
  async communitiesOf(db: Db, resourceIds: string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (resourceIds.length === 0) return map;
    const rows = await db
      .selectFrom('community_item')
      .select(['resource_id', 'community_id'])
      .where('resource_id', 'in', resourceIds)
      .orderBy('community_id')
      .execute();
    for (const row of rows) {
      const list = map.get(row.resource_id);
      if (list) list.push(row.community_id);
      else map.set(row.resource_id, [row.community_id]);
    }
    return map;
  },

  async insertThread(db: Db, row: ThreadRow): Promise<void> {
    await db.insertInto('community_thread').values(row).execute();
  },
  async findThread(db: Db, id: string): Promise<ThreadRow | undefined> {
    return db.selectFrom('community_thread').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** A page of discussions, most recently active first, after the position (last post, id) given. */
  async threads(
    db: Db,
    communityId: string,
    resourceId: string | null,
    after: [string, string] | null,
    limit: number,
  ): Promise<ThreadRow[]> {
    return db
      .selectFrom('community_thread')
      .selectAll()
      .where('community_id', '=', communityId)
      .$if(resourceId !== null, (q) => q.where('resource_id', '=', resourceId))
      .$if(after !== null, (q) =>
        q.where((eb) => eb(eb.refTuple('last_post_at', 'id'), '<', eb.tuple(after![0], after![1]))),
      )
      .orderBy('last_post_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  },
  /** Recounts a thread's posts and its latest post's time. */
  async refreshThread(db: Db, threadId: string): Promise<void> {
    const row = await db
      .selectFrom('community_post')
      .select([sql<number>`count(*)`.as('n'), sql<string | null>`max(created_at)`.as('last')])
      .where('thread_id', '=', threadId)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    const values: { post_count: number; last_post_at?: string } = { post_count: Number(row?.n ?? 0) };
    if (row?.last) values.last_post_at = row.last;
    await db.updateTable('community_thread').set(values).where('id', '=', threadId).execute();
  },

  async insertPost(db: Db, row: PostRow): Promise<void> {
    await db.insertInto('community_post').values(row).execute();
  },
  async findPost(db: Db, id: string): Promise<PostRow | undefined> {
    return db.selectFrom('community_post').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async updatePost(
    db: Db,
    id: string,
    values: Partial<Pick<PostRow, 'body' | 'edited_at' | 'removed_at' | 'removed_by'>>,
  ): Promise<void> {
    await db.updateTable('community_post').set(values).where('id', '=', id).execute();
  },
  async posts(db: Db, threadId: string): Promise<PostRow[]> {
    return db
      .selectFrom('community_post')
      .selectAll()
      .where('thread_id', '=', threadId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },
};
