import type { Reusability } from '../vocab/model.ts';
import { escapeHtml } from '../kernel/html.ts';

export const KINDS = ['material', 'heritage', 'lesson'] as const;
/** What a resource is: learning material, a heritage object, or a composed lesson. */
export type Kind = (typeof KINDS)[number];
export const STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type Status = (typeof STATUSES)[number];
export const ACCESS = ['open', 'restricted', 'closed'] as const;
export type Access = (typeof ACCESS)[number];

/** A person or organisation that made the resource. */
export interface Creator {
  name: string;
  role?: string | null;
  uri?: string | null;
}

/** The fields of a resource that a mapper or a user supplies. */
export interface ResourceInput {
  kind: Kind;
  title: string;
  description?: string | null;
  language?: string | null;
  creators?: Creator[];
  publisher?: string | null;
  url?: string | null;
  thumbnail?: string | null;
  iiifManifest?: string | null;
  formats?: string[];
  /** Concept ids of the vocabularies (already resolved). */
  resourceTypes?: string[];
  levels?: string[];
  subjects?: string[];
  objectives?: string[];
  keywords?: string[];
  /** The licence or rights value as found: a URI, an NL-LOM value or free text. */
  rights?: string | null;
  /** The licence of the metadata itself (e.g. CC0 for a museum's open data). */
  metadataLicence?: string | null;
  access?: Access;
  /** A statement the source requires to be shown with the resource (IIIF `requiredStatement`). */
  requiredStatement?: string | null;
  dateCreated?: string | null;
  dateModified?: string | null;
  periodStart?: number | null;
  periodEnd?: number | null;
  periodText?: string | null;
  /** Values kept from the source that have no field of their own. */
  extra?: Record<string, unknown>;
}

/** What a mapper makes of one source record. */
export type MappedRecord =
  | { status: 'ok'; originalId: string; input: ResourceInput; warnings: string[] }
  | { status: 'deleted'; originalId: string }
  | { status: 'failed'; originalId: string | null; reason: string };

/** A labelled concept as the API shows it. */
export interface LabelledConcept {
  id: string;
  label: string;
  labelEn: string | null;
  uri: string | null;
}

/** The licence of a resource as the API shows it. */
export interface LicenceView {
  uri: string | null;
  label: string | null;
  labelEn: string | null;
  notation: string | null;
  kind: 'licence' | 'rights-statement' | null;
  reusability: Reusability | null;
  status: 'ok' | 'unknown' | 'missing';
  /** The value as found in the source. */
  raw: string | null;
}

/** A ready attribution in Dutch and English, as plain text and as HTML. */
export interface Attribution {
  nl: { text: string; html: string };
  en: { text: string; html: string };
}

/** The facts an attribution is composed of (TASL: title, author, source, licence). */
export interface AttributionFacts {
  title: string;
  creators: Creator[];
  institution: string | null;
  url: string | null;
  licence: LicenceView;
  requiredStatement: string | null;
}

const ANONYMOUS = new Set(['anoniem', 'anonymous', 'onbekend', 'unknown']);

function isHttpUrl(value: string | null): value is string {
  return !!value && /^https?:\/\//.test(value);
}

/**
 * Composes a TASL attribution (Title, Author, Source, Licence) in Dutch and English, as text and
 * HTML. Anonymous makers are named as such; a missing or unrecognised licence is said plainly.
 */
export function composeAttribution(facts: AttributionFacts): Attribution {
  const makers = facts.creators.map((c) => c.name.trim()).filter(Boolean);
  const known = makers.filter((m) => !ANONYMOUS.has(m.toLowerCase()));
  const result = {} as Attribution;
  for (const lang of ['nl', 'en'] as const) {
    const words =
      lang === 'nl'
        ? {
            by: 'door',
            anonymous: 'anonieme maker',
            source: 'Bron',
            licence: 'Licentie',
            rights: 'Rechten',
            unknown: 'onbekend, vraag het de bronhouder',
            notRecognised: 'niet herkend',
            and: 'en',
          }
        : {
            by: 'by',
            anonymous: 'anonymous maker',
            source: 'Source',
            licence: 'Licence',
            rights: 'Rights',
            unknown: 'unknown, ask the source holder',
            notRecognised: 'not recognised',
            and: 'and',
          };
    const author = known.length > 0 ? joinNames(known, words.and) : makers.length > 0 ? words.anonymous : null;
    const licenceLabel = (lang === 'nl' ? facts.licence.label : (facts.licence.labelEn ?? facts.licence.label)) ?? null;
    const licenceWord = facts.licence.kind === 'rights-statement' ? words.rights : words.licence;
    let licenceText: string;
    let licenceHtml: string;
    if (facts.licence.status === 'ok' && facts.licence.uri) {
      const name =
        facts.licence.notation && facts.licence.kind === 'licence'
          ? `${facts.licence.notation} (${licenceLabel})`
          : (licenceLabel ?? facts.licence.uri);
      licenceText = `${licenceWord}: ${name}, ${facts.licence.uri}`;
      licenceHtml = `${licenceWord}: <a href="${escapeHtml(facts.licence.uri)}" rel="license">${escapeHtml(name)}</a>`;
    } else if (facts.licence.status === 'unknown') {
      licenceText = `${words.licence}: “${facts.licence.raw}” (${words.notRecognised})`;
      licenceHtml = escapeHtml(licenceText);
    } else {
      licenceText = `${words.licence}: ${words.unknown}`;
      licenceHtml = escapeHtml(licenceText);
    }
    const titleText = `“${facts.title}”`;
    const titleHtml = isHttpUrl(facts.url)
      ? `<a href="${escapeHtml(facts.url)}">${escapeHtml(titleText)}</a>`
      : escapeHtml(titleText);
    const authorPart = author ? ` ${words.by} ${author}` : '';
    const sourceName = facts.institution ?? (isHttpUrl(facts.url) ? new URL(facts.url).hostname : null);
    const sourceText = sourceName
      ? `${words.source}: ${sourceName}${isHttpUrl(facts.url) ? `, ${facts.url}` : ''}`
      : null;
    const sourceHtml = sourceName
      ? `${words.source}: ${isHttpUrl(facts.url) ? `<a href="${escapeHtml(facts.url)}">${escapeHtml(sourceName)}</a>` : escapeHtml(sourceName)}`
      : null;
    const required = facts.requiredStatement ? facts.requiredStatement.trim() : null;
    const textParts = [`${titleText}${authorPart}`, sourceText, licenceText, required].filter(Boolean);
    const htmlParts = [
      `${titleHtml}${escapeHtml(authorPart)}`,
      sourceHtml,
      licenceHtml,
      required ? escapeHtml(required) : null,
    ].filter(Boolean);
    result[lang] = { text: textParts.join('. ') + '.', html: htmlParts.join('. ') + '.' };
  }
  return result;
}

function joinNames(names: string[], and: string): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${and} ${names.at(-1)}`;
}

/** Sort key of a title: folded, articles and punctuation ignored. */
export function sortTitle(title: string): string {
  return title
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .replace(/^(de|het|een|the|a|an|'t) /, '')
    .slice(0, 200);
}

/** Parses a year range out of free date text ("1680", "ca. 1700-1750", "1802-05-14"). */
export function parsePeriod(text: string | null | undefined): { start: number | null; end: number | null } {
  if (!text) return { start: null, end: null };
  const years = [...text.matchAll(/(?<![\d])(\d{3,4})(?![\d])/g)].map((m) => Number(m[1]));
  if (years.length === 0) return { start: null, end: null };
  return { start: Math.min(...years), end: Math.max(...years) };
}
