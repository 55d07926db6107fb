import { loadConfig } from "../../src/app/config.js";
import { readRecords } from "../../src/harvest/formats.js";
import { readImportFile } from "../../src/harvest/service.js";
import { loadVocabularies } from "../../src/vocab/vocabulary.js";
import { join } from 'node:path';
/** The vocabularies, loaded once for all mapper tests. */
export const vocab = loadVocabularies(loadConfig({}).dataDir);
/** Reads and maps every record of a bundled data file (path under data/). */
export async function mapFile(path, options = {}, institution = null) {
    const full = join(loadConfig({}).dataDir, path);
    const records = [];
    for await (const record of readRecords(full, readImportFile(full), { vocab, institution }, options))
        records.push(record);
    return records;
}
/** The mapped input of an ok record, or a failure. */
export function ok(record) {
    if (!record || record.mapped.status !== 'ok')
        throw new Error(`expected an ok record, got ${JSON.stringify(record?.mapped)}`);
    return record.mapped;
}
//# sourceMappingURL=mapping.js.map