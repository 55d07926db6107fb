import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../src/app/context.ts';
import { buildServer } from '../src/app/server.ts';
import type { App } from '../src/kernel/http.ts';
import { signIn, type Credentials } from './support/http.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const password = 'een lang wachtwoord';

for (const kind of STORE_KINDS) {
  describe(`administration without a shell on ${kind}: users, roles, organisations, audit log`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let admin: Credentials;
    let teacherId = '';

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      await ctx.accounts.createUser({ email: 'beheer@leergoed.test', name: 'Beheer', password, role: 'admin' });
      teacherId = (
        await ctx.accounts.createUser({ email: 'els@museum.test', name: 'Els Visser', password, role: 'teacher' })
      ).id;
      app = await buildServer(ctx, { logger: false });
      admin = await signIn(app, 'beheer@leergoed.test', password);
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    const call = (method: 'GET' | 'PATCH' | 'POST', url: string, who: Credentials, payload?: object) =>
      app.inject({ method, url, headers: who, ...(payload ? { payload } : {}) });

    it('adds an organisation, makes a teacher its editor, and signs the person out so new rights apply', async () => {
      const teacher = await signIn(app, 'els@museum.test', password);
      const org = await call('POST', '/api/v1/admin/organisations', admin, {
        name: 'Museum Het Valkhof',
        kind: 'heritage',
        website: 'https://www.museumhetvalkhof.nl',
      });
      assert.equal(org.statusCode, 201, org.body);
      const twice = await call('POST', '/api/v1/admin/organisations', admin, {
        name: 'Museum Het Valkhof',
        kind: 'heritage',
      });
      assert.equal(twice.json().code, 'LG_ORGANISATION_EXISTS');
      const changed = await call('PATCH', `/api/v1/admin/users/${teacherId}`, admin, {
        role: 'institution_editor',
        organisationIds: [org.json().id],
      });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(changed.json().role, 'institution_editor');
      assert.deepEqual(
        changed.json().organisations.map((o: { name: string }) => o.name),
        ['Museum Het Valkhof'],
      );
      assert.equal((await call('GET', '/api/v1/session', teacher)).statusCode, 401, 'the old session ended');
      const again = await signIn(app, 'els@museum.test', password);
      assert.equal((await call('GET', '/api/v1/session', again)).json().user.role, 'institution_editor');
    });

    it('switches an account off and on, and keeps at least one administrator', async () => {
      const off = await call('PATCH', `/api/v1/admin/users/${teacherId}`, admin, { disabled: true });
      assert.equal(off.json().disabled, true);
      const refused = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: 'els@museum.test', password },
      });
      assert.equal(refused.statusCode, 401);
      await call('PATCH', `/api/v1/admin/users/${teacherId}`, admin, { disabled: false });
      const me = (await call('GET', '/api/v1/session', admin)).json().user.id as string;
      const last = await call('PATCH', `/api/v1/admin/users/${me}`, admin, { role: 'curator' });
      assert.equal(last.statusCode, 409);
      assert.equal(last.json().code, 'LG_LAST_ADMIN');
      const bad = await call('PATCH', `/api/v1/admin/users/${teacherId}`, admin, { role: 'koning' });
      assert.equal(bad.statusCode, 400);
    });

    it('writes every change to the audit log, readable and downloadable as CSV by admins only', async () => {
      const log = (await call('GET', '/api/v1/admin/audit', admin)).json();
      assert.deepEqual(
        log.map((e: { action: string }) => e.action),
        ['user.enable', 'user.disable', 'user.organisations', 'user.role', 'organisation.create'],
      );
      assert.equal(log[3].actor.name, 'Beheer');
      assert.deepEqual(log[3].detail, { name: 'Els Visser', from: 'teacher', to: 'institution_editor' });
      const csv = await call('GET', '/api/v1/admin/audit?format=csv', admin);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      assert.match(csv.body, /^at,actor,action,target_type,target_id,detail\n/);
      assert.equal(csv.body.trim().split('\n').length, 6);
      const editor = await signIn(app, 'els@museum.test', password);
      assert.equal((await call('GET', '/api/v1/admin/audit', editor)).statusCode, 403);
      assert.equal((await call('GET', '/api/v1/admin/users', editor)).statusCode, 403);
      assert.equal((await app.inject('/api/v1/admin/users')).statusCode, 401);
    });
  });
}
