import type { Kysely } from 'kysely';

/**
 * Organisations onboard themselves. A membership carries the person's role in that organisation:
 * `editor` (acts for its catalogue, sources and team) or `member` (belongs to it, e.g. a teacher
 * of a school, and edits nothing of it). Memberships that exist already keep what they meant: an
 * institution editor's are `editor`, everyone else's `member`. A school or institution asks for an
 * organisation account (`organisation_application`), which an administrator approves or refuses
 * with a reason; an organisation's editors invite colleagues by mail (`organisation_invitation`,
 * only the token's SHA-256 stored, made when the mail is sent).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('membership')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('editor'))
    .execute();
  await db
    .updateTable('membership')
    .set({ role: 'member' })
    .where('user_id', 'in', (eb: any) =>
      eb.selectFrom('app_user').select('id').where('role', '!=', 'institution_editor'),
    )
    .execute();
  await db.schema
    .createTable('organisation_application')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('applicant_id', 'text', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('website', 'text')
    .addColumn('external_id', 'text')
    .addColumn('motivation', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('decided_at', 'text')
    .addColumn('organisation_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('organisation_application_status')
    .on('organisation_application')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('organisation_application_applicant')
    .on('organisation_application')
    .column('applicant_id')
    .execute();
  await db.schema
    .createTable('organisation_invitation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'text', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('token_hash', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_by', 'text', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('organisation_invitation_token')
    .on('organisation_invitation')
    .column('token_hash')
    .unique()
    .execute();
  await db.schema
    .createIndex('organisation_invitation_organisation')
    .on('organisation_invitation')
    .columns(['organisation_id', 'email'])
    .execute();
}
