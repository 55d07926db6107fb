// The loop every import run shares, whether its records come from a file or a harvest: records in
// batches, each batch applied to the catalogue inside a transaction, quarantined records kept as
// issues of the run with their raw record, counts that move on only with a commit, duplicates in
// one unit (a file, a page) caught, and a failure of one record kept from failing its batch.
import type { Kysely } from 'kysely';
import type { CatalogueService } from '../catalogue/service.ts';
import type { SourceRecord } from '../catalogue/view.ts';
import type { Database } from '../db/schema.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import { isStoreUnavailable } from '../kernel/store-errors.ts';
import { clipText, harvestRepository, MAX_REASON } from './repository.ts';
import { ImportError, type ReadOptions } from './formats.ts';

/** The counts of one import run. */
export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  failed: number;
}

export const noCounts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0, withdrawn: 0, failed: 0 });

/** Adds `more` to `into`. */
export function addCounts(into: ImportCounts, more: ImportCounts): void {
  for (const key of Object.keys(more) as (keyof ImportCounts)[]) into[key] += more[key];
}

/** What an import of one file reports. */
export interface ImportReport extends ImportCounts {
  runId: string;
  file: string;
  format: string | null;
  status: 'completed' | 'failed';
  error: string | null;
  failures: { originalId: string | null; reason: string }[];
}

/** An uploaded file kept with its run until the run completes. */
export interface KeptFile {
  name: string;
  bytes: Buffer;
  options: ReadOptions;
}

/** The run records are applied for, and the institution they are credited to. */
export interface RunTarget {
  runId: string;
  sourceId: string;
  organisationId: string | null;
  organisationName: string | null;
}

/** The most of a quarantined record's raw text kept with its issue. */
const MAX_KEPT_RAW = 1_000_000;

/**
 * Applies one batch inside the caller's transaction: the catalogue's outcome for each record,
 * counted, and each failed record quarantined as an issue of the run. Returns what it counted and
 * the failures (reasons shortened for a report).
 */
export async function applyBatch(
  trx: Kysely<Database>,
  catalogue: Pick<CatalogueService, 'applyImportedBatch'>,
  target: RunTarget,
  records: SourceRecord[],
): Promise<{ counts: ImportCounts; failures: { originalId: string | null; reason: string }[] }> {
  const outcomes = await catalogue.applyImportedBatch(
    trx,
    { sourceId: target.sourceId, runId: target.runId, organisationId: target.organisationId },
    records,
    target.organisationName,
  );
  const counts = noCounts();
  const failures: { originalId: string | null; reason: string }[] = [];
  const issues = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    counts[outcomes[i]!]++;
    if (record.mapped.status !== 'failed') continue;
    failures.push({ originalId: record.mapped.originalId, reason: clipText(record.mapped.reason, MAX_REASON) });
    issues.push({
      id: newId(),
      run_id: target.runId,
      source_id: target.sourceId,
      original_id: record.mapped.originalId,
      reason: record.mapped.reason,
      raw_record: record.raw.slice(0, MAX_KEPT_RAW),
      created_at: nowIso(),
    });
  }
  await harvestRepository.insertIssues(trx, issues);
  return { counts, failures };
}

/**
 * Applies records through `apply` (one transaction); when the store refuses the batch, each record
 * alone, so a record the store refuses fails alone — quarantined with the store's reason — and
 * never its batch. A store that cannot be reached fails the whole run.
 */
export async function applyEachOnRefusal(
  records: SourceRecord[],
  apply: (records: SourceRecord[]) => Promise<void>,
): Promise<void> {
  try {
    await apply(records);
  } catch (error) {
    if (isStoreUnavailable(error)) throw error;
    for (const record of records) {
      try {
        await apply([record]);
      } catch (single) {
        if (isStoreUnavailable(single)) throw single;
        record.mapped = {
          status: 'failed',
          originalId: record.mapped.originalId,
          reason: `LG_IMPORT_STORE_REFUSED: the store refused this record (${(single as Error).message})`,
        };
        await apply([record]);
      }
    }
  }
}

/**
 * Identifiers seen in one unit (a file, a page): a record whose identifier came before is
 * quarantined with `reason` (the first is kept). Deletions count as seen; failed records do not.
 */
export class DuplicateGuard {
  readonly seen = new Set<string>();

  constructor(private readonly reason: string) {}

  check(record: SourceRecord): void {
    const key = record.mapped.originalId;
    if (!key || record.mapped.status === 'failed') return;
    if (record.mapped.status !== 'deleted' && this.seen.has(key))
      record.mapped = { status: 'failed', originalId: key, reason: this.reason };
    else this.seen.add(key);
  }
}

/** Records gathered into batches of `size`: each full batch goes to `apply`, the rest at `flush`. */
export class Batches {
  private batch: SourceRecord[] = [];

  constructor(
    private readonly size: number,
    private readonly apply: (records: SourceRecord[]) => Promise<void>,
  ) {}

  async add(record: SourceRecord): Promise<void> {
    this.batch.push(record);
    if (this.batch.length >= this.size) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const records = this.batch;
    this.batch = [];
    await this.apply(records);
  }
}

/** Records applied per transaction of a file import. */
const FILE_BATCH = 250;
/** Failures listed in a report (the run's issues keep them all). */
const MAX_REPORTED_FAILURES = 200;

/**
 * The run of a file import: its records in batches of FILE_BATCH, each batch in one transaction
 * with the run's counts and heartbeat, then — for a snapshot — what the file lacks withdrawn, and
 * the run completed or failed with a clear reason. A store that cannot be reached ends the run
 * (marked failed when it can be, else by the sweep); every committed batch stays.
 */
export async function runFileImport(
  deps: {
    db: Kysely<Database>;
    catalogue: Pick<CatalogueService, 'applyImportedBatch' | 'withdrawMissing'>;
    analyze: (db: Kysely<Database>) => Promise<void>;
  },
  runId: string,
  name: string,
  source: AsyncIterable<SourceRecord>,
  target: { sourceId: string; organisationId: string | null; organisationName: string | null },
  options: { snapshot?: boolean; keep?: KeptFile },
  onProgress?: (done: number) => void,
): Promise<ImportReport> {
  const { sourceId } = target;
  const runTarget = { ...target, runId };
  const counts = noCounts();
  const failures: ImportReport['failures'] = [];
  let format: string | null = null;
  let done = 0;
  const duplicates = new DuplicateGuard('Duplicate identifier in this file; the first record was kept');
  /** Applies records in one transaction; the counts move on only once it is committed. */
  const apply = async (records: SourceRecord[]) => {
    const next = { ...counts };
    const added = await deps.db.transaction().execute(async (trx) => {
      const applied = await applyBatch(trx, deps.catalogue, runTarget, records);
      addCounts(next, applied.counts);
      await harvestRepository.updateRun(trx, runId, { ...next, format, heartbeat_at: nowIso() });
      return applied.failures;
    });
    Object.assign(counts, next);
    failures.push(...added.slice(0, Math.max(0, MAX_REPORTED_FAILURES - failures.length)));
  };
  const batches = new Batches(FILE_BATCH, async (records) => {
    await applyEachOnRefusal(records, apply);
    done += records.length;
    onProgress?.(done);
  });
  const flush = () => batches.flush();
  try {
    for await (const record of source) {
      format ??= record.format;
      // A record that appears twice in one file is applied once; the second is reported.
      duplicates.check(record);
      await batches.add(record);
    }
    await flush();
    // A snapshot (a file fetched from a source's URL) holds the whole collection: what it lacks is gone.
    if (options.snapshot) {
      counts.withdrawn += await deps.db
        .transaction()
        .execute((trx) => deps.catalogue.withdrawMissing(trx, sourceId, duplicates.seen));
    }
    // Bulk writes skew the planner's statistics (PostgreSQL plans facet queries badly without them).
    if (counts.created + counts.updated >= 500) await deps.analyze(deps.db);
    await harvestRepository.updateRun(deps.db, runId, {
      status: 'completed',
      finished_at: nowIso(),
      ...counts,
      format,
    });
    if (options.keep) await harvestRepository.deleteFile(deps.db, runId);
    return { runId, file: name, format, status: 'completed', error: null, ...counts, failures };
  } catch (error) {
    if (isStoreUnavailable(error)) {
      // The store went away: the run is marked failed if it can be, else by the sweep of runs
      // without a heartbeat; every batch committed before stays, and the file can be sent again.
      await harvestRepository
        .updateRun(deps.db, runId, {
          status: 'failed',
          finished_at: nowIso(),
          error: 'LG_STORE_UNAVAILABLE: the store could not be reached; send the file again',
          ...counts,
          format,
        })
        .catch(() => undefined);
      throw error;
    }
    await flush().catch(() => undefined);
    const message = clipText(
      error instanceof ImportError
        ? `${error.code}: ${error.message}`
        : `LG_IMPORT_FAILED: ${(error as Error).message}`,
      MAX_REASON,
    );
    await harvestRepository.updateRun(deps.db, runId, {
      status: 'failed',
      finished_at: nowIso(),
      error: message,
      ...counts,
      format,
    });
    return { runId, file: name, format, status: 'failed', error: message, ...counts, failures };
  }
}
