import type { Kysely } from 'kysely';

/**
 * Teachers' votes on suggested learning objectives: only curators and the owning institution's
 * editors confirm an objective on a resource; anyone else's confirmation is a vote they see.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('objective_vote')
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resource.id').onDelete('cascade'))
    .addColumn('objective_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('vote', 'text', (c) => c.notNull())
    .addColumn('voted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('objective_vote_pk', ['resource_id', 'objective_id', 'user_id'])
    .execute();
  await db.schema.createIndex('objective_vote_user').on('objective_vote').column('user_id').execute();
}
