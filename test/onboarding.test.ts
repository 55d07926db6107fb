import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../src/app/context.ts';
import { createWorker } from '../src/app/context.ts';
import { buildServer } from '../src/app/server.ts';
import type { App } from '../src/kernel/http.ts';
import type { JobWorker } from '../src/jobs/worker.ts';
import { signIn, type Credentials } from './support/http.ts';
import { smtpSink, type SmtpSink } from './support/smtp-sink.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const PUBLIC = 'http://leergoed.test';
const password = 'een zin van vijf woorden';
const motivation =
  'Wij zijn het Zuiderzeemuseum in Enkhuizen en willen onze collectie over de visserij delen met scholen.';

for (const kind of STORE_KINDS) {
  describe(`organisations onboard themselves on ${kind}: applications, decisions, invitations, team roles`, () => {
    let ctx: AppContext;
    let app: App;
    let sink: SmtpSink;
    let worker: JobWorker;
    let cleanup: () => Promise<void>;
    let admin: Credentials;
    let applicant: Credentials;
    let organisationId = '';

    before(async () => {
      sink = await smtpSink();
      ({ ctx, cleanup } = await testContext(kind, {
        mail: { smtpUrl: sink.url, from: 'Leergoed <noreply@leergoed.test>' },
      }));
      await ctx.accounts.createUser({ email: 'beheer@leergoed.test', name: 'Beheer', password, role: 'admin' });
      await ctx.accounts.createUser({ email: 'anna@zuiderzee.test', name: 'Anna Bakker', password, role: 'teacher' });
      await ctx.accounts.createUser({ email: 'piet@school.test', name: 'Piet Jansen', password, role: 'teacher' });
      app = await buildServer(ctx, { logger: false });
      worker = createWorker(ctx, { retryBaseMs: 10, retryMaxMs: 20 });
      admin = await signIn(app, 'beheer@leergoed.test', password);
      applicant = await signIn(app, 'anna@zuiderzee.test', password);
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
      await sink?.close();
    });

    const call = (method: 'GET' | 'PATCH' | 'POST' | 'DELETE', url: string, who: object, payload?: object) =>
      app.inject({ method, url, headers: who as Record<string, string>, ...(payload ? { payload } : {}) });
    async function mailTo(to: string) {
      await worker.drain();
      return sink.next(to);
    }
    const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;
    const cookieOf = (response: { cookies: { name: string; value: string }[] }) =>
      response.cookies.find((c) => c.name === 'lg_session')!.value;
    async function sessionOf(cookie: string): Promise<Credentials> {
      const s = await app.inject({ url: '/api/v1/session', headers: { cookie: `lg_session=${cookie}` } });
      assert.equal(s.statusCode, 200, s.body);
      return { cookie: `lg_session=${cookie}`, 'x-csrf-token': s.json().csrfToken as string };
    }

    it('takes an application, checks it, and shows it to its applicant and the administrators only', async () => {
      const short = await call('POST', '/api/v1/organisation-applications', applicant, {
        name: 'Zuiderzeemuseum',
        kind: 'heritage',
        motivation: 'Graag.',
      });
      assert.equal(short.statusCode, 400);
      assert.equal(short.json().code, 'LG_MOTIVATION_LENGTH');
      const badSite = await call('POST', '/api/v1/organisation-applications', applicant, {
        name: 'Zuiderzeemuseum',
        kind: 'heritage',
        website: 'javascript:alert(1)',
        motivation,
      });
      assert.equal(badSite.json().code, 'LG_BAD_URL');
      const applied = await call('POST', '/api/v1/organisation-applications', applicant, {
        name: 'Zuiderzeemuseum',
        kind: 'heritage',
        website: 'https://www.zuiderzeemuseum.nl',
        motivation,
      });
      assert.equal(applied.statusCode, 201, applied.body);
      assert.equal(applied.json().status, 'pending');
      assert.equal(applied.json().applicant.name, 'Anna Bakker');
      const twice = await call('POST', '/api/v1/organisation-applications', admin, {
        name: 'zuiderzeemuseum',
        kind: 'heritage',
        motivation,
      });
      assert.equal(twice.json().code, 'LG_APPLICATION_PENDING', 'one waiting application per name');

      const piet = await signIn(app, 'piet@school.test', password);
      assert.deepEqual((await call('GET', '/api/v1/organisation-applications', piet)).json(), []);
      const mine = (await call('GET', '/api/v1/organisation-applications', applicant)).json();
      assert.deepEqual(
        mine.map((a: { name: string }) => a.name),
        ['Zuiderzeemuseum'],
      );
      const pending = (await call('GET', '/api/v1/organisation-applications?status=pending', admin)).json();
      assert.equal(pending.length, 1);
      const byTeacher = await call(
        'POST',
        `/api/v1/admin/organisation-applications/${applied.json().id}/decision`,
        piet,
        { decision: 'approve' },
      );
      assert.equal(byTeacher.statusCode, 403);
      assert.equal((await call('GET', '/api/v1/organisation-applications', {})).statusCode, 401);
    });

    it('refuses with a mailed reason, and approves: the organisation is made and its applicant is its editor', async () => {
      const [first] = (await call('GET', '/api/v1/organisation-applications?status=pending', admin)).json();
      const url = `/api/v1/admin/organisation-applications/${first.id}/decision`;
      const noReason = await call('POST', url, admin, { decision: 'refuse', reason: ' ' });
      assert.equal(noReason.json().code, 'LG_REASON_REQUIRED');
      const refused = await call('POST', url, admin, {
        decision: 'refuse',
        reason: 'Geef het adres van de website van het museum zelf.',
      });
      assert.equal(refused.statusCode, 200, refused.body);
      assert.equal(refused.json().status, 'refused');
      const mail = await mailTo('anna@zuiderzee.test');
      assert.match(mail.subject, /Je aanvraag voor Zuiderzeemuseum/);
      assert.match(mail.text, /> Geef het adres van de website van het museum zelf\./);
      assert.ok(mail.link(`${PUBLIC}/organisatie-aanmelden`));
      assert.equal((await call('POST', url, admin, { decision: 'approve' })).json().code, 'LG_APPLICATION_DECIDED');

      const again = await call('POST', '/api/v1/organisation-applications', applicant, {
        name: 'Zuiderzeemuseum',
        kind: 'heritage',
        website: 'https://www.zuiderzeemuseum.nl',
        externalId: 'ZZM',
        motivation,
        lang: 'en',
      });
      assert.equal(again.statusCode, 201, again.body);
      const approved = await call(
        'POST',
        `/api/v1/admin/organisation-applications/${again.json().id}/decision`,
        admin,
        {
          decision: 'approve',
        },
      );
      assert.equal(approved.statusCode, 200, approved.body);
      organisationId = approved.json().organisationId;
      assert.ok(organisationId);
      const welcome = await mailTo('anna@zuiderzee.test');
      assert.match(welcome.subject, /Zuiderzeemuseum is on Leergoed/, 'the decision comes in the language applied in');
      assert.ok(welcome.link(`${PUBLIC}/team?organisatie=${organisationId}`));

      assert.equal((await call('GET', '/api/v1/session', applicant)).statusCode, 401, 'new rights: signed in again');
      applicant = await signIn(app, 'anna@zuiderzee.test', password);
      const session = (await call('GET', '/api/v1/session', applicant)).json();
      assert.equal(session.user.role, 'institution_editor');
      assert.deepEqual(session.user.organisations, [
        { id: organisationId, name: 'Zuiderzeemuseum', kind: 'heritage', role: 'editor' },
      ]);
      const orgs = (await call('GET', '/api/v1/admin/organisations', admin)).json();
      assert.equal(orgs.find((o: { id: string }) => o.id === organisationId).externalId, 'ZZM');
      const taken = await call(
        'POST',
        '/api/v1/organisation-applications',
        await signIn(app, 'piet@school.test', password),
        {
          name: 'Zuiderzeemuseum',
          kind: 'heritage',
          motivation,
        },
      );
      assert.equal(taken.json().code, 'LG_ORGANISATION_EXISTS');
    });

    it('lets the editor invite a new colleague, who makes an account from the mailed link as a member', async () => {
      const badRole = await call('POST', `/api/v1/organisations/${organisationId}/invitations`, applicant, {
        email: 'kees@zuiderzee.test',
        role: 'admin',
      });
      assert.equal(badRole.statusCode, 400);
      const invited = await call('POST', `/api/v1/organisations/${organisationId}/invitations`, applicant, {
        email: 'Kees@Zuiderzee.test',
        role: 'member',
      });
      assert.equal(invited.statusCode, 202, invited.body);
      assert.deepEqual(
        invited
          .json()
          .invitations.map((i: { email: string; role: string; invitedBy: string }) => [i.email, i.role, i.invitedBy]),
        [['kees@zuiderzee.test', 'member', 'Anna Bakker']],
      );
      const mail = await mailTo('kees@zuiderzee.test');
      assert.match(mail.subject, /Uitnodiging voor Zuiderzeemuseum op Leergoed/);
      assert.match(mail.text, /Anna Bakker nodigt je uit om als lid van Zuiderzeemuseum/);
      const token = tokenOf(mail.link(`${PUBLIC}/uitnodiging?token=`));

      const offer = await call('POST', '/api/v1/invitations/lookup', {}, { token });
      assert.equal(offer.statusCode, 200, offer.body);
      assert.deepEqual(offer.json(), {
        organisation: { id: organisationId, name: 'Zuiderzeemuseum', kind: 'heritage' },
        role: 'member',
        email: 'kees@zuiderzee.test',
        hasAccount: false,
      });
      const bare = await call('POST', '/api/v1/invitations/accept', {}, { token });
      assert.equal(bare.statusCode, 400);
      const weak = await call(
        'POST',
        '/api/v1/invitations/accept',
        {},
        { token, name: 'Kees de Vries', password: 'kort' },
      );
      assert.equal(weak.statusCode, 400);
      assert.match(weak.json().code, /^LG_PASSWORD/);
      const accepted = await call('POST', '/api/v1/invitations/accept', {}, { token, name: 'Kees de Vries', password });
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.deepEqual(accepted.json(), { organisationId });
      const kees = await sessionOf(cookieOf(accepted));
      const session = (await call('GET', '/api/v1/session', kees)).json();
      assert.equal(session.user.role, 'teacher');
      assert.equal(session.user.organisations[0].role, 'member');
      assert.equal(
        (await call('POST', '/api/v1/invitations/accept', {}, { token, name: 'Kees', password })).json().code,
        'LG_TOKEN_INVALID',
        'a link works once',
      );
      // A member belongs but does not act for the organisation.
      assert.equal((await call('GET', `/api/v1/organisations/${organisationId}/team`, kees)).statusCode, 403);
      const source = await call('POST', '/api/v1/sources', kees, {
        name: 'Visserij',
        type: 'oai-pmh',
        url: 'https://example.org/oai',
        metadataPrefix: 'oai_dc',
        organisationId,
      });
      assert.equal(source.statusCode, 403, source.body);
    });

    it('changes roles in the team, keeps one editor, and signs the changed person out', async () => {
      const team = (await call('GET', `/api/v1/organisations/${organisationId}/team`, applicant)).json();
      const kees = team.members.find((m: { name: string }) => m.name === 'Kees de Vries');
      const anna = team.members.find((m: { name: string }) => m.name === 'Anna Bakker');
      assert.equal(kees.role, 'member');
      assert.equal(team.invitations.length, 0);
      const last = await call('PATCH', `/api/v1/organisations/${organisationId}/members/${anna.userId}`, applicant, {
        role: 'member',
      });
      assert.equal(last.statusCode, 409);
      assert.equal(last.json().code, 'LG_LAST_EDITOR');
      const keesBefore = await signIn(app, 'kees@zuiderzee.test', password);
      const promoted = await call(
        'PATCH',
        `/api/v1/organisations/${organisationId}/members/${kees.userId}`,
        applicant,
        {
          role: 'editor',
        },
      );
      assert.equal(promoted.statusCode, 200, promoted.body);
      assert.equal(promoted.json().members.find((m: { userId: string }) => m.userId === kees.userId).role, 'editor');
      assert.equal((await call('GET', '/api/v1/session', keesBefore)).statusCode, 401);
      const keesNow = await signIn(app, 'kees@zuiderzee.test', password);
      assert.equal((await call('GET', '/api/v1/session', keesNow)).json().user.role, 'institution_editor');
      assert.equal((await call('GET', `/api/v1/organisations/${organisationId}/team`, keesNow)).statusCode, 200);

      const removed = await call('DELETE', `/api/v1/organisations/${organisationId}/members/${kees.userId}`, applicant);
      assert.equal(removed.statusCode, 204, removed.body);
      const keesAfter = await signIn(app, 'kees@zuiderzee.test', password);
      const after = (await call('GET', '/api/v1/session', keesAfter)).json();
      assert.equal(after.user.role, 'teacher', 'nobody’s editor any more: a teacher again');
      assert.deepEqual(after.user.organisations, []);

      const audit = (await call('GET', '/api/v1/admin/audit', admin)).json();
      const actions = audit.map((e: { action: string }) => e.action);
      for (const action of [
        'application.create',
        'application.refuse',
        'application.approve',
        'organisation.create',
        'membership.add',
        'membership.role',
        'membership.remove',
        'user.role',
        'invitation.create',
        'invitation.accept',
      ])
        assert.ok(actions.includes(action), `audit log has ${action}`);
    });

    it('lets an existing account accept only when signed in, withdraws invitations, and keeps teams apart', async () => {
      const url = `/api/v1/organisations/${organisationId}/invitations`;
      await call('POST', url, applicant, { email: 'piet@school.test', role: 'editor' });
      const first = tokenOf((await mailTo('piet@school.test')).link(`${PUBLIC}/uitnodiging?token=`));
      // Inviting again replaces the first link.
      await call('POST', url, applicant, { email: 'piet@school.test', role: 'editor' });
      const second = tokenOf((await mailTo('piet@school.test')).link(`${PUBLIC}/uitnodiging?token=`));
      assert.equal(
        (await call('POST', '/api/v1/invitations/lookup', {}, { token: first })).json().code,
        'LG_TOKEN_INVALID',
      );
      assert.equal((await call('POST', '/api/v1/invitations/lookup', {}, { token: second })).json().hasAccount, true);
      const anonymous = await call('POST', '/api/v1/invitations/accept', {}, { token: second, name: 'X Y', password });
      assert.equal(anonymous.statusCode, 409);
      assert.equal(anonymous.json().code, 'LG_INVITATION_SIGN_IN');
      const piet = await signIn(app, 'piet@school.test', password);
      const accepted = await call('POST', '/api/v1/invitations/accept', piet, { token: second });
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal((await call('GET', '/api/v1/session', piet)).statusCode, 401, 'the session rotated');
      const pietNow = await sessionOf(cookieOf(accepted));
      assert.equal((await call('GET', '/api/v1/session', pietNow)).json().user.role, 'institution_editor');

      await call('POST', url, applicant, { email: 'joke@zuiderzee.test', role: 'member' });
      await mailTo('joke@zuiderzee.test');
      const open = (await call('GET', `/api/v1/organisations/${organisationId}/team`, applicant)).json().invitations;
      assert.equal(open.length, 1);
      assert.equal(
        (await call('POST', url, applicant, { email: 'PIET@school.test', role: 'member' })).json().code,
        'LG_ALREADY_MEMBER',
      );

      // Another organisation's editor reaches nothing of this team.
      const other = await call('POST', '/api/v1/admin/organisations', admin, {
        name: 'Fries Museum',
        kind: 'heritage',
      });
      await ctx.accounts.createUser({
        email: 'sjoerd@friesmuseum.test',
        name: 'Sjoerd',
        password,
        role: 'institution_editor',
        organisationIds: [other.json().id],
      });
      const sjoerd = await signIn(app, 'sjoerd@friesmuseum.test', password);
      const teamUrl = `/api/v1/organisations/${organisationId}`;
      assert.equal((await call('GET', `${teamUrl}/team`, sjoerd)).statusCode, 403);
      assert.equal(
        (await call('POST', `${teamUrl}/invitations`, sjoerd, { email: 'x@y.test', role: 'editor' })).statusCode,
        403,
      );
      assert.equal((await call('DELETE', `${teamUrl}/invitations/${open[0].id}`, sjoerd)).statusCode, 403);
      const keesId = (await ctx.accounts.userByEmail('piet@school.test'))!.id;
      assert.equal((await call('PATCH', `${teamUrl}/members/${keesId}`, sjoerd, { role: 'member' })).statusCode, 403);
      // An invitation is withdrawn only through its own organisation.
      const otherUrl = `/api/v1/organisations/${other.json().id}/invitations/${open[0].id}`;
      assert.equal((await call('DELETE', otherUrl, sjoerd)).statusCode, 404);
      assert.equal((await call('DELETE', `${teamUrl}/invitations/${open[0].id}`, applicant)).statusCode, 204);
      assert.deepEqual((await call('GET', `${teamUrl}/team`, applicant)).json().invitations, []);
    });
  });
}
