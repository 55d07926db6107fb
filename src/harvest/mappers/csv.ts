import type { Kind, MappedRecord } from '../../catalogue/model.ts';
import { KINDS } from '../../catalogue/model.ts';
import { TermCollector, httpUrl, unique, type MapperContext } from './context.ts';

/**
 * How the columns of a CSV file map to resource fields. Column names are the file's headers;
 * a field may take several columns. Multi-valued cells are split on `multiValueSeparator`.
 */
export interface CsvColumnMapping {
  /** A name for reports. */
  name: string;
  delimiter: string;
  multiValueSeparator: string | null;
  kind: Kind;
  id: string;
  title: string;
  description?: string;
  creators?: string;
  url?: string;
  thumbnail?: string;
  rights?: string;
  language?: string;
  dateStart?: string;
  dateEnd?: string;
  keywords?: string[];
  levels?: string;
  subjects?: string;
  objectives?: string;
  /** Iconclass notation columns: kept as Iconclass URIs. */
  iconclass?: string;
  /** Columns kept in `extra` as they are. */
  keep?: string[];
  /** Language of the values when the file has no language column. */
  defaultLanguage?: string | null;
  /** Declared by the institution for the whole file. */
  institution?: string | null;
  metadataLicence?: string | null;
}

/** The Rijksmuseum's Adlib export (as in the Suriname collection): `;`, `$`-joined values, Iconclass codes. */
export const RIJKSMUSEUM_MAPPING: CsvColumnMapping = {
  name: 'rijksmuseum-adlib',
  delimiter: ';',
  multiValueSeparator: '$',
  kind: 'heritage',
  id: 'objectnummer',
  title: 'titel',
  description: 'beschrijving',
  creators: 'vervaardiger',
  url: 'PID_werk.URI',
  dateStart: 'datering.datum.start',
  dateEnd: 'datering.datum.eind',
  keywords: [
    'objectnaam',
    'materiaal',
    'geografisch_trefwoord',
    'inhoud.hoofdmotief.algemeen',
    'inhoud.hoofdmotief.specifiek',
    'inhoud.onderwerp',
    'inhoud.persoon.naam',
  ],
  iconclass: 'inhoud.classificatie.code',
  keep: ['recordnummer', 'classificatiecode', 'PID_data.URI'],
  institution: 'Rijksmuseum',
  // The Rijksmuseum publishes its object metadata as CC0 (data/SOURCES.tsv); it states no rights of the objects in this file.
  metadataLicence: 'http://creativecommons.org/publicdomain/zero/1.0/',
  defaultLanguage: 'nl',
};

/** Leergoed's own CSV layout, for institutions without an export profile of their own. */
export const LEERGOED_MAPPING: CsvColumnMapping = {
  name: 'leergoed',
  delimiter: ',',
  multiValueSeparator: '|',
  kind: 'material',
  id: 'id',
  title: 'title',
  description: 'description',
  creators: 'creators',
  url: 'url',
  thumbnail: 'thumbnail',
  rights: 'licence',
  language: 'language',
  dateStart: 'date',
  keywords: ['keywords'],
  levels: 'levels',
  subjects: 'subjects',
  objectives: 'objectives',
};

/** Picks the mapping whose id and title columns the header has. */
export function detectCsvMapping(headers: string[]): CsvColumnMapping | null {
  for (const mapping of [RIJKSMUSEUM_MAPPING, LEERGOED_MAPPING]) {
    if (headers.includes(mapping.id) && headers.includes(mapping.title)) return mapping;
  }
  return null;
}

/** Checks a mapping supplied by a user: every named column must exist in the file. */
export function validateCsvMapping(mapping: CsvColumnMapping, headers: string[]): string[] {
  const errors: string[] = [];
  if (!KINDS.includes(mapping.kind)) errors.push(`kind must be one of ${KINDS.join(', ')}`);
  const columns = [
    mapping.id,
    mapping.title,
    mapping.description,
    mapping.creators,
    mapping.url,
    mapping.thumbnail,
    mapping.rights,
    mapping.language,
    mapping.dateStart,
    mapping.dateEnd,
    mapping.levels,
    mapping.subjects,
    mapping.objectives,
    mapping.iconclass,
    ...(mapping.keywords ?? []),
    ...(mapping.keep ?? []),
  ].filter((c): c is string => !!c);
  for (const column of columns)
    if (!headers.includes(column))
      errors.push(`column "${column}" is not in the file (columns: ${headers.join(', ')})`);
  return errors;
}

/** Maps one CSV row (header → cell) with a column mapping. */
export function mapCsvRow(row: Record<string, string>, mapping: CsvColumnMapping, ctx: MapperContext): MappedRecord {
  const cell = (column: string | undefined) => (column ? (row[column] ?? '').trim() : '');
  const many = (column: string | undefined) => {
    const value = cell(column);
    if (!value) return [];
    return mapping.multiValueSeparator
      ? value
          .split(mapping.multiValueSeparator)
          .map((v) => v.trim())
          .filter(Boolean)
      : [value];
  };
  const id = cell(mapping.id);
  if (!id)
    return { status: 'failed', originalId: null, reason: `Row without a value in the id column "${mapping.id}"` };
  // A multi-valued title column holds the title first, then alternative titles.
  const [title, ...alternativeTitles] = many(mapping.title);
  if (!title)
    return { status: 'failed', originalId: id, reason: `Row without a value in the title column "${mapping.title}"` };
  const terms = new TermCollector(ctx.vocab);
  for (const v of many(mapping.levels)) terms.add('level', ['level'], v);
  for (const v of many(mapping.subjects)) terms.add('subject', ['subject'], v);
  for (const v of many(mapping.objectives)) terms.add('objective', ['kerndoel', 'leerdoel'], v);
  // Multi-valued date cells hold the main date first.
  const start = many(mapping.dateStart)[0] ?? '';
  const end = many(mapping.dateEnd)[0] || start;
  const year = (value: string) => {
    const m = /^(\d{3,4})/.exec(value);
    return m ? Number(m[1]) : null;
  };
  const keep: Record<string, string> = {};
  for (const column of mapping.keep ?? []) if (cell(column)) keep[column] = cell(column);
  const iconclass = many(mapping.iconclass);
  // A multi-valued description cell holds the current description first, then earlier versions
  // (the Rijksmuseum's export keeps the old wording beside the new): those are kept apart.
  const [description, ...earlierDescriptions] = unique(many(mapping.description));
  return {
    status: 'ok',
    originalId: id,
    warnings: terms.warnings(),
    input: {
      kind: mapping.kind,
      title,
      description: description ?? null,
      language: cell(mapping.language) || mapping.defaultLanguage || null,
      creators: unique(many(mapping.creators)).map((name) => ({ name, role: 'creator' })),
      publisher: mapping.institution ?? ctx.institution ?? null,
      url: httpUrl(cell(mapping.url)),
      thumbnail: httpUrl(cell(mapping.thumbnail)),
      keywords: unique((mapping.keywords ?? []).flatMap(many)),
      levels: terms.ids.level,
      subjects: terms.ids.subject,
      objectives: terms.ids.objective,
      rights: cell(mapping.rights) || null,
      metadataLicence: mapping.metadataLicence ?? null,
      dateCreated: start || null,
      periodStart: start ? year(start) : null,
      periodEnd: end ? year(end) : null,
      periodText: start && end && start !== end ? `${start} – ${end}` : start || null,
      extra: {
        ...keep,
        ...(alternativeTitles.length ? { alternativeTitles } : {}),
        ...(earlierDescriptions.length ? { earlierDescriptions } : {}),
        ...(iconclass.length
          ? { iconclass: iconclass.map((code) => ({ code, uri: `https://iconclass.org/${encodeURIComponent(code)}` })) }
          : {}),
        ...(terms.unmapped.length ? { unmapped: terms.unmapped } : {}),
      },
    },
  };
}
