import type { StoreDialect } from '../../db/dialects/dialect.ts';
import { fts5SearchIndex } from './fts5.ts';
import { postgresSearchIndex } from './postgres.ts';
import type { SearchIndex } from './search-index.ts';

/** The full-text engine of a store: SQLite FTS5 or PostgreSQL tsvector + pg_trgm. */
export function searchIndexFor(dialect: Pick<StoreDialect, 'name'>): SearchIndex {
  return dialect.name === 'sqlite' ? fts5SearchIndex : postgresSearchIndex;
}
