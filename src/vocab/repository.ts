import type { Insertable, Kysely } from 'kysely';
import type { Database, VocabularyConceptTable } from '../db/schema.ts';
import { settings } from '../db/settings.ts';

type Db = Kysely<Database>;

/** SQL of the vocabularies: their concepts as seeded into the store, and the hash of what was seeded. */
export const vocabRepository = {
  async storedHash(db: Db): Promise<string | undefined> {
    return settings.read(db, 'vocabulary_hash');
  },

  /** Replaces every concept (inside the caller's transaction) and records the hash of the new set. */
  async replaceConcepts(db: Db, rows: Insertable<VocabularyConceptTable>[], hash: string): Promise<void> {
    await db.deleteFrom('vocabulary_concept').execute();
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('vocabulary_concept')
        .values(rows.slice(i, i + 500))
        .execute();
    await settings.write(db, 'vocabulary_hash', hash);
  },
};
