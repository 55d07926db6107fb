import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import type { App } from '../src/kernel/http.ts';
import { buildServer } from '../src/app/server.ts';
import { DEMO_PARTS } from '../src/harvest/demo.ts';
import { loadDemoLessons } from '../src/lessons/demo.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const PO_51 = '8acd5003-003c-4705-be24-1eb03ca73699';
const VO_50 = '5306bffd-4e3f-46b0-a9cf-6012f1e739b6';
const GROEP_8 = '95138558-9f65-4888-8ea3-8acce5eea273';

for (const kind of STORE_KINDS) {
  describe(`the example lessons of the demo corpus on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let made: string[] = [];

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      for (const part of DEMO_PARTS.filter((p) => /^(rijksmuseum|tate|iiif)/.test(p.path))) {
        await ctx.imports.importPath(join(projectRoot, 'data', 'demo', part.path), {
          sourceName: part.source,
          organisation: part.organisation,
        });
      }
      made = await loadDemoLessons(ctx.catalogue, ctx.accounts, ctx.lessons);
      app = await buildServer(ctx, { logger: false });
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('makes three published lessons from real objects, once', async () => {
      assert.equal(made.length, 3);
      assert.deepEqual(await loadDemoLessons(ctx.catalogue, ctx.accounts, ctx.lessons), [], 'a second run makes none');
      for (const id of made) {
        const lesson = (await app.inject(`/api/v1/lessons/${id}`)).json();
        assert.equal(lesson.status, 'published');
        assert.equal(lesson.owner.name, 'Redactie Leergoed');
        assert.ok(lesson.resources.length > 0);
        assert.ok(
          lesson.resources.every((r: { state: string }) => r.state === 'available'),
          'every object is in the corpus',
        );
        const check = (await app.inject(`/api/v1/lessons/${id}/check`)).json();
        assert.equal(check.licence.chosen.allowed, true, `${lesson.document.title}: its licence fits`);
      }
    });

    it('composes the slavery-past lesson from Rijksmuseum objects, linked (their licence is not stated), with level variants', async () => {
      const lesson = (await app.inject(`/api/v1/lessons/${made[0]}`)).json();
      assert.match(lesson.document.title, /slavernijverleden/);
      const titles = lesson.resources.map((r: { title: string }) => r.title);
      assert.ok(titles.includes('Erepenning voor George, een tot slaaf gemaakte man op de plantage Leasowes'));
      const plantations = lesson.document.sections.find((s: { id: string }) => s.id === 'plantages');
      assert.deepEqual(
        plantations.variants.map((v: { audience: { levels: string[] } }) => v.audience.levels.length),
        [2, 3],
      );
      const check = (await app.inject(`/api/v1/lessons/${made[0]}/check`)).json();
      assert.ok(check.attribution.some((a: { nl: string }) => /Rijksmuseum/.test(a.nl)));
      assert.ok(check.attribution.some((a: { kind: string }) => a.kind === 'closed'));
    });

    it('makes them findable by kerndoel and level, as lessons', async () => {
      const byObjective = (await app.inject(`/api/v1/resources?kind=lesson&objective=${PO_51}`)).json();
      assert.deepEqual(byObjective.items.map((r: { id: string }) => r.id).sort(), [made[0], made[2]].sort());
      const art = (await app.inject(`/api/v1/resources?kind=lesson&objective=${VO_50}`)).json();
      assert.deepEqual(
        art.items.map((r: { id: string }) => r.id),
        [made[1]],
      );
      const groep8 = (await app.inject(`/api/v1/resources?kind=lesson&level=${GROEP_8}`)).json();
      assert.equal(groep8.total, 2);
      const text = (await app.inject('/api/v1/resources?q=slavernijverleden&kind=lesson')).json();
      assert.equal(text.items[0].id, made[0]);
    });

    it("serves a lesson's public page with its title, summary and LRMI JSON-LD in the first HTML", async () => {
      const page = await app.inject({ url: `/les/${made[1]}`, headers: { accept: 'text/html' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<title>Turner en de zee: kijken naar kunst – Leergoed<\/title>/);
      const json = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page.body)![1]!);
      assert.equal(json['@type'], 'LearningResource');
      assert.equal(json.url ?? json['@id'], `http://leergoed.test/les/${made[1]}`);
      assert.equal(json.license, 'http://creativecommons.org/licenses/by/4.0/');
      assert.match(String(page.headers['content-security-policy']), /frame-ancestors \*/);
      const unknown = await app.inject({ url: '/les/no-such-lesson', headers: { accept: 'text/html' } });
      assert.doesNotMatch(unknown.body, /application\/ld\+json/);
    });
  });
}
