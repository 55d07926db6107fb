import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { AppContext } from '../src/app/context.ts';
import { OaiPmhClient } from '../src/harvest/protocols/oai-pmh.ts';
import { harvestRepository } from '../src/harvest/repository.ts';
import { OaiTestServer } from './support/oai-server.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

for (const kind of STORE_KINDS) {
  describe(`OAI-PMH harvesting on ${kind}`, () => {
    let ctx: AppContext;
    let cleanup: () => Promise<void>;
    let server: OaiTestServer;
    let organisationId: string;
    let counter = 0;
    const admin = { userId: 'admin', role: 'admin' as const, organisationIds: [] };

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      server = await new OaiTestServer().start();
      organisationId = (await ctx.accounts.findOrCreateOrganisation('Edurep', 'publisher')).id;
    });
    after(async () => {
      await server?.stop();
      await cleanup?.();
    });
    beforeEach(() => {
      server.faults.length = 0;
      server.requests.length = 0;
    });

    const source = (input: { prefix?: string; set?: string | null } = {}) =>
      ctx.sources.create(admin, {
        organisationId,
        name: `Edurep ${++counter}`,
        type: 'oai-pmh',
        url: server.url,
        metadataPrefix: input.prefix ?? 'lom',
        set: input.set === undefined ? 'surf' : input.set,
      });
    const stored = async (sourceId: string) =>
      ctx.store.db
        .selectFrom('resource')
        .select(['original_id', 'status', 'record_hash'])
        .where('source_id', '=', sourceId)
        .orderBy('original_id')
        .execute();

    it('speaks the protocol: Identify, ListMetadataFormats, ListSets, GET and POST', async () => {
      const client = new OaiPmhClient(server.url, {
        limits: { timeoutMs: 5000, maxBytes: 1e7, maxRedirects: 3, allowPrivateHosts: true },
      });
      const identify = await client.identify();
      assert.equal(identify.granularity, 'YYYY-MM-DDThh:mm:ssZ');
      assert.equal(identify.deletedRecord, 'persistent');
      assert.deepEqual(
        (await client.listMetadataFormats()).map((f) => f.prefix),
        ['lom', 'oai_dc', 'didl'],
      );
      assert.deepEqual(
        (await client.listSets()).map((s) => s.spec),
        ['surf', 'europeana'],
      );
      const post = new OaiPmhClient(server.url, {
        method: 'POST',
        limits: { timeoutMs: 5000, maxBytes: 1e7, maxRedirects: 3, allowPrivateHosts: true },
      });
      let records = 0;
      const page = await post.listPage('ListRecords', { metadataPrefix: 'lom', set: 'surf' }, () => {
        records++;
      });
      assert.equal(records, 9);
      assert.equal(page.resumptionToken, 'c1576069959151499|u|f1970-01-01T00:00:00Z|mlom|ssurf');
      assert.equal(server.requests.at(-1)!.method, 'POST');
    });

    it('harvests the Edurep sequence through its resumption token, then the delta incrementally', async () => {
      const s = await source();
      const first = await ctx.harvester.harvest(s.id);
      assert.equal(first.status, 'completed', first.error ?? '');
      assert.equal(first.pages, 2);
      assert.equal(first.created, 11);
      assert.equal(first.unchanged, 1, 'the deleted record we never had changes nothing');
      assert.equal((await ctx.sources.get(s.id)).harvest_from, '2020-02-06T18:10:23Z');
      const list = server.requests.filter((r) => r.params.verb === 'ListRecords');
      assert.deepEqual(
        list.map((r) => r.params.resumptionToken ?? `from=${r.params.from ?? ''}`),
        ['from=', 'c1576069959151499|u|f1970-01-01T00:00:00Z|mlom|ssurf'],
      );

      server.requests.length = 0;
      const delta = await ctx.harvester.harvest(s.id);
      assert.equal(delta.status, 'completed', delta.error ?? '');
      assert.equal(server.requests.find((r) => r.params.verb === 'ListRecords')!.params.from, '2020-02-06T18:10:23Z');
      assert.equal(delta.withdrawn, 1);
      assert.ok(delta.updated >= 1);
      const rows = await stored(s.id);
      const gone = rows.find(
        (r) => r.original_id === 'surfsharekit:oai:surfsharekit.nl:5af0e26f-c4d2-4ddd-94ab-7dd0bd531751',
      )!;
      assert.equal(gone.status, 'withdrawn');
      assert.equal(new Set(rows.map((r) => r.original_id)).size, rows.length, 'no duplicates');
    });

    it('treats noRecordsMatch as an empty success', async () => {
      const s = await source();
      const result = await ctx.harvester.harvest(s.id, { from: '2031-01-01T00:00:00Z' });
      assert.equal(result.status, 'completed');
      assert.equal(result.created + result.updated + result.unchanged, 0);
    });

    it('waits for Retry-After on 503 and retries timeouts and 5xx with backoff', async () => {
      const s = await source();
      server.faults.push({ kind: 'status', status: 503, retryAfter: 1 }, { kind: 'status', status: 500 });
      const started = Date.now();
      const result = await ctx.harvester.harvest(s.id);
      assert.equal(result.status, 'completed', result.error ?? '');
      assert.ok(Date.now() - started >= 1000, 'waited for Retry-After');
      assert.equal(result.created, 11);
    });

    it('retries a page cut off halfway without duplicating its records', async () => {
      const s = await source();
      server.faults.push({ kind: 'truncate' });
      const result = await ctx.harvester.harvest(s.id);
      assert.equal(result.status, 'completed', result.error ?? '');
      assert.equal(result.created, 11);
      assert.equal((await stored(s.id)).length, 11);
    });

    it('restarts the list when the token is refused (badResumptionToken)', async () => {
      const s = await source();
      server.faults.push({ kind: 'badToken' });
      const result = await ctx.harvester.harvest(s.id);
      assert.equal(result.status, 'completed', result.error ?? '');
      assert.equal(server.faults.length, 0, 'the fault was served');
      const list = server.requests
        .filter((r) => r.params.verb === 'ListRecords')
        .map((r) => r.params.resumptionToken ?? 'start');
      assert.deepEqual(list, [
        'start',
        'c1576069959151499|u|f1970-01-01T00:00:00Z|mlom|ssurf',
        'start',
        'c1576069959151499|u|f1970-01-01T00:00:00Z|mlom|ssurf',
      ]);
      assert.equal((await stored(s.id)).length, 11);
    });

    it('stops a list whose token repeats', async () => {
      const s = await source();
      server.faults.push({ kind: 'repeatToken' });
      const result = await ctx.harvester.harvest(s.id);
      assert.equal(result.status, 'failed');
      assert.match(result.error!, /LG_HARVEST_REPEATED_TOKEN/);
    });

    it('refuses XML with a DTD (XXE)', async () => {
      const s = await source();
      server.faults.push({ kind: 'xxe' });
      const result = await ctx.harvester.harvest(s.id);
      assert.equal(result.status, 'failed');
      assert.match(result.error!, /LG_XML_DTD/);
      assert.equal((await stored(s.id)).length, 0);
    });

    it('names the formats an endpoint offers when the prefix is not one of them', async () => {
      const s = await source({ prefix: 'mods' });
      await assert.rejects(ctx.harvester.harvest(s.id), /does not offer "mods"; it offers lom, oai_dc, didl/);
    });

    it('reads the Rijksmuseum quirks: EDM behind an oai_dc-advertised prefix, a record nested in <metadata>', async () => {
      const s = await source({ prefix: 'oai_dc', set: 'rijks' });
      const result = await ctx.harvester.harvest(s.id);
      assert.equal(result.created, 1, result.error ?? '');
      const resource = await ctx.store.db
        .selectFrom('resource')
        .selectAll()
        .where('source_id', '=', s.id)
        .executeTakeFirstOrThrow();
      assert.equal(resource.raw_format, 'edm');
      assert.equal(resource.licence_uri, 'http://creativecommons.org/publicdomain/mark/1.0/');
      assert.match(resource.description!, /^Beursje van beschilderd/);
    });

    it('harvests oai_dc (the Europeana record)', async () => {
      const s = await source({ prefix: 'oai_dc', set: 'europeana' });
      const result = await ctx.harvester.harvest(s.id);
      assert.equal(result.created, 1);
    });

    it('quarantines records it cannot map, with the reason and raw XML', async () => {
      const s = await source({ prefix: 'lom', set: 'mixed' });
      const result = await ctx.harvester.harvest(s.id);
      assert.deepEqual([result.status, result.created, result.failed], ['completed', 1, 1]);
      const { issues } = (await ctx.imports.run(result.runId))!;
      assert.match(issues[0]!.reason, /Unsupported metadata format <mods>/);
      assert.match(issues[0]!.raw_record!, /<mods xmlns="http:\/\/www.loc.gov\/mods\/v3">/);
    });

    it('keeps the first of two records with one identifier in a page, and quarantines the second', async () => {
      const s = await source({ prefix: 'lom', set: 'dupes' });
      const result = await ctx.harvester.harvest(s.id);
      assert.deepEqual([result.status, result.created, result.failed], ['completed', 1, 1]);
      const { issues } = (await ctx.imports.run(result.runId))!;
      assert.match(issues[0]!.reason, /Duplicate identifier in one page/);
    });

    it('harvests a generated feed and records the list size', async () => {
      const s = await source({ prefix: 'lom', set: 'feed-1x3' });
      const result = await ctx.harvester.harvest(s.id);
      assert.equal(result.status, 'completed');
      const run = (await harvestRepository.findRun(ctx.store.db, result.runId))!;
      assert.equal(run.pages, 1);
      assert.equal(run.complete_list_size, 3);
    });

    it('walks a IIIF collection (v3 with a paged v2 inside) to its manifests, quarantines a missing one, withdraws what left', async () => {
      const s = await ctx.sources.create(admin, {
        organisationId,
        name: `IIIF ${++counter}`,
        type: 'iiif-collection',
        url: `http://127.0.0.1:${server.port}/iiif/collection.json`,
      });
      const first = await ctx.harvester.harvest(s.id);
      assert.equal(first.status, 'completed', first.error ?? '');
      assert.deepEqual([first.created, first.failed], [4, 1]);
      const { issues } = (await ctx.imports.run(first.runId))!;
      assert.match(issues[0]!.reason, /HTTP 404/);
      const again = await ctx.harvester.harvest(s.id);
      assert.deepEqual([again.created, again.unchanged, again.withdrawn], [0, 4, 0]);
      // The region manifest leaves the collection: the next harvest withdraws it.
      server.manifests = server.manifests.filter((m) => m !== '0299-region_manifest.json');
      try {
        const third = await ctx.harvester.harvest(s.id);
        assert.deepEqual([third.status, third.unchanged, third.withdrawn], ['completed', 3, 1]);
        const gone = await ctx.store.db
          .selectFrom('resource')
          .select(['status', 'withdrawn_reason'])
          .where('source_id', '=', s.id)
          .where('original_id', '=', 'https://iiif.io/api/cookbook/recipe/0299-region/manifest.json')
          .executeTakeFirstOrThrow();
        assert.deepEqual([gone.status, gone.withdrawn_reason], ['withdrawn', 'No longer at the source']);
      } finally {
        server.manifests.push('0299-region_manifest.json');
      }
    });

    it('imports a file from a URL as a snapshot', async () => {
      const s = await ctx.sources.create(admin, {
        organisationId,
        name: `LIDO file ${++counter}`,
        type: 'file-url',
        url: `http://127.0.0.1:${server.port}/files/lido/kmska_lido.xml`,
      });
      const result = await ctx.harvester.harvest(s.id);
      assert.deepEqual([result.status, result.created], ['completed', 1]);
      const again = await ctx.harvester.harvest(s.id);
      assert.deepEqual([again.created, again.unchanged], [0, 1]);
    });

    it('follows an NDE dataset description to its OAI-PMH distribution, and explains one it cannot harvest', async () => {
      const s = await ctx.sources.create(admin, {
        organisationId,
        name: `NDE ${++counter}`,
        type: 'nde-dataset',
        url: `http://127.0.0.1:${server.port}/nde/oai-dataset.jsonld`,
      });
      await ctx.store.db.updateTable('source').set({ set_spec: 'surf' }).where('id', '=', s.id).execute();
      const result = await ctx.harvester.harvest(s.id);
      assert.deepEqual([result.status, result.created], ['completed', 11], result.error ?? '');
      const real = await ctx.sources.create(admin, {
        organisationId,
        name: `NDE KB ${++counter}`,
        type: 'nde-dataset',
        url: `http://127.0.0.1:${server.port}/nde/dataset-schema-org-valid.jsonld`,
      });
      await assert.rejects(
        ctx.harvester.harvest(real.id),
        /offers no distribution Leergoed harvests.*Turtle dump.*SPARQL endpoint/,
      );
    });

    it('times out a response that never comes, and retries it', async () => {
      const { ctx: quick, cleanup: done } = await testContext(
        kind,
        {},
        { limits: { timeoutMs: 300, maxBytes: 1e7, maxRedirects: 3, allowPrivateHosts: true } },
      );
      try {
        const org = (await quick.accounts.findOrCreateOrganisation('Edurep', 'publisher')).id;
        const s = await quick.sources.create(admin, {
          organisationId: org,
          name: 'slow',
          type: 'oai-pmh',
          url: server.url,
          metadataPrefix: 'lom',
          set: 'surf',
        });
        server.faults.push({ kind: 'hang' });
        const result = await quick.harvester.harvest(s.id);
        assert.equal(result.status, 'completed', result.error ?? '');
        assert.equal(result.created, 11);
      } finally {
        await done();
      }
    });
  });
}
