import { loadConfig } from '../../src/app/config.ts';
import type { SourceRecord } from '../../src/catalogue/view.ts';
import { readRecords, type ReadOptions } from '../../src/harvest/formats.ts';
import { readImportFile } from '../../src/harvest/service.ts';
import { loadVocabularies } from '../../src/vocab/vocabulary.ts';
import { join } from 'node:path';

/** The vocabularies, loaded once for all mapper tests. */
export const vocab = loadVocabularies(loadConfig({}).dataDir);

/** Reads and maps every record of a bundled data file (path under data/). */
export async function mapFile(
  path: string,
  options: ReadOptions = {},
  institution: string | null = null,
): Promise<SourceRecord[]> {
  const full = join(loadConfig({}).dataDir, path);
  const records: SourceRecord[] = [];
  for await (const record of readRecords(full, await readImportFile(full), { vocab, institution }, options))
    records.push(record);
  return records;
}

/** The mapped input of an ok record, or a failure. */
export function ok(record: SourceRecord | undefined) {
  if (!record || record.mapped.status !== 'ok')
    throw new Error(`expected an ok record, got ${JSON.stringify(record?.mapped)}`);
  return record.mapped;
}
