import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** The store's own key–value settings (the analysis version, the vocabulary hash, the demo marker). */
export const settings = {
  async read(db: Kysely<Database>, key: string): Promise<string | undefined> {
    return (await db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst())?.value;
  },

  async write(db: Kysely<Database>, key: string, value: string): Promise<void> {
    await db
      .insertInto('setting')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  },
};
