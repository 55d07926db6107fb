import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import type { App } from '../src/kernel/http.ts';
import { buildServer } from '../src/app/server.ts';
import { sitemapRoutes } from '../src/publish/sitemap.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const demo = (path: string) => join(projectRoot, 'data', 'demo', path);
const jsonLdOf = (html: string) =>
  JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!) as Record<string, any>;
const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);

for (const kind of STORE_KINDS) {
  describe(`linked data and sitemaps on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let published: { id: string; kind: string }[] = [];

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      await ctx.imports.importPath(demo('oai'), {
        sourceName: 'Edurep',
        organisation: { name: 'Edurep', kind: 'publisher' },
      });
      await ctx.imports.importPath(demo('lido'), {
        sourceName: 'LIDO',
        organisation: { name: 'KMSKA', kind: 'heritage' },
      });
      published = await ctx.store.db
        .selectFrom('resource')
        .select(['id', 'kind'])
        .where('status', '=', 'published')
        .orderBy('id')
        .execute();
      app = await buildServer(ctx, { logger: false });
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('answers a resource page with its JSON-LD when asked for application/ld+json, the same the HTML carries', async () => {
      const material = (
        await ctx.store.db
          .selectFrom('resource')
          .select('id')
          .where('title', 'like', '01. How can we summarize%')
          .executeTakeFirstOrThrow()
      ).id;
      const html = await app.inject({ url: `/r/${material}`, headers: { accept: 'text/html' } });
      const ld = await app.inject({ url: `/r/${material}`, headers: { accept: 'application/ld+json' } });
      assert.equal(ld.statusCode, 200);
      assert.match(String(ld.headers['content-type']), /^application\/ld\+json/);
      assert.match(String(ld.headers.vary), /Accept/);
      assert.deepEqual(ld.json(), jsonLdOf(html.body));
      const doc = ld.json();
      assert.equal(doc['@type'], 'LearningResource');
      assert.equal(doc['@id'], `http://leergoed.test/r/${material}`);
      assert.equal(doc.license, 'http://creativecommons.org/licenses/by/4.0/');
      assert.equal(doc.isAccessibleForFree, true);
      assert.ok(
        Array.isArray(doc.educationalLevel) &&
          doc.educationalLevel.every(
            (t: { '@type': string; termCode: string }) =>
              t['@type'] === 'DefinedTerm' && /^[0-9a-f-]{36}$/.test(t.termCode),
          ),
      );
      // A browser's usual Accept gets the page.
      const browser = await app.inject({
        url: `/r/${material}`,
        headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
      });
      assert.match(String(browser.headers['content-type']), /^text\/html/);
      const heritage = await ctx.store.db
        .selectFrom('resource')
        .innerJoin('organisation', 'organisation.id', 'resource.organisation_id')
        .select('resource.id')
        .where('organisation.name', '=', 'KMSKA')
        .executeTakeFirstOrThrow();
      const art = (await app.inject({ url: `/r/${heritage.id}`, headers: { accept: 'application/ld+json' } })).json();
      assert.ok(['VisualArtwork', 'CreativeWork'].includes(art['@type']));
      assert.equal(art.provider.name, 'KMSKA');
    });

    it('serves a sitemap index whose files list every published resource once', async () => {
      const index = await app.inject('/sitemap.xml');
      assert.match(index.body, /<sitemapindex xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9">/);
      assert.deepEqual(locs(index.body), [
        'http://leergoed.test/sitemaps/pages.xml',
        'http://leergoed.test/sitemaps/resources-0.xml',
      ]);
      assert.deepEqual(
        locs((await app.inject('/sitemaps/resources-0.xml')).body),
        published.map((p) => `http://leergoed.test/r/${p.id}`),
      );
      assert.equal((await app.inject('/sitemaps/resources-1.xml')).statusCode, 404);

      // Paged: the same with files of five.
      const small = Fastify().withTypeProvider<TypeBoxTypeProvider>();
      await sitemapRoutes(small as unknown as App, ctx, 5);
      const files = locs((await small.inject('/sitemap.xml')).body).slice(1);
      assert.equal(files.length, Math.ceil(published.length / 5));
      const all: string[] = [];
      for (const file of files) {
        const urls = locs((await small.inject(new URL(file).pathname)).body);
        assert.ok(urls.length <= 5);
        all.push(...urls);
      }
      assert.deepEqual(
        all,
        published.map((p) => `http://leergoed.test/r/${p.id}`),
      );
      await small.close();
    });
  });
}
