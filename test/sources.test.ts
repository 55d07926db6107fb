import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWorker, type AppContext } from '../src/app/context.ts';
import type { App } from '../src/kernel/http.ts';
import { buildServer } from '../src/app/server.ts';
import { DEFAULT_WORKER_OPTIONS } from '../src/jobs/worker.ts';
import { OaiTestServer } from './support/oai-server.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

for (const kind of STORE_KINDS) {
  describe(`sources API on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let server: OaiTestServer;
    let edurep: string;
    let headers: Record<string, string>;
    const password = 'correct horse battery staple';

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      server = await new OaiTestServer().start();
      edurep = (await ctx.accounts.findOrCreateOrganisation('Edurep', 'publisher')).id;
      const other = (await ctx.accounts.findOrCreateOrganisation('Ander', 'heritage')).id;
      await ctx.accounts.createUser({
        email: 'redactie@edurep.test',
        name: 'Redactie',
        password,
        role: 'institution_editor',
        organisationIds: [edurep],
      });
      await ctx.accounts.createUser({
        email: 'ander@museum.test',
        name: 'Ander',
        password,
        role: 'institution_editor',
        organisationIds: [other],
      });
      app = await buildServer(ctx, { logger: false });
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: 'redactie@edurep.test', password },
      });
      headers = {
        cookie: `lg_session=${login.cookies.find((c) => c.name === 'lg_session')!.value}`,
        'x-csrf-token': login.json().csrfToken,
      };
    });
    after(async () => {
      await app?.close();
      await server?.stop();
      await cleanup?.();
    });

    it('tests a connection: formats, sets, a mapped preview and its warnings', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/sources/test',
        headers,
        payload: { url: server.url, set: 'surf' },
      });
      assert.equal(response.statusCode, 200, response.body);
      const preview = response.json();
      assert.equal(preview.ok, true, preview.error);
      assert.equal(preview.metadataPrefix, 'lom');
      assert.deepEqual(
        preview.formats.map((f: { prefix: string; mapped: boolean }) => `${f.prefix}:${f.mapped}`),
        ['lom:true', 'oai_dc:true', 'didl:false'],
      );
      assert.equal(preview.records.length, 8);
      assert.equal(preview.records[0].title, 'Exercises 5');
      // Every SURF record carries higher-education classifications our school vocabularies do not hold.
      assert.deepEqual(
        preview.warnings.map((w: { code: string; percent: number }) => [w.code, w.percent]),
        [['LG_P_UNMAPPED_VALUES', 100]],
      );
      assert.ok(
        preview.records.every((r: { licence: string }) => r.licence?.startsWith('http://creativecommons.org/')),
      );
      const unsupported = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/sources/test',
          headers,
          payload: { url: server.url, metadataPrefix: 'mods' },
        })
      ).json();
      assert.equal(unsupported.ok, false);
      assert.match(unsupported.error, /does not offer "mods".*It offers: lom, oai_dc, didl/);
      assert.equal(unsupported.problem.code, 'LG_HARVEST_FORMAT');
      assert.match(unsupported.problem.message, /^The endpoint does not offer "mods"/);
    });

    it('tests IIIF collections, files and dataset descriptions too', async () => {
      const base = `http://127.0.0.1:${server.port}`;
      const iiif = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/sources/test',
          headers,
          payload: { type: 'iiif-collection', url: `${base}/iiif/collection.json` },
        })
      ).json();
      assert.equal(iiif.ok, true, iiif.error);
      assert.ok(
        iiif.records.some(
          (r: { title: string }) => r.title === 'Picture of Göttingen taken during the 2019 IIIF Conference',
        ),
      );
      const file = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/sources/test',
          headers,
          payload: { type: 'file-url', url: `${base}/files/lido/vkc_lido.xml` },
        })
      ).json();
      assert.equal(file.records.length, 1);
      const dataset = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/sources/test',
          headers,
          payload: { type: 'nde-dataset', url: `${base}/nde/dataset-dcat-valid.jsonld` },
        })
      ).json();
      assert.equal(dataset.ok, false);
      assert.match(dataset.error, /LG_HARVEST_NO_DISTRIBUTION/);
      assert.equal(dataset.problem.code, 'LG_HARVEST_NO_DISTRIBUTION');
      assert.equal(dataset.dataset.name, 'Alba amicorum van de Koninklijke Bibliotheek');
      const oaiDataset = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/sources/test',
          headers,
          payload: { type: 'nde-dataset', url: `${base}/nde/oai-dataset.jsonld`, set: 'surf' },
        })
      ).json();
      assert.equal(oaiDataset.ok, true, oaiDataset.error);
      assert.equal(oaiDataset.dataset.chosen, `${base}/oai`);
      assert.equal(oaiDataset.records.length, 8);
    });

    it('adds a source, runs it through the worker, and reports the run', async () => {
      const bad = await app.inject({
        method: 'POST',
        url: '/api/v1/sources',
        headers,
        payload: {
          organisationId: edurep,
          name: 'x',
          type: 'oai-pmh',
          url: server.url,
          metadataPrefix: 'lom',
          schedule: 'every day',
        },
      });
      assert.equal(bad.json().code, 'LG_BAD_SCHEDULE');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/sources',
        headers,
        payload: {
          organisationId: edurep,
          name: 'Edurep SURF',
          type: 'oai-pmh',
          url: server.url,
          metadataPrefix: 'lom',
          set: 'surf',
          schedule: '0 3 * * *',
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      const source = created.json();
      assert.ok(source.nextRunAt);
      const run = await app.inject({ method: 'POST', url: `/api/v1/sources/${source.id}/run`, headers, payload: {} });
      assert.equal(run.statusCode, 202);
      assert.equal((await app.inject({ url: `/api/v1/sources/${source.id}`, headers })).json().job.status, 'queued');
      await createWorker(ctx, { ...DEFAULT_WORKER_OPTIONS, idleMs: 10 }).drain();
      const after = (await app.inject({ url: `/api/v1/sources/${source.id}`, headers })).json();
      assert.equal(after.job, null);
      assert.equal(after.lastRun.status, 'completed');
      assert.deepEqual([after.lastRun.pages, after.lastRun.created], [2, 11]);
      assert.equal(after.harvestFrom, '2020-02-06T18:10:23Z');
      const runs = (await app.inject({ url: `/api/v1/imports?source=${source.id}`, headers })).json();
      assert.equal(runs[0].kind, 'harvest');

      const paused = await app.inject({
        method: 'PATCH',
        url: `/api/v1/sources/${source.id}`,
        headers,
        payload: { enabled: false },
      });
      assert.equal(paused.json().enabled, false);
      assert.equal(
        (await app.inject({ method: 'POST', url: `/api/v1/sources/${source.id}/run`, headers, payload: {} })).json()
          .code,
        'LG_SOURCE_PAUSED',
      );
    });

    it('keeps other institutions out of a source', async () => {
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: 'ander@museum.test', password },
      });
      const other = {
        cookie: `lg_session=${login.cookies.find((c) => c.name === 'lg_session')!.value}`,
        'x-csrf-token': login.json().csrfToken,
      };
      const [source] = (await app.inject({ url: '/api/v1/sources', headers })).json();
      assert.equal((await app.inject({ url: `/api/v1/sources/${source.id}`, headers: other })).statusCode, 403);
      assert.equal(
        (await app.inject({ method: 'POST', url: `/api/v1/sources/${source.id}/run`, headers: other, payload: {} }))
          .statusCode,
        403,
      );
      assert.deepEqual((await app.inject({ url: '/api/v1/sources', headers: other })).json(), []);
      assert.equal(
        (
          await app.inject({
            method: 'POST',
            url: '/api/v1/sources',
            headers: other,
            payload: { organisationId: edurep, name: 'y', type: 'oai-pmh', url: server.url, metadataPrefix: 'lom' },
          })
        ).statusCode,
        403,
      );
    });

    it('shows quarantined records and retries them', async () => {
      const source = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/sources',
          headers,
          payload: {
            organisationId: edurep,
            name: 'Mixed',
            type: 'oai-pmh',
            url: server.url,
            metadataPrefix: 'lom',
            set: 'mixed',
          },
        })
      ).json();
      const result = await ctx.harvester.harvest(source.id);
      const report = (await app.inject({ url: `/api/v1/imports/${result.runId}`, headers })).json();
      assert.equal(report.issues.length, 1);
      assert.match(report.issues[0].rawRecord, /<mods/);
      const retry = (
        await app.inject({ method: 'POST', url: `/api/v1/imports/${result.runId}/retry`, headers, payload: {} })
      ).json();
      assert.deepEqual(retry, { retried: 1, resolved: 0, stillFailing: 1 });
    });
  });
}
