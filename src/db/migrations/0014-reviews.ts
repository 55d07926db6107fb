import type { Kysely } from 'kysely';

/**
 * Reviews against the published rubric: each names its reviewer, the rubric version and the
 * version of the resource (or lesson) it judged; teachers whom a curator trusts may review.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('resource_review')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resource.id').onDelete('cascade'))
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('rubric_id', 'text', (c) => c.notNull())
    .addColumn('rubric_version', 'integer', (c) => c.notNull())
    .addColumn('lesson_version', 'integer')
    .addColumn('record_modified_at', 'text', (c) => c.notNull())
    .addColumn('scores', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('hidden_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('resource_review_resource')
    .on('resource_review')
    .columns(['resource_id', 'created_at'])
    .execute();
  await db.schema.createIndex('resource_review_reviewer').on('resource_review').column('reviewer_id').execute();
  await db.schema
    .createTable('reviewer_trust')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('app_user.id').onDelete('cascade'))
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .execute();
}
