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
}
