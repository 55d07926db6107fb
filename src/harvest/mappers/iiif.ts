import type { MappedRecord } from '../../catalogue/model.ts';
import { parsePeriod } from '../../catalogue/model.ts';
import { httpUrl, preferLanguage, unique, type MapperContext } from './context.ts';

/** A IIIF Presentation 3 language map: `{ "nl": ["…"], "none": ["…"] }`. */
type LanguageMap = Record<string, string[]>;

/** The parts of a Presentation 3 manifest this mapper reads. */
export interface Manifest3 {
  '@context'?: unknown;
  id: string;
  type: 'Manifest';
  label?: LanguageMap;
  summary?: LanguageMap;
  metadata?: { label: LanguageMap; value: LanguageMap }[];
  rights?: string;
  requiredStatement?: { label: LanguageMap; value: LanguageMap };
  provider?: { id?: string; label?: LanguageMap; homepage?: { id: string }[] }[];
  homepage?: { id: string; type?: string }[];
  thumbnail?: { id: string; type?: string; service?: unknown[] }[];
  navDate?: string;
  items?: {
    id: string;
    type: string;
    items?: { items?: { body?: { id?: string; type?: string; service?: { id?: string; '@id'?: string }[] } }[] }[];
  }[];
}

type Json = Record<string, any>;

function isV2(json: Json): boolean {
  const context = ([] as unknown[]).concat(json['@context'] ?? []);
  return (
    context.some((c) => typeof c === 'string' && c.includes('/presentation/2/')) ||
    (json['@type'] === 'sc:Manifest' && !json.type)
  );
}

/** A Presentation 2 value (string, `{@value,@language}` or an array of them) as a v3 language map. */
function v2ToLanguageMap(value: unknown): LanguageMap | undefined {
  if (value === undefined || value === null) return undefined;
  const map: LanguageMap = {};
  for (const item of ([] as unknown[]).concat(value)) {
    if (typeof item === 'string') (map.none ??= []).push(item);
    else if (item && typeof item === 'object' && '@value' in item) {
      const lang = (item as Json)['@language'] ?? 'none';
      (map[lang] ??= []).push(String((item as Json)['@value']));
    }
  }
  return Object.keys(map).length ? map : undefined;
}

/**
 * Upgrades a Presentation 2 manifest to the v3 shape (the fields we use): `@id`→`id`,
 * `description`→`summary`, `license`→`rights`, `attribution`→`requiredStatement`,
 * sequences/canvases/images → items/annotation pages/painting annotations.
 */
export function upgradeManifest(json: Json): Manifest3 {
  if (!isV2(json)) return json as Manifest3;
  const canvases: Json[] = json.sequences?.[0]?.canvases ?? [];
  const licence = ([] as unknown[]).concat(json.license ?? [])[0];
  return {
    id: json['@id'],
    type: 'Manifest',
    label: v2ToLanguageMap(json.label),
    summary: v2ToLanguageMap(json.description),
    metadata: (json.metadata ?? []).map((m: Json) => ({
      label: v2ToLanguageMap(m.label) ?? {},
      value: v2ToLanguageMap(m.value) ?? {},
    })),
    rights: typeof licence === 'string' ? licence : undefined,
    requiredStatement: json.attribution
      ? { label: { en: ['Attribution'] }, value: v2ToLanguageMap(json.attribution)! }
      : undefined,
    homepage: json.related
      ? ([] as unknown[]).concat(json.related).map((r) => ({ id: typeof r === 'string' ? r : (r as Json)['@id'] }))
      : undefined,
    thumbnail: json.thumbnail
      ? [{ id: typeof json.thumbnail === 'string' ? json.thumbnail : json.thumbnail['@id'] }]
      : undefined,
    navDate: json.navDate,
    items: canvases.map((canvas) => ({
      id: canvas['@id'],
      type: 'Canvas',
      items: [
        {
          items: (canvas.images ?? []).map((image: Json) => ({
            body: {
              id: image.resource?.['@id'],
              type: 'Image',
              service: ([] as Json[]).concat(image.resource?.service ?? []),
            },
          })),
        },
      ],
    })),
  };
}

function fromMap(map: LanguageMap | undefined): string | null {
  if (!map) return null;
  if (typeof map !== 'object') return typeof map === 'string' ? map : null;
  // Producers send a string where the specification asks for an array; anything else is no text.
  return preferLanguage(
    Object.entries(map).flatMap(([lang, values]) =>
      ([] as unknown[])
        .concat(values)
        .filter((value): value is string => typeof value === 'string')
        .map((value) => ({ lang: lang === 'none' ? null : lang, value })),
    ),
  );
}

/** Strips the HTML IIIF allows in values (a, b, br, i, img, p, small, span, sub, sup) to text. */
export function iiifText(value: string | null): string | null {
  if (!value) return null;
  return (
    value
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/<[^>]*>/g, '')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ')
      .trim() || null
  );
}

/** A thumbnail for the first canvas: its image service at 400 px wide, or the image itself. */
function firstImage(manifest: Manifest3): string | null {
  if (manifest.thumbnail?.[0]?.id) return httpUrl(manifest.thumbnail[0].id);
  const body = manifest.items?.[0]?.items?.[0]?.items?.[0]?.body;
  const service = body?.service?.[0];
  const serviceId = service?.id ?? service?.['@id'];
  if (serviceId) return httpUrl(`${serviceId.replace(/\/$/, '')}/full/400,/0/default.jpg`);
  return httpUrl(body?.id);
}

/** Maps a IIIF Presentation manifest (3, or 2 upgraded) to a heritage object. */
export function mapIiifManifest(json: Json, ctx: MapperContext): MappedRecord {
  const type = json.type ?? json['@type'];
  if (type === 'Annotation')
    return {
      status: 'failed',
      originalId: json.id ?? null,
      reason:
        'A IIIF Content State annotation points at a detail of another manifest; it is not an object to import (use it in a lesson)',
    };
  if (type === 'Collection' || type === 'sc:Collection')
    return {
      status: 'failed',
      originalId: json.id ?? json['@id'] ?? null,
      reason: 'A IIIF Collection lists manifests; import its manifests (harvest the collection as a source)',
    };
  if (type !== 'Manifest' && type !== 'sc:Manifest')
    return {
      status: 'failed',
      originalId: json.id ?? json['@id'] ?? null,
      reason: `Not a IIIF manifest (type ${JSON.stringify(type ?? null)})`,
    };
  const manifest = upgradeManifest(json);
  const id = httpUrl(manifest.id);
  if (!id) return { status: 'failed', originalId: manifest.id ?? null, reason: 'IIIF manifest without an http(s) id' };
  const title = iiifText(fromMap(manifest.label));
  if (!title) return { status: 'failed', originalId: id, reason: 'IIIF manifest without a label' };
  const metadata = (manifest.metadata ?? []).map((m) => ({
    label: iiifText(fromMap(m.label)) ?? '',
    value: iiifText(fromMap(m.value)) ?? '',
  }));
  const pick = (...labels: string[]) => metadata.find((m) => labels.includes(m.label.toLowerCase()))?.value ?? null;
  const dateText = pick('date', 'datum', 'dating', 'datering') ?? manifest.navDate ?? null;
  const period = parsePeriod(dateText);
  const provider = manifest.provider?.[0];
  const required = manifest.requiredStatement
    ? iiifText(`${fromMap(manifest.requiredStatement.label) ?? ''}: ${fromMap(manifest.requiredStatement.value) ?? ''}`)
    : null;
  const creator = pick('creator', 'maker', 'artist', 'vervaardiger', 'kunstenaar');
  return {
    status: 'ok',
    originalId: id,
    warnings: [],
    input: {
      kind: 'heritage',
      title,
      description: iiifText(fromMap(manifest.summary)) ?? pick('description', 'beschrijving'),
      creators: creator ? [{ name: creator, role: 'creator' }] : [],
      publisher: iiifText(fromMap(provider?.label)) ?? ctx.institution ?? null,
      url: httpUrl(manifest.homepage?.[0]?.id) ?? null,
      thumbnail: firstImage(manifest),
      iiifManifest: id,
      keywords: unique([pick('subject', 'onderwerp', 'type'), pick('medium', 'materiaal')]),
      rights: manifest.rights ?? null,
      requiredStatement: required,
      dateCreated: dateText,
      periodStart: period.start,
      periodEnd: period.end,
      periodText: dateText,
      extra: { metadata, canvases: manifest.items?.length ?? 0, provider: provider?.homepage?.[0]?.id ?? null },
    },
  };
}

/**
 * Fills the placeholders of a IIIF cookbook recipe file (`{{ id.url }}`, `{{ id.path }}`) with
 * the recipe's published address, derived from its file name (`0008-rights_manifest.json`).
 * Other templated files are left alone and fail mapping with their placeholder id.
 */
export function fillCookbookTemplate(text: string, fileName: string): string {
  if (!text.includes('{{ id.')) return text;
  const recipe = /^(\d{4}-[a-z0-9-]+)_(manifest|annotation|collection)\.json$/.exec(fileName);
  if (!recipe) return text;
  const path = `https://iiif.io/api/cookbook/recipe/${recipe[1]}`;
  return text.replaceAll('{{ id.url }}', `${path}/${recipe[2]}.json`).replaceAll('{{ id.path }}', path);
}
