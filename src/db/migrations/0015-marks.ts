import type { Kysely } from 'kysely';

/**
 * Quality marks (keurmerken): an organisation that an admin lets issue marks defines them and
 * awards them to resources or published lesson versions; an award expires and can be withdrawn.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organisation')
    .addColumn('issues_marks', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('quality_mark')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('criteria_url', 'text', (c) => c.notNull())
    .addColumn('validity_months', 'integer', (c) => c.notNull())
    .addColumn('logo_type', 'text')
    .addColumn('logo', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quality_mark_organisation').on('quality_mark').column('organisation_id').execute();
  await db.schema
    .createTable('mark_award')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mark_id', 'text', (c) => c.notNull().references('quality_mark.id').onDelete('cascade'))
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resource.id').onDelete('cascade'))
    .addColumn('lesson_version', 'integer')
    .addColumn('awarded_by', 'text')
    .addColumn('awarded_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by', 'text')
    .addColumn('withdrawn_reason', 'text')
    .execute();
  await db.schema.createIndex('mark_award_resource').on('mark_award').columns(['resource_id', 'awarded_at']).execute();
  await db.schema.createIndex('mark_award_mark').on('mark_award').column('mark_id').execute();
}
