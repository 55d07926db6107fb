import type { Kysely } from 'kysely';
import type { StoreDialect } from '../dialects/dialect.ts';

/**
 * Security: API keys get scopes (existing keys keep what they could do: read, write records, run
 * harvests); every import run records who started it; uploads are kept until their run completes;
 * failed sign-ins are counted per account for back-off; users whose name was their e-mail address
 * get a name made from its local part, and the published lessons that credited them by address
 * credit that name instead.
 */
export async function up(db: Kysely<any>, dialect: StoreDialect): Promise<void> {
  await db.schema
    .alterTable('api_key')
    .addColumn('scopes', 'text', (c) => c.notNull().defaultTo('["read","records:write","harvests:run"]'))
    .execute();
  await db.schema.alterTable('import_run').addColumn('started_by', 'text').execute();
  await db.schema.alterTable('import_run').addColumn('started_by_key', 'text').execute();
  await db.schema.alterTable('import_run').addColumn('trigger', 'text').execute();
  await db.schema
    .createIndex('import_run_source_started')
    .on('import_run')
    .columns(['source_id', 'started_at'])
    .execute();
  // An uploaded file, kept (gzipped) while its run has not completed, so an interrupted or failed
  // upload can be run again without sending it again.
  await db.schema
    .createTable('import_file')
    .addColumn('run_id', 'text', (c) => c.primaryKey().references('import_run.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bytes', dialect.binaryType as 'blob', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sign_in_failure')
    .addColumn('account', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  const named = (await db
    .selectFrom('app_user')
    .select(['id', 'email', 'name'])
    .where('name', 'like', '%@%')
    .execute()) as { id: string; email: string; name: string }[];
  const renamed = new Map<string, string>();
  for (const user of named) {
    const name = displayNameFromEmail(user.email);
    renamed.set(user.name, name);
    await db.updateTable('app_user').set({ name }).where('id', '=', user.id).execute();
  }
  if (renamed.size === 0) return;
  // Lessons are published as catalogue resources whose creators carry the names at publishing.
  const lessons = (await db
    .selectFrom('resource')
    .select(['id', 'creators'])
    .where('kind', '=', 'lesson')
    .where('creators', 'like', '%@%')
    .execute()) as { id: string; creators: string }[];
  for (const row of lessons) {
    const creators = (JSON.parse(row.creators) as { name: string }[]).map((c) => ({
      ...c,
      name: renamed.get(c.name) ?? c.name,
    }));
    await db
      .updateTable('resource')
      .set({ creators: JSON.stringify(creators) })
      .where('id', '=', row.id)
      .execute();
  }
}

/** A name made from an address's local part (as the accounts capability made it when this migration was written). */
function displayNameFromEmail(email: string): string {
  const local = email
    .split('@')[0]!
    .replace(/[._+]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const name = local
    .split(' ')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
  return name || 'Leergoed-gebruiker';
}
