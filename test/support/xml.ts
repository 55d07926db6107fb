import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/app/config.ts';

/** The bundled XML schemas (data/xsd; origins in data/SOURCES.tsv). */
export const xsdDir = join(projectRoot, 'data', 'xsd');

/** Validates an XML file against a schema with xmllint, offline, through the bundled catalog. */
export function xmllint(file: string, schema: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync('xmllint', ['--noout', '--nonet', '--schema', schema, file], {
      env: { ...process.env, XML_CATALOG_FILES: join(xsdDir, 'validation', 'catalog.xml') },
      stdio: 'pipe',
    });
    return { ok: true, output: output.toString() };
  } catch (error) {
    const e = error as { stderr?: Buffer; message: string };
    return { ok: false, output: e.stderr?.toString() ?? e.message };
  }
}
