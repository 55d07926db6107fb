import type { Kysely } from 'kysely';

/**
 * An institution's or a collection's resources in datestamp order (their OAI-PMH sets), from an
 * index instead of a walk through everyone's: (organisation_id, updated_at, id) replaces the index
 * on organisation_id alone, which it also serves; (source_id, updated_at, id) is new.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('resource_source_datestamp')
    .on('resource')
    .columns(['source_id', 'updated_at', 'id'])
    .execute();
  await db.schema
    .createIndex('resource_organisation_datestamp')
    .on('resource')
    .columns(['organisation_id', 'updated_at', 'id'])
    .execute();
  await db.schema.dropIndex('resource_organisation').execute();
}
