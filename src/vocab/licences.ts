import type { Concept, Reusability } from './model.ts';

/** The terms of a Creative Commons licence, as used for compatibility and attribution rules. */
export interface LicenceTerms {
  attribution: boolean;
  shareAlike: boolean;
  nonCommercial: boolean;
  noDerivatives: boolean;
}

interface CcType {
  code: string;
  nl: string;
  en: string;
  terms: LicenceTerms;
}

const CC_TYPES: CcType[] = [
  {
    code: 'by',
    nl: 'Naamsvermelding',
    en: 'Attribution',
    terms: { attribution: true, shareAlike: false, nonCommercial: false, noDerivatives: false },
  },
  {
    code: 'by-sa',
    nl: 'Naamsvermelding-GelijkDelen',
    en: 'Attribution-ShareAlike',
    terms: { attribution: true, shareAlike: true, nonCommercial: false, noDerivatives: false },
  },
  {
    code: 'by-nd',
    nl: 'Naamsvermelding-GeenAfgeleideWerken',
    en: 'Attribution-NoDerivatives',
    terms: { attribution: true, shareAlike: false, nonCommercial: false, noDerivatives: true },
  },
  {
    code: 'by-nc',
    nl: 'Naamsvermelding-NietCommercieel',
    en: 'Attribution-NonCommercial',
    terms: { attribution: true, shareAlike: false, nonCommercial: true, noDerivatives: false },
  },
  {
    code: 'by-nc-sa',
    nl: 'Naamsvermelding-NietCommercieel-GelijkDelen',
    en: 'Attribution-NonCommercial-ShareAlike',
    terms: { attribution: true, shareAlike: true, nonCommercial: true, noDerivatives: false },
  },
  {
    code: 'by-nc-nd',
    nl: 'Naamsvermelding-NietCommercieel-GeenAfgeleideWerken',
    en: 'Attribution-NonCommercial-NoDerivatives',
    terms: { attribution: true, shareAlike: false, nonCommercial: true, noDerivatives: true },
  },
];

/** Versions and jurisdiction ports that Creative Commons published, with the suffix of their names. */
const CC_VERSIONS: { version: string; port: string | null; nl: string; en: string }[] = [
  { version: '1.0', port: null, nl: 'Generiek', en: 'Generic' },
  { version: '1.0', port: 'nl', nl: 'Nederland', en: 'Netherlands' },
  { version: '2.0', port: null, nl: 'Generiek', en: 'Generic' },
  { version: '2.0', port: 'nl', nl: 'Nederland', en: 'Netherlands' },
  { version: '2.5', port: null, nl: 'Generiek', en: 'Generic' },
  { version: '2.5', port: 'nl', nl: 'Nederland', en: 'Netherlands' },
  { version: '3.0', port: null, nl: 'Unported', en: 'Unported' },
  { version: '3.0', port: 'nl', nl: 'Nederland', en: 'Netherlands' },
  { version: '4.0', port: null, nl: 'Internationaal', en: 'International' },
];

/** Version 1.0 named the NonCommercial-NoDerivatives licence "by-nd-nc"; later versions "by-nc-nd". */
function ccPath(code: string, version: string): string {
  return version === '1.0' && code === 'by-nc-nd' ? 'by-nd-nc' : code;
}

const CC_BASE = 'http://creativecommons.org/licenses/';
export const CC0_URI = 'http://creativecommons.org/publicdomain/zero/1.0/';
export const PDM_URI = 'http://creativecommons.org/publicdomain/mark/1.0/';
const RS_BASE = 'http://rightsstatements.org/vocab/';

function reusabilityOfTerms(terms: LicenceTerms): Reusability {
  return terms.nonCommercial || terms.noDerivatives ? 'restricted' : 'open';
}

function ccConcepts(): Concept[] {
  const concepts: Concept[] = [];
  let position = 0;
  for (const type of CC_TYPES) {
    // The family without a version: for sources that name the licence but not its version.
    concepts.push(
      licenceConcept(
        `${CC_BASE}${type.code}/`,
        `CC ${type.code.toUpperCase()}`,
        `Creative Commons ${type.nl} (versie niet vermeld)`,
        `Creative Commons ${type.en} (version not stated)`,
        position++,
        { terms: type.terms, reusability: reusabilityOfTerms(type.terms), family: type.code, version: null },
      ),
    );
    for (const v of CC_VERSIONS) {
      const uri = `${CC_BASE}${ccPath(type.code, v.version)}/${v.version}/${v.port ? v.port + '/' : ''}`;
      const short = `CC ${type.code.toUpperCase()} ${v.version}${v.port ? ' ' + v.port.toUpperCase() : ''}`;
      concepts.push(
        licenceConcept(uri, short, `${type.nl} ${v.version} ${v.nl}`, `${type.en} ${v.version} ${v.en}`, position++, {
          terms: type.terms,
          reusability: reusabilityOfTerms(type.terms),
          family: type.code,
          version: v.version,
          port: v.port,
        }),
      );
    }
  }
  const free: LicenceTerms = { attribution: false, shareAlike: false, nonCommercial: false, noDerivatives: false };
  concepts.push(
    licenceConcept(
      CC0_URI,
      'CC0 1.0',
      'CC0 1.0 Universeel (Publiek Domein Verklaring)',
      'CC0 1.0 Universal (Public Domain Dedication)',
      position++,
      { terms: free, reusability: 'open', family: 'cc0', version: '1.0' },
    ),
  );
  concepts.push(
    licenceConcept(PDM_URI, 'PDM 1.0', 'Publiek Domein Merk 1.0', 'Public Domain Mark 1.0', position++, {
      terms: free,
      reusability: 'open',
      family: 'pdm',
      version: '1.0',
    }),
  );
  return concepts;
}

/** The 12 rightsstatements.org statements, with their Dutch and English names and reusability. */
export const RIGHTS_STATEMENTS: { id: string; nl: string; en: string; reusability: Reusability }[] = [
  { id: 'InC', nl: 'Auteursrechtelijk beschermd', en: 'In Copyright', reusability: 'permission' },
  {
    id: 'InC-OW-EU',
    nl: 'Auteursrechtelijk beschermd - EU verweesd werk',
    en: 'In Copyright - EU Orphan Work',
    reusability: 'permission',
  },
  {
    id: 'InC-EDU',
    nl: 'Auteursrechtelijk beschermd - educatief gebruik toegestaan',
    en: 'In Copyright - Educational Use Permitted',
    reusability: 'restricted',
  },
  {
    id: 'InC-NC',
    nl: 'Auteursrechtelijk beschermd - niet-commercieel gebruik toegestaan',
    en: 'In Copyright - Non-Commercial Use Permitted',
    reusability: 'restricted',
  },
  {
    id: 'InC-RUU',
    nl: 'Auteursrechtelijk beschermd - rechthebbende(n) onbekend of onvindbaar',
    en: 'In Copyright - Rights-holder(s) Unlocatable or Unidentifiable',
    reusability: 'permission',
  },
  {
    id: 'NoC-CR',
    nl: 'Geen auteursrecht - contractuele beperkingen',
    en: 'No Copyright - Contractual Restrictions',
    reusability: 'restricted',
  },
  {
    id: 'NoC-NC',
    nl: 'Geen auteursrecht - alleen niet-commercieel gebruik',
    en: 'No Copyright - Non-Commercial Use Only',
    reusability: 'restricted',
  },
  {
    id: 'NoC-OKLR',
    nl: 'Geen auteursrecht - andere wettelijke beperkingen',
    en: 'No Copyright - Other Known Legal Restrictions',
    reusability: 'restricted',
  },
  {
    id: 'NoC-US',
    nl: 'Geen auteursrecht - Verenigde Staten',
    en: 'No Copyright - United States',
    reusability: 'permission',
  },
  { id: 'CNE', nl: 'Auteursrecht niet beoordeeld', en: 'Copyright Not Evaluated', reusability: 'permission' },
  { id: 'UND', nl: 'Auteursrecht onbepaald', en: 'Copyright Undetermined', reusability: 'permission' },
  { id: 'NKC', nl: 'Geen bekend auteursrecht', en: 'No Known Copyright', reusability: 'permission' },
];

/** The URI of a rights statement, e.g. `http://rightsstatements.org/vocab/InC-EDU/1.0/`. */
export function rightsStatementUri(id: string): string {
  return `${RS_BASE}${id}/1.0/`;
}

function licenceConcept(
  uri: string,
  notation: string,
  nl: string,
  en: string,
  position: number,
  extra: Record<string, unknown>,
): Concept {
  return {
    scheme: 'licence',
    id: uri,
    uri,
    notation,
    labelNl: nl,
    labelEn: en,
    description: null,
    broader: [],
    replacedBy: [],
    deprecated: false,
    position,
    extra,
  };
}

/** Every licence and rights statement Leergoed knows, as concepts of the `licence` scheme. */
export function licenceConcepts(): Concept[] {
  const concepts = ccConcepts();
  let position = concepts.length;
  for (const rs of RIGHTS_STATEMENTS) {
    concepts.push(
      licenceConcept(rightsStatementUri(rs.id), rs.id, rs.nl, rs.en, position++, {
        reusability: rs.reusability,
        family: 'rightsstatement',
        statement: rs.id,
      }),
    );
  }
  return concepts;
}

/** The outcome of normalising a licence or rights value found in a record. */
export interface NormalisedRights {
  /** The canonical URI, or null when the value is missing or not recognised. */
  uri: string | null;
  /** `licence` for Creative Commons tools, `rights-statement` for rightsstatements.org. */
  kind: 'licence' | 'rights-statement' | null;
  /** `ok` recognised; `unknown` a value we do not recognise (kept, flagged); `missing` no value. */
  status: 'ok' | 'unknown' | 'missing';
  /** The value as found, kept for inspection. */
  raw: string | null;
}

const CC_CODE_WORDS: Record<string, string> = {
  by: 'by',
  attribution: 'by',
  naamsvermelding: 'by',
  sa: 'sa',
  sharealike: 'sa',
  gelijkdelen: 'sa',
  nc: 'nc',
  noncommercial: 'nc',
  nietcommercieel: 'nc',
  nd: 'nd',
  noderivatives: 'nd',
  noderivs: 'nd',
  geenafgeleidewerken: 'nd',
  geenafgeleiden: 'nd',
};

const RS_IDS = new Map(RIGHTS_STATEMENTS.map((rs) => [rs.id.toLowerCase(), rs.id]));

/** Orders the elements of a CC code the way Creative Commons names them (`by-nc-sa`, not `by-sa-nc`). */
function canonicalCcCode(parts: Set<string>): string | null {
  if (!parts.has('by')) return null;
  if (parts.has('sa') && parts.has('nd')) return null;
  return ['by', parts.has('nc') ? 'nc' : '', parts.has('sa') ? 'sa' : '', parts.has('nd') ? 'nd' : '']
    .filter(Boolean)
    .join('-');
}

function normaliseVersion(raw: string | undefined): string | null {
  if (!raw) return null;
  const digits = raw.replace(/[^0-9]/g, '');
  const map: Record<string, string> = {
    '1': '1.0',
    '10': '1.0',
    '2': '2.0',
    '20': '2.0',
    '25': '2.5',
    '3': '3.0',
    '30': '3.0',
    '4': '4.0',
    '40': '4.0',
  };
  return map[digits] ?? null;
}

const KNOWN_URIS = new Set(licenceConcepts().map((c) => c.id));

function ccUri(code: string, version: string | null, port: string | null): string | null {
  const uri =
    version === null ? `${CC_BASE}${code}/` : `${CC_BASE}${ccPath(code, version)}/${version}/${port ? port + '/' : ''}`;
  return KNOWN_URIS.has(uri) ? uri : null;
}

/**
 * Normalises a licence or rights value as found in harvested data — a URI (http or https, `deed`
 * and `legalcode` pages), an NL-LOM copyright value (`cc-by-40`), or free text ("CC-BY-NC-SA",
 * "Creative Commons Naamsvermelding 3.0 Nederland", "Public Domain") — to the canonical URI.
 * Values it does not recognise are reported as `unknown`, never guessed.
 */
export function normaliseRights(value: string | null | undefined): NormalisedRights {
  const raw = value?.replace(/\s+/g, ' ').trim() || null;
  if (!raw) return { uri: null, kind: null, status: 'missing', raw: null };
  const uri = rightsUriOf(raw);
  if (!uri) return { uri: null, kind: null, status: 'unknown', raw };
  return { uri, kind: uri.startsWith(RS_BASE) ? 'rights-statement' : 'licence', status: 'ok', raw };
}

function rightsUriOf(raw: string): string | null {
  const lower = raw.toLowerCase();

  const rs = /rightsstatements\.org\/(?:vocab|page|data)\/([a-z-]+)\/1\.0/i.exec(raw);
  if (rs) {
    const id = RS_IDS.get(rs[1]!.toLowerCase());
    return id ? rightsStatementUri(id) : null;
  }
  if (/creativecommons\.org\/publicdomain\/zero\/1\.0/.test(lower)) return CC0_URI;
  if (/creativecommons\.org\/publicdomain\/mark\/1\.0/.test(lower)) return PDM_URI;
  const ccLink = /creativecommons\.org\/licenses\/([a-z-]+)\/(\d\.\d)(?:\/([a-z]{2})(?=\/|$|\?|#))?/.exec(lower);
  if (ccLink) {
    const code = ccLink[1] === 'by-nd-nc' ? 'by-nc-nd' : ccLink[1]!;
    return ccUri(code, ccLink[2]!, ccLink[3] ?? null);
  }
  if (/^https?:\/\//.test(lower)) return null;

  // A bare rights statement identifier, e.g. "InC-EDU".
  const rsId = RS_IDS.get(lower);
  if (rsId) return rightsStatementUri(rsId);

  const words = lower
    .replace(/creative\s*commons/g, 'cc')
    .replace(/[^a-z0-9.]+/g, ' ')
    .trim();
  if (
    /^(cc ?0|cc zero|cc0 1 ?0|cc0 10|cc 0 1 0|cc0 1.0|cc0 universal|cc0 1.0 universal|cc0 1.0 universeel)$/.test(words)
  )
    return CC0_URI;
  if (
    /^(pdm|pdm 1.0|public domain mark( 1.0)?|publiek domein merk( 1.0)?|public domain|publiek domein|pd)$/.test(words)
  )
    return PDM_URI;

  // CC codes as words: "cc by nc sa 4.0", "cc-by-40", "attribution-sharealike 3.0 nl".
  const tokens = words.split(' ').filter(Boolean);
  if (tokens[0] !== 'cc' && !CC_CODE_WORDS[tokens[0]!.replace(/\.$/, '')]) return null;
  const parts = new Set<string>();
  let version: string | null = null;
  let port: string | null = null;
  for (const token of tokens.slice(tokens[0] === 'cc' ? 1 : 0)) {
    const code = CC_CODE_WORDS[token];
    if (code) {
      parts.add(code);
      continue;
    }
    const v = /^\d(\.?\d)?$/.exec(token);
    if (v && !version) {
      version = normaliseVersion(token);
      if (!version) return null;
      continue;
    }
    if (token === 'nl' || token === 'nederland' || token === 'netherlands') {
      port = 'nl';
      continue;
    }
    if (
      [
        'international',
        'internationaal',
        'unported',
        'generic',
        'generiek',
        'license',
        'licence',
        'licentie',
        'deed',
      ].includes(token)
    )
      continue;
    return null;
  }
  const code = canonicalCcCode(parts);
  if (!code) return null;
  return ccUri(code, version, port);
}

/** Facts of a licence URI: reusability and terms; null for URIs we do not know. */
export function licenceFacts(uri: string | null): { reusability: Reusability; terms: LicenceTerms | null } | null {
  if (!uri) return null;
  const concept = LICENCE_INDEX.get(uri);
  if (!concept) return null;
  return {
    reusability: concept.extra.reusability as Reusability,
    terms: (concept.extra.terms as LicenceTerms | undefined) ?? null,
  };
}

const LICENCE_INDEX = new Map(licenceConcepts().map((c) => [c.id, c]));

/** The licence concept of a URI, for labels and links. */
export function findLicence(uri: string): Concept | undefined {
  return LICENCE_INDEX.get(uri);
}
