/** A distribution of a dataset, and what Leergoed can do with it. */
export interface Distribution {
  url: string;
  mediaTypes: string[];
  conformsTo: string[];
  description: string | null;
  /** `oai-pmh`, `iiif-collection` or `file-url` when Leergoed can harvest it; null otherwise. */
  harvestAs: 'oai-pmh' | 'iiif-collection' | 'file-url' | null;
}

/** What a dataset description (NDE dataset register: schema.org or DCAT, as JSON-LD) says. */
export interface DatasetDescription {
  id: string | null;
  name: string | null;
  publisher: string | null;
  licence: string | null;
  distributions: Distribution[];
}

type Json = Record<string, any>;

const FILE_TYPES = [
  'text/csv',
  'application/xml',
  'text/xml',
  'application/json',
  'application/gzip',
  'application/x-ndjson',
];

function list(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

/** A JSON-LD value as text: a string, `{@value}`, `{@id}`, or the Dutch/first of several. */
function text(value: unknown): string | null {
  const values = list(value)
    .map((v) =>
      typeof v === 'string'
        ? { v, lang: null }
        : v && typeof v === 'object'
          ? { v: (v as Json)['@value'] ?? (v as Json)['@id'], lang: (v as Json)['@language'] ?? null }
          : { v: null, lang: null },
    )
    .filter((x): x is { v: string; lang: string | null } => typeof x.v === 'string');
  return (values.find((x) => x.lang?.startsWith('nl')) ?? values[0])?.v ?? null;
}

/** Reads a property under its schema.org or DCAT/Dublin Core names (prefixed or full IRIs). */
function prop(node: Json, ...names: string[]): unknown {
  for (const name of names) {
    for (const key of [name, `schema:${name}`, `http://schema.org/${name}`, `https://schema.org/${name}`])
      if (node[key] !== undefined) return node[key];
  }
  return undefined;
}

function mediaType(value: string): string {
  return value.replace(/^https?:\/\/www\.iana\.org\/assignments\/media-types\//, '').toLowerCase();
}

/** Decides how a distribution can be harvested from its media types, conformance and address. */
export function harvestKind(url: string, mediaTypes: string[], conformsTo: string[]): Distribution['harvestAs'] {
  const standards = conformsTo.join(' ').toLowerCase();
  if (/openarchives\.org\/oai|oai-pmh/.test(standards) || /[?&]verb=|\/oai(-pmh)?\/?$/i.test(url)) return 'oai-pmh';
  if (/iiif\.io\/api\/presentation/.test(standards) || mediaTypes.some((m) => m.includes('iiif.io/api/presentation')))
    return 'iiif-collection';
  if (mediaTypes.some((m) => FILE_TYPES.includes(m.split(';')[0]!.trim())) && !/sparql/.test(standards))
    return 'file-url';
  return null;
}

/** Parses a dataset description in schema.org (`Dataset`, `distribution`) or DCAT (`dcat:Dataset`, `dcat:distribution`). */
export function parseDatasetDescription(json: Json): DatasetDescription {
  const graph: Json[] = Array.isArray(json['@graph']) ? json['@graph'] : [json];
  const byId = new Map(graph.filter((n) => n['@id']).map((n) => [n['@id'], n]));
  const isDataset = (n: Json) => list(n['@type']).some((t) => typeof t === 'string' && /(^|[:/#])Dataset$/.test(t));
  const dataset = graph.find(isDataset);
  if (!dataset) return { id: null, name: null, publisher: null, licence: null, distributions: [] };
  const publisherRef =
    prop(dataset, 'publisher') ?? dataset['dct:publisher'] ?? dataset['http://purl.org/dc/terms/publisher'];
  const publisherNode =
    publisherRef && typeof publisherRef === 'object'
      ? ((byId.get((publisherRef as Json)['@id']) ?? publisherRef) as Json)
      : null;
  const distributions = list(
    prop(dataset, 'distribution') ?? dataset['dcat:distribution'] ?? dataset['http://www.w3.org/ns/dcat#distribution'],
  )
    .map((d) => {
      const node = (typeof d === 'object' && d && (d as Json)['@id'] && byId.get((d as Json)['@id'])) || (d as Json);
      const url =
        text(prop(node, 'contentUrl', 'url')) ?? text(node['dcat:downloadURL']) ?? text(node['dcat:accessURL']) ?? '';
      const mediaTypes = [...list(prop(node, 'encodingFormat')), ...list(node['dcat:mediaType'])]
        .map((m) => text(m))
        .filter((m): m is string => !!m)
        .map(mediaType);
      const conformsTo = [...list(prop(node, 'usageInfo')), ...list(node['dct:conformsTo'])]
        .map((m) => text(m))
        .filter((m): m is string => !!m);
      return {
        url,
        mediaTypes,
        conformsTo,
        description: text(prop(node, 'description') ?? node['dct:description']),
        harvestAs: url ? harvestKind(url, mediaTypes, conformsTo) : null,
      };
    })
    .filter((d) => d.url);
  return {
    id: dataset['@id'] ?? null,
    name: text(prop(dataset, 'name') ?? dataset['dct:title']),
    publisher: publisherNode ? text(prop(publisherNode, 'name') ?? publisherNode['foaf:name']) : null,
    licence: text(prop(dataset, 'license') ?? dataset['dct:license']),
    distributions,
  };
}
