/** Vocabulary schemes Leergoed serves at `/api/v1/vocabularies/{scheme}`. */
export const SCHEMES = ['level', 'subject', 'kerndoel', 'leerdoel', 'resource-type', 'licence'] as const;
export type Scheme = (typeof SCHEMES)[number];

/** One concept of a vocabulary, with Dutch and English labels. */
export interface Concept {
  scheme: Scheme;
  /** Stable identifier: the SLO/OBK UUID, a licence URI, or a vocabulary value. */
  id: string;
  /** The concept's URI, when it has one. */
  uri: string | null;
  notation: string | null;
  labelNl: string;
  labelEn: string | null;
  description: string | null;
  /** Parent concepts (the tree is a forest; a concept may have several parents). */
  broader: string[];
  /** For deprecated concepts: the concepts that replace them. */
  replacedBy: string[];
  deprecated: boolean;
  /** Order among siblings. */
  position: number;
  /** Scheme-specific facts: the type of a curriculum node, a licence's reusability, … */
  extra: Record<string, unknown>;
}

/** Europeana-style reusability of a licence or rights statement. */
export type Reusability = 'open' | 'restricted' | 'permission';

/** Builds the URI of an SLO curriculum node. */
export function sloUri(uuid: string): string {
  return `https://opendata.slo.nl/curriculum/uuid/${uuid}`;
}

/** Builds the URI of an OBK concept (Kennisnet's onderwijsbegrippenkader). */
export function obkUri(uuid: string): string {
  return `http://purl.edustandaard.nl/begrippenkader/${uuid}`;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Extracts a UUID from an identifier such as an OBK or SLO URI, `urn:uuid:…` or a bare UUID. */
export function extractUuid(value: string): string | null {
  const match = UUID.exec(value);
  return match ? match[0].toLowerCase() : null;
}

/** Folds a label for alias matching: lower case, no diacritics, single spaces. */
export function foldLabel(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .trim();
}
