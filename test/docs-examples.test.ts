import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import type { App } from '../src/kernel/http.ts';
import { buildServer } from '../src/app/server.ts';
import { freePort } from './support/browser.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const EMAIL = 'docent@school.test';
const PASSWORD = 'een lang wachtwoord';

/** Every ```sh example block of the developer documentation, with where it is. */
function examples(): { doc: string; line: number; script: string }[] {
  const docs = join(projectRoot, 'docs');
  const found: { doc: string; line: number; script: string }[] = [];
  for (const file of readdirSync(docs).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(join(docs, file), 'utf8');
    for (const match of text.matchAll(/^```sh example\n([\s\S]*?)^```$/gm)) {
      found.push({ doc: file, line: text.slice(0, match.index).split('\n').length, script: match[1]! });
    }
  }
  return found;
}

for (const kind of STORE_KINDS) {
  describe(`the documentation's examples run against a live instance on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let base = '';
    const work = mkdtempSync(join(tmpdir(), 'leergoed-docs-'));

    before(async () => {
      // The instance's public address is the one the examples call, as on a real installation.
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      ({ ctx, cleanup } = await testContext(kind, { publicUrl: base }));
      await ctx.imports.importPath(join(projectRoot, 'data', 'demo', 'oai'), {
        sourceName: 'Edurep',
        organisation: { name: 'Edurep', kind: 'publisher' },
      });
      await ctx.imports.importPath(join(projectRoot, 'data', 'demo', 'iiif'), {
        sourceName: 'IIIF Cookbook',
        organisation: { name: 'IIIF Consortium', kind: 'heritage' },
      });
      // A community with a collection, and an account for the signed-in examples.
      const moderator = await ctx.accounts.createUser({
        email: 'moderator@school.test',
        name: 'Moderator',
        password: PASSWORD,
        role: 'teacher',
      });
      await ctx.accounts.createUser({ email: EMAIL, name: 'Docent', password: PASSWORD, role: 'teacher' });
      const actor = { userId: moderator.id, role: 'teacher' as const, organisationIds: [] };
      const community = await ctx.communities.create(actor, {
        kind: 'subject',
        name: 'Erfgoed in de klas',
        description: 'Bronnen delen.',
        subjects: [],
        levels: [],
        region: null,
      });
      const first = await ctx.store.db
        .selectFrom('resource')
        .select('id')
        .where('status', '=', 'published')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await ctx.communities.addItem(actor, community.slug, first.id, 'Een goed begin.');
      app = await buildServer(ctx, { logger: false });
      await app.listen({ port, host: '127.0.0.1' });
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
      rmSync(work, { recursive: true, force: true });
    });

    it('finds examples to run', () => assert.ok(examples().length >= 4));

    for (const example of examples()) {
      it(`${example.doc}:${example.line}`, async () => {
        // Asynchronously: the instance answering the example runs in this process.
        try {
          await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', example.script], {
            cwd: work,
            env: { ...process.env, LEERGOED: base, LEERGOED_EMAIL: EMAIL, LEERGOED_PASSWORD: PASSWORD },
            timeout: 30_000,
          });
        } catch (error) {
          const e = error as { stdout?: string; stderr?: string; code?: number };
          assert.fail(
            `${example.doc}:${example.line} failed (${e.code}):\n${example.script}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
          );
        }
      });
    }
  });
}
