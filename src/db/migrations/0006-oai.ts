import type { Kysely } from 'kysely';

/** OAI-PMH lists walk resources by (updated_at, id): the datestamp order, with a stable tie-break. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('resource_datestamp').on('resource').columns(['updated_at', 'id']).execute();
}
