import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { organisations } from '../accounts/organisations.ts';
import { canImportFor, type InstitutionActor, type OrganisationKind } from '../accounts/model.ts';
import { AppError, forbidden, notFound } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { SourceRecord } from '../catalogue/view.ts';
import type { Database } from '../db/schema.ts';
import { ImportError, oaiRecord, readRecords, type ReadOptions } from './formats.ts';
import { streamElements } from './xml/tree.ts';
import { gunzipBounded } from './compression.ts';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readRecordsOffThread } from './off-thread.ts';
import {
  harvestRepository,
  type ImportFileRow,
  type ImportRunView,
  type ImportIssueRow,
  type SourceRow,
} from './repository.ts';
import { runFileImport, type ImportReport, type KeptFile } from './run-loop.ts';

/** What started a run. */
export type RunTrigger = 'upload' | 'request' | 'schedule' | 'cli' | 'retry' | 'demo';

/** Who started a run: a person, an institution's API key, or the platform itself (null, null). */
export interface RunStarter {
  userId: string | null;
  apiKeyId: string | null;
  trigger: RunTrigger;
}

/** The starter of a run an actor asked for (an upload, "run now"). */
export function runStarter(actor: InstitutionActor | null, trigger: RunTrigger): RunStarter {
  return { userId: actor?.userId ?? null, apiKeyId: actor?.apiKey?.id ?? null, trigger };
}

/** The columns of a run that say who started it. */
export function starterColumns(starter: RunStarter | undefined): {
  started_by: string | null;
  started_by_key: string | null;
  trigger: RunTrigger;
} {
  return {
    started_by: starter?.userId ?? null,
    started_by_key: starter?.apiKeyId ?? null,
    trigger: starter?.trigger ?? 'cli',
  };
}

/** Where the records of an import belong. */
export interface ImportTarget {
  /** The source's name, unique; created on first use. */
  sourceName: string;
  /**
   * The institution bringing the records; created on first use. When given (also as null: no
   * institution), an existing source of that name must belong to it: an import never touches
   * another institution's source or records. Left out only by the operator's command line.
   */
  organisation?: { name: string; kind: OrganisationKind; website?: string | null } | null;
  /** Who started the import (recorded with its run). */
  startedBy?: RunStarter;
}

/** How often a running import says it is alive; a run silent for `STALE_AFTER_MS` was interrupted. */
const HEARTBEAT_MS = 20_000;
export const STALE_AFTER_MS = 120_000;
/** How long an upload whose run did not complete is kept to run again. */
const KEEP_FILES_DAYS = 7;

/** Files from this size on are read in a worker thread (smaller ones faster here). */
const OFF_THREAD_BYTES = 512 * 1024;
/** Largest file read in one go: a compressed file is refused when it unpacks larger. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

/** Reads a file, unpacking `.gz` (bounded), refusing files larger than the limit. */
export async function readImportFile(path: string): Promise<Buffer> {
  const size = statSync(path).size;
  if (size > MAX_FILE_BYTES)
    throw new ImportError('LG_IMPORT_TOO_LARGE', `${path} is larger than ${MAX_FILE_BYTES} bytes.`);
  const bytes = readFileSync(path);
  return path.endsWith('.gz') ? gunzipBounded(bytes, path, MAX_FILE_BYTES) : bytes;
}

/** Lists the importable files of a path: the file itself, or every file in a folder (sorted, recursive). */
export function importableFiles(path: string): string[] {
  if (!existsSync(path)) throw new ImportError('LG_IMPORT_NOT_FOUND', `There is no file or folder at ${path}.`);
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && !/\.(md|txt|tsv)$/i.test(e.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => importableFiles(join(path, e.name)));
}

/** Imports files into the catalogue: sources and runs, counts, failures kept with their raw record. */
export class ImportService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalogue: CatalogueService,
    private readonly analyze: (db: Kysely<Database>) => Promise<void> = async () => undefined,
    /** The data folder (vocabularies), for reading large files in a worker thread; without it they are read here. */
    private readonly dataDir: string | null = null,
  ) {}

  /** Finds or creates the organisation and source an import writes to. */
  async resolveTarget(
    target: ImportTarget,
  ): Promise<{ sourceId: string; organisationId: string | null; organisationName: string | null }> {
    return this.db.transaction().execute(async (trx) => {
      let organisationId: string | null = null;
      const organisationName = target.organisation?.name ?? null;
      if (target.organisation) {
        const existing = await organisations.byName(trx, target.organisation.name);
        organisationId = existing?.id ?? newId();
        if (!existing) {
          await organisations.insert(trx, {
            id: organisationId,
            name: target.organisation.name,
            kind: target.organisation.kind,
            website: target.organisation.website ?? null,
            created_at: nowIso(),
            external_id: null,
          });
        }
      }
      const source = await harvestRepository.findSourceByName(trx, target.sourceName);
      if (source && target.organisation !== undefined && source.organisation_id !== organisationId) {
        throw new AppError(
          'LG_SOURCE_NOT_YOURS',
          403,
          `The source "${target.sourceName}" belongs to another institution; an import may only add to its own institution's sources. Choose another source name.`,
          { field: 'source' },
        );
      }
      if (source)
        return { sourceId: source.id, organisationId: source.organisation_id ?? organisationId, organisationName };
      const sourceId = newId();
      await harvestRepository.insertSource(trx, {
        id: sourceId,
        organisation_id: organisationId,
        name: target.sourceName,
        type: 'file',
        url: null,
        created_at: nowIso(),
      });
      return { sourceId, organisationId, organisationName };
    });
  }

  /** Checks that an actor may import for the named organisation (the upload endpoint). */
  async authorize(
    actor: InstitutionActor | null,
    organisationId: string,
  ): Promise<{ name: string; kind: OrganisationKind }> {
    const organisation = await organisations.byId(this.db, organisationId);
    if (!organisation) throw notFound('Organisation', organisationId);
    if (!canImportFor(actor, organisationId))
      throw forbidden('Only editors of this institution may import into its collection.');
    return { name: organisation.name, kind: organisation.kind as OrganisationKind };
  }

  /**
   * Imports one file's bytes. Records are written in batches, each batch in one transaction; a
   * file that turns out malformed ends the run as failed, keeping every batch already written
   * (nothing imported before is lost or half-written).
   */
  async importBytes(
    name: string,
    bytes: Buffer,
    target: ImportTarget,
    options: ReadOptions & { snapshot?: boolean; location?: string; keep?: boolean } = {},
    onProgress?: (done: number) => void,
  ): Promise<ImportReport> {
    const { organisationName } = await this.resolveTarget(target);
    // Large files are read and mapped in a worker thread: the server keeps answering meanwhile.
    const records =
      this.dataDir && bytes.length >= OFF_THREAD_BYTES
        ? readRecordsOffThread(name, bytes, { dataDir: this.dataDir, institution: organisationName }, options)
        : readRecords(name, bytes, { vocab: this.catalogue.vocab, institution: organisationName }, options);
    const keep = options.keep
      ? { name, bytes, options: { kind: options.kind, csvMapping: options.csvMapping } }
      : undefined;
    return this.importRecords(
      name,
      records,
      target,
      { snapshot: options.snapshot, location: options.location, keep },
      onProgress,
    );
  }

  /** Imports mapped records from any source (a file's reader, a generator) in batches, as `importBytes` describes. */
  async importRecords(
    name: string,
    source: AsyncIterable<SourceRecord>,
    target: ImportTarget,
    options: { snapshot?: boolean; location?: string; keep?: KeptFile } = {},
    onProgress?: (done: number) => void,
  ): Promise<ImportReport> {
    const { sourceId, organisationId, organisationName } = await this.resolveTarget(target);
    const runId = newId();
    const run = {
      id: runId,
      source_id: sourceId,
      format: null,
      location: options.location ?? name,
      status: 'running',
      kind: options.snapshot ? 'harvest' : 'file',
      started_at: nowIso(),
      finished_at: null,
      created: 0,
      updated: 0,
      unchanged: 0,
      withdrawn: 0,
      failed: 0,
      error: null,
      heartbeat_at: nowIso(),
      ...starterColumns(target.startedBy),
    };
    await harvestRepository.insertRun(this.db, run);
    if (options.keep) {
      await harvestRepository.insertFile(this.db, {
        run_id: runId,
        name: options.keep.name,
        bytes: gzipSync(options.keep.bytes, { level: 1 }),
        options: JSON.stringify(options.keep.options),
        created_at: nowIso(),
      });
    }
    // The run's heartbeat goes on while a large file is still being read, before its first batch.
    const heartbeat = setInterval(
      () => void harvestRepository.updateRun(this.db, runId, { heartbeat_at: nowIso() }).catch(() => undefined),
      HEARTBEAT_MS,
    );
    heartbeat.unref();
    try {
      return await runFileImport(
        { db: this.db, catalogue: this.catalogue, analyze: this.analyze },

        runId,
        name,
        source,
        { sourceId, organisationId, organisationName },
        options,
        onProgress,
      );
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Imports a file or every file of a folder from disk. */
  async importPath(
    path: string,
    target: ImportTarget,
    options: ReadOptions = {},
    onProgress?: (file: string, done: number) => void,
  ): Promise<ImportReport[]> {
    const reports: ImportReport[] = [];
    for (const file of importableFiles(path)) {
      let bytes: Buffer;
      try {
        bytes = await readImportFile(file);
      } catch (error) {
        const { sourceId } = await this.resolveTarget(target);
        const runId = newId();
        const message =
          error instanceof ImportError
            ? `${error.code}: ${error.message}`
            : `LG_IMPORT_UNREADABLE: ${(error as Error).message}`;
        await harvestRepository.insertRun(this.db, {
          id: runId,
          source_id: sourceId,
          format: null,
          location: file,
          status: 'failed',
          started_at: nowIso(),
          finished_at: nowIso(),
          created: 0,
          updated: 0,
          unchanged: 0,
          withdrawn: 0,
          failed: 0,
          error: message,
          ...starterColumns(target.startedBy),
        });
        reports.push({
          runId,
          file,
          format: null,
          status: 'failed',
          error: message,
          created: 0,
          updated: 0,
          unchanged: 0,
          withdrawn: 0,
          failed: 0,
          failures: [],
        });
        continue;
      }
      reports.push(await this.importBytes(file, bytes, target, options, (done) => onProgress?.(file, done)));
    }
    return reports;
  }

  /**
   * Marks the file runs whose heartbeat stopped (their process was killed or crashed) as failed, so
   * none stays "running" forever; a kept upload can then be run again. Forgets uploads kept longer
   * than a week. Returns how many runs it marked.
   */
  async sweepInterruptedRuns(now = Date.now()): Promise<number> {
    const stale = await harvestRepository.staleFileRuns(this.db, new Date(now - STALE_AFTER_MS).toISOString());
    for (const run of stale) {
      const kept = await harvestRepository.findFile(this.db, run.id);
      await harvestRepository.updateRun(this.db, run.id, {
        status: 'failed',
        finished_at: new Date(now).toISOString(),
        error: `LG_IMPORT_INTERRUPTED: the import stopped before its end (the server was stopped or restarted); what was imported stays. ${kept ? 'Retry the run to import the rest.' : 'Import the file again to import the rest.'}`,
      });
    }
    await harvestRepository.deleteFilesBefore(this.db, new Date(now - KEEP_FILES_DAYS * 86400_000).toISOString());
    return stale.length;
  }

  /** Whether a run's uploaded file is kept (so the run can be done again). */
  async hasKeptFile(runId: string): Promise<boolean> {
    return !!(await harvestRepository.findFile(this.db, runId));
  }

  /**
   * Retries a run: a failed upload whose file is still kept (cut off by a restart, a store outage) is
   * imported again as a new run, in `rerun`; any other run has its quarantined records mapped again.
   */
  async retry(
    actor: InstitutionActor,
    runId: string,
  ): Promise<{ retried: number; resolved: number; stillFailing: number; rerun?: ImportReport }> {
    const found = await this.run(runId);
    if (!found) throw notFound('Import run', runId);
    const source = (await harvestRepository.findSource(this.db, found.run.source_id))!;
    if (!canImportFor(actor, source.organisation_id))
      throw forbidden('Only editors of this institution may retry its runs.');
    const kept = found.run.status === 'failed' ? await harvestRepository.findFile(this.db, runId) : undefined;
    if (kept) return { retried: 0, resolved: 0, stillFailing: 0, rerun: await this.rerunUpload(actor, source, kept) };
    return this.retryIssues(found, source);
  }

  /**
   * Imports the kept file of a failed upload again, as a new run into the same source; unchanged
   * records stay unchanged, so what the failed run imported is not doubled.
   */
  private async rerunUpload(actor: InstitutionActor, source: SourceRow, kept: ImportFileRow): Promise<ImportReport> {
    const organisation = source.organisation_id ? await organisations.byId(this.db, source.organisation_id) : undefined;
    const report = await this.importBytes(
      kept.name,
      gunzipSync(kept.bytes),
      {
        sourceName: source.name,
        organisation: organisation ? { name: organisation.name, kind: organisation.kind as OrganisationKind } : null,
        startedBy: runStarter(actor, 'retry'),
      },
      { ...(JSON.parse(kept.options) as ReadOptions), keep: true },
    );
    await harvestRepository.deleteFile(this.db, kept.run_id);
    return report;
  }

  /**
   * Maps the quarantined records of a run again with the current mappers (after a mapping fix) and
   * stores those that now map; the others stay quarantined with their new reason.
   */
  private async retryIssues(
    found: { run: ImportRunView; issues: ImportIssueRow[] },
    source: SourceRow,
  ): Promise<{ retried: number; resolved: number; stillFailing: number }> {
    const runId = found.run.id;
    const organisation = source.organisation_id ? await organisations.byId(this.db, source.organisation_id) : undefined;
    const ctx = { vocab: this.catalogue.vocab, institution: organisation?.name ?? null };
    let resolved = 0;
    let stillFailing = 0;
    const open = found.issues.filter((i) => !i.resolved_at && i.raw_record);
    for (const issue of open) {
      const records: SourceRecord[] = [];
      try {
        if (found.run.kind === 'harvest' || found.run.format === 'oai-pmh') {
          await streamElements(
            issue.raw_record!,
            (_n, _u, depth) => depth === 0,
            (el, scope) => {
              records.push(oaiRecord(el, scope, ctx));
            },
          );
        } else if (found.run.format?.startsWith('csv')) {
          stillFailing++;
          continue;
        } else {
          const name = /json|iiif|tate/.test(found.run.format ?? '') ? 'retry.json' : 'retry.xml';
          for await (const r of readRecords(name, Buffer.from(issue.raw_record!), ctx)) records.push(r);
        }
      } catch (error) {
        records.push({
          mapped: { status: 'failed', originalId: issue.original_id, reason: (error as Error).message },
          raw: issue.raw_record!,
          format: found.run.format ?? 'unknown',
        });
      }
      await this.db.transaction().execute(async (trx) => {
        for (const record of records) {
          if (record.mapped.status === 'failed') {
            stillFailing++;
            await harvestRepository.updateIssue(trx, issue.id, { reason: record.mapped.reason });
            continue;
          }
          const outcome = await this.catalogue.applyImported(
            trx,
            { sourceId: source.id, runId, organisationId: source.organisation_id },
            record,
            organisation?.name ?? null,
          );
          await harvestRepository.updateIssue(trx, issue.id, { resolved_at: nowIso() });
          await harvestRepository.moveCount(trx, runId, 'failed', outcome);
          resolved++;
        }
      });
    }
    return { retried: open.length, resolved, stillFailing };
  }

  /** The newest runs, of one source or all, of the given organisations' sources (null: all). */
  async runs(sourceId: string | null, limit = 50, organisationIds: string[] | null = null): Promise<ImportRunView[]> {
    return harvestRepository.listRuns(this.db, sourceId, limit, organisationIds);
  }

  async run(id: string): Promise<{ run: ImportRunView; issues: ImportIssueRow[] } | null> {
    const run = await harvestRepository.findRun(this.db, id);
    if (!run) return null;
    return { run, issues: await harvestRepository.listIssues(this.db, id) };
  }
}
