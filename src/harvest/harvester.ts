import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import { organisations } from '../accounts/organisations.ts';
import { addCounts, applyBatch, Batches, DuplicateGuard, noCounts } from './run-loop.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { SourceRecord } from '../catalogue/view.ts';
import type { Database } from '../db/schema.ts';
import type { OrganisationKind } from '../accounts/model.ts';
import type { Kind } from '../catalogue/model.ts';
import { oaiRecord } from './formats.ts';
import { gunzipBounded } from './compression.ts';
import { mapIiifManifest } from './mappers/iiif.ts';
import { MAPPED_PREFIXES } from './mapped-prefixes.ts';
import { walkCollection } from './protocols/iiif-collection.ts';
import { parseDatasetDescription } from './protocols/nde-dataset.ts';
import { starterColumns, type ImportService, type RunStarter } from './service.ts';
import { DEFAULT_LIMITS, HttpError, readAll, safeFetch, type FetchLimits } from '../kernel/fetch.ts';
import {
  DEFAULT_RETRY,
  OaiError,
  OaiPmhClient,
  atGranularity,
  backoffDelay,
  isRetryable,
  sharedThrottle,
  type HostThrottle,
  type RetryOptions,
} from './protocols/oai-pmh.ts';
import { harvestRepository, type ImportRunRow, type SourceRow } from './repository.ts';
import type { ImportCounts } from './service.ts';

/** What a harvest run reports (also while it runs). */
export interface HarvestProgress extends ImportCounts {
  runId: string;
  sourceId: string;
  pages: number;
  completeListSize: number | null;
  status: 'running' | 'completed' | 'failed';
  error: string | null;
  resumed: boolean;
}

export interface HarvestOptions {
  /** Overrides the incremental `from` (the last successful harvest's responseDate). */
  from?: string | null;
  /** Ignore the stored `from`: harvest everything. */
  full?: boolean;
  onProgress?: (progress: HarvestProgress) => void;
  /** Called after every committed page; a job uses it to extend its lease. */
  onPage?: () => Promise<void>;
  /** Who asked for the harvest (recorded with its run); the command line when left out. */
  startedBy?: RunStarter;
}

export interface HarvesterConfig {
  limits: FetchLimits;
  retry: RetryOptions;
  throttle?: HostThrottle;
  /** A page chain longer than this is stopped as never-ending. */
  maxPages: number;
  /** A run whose heartbeat is older than this is taken as crashed and resumed. */
  staleAfterMs: number;
  analyze?: (db: Kysely<Database>) => Promise<void>;
}

export const DEFAULT_HARVESTER_CONFIG: HarvesterConfig = {
  limits: DEFAULT_LIMITS,
  retry: DEFAULT_RETRY,
  maxPages: 200_000,
  staleAfterMs: 120_000,
};

/** A stable harvest error: the run fails with this code and message. */
export class HarvestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const OWNER = `${hostname()}:${process.pid}`;

function processAlive(owner: string | null): boolean {
  if (!owner) return false;
  const [host, pid] = owner.split(':');
  if (host !== hostname()) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Harvests OAI-PMH sources into the catalogue. Each page's records and the checkpoint after it (the
 * next resumption token and the counts) are committed in one transaction, so a harvest killed at any
 * moment resumes from its last committed page and ends with the store an uninterrupted run gives.
 */
export class Harvester {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalogue: CatalogueService,
    readonly config: HarvesterConfig = DEFAULT_HARVESTER_CONFIG,
    private readonly imports?: ImportService,
  ) {}

  /** Fetches a document under the harvest limits, retrying what may pass (timeouts, 5xx) with backoff. */
  async fetchDocument(url: string): Promise<{ bytes: Buffer; contentType: string | null; url: string }> {
    for (let attempt = 1; ; attempt++) {
      try {
        await (this.config.throttle ?? sharedThrottle).wait(url);
        const response = await safeFetch(url, {}, this.config.limits);
        return {
          bytes: await readAll(response.body),
          contentType: response.headers.get('content-type'),
          url: response.url,
        };
      } catch (error) {
        if (!isRetryable(error) || attempt >= this.config.retry.attempts) throw error;
        await new Promise((r) =>
          setTimeout(
            r,
            backoffDelay(attempt, this.config.retry, error instanceof HttpError ? error.retryAfterMs : undefined),
          ),
        );
      }
    }
  }

  private async fetchJson(url: string): Promise<Record<string, any>> {
    const { bytes } = await this.fetchDocument(url);
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new HarvestError('LG_HARVEST_BAD_JSON', `${url} did not answer with JSON.`);
    }
  }

  /** Harvests one source now, whatever its type. */
  async harvest(sourceId: string, options: HarvestOptions = {}): Promise<HarvestProgress> {
    const source = await harvestRepository.findSource(this.db, sourceId);
    if (!source) throw new HarvestError('LG_HARVEST_NO_SOURCE', `Source ${sourceId} does not exist.`);
    if (!source.url) throw new HarvestError('LG_HARVEST_UNSUPPORTED', `Source ${source.name} has no URL.`);
    switch (source.type) {
      case 'oai-pmh':
        return this.harvestOai(source, options);
      case 'iiif-collection':
        return this.harvestIiif(source, source.url, options);
      case 'file-url':
        return this.harvestFile(source, source.url, options);
      case 'nde-dataset':
        return this.harvestDataset(source, options);
      default:
        throw new HarvestError(
          'LG_HARVEST_UNSUPPORTED',
          `Source ${source.name} has type ${source.type}, which is not harvested.`,
        );
    }
  }

  /** Reads a dataset description and harvests the first distribution Leergoed can harvest. */
  private async harvestDataset(source: SourceRow, options: HarvestOptions): Promise<HarvestProgress> {
    const description = parseDatasetDescription(await this.fetchJson(source.url!));
    const target = description.distributions.find((d) => d.harvestAs);
    if (!target) {
      const offered = description.distributions
        .map((d) => `${d.description ?? d.url} (${d.mediaTypes.join(', ') || 'no media type'})`)
        .join('; ');
      throw new HarvestError(
        'LG_HARVEST_NO_DISTRIBUTION',
        `The dataset "${description.name ?? source.url}" offers no distribution Leergoed harvests (OAI-PMH, IIIF collection, CSV/XML/JSON file). It offers: ${offered || 'nothing'}.`,
      );
    }
    if (target.harvestAs === 'iiif-collection') return this.harvestIiif(source, target.url, options);
    if (target.harvestAs === 'file-url') return this.harvestFile(source, target.url, options);
    let prefix = source.metadata_prefix;
    if (!prefix) {
      const offered = (await this.client({ url: target.url }).listMetadataFormats()).map((f) => f.prefix);
      prefix = MAPPED_PREFIXES.find((p) => offered.includes(p)) ?? null;
      if (!prefix)
        throw new HarvestError(
          'LG_HARVEST_FORMAT',
          `The dataset's OAI-PMH endpoint offers ${offered.join(', ')}; Leergoed maps ${MAPPED_PREFIXES.join(', ')}.`,
        );
    }
    return this.harvestOai({ ...source, url: target.url, metadata_prefix: prefix }, options);
  }

  /** A file at a URL, imported as a snapshot: records it no longer holds are withdrawn. */
  private async harvestFile(source: SourceRow, url: string, options: HarvestOptions): Promise<HarvestProgress> {
    if (!this.imports) throw new HarvestError('LG_HARVEST_UNSUPPORTED', 'File sources need the import service.');
    const { bytes, url: finalUrl } = await this.fetchDocument(url);
    const name = new URL(finalUrl).pathname.split('/').pop() || 'download';
    const organisation = source.organisation_id ? await organisations.byId(this.db, source.organisation_id) : undefined;
    const data = name.endsWith('.gz') ? await gunzipBounded(bytes, name, this.config.limits.maxBytes * 10) : bytes;
    const report = await this.imports.importBytes(
      name.replace(/\.gz$/, ''),
      data,
      {
        sourceName: source.name,
        organisation: organisation ? { name: organisation.name, kind: organisation.kind as OrganisationKind } : null,
        startedBy: options.startedBy,
      },
      { snapshot: true, location: url },
    );
    const progress: HarvestProgress = {
      runId: report.runId,
      sourceId: source.id,
      pages: 1,
      completeListSize: null,
      status: report.status === 'completed' ? 'completed' : 'failed',
      error: report.error,
      resumed: false,
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      withdrawn: report.withdrawn,
      failed: report.failed,
    };
    options.onProgress?.(progress);
    return progress;
  }

  /** A IIIF collection, walked to its manifests; each manifest committed on its own; missing ones withdrawn. */
  private async harvestIiif(source: SourceRow, url: string, options: HarvestOptions): Promise<HarvestProgress> {
    const organisation = source.organisation_id ? await organisations.byId(this.db, source.organisation_id) : undefined;
    const organisationName = organisation?.name ?? null;
    const stale = (await harvestRepository.listRuns(this.db, source.id, 5)).filter((r) => r.status === 'running');
    for (const run of stale)
      await harvestRepository.updateRun(this.db, run.id, {
        status: 'failed',
        error: 'LG_HARVEST_INTERRUPTED: the run was interrupted; a new run started',
        finished_at: nowIso(),
      });
    const run = {
      id: newId(),
      source_id: source.id,
      format: 'iiif',
      location: url,
      status: 'running',
      started_at: nowIso(),
      finished_at: null,
      created: 0,
      updated: 0,
      unchanged: 0,
      withdrawn: 0,
      failed: 0,
      error: null,
      kind: 'harvest',
      pages: 0,
      resumption_token: null,
      request_from: null,
      response_date: null,
      complete_list_size: null,
      heartbeat_at: nowIso(),
      owner: OWNER,
      ...starterColumns(options.startedBy),
    };
    await harvestRepository.insertRun(this.db, run);
    const progress: HarvestProgress = {
      runId: run.id,
      sourceId: source.id,
      pages: 0,
      completeListSize: null,
      status: 'running',
      error: null,
      resumed: false,
      created: 0,
      updated: 0,
      unchanged: 0,
      withdrawn: 0,
      failed: 0,
    };
    const seen = new Set<string>();
    try {
      for await (const ref of walkCollection(url, (u) => this.fetchJson(u))) {
        let record: SourceRecord;
        try {
          const { bytes } = await this.fetchDocument(ref.id);
          const text = bytes.toString('utf8');
          let json: Record<string, any>;
          try {
            json = JSON.parse(text);
          } catch {
            throw new HarvestError('LG_HARVEST_BAD_JSON', `${ref.id} did not answer with JSON.`);
          }
          record = {
            mapped: mapIiifManifest(json, { vocab: this.catalogue.vocab, institution: organisationName }),
            raw: text,
            format: 'iiif',
          };
        } catch (error) {
          record = {
            mapped: { status: 'failed', originalId: ref.id, reason: errorMessage(error) },
            raw: JSON.stringify(ref),
            format: 'iiif',
          };
        }
        if (record.mapped.originalId) seen.add(record.mapped.originalId);
        await this.db.transaction().execute(async (trx) => {
          const outcome = await this.catalogue.applyImported(
            trx,
            { sourceId: source.id, runId: run.id, organisationId: source.organisation_id },
            record,
            organisationName,
          );
          progress[outcome]++;
          progress.pages++;
          if (record.mapped.status === 'failed') {
            await harvestRepository.insertIssues(trx, [
              {
                id: newId(),
                run_id: run.id,
                source_id: source.id,
                original_id: record.mapped.originalId,
                reason: record.mapped.reason,
                raw_record: record.raw.slice(0, 1_000_000),
                created_at: nowIso(),
              },
            ]);
          }
          await harvestRepository.updateRun(trx, run.id, {
            created: progress.created,
            updated: progress.updated,
            unchanged: progress.unchanged,
            failed: progress.failed,
            pages: progress.pages,
            heartbeat_at: nowIso(),
          });
        });
        await options.onPage?.();
        options.onProgress?.({ ...progress });
      }
      progress.withdrawn += await this.db
        .transaction()
        .execute((trx) => this.catalogue.withdrawMissing(trx, source.id, seen));
      progress.status = 'completed';
      await harvestRepository.updateRun(this.db, run.id, {
        status: 'completed',
        withdrawn: progress.withdrawn,
        finished_at: nowIso(),
      });
    } catch (error) {
      progress.status = 'failed';
      progress.error = errorMessage(error);
      await harvestRepository.updateRun(this.db, run.id, {
        status: 'failed',
        error: progress.error,
        finished_at: nowIso(),
      });
    }
    options.onProgress?.({ ...progress });
    return progress;
  }

  client(source: Pick<SourceRow, 'url'>): OaiPmhClient {
    return new OaiPmhClient(source.url!, {
      limits: this.config.limits,
      retry: this.config.retry,
      throttle: this.config.throttle,
    });
  }

  /** A run of this source that a crashed process left behind, to resume. */
  private async resumableRun(sourceId: string): Promise<ImportRunRow | null> {
    const running = (await harvestRepository.listRuns(this.db, sourceId, 5)).find(
      (r) => r.kind === 'harvest' && r.status === 'running',
    );
    if (!running) return null;
    const heartbeat = Date.parse(running.heartbeat_at ?? running.started_at);
    const stale = Date.now() - heartbeat > this.config.staleAfterMs || !processAlive(running.owner);
    if (!stale)
      throw new HarvestError(
        'LG_HARVEST_BUSY',
        `A harvest of this source is running (run ${running.id}, last heartbeat ${running.heartbeat_at}).`,
      );
    return running;
  }

  /** Harvests an OAI-PMH source: resumes a crashed run, or starts an incremental (or full) one. */
  private async harvestOai(source: SourceRow, options: HarvestOptions): Promise<HarvestProgress> {
    if (!source.metadata_prefix)
      throw new HarvestError('LG_HARVEST_UNSUPPORTED', `Source ${source.name} has no metadata prefix.`);
    const organisation = source.organisation_id ? await organisations.byId(this.db, source.organisation_id) : undefined;
    const client = this.client(source);
    const previous = await this.resumableRun(source.id);
    const run: ImportRunRow = previous ?? (await this.startRun(source, client, options));
    const progress: HarvestProgress = {
      runId: run.id,
      sourceId: source.id,
      pages: run.pages,
      completeListSize: run.complete_list_size,
      status: 'running',
      error: null,
      resumed: !!previous,
      created: run.created,
      updated: run.updated,
      unchanged: run.unchanged,
      withdrawn: run.withdrawn,
      failed: run.failed,
    };
    await harvestRepository.updateRun(this.db, run.id, { owner: OWNER, heartbeat_at: nowIso() });
    options.onProgress?.({ ...progress });
    const initial = { metadataPrefix: source.metadata_prefix, set: source.set_spec, from: run.request_from };
    // A resumed run with no token left had committed its last page: it only needs to be closed.
    let token = previous ? run.resumption_token : null;
    const finishedBeforeCrash = previous && run.pages > 0 && !run.resumption_token;
    const seenTokens = new Set<string>(token ? [token] : []);
    let restartedAfterBadToken = false;
    let firstResponseDate = run.response_date;
    try {
      while (!finishedBeforeCrash) {
        if (progress.pages >= this.config.maxPages)
          throw new HarvestError(
            'LG_HARVEST_ENDLESS',
            `Stopped after ${this.config.maxPages} pages: the list does not end.`,
          );
        let page;
        try {
          page = await this.harvestPage(
            client,
            token ? { resumptionToken: token } : initial,
            run,
            source,
            organisation?.name ?? null,
            progress,
            firstResponseDate,
          );
        } catch (error) {
          if (error instanceof OaiError && error.code === 'badResumptionToken' && token && !restartedAfterBadToken) {
            // The token expired or was refused: start the list again from the run's `from`; records already
            // stored come back unchanged.
            restartedAfterBadToken = true;
            token = null;
            seenTokens.clear();
            continue;
          }
          throw error;
        }
        firstResponseDate ??= page.responseDate;
        await options.onPage?.();
        options.onProgress?.({ ...progress });
        if (!page.resumptionToken) break;
        if (seenTokens.has(page.resumptionToken))
          throw new HarvestError(
            'LG_HARVEST_REPEATED_TOKEN',
            `The server returned resumption token "${page.resumptionToken}" a second time: the list would never end.`,
          );
        seenTokens.add(page.resumptionToken);
        token = page.resumptionToken;
      }
    } catch (error) {
      const message = errorMessage(error);
      progress.status = 'failed';
      progress.error = message;
      await harvestRepository.updateRun(this.db, run.id, { status: 'failed', error: message, finished_at: nowIso() });
      options.onProgress?.({ ...progress });
      return progress;
    }
    progress.status = 'completed';
    await this.db.transaction().execute(async (trx) => {
      await harvestRepository.updateRun(trx, run.id, {
        status: 'completed',
        finished_at: nowIso(),
        resumption_token: null,
      });
      if (firstResponseDate)
        await trx
          .updateTable('source')
          .set({ harvest_from: firstResponseDate, updated_at: nowIso() })
          .where('id', '=', source.id)
          .execute();
    });
    if (progress.created + progress.updated >= 500) await this.config.analyze?.(this.db);
    options.onProgress?.({ ...progress });
    return progress;
  }

  private async startRun(source: SourceRow, client: OaiPmhClient, options: HarvestOptions): Promise<ImportRunRow> {
    const identify = await client.identify().catch((error) => {
      // A refused address or a bad URL stays what it is: no retry mends it.
      if (error instanceof HttpError && (error.code === 'LG_HARVEST_SSRF' || error.code === 'LG_HARVEST_BAD_URL'))
        throw error;
      throw new HarvestError('LG_HARVEST_IDENTIFY', `Identify failed: ${errorMessage(error)}`);
    });
    const formats = await client.listMetadataFormats().catch(() => []);
    if (formats.length > 0 && !formats.some((f) => f.prefix === source.metadata_prefix)) {
      throw new HarvestError(
        'LG_HARVEST_FORMAT',
        `The endpoint does not offer "${source.metadata_prefix}"; it offers ${formats.map((f) => f.prefix).join(', ')}.`,
      );
    }
    const fromValue = options.from ?? (options.full ? null : source.harvest_from);
    const run = {
      id: newId(),
      source_id: source.id,
      format: source.metadata_prefix,
      location: client.requestUrl({
        verb: 'ListRecords',
        metadataPrefix: source.metadata_prefix,
        set: source.set_spec,
      }),
      status: 'running',
      started_at: nowIso(),
      finished_at: null,
      created: 0,
      updated: 0,
      unchanged: 0,
      withdrawn: 0,
      failed: 0,
      error: null,
      kind: 'harvest',
      pages: 0,
      resumption_token: null,
      request_from: fromValue ? atGranularity(fromValue, identify.granularity) : null,
      response_date: null,
      complete_list_size: null,
      heartbeat_at: nowIso(),
      owner: OWNER,
      ...starterColumns(options.startedBy),
    };
    await harvestRepository.insertRun(this.db, run);
    return run;
  }

  /** One page in one transaction: its records, its quarantined failures, and the checkpoint after it. */
  private async harvestPage(
    client: OaiPmhClient,
    args: { metadataPrefix: string; set: string | null; from: string | null } | { resumptionToken: string },
    run: ImportRunRow,
    source: SourceRow,
    organisationName: string | null,
    progress: HarvestProgress,
    firstResponseDate: string | null,
  ) {
    for (let attempt = 1; ; attempt++) {
      const counts = noCounts();
      try {
        const page = await this.db.transaction().execute(async (trx) => {
          const target = {
            runId: run.id,
            sourceId: source.id,
            organisationId: source.organisation_id,
            organisationName,
          };
          const duplicates = new DuplicateGuard('Duplicate identifier in one page; the first record was kept');
          const batches = new Batches(200, async (records) =>
            addCounts(counts, (await applyBatch(trx, this.catalogue, target, records)).counts),
          );
          const page = await client.listPage(
            'ListRecords',
            'resumptionToken' in args ? args : { metadataPrefix: args.metadataPrefix, set: args.set, from: args.from },
            async (el, scope) => {
              const record: SourceRecord = oaiRecord(el, scope, {
                vocab: this.catalogue.vocab,
                institution: organisationName,
                defaultKind: (source.default_kind as Kind | null) ?? undefined,
              });
              duplicates.check(record);
              await batches.add(record);
            },
            { retry: false },
          );
          await batches.flush();
          await harvestRepository.updateRun(trx, run.id, {
            created: progress.created + counts.created,
            updated: progress.updated + counts.updated,
            unchanged: progress.unchanged + counts.unchanged,
            withdrawn: progress.withdrawn + counts.withdrawn,
            failed: progress.failed + counts.failed,
            pages: progress.pages + 1,
            resumption_token: page.resumptionToken,
            complete_list_size: page.completeListSize ?? progress.completeListSize,
            response_date: firstResponseDate ?? page.responseDate,
            heartbeat_at: nowIso(),
          });
          return page;
        });
        addCounts(progress, counts);
        progress.pages += 1;
        progress.completeListSize = page.completeListSize ?? progress.completeListSize;
        return page;
      } catch (error) {
        if (!isRetryable(error) || attempt >= this.config.retry.attempts) throw error;
        await new Promise((r) =>
          setTimeout(
            r,
            backoffDelay(attempt, this.config.retry, error instanceof HttpError ? error.retryAfterMs : undefined),
          ),
        );
      }
    }
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof HarvestError || error instanceof HttpError) return `${error.code}: ${error.message}`;
  if (error instanceof OaiError) return `LG_HARVEST_OAI_${error.code}: ${error.message}`;
  const e = error as { code?: string; message?: string };
  return `${e.code ?? 'LG_HARVEST_FAILED'}: ${e.message ?? String(error)}`;
}
