import type { Kysely, Selectable } from 'kysely';
import type { Database, QualityCheckTable } from '../db/schema.ts';

type Db = Kysely<Database>;
export type CheckRow = Selectable<QualityCheckTable>;

/** SQL of quality: teachers' ratings and the history of the automatic checks. */
export const qualityRepository = {
  async ratings(db: Db, resourceId: string) {
    return db
      .selectFrom('resource_rating')
      .innerJoin('app_user', 'app_user.id', 'resource_rating.user_id')
      .select([
        'resource_rating.user_id',
        'app_user.name',
        'resource_rating.score',
        'resource_rating.comment',
        'resource_rating.updated_at',
      ])
      .where('resource_rating.resource_id', '=', resourceId)
      .orderBy('resource_rating.updated_at', 'desc')
      .execute();
  },
  /** Adds a teacher's rating or replaces theirs (one per teacher per resource). */
  async upsertRating(
    db: Db,
    row: { resource_id: string; user_id: string; score: number; comment: string | null; now: string },
  ): Promise<void> {
    await db
      .insertInto('resource_rating')
      .values({
        resource_id: row.resource_id,
        user_id: row.user_id,
        score: row.score,
        comment: row.comment,
        created_at: row.now,
        updated_at: row.now,
      })
      .onConflict((oc) =>
        oc
          .columns(['resource_id', 'user_id'])
          .doUpdateSet({ score: row.score, comment: row.comment, updated_at: row.now }),
      )
      .execute();
  },
  async deleteRating(db: Db, resourceId: string, userId: string): Promise<boolean> {
    const result = await db
      .deleteFrom('resource_rating')
      .where('resource_id', '=', resourceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
  async insertChecks(db: Db, rows: CheckRow[]): Promise<void> {
    if (rows.length) await db.insertInto('quality_check').values(rows).execute();
  },
  /** A resource's check runs, newest first (at most `limit`). */
  async checks(db: Db, resourceId: string, limit = 100): Promise<CheckRow[]> {
    return db
      .selectFrom('quality_check')
      .selectAll()
      .where('resource_id', '=', resourceId)
      .orderBy('checked_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  },
  /** Resources changed after a cursor (`updated_at`, then id), oldest first: what the scheduled checks see next. */
  async changedAfter(db: Db, cursor: { at: string; id: string }, limit: number) {
    return db
      .selectFrom('resource')
      .select(['id', 'updated_at'])
      .where((eb) =>
        eb.or([eb('updated_at', '>', cursor.at), eb.and([eb('updated_at', '=', cursor.at), eb('id', '>', cursor.id)])]),
      )
      .orderBy('updated_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  },
  /** Ids of published resources after `after` (id order), for checking the catalogue in batches. */
  async publishedIdsAfter(db: Db, after: string, limit: number): Promise<string[]> {
    const rows = await db
      .selectFrom('resource')
      .select('id')
      .where('status', '=', 'published')
      .where('id', '>', after)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  },
};
