import type { Kysely } from 'kysely';

/**
 * Quality judgement, first part: teachers' ratings (1 to 5, an optional comment, one per teacher
 * per resource, editable) and the history of the automatic checks per resource (each run of a
 * check adds a line: what it found, when).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('resource_rating')
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resource.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_rating_pk', ['resource_id', 'user_id'])
    .execute();
  await db.schema.createIndex('resource_rating_user').on('resource_rating').column('user_id').execute();
  await db.schema
    .createTable('quality_check')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resource.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('quality_check_resource')
    .on('quality_check')
    .columns(['resource_id', 'kind', 'checked_at'])
    .execute();
}
