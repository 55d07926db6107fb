import { escapeHtml as x } from '../../app/html.ts';
import type { ResourceView } from '../../catalogue/service.ts';

/** A metadata format the provider disseminates. */
export interface MetadataFormat {
  prefix: string;
  schema: string;
  namespace: string;
  /** Whether a resource can be disseminated in it. */
  accepts(resource: ResourceView): boolean;
  /** The `<metadata>` payload of a resource (one element in the format's namespace). */
  write(resource: ResourceView, publicUrl: string): string;
}

const pageOf = (r: ResourceView, publicUrl: string) => `${publicUrl}/${r.kind === 'lesson' ? 'les' : 'r'}/${r.id}`;
const el = (name: string, value: string | null | undefined, attrs = '') => (value ? `<${name}${attrs}>${x(value)}</${name}>` : '');

/** Unqualified Dublin Core: every resource. */
export const OAI_DC: MetadataFormat = {
  prefix: 'oai_dc',
  schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd',
  namespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/',
  accepts: () => true,
  write(r, publicUrl) {
    const parts = [
      el('dc:title', r.title),
      ...r.creators.map((c) => el('dc:creator', c.name)),
      ...[...r.subjects.map((s) => s.label), ...r.keywords].map((s) => el('dc:subject', s)),
      el('dc:description', r.description),
      el('dc:publisher', r.publisher ?? r.institution?.name ?? null),
      el('dc:date', r.dates.created ?? r.dates.period.text ?? null),
      el('dc:type', r.kind === 'heritage' ? 'PhysicalObject' : 'InteractiveResource'),
      ...r.resourceTypes.map((t) => el('dc:type', t.label)),
      ...r.formats.map((f) => el('dc:format', f)),
      el('dc:identifier', pageOf(r, publicUrl)),
      r.url ? el('dc:identifier', r.url) : '',
      el('dc:language', r.language),
      el('dc:rights', r.licence.uri ?? r.licence.raw),
      ...r.levels.map((l) => el('dc:coverage', l.label)),
    ].filter(Boolean);
    return `<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">${parts.join('')}</oai_dc:dc>`;
  },
};

export const FORMATS: MetadataFormat[] = [OAI_DC];

export function formatOf(prefix: string): MetadataFormat | undefined {
  return FORMATS.find((f) => f.prefix === prefix);
}
