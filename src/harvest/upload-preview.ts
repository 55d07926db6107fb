import type { MapperContext } from './mappers/context.ts';
import { normaliseRights } from '../vocab/licences.ts';
import { decodeUtf8OrLatin1 } from '../kernel/encoding.ts';
import type { Kind } from '../catalogue/model.ts';
import { ImportError, csvColumns, detectFormat, readRecords, type FileFormat } from './formats.ts';
import type { CsvColumnMapping } from './mappers/csv.ts';

/** How many records an upload preview maps. */
export const PREVIEW_RECORDS = 8;

/** What an editor sees before importing a file: its format, a CSV's columns, and the first records as mapped. */
export interface UploadPreview {
  format: FileFormat | null;
  /** A CSV's columns and delimiter (to choose the mapping from), else null. */
  csv: { columns: string[]; delimiter: string } | null;
  records: {
    originalId: string | null;
    status: 'ok' | 'deleted' | 'failed';
    title: string | null;
    licence: string | null;
    reason: string | null;
    warnings: string[];
  }[];
  /** Why the file cannot be read as it is (no mapping fits, not a format Leergoed reads), or null. */
  error: { code: string; message: string } | null;
}

/**
 * Maps the first records of an uploaded file with the same readers and mappers as the import, and
 * stores nothing: the editor sees what the import would make of it, and for a CSV chooses the
 * column mapping against a live preview.
 */
export async function previewUpload(
  name: string,
  bytes: Buffer,
  context: MapperContext,
  options: { kind?: Kind; csvMapping?: CsvColumnMapping },
): Promise<UploadPreview> {
  const text = decodeUtf8OrLatin1(bytes).replace(/^\uFEFF/, '');
  let format: FileFormat | null = null;
  const preview: UploadPreview = { format: null, csv: null, records: [], error: null };
  try {
    format = detectFormat(name, text);
    preview.format = format;
    if (format === 'csv') preview.csv = await csvColumns(text, options.csvMapping?.delimiter);
    for await (const record of readRecords(name, bytes, context, options)) {
      const m = record.mapped;
      preview.records.push(
        m.status === 'ok'
          ? {
              originalId: m.originalId,
              status: 'ok',
              title: m.input.title ?? null,
              licence: normaliseRights(m.input.rights).uri,
              reason: null,
              warnings: m.warnings,
            }
          : {
              originalId: m.originalId,
              status: m.status,
              title: null,
              licence: null,
              reason: m.status === 'failed' ? m.reason : null,
              warnings: [],
            },
      );
      if (preview.records.length >= PREVIEW_RECORDS) break;
    }
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    preview.error = { code: error.code, message: error.message };
  }
  return preview;
}
