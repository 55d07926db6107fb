import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import { buildServer } from '../src/app/server.ts';
import type { App } from '../src/kernel/http.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const password = 'een lang wachtwoord';

for (const kind of STORE_KINDS) {
  describe(`my data (AVG) on ${kind}: download everything, and leave`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let published = '';
    let draft = '';

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      await ctx.imports.importPath(join(projectRoot, 'data', 'demo', 'edurep'), {
        sourceName: 'Edurep',
        organisation: { name: 'Kennisnet', kind: 'publisher' },
      });
      const { id } = await ctx.accounts.createUser({
        email: 'juf@school.test',
        name: 'Juf Els',
        password,
        role: 'teacher',
      });
      const actor = { userId: id, role: 'teacher' as const, organisationIds: [] };
      const resource = (await ctx.store.db.selectFrom('resource').select('id').executeTakeFirstOrThrow()).id;
      const lesson = await ctx.lessons.create(actor, null);
      const doc = {
        ...lesson.document,
        title: 'Water in de polder',
        sections: [
          {
            ...lesson.document.sections[0]!,
            variants: [
              {
                ...lesson.document.sections[0]!.variants[0]!,
                items: [
                  { type: 'resource' as const, id: 'r1', resourceId: resource, note: 'Kijk', use: 'link' as const },
                ],
              },
            ],
          },
        ],
      };
      const saved = await ctx.lessons.saveDraft(actor, lesson.id, doc, lesson.revision);
      await ctx.lessons.publish(actor, lesson.id, 'Eerste versie', saved.revision);
      published = lesson.id;
      // Work after publishing stays a draft; it goes with the account.
      await ctx.lessons.saveDraft(actor, lesson.id, { ...doc, summary: 'Nog niet gepubliceerd' }, saved.revision);
      draft = (await ctx.lessons.create(actor, { ...doc, title: 'Alleen een concept' })).id;
      const community = await ctx.communities.create(actor, {
        kind: 'subject',
        name: 'Aardrijkskunde po',
        description: 'Samen lesmateriaal zoeken.',
        subjects: [],
        levels: [],
        region: null,
      });
      await ctx.discussions.startThread(actor, community.slug, { title: 'Polders', body: 'Wie heeft een goede bron?' });
      app = await buildServer(ctx, { logger: false });
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    async function signIn(email = 'juf@school.test') {
      const response = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
      const cookie = response.cookies.find((c) => c.name === 'lg_session');
      return {
        status: response.statusCode,
        headers: cookie ? { cookie: `lg_session=${cookie.value}`, 'x-csrf-token': response.json().csrfToken } : {},
      };
    }

    it('downloads everything held about the person as JSON', async () => {
      const { headers } = await signIn();
      const response = await app.inject({ url: '/api/v1/accounts/me/export', headers });
      assert.equal(response.statusCode, 200);
      assert.match(
        String(response.headers['content-disposition']),
        /attachment; filename="mijn-leergoed-gegevens.json"/,
      );
      const data = response.json();
      assert.equal(data.account.email, 'juf@school.test');
      assert.equal(data.account.name, 'Juf Els');
      assert.equal(data.account.hasPassword, true);
      assert.ok(!JSON.stringify(data).includes('scrypt$'), 'no password hash');
      const lesson = data.lessons.find((l: { id: string }) => l.id === published);
      assert.equal(lesson.versions.length, 1);
      assert.equal(lesson.versions[0].changeNote, 'Eerste versie');
      assert.equal(lesson.draft.summary, 'Nog niet gepubliceerd');
      assert.ok(data.lessons.some((l: { id: string }) => l.id === draft));
      assert.equal(data.posts[0].body, 'Wie heeft een goede bron?');
      assert.equal(data.communities[0].slug, 'aardrijkskunde-po');
      assert.equal((await app.inject('/api/v1/accounts/me/export')).statusCode, 401);
    });

    it('deletes the account: drafts go, published lessons stay credited as chosen', async () => {
      const { headers } = await signIn();
      const wrong = await app.inject({
        method: 'DELETE',
        url: '/api/v1/accounts/me',
        headers,
        payload: { password: 'niet het wachtwoord', credit: 'anonymous' },
      });
      assert.equal(wrong.statusCode, 403);
      assert.equal(wrong.json().code, 'LG_WRONG_PASSWORD');
      const gone = await app.inject({
        method: 'DELETE',
        url: '/api/v1/accounts/me',
        headers,
        payload: { password, credit: 'anonymous' },
      });
      assert.equal(gone.statusCode, 200, gone.body);
      assert.deepEqual(gone.json(), { draftsDeleted: 1 });
      assert.equal((await app.inject({ url: '/api/v1/session', headers })).statusCode, 401);
      assert.equal((await signIn()).status, 401);
      // The published lesson stays, as published, credited to "een docent".
      const lesson = (await app.inject(`/api/v1/lessons/${published}`)).json();
      assert.equal(lesson.document.title, 'Water in de polder');
      assert.equal(lesson.owner.name, 'een docent');
      const entry = (await app.inject(`/api/v1/resources/${published}`)).json();
      assert.deepEqual(
        entry.creators.map((c: { name: string }) => c.name),
        ['een docent'],
      );
      assert.equal((await app.inject(`/api/v1/lessons/${draft}`)).statusCode, 404);
      const row = await ctx.store.db
        .selectFrom('lesson')
        .select('draft')
        .where('id', '=', published)
        .executeTakeFirstOrThrow();
      assert.ok(!row.draft.includes('Nog niet gepubliceerd'), 'the unpublished draft went');
      // The address is nowhere any more, and free to register again.
      const users = await ctx.store.db.selectFrom('app_user').select('email').execute();
      assert.ok(!users.some((u) => u.email === 'juf@school.test'));
      await ctx.accounts.createUser({ email: 'juf@school.test', name: 'Juf Els', password, role: 'teacher' });
    });
  });
}
