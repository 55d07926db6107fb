// Every error code used in src/ is in the registry (src/kernel/error-codes.ts), every code in the
// registry is used and documented in docs/api.md, and one class carries OAI-PMH errors of each side.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import { ERROR_CODES } from '../src/kernel/error-codes.ts';
import { API_DOC, documented } from '../scripts/error-codes.ts';

/** Every `LG_…` literal in the modules of src/ (tests excluded), with the first file using it. */
function usedCodes(): Map<string, string> {
  const used = new Map<string, string>();
  const src = join(projectRoot, 'src');
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || entry.name.endsWith('.test.ts')) continue;
    if (entry.name === 'error-codes.ts') continue;
    const path = join(entry.parentPath, entry.name);
    for (const m of readFileSync(path, 'utf8').matchAll(/\bLG_[A-Z0-9_]+/g)) {
      if (!used.has(m[0])) used.set(m[0], path.slice(projectRoot.length + 1));
    }
  }
  return used;
}

describe('error codes', () => {
  const used = usedCodes();

  it('uses no code outside the registry', () => {
    const unknown = [...used].filter(([code]) => !(code in ERROR_CODES)).map(([code, file]) => `${code} (${file})`);
    assert.deepEqual(unknown, []);
  });

  it('registers no code that nothing uses', () => {
    assert.deepEqual(
      Object.keys(ERROR_CODES).filter((code) => !used.has(code)),
      [],
    );
  });

  it('documents every registered code in docs/api.md (npm run docs:errors)', () => {
    const text = readFileSync(API_DOC, 'utf8');
    assert.equal(text, documented(text), 'docs/api.md is behind src/kernel/error-codes.ts: run npm run docs:errors');
    for (const code of Object.keys(ERROR_CODES)) assert.ok(text.includes(code), `${code} is not in docs/api.md`);
  });

  it('says what each code means, and answers with an error status where it is an HTTP answer', () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      assert.ok(info.meaning.length > 10, code);
      if (info.status !== null) assert.ok(info.status >= 400 && info.status < 600, code);
    }
  });
});
