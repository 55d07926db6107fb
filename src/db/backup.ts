import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { migrateToLatest, migrateUpTo, migrationState, type Store } from './store.ts';

/**
 * The tables a backup holds, in an order that satisfies every foreign key on restore. What is not
 * here is derived and rebuilt after a restore (filter terms, the search index and its dictionary),
 * transient (failed sign-in counts), or the migrator's own.
 */
export const BACKUP_TABLES = [
  'setting',
  'organisation',
  'app_user',
  'membership',
  'user_identity',
  'account_token',
  'audit_event',
  'organisation_application',
  'organisation_invitation',
  'session',
  'api_key',
  'source',
  'import_run',
  'import_issue',
  'import_file',
  'vocabulary_concept',
  'resource',
  'objective_decision',
  'objective_vote',
  'objective_suggestion',
  'resource_rating',
  'quality_check',
  'reviewer_trust',
  'resource_review',
  'problem_report',
  'quality_mark',
  'mark_award',
  'lesson',
  'lesson_version',
  'lesson_resource',
  'lti_platform',
  'lti_key',
  'lti_login',
  'lti_deep_link',
  'community',
  'community_member',
  'community_item',
  'community_thread',
  'community_post',
  'usage_event',
  'job',
] as const satisfies readonly (keyof Database)[];

/** Tables left out on purpose (see BACKUP_TABLES), by name or by prefix (a search engine's own tables). */
const LEFT_OUT = [
  /^kysely_migration/,
  /^resource_term$/,
  /^resource_fts/,
  /^resource_search/,
  /^search_term/,
  /^sign_in_failure$/,
];

export const BACKUP_FORMAT = 'leergoed-backup';
export const BACKUP_VERSION = 1;

/** What a backup says of itself in its first line. */
export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  store: string;
  /** The migrations the store had: a restore brings a new store to the same schema before loading. */
  migrations: string[];
}

/** What a backup or restore did: rows per table. */
export type TableCounts = Record<string, number>;

/** Thrown when a backup file is not one, is damaged, or does not fit the store it is restored into. */
export class BackupError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const BATCH = 500;

/** JSON of a row: binary values as `{ "$bytes": base64 }`. */
function encodeRow(row: Record<string, unknown>): string {
  return JSON.stringify(row, (_key, value) =>
    value && typeof value === 'object' && value.type === 'Buffer' && Array.isArray(value.data)
      ? { $bytes: Buffer.from(value.data).toString('base64') }
      : value,
  );
}

function decodeRow(line: string): Record<string, unknown> {
  return JSON.parse(line, (_key, value) =>
    value && typeof value === 'object' && typeof value.$bytes === 'string'
      ? Buffer.from(value.$bytes, 'base64')
      : value,
  );
}

/**
 * Writes a consistent backup of the store to `file` while it serves: every table read in one
 * snapshot (a repeatable-read transaction on PostgreSQL, a WAL read transaction on SQLite), as
 * gzipped JSON Lines that either store can restore. The file appears only when complete.
 */
export async function backupStore(
  store: Store,
  file: string,
  onTable?: (table: string, rows: number) => void,
): Promise<TableCounts> {
  const tables = await store.dialect.listTables(store.db);
  const unknown = tables.filter(
    (t) => !(BACKUP_TABLES as readonly string[]).includes(t) && !LEFT_OUT.some((p) => p.test(t)),
  );
  if (unknown.length > 0)
    throw new BackupError(
      'LG_BACKUP_UNKNOWN_TABLE',
      `The store has tables the backup does not know: ${unknown.join(', ')}. Nothing was written.`,
    );
  const { applied } = await migrationState(store);
  const partial = `${file}.partial`;
  const gzip = createGzip({ level: 6 });
  const out = gzip.pipe(createWriteStream(partial));
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await new Promise((resolve) => gzip.once('drain', resolve));
  };
  const counts: TableCounts = {};
  try {
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      store: store.dialect.name,
      migrations: applied,
    };
    await write(JSON.stringify(header));
    await store.dialect.readSnapshot(store.db, async (trx) => {
      for (const table of BACKUP_TABLES) {
        await write(JSON.stringify({ table }));
        let rows = 0;
        for await (const batch of store.dialect.scanTable(trx, table, BATCH)) {
          for (const row of batch) await write(encodeRow(row));
          rows += batch.length;
          onTable?.(table, rows);
        }
        counts[table] = rows;
      }
    });
    await write(JSON.stringify({ end: true, counts }));
    gzip.end();
    await finished(out);
    await rename(partial, file);
    return counts;
  } catch (error) {
    gzip.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

/** Whether the store holds anything a person made (it must not, to be restored into). */
async function holdsData(db: Kysely<Database>, tables: string[]): Promise<string | null> {
  for (const table of ['app_user', 'resource', 'organisation', 'lesson', 'source'] as const) {
    if (!tables.includes(table)) continue;
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.lit(1).as('one'))
      .limit(1)
      .executeTakeFirst();
    if (row) return table;
  }
  return null;
}

/**
 * Restores a backup into an empty store (of either kind): brings it to the backup's schema, loads
 * every table in one transaction (a failed restore leaves the store empty), then migrates to this
 * version and rebuilds what is derived (`rebuild`, e.g. the search index). Returns the rows per table.
 */
export async function restoreStore(
  store: Store,
  file: string,
  rebuild: () => Promise<void>,
  onTable?: (table: string, rows: number) => void,
): Promise<TableCounts> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })[
    Symbol.asyncIterator
  ]();
  const next = async () => {
    try {
      const { value, done } = await lines.next();
      return done ? null : (value as string);
    } catch (error) {
      throw new BackupError('LG_BACKUP_DAMAGED', `The backup could not be read: ${(error as Error).message}`);
    }
  };
  const first = await next();
  let header: BackupHeader;
  try {
    header = JSON.parse(first ?? '') as BackupHeader;
  } catch {
    throw new BackupError('LG_BACKUP_NOT_A_BACKUP', `${file} is not a Leergoed backup.`);
  }
  if (header.format !== BACKUP_FORMAT)
    throw new BackupError('LG_BACKUP_NOT_A_BACKUP', `${file} is not a Leergoed backup.`);
  if (header.version > BACKUP_VERSION)
    throw new BackupError(
      'LG_BACKUP_TOO_NEW',
      `The backup was made by a newer version of Leergoed (format ${header.version}).`,
    );
  const last = header.migrations.at(-1);
  if (!last) throw new BackupError('LG_BACKUP_DAMAGED', 'The backup names no migrations.');
  const existing = await store.dialect.listTables(store.db);
  const occupied = await holdsData(store.db, existing);
  if (occupied)
    throw new BackupError(
      'LG_RESTORE_NOT_EMPTY',
      `The store is not empty (it has ${occupied} rows). Restore into a new, empty database.`,
    );
  const { applied } = await migrationState(store);
  if (applied.some((m) => !header.migrations.includes(m)))
    throw new BackupError(
      'LG_RESTORE_NEWER_SCHEMA',
      'The store was migrated further than the backup; restore into a new, empty database.',
    );
  await migrateUpTo(store, last);

  const counts: TableCounts = {};
  await store.db.transaction().execute(async (trx) => {
    // Rows a migration seeds (settings) are replaced by the backup's.
    for (const table of [...BACKUP_TABLES].reverse()) await trx.deleteFrom(table).execute();
    let table: string | null = null;
    let batch: Record<string, unknown>[] = [];
    const flush = async () => {
      if (batch.length === 0 || !table) return;
      await trx
        .insertInto(table as keyof Database)
        .values(batch as never)
        .execute();
      counts[table] = (counts[table] ?? 0) + batch.length;
      onTable?.(table, counts[table]!);
      batch = [];
    };
    for (let line = await next(); line !== null; line = await next()) {
      if (!line) continue;
      const item = decodeRow(line);
      if (typeof item.table === 'string' && Object.keys(item).length === 1) {
        await flush();
        if (!(BACKUP_TABLES as readonly string[]).includes(item.table))
          throw new BackupError('LG_BACKUP_DAMAGED', `The backup holds an unknown table ${item.table}.`);
        table = item.table;
        counts[table] = 0;
        continue;
      }
      if (item.end === true && Object.keys(item).length === 2) {
        await flush();
        const expected = item.counts as TableCounts;
        for (const [name, rows] of Object.entries(expected)) {
          if ((counts[name] ?? 0) !== rows)
            throw new BackupError(
              'LG_BACKUP_DAMAGED',
              `The backup lists ${rows} rows of ${name} but holds ${counts[name] ?? 0}.`,
            );
        }
        table = null;
        return;
      }
      if (!table) throw new BackupError('LG_BACKUP_DAMAGED', 'A row before its table.');
      batch.push(item);
      if (batch.length >= BATCH) await flush();
    }
    throw new BackupError('LG_BACKUP_DAMAGED', 'The backup ends before its last line: it is cut off.');
  });
  await migrateToLatest(store);
  await rebuild();
  return counts;
}
