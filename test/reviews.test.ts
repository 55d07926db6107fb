import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../src/accounts/model.ts';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import { buildServer } from '../src/app/server.ts';
import type { App } from '../src/kernel/http.ts';
import { RUBRIC_DIMENSIONS } from '../src/quality/rubric.ts';
import { signIn, type Credentials } from './support/http.ts';
import { publishedLesson } from './support/lessons.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const demo = (path: string) => join(projectRoot, 'data', 'demo', path);
const password = 'een lang wachtwoord';

/** A review that scores every dimension, with a reason each. */
const body = (score: number | null = 2, extra: object = {}) => ({
  scores: RUBRIC_DIMENSIONS.map((dimension) => ({
    dimension,
    score: dimension === 'tasks' ? null : score,
    reason: `Beoordeling van ${dimension}: zie de toelichting.`,
  })),
  summary: 'Bruikbaar in groep 7 en 8.',
  ...extra,
});

for (const kind of STORE_KINDS) {
  describe(`reviews against the rubric on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let curator: Credentials;
    let fatima: Credentials;
    let curatorActor: Actor;
    let fatimaId = '';
    let material = '';

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      await ctx.imports.importPath(demo('oai'), {
        sourceName: 'Edurep',
        organisation: { name: 'Edurep', kind: 'publisher' },
      });
      material = (
        await ctx.store.db
          .selectFrom('resource')
          .select('id')
          .where('kind', '=', 'material')
          .where('status', '=', 'published')
          .orderBy('id')
          .executeTakeFirstOrThrow()
      ).id;
      const c = await ctx.accounts.createUser({
        email: 'curator@leergoed.test',
        name: 'Curator Anne',
        password,
        role: 'curator',
      });
      curatorActor = { userId: c.id, role: 'curator', organisationIds: [] };
      fatimaId = (
        await ctx.accounts.createUser({ email: 'fatima@school.test', name: 'Juf Fatima', password, role: 'teacher' })
      ).id;
      app = await buildServer(ctx, { logger: false });
      curator = await signIn(app, 'curator@leergoed.test', password);
      fatima = await signIn(app, 'fatima@school.test', password);
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    const post = (id: string, who: Credentials, payload: unknown) =>
      app.inject({ method: 'POST', url: `/api/v1/resources/${id}/reviews`, headers: who, payload: payload as object });
    const quality = async (id: string, who: object = {}) =>
      (await app.inject({ url: `/api/v1/resources/${id}/quality`, headers: who as Record<string, string> })).json();

    it('publishes the rubric: six dimensions in Dutch and English, each level 0–3 explained', async () => {
      const response = await app.inject('/api/v1/quality/rubric');
      assert.equal(response.statusCode, 200);
      const rubric = response.json();
      assert.equal(rubric.version, 1);
      assert.deepEqual(
        rubric.dimensions.map((d: { key: string }) => d.key),
        [...RUBRIC_DIMENSIONS],
      );
      for (const d of rubric.dimensions) {
        assert.equal(d.nl.levels.length, 4);
        assert.equal(d.en.levels.length, 4);
        assert.notEqual(d.nl.name, d.en.name);
      }
    });

    it('lets only curators and the teachers they trust review; trust is written to the audit log', async () => {
      const refused = await post(material, fatima, body());
      assert.equal(refused.statusCode, 403, refused.body);
      assert.equal((await quality(material, fatima)).mayReview, false);
      const self = await app.inject({ method: 'PUT', url: `/api/v1/quality/reviewers/${fatimaId}`, headers: fatima });
      assert.equal(self.statusCode, 403, 'a teacher cannot trust herself');
      const trust = await app.inject({ method: 'PUT', url: `/api/v1/quality/reviewers/${fatimaId}`, headers: curator });
      assert.equal(trust.statusCode, 204, trust.body);
      const list = await app.inject({ url: '/api/v1/quality/reviewers', headers: curator });
      assert.deepEqual(
        list.json().map((r: { name: string }) => r.name),
        ['Juf Fatima'],
      );
      const audit = await ctx.store.db
        .selectFrom('audit_event')
        .selectAll()
        .where('action', '=', 'reviewer.trust')
        .where('target_id', '=', fatimaId)
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.actor_id, curatorActor.userId);
      assert.equal((await quality(material, fatima)).mayReview, true);
    });

    it('refuses a review that leaves out a dimension, scores outside 0–3 or gives no reason, naming the field', async () => {
      const missing = body();
      missing.scores.pop();
      const cases: [unknown, string, string][] = [
        [missing, 'LG_REVIEW_DIMENSION', 'scores'],
        [body(4), 'LG_REVIEW_SCORE', 'scores/0/score'],
        [
          { scores: body().scores.map((s, i) => (i === 2 ? { ...s, reason: '  ' } : s)) },
          'LG_REVIEW_REASON',
          'scores/2/reason',
        ],
        [
          { scores: [...body().scores, { dimension: 'fun', score: 1, reason: 'Leuk' }] },
          'LG_REVIEW_DIMENSION',
          'scores/6/dimension',
        ],
        [body(2, { lessonVersion: 1 }), 'LG_REVIEW_VERSION', 'lessonVersion'],
      ];
      for (const [payload, code, field] of cases) {
        const response = await post(material, fatima, payload);
        // A score of 4 is already refused by the request schema; the service says the same for calls from inside.
        assert.equal(response.statusCode, 400, response.body);
        if (field !== 'scores/0/score') {
          assert.equal(response.json().code, code, response.body);
          assert.equal(JSON.parse(response.json().detail).field, field);
        }
      }
      await assert.rejects(
        ctx.reviews.write(curatorActor, material, body(4)),
        (e: { code?: string }) => e.code === 'LG_REVIEW_SCORE',
      );
      assert.equal((await quality(material)).reviews.length, 0, 'nothing was stored');
    });

    it('stores a review with its reviewer, rubric and the version it judged; a second one of that version replaces it', async () => {
      const first = await post(material, fatima, body(2));
      assert.equal(first.statusCode, 201, first.body);
      const review = first.json();
      assert.equal(review.reviewer.name, 'Juf Fatima');
      assert.deepEqual(review.rubric, { id: 'leergoed-po-vo', version: 1 });
      assert.equal(review.judged.current, true);
      assert.equal(review.judged.lessonVersion, null);
      assert.equal(review.scores.find((s: { dimension: string }) => s.dimension === 'tasks').score, null);
      const again = await post(material, fatima, body(3));
      assert.equal(again.json().id, review.id, 'the same version: replaced, not doubled');
      const shown = await quality(material);
      assert.equal(shown.reviews.length, 1);
      assert.equal(shown.reviews[0].scores[0].score, 3);
      assert.equal(JSON.stringify(shown).includes('fatima@school.test'), false, 'no address shown');
      assert.ok(shown.rating, 'ratings stay a separate fact');
      assert.equal(shown.rating.count, 0);

      await ctx.catalogue.update(curatorActor as never, material, {
        description: 'Een nieuwe, langere beschrijving van het materiaal.',
      });
      const older = await quality(material);
      assert.equal(older.reviews[0].judged.current, false, 'the record changed since it was judged');
      const newer = await post(material, fatima, body(1));
      assert.notEqual(newer.json().id, review.id, 'a new version gets a review of its own');
      assert.equal((await quality(material)).reviews.length, 2);
    });

    it('reviews a published lesson version by number; a new version does not take over its review', async () => {
      const lesson = await publishedLesson(ctx, curatorActor, material, {
        title: 'De Gouden Eeuw in beeld',
        summary: 'Een les over schilderijen uit de Gouden Eeuw.',
      });
      const reviewed = await post(lesson.id, fatima, body(2));
      assert.equal(reviewed.statusCode, 201, reviewed.body);
      assert.equal(reviewed.json().judged.lessonVersion, 1);
      const wrong = await post(lesson.id, fatima, body(2, { lessonVersion: 7 }));
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().code, 'LG_REVIEW_VERSION');
      await lesson.publish('Tweede versie');
      const after2 = await quality(lesson.id);
      assert.equal(after2.reviews[0].judged.lessonVersion, 1);
      assert.equal(after2.reviews[0].judged.current, false, 'version 2 is not what was judged');
    });

    it('lets a curator hide a review with a reason (logged) and the reviewer delete their own', async () => {
      const id = (await quality(material)).reviews[0].id;
      const noReason = await app.inject({
        method: 'PATCH',
        url: `/api/v1/resources/${material}/reviews/${id}`,
        headers: curator,
        payload: { hidden: true },
      });
      assert.equal(noReason.statusCode, 400);
      const hide = await app.inject({
        method: 'PATCH',
        url: `/api/v1/resources/${material}/reviews/${id}`,
        headers: curator,
        payload: { hidden: true, reason: 'Gaat over de maker, niet over het materiaal' },
      });
      assert.equal(hide.statusCode, 204, hide.body);
      assert.equal(
        (await quality(material)).reviews.some((r: { id: string }) => r.id === id),
        false,
      );
      const seen = (await quality(material, curator)).reviews.find((r: { id: string }) => r.id === id);
      assert.equal(seen.status, 'hidden');
      assert.equal(seen.hiddenReason, 'Gaat over de maker, niet over het materiaal');
      const logged = await ctx.store.db
        .selectFrom('audit_event')
        .select(['actor_id', 'target_id'])
        .where('action', '=', 'review.hide')
        .execute();
      assert.deepEqual(logged, [{ actor_id: curatorActor.userId, target_id: id }]);
      const wrongResource = await app.inject({
        method: 'DELETE',
        url: `/api/v1/resources/${(await ctx.lessons.create(curatorActor, null)).id}/reviews/${id}`,
        headers: fatima,
      });
      assert.equal(wrongResource.statusCode, 404, 'a review is found under its own resource only');
      const del = await app.inject({
        method: 'DELETE',
        url: `/api/v1/resources/${material}/reviews/${id}`,
        headers: fatima,
      });
      assert.equal(del.statusCode, 204, del.body);
    });

    it('takes trust back, and a person’s reviews are in their export and go with their account', async () => {
      const fatimaActor: Actor = { userId: fatimaId, role: 'teacher', organisationIds: [] };
      const data = await ctx.privacy.exportData(fatimaActor);
      assert.ok((data.reviews as unknown[]).length >= 2);
      const distrust = await app.inject({
        method: 'DELETE',
        url: `/api/v1/quality/reviewers/${fatimaId}`,
        headers: curator,
      });
      assert.equal(distrust.statusCode, 204);
      assert.equal((await post(material, fatima, body())).statusCode, 403);
      await ctx.privacy.deleteAccount(fatimaActor, { password, credit: 'anonymous' });
      const left = await ctx.store.db
        .selectFrom('resource_review')
        .select('id')
        .where('reviewer_id', '=', fatimaId)
        .execute();
      assert.equal(left.length, 0);
    });
  });
}
