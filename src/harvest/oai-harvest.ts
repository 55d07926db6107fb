import type { Kysely } from 'kysely';
import { organisations } from '../accounts/organisations.ts';
import { addCounts, applyBatch, Batches, DuplicateGuard, noCounts } from './run-loop.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { SourceRecord } from '../catalogue/view.ts';
import type { Database } from '../db/schema.ts';
import type { Kind } from '../catalogue/model.ts';
import { oaiRecord } from './formats.ts';
import { starterColumns } from './service.ts';
import { HttpError } from '../kernel/fetch.ts';
import { OaiError, OaiPmhClient, atGranularity, backoffDelay, isRetryable } from './protocols/oai-pmh.ts';
import { harvestRepository, type ImportRunRow, type SourceRow } from './repository.ts';

import {
  errorMessage,
  HarvestError,
  OWNER,
  processAlive,
  type HarvesterConfig,
  type HarvestOptions,
  type HarvestProgress,
} from './harvest-model.ts';

/**
 * Harvests an OAI-PMH source. Each page's records and the checkpoint after it (the next resumption
 * token and the counts) are committed in one transaction, so a harvest killed at any moment resumes
 * from its last committed page and ends with the store an uninterrupted run gives.
 */
export class OaiHarvest {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalogue: CatalogueService,
    private readonly config: HarvesterConfig,
  ) {}

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
  async harvest(source: SourceRow, options: HarvestOptions): Promise<HarvestProgress> {
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
        await harvestRepository.updateSource(trx, source.id, { harvest_from: firstResponseDate, updated_at: nowIso() });
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
