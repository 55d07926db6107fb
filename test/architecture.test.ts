// The structure docs/architecture.md describes: the import rules of scripts/check-imports.ts, and
// small files (no file of src/ or web/ over 500 lines: code, styles, texts and data alike).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import { folderCycles, importViolations, moduleImports, sqlOutsideRepositories } from '../scripts/check-imports.ts';

const MAX_LINES = 500;

function modules(dir: string): string[] {
  return readdirSync(join(projectRoot, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(tsx?|json|css|html)$/.test(e.name))
    .map((e) => relative(projectRoot, join(e.parentPath, e.name)));
}

describe('architecture', () => {
  const src = join(projectRoot, 'src');

  it('follows the import rules: layers, nothing imports app/, no foreign repositories', () => {
    assert.deepEqual(importViolations(src), []);
  });

  it('keeps SQL in repositories (and the store and the full-text engines)', () => {
    assert.deepEqual(sqlOutsideRepositories(src), []);
  });

  it('has no import cycle between the folders of src/', () => {
    assert.deepEqual(folderCycles(moduleImports(src)), []);
  });

  it('finds a cycle and a forbidden import when there is one (the checker itself)', () => {
    const imports = new Map([
      ['db/store.ts', ['search/engines.ts']],
      ['search/engines.ts', ['db/schema.ts']],
    ]);
    assert.deepEqual(folderCycles(imports), [['db', 'search']]);
  });

  it(`keeps every file of src/ and web/ under ${MAX_LINES} lines`, () => {
    const over: string[] = [];
    for (const file of [...modules('src'), ...modules('web')]) {
      const lines = readFileSync(join(projectRoot, file), 'utf8').split('\n').length - 1;
      if (lines > MAX_LINES) over.push(`${file}: ${lines} lines`);
    }
    assert.deepEqual(over, []);
  });
});
