import { escapeHtml as x } from '../../kernel/html.ts';
import type { ResourceView } from '../../catalogue/view.ts';

/** A metadata format the provider disseminates. */
export interface MetadataFormat {
  prefix: string;
  schema: string;
  namespace: string;
  /** Whether a resource can be disseminated in it. */
  accepts(resource: ResourceView): boolean;
  /** Which resources its lists hold (as `accepts` says, in SQL terms). */
  scope: 'all' | 'licensed-heritage';
  /** The `<metadata>` payload of a resource (one element in the format's namespace). */
  write(resource: ResourceView, publicUrl: string): string;
}

const pageOf = (r: ResourceView, publicUrl: string) => `${publicUrl}/${r.kind === 'lesson' ? 'les' : 'r'}/${r.id}`;
const el = (name: string, value: string | null | undefined, attrs = '') =>
  value ? `<${name}${attrs}>${x(value)}</${name}>` : '';

/** Unqualified Dublin Core: every resource. */
export const OAI_DC: MetadataFormat = {
  prefix: 'oai_dc',
  schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd',
  namespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/',
  accepts: () => true,
  scope: 'all',
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

const VDEX = 'http://purl.edustandaard.nl';
const vocab = (name: string, source: string, value: string) =>
  `<${name}><source><langstring xml:lang="x-none">${x(source)}</langstring></source><value><langstring xml:lang="x-none">${x(value)}</langstring></value></${name}>`;
/** The vocabulary values every record repeats, written once. */
const FIXED = {
  aggregation: {
    heritage: vocab('aggregationlevel', `${VDEX}/vdex_aggregationlevel_czp_20060628.xml`, '1'),
    other: vocab('aggregationlevel', `${VDEX}/vdex_aggregationlevel_czp_20060628.xml`, '2'),
  },
  author: vocab('role', `${VDEX}/vdex_lifecycle_contribute_role_lomv1p0_20060628.xml`, 'author'),
  publisher: vocab('role', `${VDEX}/vdex_lifecycle_contribute_role_lomv1p0_20060628.xml`, 'publisher'),
  learner: vocab('intendedenduserrole', `${VDEX}/vdex_intendedenduserrole_lomv1p0_20060628.xml`, 'learner'),
  context: Object.fromEntries(
    ['PO', 'VO', 'SO', 'VVE'].map((c) => [c, vocab('context', `${VDEX}/vdex_context_czp_20060628.xml`, c)]),
  ),
  cost: {
    yes: vocab('cost', `${VDEX}/vdex_cost_lomv1p0_20060628.xml`, 'yes'),
    no: vocab('cost', `${VDEX}/vdex_cost_lomv1p0_20060628.xml`, 'no'),
  },
  purpose: Object.fromEntries(
    ['discipline', 'educational level', 'educational objective'].map((p) => [
      p,
      vocab('purpose', `${VDEX}/vdex_classification_purpose_czp_20060628.xml`, p),
    ]),
  ),
  taxonSource: `<source><langstring xml:lang="x-none">${VDEX}/begrippenkader</langstring></source>`,
};
const langstring = (value: string, lang: string) => `<langstring xml:lang="${x(lang)}">${x(value)}</langstring>`;

/** The NL-LOM copyright value of a CC BY licence 3.0 or 4.0 (`cc-by-sa-40`); null for others. */
function nlLomLicence(uri: string | null): string | null {
  const cc = uri ? /^http:\/\/creativecommons\.org\/licenses\/(by(?:-nc)?(?:-sa|-nd)?)\/([34])\.0\/$/.exec(uri) : null;
  return cc ? `cc-${cc[1]}-${cc[2]}0` : null;
}

/**
 * The czp contexts (5.6) among a resource's levels: SLO's sector levels po, vo, so and vve are the
 * contexts PO, VO, SO and VVE (as the NL-LOM mapper reads them back); finer levels go in the
 * educational level classification only.
 */
function contexts(levels: { label: string }[]): string[] {
  const sectors: Record<string, string> = { po: 'PO', vo: 'VO', so: 'SO', vve: 'VVE' };
  return levels.map((l) => sectors[l.label.toLowerCase()]).filter((c): c is string => !!c);
}

/** A vCard 3.0 with a formatted name. */
const vcard = (name: string) =>
  `BEGIN:VCARD\nVERSION:3.0\nFN:${name.replace(/[\\,;]/g, (c) => `\\${c}`).replace(/\n/g, ' ')}\nEND:VCARD`;

/**
 * NL-LOM (IMS MD 1.2 namespace, as Edurep harvests it): title, language, description, keywords,
 * aggregation level, authors and publisher as vCards, location and formats, the intended end user
 * role and context, cost and the licence (NL-LOM's `cc-by-…` values, else the licence URI in 6.3),
 * and classifications with SLO ids: discipline, educational level, educational objective.
 */
export const NL_LOM: MetadataFormat = {
  prefix: 'nl_lom',
  schema: 'http://www.imsglobal.org/xsd/imsmd_v1p2p4.xsd',
  namespace: 'http://www.imsglobal.org/xsd/imsmd_v1p2',
  accepts: () => true,
  scope: 'all',
  write(r, publicUrl) {
    // A language that is not a language tag ("n/a" in some sources) is left out, not passed on.
    const language = r.language && /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/.test(r.language) ? r.language : null;
    const lang = language ?? 'x-none';
    const page = pageOf(r, publicUrl);
    const general =
      `<general><title>${langstring(r.title, lang)}</title>` +
      `<catalogentry><catalog>URI</catalog><entry>${langstring(page, 'x-none')}</entry></catalogentry>` +
      (language ? `<language>${x(language)}</language>` : '') +
      (r.description ? `<description>${langstring(r.description, lang)}</description>` : '') +
      r.keywords.map((k) => `<keyword>${langstring(k, lang)}</keyword>`).join('') +
      (r.kind === 'heritage' ? FIXED.aggregation.heritage : FIXED.aggregation.other) +
      '</general>';
    const date =
      r.dates.created && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(r.dates.created)
        ? `<date><datetime>${x(r.dates.created)}</datetime></date>`
        : '';
    const contributions = [
      ...r.creators.map(
        (c) => `<contribute>${FIXED.author}<centity><vcard>${x(vcard(c.name))}</vcard></centity></contribute>`,
      ),
      ...((r.publisher ?? r.institution?.name)
        ? [
            `<contribute>${FIXED.publisher}<centity><vcard>${x(vcard((r.publisher ?? r.institution?.name)!))}</vcard></centity>${date}</contribute>`,
          ]
        : []),
    ];
    const lifecycle = contributions.length ? `<lifecycle>${contributions.join('')}</lifecycle>` : '';
    const metametadata =
      '<metametadata><metadatascheme>LOMv1.0</metadatascheme><metadatascheme>nl_lom_v1p0</metadatascheme></metametadata>';
    const technical = `<technical>${r.formats.map((f) => `<format>${x(f)}</format>`).join('')}<location>${x(r.url ?? page)}</location></technical>`;
    const educational =
      '<educational>' +
      FIXED.learner +
      contexts(r.levels)
        .map((c) => FIXED.context[c])
        .join('') +
      '</educational>';
    const nl = nlLomLicence(r.licence.uri);
    const rightsText = r.licence.uri ?? r.licence.raw;
    const rights =
      '<rights>' +
      (r.access === 'closed' ? FIXED.cost.yes : FIXED.cost.no) +
      vocab('copyrightandotherrestrictions', `${VDEX}/copyrightsandotherrestrictions_nllom_20131202`, nl ?? 'yes') +
      (rightsText ? `<description>${langstring(rightsText, 'x-none')}</description>` : '') +
      '</rights>';
    const classification = (purpose: string, concepts: { id: string; label: string }[]) =>
      concepts.length === 0
        ? ''
        : `<classification>${FIXED.purpose[purpose]}` +
          concepts
            .map(
              (c) =>
                `<taxonpath>${FIXED.taxonSource}<taxon><id>${x(c.id)}</id><entry>${langstring(c.label, 'nl')}</entry></taxon></taxonpath>`,
            )
            .join('') +
          '</classification>';
    return (
      `<lom xmlns="http://www.imsglobal.org/xsd/imsmd_v1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsglobal.org/xsd/imsmd_v1p2 http://www.imsglobal.org/xsd/imsmd_v1p2p4.xsd">` +
      general +
      lifecycle +
      metametadata +
      technical +
      educational +
      rights +
      classification('discipline', r.subjects) +
      classification('educational level', r.levels) +
      classification('educational objective', r.objectives) +
      '</lom>'
    );
  },
};

/**
 * EDM (Europeana Data Model) for heritage objects whose rights are known: a ProvidedCHO and its
 * Aggregation with `edm:rights`. Objects without a licence or rights statement are not offered in
 * EDM (cannotDisseminateFormat): Europeana needs their rights, and Leergoed does not guess them.
 */
export const EDM: MetadataFormat = {
  prefix: 'edm',
  schema: 'http://www.europeana.eu/schemas/edm/EDM.xsd',
  namespace: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  accepts: (r) => r.kind === 'heritage' && r.licence.status === 'ok' && !!r.licence.uri,
  scope: 'licensed-heritage',
  write(r, publicUrl) {
    const page = pageOf(r, publicUrl);
    const res = (name: string, uri: string | null) => (uri ? `<${name} rdf:resource="${x(uri)}"/>` : '');
    const cho =
      `<edm:ProvidedCHO rdf:about="${x(`${page}#cho`)}">` +
      r.creators.map((c) => el('dc:creator', c.name)).join('') +
      el('dc:description', r.description) +
      el('dc:identifier', r.provenance.originalId) +
      (r.language && r.language !== 'n/a' ? el('dc:language', r.language) : '') +
      [...r.subjects.map((s) => s.label), ...r.keywords].map((k) => el('dc:subject', k)).join('') +
      el('dc:title', r.title) +
      (r.resourceTypes.length
        ? r.resourceTypes.map((t) => el('dc:type', t.label)).join('')
        : el('dc:type', 'erfgoedobject')) +
      el('dcterms:created', r.dates.period.text ?? r.dates.created) +
      `<edm:type>${r.thumbnail || r.iiifManifest ? 'IMAGE' : 'TEXT'}</edm:type>` +
      '</edm:ProvidedCHO>';
    const aggregation =
      `<ore:Aggregation rdf:about="${x(`${page}#aggregation`)}">` +
      res('edm:aggregatedCHO', `${page}#cho`) +
      el('edm:dataProvider', r.institution?.name ?? r.publisher ?? 'Leergoed') +
      res('edm:isShownAt', r.url ?? page) +
      res('edm:object', r.thumbnail) +
      el('edm:provider', 'Leergoed') +
      res('edm:rights', r.licence.uri) +
      '</ore:Aggregation>';
    return `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:edm="http://www.europeana.eu/schemas/edm/" xmlns:ore="http://www.openarchives.org/ore/terms/">${cho}${aggregation}</rdf:RDF>`;
  },
};

export const FORMATS: MetadataFormat[] = [OAI_DC, NL_LOM, EDM];

export function formatOf(prefix: string): MetadataFormat | undefined {
  return FORMATS.find((f) => f.prefix === prefix);
}
