import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import { buildServer } from '../src/app/server.ts';
import type { App } from '../src/kernel/http.ts';
import { signIn, type Credentials } from './support/http.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const demo = (path: string) => join(projectRoot, 'data', 'demo', path);
const password = 'een lang wachtwoord';

for (const kind of STORE_KINDS) {
  describe(`quality of resources on ${kind}: completeness, automatic checks with history, teachers' ratings`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let fatima: Credentials;
    let bas: Credentials;
    let heritage = '';
    let material = '';

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
      const first = (k: string) =>
        ctx.store.db
          .selectFrom('resource')
          .select('id')
          .where('kind', '=', k)
          .where('status', '=', 'published')
          .orderBy('id')
          .executeTakeFirstOrThrow();
      heritage = (await first('heritage')).id;
      material = (await first('material')).id;
      await ctx.accounts.createUser({ email: 'fatima@school.test', name: 'Juf Fatima', password, role: 'teacher' });
      await ctx.accounts.createUser({ email: 'bas@school.test', name: 'Meester Bas', password, role: 'teacher' });
      app = await buildServer(ctx, { logger: false });
      fatima = await signIn(app, 'fatima@school.test', password);
      bas = await signIn(app, 'bas@school.test', password);
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    const quality = async (id: string, who: object = {}) => {
      const response = await app.inject({
        url: `/api/v1/resources/${id}/quality`,
        headers: who as Record<string, string>,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };

    it('scores completeness by the fields that apply to the kind, and names what is missing', async () => {
      const object = await ctx.catalogue.get(heritage);
      const q = await quality(heritage);
      assert.deepEqual(q.checks, [], 'no check has run yet');
      assert.ok(q.completeness.score > 0 && q.completeness.score <= 1);
      assert.ok(!q.completeness.missing.includes('resourceType'), 'a heritage object needs no learning resource type');
      assert.equal(q.completeness.missing.includes('image'), !object!.thumbnail && !object!.iiifManifest);
      assert.equal(q.completeness.missing.includes('level'), object!.levels.length === 0);
      assert.equal(q.completeness.missing.includes('licence'), object!.licence.status !== 'ok');
      const learning = await quality(material);
      assert.ok(!learning.completeness.missing.includes('image'), 'learning material needs no picture');
      const view = (await ctx.catalogue.get(material))!;
      assert.equal(learning.completeness.missing.includes('resourceType'), view.resourceTypes.length === 0);
      assert.equal(
        (await app.inject('/api/v1/resources/0192f3c4-0000-7000-8000-000000000000/quality')).statusCode,
        404,
      );
    });

    it('runs the automatic checks on every published resource and keeps each run as history', async () => {
      const published = (
        await ctx.store.db.selectFrom('resource').select('id').where('status', '=', 'published').execute()
      ).length;
      const totals = await ctx.quality.check(null);
      assert.equal(totals.checked, published);
      const once = await quality(heritage);
      assert.deepEqual(
        once.checks.map((c: { kind: string }) => c.kind),
        ['completeness', 'licence'],
      );
      const licence = once.checks[1];
      const object = (await ctx.catalogue.get(heritage))!;
      assert.equal(
        licence.status,
        object.licence.status === 'ok' ? 'ok' : object.licence.status === 'unknown' ? 'warning' : 'failed',
      );
      assert.equal(licence.detail.value, object.licence.raw);
      assert.deepEqual(once.checks[0].detail.missing, once.completeness.missing);
      await ctx.quality.check(heritage);
      const twice = await quality(heritage);
      assert.equal(twice.checks[0].history.length, 2);
      assert.equal(twice.checks[1].history.length, 2);
      assert.equal((await quality(material)).checks[0].history.length, 1, 'checking one resource touches only it');
      await assert.rejects(ctx.quality.check('0192f3c4-0000-7000-8000-000000000000'), /does not exist/);
    });

    it('checks what changed since the last scheduled pass, and only that', async () => {
      const published = (
        await ctx.store.db.selectFrom('resource').select('id').where('status', '=', 'published').execute()
      ).length;
      let seen = 0;
      for (let pass = 0; pass < 100; pass++) {
        const { seen: more, checked } = await ctx.quality.checkChanged(7);
        if (more === 0) break;
        assert.ok(more <= 7);
        seen += checked;
      }
      assert.equal(seen, published, 'every published resource once, in passes of 7');
      assert.deepEqual(await ctx.quality.checkChanged(), { seen: 0, checked: 0 }, 'nothing changed since');
      const before = (await quality(material)).checks[0].history.length;
      const editor = { userId: 'system', role: 'admin' as const, organisationIds: [] };
      await ctx.catalogue.update(editor, material, {
        description: 'Een les over de Gouden Eeuw voor groep 7 en 8, met opdrachten.',
      });
      assert.deepEqual(
        await ctx.quality.checkChanged(),
        { seen: 1, checked: 1 },
        'the edited resource, and nothing else',
      );
      assert.equal((await quality(material)).checks[0].history.length, before + 1);
    });

    it('takes one rating per teacher, editable, averages them, and shows names but never addresses', async () => {
      const url = `/api/v1/resources/${material}/rating`;
      const put = (who: object, payload: object) =>
        app.inject({ method: 'PUT', url, headers: who as Record<string, string>, payload });
      assert.equal((await put({}, { score: 4 })).statusCode, 401);
      const tooHigh = await put(fatima, { score: 6 });
      assert.equal(tooHigh.statusCode, 400);
      const first = await put(fatima, { score: 4, comment: 'Goed bruikbaar in groep 7, wel veel tekst.' });
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual(first.json().rating.mine, { score: 4, comment: 'Goed bruikbaar in groep 7, wel veel tekst.' });
      await put(bas, { score: 2 });
      const edited = await put(fatima, { score: 5, comment: ' ' });
      assert.deepEqual(edited.json().rating.mine, { score: 5, comment: null });
      const seen = await quality(material);
      assert.equal(seen.rating.count, 2);
      assert.equal(seen.rating.average, 3.5);
      assert.equal(seen.rating.mine, null, 'nobody signed in: no own rating');
      await put(bas, { score: 3, comment: 'Mist een opdracht voor de leerlingen.' });
      const withComment = await quality(material, bas);
      assert.deepEqual(
        withComment.rating.comments.map((c: { name: string; score: number }) => [c.name, c.score]),
        [['Meester Bas', 3]],
      );
      assert.doesNotMatch(JSON.stringify(withComment), /@school\.test/);
      const removed = await app.inject({ method: 'DELETE', url, headers: bas });
      assert.equal(removed.statusCode, 204);
      assert.equal((await app.inject({ method: 'DELETE', url, headers: bas })).statusCode, 404);
      assert.equal((await quality(material)).rating.count, 1);
    });

    it('rates only published resources', async () => {
      const teacher = (await ctx.accounts.userByEmail('fatima@school.test'))!;
      const actor = { userId: teacher.id, role: teacher.role, organisationIds: [] };
      const draft = await ctx.catalogue.create(actor, { kind: 'material', title: 'Mijn concept' }, null, 'draft');
      const own = await app.inject({
        method: 'PUT',
        url: `/api/v1/resources/${draft.id}/rating`,
        headers: fatima,
        payload: { score: 5 },
      });
      assert.equal(own.statusCode, 409);
      assert.equal(own.json().code, 'LG_NOT_PUBLISHED');
      const other = await app.inject({
        method: 'PUT',
        url: `/api/v1/resources/${draft.id}/rating`,
        headers: bas,
        payload: { score: 5 },
      });
      assert.equal(other.statusCode, 404, "another teacher's draft stays hidden");
    });
  });
}
