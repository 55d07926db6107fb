import type { Dialect, Kysely, RawBuilder, SelectQueryBuilder } from 'kysely';

/** What differs between the two stores, apart from search (see `search/`). */
export interface StoreDialect {
  name: 'sqlite' | 'postgres';
  /** The Kysely dialect, connected. */
  kysely: Dialect;
  /** The column type of binary data (`blob` on SQLite, `bytea` on PostgreSQL). */
  binaryType: string;
  /** A short description of where the data lives, safe to show (no password). */
  location: string;
  /** The size of the store in bytes, for benchmarks and the operator. */
  sizeBytes(): Promise<number>;
  /** Refreshes the planner's statistics after bulk writes (ANALYZE / PRAGMA optimize). */
  analyze(db: Kysely<any>): Promise<void>;
  /** Locks the selected rows for a claim, skipping rows other transactions hold (no-op where one writer is all there is). */
  skipLocked<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** The aggregate joining a text expression's values with a separator (`group_concat`, `string_agg`); null over no rows. */
  joinText(expression: RawBuilder<string>, separator: string): RawBuilder<string | null>;
  /** Runs `read` in one transaction that sees one consistent state of the store while writes go on (a backup). */
  readSnapshot<T>(db: Kysely<any>, read: (trx: Kysely<any>) => Promise<T>): Promise<T>;
  /** Every row of a table, in batches, inside the caller's snapshot transaction. */
  scanTable(trx: Kysely<any>, table: string, batchSize: number): AsyncGenerator<Record<string, unknown>[]>;
  /** The names of the store's tables (the search engine's own included, views not). */
  listTables(db: Kysely<any>): Promise<string[]>;
}
