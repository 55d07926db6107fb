import type { Kysely } from 'kysely';

/**
 * The curation workspace: suggested learning objectives kept per resource (so a queue can list and
 * filter them), problems teachers report on a resource, and which reviews a curator has looked at.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('objective_suggestion')
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resource.id').onDelete('cascade'))
    .addColumn('objective_id', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('matched_words', 'text', (c) => c.notNull())
    .addColumn('suggested_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('objective_suggestion_pk', ['resource_id', 'objective_id'])
    .execute();
  await db.schema
    .createIndex('objective_suggestion_objective')
    .on('objective_suggestion')
    .columns(['objective_id', 'score'])
    .execute();
  await db.schema
    .createTable('problem_report')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resource.id').onDelete('cascade'))
    .addColumn('reporter_id', 'text', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('handled_by', 'text', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('handled_at', 'text')
    .addColumn('handled_note', 'text')
    .execute();
  await db.schema.createIndex('problem_report_status').on('problem_report').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('problem_report_resource').on('problem_report').column('resource_id').execute();
  await db.schema.createIndex('problem_report_reporter').on('problem_report').column('reporter_id').execute();
  await db.schema.alterTable('resource_review').addColumn('moderated_by', 'text').execute();
  await db.schema.alterTable('resource_review').addColumn('moderated_at', 'text').execute();
}
