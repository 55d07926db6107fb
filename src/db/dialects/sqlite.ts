import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { SqliteDialect, sql } from 'kysely';
import type { StoreDialect } from './dialect.ts';

/** Opens the embedded store: one SQLite file in WAL mode (`sqlite:./data/leergoed.sqlite`, or `sqlite::memory:`). */
export function sqliteDialect(url: string, baseDir: string): StoreDialect {
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  const file = path === ':memory:' ? ':memory:' : resolve(baseDir, path);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return {
    name: 'sqlite',
    binaryType: 'blob',
    kysely: new SqliteDialect({ database }),
    location: file,
    // SQLite has one writer at a time: a claim inside one UPDATE statement is already exclusive.
    skipLocked: (query) => query,
    joinText: (expression, separator) => sql<string | null>`group_concat(${expression}, ${separator})`,
    async analyze(db) {
      await sql`pragma optimize`.execute(db);
    },
    // In WAL mode a read transaction sees the store as it was at its first read, whatever is written since.
    readSnapshot: (db, read) => db.transaction().execute(read),
    async *scanTable(trx, table, batchSize) {
      for (let after = Number.MIN_SAFE_INTEGER; ;) {
        const { rows } = await sql<
          Record<string, unknown>
        >`select rowid as "__rowid", * from ${sql.table(table)} where rowid > ${after} order by rowid limit ${batchSize}`.execute(
          trx,
        );
        if (rows.length === 0) return;
        after = Number(rows.at(-1)!.__rowid);
        yield rows.map(({ __rowid: _rowid, ...row }) => row);
      }
    },
    async listTables(db) {
      const { rows } = await sql<{
        name: string;
      }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
      return rows.map((r) => r.name);
    },
    async sizeBytes() {
      if (file === ':memory:') return 0;
      let size = 0;
      for (const suffix of ['', '-wal']) {
        try {
          size += statSync(file + suffix).size;
        } catch {
          /* no WAL file yet */
        }
      }
      return size;
    },
  };
}
