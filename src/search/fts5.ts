import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { tokenize, type SearchDocument, type SearchIndex } from './search-index.ts';

/** SQLite FTS5: `unicode61 remove_diacritics 2`, BM25 with the title weighing ten times the body. */
export const fts5SearchIndex: SearchIndex = {
  async migrate(db) {
    await sql`create virtual table resource_fts using fts5(resource_id unindexed, title, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
  },
  async upsert(db: Kysely<Database>, doc: SearchDocument) {
    await sql`delete from resource_fts where resource_id = ${doc.id}`.execute(db);
    await sql`insert into resource_fts (resource_id, title, body) values (${doc.id}, ${tokenize(doc.title).join(' ')}, ${tokenize(doc.body).join(' ')})`.execute(db);
  },
  async remove(db, id) {
    await sql`delete from resource_fts where resource_id = ${id}`.execute(db);
  },
  matches(terms) {
    const expression = terms.map((t, i) => (i === terms.length - 1 ? `"${t}"*` : `"${t}"`)).join(' ');
    return sql<{ resource_id: string; score: number }>`(select resource_id, bm25(resource_fts, 0, 10.0, 1.0) as score from resource_fts where resource_fts match ${expression})`;
  },
};
