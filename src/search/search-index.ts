import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The text of one resource as the index sees it. */
export interface SearchDocument {
  id: string;
  /** Title words weigh most. */
  title: string;
  /** Creators, keywords, subjects and objectives by name, description. */
  body: string;
}

/**
 * Full-text search over resources. One implementation per store (SQLite FTS5, PostgreSQL
 * tsvector); both index the same folded tokens so the same query matches the same resources.
 */
export interface SearchIndex {
  /** Creates the index structures (called from a migration). */
  migrate(db: Kysely<any>): Promise<void>;
  /** Indexes a document; `isNew` promises it was never indexed (no lookup needed). */
  upsert(db: Kysely<Database>, doc: SearchDocument, isNew?: boolean): Promise<void>;
  /** Indexes documents never indexed before, in bulk. */
  insertMany(db: Kysely<Database>, docs: SearchDocument[]): Promise<void>;
  remove(db: Kysely<Database>, id: string): Promise<void>;
  /**
   * A subquery of `(resource_id, score)` for the resources matching all `terms` (prefix match on
   * the last), lower score = better. Use it in `from(...)` or a join.
   */
  matches(terms: string[]): RawBuilder<{ resource_id: string; score: number }>;
}

/** Folds text for indexing and querying: no diacritics, lower case. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Splits folded text into index tokens (letters and digits). */
export function tokenize(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The query's tokens, at most 16, each at most 64 characters. */
export function queryTerms(q: string): string[] {
  return tokenize(q).slice(0, 16).map((t) => t.slice(0, 64));
}
