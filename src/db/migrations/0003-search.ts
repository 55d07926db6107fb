import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../dialects/dialect.ts';

/**
 * Search with analysed fields (stems, per-field weights, quality boost), the term dictionary, and
 * the decisions on suggested learning objectives. The index is rebuilt from the resources after
 * migrating (see `CatalogueService.reindex`), so the old structures are simply replaced.
 */
export async function up(db: Kysely<any>, dialect: StoreDialect): Promise<void> {
  for (const table of ['resource_fts', 'resource_fts_key', 'resource_search', 'search_term']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  if (dialect.name === 'sqlite') await sqliteSearchTables(db);
  else await postgresSearchTables(db);
  await db.deleteFrom('setting').where('key', '=', 'search_index_version').execute();
  // A concept id belongs to one scheme: without these statistics PostgreSQL multiplies the two
  // selectivities, underestimates a filter's resources tenfold and plans facet queries badly.
  if (dialect.name === 'postgres') {
    await sql`create statistics resource_term_scheme_concept (dependencies, mcv) on scheme, concept_id from resource_term`.execute(
      db,
    );
  }

  /** A teacher's or curator's decision on a learning objective suggested for a resource. */
  await db.schema
    .createTable('objective_decision')
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resource.id').onDelete('cascade'))
    .addColumn('objective_id', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('matched_words', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('objective_decision_pk', ['resource_id', 'objective_id'])
    .execute();
}

/** The term dictionary both engines keep: documents per stem, for compounds, typos and idf. */
async function termDictionary(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_term')
    .addColumn('term', 'text', (c) => c.primaryKey())
    .addColumn('word', 'text', (c) => c.notNull())
    .addColumn('docs', 'integer', (c) => c.notNull())
    // The term written backwards: "ends with" becomes a range of this index (compound heads).
    .addColumn('reversed', 'text', (c) => c.notNull())
    .execute();
}

/** SQLite FTS5 (`search/fts5.ts`): the analysed fields, the key from resource to FTS row, trigrams of terms. */
async function sqliteSearchTables(db: Kysely<any>): Promise<void> {
  await sql`create virtual table resource_fts using fts5(title, concepts, maker, description, other, quality unindexed, tokenize = 'unicode61 remove_diacritics 0')`.execute(
    db,
  );
  await sql`create table resource_fts_key (fts_rowid integer primary key, resource_id text not null unique)`.execute(
    db,
  );
  await termDictionary(db);
  await sql`create index search_term_reversed on search_term (reversed)`.execute(db);
  // Trigrams of every term the dictionary ever had (FTS5's trigram tokenizer), for typo candidates.
  await sql`create virtual table search_term_trigram using fts5(term, tokenize = 'trigram')`.execute(db);
  await sql`create trigger search_term_trigram_insert after insert on search_term begin insert into search_term_trigram (term) values (new.term); end`.execute(
    db,
  );
}

/** PostgreSQL (`search/postgres.ts`): tsvectors of the analysed text, pg_trgm over the terms. */
async function postgresSearchTables(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create table resource_search (
    resource_id text primary key references resource(id) on delete cascade,
    document tsvector not null, maker tsvector not null, quality real not null default 0)`.execute(db);
  await sql`create index resource_search_document on resource_search using gin (document)`.execute(db);
  await sql`create index resource_search_maker on resource_search using gin (maker)`.execute(db);
  await termDictionary(db);
  await sql`create index search_term_trigram on search_term using gin (term gin_trgm_ops)`.execute(db);
  await sql`create index search_term_reversed on search_term (reversed text_pattern_ops)`.execute(db);
}
