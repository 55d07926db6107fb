import { sql } from 'kysely';
import { tokenize, type SearchIndex } from './search-index.ts';

/** PostgreSQL: a `simple` tsvector (title weight A, body B) with a GIN index; ranking by ts_rank. */
export const postgresSearchIndex: SearchIndex = {
  async migrate(db) {
    await sql`create table resource_search (resource_id text primary key references resource(id) on delete cascade, document tsvector not null)`.execute(db);
    await sql`create index resource_search_document on resource_search using gin (document)`.execute(db);
  },
  async upsert(db, doc) {
    const title = tokenize(doc.title).join(' ');
    const body = tokenize(doc.body).join(' ');
    await sql`insert into resource_search (resource_id, document)
      values (${doc.id}, setweight(to_tsvector('simple', ${title}), 'A') || setweight(to_tsvector('simple', ${body}), 'B'))
      on conflict (resource_id) do update set document = excluded.document`.execute(db);
  },
  async insertMany(db, docs) {
    for (let i = 0; i < docs.length; i += 300) {
      const chunk = docs.slice(i, i + 300).map((d) => sql`(${d.id}, setweight(to_tsvector('simple', ${tokenize(d.title).join(' ')}), 'A') || setweight(to_tsvector('simple', ${tokenize(d.body).join(' ')}), 'B'))`);
      if (chunk.length) await sql`insert into resource_search (resource_id, document) values ${sql.join(chunk)}`.execute(db);
    }
  },
  async remove(db, id) {
    await sql`delete from resource_search where resource_id = ${id}`.execute(db);
  },
  matches(terms) {
    const query = terms.map((t, i) => (i === terms.length - 1 ? `${t}:*` : t)).join(' & ');
    return sql<{ resource_id: string; score: number }>`(select resource_id, -ts_rank(document, to_tsquery('simple', ${query}), 0) as score from resource_search where document @@ to_tsquery('simple', ${query}))`;
  },
};
