// `npm run docs:errors`: writes the table of error codes (src/kernel/error-codes.ts) into docs/api.md,
// between its error-codes markers. test/error-codes.test.ts fails when the two differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/app/config.ts';
import { ERROR_CODES } from '../src/kernel/error-codes.ts';

export const START = '<!-- error-codes:start -->';
export const END = '<!-- error-codes:end -->';

/** The Markdown table of every code: code, HTTP status (— where it is not an HTTP answer), meaning. */
export function errorCodeTable(): string {
  const rows = Object.entries(ERROR_CODES).map(
    ([code, info]) =>
      `| \`${code === 'LG_HARVEST_OAI_' ? 'LG_HARVEST_OAI_{code}' : code}\` | ${info.status ?? '—'} | ${info.meaning.replace(/\|/g, '\\|')} |`,
  );
  return [START, '| code | status | meaning |', '| --- | --- | --- |', ...rows, END].join('\n');
}

export const API_DOC = join(projectRoot, 'docs', 'api.md');

/** docs/api.md with its table of codes brought up to date. */
export function documented(text: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/api.md has no ${START} … ${END} section.`);
  return text.slice(0, start) + errorCodeTable() + text.slice(end + END.length);
}

if (process.argv[1]?.endsWith('error-codes.ts')) {
  writeFileSync(API_DOC, documented(readFileSync(API_DOC, 'utf8')));
  console.log(`docs/api.md lists ${Object.keys(ERROR_CODES).length} error codes.`);
}
