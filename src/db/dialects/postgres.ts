import { PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { StoreDialect } from './dialect.ts';

/** Connects to PostgreSQL (`postgres://user@host:port/database`). */
export function postgresDialect(url: string): StoreDialect {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.LEERGOED_PG_POOL ?? 10) });
  // An idle connection the server closes (a restart, a terminated session) must not bring the process
  // down: the pool drops it and opens a new one on the next query.
  pool.on('error', (error) => process.emitWarning(`PostgreSQL connection lost: ${error.message}`, { code: 'LG_DB_CONNECTION_LOST' }));
  const parsed = new URL(url);
  return {
    name: 'postgres',
    binaryType: 'bytea',
    kysely: new PostgresDialect({ pool }),
    location: `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    skipLocked: (query) => query.forUpdate().skipLocked(),
    joinText: (expression, separator) => sql<string | null>`string_agg(${expression}, ${separator}::text)`,
    async analyze(db) {
      // After bulk writes: fresh statistics, and vacuumed pages (a rebuilt index leaves every old
      // row dead; the planner misjudges and index-only scans visit the heap until vacuum runs).
      await sql`vacuum (analyze) resource, resource_term, resource_search, search_term`.execute(db);
    },
    async sizeBytes() {
      const client = await pool.connect();
      try {
        const result = await client.query<{ size: string }>('select pg_database_size(current_database()) as size');
        return Number(result.rows[0]?.size ?? 0);
      } finally {
        client.release();
      }
    },
  };
}
