import type { Insertable, Kysely } from 'kysely';
import type { Database, VocabularyConceptTable } from '../db/schema.ts';

type Db = Kysely<Database>;

/** SQL of the vocabularies: their concepts as seeded into the store, and the hash of what was seeded. */
export const vocabRepository = {
  async storedHash(db: Db): Promise<string | undefined> {
    return (await db.selectFrom('setting').select('value').where('key', '=', 'vocabulary_hash').executeTakeFirst())
      ?.value;
  },

  /** Replaces every concept (inside the caller's transaction) and records the hash of the new set. */
  async replaceConcepts(db: Db, rows: Insertable<VocabularyConceptTable>[], hash: string): Promise<void> {
    await db.deleteFrom('vocabulary_concept').execute();
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('vocabulary_concept')
        .values(rows.slice(i, i + 500))
        .execute();
    await db.deleteFrom('setting').where('key', '=', 'vocabulary_hash').execute();
    await db.insertInto('setting').values({ key: 'vocabulary_hash', value: hash }).execute();
  },
};
