import type { Kysely } from 'kysely';

/**
 * OAI-PMH: lists walk resources by (updated_at, id), the datestamp order with a stable tie-break;
 * and a harvested source may say what kind its records are when their format does not (an NL-LOM
 * set of heritage objects, a set of lessons).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('resource_datestamp').on('resource').columns(['updated_at', 'id']).execute();
  await db.schema.alterTable('source').addColumn('default_kind', 'text').execute();
}
