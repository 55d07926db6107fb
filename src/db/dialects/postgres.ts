import { PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { StoreDialect } from './dialect.ts';

/** Connects to PostgreSQL (`postgres://user@host:port/database`). */
export function postgresDialect(url: string, poolSize = 10): StoreDialect {
  // A request waits at most this long for a connection: while the server is unreachable, requests
  // fail with 503 in seconds instead of hanging.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5000,
  });
  // A connection the server closes (a restart, a failover, a terminated backend) must never bring the
  // process down. Idle, the pool drops it; in use, its client emits 'error' too, which would be an
  // unhandled event: each client gets a listener, the query in flight fails (a 503), and the pool
  // opens a new connection for the next one.
  const lost = (error: Error) =>
    process.emitWarning(`PostgreSQL connection lost: ${error.message}`, { code: 'LG_DB_CONNECTION_LOST' });
  pool.on('error', lost);
  pool.on('connect', (client) => {
    client.on('error', lost);
  });
  const parsed = new URL(url);
  return {
    name: 'postgres',
    binaryType: 'bytea',
    kysely: new PostgresDialect({ pool }),
    location: `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    skipLocked: (query) => query.forUpdate().skipLocked(),
    joinText: (expression, separator) => sql<string | null>`string_agg(${expression}, ${separator}::text)`,
    // Repeatable read: every statement of the transaction sees the snapshot of its first.
    readSnapshot: (db, read) =>
      db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read),
    async *scanTable(trx, table, batchSize) {
      const cursor = sql.id(`scan_${table}`);
      await sql`declare ${cursor} no scroll cursor for select * from ${sql.table(table)}`.execute(trx);
      try {
        for (;;) {
          const { rows } = await sql<
            Record<string, unknown>
          >`fetch forward ${sql.raw(String(Math.max(1, Math.floor(batchSize))))} from ${cursor}`.execute(trx);
          if (rows.length === 0) return;
          yield rows;
        }
      } finally {
        await sql`close ${cursor}`.execute(trx);
      }
    },
    async listTables(db) {
      const { rows } = await sql<{
        name: string;
      }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(
        db,
      );
      return rows.map((r) => r.name);
    },
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
