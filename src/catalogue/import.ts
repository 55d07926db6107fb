import type { ResourceRepository } from './repository.ts';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { cleanDeep } from '../kernel/text.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { Database } from '../db/schema.ts';
import { type SearchDocument } from '../search/engine/search-index.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import type { ImportContext, ImportOutcome, SourceRecord, Warning } from './view.ts';
import { json } from './rows.ts';
import { prepareResource } from './prepare.ts';
import type { NewResourceRow } from './rows.ts';
import type { TermScheme } from '../search/engine/terms.ts';
import { ResourceTerms } from './terms.ts';

/** Bumped when a mapper changes what it makes of the same raw record, so re-imports update. */
export const MAPPER_VERSION = '1';

/** Imported records applied to the catalogue inside the importer's transaction (files and harvests alike). */
export class RecordImporter {
  constructor(
    private readonly repository: ResourceRepository,
    private readonly vocab: Vocabularies,
    private readonly terms: ResourceTerms,
  ) {}

  /**
   * Applies a batch of imported records inside the caller's transaction, in order, with one lookup
   * of what exists and bulk writes of what is new (the common case of a first harvest).
   */
  async applyImportedBatch(
    trx: Kysely<Database>,
    ctx: ImportContext,
    records: SourceRecord[],
    organisationName: string | null,
  ): Promise<ImportOutcome[]> {
    // What a source sends may hold characters XML does not allow (a NUL in a CSV cell): they go here,
    // per record, so none can break a page that shows the record or make the store refuse a batch.
    for (const record of records) record.mapped = cleanDeep(record.mapped);
    const ids = records.map((r) => r.mapped.originalId).filter((id): id is string => !!id);
    const existing = await this.repository.findManyByProvenance(trx, ctx.sourceId, [...new Set(ids)]);
    const now = nowIso();
    const fresh: { row: NewResourceRow; terms: { scheme: TermScheme; conceptId: string }[]; search: SearchDocument }[] =
      [];
    const outcomes: ImportOutcome[] = [];
    for (const record of records) {
      const { mapped } = record;
      if (mapped.status === 'failed') {
        outcomes.push('failed');
        continue;
      }
      const found = existing.get(mapped.originalId);
      if (mapped.status === 'deleted') {
        // A deletion of a record we never had, or withdrew already, changes nothing.
        if (!found || found.status === 'withdrawn') {
          outcomes.push('unchanged');
          continue;
        }
        await this.terms.markWithdrawn(trx, found.id, 'Deleted at the source');
        existing.set(mapped.originalId, { ...found, status: 'withdrawn' });
        outcomes.push('withdrawn');
        continue;
      }
      const hash = createHash('sha256')
        .update(`${MAPPER_VERSION}\u0000${record.format}\u0000${record.raw}`)
        .digest('hex');
      if (found && found.record_hash === hash && found.status !== 'withdrawn') {
        outcomes.push('unchanged');
        continue;
      }
      const prepared = prepareResource(this.vocab, mapped.input, ctx.organisationId, organisationName);
      const warnings = JSON.stringify([
        ...json<Warning[]>(prepared.row.warnings, []),
        ...mapped.warnings.map((message) => ({
          code: /^Unmapped /.test(message) ? 'LG_W_UNMAPPED' : 'LG_W_SOURCE',
          message,
        })),
      ]);
      const provenance = {
        source_id: ctx.sourceId,
        original_id: mapped.originalId,
        import_run_id: ctx.runId,
        raw_format: record.format,
        raw_record: gzipSync(record.raw, { level: 6 }),
        record_hash: hash,
      };
      if (found) {
        await this.repository.update(trx, found.id, {
          ...prepared.row,
          warnings,
          ...provenance,
          status: 'published',
          withdrawn_at: null,
          withdrawn_reason: null,
          updated_at: now,
        });
        await this.terms.set(trx, found.id, prepared.terms);
        await this.repository.indexText(trx, { id: found.id, ...prepared.search });
        existing.set(mapped.originalId, { ...found, record_hash: hash, status: 'published' });
        outcomes.push('updated');
        continue;
      }
      const id = newId();
      fresh.push({
        row: {
          id,
          status: 'published',
          ...prepared.row,
          warnings,
          ...provenance,
          created_by: null,
          created_at: now,
          updated_at: now,
          withdrawn_at: null,
          withdrawn_reason: null,
        },
        terms: prepared.terms,
        search: { id, ...prepared.search },
      });
      existing.set(mapped.originalId, { id, record_hash: hash, status: 'published', created_at: now });
      outcomes.push('created');
    }
    if (fresh.length > 0) {
      await this.repository.insertMany(
        trx,
        fresh.map((f) => f.row),
      );
      await this.repository.insertTerms(
        trx,
        fresh.flatMap((f) => f.terms.map((t) => ({ resourceId: f.row.id, ...t }))),
      );
      await this.repository.indexNew(
        trx,
        fresh.map((f) => f.search),
      );
    }
    return outcomes;
  }

  /**
   * Withdraws the published resources of a source that a complete snapshot (a file, a IIIF
   * collection) no longer holds. Returns how many.
   */
  async withdrawMissing(trx: Kysely<Database>, sourceId: string, seen: Set<string>): Promise<number> {
    const rows = await this.repository.publishedOfSource(trx, sourceId);
    let count = 0;
    for (const row of rows) {
      if (row.original_id && seen.has(row.original_id)) continue;
      await this.terms.markWithdrawn(trx, row.id, 'No longer at the source');
      count++;
    }
    return count;
  }
}
