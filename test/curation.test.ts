import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import { buildServer } from '../src/app/server.ts';
import type { App } from '../src/kernel/http.ts';
import { RUBRIC_DIMENSIONS } from '../src/quality/rubric.ts';
import { signIn, type Credentials } from './support/http.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const demo = (path: string) => join(projectRoot, 'data', 'demo', path);
const password = 'een lang wachtwoord';

interface Suggestion {
  resource: { id: string; title: string; organisation: { id: string; name: string } | null };
  objective: { id: string; label: string };
  score: number;
  matchedWords: string[];
}

for (const kind of STORE_KINDS) {
  describe(`the curation workspace on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let curator: Credentials;
    let rijksEditor: Credentials;
    let edurepEditor: Credentials;
    let teacher: Credentials;
    let rijksId = '';

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      await ctx.imports.importPath(demo('oai'), {
        sourceName: 'Edurep',
        organisation: { name: 'Edurep', kind: 'publisher' },
      });
      await ctx.imports.importPath(demo('rijksmuseum'), {
        sourceName: 'Rijksmuseum',
        organisation: { name: 'Rijksmuseum', kind: 'heritage' },
      });
      rijksId = (await ctx.accounts.findOrCreateOrganisation('Rijksmuseum', 'heritage')).id;
      const edurepId = (await ctx.accounts.findOrCreateOrganisation('Edurep', 'publisher')).id;
      await ctx.accounts.createUser({
        email: 'curator@leergoed.test',
        name: 'Curator Anne',
        password,
        role: 'curator',
      });
      await ctx.accounts.createUser({
        email: 'redactie@rijksmuseum.test',
        name: 'Redactie Rijks',
        password,
        role: 'institution_editor',
        organisationIds: [rijksId],
      });
      await ctx.accounts.createUser({
        email: 'redactie@edurep.test',
        name: 'Redactie Edurep',
        password,
        role: 'institution_editor',
        organisationIds: [edurepId],
      });
      await ctx.accounts.createUser({ email: 'juf@school.test', name: 'Juf Fatima', password, role: 'teacher' });
      // What the worker does on its tick: the records' checks, and their suggestions kept for the queue.
      await ctx.quality.checkChanged(100_000);
      app = await buildServer(ctx, { logger: false });
      curator = await signIn(app, 'curator@leergoed.test', password);
      rijksEditor = await signIn(app, 'redactie@rijksmuseum.test', password);
      edurepEditor = await signIn(app, 'redactie@edurep.test', password);
      teacher = await signIn(app, 'juf@school.test', password);
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    const get = (url: string, who: Credentials) => app.inject({ url, headers: who });
    const decide = (who: Credentials, decision: string, items: { resourceId: string; objectiveId: string }[]) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/curation/suggestions/decisions',
        headers: who,
        payload: { decision, items },
      });
    const decisions = async () =>
      Number(
        (
          await ctx.store.db
            .selectFrom('objective_decision')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('gives curators every queue, an institution its own records, and a teacher none', async () => {
      assert.equal((await app.inject('/api/v1/curation/summary')).statusCode, 401);
      const refused = await get('/api/v1/curation/summary', teacher);
      assert.equal(refused.statusCode, 403);
      const all = (await get('/api/v1/curation/summary', curator)).json();
      const own = (await get('/api/v1/curation/summary', rijksEditor)).json();
      assert.ok(all.suggestions > own.suggestions && own.suggestions > 0, JSON.stringify({ all, own }));
      assert.ok(all.checks >= own.checks);
      assert.equal(own.reviews, 0, 'institutions do not moderate reviews');
      const mine = (await get('/api/v1/curation/suggestions?limit=200', rijksEditor)).json();
      assert.equal(mine.total, own.suggestions);
      assert.ok(mine.items.every((s: Suggestion) => s.resource.organisation?.id === rijksId));
      const other = await get(`/api/v1/curation/suggestions?organisationId=nope`, rijksEditor);
      assert.equal(other.statusCode, 403, 'an editor asks for no other institution');
    });

    it('lists suggestions best first with their evidence, filtered by objective and score', async () => {
      const page = (await get('/api/v1/curation/suggestions?limit=50', curator)).json();
      assert.ok(page.items.length > 0);
      const scores = page.items.map((s: Suggestion) => s.score);
      assert.deepEqual(
        scores,
        [...scores].sort((a, b) => b - a),
      );
      for (const s of page.items as Suggestion[]) {
        assert.ok(s.matchedWords.length > 0, `evidence for ${s.objective.id}`);
        assert.ok(s.objective.label && s.resource.title);
      }
      const first = page.items[0] as Suggestion;
      const one = (
        await get(`/api/v1/curation/suggestions?objectiveId=${encodeURIComponent(first.objective.id)}`, curator)
      ).json();
      assert.ok(one.items.every((s: Suggestion) => s.objective.id === first.objective.id));
      const high = (await get(`/api/v1/curation/suggestions?minScore=${first.score}`, curator)).json();
      assert.ok(high.items.every((s: Suggestion) => s.score >= first.score));
      assert.equal((await get('/api/v1/curation/suggestions?minScore=2', curator)).statusCode, 400);
    });

    it('accepts a filtered set in bulk: all or nothing, each decision with who and when', async () => {
      const mine = (await get('/api/v1/curation/suggestions?limit=3', rijksEditor)).json().items as Suggestion[];
      const foreign = (await get('/api/v1/curation/suggestions?limit=200', edurepEditor)).json().items as Suggestion[];
      assert.ok(mine.length > 0 && foreign.length > 0);
      const items = mine.map((s) => ({ resourceId: s.resource.id, objectiveId: s.objective.id }));
      const before = await decisions();
      const mixed = await decide(rijksEditor, 'accepted', [
        ...items,
        { resourceId: foreign[0]!.resource.id, objectiveId: foreign[0]!.objective.id },
      ]);
      assert.equal(mixed.statusCode, 403, 'one record of another institution refuses the whole set');
      assert.equal(await decisions(), before, 'and nothing is written');
      assert.equal((await decide(teacher, 'accepted', items)).statusCode, 403);
      assert.equal((await decide(rijksEditor, 'maybe', items)).statusCode, 400);
      assert.equal((await decide(rijksEditor, 'accepted', [])).statusCode, 400);
      const unknown = await decide(rijksEditor, 'accepted', [
        { resourceId: items[0]!.resourceId, objectiveId: 'nope' },
      ]);
      assert.equal(unknown.json().code, 'LG_UNKNOWN_CONCEPT');

      const accepted = await decide(rijksEditor, 'accepted', items);
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(accepted.json().decided, items.length);
      for (const item of items) {
        const resource = (await app.inject(`/api/v1/resources/${item.resourceId}`)).json();
        assert.ok(
          resource.objectives.some(
            (o: { id: string; alignment: string }) => o.id === item.objectiveId && o.alignment === 'confirmed',
          ),
          `${item.objectiveId} confirmed on ${item.resourceId}`,
        );
      }
      const row = await ctx.store.db
        .selectFrom('objective_decision as d')
        .innerJoin('app_user as u', 'u.id', 'd.decided_by')
        .select(['u.name', 'd.decided_at', 'd.matched_words'])
        .where('d.resource_id', '=', items[0]!.resourceId)
        .where('d.objective_id', '=', items[0]!.objectiveId)
        .executeTakeFirstOrThrow();
      assert.equal(row.name, 'Redactie Rijks');
      assert.ok(row.decided_at && JSON.parse(row.matched_words).length > 0);
      const after = (await get('/api/v1/curation/suggestions?limit=200', rijksEditor)).json().items as Suggestion[];
      assert.ok(
        !after.some((s) => items.some((i) => i.resourceId === s.resource.id && i.objectiveId === s.objective.id)),
        'decided suggestions leave the queue',
      );
    });

    it('does not offer a rejected suggestion again, even after the record changes', async () => {
      const [first] = (await get('/api/v1/curation/suggestions?limit=1', curator)).json().items as Suggestion[];
      const item = { resourceId: first!.resource.id, objectiveId: first!.objective.id };
      assert.equal((await decide(curator, 'rejected', [item])).statusCode, 200);
      await ctx.quality.check(item.resourceId);
      const listed = (
        await get(`/api/v1/curation/suggestions?objectiveId=${encodeURIComponent(item.objectiveId)}&limit=200`, curator)
      ).json().items as Suggestion[];
      assert.ok(!listed.some((s) => s.resource.id === item.resourceId));
      const onPage = (await app.inject(`/api/v1/resources/${item.resourceId}/objective-suggestions`)).json();
      const shown = onPage.suggestions.find((s: { objectiveId: string }) => s.objectiveId === item.objectiveId);
      assert.equal(shown?.decision?.decision, 'rejected', 'the resource page says it was rejected');
    });

    it('lists records whose latest check failed, per institution', async () => {
      const page = (await get('/api/v1/curation/checks?kind=licence', rijksEditor)).json();
      const all = (await get('/api/v1/curation/checks?kind=licence', curator)).json();
      assert.ok(all.total >= page.total);
      for (const item of page.items) {
        assert.equal(item.kind, 'licence');
        assert.equal(item.resource.organisation.id, rijksId);
      }
      assert.ok(all.total > 0, 'demo records without a licence are in the queue');
      assert.equal((await get('/api/v1/curation/checks?kind=nope', curator)).statusCode, 400);
    });

    it('takes a reported problem from anybody and lets the owning institution handle it', async () => {
      const [item] = (await get('/api/v1/curation/suggestions?limit=1', rijksEditor)).json().items as Suggestion[];
      const id = item!.resource.id;
      const report = (payload: object, headers: object = {}) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/resources/${id}/problem-reports`,
          headers: headers as Record<string, string>,
          payload,
        });
      assert.equal((await report({ category: 'nope', message: 'De link werkt niet meer.' })).statusCode, 400);
      const short = await report({ category: 'metadata', message: '  ' });
      assert.equal(short.statusCode, 400);
      assert.equal(JSON.parse(short.json().detail).field, 'message');
      const missing = await app.inject({
        method: 'POST',
        url: '/api/v1/resources/nope/problem-reports',
        payload: { category: 'other', message: 'Bestaat niet.' },
      });
      assert.equal(missing.statusCode, 404);
      const anonymous = await report({ category: 'licence', message: 'De licentie klopt niet: het is CC BY-SA.' });
      assert.equal(anonymous.statusCode, 201, anonymous.body);
      const signed = await report({ category: 'broken-link', message: 'De link geeft een 404.' }, teacher);
      assert.equal(signed.statusCode, 201);

      assert.equal((await get('/api/v1/curation/reports', teacher)).statusCode, 403);
      const open = (await get('/api/v1/curation/reports', rijksEditor)).json();
      assert.equal(open.total, 2);
      assert.deepEqual(open.items.map((r: { category: string }) => r.category).sort(), ['broken-link', 'licence']);
      assert.equal((await get('/api/v1/curation/reports', edurepEditor)).json().total, 0);
      const handle = (who: Credentials, reportId: string, payload: object) =>
        app.inject({ method: 'PATCH', url: `/api/v1/curation/reports/${reportId}`, headers: who, payload });
      const reportId = anonymous.json().id;
      assert.equal((await handle(edurepEditor, reportId, { status: 'resolved' })).statusCode, 403);
      assert.equal((await handle(rijksEditor, reportId, { status: 'dismissed' })).statusCode, 400, 'a note first');
      const resolved = await handle(rijksEditor, reportId, { status: 'resolved', note: 'Licentie aangepast.' });
      assert.equal(resolved.statusCode, 200, resolved.body);
      assert.equal(resolved.json().status, 'resolved');
      assert.equal((await get('/api/v1/curation/reports', rijksEditor)).json().total, 1);
      const done = (await get('/api/v1/curation/reports?status=resolved', curator)).json();
      assert.equal(done.items[0].handledNote, 'Licentie aangepast.');
      assert.equal((await handle(curator, 'nope', { status: 'resolved' })).statusCode, 404);
    });

    it('queues new reviews for curators until one approves or hides them', async () => {
      const [item] = (await get('/api/v1/curation/suggestions?limit=1', curator)).json().items as Suggestion[];
      const posted = await app.inject({
        method: 'POST',
        url: `/api/v1/resources/${item!.resource.id}/reviews`,
        headers: curator,
        payload: {
          scores: RUBRIC_DIMENSIONS.map((dimension) => ({ dimension, score: 2, reason: 'Goed bruikbaar in de klas.' })),
        },
      });
      assert.equal(posted.statusCode, 201, posted.body);
      assert.equal((await get('/api/v1/curation/reviews', rijksEditor)).statusCode, 403);
      const queue = (await get('/api/v1/curation/reviews', curator)).json();
      assert.equal(queue.total, 1);
      assert.equal(queue.items[0].reviewer, 'Curator Anne');
      const approved = await app.inject({
        method: 'PATCH',
        url: `/api/v1/resources/${item!.resource.id}/reviews/${queue.items[0].id}`,
        headers: curator,
        payload: { hidden: false },
      });
      assert.equal(approved.statusCode, 204, approved.body);
      assert.equal((await get('/api/v1/curation/reviews', curator)).json().total, 0);
    });
  });
}
