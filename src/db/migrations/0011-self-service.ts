import type { Kysely } from 'kysely';

/**
 * Self-service accounts: a user's address is verified before they sign in (accounts that exist
 * already were made by an administrator, so theirs count as verified), and single-use tokens for
 * verifying an address, resetting a password and changing an address. Only a token's SHA-256 is
 * stored; the token itself travels only in the mail.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app_user').addColumn('email_verified_at', 'text').execute();
  await db
    .updateTable('app_user')
    .set({ email_verified_at: (eb: any) => eb.ref('created_at') })
    .execute();
  await db.schema
    .createTable('account_token')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_token_user').on('account_token').columns(['user_id', 'purpose']).execute();
}
