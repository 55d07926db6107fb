import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../src/app/context.ts';
import { createWorker } from '../src/app/context.ts';
import { buildServer } from '../src/app/server.ts';
import type { App } from '../src/kernel/http.ts';
import type { JobWorker } from '../src/jobs/worker.ts';
import { smtpSink, type SmtpSink } from './support/smtp-sink.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const PUBLIC = 'http://leergoed.test';
const password = 'een zin van vijf woorden';

for (const kind of STORE_KINDS) {
  describe(`self-service accounts by mail on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let sink: SmtpSink;
    let worker: JobWorker;
    let cleanup: () => Promise<void>;

    before(async () => {
      sink = await smtpSink();
      ({ ctx, cleanup } = await testContext(kind, {
        mail: { smtpUrl: sink.url, from: 'Leergoed <noreply@leergoed.test>' },
      }));
      app = await buildServer(ctx, { logger: false });
      worker = createWorker(ctx, { retryBaseMs: 10, retryMaxMs: 20 });
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
      await sink?.close();
    });

    const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url, payload, headers });
    /** Runs the mail jobs until the next mail to `to` arrives. */
    async function mailTo(to: string) {
      await worker.drain();
      return sink.next(to);
    }
    const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;
    async function signIn(email: string, pw = password) {
      const response = await post('/api/v1/session', { email, password: pw });
      const cookie = response.cookies.find((c) => c.name === 'lg_session');
      return {
        response,
        headers: cookie
          ? { cookie: `lg_session=${cookie.value}`, 'x-csrf-token': response.json().csrfToken as string }
          : {},
      };
    }

    it('registers, refuses sign-in until the mailed link is followed, then signs in', async () => {
      assert.deepEqual((await app.inject('/api/v1/accounts/registration')).json(), { open: true });
      const registered = await post('/api/v1/accounts', {
        email: 'Juf.Fatima@School.test',
        password,
        name: 'Juf Fatima',
      });
      assert.equal(registered.statusCode, 202, registered.body);
      const before = await signIn('juf.fatima@school.test');
      assert.equal(before.response.statusCode, 403);
      assert.equal(before.response.json().code, 'LG_EMAIL_NOT_VERIFIED');

      const mail = await mailTo('juf.fatima@school.test');
      assert.match(mail.subject, /Bevestig je e-mailadres/);
      assert.match(mail.text, /Welkom bij Leergoed, Juf Fatima!/);
      const link = mail.link(`${PUBLIC}/account/bevestigen?token=`);
      // The link is a page of the web application; it confirms through the API with the token.
      assert.equal((await app.inject(new URL(link).pathname + new URL(link).search)).statusCode, 200);
      const verified = await post('/api/v1/accounts/verify', { token: tokenOf(link) });
      assert.equal(verified.statusCode, 200, verified.body);
      assert.deepEqual(verified.json(), { purpose: 'verify' });
      assert.equal((await post('/api/v1/accounts/verify', { token: tokenOf(link) })).json().code, 'LG_TOKEN_INVALID');
      const after = await signIn('juf.fatima@school.test');
      assert.equal(after.response.statusCode, 200, after.response.body);
      assert.equal(after.response.json().user.role, 'teacher');
    });

    it('checks the password as NIST SP 800-63B asks, and names the field', async () => {
      for (const [pw, code] of [
        ['kort', 'LG_PASSWORD_TOO_SHORT'],
        ['password1234', 'LG_PASSWORD_COMMON'],
        ['abcabcabcabcabc', 'LG_PASSWORD_COMMON'],
      ]) {
        const response = await post('/api/v1/accounts', { email: 'x@school.test', password: pw, name: 'X Y' });
        assert.equal(response.statusCode, 400);
        assert.equal(response.json().code, code);
      }
      // No composition rules: a long lower-case sentence is fine.
      const ok = await post('/api/v1/accounts', {
        email: 'y@school.test',
        password: 'fietsen langs de vecht',
        name: 'Y Z',
      });
      assert.equal(ok.statusCode, 202);
    });

    it('answers the same for an address that has an account, and mails its owner instead', async () => {
      const again = await post('/api/v1/accounts', { email: 'juf.fatima@school.test', password, name: 'Iemand' });
      assert.equal(again.statusCode, 202);
      const mail = await mailTo('juf.fatima@school.test');
      assert.match(mail.subject, /al een account/);
      assert.ok(mail.link(`${PUBLIC}/wachtwoord-vergeten`));
      assert.equal((await signIn('juf.fatima@school.test')).response.statusCode, 200, 'the password did not change');
    });

    it('resets a forgotten password by a single-use link, signs out everywhere, and tells no one which addresses exist', async () => {
      const session = await signIn('juf.fatima@school.test');
      const unknown = await post('/api/v1/password-reset', { email: 'niemand@school.test' });
      assert.equal(unknown.statusCode, 202);
      const known = await post('/api/v1/password-reset', { email: 'juf.fatima@school.test' });
      assert.equal(known.statusCode, 202);
      assert.equal(known.body, unknown.body);
      const mail = await mailTo('juf.fatima@school.test');
      assert.equal(sink.mails.filter((m) => m.to === 'niemand@school.test').length, 0);
      const token = tokenOf(mail.link(`${PUBLIC}/wachtwoord-herstellen?token=`));
      const weak = await post('/api/v1/password-reset/confirm', { token, password: 'welkom123' });
      assert.equal(weak.json().code, 'LG_PASSWORD_TOO_SHORT');
      const reset = await post('/api/v1/password-reset/confirm', { token, password: 'een nieuwe lange zin hier' });
      assert.equal(reset.statusCode, 204, reset.body);
      const reused = await post('/api/v1/password-reset/confirm', { token, password: 'nog een andere lange zin' });
      assert.equal(reused.json().code, 'LG_TOKEN_INVALID');
      assert.equal((await app.inject({ url: '/api/v1/session', headers: session.headers })).statusCode, 401);
      assert.equal((await signIn('juf.fatima@school.test')).response.statusCode, 401);
      assert.equal((await signIn('juf.fatima@school.test', 'een nieuwe lange zin hier')).response.statusCode, 200);
    });

    it('refuses an expired reset link', async () => {
      await post('/api/v1/password-reset', { email: 'juf.fatima@school.test' });
      const token = tokenOf((await mailTo('juf.fatima@school.test')).link(`${PUBLIC}/wachtwoord-herstellen`));
      await ctx.store.db
        .updateTable('account_token')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .execute();
      const late = await post('/api/v1/password-reset/confirm', { token, password: 'te laat voor deze link' });
      assert.equal(late.statusCode, 400);
      assert.equal(late.json().code, 'LG_TOKEN_INVALID');
    });

    it('changes the address after the new one confirms, and the password with the current one', async () => {
      const pw = 'een nieuwe lange zin hier';
      const me = await signIn('juf.fatima@school.test', pw);
      const other = await signIn('juf.fatima@school.test', pw);
      const wrong = await app.inject({
        method: 'PUT',
        url: '/api/v1/accounts/me/email',
        headers: me.headers,
        payload: { password: 'niet mijn wachtwoord', email: 'fatima@nieuw.test' },
      });
      assert.equal(wrong.json().code, 'LG_WRONG_PASSWORD');
      const change = await app.inject({
        method: 'PUT',
        url: '/api/v1/accounts/me/email',
        headers: me.headers,
        payload: { password: pw, email: 'fatima@nieuw.test', lang: 'en' },
      });
      assert.equal(change.statusCode, 202, change.body);
      const mail = await mailTo('fatima@nieuw.test');
      assert.match(mail.subject, /Confirm your new e-mail address/);
      assert.equal(
        (await signIn('juf.fatima@school.test', pw)).response.statusCode,
        200,
        'the old address stays until confirmed',
      );
      const confirmed = await post('/api/v1/accounts/verify', {
        token: tokenOf(mail.link(`${PUBLIC}/account/bevestigen`)),
      });
      assert.deepEqual(confirmed.json(), { purpose: 'email' });
      assert.equal((await signIn('fatima@nieuw.test', pw)).response.statusCode, 200);

      const changed = await app.inject({
        method: 'PUT',
        url: '/api/v1/accounts/me/password',
        headers: me.headers,
        payload: { current: pw, password: 'weer een andere zin nu' },
      });
      assert.equal(changed.statusCode, 204, changed.body);
      assert.equal(
        (await app.inject({ url: '/api/v1/session', headers: me.headers })).statusCode,
        200,
        'this session stays',
      );
      assert.equal(
        (await app.inject({ url: '/api/v1/session', headers: other.headers })).statusCode,
        401,
        'others end',
      );

      const out = await app.inject({ method: 'DELETE', url: '/api/v1/accounts/me/sessions', headers: me.headers });
      assert.equal(out.statusCode, 204);
      assert.equal((await app.inject({ url: '/api/v1/session', headers: me.headers })).statusCode, 401);
    });

    it('keeps trying when the mail server is down for a while', async () => {
      sink.refuse(2);
      await post('/api/v1/password-reset', { email: 'fatima@nieuw.test' });
      for (let i = 0; i < 3; i++) {
        await worker.drain();
        await new Promise((r) => setTimeout(r, 30));
      }
      const mail = await mailTo('fatima@nieuw.test');
      assert.match(mail.subject, /Nieuw wachtwoord/);
    });

    it('stores only hashes of the mailed tokens, and no token in the job queue', async () => {
      const tokens = await ctx.store.db.selectFrom('account_token').select('id').execute();
      const jobs = await ctx.store.db.selectFrom('job').select('payload').execute();
      const mailed = sink.mails.map((m) => m.text.match(/token=([\w-]+)/)?.[1]).filter((t): t is string => !!t);
      assert.ok(mailed.length >= 4, `the mails of the tests above carried tokens (${mailed.length})`);
      assert.equal(tokens.length >= mailed.length, true, 'each mailed token has its stored hash');
      for (const token of mailed) {
        assert.ok(!tokens.some((t) => t.id === token));
        assert.ok(tokens.some((t) => t.id === createHash('sha256').update(token).digest('hex')));
        assert.ok(!jobs.some((j) => j.payload.includes(token)));
      }
    });
  });

  describe(`registration without mail on ${kind}`, () => {
    it('is closed and says so', async () => {
      const { ctx, cleanup } = await testContext(kind, { mail: { smtpUrl: null, from: 'x@y.z' } });
      const app = await buildServer(ctx, { logger: false });
      try {
        assert.deepEqual((await app.inject('/api/v1/accounts/registration')).json(), { open: false });
        const refused = await app.inject({
          method: 'POST',
          url: '/api/v1/accounts',
          payload: { email: 'a@b.test', password, name: 'A B' },
        });
        assert.equal(refused.statusCode, 503);
        assert.equal(refused.json().code, 'LG_MAIL_UNAVAILABLE');
        const reset = await app.inject({
          method: 'POST',
          url: '/api/v1/password-reset',
          payload: { email: 'a@b.test' },
        });
        assert.equal(reset.json().code, 'LG_MAIL_UNAVAILABLE');
      } finally {
        await app.close();
        await cleanup();
      }
    });
  });
}
