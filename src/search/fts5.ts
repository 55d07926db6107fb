import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { tokenize, type SearchDocument, type SearchIndex } from './search-index.ts';

/**
 * SQLite FTS5: `unicode61 remove_diacritics 2`, BM25 with the title weighing ten times the body.
 * FTS rows are addressed by rowid (a column of an FTS table cannot be indexed), so a small key table
 * maps resource ids to FTS rowids: updates and deletes stay O(log n).
 */
export const fts5SearchIndex: SearchIndex = {
  async migrate(db) {
    await sql`create virtual table resource_fts using fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
    await sql`create table resource_fts_key (fts_rowid integer primary key, resource_id text not null unique)`.execute(db);
  },
  async upsert(db: Kysely<Database>, doc: SearchDocument, isNew = false) {
    const title = tokenize(doc.title).join(' ');
    const body = tokenize(doc.body).join(' ');
    const existing = isNew ? { rows: [] } : await sql<{ fts_rowid: number }>`select fts_rowid from resource_fts_key where resource_id = ${doc.id}`.execute(db);
    let rowid = existing.rows[0]?.fts_rowid;
    if (rowid !== undefined) {
      await sql`delete from resource_fts where rowid = ${rowid}`.execute(db);
    } else {
      const inserted = await sql<{ fts_rowid: number }>`insert into resource_fts_key (resource_id) values (${doc.id}) returning fts_rowid`.execute(db);
      rowid = inserted.rows[0]!.fts_rowid;
    }
    await sql`insert into resource_fts (rowid, title, body) values (${rowid}, ${title}, ${body})`.execute(db);
  },
  async insertMany(db, docs) {
    if (docs.length === 0) return;
    // One writer at a time on SQLite: rowids after the current maximum are ours within this transaction.
    const max = await sql<{ m: number | null }>`select max(fts_rowid) as m from resource_fts_key`.execute(db);
    let next = (max.rows[0]?.m ?? 0) + 1;
    const rows = docs.map((d) => ({ rowid: next++, id: d.id, title: tokenize(d.title).join(' '), body: tokenize(d.body).join(' ') }));
    for (let i = 0; i < rows.length; i += 300) {
      const chunk = rows.slice(i, i + 300);
      await sql`insert into resource_fts_key (fts_rowid, resource_id) values ${sql.join(chunk.map((r) => sql`(${r.rowid}, ${r.id})`))}`.execute(db);
      await sql`insert into resource_fts (rowid, title, body) values ${sql.join(chunk.map((r) => sql`(${r.rowid}, ${r.title}, ${r.body})`))}`.execute(db);
    }
  },
  async remove(db, id) {
    const existing = await sql<{ fts_rowid: number }>`select fts_rowid from resource_fts_key where resource_id = ${id}`.execute(db);
    const rowid = existing.rows[0]?.fts_rowid;
    if (rowid === undefined) return;
    await sql`delete from resource_fts where rowid = ${rowid}`.execute(db);
    await sql`delete from resource_fts_key where fts_rowid = ${rowid}`.execute(db);
  },
  matches(terms) {
    const expression = terms.map((t, i) => (i === terms.length - 1 ? `"${t}"*` : `"${t}"`)).join(' ');
    return sql<{ resource_id: string; score: number }>`(select k.resource_id as resource_id, bm25(resource_fts, 10.0, 1.0) as score from resource_fts join resource_fts_key k on k.fts_rowid = resource_fts.rowid where resource_fts match ${expression})`;
  },
};
