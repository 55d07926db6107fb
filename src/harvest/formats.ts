import { Readable } from 'node:stream';
import type { ErrorCode } from '../kernel/error-codes.ts';
import { parse as parseCsv } from 'csv-parse';
import type { Kind, MappedRecord } from '../catalogue/model.ts';
import type { SourceRecord } from '../catalogue/view.ts';
import { decodeUtf8OrLatin1 } from '../kernel/encoding.ts';
import type { MapperContext } from './mappers/context.ts';
import { detectCsvMapping, mapCsvRow, validateCsvMapping, type CsvColumnMapping } from './mappers/csv.ts';
import { mapEdm } from './mappers/edm.ts';
import { fillCookbookTemplate, mapIiifManifest } from './mappers/iiif.ts';
import { mapLido } from './mappers/lido.ts';
import { mapNlLom } from './mappers/nl-lom.ts';
import { mapOaiDc } from './mappers/oai-dc.ts';
import { mapTateArtwork } from './mappers/tate.ts';
import { child, children, serializeXml, streamElements, textOf, XmlError, type XmlElement } from './xml/tree.ts';

/** File formats Leergoed imports. */
export type FileFormat = 'oai-pmh' | 'nl-lom' | 'lido' | 'edm' | 'oai_dc' | 'iiif' | 'tate-json' | 'csv' | 'jsonl';

/** An import error with a stable code and a message that says what to do. */
export class ImportError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';

/** Options a user gives with a file. */
export interface ReadOptions {
  kind?: Kind;
  csvMapping?: CsvColumnMapping;
}

/** Guesses the format of a file from its name and first bytes. */
export function detectFormat(name: string, text: string): FileFormat {
  const lower = name.toLowerCase().replace(/\.gz$/, '');
  const head = text
    .slice(0, 4096)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return 'csv';
  if (head.startsWith('{') || head.startsWith('[')) {
    if (/"acno"\s*:/.test(text.slice(0, 20000))) return 'tate-json';
    return 'iiif';
  }
  if (head.startsWith('<')) {
    if (/<(\w+:)?OAI-PMH[\s>]/.test(head)) return 'oai-pmh';
    if (/<(\w+:)?lido(Wrap)?[\s>]/.test(head)) return 'lido';
    if (/<(\w+:)?RDF[\s>]/.test(head)) return 'edm';
    if (/<(\w+:)?lom[\s>]/.test(head)) return 'nl-lom';
    if (/<(\w+:)?dc[\s>]/.test(head)) return 'oai_dc';
  }
  throw new ImportError(
    'LG_IMPORT_UNKNOWN_FORMAT',
    `Cannot tell the format of ${name}: expected OAI-PMH, NL-LOM, LIDO, EDM or Dublin Core XML, a IIIF manifest or Tate record (JSON), JSON Lines, or CSV.`,
  );
}

/**
 * Runs a mapper on one record. A record shaped as no mapper expects (a number where a list should
 * be, an object for a text) fails alone, quarantined with its reason, and never its file.
 */
export function mapSafely(originalId: string | null, map: () => MappedRecord): MappedRecord {
  try {
    return map();
  } catch (error) {
    return {
      status: 'failed',
      originalId,
      reason: `LG_MAP_UNEXPECTED: a value of this record has a shape Leergoed does not read (${(error as Error).message ?? String(error)})`,
    };
  }
}

const idOf = (json: any): string | null =>
  json && typeof json === 'object'
    ? ([json.id, json['@id'], json.acno].find((v) => typeof v === 'string') ?? null)
    : null;

/** Maps the payload of an OAI-PMH record by its root element. */
function mapOaiPayload(
  payload: XmlElement,
  ctx: MapperContext,
  identifier: string,
): { mapped: MappedRecord; format: string } {
  switch (payload.name) {
    case 'lom':
      return { mapped: mapSafely(identifier, () => mapNlLom(payload, ctx, identifier)), format: 'nl-lom' };
    case 'dc':
      return { mapped: mapSafely(identifier, () => mapOaiDc(payload, ctx, identifier)), format: 'oai_dc' };
    case 'RDF':
      return { mapped: mapSafely(identifier, () => mapEdm(payload, ctx, identifier)), format: 'edm' };
    case 'lido':
      return { mapped: mapSafely(identifier, () => mapLido(payload, ctx)), format: 'lido' };
    default:
      return {
        mapped: {
          status: 'failed',
          originalId: identifier,
          reason: `Unsupported metadata format <${payload.qname}> (${payload.uri || 'no namespace'}); Leergoed maps nl_lom/lom, oai_dc, EDM and LIDO`,
        },
        format: payload.name,
      };
  }
}

/**
 * Reads the records of one file, mapped, with the raw record kept. XML is streamed record by
 * record; a file that turns out malformed throws after the records read before the error.
 */
export async function* readRecords(
  name: string,
  bytes: Buffer,
  ctx: MapperContext,
  options: ReadOptions = {},
): AsyncGenerator<SourceRecord> {
  const text = decodeUtf8OrLatin1(bytes).replace(/^\uFEFF/, '');
  const format = detectFormat(name, text);
  const mapperCtx = { ...ctx, defaultKind: options.kind ?? ctx.defaultKind };
  switch (format) {
    case 'oai-pmh':
      yield* readOaiPmh(text, mapperCtx);
      return;
    case 'nl-lom':
      yield* readXmlRecords(
        text,
        (n, _u, depth) => depth === 0 && n === 'lom',
        (el) => mapNlLom(el, mapperCtx),
        'nl-lom',
      );
      return;
    case 'lido':
      yield* readXmlRecords(
        text,
        (n) => n === 'lido',
        (el) => mapLido(el, mapperCtx),
        'lido',
      );
      return;
    case 'edm':
      yield* readXmlRecords(
        text,
        (n, _u, depth) => depth === 0 && n === 'RDF',
        (el) => mapEdm(el, mapperCtx),
        'edm',
      );
      return;
    case 'oai_dc':
      yield* readXmlRecords(
        text,
        (n, _u, depth) => depth === 0 && n === 'dc',
        (el) => mapOaiDc(el, mapperCtx, textOf(child(el, 'identifier')) || name),
        'oai_dc',
      );
      return;
    case 'iiif':
      yield readJsonRecord(
        fillCookbookTemplate(text, baseName(name)),
        (json) => mapIiifManifest(json, mapperCtx),
        'iiif',
      );
      return;
    case 'tate-json':
      yield readJsonRecord(text, (json) => mapTateArtwork(json, mapperCtx), 'tate-json');
      return;
    case 'jsonl':
      yield* readJsonLines(text, mapperCtx);
      return;
    case 'csv':
      yield* readCsv(text, mapperCtx, options.csvMapping);
      return;
  }
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop()!.replace(/\.gz$/, '');
}

function readJsonRecord(text: string, map: (json: any) => MappedRecord, format: string): SourceRecord {
  let json: any;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ImportError('LG_IMPORT_MALFORMED_JSON', `Malformed JSON: ${(error as Error).message}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return { mapped: { status: 'failed', originalId: null, reason: 'Expected one JSON object' }, raw: text, format };
  return { mapped: mapSafely(idOf(json), () => map(json)), raw: JSON.stringify(json), format };
}

async function* readJsonLines(text: string, ctx: MapperContext): AsyncGenerator<SourceRecord> {
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    if (!raw.trim()) continue;
    let json: any;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      yield {
        mapped: {
          status: 'failed',
          originalId: `line ${line}`,
          reason: `Malformed JSON on line ${line}: ${(error as Error).message}`,
        },
        raw,
        format: 'jsonl',
      };
      continue;
    }
    if (!json || typeof json !== 'object' || Array.isArray(json))
      yield {
        mapped: { status: 'failed', originalId: `line ${line}`, reason: `Line ${line} is not a JSON object` },
        raw,
        format: 'jsonl',
      };
    else if (typeof json.acno === 'string')
      yield { mapped: mapSafely(json.acno, () => mapTateArtwork(json, ctx)), raw, format: 'tate-json' };
    else yield { mapped: mapSafely(idOf(json), () => mapIiifManifest(json, ctx)), raw, format: 'iiif' };
  }
}

async function* readXmlRecords(
  text: string,
  select: (name: string, uri: string, depth: number) => boolean,
  map: (el: XmlElement) => MappedRecord,
  format: string,
): AsyncGenerator<SourceRecord> {
  const records: SourceRecord[] = [];
  let error: unknown = null;
  try {
    await streamElements(text, select, (el, scope) => {
      records.push({ mapped: mapSafely(null, () => map(el)), raw: serializeXml(el, scope), format });
    });
  } catch (e) {
    error = e;
  }
  yield* records;
  if (error) throw asImportError(error);
  if (records.length === 0) throw new ImportError('LG_IMPORT_NO_RECORDS', `No ${format} records found in the file.`);
}

function asImportError(error: unknown): Error {
  if (error instanceof XmlError) return new ImportError(error.code, error.message);
  return error as Error;
}

/** OAI-PMH response pages (ListRecords, GetRecord) with deleted records and nested records honoured. */
async function* readOaiPmh(text: string, ctx: MapperContext): AsyncGenerator<SourceRecord> {
  const records: SourceRecord[] = [];
  let oaiError: string | null = null;
  let error: unknown = null;
  try {
    await streamElements(
      text,
      (n, u, depth) =>
        (n === 'record' && u === OAI_NS && depth === 2) || (n === 'error' && u === OAI_NS && depth === 1),
      (el, scope) => {
        if (el.name === 'error') {
          oaiError = `${el.attributes.code ?? 'error'}: ${textOf(el)}`;
          return;
        }
        records.push(oaiRecord(el, scope, ctx));
      },
    );
  } catch (e) {
    error = e;
  }
  yield* records;
  if (error) throw asImportError(error);
  if (oaiError && !String(oaiError).startsWith('noRecordsMatch'))
    throw new ImportError('LG_IMPORT_OAI_ERROR', `The OAI-PMH response is an error: ${oaiError}`);
}

/** Maps one OAI-PMH `<record>`: deleted, failed with a reason, or a resource (nested records honoured). */
export function oaiRecord(record: XmlElement, scope: Record<string, string>, ctx: MapperContext): SourceRecord {
  const header = child(record, 'header');
  const identifier = textOf(child(header, 'identifier'));
  const raw = serializeXml(record, scope);
  if (!identifier)
    return {
      mapped: { status: 'failed', originalId: null, reason: 'OAI-PMH record without a header identifier' },
      raw,
      format: 'oai-pmh',
    };
  if (header?.attributes.status === 'deleted')
    return { mapped: { status: 'deleted', originalId: identifier }, raw, format: 'oai-pmh' };
  let metadata = child(record, 'metadata');
  // Some providers (the Rijksmuseum's GetRecord) nest a whole second record inside <metadata>.
  const nested = children(metadata, 'record').find((r) => r.uri === OAI_NS);
  if (nested) metadata = child(nested, 'metadata');
  const payload = metadata?.children[0];
  if (!payload)
    return {
      mapped: { status: 'failed', originalId: identifier, reason: 'OAI-PMH record without metadata' },
      raw,
      format: 'oai-pmh',
    };
  const { mapped, format } = mapOaiPayload(payload, ctx, identifier);
  return { mapped, raw, format };
}

/** Most columns a CSV may have: collection exports have dozens; a million is an attack. */
export const MAX_CSV_COLUMNS = 1000;
/** Longest CSV record (one row, quoted line breaks included). */
export const MAX_CSV_RECORD_BYTES = 1024 * 1024;

const listColumns = (headers: string[]) =>
  headers.length > 20 ? `${headers.slice(0, 20).join(', ')} … (${headers.length} in all)` : headers.join(', ');

/** The rows of a CSV text, parsed as a stream (a row at a time, in chunks), under the size limits. */
async function* csvRows(text: string, delimiter: string): AsyncGenerator<string[]> {
  const chunks = function* () {
    for (let i = 0; i < text.length; i += 256 * 1024) yield text.slice(i, i + 256 * 1024);
  };
  const parser = Readable.from(chunks()).pipe(
    parseCsv({
      delimiter,
      bom: true,
      relax_quotes: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: MAX_CSV_RECORD_BYTES,
    }),
  );
  try {
    for await (const row of parser) yield row as string[];
  } catch (error) {
    const message =
      (error as { code?: string; message?: string }).code === 'CSV_MAX_RECORD_SIZE'
        ? `a record is longer than ${MAX_CSV_RECORD_BYTES} bytes (a quote left open?)`
        : (error as Error).message;
    throw new ImportError('LG_IMPORT_MALFORMED_CSV', `Malformed CSV: ${message}`);
  }
}

/** A CSV's columns and delimiter (the delimiter given, else the one its first line uses most). */
export async function csvColumns(text: string, given?: string): Promise<{ columns: string[]; delimiter: string }> {
  const end = text.search(/\r?\n/);
  const firstLine = text.slice(0, end === -1 ? MAX_CSV_RECORD_BYTES + 1 : Math.min(end, MAX_CSV_RECORD_BYTES + 1));
  const delimiter = given ?? (firstLine.split(';').length > firstLine.split(',').length ? ';' : ',');
  if (firstLine.length > MAX_CSV_RECORD_BYTES || firstLine.split(delimiter).length > MAX_CSV_COLUMNS * 2)
    throw new ImportError('LG_IMPORT_CSV_TOO_WIDE', `The CSV has more than ${MAX_CSV_COLUMNS} columns.`);
  const first = await csvRows(firstLine, delimiter).next();
  return { columns: (first.done ? [] : first.value).map((h) => h.trim()).slice(0, MAX_CSV_COLUMNS), delimiter };
}

async function* readCsv(text: string, ctx: MapperContext, given?: CsvColumnMapping): AsyncGenerator<SourceRecord> {
  const end = text.search(/\r?\n/);
  const firstLine = text.slice(
    0,
    end === -1 ? Math.min(text.length, MAX_CSV_RECORD_BYTES + 1) : Math.min(end, MAX_CSV_RECORD_BYTES + 1),
  );
  const delimiter = given?.delimiter ?? (firstLine.split(';').length > firstLine.split(',').length ? ';' : ',');
  // The header line is checked before anything is parsed: a file of a million columns stops here.
  if (firstLine.length > MAX_CSV_RECORD_BYTES)
    throw new ImportError(
      'LG_IMPORT_CSV_TOO_WIDE',
      `The first line of the CSV is longer than ${MAX_CSV_RECORD_BYTES} bytes.`,
    );
  if (firstLine.split(delimiter).length > MAX_CSV_COLUMNS * 2)
    throw new ImportError('LG_IMPORT_CSV_TOO_WIDE', `The CSV has more than ${MAX_CSV_COLUMNS} columns.`);
  const rows = csvRows(text, delimiter);
  const first = await rows.next();
  const headers = (first.done ? [] : first.value).map((h) => h.trim());
  if (headers.length > MAX_CSV_COLUMNS)
    throw new ImportError(
      'LG_IMPORT_CSV_TOO_WIDE',
      `The CSV has ${headers.length} columns; at most ${MAX_CSV_COLUMNS} are read.`,
    );
  const mapping = given ?? detectCsvMapping(headers);
  if (!mapping)
    throw new ImportError(
      'LG_IMPORT_CSV_MAPPING',
      `No column mapping fits this CSV (columns: ${listColumns(headers)}). Give one with --mapping (see docs/import.md).`,
    );
  const problems = validateCsvMapping(mapping, headers);
  if (problems.length > 0)
    throw new ImportError(
      'LG_IMPORT_CSV_MAPPING',
      `The column mapping "${mapping.name}" does not fit: ${problems.join('; ')}`,
    );
  let line = 1;
  for await (const cells of rows) {
    line++;
    const raw = cells.map((c) => (/[";\n,]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(mapping.delimiter);
    if (cells.length > MAX_CSV_COLUMNS) {
      yield {
        mapped: {
          status: 'failed',
          originalId: `row ${line}`,
          reason: `Row ${line} has ${cells.length} cells; at most ${MAX_CSV_COLUMNS} are read.`,
        },
        raw: raw.slice(0, 10_000),
        format: `csv:${mapping.name}`,
      };
      continue;
    }
    const row: Record<string, string> = {};
    headers.forEach((h, j) => {
      row[h] = cells[j] ?? '';
    });
    yield { mapped: mapSafely(`row ${line}`, () => mapCsvRow(row, mapping, ctx)), raw, format: `csv:${mapping.name}` };
  }
}
