import type { Kysely } from 'kysely';
import { selectPresentable } from '../catalogue/rows.ts';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

/** SQL of the sitemaps and the catalogue export (the OAI-PMH provider and LTI have repositories of their own). */
export const publishRepository = {
  async countPublished(db: Db): Promise<number> {
    const row = await db
      .selectFrom('resource')
      .where('status', '=', 'published')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },

  /** The id of the published resource at `offset` in id order (where a sitemap file starts). */
  async publishedIdAt(db: Db, offset: number): Promise<string | undefined> {
    const row = await db
      .selectFrom('resource')
      .where('status', '=', 'published')
      .select('id')
      .orderBy('id')
      .offset(offset)
      .limit(1)
      .executeTakeFirst();
    return row?.id;
  },

  /** Published resources in id order from `first` (inclusive) or after `after`. */
  async publishedFrom(db: Db, from: { first: string } | { after: string }, limit: number) {
    let q = db
      .selectFrom('resource')
      .where('status', '=', 'published')
      .select(['id', 'kind', 'updated_at'])
      .orderBy('id')
      .limit(limit);
    q = 'first' in from ? q.where('id', '>=', from.first) : q.where('id', '>', from.after);
    return q.execute();
  },

  async communitySlugs(db: Db): Promise<string[]> {
    return (await db.selectFrom('community').select('slug').orderBy('slug').execute()).map((c) => c.slug);
  },

  /** A batch of presentable resources after `after` in id order (every status), of one kind or all. */
  async exportBatch(db: Db, after: string, kind: string | null, limit: number) {
    let q = selectPresentable(db.selectFrom('resource')).where('id', '>', after);
    if (kind) q = q.where('kind', '=', kind);
    return q.orderBy('id').limit(limit).execute();
  },

  /** Presentable resources changed after (updated_at, id), oldest first, drafts left out. */
  async changedAfter(db: Db, at: string, id: string, limit: number) {
    // (`<> 'draft'`, not `in (published, withdrawn)`: the datestamp index then serves the order.)
    return (
      selectPresentable(db.selectFrom('resource'))
        .where('status', '<>', 'draft')
        // A row comparison: the index walks on from the cursor (an OR of the two cases would rescan from the start).
        .where((eb) => eb(eb.refTuple('updated_at', 'id'), '>', eb.tuple(at, id)))
        .orderBy('updated_at')
        .orderBy('id')
        .limit(limit)
        .execute()
    );
  },
};
