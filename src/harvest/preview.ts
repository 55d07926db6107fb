import type { CatalogueService } from '../catalogue/service.ts';
import type { SourceRecord } from '../catalogue/view.ts';
import { readRecords } from './formats.ts';
import type { Harvester } from './harvester.ts';
import { mapIiifManifest } from './mappers/iiif.ts';
import { walkCollection } from './protocols/iiif-collection.ts';
import { parseDatasetDescription } from './protocols/nde-dataset.ts';
import type { SourceType } from './sources.ts';
import { normaliseRights } from '../vocab/licences.ts';
import { oaiRecord } from './formats.ts';
import type { HarvesterConfig } from './harvest-model.ts';
import { HttpError } from '../kernel/fetch.ts';
import { OaiError, OaiPmhClient, type Identify, type MetadataFormat, type OaiSet } from './protocols/oai-pmh.ts';

import { MAPPED_PREFIXES } from './mapped-prefixes.ts';

export { MAPPED_PREFIXES };

/** A finding of a connection test, with a stable code for translation. */
export interface PreviewWarning {
  code: string;
  message: string;
  percent?: number;
}

/** What "test connection" shows an editor before a source is saved. */
export interface ConnectionPreview {
  ok: boolean;
  /** What went wrong as `CODE: message` (kept for clients that read it), or null. */
  error: string | null;
  /** The same, as a code and a message apart (null when nothing went wrong). */
  problem: { code: string; message: string } | null;
  identify: Identify | null;
  formats: (MetadataFormat & { mapped: boolean })[];
  sets: OaiSet[];
  metadataPrefix: string | null;
  records: {
    originalId: string | null;
    status: string;
    title: string | null;
    licence: string | null;
    reason: string | null;
    warnings: string[];
  }[];
  warnings: PreviewWarning[];
  /** For a dataset description: its distributions and which one a harvest would use. */
  dataset?: {
    name: string | null;
    distributions: { url: string; mediaTypes: string[]; description: string | null; harvestAs: string | null }[];
    chosen: string | null;
  };
}

const NO_DISTRIBUTION =
  'The dataset offers no distribution Leergoed harvests (OAI-PMH, IIIF collection, CSV/XML/JSON file).';

/** Tests a source of any type: OAI-PMH, a IIIF collection, a file at a URL, or an NDE dataset description. */
export async function previewSource(
  catalogue: CatalogueService,
  harvester: Harvester,
  input: { type: SourceType; url: string; metadataPrefix?: string | null; set?: string | null },
  sample = 10,
): Promise<ConnectionPreview> {
  const config = harvester.config;
  if (input.type === 'oai-pmh') return previewOaiPmh(catalogue, config, input, sample);
  const preview: ConnectionPreview = {
    ok: false,
    error: null,
    problem: null,
    identify: null,
    formats: [],
    sets: [],
    metadataPrefix: null,
    records: [],
    warnings: [],
  };
  const collect = (mapped: SourceRecord['mapped']) => {
    if (preview.records.length >= sample || mapped.status === 'deleted') return;
    if (mapped.status === 'failed')
      preview.records.push({
        originalId: mapped.originalId,
        status: 'failed',
        title: null,
        licence: null,
        reason: mapped.reason,
        warnings: [],
      });
    else {
      const rights = normaliseRights(mapped.input.rights);
      preview.records.push({
        originalId: mapped.originalId,
        status: 'ok',
        title: mapped.input.title,
        licence: rights.uri ?? rights.raw,
        reason: null,
        warnings: mapped.warnings,
      });
    }
  };
  try {
    if (input.type === 'nde-dataset') {
      const { bytes } = await harvester.fetchDocument(input.url);
      const description = parseDatasetDescription(JSON.parse(bytes.toString('utf8')));
      const chosen = description.distributions.find((d) => d.harvestAs) ?? null;
      const nested = chosen
        ? await previewSource(catalogue, harvester, { ...input, type: chosen.harvestAs!, url: chosen.url }, sample)
        : null;
      return {
        ...(nested ?? preview),
        ok: !!nested?.ok,
        ...(chosen
          ? { error: nested!.error, problem: nested!.problem }
          : {
              error: `LG_HARVEST_NO_DISTRIBUTION: ${NO_DISTRIBUTION}`,
              problem: { code: 'LG_HARVEST_NO_DISTRIBUTION', message: NO_DISTRIBUTION },
            }),
        dataset: {
          name: description.name,
          distributions: description.distributions.map((d) => ({
            url: d.url,
            mediaTypes: d.mediaTypes,
            description: d.description,
            harvestAs: d.harvestAs,
          })),
          chosen: chosen?.url ?? null,
        },
      };
    }
    if (input.type === 'iiif-collection') {
      let count = 0;
      for await (const ref of walkCollection(input.url, async (u) =>
        JSON.parse((await harvester.fetchDocument(u)).bytes.toString('utf8')),
      )) {
        if (count++ >= sample) break;
        try {
          const json = JSON.parse((await harvester.fetchDocument(ref.id)).bytes.toString('utf8'));
          collect(mapIiifManifest(json, { vocab: catalogue.vocab }));
        } catch (error) {
          const problem = describe(error);
          collect({ status: 'failed', originalId: ref.id, reason: `${problem.code}: ${problem.message}` });
        }
      }
    } else {
      const { bytes, url } = await harvester.fetchDocument(input.url);
      const name = new URL(url).pathname.split('/').pop() || 'download';
      for await (const record of readRecords(name, bytes, { vocab: catalogue.vocab })) {
        collect(record.mapped);
        if (preview.records.length >= sample) break;
      }
    }
  } catch (error) {
    fail(preview, describe(error));
    return preview;
  }
  const seen = preview.records.length;
  const without = preview.records.filter((r) => r.status === 'ok' && !r.licence).length;
  if (seen === 0) preview.warnings.push({ code: 'LG_P_EMPTY', message: 'No records found.' });
  if (without)
    preview.warnings.push({
      code: 'LG_P_NO_LICENCE',
      percent: Math.round((without / seen) * 100),
      message: `No licence in ${Math.round((without / seen) * 100)}% of records.`,
    });
  preview.ok = true;
  return preview;
}

/**
 * Tests an OAI-PMH endpoint: Identify, formats, sets, and the first records as they will be mapped
 * (nothing is stored), with warnings such as "no licence in 40% of records".
 */
export async function previewOaiPmh(
  catalogue: CatalogueService,
  config: HarvesterConfig,
  input: { url: string; metadataPrefix?: string | null; set?: string | null },
  sample = 10,
): Promise<ConnectionPreview> {
  const client = new OaiPmhClient(input.url, {
    limits: config.limits,
    retry: { ...config.retry, attempts: Math.min(config.retry.attempts, 2) },
    throttle: config.throttle,
  });
  const preview: ConnectionPreview = {
    ok: false,
    error: null,
    problem: null,
    identify: null,
    formats: [],
    sets: [],
    metadataPrefix: null,
    records: [],
    warnings: [],
  };
  try {
    preview.identify = await client.identify();
    preview.formats = (await client.listMetadataFormats()).map((f) => ({
      ...f,
      mapped: MAPPED_PREFIXES.includes(f.prefix),
    }));
    preview.sets = (await client.listSets(5)).slice(0, 500);
  } catch (error) {
    fail(preview, describe(error));
    return preview;
  }
  const offered = preview.formats.map((f) => f.prefix);
  const prefix = input.metadataPrefix || MAPPED_PREFIXES.find((p) => offered.includes(p)) || null;
  preview.metadataPrefix = prefix;
  if (!prefix || (offered.length > 0 && !offered.includes(prefix))) {
    fail(preview, {
      code: 'LG_HARVEST_FORMAT',
      message: `${prefix ? `The endpoint does not offer "${prefix}".` : 'The endpoint offers no format Leergoed maps.'} It offers: ${offered.join(', ') || 'nothing'}. Leergoed maps ${MAPPED_PREFIXES.join(', ')}.`,
    });
    return preview;
  }
  if (!MAPPED_PREFIXES.includes(prefix))
    preview.warnings.push({
      code: 'LG_P_UNMAPPED_FORMAT',
      message: `Leergoed does not map "${prefix}"; choose one of ${offered.filter((p) => MAPPED_PREFIXES.includes(p)).join(', ') || 'none offered'}.`,
    });
  let seen = 0;
  let withoutLicence = 0;
  let unknownLicence = 0;
  let unmapped = 0;
  let failed = 0;
  try {
    await client.listPage(
      'ListRecords',
      { metadataPrefix: prefix, set: input.set || null },
      (el, scope) => {
        const record = oaiRecord(el, scope, { vocab: catalogue.vocab });
        const mapped = record.mapped;
        if (mapped.status === 'deleted') return;
        seen++;
        if (mapped.status === 'failed') {
          failed++;
          if (preview.records.length < sample)
            preview.records.push({
              originalId: mapped.originalId,
              status: 'failed',
              title: null,
              licence: null,
              reason: mapped.reason,
              warnings: [],
            });
          return;
        }
        const rights = normaliseRights(mapped.input.rights);
        if (rights.status === 'missing') withoutLicence++;
        if (rights.status === 'unknown') unknownLicence++;
        if (mapped.warnings.some((w) => w.startsWith('Unmapped'))) unmapped++;
        if (preview.records.length < sample) {
          preview.records.push({
            originalId: mapped.originalId,
            status: 'ok',
            title: mapped.input.title,
            licence: rights.uri ?? rights.raw,
            reason: null,
            warnings: mapped.warnings,
          });
        }
      },
      {
        beforeAttempt: () => {
          preview.records = [];
          seen = 0;
          withoutLicence = 0;
          unknownLicence = 0;
          unmapped = 0;
          failed = 0;
        },
      },
    );
  } catch (error) {
    fail(preview, describe(error));
    return preview;
  }
  const percent = (n: number) => (seen ? Math.round((n / seen) * 100) : 0);
  if (seen === 0) preview.warnings.push({ code: 'LG_P_EMPTY', message: 'The first page holds no records.' });
  if (withoutLicence)
    preview.warnings.push({
      code: 'LG_P_NO_LICENCE',
      percent: percent(withoutLicence),
      message: `No licence in ${percent(withoutLicence)}% of records.`,
    });
  if (unknownLicence)
    preview.warnings.push({
      code: 'LG_P_UNKNOWN_LICENCE',
      percent: percent(unknownLicence),
      message: `A licence Leergoed does not recognise in ${percent(unknownLicence)}% of records.`,
    });
  if (unmapped)
    preview.warnings.push({
      code: 'LG_P_UNMAPPED_VALUES',
      percent: percent(unmapped),
      message: `Vocabulary values that do not map in ${percent(unmapped)}% of records.`,
    });
  if (failed)
    preview.warnings.push({
      code: 'LG_P_FAILED',
      percent: percent(failed),
      message: `${percent(failed)}% of records cannot be mapped and will be quarantined.`,
    });
  preview.ok = true;
  return preview;
}

/** What went wrong, as a code people's sentences are chosen by and the technical message. */
function describe(error: unknown): { code: string; message: string } {
  if (error instanceof HttpError) return { code: error.code, message: error.message };
  if (error instanceof OaiError) return { code: `LG_HARVEST_OAI_${error.code}`, message: error.message };
  const e = error as { code?: string; message?: string };
  return { code: e.code ?? 'LG_HARVEST_FAILED', message: e.message ?? String(error) };
}

/** Records a problem on a preview, in both of its forms. */
function fail(preview: ConnectionPreview, problem: { code: string; message: string }): void {
  preview.problem = problem;
  preview.error = `${problem.code}: ${problem.message}`;
}
