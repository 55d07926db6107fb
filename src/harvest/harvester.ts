import type { Kysely } from 'kysely';
import { organisations } from '../accounts/organisations.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { SourceRecord } from '../catalogue/view.ts';
import type { Database } from '../db/schema.ts';
import type { OrganisationKind } from '../accounts/model.ts';
import { gunzipBounded } from './compression.ts';
import { mapIiifManifest } from './mappers/iiif.ts';
import { MAPPED_PREFIXES } from './mapped-prefixes.ts';
import { walkCollection } from './protocols/iiif-collection.ts';
import { parseDatasetDescription } from './protocols/nde-dataset.ts';
import { starterColumns, type ImportService } from './service.ts';
import { HttpError, readAll, safeFetch } from '../kernel/fetch.ts';
import { OaiPmhClient, backoffDelay, isRetryable, sharedThrottle } from './protocols/oai-pmh.ts';
import { harvestRepository, type SourceRow } from './repository.ts';

import {
  DEFAULT_HARVESTER_CONFIG,
  OWNER,
  errorMessage,
  HarvestError,
  type HarvesterConfig,
  type HarvestOptions,
  type HarvestProgress,
} from './harvest-model.ts';
import { OaiHarvest } from './oai-harvest.ts';

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
  ) {
    this.oai = new OaiHarvest(db, catalogue, config);
  }

  private readonly oai: OaiHarvest;

  /** An OAI-PMH client for a source, under the harvest limits. */
  client(source: Pick<SourceRow, 'url'>): OaiPmhClient {
    return this.oai.client(source);
  }

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
        return this.oai.harvest(source, options);
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
    return this.oai.harvest({ ...source, url: target.url, metadata_prefix: prefix }, options);
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
}
