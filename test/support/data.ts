import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/app/config.ts';

/** The shared real data (../shared/data) when present, else the copies bundled in data/demo. */
export const sharedData = join(projectRoot, '..', 'shared', 'data');
export const demoData = join(projectRoot, 'data', 'demo');

/** Reads a bundled demo or vocabulary file (real data; origins in data/SOURCES.tsv). */
export function dataFile(...path: string[]): Buffer {
  return readFileSync(join(projectRoot, 'data', ...path));
}
