import { settings } from '../db/settings.ts';
import type { ResourceRepository } from './repository.ts';
import type { Kysely } from 'kysely';
import { organisations } from '../accounts/organisations.ts';
import type { Database } from '../db/schema.ts';
import { type SearchDocument } from '../search/engine/search-index.ts';
import type { IndexWriter } from '../search/engine/search-index.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import { prepareResource } from './prepare.ts';
import type { TermScheme } from '../search/engine/terms.ts';
import { inputOfRow } from './prepare.ts';
import { ResourceTerms } from './terms.ts';

/** Bumped when the text analysis or the derived terms change: stores rebuild their index on start. */
export const SEARCH_INDEX_VERSION = '3';

const SEARCH_INDEX_SETTING = 'search_index_version';

/** Rebuilds the filter terms and the search index from the stored resources. */
export class Reindexer {
  constructor(
    private readonly database: () => Kysely<Database>,
    private readonly search: IndexWriter,
    private readonly repository: ResourceRepository,
    private readonly vocab: Vocabularies,
    private readonly terms: ResourceTerms,
    /** Tells the catalogue's observers that the index was rebuilt. */
    private readonly rebuilt: () => Promise<void>,
  ) {}

  private get db(): Kysely<Database> {
    return this.database();
  }

  /**
   * Rebuilds what is derived from the stored resources: their filter terms and the search index
   * (after the analysis or the index changed). Runs in batches; `onProgress` hears how far it is.
   */
  async reindex(onProgress?: (done: number, total: number) => void): Promise<number> {
    const total = await this.repository.countAll(this.db);
    await this.search.clear(this.db);
    let done = 0;
    let after = '';
    for (;;) {
      const rows = await this.repository.rowsAfter(this.db, after, 500);
      if (rows.length === 0) break;
      const orgIds = [...new Set(rows.map((r) => r.organisation_id).filter((id): id is string => !!id))];
      const orgs = new Map((await organisations.byIds(this.db, orgIds)).map((o) => [o.id, o.name]));
      await this.db.transaction().execute(async (trx) => {
        const docs: SearchDocument[] = [];
        const terms: { resourceId: string; scheme: TermScheme; conceptId: string }[] = [];
        for (const row of rows) {
          const prepared = prepareResource(
            this.vocab,
            inputOfRow(row),
            row.organisation_id,
            row.organisation_id ? (orgs.get(row.organisation_id) ?? null) : null,
          );
          terms.push(...prepared.terms.map((t) => ({ resourceId: row.id, ...t })));
          if (row.status !== 'withdrawn') docs.push({ id: row.id, ...prepared.search });
        }
        await this.repository.deleteTerms(
          trx,
          rows.map((r) => r.id),
        );
        await this.repository.insertTerms(trx, [
          ...terms,
          ...(await this.terms.confirmed(
            trx,
            rows.map((r) => r.id),
          )),
        ]);
        await this.repository.indexNew(trx, docs);
      });
      done += rows.length;
      after = rows.at(-1)!.id;
      onProgress?.(done, total);
    }
    await settings.write(this.db, SEARCH_INDEX_SETTING, SEARCH_INDEX_VERSION);
    // Terms may have changed without datestamps changing: the in-memory index starts again.
    await this.rebuilt();
    return done;
  }

  /** Whether the search index was built by this version of the analysis (else `reindex`). */
  async indexIsCurrent(): Promise<boolean> {
    return (await settings.read(this.db, SEARCH_INDEX_SETTING)) === SEARCH_INDEX_VERSION;
  }
}
