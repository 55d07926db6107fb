import type { CatalogueService } from '../catalogue/service.ts';
import { normaliseRights } from '../vocab/licences.ts';
import { oaiRecord } from './formats.ts';
import type { HarvesterConfig } from './harvester.ts';
import { HttpError } from './protocols/http.ts';
import { OaiError, OaiPmhClient, type Identify, type MetadataFormat, type OaiSet } from './protocols/oai-pmh.ts';

/** Metadata prefixes Leergoed maps, best first. */
export const MAPPED_PREFIXES = ['nl_lom', 'lom', 'edm', 'europeana_edm', 'edm-strict', 'lido', 'oai_dc'];

/** A finding of a connection test, with a stable code for translation. */
export interface PreviewWarning { code: string; message: string; percent?: number }

/** What "test connection" shows an editor before a source is saved. */
export interface ConnectionPreview {
  ok: boolean;
  error: string | null;
  identify: Identify | null;
  formats: (MetadataFormat & { mapped: boolean })[];
  sets: OaiSet[];
  metadataPrefix: string | null;
  records: { originalId: string | null; status: string; title: string | null; licence: string | null; reason: string | null; warnings: string[] }[];
  warnings: PreviewWarning[];
}

/**
 * Tests an OAI-PMH endpoint: Identify, formats, sets, and the first records as they will be mapped
 * (nothing is stored), with warnings such as "no licence in 40% of records".
 */
export async function previewOaiPmh(catalogue: CatalogueService, config: HarvesterConfig, input: { url: string; metadataPrefix?: string | null; set?: string | null }, sample = 10): Promise<ConnectionPreview> {
  const client = new OaiPmhClient(input.url, { limits: config.limits, retry: { ...config.retry, attempts: Math.min(config.retry.attempts, 2) }, throttle: config.throttle });
  const preview: ConnectionPreview = { ok: false, error: null, identify: null, formats: [], sets: [], metadataPrefix: null, records: [], warnings: [] };
  try {
    preview.identify = await client.identify();
    preview.formats = (await client.listMetadataFormats()).map((f) => ({ ...f, mapped: MAPPED_PREFIXES.includes(f.prefix) }));
    preview.sets = (await client.listSets(5)).slice(0, 500);
  } catch (error) {
    preview.error = describe(error);
    return preview;
  }
  const offered = preview.formats.map((f) => f.prefix);
  const prefix = input.metadataPrefix || MAPPED_PREFIXES.find((p) => offered.includes(p)) || null;
  preview.metadataPrefix = prefix;
  if (!prefix || (offered.length > 0 && !offered.includes(prefix))) {
    preview.error = `LG_HARVEST_FORMAT: ${prefix ? `The endpoint does not offer "${prefix}".` : 'The endpoint offers no format Leergoed maps.'} It offers: ${offered.join(', ') || 'nothing'}. Leergoed maps ${MAPPED_PREFIXES.join(', ')}.`;
    return preview;
  }
  if (!MAPPED_PREFIXES.includes(prefix)) preview.warnings.push({ code: 'LG_P_UNMAPPED_FORMAT', message: `Leergoed does not map "${prefix}"; choose one of ${offered.filter((p) => MAPPED_PREFIXES.includes(p)).join(', ') || 'none offered'}.` });
  let seen = 0;
  let withoutLicence = 0;
  let unknownLicence = 0;
  let unmapped = 0;
  let failed = 0;
  try {
    await client.listPage('ListRecords', { metadataPrefix: prefix, set: input.set || null }, (el, scope) => {
      const record = oaiRecord(el, scope, { vocab: catalogue.vocab });
      const mapped = record.mapped;
      if (mapped.status === 'deleted') return;
      seen++;
      if (mapped.status === 'failed') {
        failed++;
        if (preview.records.length < sample) preview.records.push({ originalId: mapped.originalId, status: 'failed', title: null, licence: null, reason: mapped.reason, warnings: [] });
        return;
      }
      const rights = normaliseRights(mapped.input.rights);
      if (rights.status === 'missing') withoutLicence++;
      if (rights.status === 'unknown') unknownLicence++;
      if (mapped.warnings.some((w) => w.startsWith('Unmapped'))) unmapped++;
      if (preview.records.length < sample) {
        preview.records.push({ originalId: mapped.originalId, status: 'ok', title: mapped.input.title, licence: rights.uri ?? rights.raw, reason: null, warnings: mapped.warnings });
      }
    }, { beforeAttempt: () => { preview.records = []; seen = 0; withoutLicence = 0; unknownLicence = 0; unmapped = 0; failed = 0; } });
  } catch (error) {
    preview.error = describe(error);
    return preview;
  }
  const percent = (n: number) => (seen ? Math.round((n / seen) * 100) : 0);
  if (seen === 0) preview.warnings.push({ code: 'LG_P_EMPTY', message: 'The first page holds no records.' });
  if (withoutLicence) preview.warnings.push({ code: 'LG_P_NO_LICENCE', percent: percent(withoutLicence), message: `No licence in ${percent(withoutLicence)}% of records.` });
  if (unknownLicence) preview.warnings.push({ code: 'LG_P_UNKNOWN_LICENCE', percent: percent(unknownLicence), message: `A licence Leergoed does not recognise in ${percent(unknownLicence)}% of records.` });
  if (unmapped) preview.warnings.push({ code: 'LG_P_UNMAPPED_VALUES', percent: percent(unmapped), message: `Vocabulary values that do not map in ${percent(unmapped)}% of records.` });
  if (failed) preview.warnings.push({ code: 'LG_P_FAILED', percent: percent(failed), message: `${percent(failed)}% of records cannot be mapped and will be quarantined.` });
  preview.ok = true;
  return preview;
}

function describe(error: unknown): string {
  if (error instanceof HttpError) return `${error.code}: ${error.message}`;
  if (error instanceof OaiError) return `LG_HARVEST_OAI_${error.code}: ${error.message}`;
  const e = error as { code?: string; message?: string };
  return `${e.code ?? 'LG_HARVEST_FAILED'}: ${e.message ?? String(error)}`;
}
