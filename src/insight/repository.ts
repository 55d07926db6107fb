import type { Insertable, Kysely } from 'kysely';
import type { Database, UsageEventTable } from '../db/schema.ts';

type Db = Kysely<Database>;

/** SQL of usage events: appended, and deleted only after the retention period. */
export const insightRepository = {
  async insertEvent(db: Db, row: Insertable<UsageEventTable>): Promise<void> {
    await db.insertInto('usage_event').values(row).execute();
  },

  /** Deletes the events of days before `day` (YYYY-MM-DD); how many. */
  async deleteEventsBefore(db: Db, day: string): Promise<number> {
    const result = await db.deleteFrom('usage_event').where('occurred_on', '<', day).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
