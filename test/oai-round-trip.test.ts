import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../src/accounts/model.ts';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import type { App } from '../src/kernel/http.ts';
import { buildServer } from '../src/app/server.ts';
import type { ResourceView } from '../src/catalogue/view.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const demo = (path: string) => join(projectRoot, 'data', 'demo', path);
const admin: Actor = { userId: 'system', role: 'admin', organisationIds: [] };

/** What must survive the trip: the facts a catalogue is judged by. */
function facts(r: ResourceView) {
  return {
    kind: r.kind,
    title: r.title,
    description: r.description,
    licence: r.licence.uri,
    levels: r.levels.map((c) => c.id).sort(),
    subjects: r.subjects.map((c) => c.id).sort(),
    objectives: r.objectives.map((c) => c.id).sort(),
    keywords: r.keywords,
    creators: r.creators.map((c) => c.name),
  };
}

for (const kind of STORE_KINDS) {
  describe(`round trip on ${kind}: a second, empty Leergoed harvests the first through OAI-PMH`, () => {
    let a: AppContext;
    let b: AppContext;
    let server: App;
    let cleanups: (() => Promise<void>)[] = [];
    let base = '';
    let withdrawnId = '';

    before(async () => {
      const first = await testContext(kind);
      const second = await testContext(kind);
      a = first.ctx;
      b = second.ctx;
      cleanups = [first.cleanup, second.cleanup];
      await a.imports.importPath(demo('iiif'), {
        sourceName: 'IIIF Cookbook',
        organisation: { name: 'IIIF Consortium', kind: 'heritage' },
      });
      await a.imports.importPath(demo('oai'), {
        sourceName: 'Edurep',
        organisation: { name: 'Edurep', kind: 'publisher' },
      });
      await a.imports.importPath(demo('edm'), {
        sourceName: 'Europeana',
        organisation: { name: 'Europeana', kind: 'heritage' },
      });
      const teacher = await a.accounts.createUser({
        email: 'anna@school.test',
        name: 'Anna de Vries',
        password: 'correct horse battery staple',
        role: 'teacher',
      });
      const actor: Actor = { userId: teacher.id, role: 'teacher', organisationIds: [] };
      const lesson = await a.lessons.create(actor, null);
      const doc = {
        ...lesson.document,
        title: 'Bronnen lezen',
        summary: 'Een les over bronnen.',
        levels: ['95138558-9f65-4888-8ea3-8acce5eea273'],
        objectives: ['8acd5003-003c-4705-be24-1eb03ca73699'],
        sections: [
          {
            id: 's',
            title: 'Lezen',
            variants: [
              {
                id: 'v',
                audience: { levels: [], need: null },
                items: [{ type: 'text' as const, id: 't', markdown: 'Lees de bron.' }],
              },
            ],
          },
        ],
      };
      const saved = await a.lessons.saveDraft(actor, lesson.id, doc, lesson.revision);
      await a.lessons.publish(actor, lesson.id, 'Eerste versie', saved.revision);
      withdrawnId = (
        await a.store.db
          .selectFrom('resource')
          .select('id')
          .where('title', 'like', 'Playbill%')
          .executeTakeFirstOrThrow()
      ).id;
      server = await buildServer(a, { logger: false });
      await server.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await server?.close();
      for (const cleanup of cleanups) await cleanup();
    });

    const harvestAll = async () => {
      const organisation = await b.accounts.findOrCreateOrganisation('Leergoed A', 'publisher');
      const results = [];
      for (const k of ['material', 'heritage', 'lesson'] as const) {
        const existing = (await b.sources.list(null)).find((s) => s.set_spec === `kind:${k}`);
        const source =
          existing ??
          (await b.sources.create(admin, {
            organisationId: organisation.id,
            name: `Leergoed A (${k})`,
            type: 'oai-pmh',
            url: `${base}/oai`,
            metadataPrefix: 'nl_lom',
            set: `kind:${k}`,
            kind: k,
          }));
        results.push(await b.harvester.harvest(source.id));
      }
      return results;
    };

    it('ends with the same catalogue: titles, kinds, licences, levels, objectives, subjects, makers', async () => {
      const results = await harvestAll();
      for (const r of results) assert.equal(r.status, 'completed', r.error ?? '');
      const original = await a.catalogue.getMany(
        (await a.store.db.selectFrom('resource').select('id').where('status', '=', 'published').execute()).map(
          (r) => r.id,
        ),
        null,
      );
      const copies = await b.store.db.selectFrom('resource').select(['id', 'original_id', 'status']).execute();
      assert.equal(copies.filter((c) => c.status === 'published').length, original.size);
      const harvested = await b.catalogue.getMany(
        copies.map((c) => c.id),
        null,
      );
      for (const copy of copies.filter((c) => c.status === 'published')) {
        const sourceId = copy.original_id!.split(':').pop()!;
        const view = original.get(sourceId);
        assert.ok(view, `${copy.original_id} is a resource of A`);
        assert.deepEqual(facts(harvested.get(copy.id)!), facts(view), view.title);
      }
    });

    it("keeps the provenance chain: where B got it (A's OAI identifier), and A's page of it", async () => {
      const copy = await b.store.db
        .selectFrom('resource')
        .select(['id', 'original_id', 'source_id'])
        .where('title', '=', 'Bronnen lezen')
        .executeTakeFirstOrThrow();
      const lessonId = (
        await a.store.db
          .selectFrom('resource')
          .select('id')
          .where('title', '=', 'Bronnen lezen')
          .executeTakeFirstOrThrow()
      ).id;
      assert.equal(copy.original_id, `oai:leergoed.test:${lessonId}`);
      const view = (await b.catalogue.getMany([copy.id], null)).get(copy.id)!;
      assert.equal(view.kind, 'lesson');
      assert.equal(view.provenance.source?.name, 'Leergoed A (lesson)');
      assert.equal(view.url, `http://leergoed.test/les/${lessonId}`, 'the copy points at the lesson on A');
      assert.match(JSON.stringify(view.extra), new RegExp(`http://leergoed\\.test/les/${lessonId}`));
    });

    it('passes on a withdrawal: harvested again, the deleted record withdraws the copy', async () => {
      await a.catalogue.withdraw(admin, withdrawnId, 'Teruggetrokken door de bron');
      const results = await harvestAll();
      assert.equal(
        results.reduce((n, r) => n + r.withdrawn, 0),
        1,
      );
      const copy = await b.store.db
        .selectFrom('resource')
        .select(['status'])
        .where('original_id', '=', `oai:leergoed.test:${withdrawnId}`)
        .executeTakeFirstOrThrow();
      assert.equal(copy.status, 'withdrawn');
    });
  });
}
