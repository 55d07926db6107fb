import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../src/accounts/model.ts';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import { buildServer } from '../src/app/server.ts';
import type { App } from '../src/kernel/http.ts';
import { addMonths } from '../src/quality/marks.ts';
import { RUBRIC_DIMENSIONS } from '../src/quality/rubric.ts';
import { signIn, type Credentials } from './support/http.ts';
import { publishedLesson } from './support/lessons.ts';
import { gradientPng } from './support/png.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const demo = (path: string) => join(projectRoot, 'data', 'demo', path);
const password = 'een lang wachtwoord';
const criteriaUrl = 'https://www.kennisnet.nl/keurmerk-criteria';
/** A PNG of 100.5 kB: past the logo's limit, within the request's. */
const tooLarge = () => {
  const png = gradientPng(32, 32);
  return Buffer.concat([png, Buffer.alloc(100_500 - png.length)]).toString('base64');
};

for (const kind of STORE_KINDS) {
  describe(`quality marks (keurmerken) on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let admin: Credentials;
    let editor: Credentials;
    let otherEditor: Credentials;
    let teacher: Credentials;
    let editorActor: Actor;
    let issuer = '';
    let material = '';
    let markId = '';

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
      issuer = (await ctx.accounts.findOrCreateOrganisation('Stichting Keurmerk Leermiddelen', 'other')).id;
      const other = (await ctx.accounts.findOrCreateOrganisation('Rijksmuseum', 'heritage')).id;
      await ctx.accounts.createUser({ email: 'beheer@leergoed.test', name: 'Beheer', password, role: 'admin' });
      const e = await ctx.accounts.createUser({
        email: 'redactie@keurmerk.test',
        name: 'Redactie Keurmerk',
        password,
        role: 'institution_editor',
        organisationIds: [issuer],
      });
      editorActor = { userId: e.id, role: 'institution_editor', organisationIds: [issuer] };
      await ctx.accounts.createUser({
        email: 'redactie@rijksmuseum.test',
        name: 'Redactie Rijksmuseum',
        password,
        role: 'institution_editor',
        organisationIds: [other],
      });
      await ctx.accounts.createUser({ email: 'docent@school.test', name: 'Juf Fatima', password, role: 'teacher' });
      app = await buildServer(ctx, { logger: false });
      admin = await signIn(app, 'beheer@leergoed.test', password);
      editor = await signIn(app, 'redactie@keurmerk.test', password);
      otherEditor = await signIn(app, 'redactie@rijksmuseum.test', password);
      teacher = await signIn(app, 'docent@school.test', password);
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    const send = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, who: Credentials, payload?: object) =>
      app.inject({ method, url, headers: who, ...(payload ? { payload } : {}) });
    const quality = async (id: string, who: object = {}) =>
      (await app.inject({ url: `/api/v1/resources/${id}/quality`, headers: who as Record<string, string> })).json();
    const markBody = (extra: object = {}) => ({
      organisationId: issuer,
      name: 'Keurmerk Open Leermateriaal',
      criteriaUrl,
      validityMonths: 24,
      ...extra,
    });

    it('lets only an organisation an admin named as issuer define marks, by its own editors', async () => {
      const early = await send('POST', '/api/v1/quality/marks', editor, markBody());
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().code, 'LG_NOT_ISSUER');
      assert.equal((await send('PUT', `/api/v1/quality/issuers/${issuer}`, editor)).statusCode, 403);
      assert.equal((await send('PUT', `/api/v1/quality/issuers/${issuer}`, admin)).statusCode, 204);
      assert.deepEqual((await app.inject('/api/v1/quality/issuers')).json(), [
        { id: issuer, name: 'Stichting Keurmerk Leermiddelen' },
      ]);
      // An editor of another organisation names the issuer in the body: refused.
      assert.equal((await send('POST', '/api/v1/quality/marks', otherEditor, markBody())).statusCode, 403);
      assert.equal((await send('POST', '/api/v1/quality/marks', teacher, markBody())).statusCode, 403);
      const logo = gradientPng(48, 48).toString('base64');
      const made = await send('POST', '/api/v1/quality/marks', editor, markBody({ logo }));
      assert.equal(made.statusCode, 201, made.body);
      const mark = made.json();
      markId = mark.id;
      assert.equal(mark.issuer.name, 'Stichting Keurmerk Leermiddelen');
      assert.equal(mark.validityMonths, 24);
      assert.equal(mark.logoUrl, `/api/v1/quality/marks/${markId}/logo`);
      const served = await app.inject(mark.logoUrl);
      assert.equal(served.statusCode, 200);
      assert.equal(served.headers['content-type'], 'image/png');
      assert.equal(served.headers['x-content-type-options'], 'nosniff');
      assert.deepEqual(served.rawPayload, gradientPng(48, 48));
      const audit = await ctx.admin.auditLog({ userId: 'x', role: 'admin', organisationIds: [] }, 20, null);
      assert.ok(audit.some((a) => a.action === 'organisation.issuer.grant' && a.target.id === issuer));
      assert.ok(audit.some((a) => a.action === 'mark.define' && a.target.id === markId));
    });

    it('refuses a logo that is no picture or too large, criteria that are no web address, and a name used twice', async () => {
      const cases: [object, number, string, string][] = [
        [
          { name: 'Ander keurmerk', logo: Buffer.from('<svg onload="alert(1)"/>').toString('base64') },
          400,
          'LG_MARK_LOGO',
          'logo',
        ],
        [
          {
            name: 'Ander keurmerk',
            logo: tooLarge(),
          },
          400,
          'LG_MARK_LOGO',
          'logo',
        ],
        [{ name: 'Ander keurmerk', criteriaUrl: 'javascript:alert(1)' }, 400, 'LG_VALIDATION', 'criteriaUrl'],
        [{ name: 'keurmerk open leermateriaal' }, 409, 'LG_MARK_NAME_TAKEN', ''],
      ];
      for (const [extra, status, code, field] of cases) {
        const response = await send('POST', '/api/v1/quality/marks', editor, markBody(extra));
        assert.equal(response.statusCode, status, response.body);
        assert.equal(response.json().code, code);
        if (field) assert.equal(JSON.parse(response.json().detail).field, field);
      }
      const renamed = await send('PATCH', `/api/v1/quality/marks/${markId}`, editor, { validityMonths: 12 });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(renamed.json().validityMonths, 12);
      assert.equal(
        (await send('PATCH', `/api/v1/quality/marks/${markId}`, otherEditor, { name: 'Van ons' })).statusCode,
        403,
      );
    });

    it('awards a mark for its validity period, once at a time, shown with the resource’s quality', async () => {
      assert.equal(
        (await send('POST', `/api/v1/resources/${material}/marks`, otherEditor, { markId })).statusCode,
        403,
        'an editor of another organisation names this mark: refused',
      );
      const awarded = await send('POST', `/api/v1/resources/${material}/marks`, editor, { markId });
      assert.equal(awarded.statusCode, 201, awarded.body);
      const award = awarded.json();
      assert.equal(award.status, 'valid');
      assert.equal(award.expiresAt, addMonths(award.awardedAt, 12));
      assert.equal(award.mayWithdraw, true);
      const again = await send('POST', `/api/v1/resources/${material}/marks`, editor, { markId });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'LG_MARK_AWARDED');
      const seen = await quality(material);
      assert.equal(seen.marks.length, 1);
      assert.equal(seen.marks[0].mark.name, 'Keurmerk Open Leermateriaal');
      assert.equal(seen.marks[0].mayWithdraw, false, 'a visitor may not withdraw');
      assert.deepEqual(seen.awardableMarks, []);
      assert.deepEqual(
        (await quality(material, editor)).awardableMarks.map((m: { id: string }) => m.id),
        [markId],
      );
      // Ratings, reviews and marks stay separate facts.
      assert.equal(seen.rating.count, 0);
      assert.deepEqual(seen.reviews, []);
    });

    it('withdraws an award with a reason, keeps it on record, and lets an expired award be renewed', async () => {
      const award = (await quality(material)).marks[0];
      const url = `/api/v1/resources/${material}/marks/${award.id}`;
      assert.equal(
        (await send('PATCH', url, otherEditor, { withdrawn: true, reason: 'Niet van ons' })).statusCode,
        403,
      );
      const noReason = await send('PATCH', url, editor, { withdrawn: true, reason: '  ' });
      assert.equal(noReason.statusCode, 400);
      assert.equal(
        (await send('PATCH', url, editor, { withdrawn: true, reason: 'Licentie gewijzigd naar ND' })).statusCode,
        204,
      );
      const withdrawn = (await quality(material)).marks[0];
      assert.equal(withdrawn.status, 'withdrawn');
      assert.equal(withdrawn.withdrawnReason, 'Licentie gewijzigd naar ND');
      const twice = await send('PATCH', url, editor, { withdrawn: true, reason: 'Nog eens' });
      assert.equal(twice.json().code, 'LG_MARK_WITHDRAWN');
      const renewed = await send('POST', `/api/v1/resources/${material}/marks`, editor, { markId });
      assert.equal(renewed.statusCode, 201);
      await ctx.store.db
        .updateTable('mark_award')
        .set({ expires_at: '2020-01-01T00:00:00.000Z' })
        .where('id', '=', renewed.json().id)
        .execute();
      assert.equal((await quality(material)).marks[0].status, 'expired');
      assert.equal((await send('POST', `/api/v1/resources/${material}/marks`, editor, { markId })).statusCode, 201);
      assert.deepEqual(
        (await quality(material)).marks.map((m: { status: string }) => m.status),
        ['valid', 'expired', 'withdrawn'],
      );
    });

    it('awards a published lesson version; a new version does not inherit the mark', async () => {
      const lesson = await publishedLesson(ctx, editorActor, material, {
        title: 'Bronnen lezen in de klas',
        summary: 'Een les over het lezen van historische bronnen.',
      });
      const wrong = await send('POST', `/api/v1/resources/${lesson.id}/marks`, editor, { markId, lessonVersion: 7 });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().code, 'LG_MARK_VERSION');
      const awarded = await send('POST', `/api/v1/resources/${lesson.id}/marks`, editor, { markId });
      assert.equal(awarded.statusCode, 201, awarded.body);
      assert.equal(awarded.json().lessonVersion, 1);
      assert.equal(awarded.json().current, true);
      await lesson.publish('Tweede versie');
      const later = (await quality(lesson.id)).marks[0];
      assert.equal(later.lessonVersion, 1);
      assert.equal(later.current, false, 'version 2 was not awarded');
    });

    it('stops an organisation issuing marks: no new marks or awards, the awards made stay', async () => {
      assert.equal((await send('DELETE', `/api/v1/quality/issuers/${issuer}`, admin)).statusCode, 204);
      const refused = await send('POST', '/api/v1/quality/marks', editor, markBody({ name: 'Nog een keurmerk' }));
      assert.equal(refused.json().code, 'LG_NOT_ISSUER');
      assert.equal((await quality(material)).marks.length, 3);
      assert.deepEqual((await app.inject('/api/v1/quality/issuers')).json(), []);
      assert.deepEqual((await quality(material, editor)).awardableMarks, []);
    });

    it("states ratings, reviews and valid marks in the page's schema.org JSON-LD, each as itself", async () => {
      const rated = await send('PUT', `/api/v1/resources/${material}/rating`, teacher, { score: 4 });
      assert.equal(rated.statusCode, 200, rated.body);
      const reviewed = await send('POST', `/api/v1/resources/${material}/reviews`, admin, {
        scores: RUBRIC_DIMENSIONS.map((dimension) => ({
          dimension,
          score: dimension === 'tasks' ? null : 2,
          reason: `Beoordeling van ${dimension}.`,
        })),
        summary: 'Goed bruikbaar.',
      });
      assert.equal(reviewed.statusCode, 201, reviewed.body);
      const page = await app.inject({ url: `/r/${material}`, headers: { accept: 'application/ld+json' } });
      assert.equal(page.statusCode, 200);
      const doc = page.json();
      assert.deepEqual(doc.aggregateRating, {
        '@type': 'AggregateRating',
        ratingValue: 4,
        ratingCount: 1,
        bestRating: 5,
        worstRating: 1,
      });
      assert.equal(doc.review.length, 1);
      assert.equal(doc.review[0].author.name, 'Beheer');
      assert.equal(doc.review[0].reviewBody, 'Goed bruikbaar.');
      assert.equal(doc.review[0].reviewRating.length, 5, 'not applicable is left out');
      assert.deepEqual(doc.review[0].reviewRating[0], {
        '@type': 'Rating',
        reviewAspect: 'Aansluiting bij leerdoelen',
        ratingValue: 2,
        bestRating: 3,
        worstRating: 0,
        ratingExplanation: 'Beoordeling van alignment.',
      });
      assert.equal(doc.award.length, 1, 'only the valid mark: not the expired or withdrawn ones');
      assert.match(
        doc.award[0],
        /^Keurmerk Keurmerk Open Leermateriaal \(Stichting Keurmerk Leermiddelen\), geldig tot \d{4}-\d{2}-\d{2}$/,
      );
      // The HTML page carries the same document.
      const html = (await app.inject(`/r/${material}`)).body;
      assert.ok(html.includes('"aggregateRating"') && html.includes('"award"'));
    });
  });
}
