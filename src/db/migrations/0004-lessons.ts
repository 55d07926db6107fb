import type { Kysely } from 'kysely';

/**
 * Lessons: the draft a teacher edits (one JSON document, saved whole with a revision number), the
 * immutable published versions, and which resources each lesson's latest version uses (for "used
 * in lessons" and for withdrawn items). See ADR 0011.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lesson')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('draft', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('forked_from', 'text', (c) => c.references('lesson.id'))
    .addColumn('forked_from_version', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .execute();
  await db.schema.createIndex('lesson_owner').on('lesson').columns(['owner_id', 'updated_at']).execute();
  await db.schema.createIndex('lesson_forked_from').on('lesson').column('forked_from').execute();

  await db.schema
    .createTable('lesson_version')
    .addColumn('lesson_id', 'text', (c) => c.notNull().references('lesson.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('change_note', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lesson_version_pk', ['lesson_id', 'version'])
    .execute();

  await db.schema
    .createTable('lesson_resource')
    .addColumn('lesson_id', 'text', (c) => c.notNull().references('lesson.id').onDelete('cascade'))
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lesson_resource_pk', ['lesson_id', 'resource_id'])
    .execute();
  await db.schema.createIndex('lesson_resource_by_resource').on('lesson_resource').column('resource_id').execute();
}
