import type { Kysely } from 'kysely';

/**
 * Communities (subject communities and regional networks): their members with a role, their shared
 * collection of catalogue resources, and their discussions (threads of posts). A resource in a
 * community's collection is in that community's OAI-PMH set.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('community')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('subjects', 'text', (c) => c.notNull())
    .addColumn('levels', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('community_member')
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('community_member_pk', ['community_id', 'user_id'])
    .execute();
  await db.schema.createIndex('community_member_user').on('community_member').column('user_id').execute();
  await db.schema
    .createTable('community_item')
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id').onDelete('cascade'))
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resource.id'))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('community_item_pk', ['community_id', 'resource_id'])
    .execute();
  // The communities a page of OAI-PMH records is in, and a community's collection newest first.
  await db.schema
    .createIndex('community_item_resource')
    .on('community_item')
    .columns(['resource_id', 'community_id'])
    .execute();
  await db.schema
    .createIndex('community_item_added')
    .on('community_item')
    .columns(['community_id', 'added_at'])
    .execute();
  await db.schema
    .createTable('community_thread')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.references('resource.id'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_post_at', 'text', (c) => c.notNull())
    .addColumn('post_count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('community_thread_recent')
    .on('community_thread')
    .columns(['community_id', 'last_post_at'])
    .execute();
  await db.schema
    .createTable('community_post')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('community_thread.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('removed_at', 'text')
    .addColumn('removed_by', 'text', (c) => c.references('app_user.id'))
    .execute();
  await db.schema
    .createIndex('community_post_thread')
    .on('community_post')
    .columns(['thread_id', 'created_at'])
    .execute();
}
