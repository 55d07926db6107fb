import type { Kysely } from 'kysely';

/**
 * Self-service accounts: a user's address is verified before they sign in (accounts that exist
 * already were made by an administrator, so theirs count as verified), and single-use tokens for
 * verifying an address, resetting a password and changing an address. Only a token's SHA-256 is
 * stored; the token itself travels only in the mail. School and institution logins (OpenID
 * Connect) link an account by the issuer's subject; an organisation may carry the identifier the
 * login names it by (a school's BRIN, an institution's code). Changes made by administrators are
 * written to an audit log (who, what, when).
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
  await db.schema
    .createTable('user_identity')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_identity_pk', ['issuer', 'subject'])
    .execute();
  await db.schema.createIndex('user_identity_user').on('user_identity').column('user_id').execute();
  await db.schema.alterTable('organisation').addColumn('external_id', 'text').execute();
  await db.schema.createIndex('organisation_external_id').on('organisation').column('external_id').unique().execute();
  await db.schema
    .createTable('audit_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_event_at').on('audit_event').column('at').execute();
}
