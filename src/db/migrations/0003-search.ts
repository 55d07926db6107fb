import { sql, type Kysely } from 'kysely';
import type { SearchIndex } from '../../search/search-index.ts';
import type { StoreDialect } from '../dialects/dialect.ts';

/**
 * Search with analysed fields (stems, per-field weights, quality boost), the term dictionary, and
 * the decisions on suggested learning objectives. The index is rebuilt from the resources after
 * migrating (see `CatalogueService.reindex`), so the old structures are simply replaced.
 */
export async function up(db: Kysely<any>, search: SearchIndex, dialect: StoreDialect): Promise<void> {
  for (const table of ['resource_fts', 'resource_fts_key', 'resource_search', 'search_term']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await search.migrate(db);
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
