import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../src/app/context.ts';
import type { App } from '../src/kernel/http.ts';
import { buildServer } from '../src/app/server.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const password = 'correct horse battery staple';

for (const kind of STORE_KINDS) {
  describe(`the open API on ${kind}: API keys, CORS, ETags, rate limits`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let museum = '';
    let archive = '';
    let editor: Record<string, string> = {};

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      museum = (await ctx.accounts.findOrCreateOrganisation('Het Museum', 'heritage')).id;
      archive = (await ctx.accounts.findOrCreateOrganisation('Het Archief', 'heritage')).id;
      await ctx.accounts.createUser({
        email: 'editor@museum.test',
        name: 'Editor',
        password,
        role: 'institution_editor',
        organisationIds: [museum],
      });
      app = await buildServer(ctx, { logger: false });
      const session = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: 'editor@museum.test', password },
      });
      editor = {
        cookie: `lg_session=${session.cookies.find((c) => c.name === 'lg_session')!.value}`,
        'x-csrf-token': session.json().csrfToken,
      };
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('lets an institution make an API key, write with it for its own collection only, and revoke it', async () => {
      assert.equal(
        (
          await app.inject({
            method: 'POST',
            url: `/api/v1/organisations/${archive}/api-keys`,
            headers: editor,
            payload: { name: 'x', scopes: ['read'] },
          })
        ).statusCode,
        403,
        'not for another institution',
      );
      const made = await app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${museum}/api-keys`,
        headers: editor,
        payload: { name: 'Collectiebeheer-koppeling', scopes: ['read', 'records:write'] },
      });
      assert.equal(made.statusCode, 201, made.body);
      const { key, id, prefix } = made.json();
      assert.match(key, /^lg_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
      assert.ok(key.startsWith(`${prefix}_`));
      const listed = (await app.inject({ url: `/api/v1/organisations/${museum}/api-keys`, headers: editor })).json();
      assert.deepEqual(
        listed.items.map((k: { id: string }) => k.id),
        [id],
      );
      assert.doesNotMatch(JSON.stringify(listed), new RegExp(key.slice(12)), 'the secret is shown once only');
      const stored = await ctx.store.db.selectFrom('api_key').select('secret_hash').executeTakeFirstOrThrow();
      assert.notEqual(stored.secret_hash, key);

      const bearer = { authorization: `Bearer ${key}` };
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/resources',
        headers: bearer,
        payload: {
          kind: 'heritage',
          title: 'Een schilderij',
          organisationId: museum,
          rights: 'http://creativecommons.org/publicdomain/zero/1.0/',
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().institution.name, 'Het Museum');
      const elsewhere = await app.inject({
        method: 'POST',
        url: '/api/v1/resources',
        headers: bearer,
        payload: { kind: 'heritage', title: 'Niet van ons', organisationId: archive },
      });
      assert.equal(elsewhere.statusCode, 403);
      assert.equal(
        (await app.inject({ url: `/api/v1/organisations/${museum}/api-keys`, headers: editor })).json().items[0]
          .lastUsedAt !== null,
        true,
      );

      assert.equal(
        (await app.inject({ method: 'DELETE', url: `/api/v1/organisations/${museum}/api-keys/${id}`, headers: editor }))
          .statusCode,
        204,
      );
      const revoked = await app.inject({
        method: 'POST',
        url: '/api/v1/resources',
        headers: bearer,
        payload: { kind: 'heritage', title: 'Te laat', organisationId: museum },
      });
      assert.equal(revoked.statusCode, 401);
      assert.equal(revoked.json().code, 'LG_BAD_API_KEY');
      assert.equal(
        (await app.inject({ url: '/api/v1/resources', headers: { authorization: 'Bearer lg_nonsense' } })).statusCode,
        401,
        'a wrong key is refused, not ignored',
      );
      assert.equal(
        (await app.inject({ url: '/api/v1/resources', headers: { authorization: 'Basic dXNlcjpwYXNz' } })).statusCode,
        200,
        "other schemes (a proxy's) are not ours",
      );
    });

    it('lets any site read the open interfaces (CORS), never write', async () => {
      const read = await app.inject({
        url: '/api/v1/resources?limit=1',
        headers: { origin: 'https://lms.example.org' },
      });
      assert.equal(read.headers['access-control-allow-origin'], '*');
      assert.match(String(read.headers['access-control-expose-headers']), /ETag/);
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/oai?verb=Identify',
        headers: { origin: 'https://lms.example.org', 'access-control-request-method': 'GET' },
      });
      assert.equal(preflight.statusCode, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], '*');
      const write = await app.inject({
        method: 'OPTIONS',
        url: '/api/v1/resources',
        headers: { origin: 'https://evil.example.org', 'access-control-request-method': 'POST' },
      });
      assert.equal(write.headers['access-control-allow-origin'], undefined);
      const page = await app.inject({ url: '/zoeken', headers: { origin: 'https://evil.example.org' } });
      assert.equal(page.headers['access-control-allow-origin'], undefined);
    });

    it('answers unchanged resources with 304 on their ETag', async () => {
      const id = (await ctx.store.db.selectFrom('resource').select('id').executeTakeFirstOrThrow()).id;
      const first = await app.inject(`/api/v1/resources/${id}`);
      const tag = first.headers.etag as string;
      assert.ok(tag);
      assert.equal(
        (await app.inject({ url: `/api/v1/resources/${id}`, headers: { 'if-none-match': tag } })).statusCode,
        304,
      );
      await ctx.catalogue.update(
        { userId: 'system', role: 'admin', organisationIds: [] },
        id,
        { title: 'Anders' },
        'published',
      );
      assert.equal(
        (await app.inject({ url: `/api/v1/resources/${id}`, headers: { 'if-none-match': tag } })).statusCode,
        200,
        'changed: a new tag',
      );
    });
  });

  describe(`rate limits on ${kind}`, () => {
    it('gives each client its share per minute, announced in RateLimit headers', async () => {
      const { ctx, cleanup } = await testContext(kind, { rateLimitPerMinute: 3 });
      const app = await buildServer(ctx, { logger: false });
      try {
        const answers = [];
        for (let i = 0; i < 4; i++) answers.push(await app.inject('/api/v1/vocabularies'));
        assert.deepEqual(
          answers.map((a) => a.statusCode),
          [200, 200, 200, 429],
        );
        assert.equal(answers[0]!.headers['ratelimit-limit'], '3');
        assert.equal(answers[0]!.headers['ratelimit-remaining'], '2');
        assert.ok(Number(answers[3]!.headers['ratelimit-reset']) > 0);
        assert.ok(answers[3]!.headers['retry-after']);
        assert.equal((await app.inject('/zoeken')).statusCode, 200, 'pages are not counted');
        // A signed-in teacher behind the same address (a school) has a share of her own.
        await ctx.accounts.createUser({ email: 'docent@school.test', name: 'Docent', password, role: 'teacher' });
        const session = await app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { email: 'docent@school.test', password },
        });
        const cookie = `lg_session=${session.cookies.find((c) => c.name === 'lg_session')!.value}`;
        assert.equal((await app.inject({ url: '/api/v1/vocabularies', headers: { cookie } })).statusCode, 200);
      } finally {
        await app.close();
        await cleanup();
      }
    });
  });
}
