import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../src/accounts/model.ts';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import type { App } from '../src/kernel/http.ts';
import { buildServer } from '../src/app/server.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const demo = (path: string) => join(projectRoot, 'data', 'demo', path);
const admin: Actor = { userId: 'system', role: 'admin', organisationIds: [] };

for (const kind of STORE_KINDS) {
  describe(`bulk export and changes feed on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let url = '';
    let cleanup: () => Promise<void>;
    let published: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'leergoed-export-'));

    before(async () => {
      ({ ctx, url, cleanup } = await testContext(kind));
      await ctx.imports.importPath(demo('oai'), {
        sourceName: 'Edurep',
        organisation: { name: 'Edurep', kind: 'publisher' },
      });
      await ctx.imports.importPath(demo('lido'), {
        sourceName: 'LIDO',
        organisation: { name: 'KMSKA', kind: 'heritage' },
      });
      await ctx.imports.importPath(demo('iiif'), {
        sourceName: 'IIIF Cookbook',
        organisation: { name: 'IIIF Consortium', kind: 'heritage' },
      });
      published = (
        await ctx.store.db.selectFrom('resource').select('id').where('status', '=', 'published').orderBy('id').execute()
      ).map((r) => r.id);
      app = await buildServer(ctx, { logger: false });
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it('exports every published resource as JSON Lines, by HTTP and by the command line', async () => {
      const response = await app.inject('/api/v1/export');
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^application\/x-ndjson/);
      const lines = response.body
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string; title: string; licence: unknown; kind: string });
      assert.deepEqual(
        lines.map((l) => l.id),
        published,
      );
      assert.ok(lines.every((l) => l.title && l.licence));
      const heritage = (await app.inject('/api/v1/export?kind=heritage')).body
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string });
      assert.ok(heritage.length > 0 && heritage.length < lines.length && heritage.every((l) => l.kind === 'heritage'));
      assert.equal((await app.inject('/api/v1/export?kind=other')).statusCode, 400);

      const file = join(dir, 'catalogue.jsonl');
      const cli = spawnSync(process.execPath, [join(projectRoot, 'bin', 'leergoed.js'), 'export', '--out', file], {
        env: {
          ...process.env,
          DATABASE_URL: url,
          LEERGOED_FROM_SOURCE: 'true',
          LEERGOED_SECRET: 'test-secret',
          LEERGOED_PUBLIC_URL: 'http://leergoed.test',
          LOG_LEVEL: 'silent',
        },
        encoding: 'utf8',
      });
      assert.equal(cli.status, 0, cli.stderr);
      assert.match(cli.stderr, new RegExp(`exported ${published.length} resources`));
      assert.equal(readFileSync(file, 'utf8'), response.body, 'the command writes what the API sends');
    });

    it('feeds the changes in order, page by page, with withdrawals, and nothing twice', async () => {
      const all: { id: string; type: string }[] = [];
      let since = '2000-01-01';
      for (let more = true; more;) {
        const page = (await app.inject(`/api/v1/changes?since=${encodeURIComponent(since)}&limit=7`)).json() as {
          items: { id: string; type: string; changedAt: string }[];
          next: string;
          more: boolean;
        };
        all.push(...page.items);
        since = page.next;
        more = page.more;
      }
      assert.deepEqual(all.map((c) => c.id).sort(), published);
      const quiet = (await app.inject(`/api/v1/changes?since=${encodeURIComponent(since)}`)).json();
      assert.deepEqual(quiet.items, [], 'nothing new');
      assert.equal(quiet.next, since, 'the cursor stays where it was');

      const [changed, withdrawn] = published;
      await ctx.catalogue.update(admin, changed!, { title: 'Een nieuwe titel' }, 'published');
      await ctx.catalogue.withdraw(admin, withdrawn!, 'Teruggetrokken');
      const next = (await app.inject(`/api/v1/changes?since=${encodeURIComponent(since)}`)).json();
      assert.deepEqual(
        next.items.map((c: { id: string; type: string }) => [c.id, c.type]),
        [
          [changed, 'upsert'],
          [withdrawn, 'withdrawn'],
        ],
      );
      assert.equal(next.items[0].resource.title, 'Een nieuwe titel');
      assert.equal((await app.inject('/api/v1/changes?since=garbage')).statusCode, 400);
    });
  });
}
