import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import { createWorker, type AppContext } from '../src/app/context.ts';
import { DEFAULT_WORKER_OPTIONS } from '../src/jobs/worker.ts';
import type { App } from '../src/kernel/http.ts';
import { buildServer } from '../src/app/server.ts';
import { displayNameFromEmail } from '../src/accounts/model.ts';
import { lessonRepository } from '../src/lessons/repository.ts';
import { pruneUsageEvents, recordUsage } from '../src/insight/usage.ts';
import { multipart, signIn, type Credentials } from './support/http.ts';
import { STORE_KINDS, testContext, type StoreKind } from './support/stores.ts';
import type { Config } from '../src/app/config.ts';
import type { Role } from '../src/accounts/model.ts';

const password = 'correct horse battery staple';
/** The first Tate artworks, as JSON Lines (the format Tate's own collection data uses). */
const tateLines = gunzipSync(readFileSync(join(projectRoot, 'data', 'demo', 'tate', 'tate-artworks.jsonl.gz')))
  .toString('utf8')
  .split('\n')
  .slice(0, 3);

/**
 * A store of `kind` with one signed-in user (of `organisation` when given) and a server over it, made
 * before the suite's tests and removed after them.
 */
function served(
  kind: StoreKind,
  user: { email: string; name: string; role: Role; organisation?: string },
  overrides: Partial<Config> = {},
) {
  const state = {} as {
    ctx: AppContext;
    app: App;
    headers: Credentials;
    organisationId: string | null;
    cleanup(): Promise<void>;
  };
  before(async () => {
    ({ ctx: state.ctx, cleanup: state.cleanup } = await testContext(kind, overrides));
    state.organisationId = user.organisation
      ? (await state.ctx.accounts.findOrCreateOrganisation(user.organisation, 'heritage')).id
      : null;
    await state.ctx.accounts.createUser({
      email: user.email,
      name: user.name,
      password,
      role: user.role,
      organisationIds: state.organisationId ? [state.organisationId] : [],
    });
    state.app = await buildServer(state.ctx, { logger: false });
    state.headers = await signIn(state.app, user.email, password);
  });
  after(async () => {
    await state.app?.close();
    await state.cleanup?.();
  });
  return state;
}

for (const kind of STORE_KINDS) {
  describe(`security findings on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let rijks: string;
    let tate: string;
    let editor: Credentials;
    let tateEditor: Credentials;
    let adminHeaders: Credentials;

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      rijks = (await ctx.accounts.findOrCreateOrganisation('Rijksmuseum', 'heritage')).id;
      tate = (await ctx.accounts.findOrCreateOrganisation('Tate', 'heritage')).id;
      await ctx.imports.importBytes('tate.jsonl', Buffer.from(tateLines.join('\n')), {
        sourceName: 'Tate collectie',
        organisation: { name: 'Tate', kind: 'heritage' },
      });
      await ctx.accounts.createUser({
        email: 'redactie@rijksmuseum.test',
        name: 'Redactie Rijks',
        password,
        role: 'institution_editor',
        organisationIds: [rijks],
      });
      await ctx.accounts.createUser({
        email: 'redactie@tate.test',
        name: 'Redactie Tate',
        password,
        role: 'institution_editor',
        organisationIds: [tate],
      });
      await ctx.accounts.createUser({ email: 'beheer@leergoed.test', name: 'Beheerder', password, role: 'admin' });
      await ctx.accounts.createUser({ email: 'docent@school.test', name: 'Docent', password, role: 'teacher' });
      app = await buildServer(ctx, { logger: false });
      editor = await signIn(app, 'redactie@rijksmuseum.test', password);
      tateEditor = await signIn(app, 'redactie@tate.test', password);
      adminHeaders = await signIn(app, 'beheer@leergoed.test', password);
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    const tateRecords = () =>
      ctx.store.db
        .selectFrom('resource')
        .innerJoin('source', 'source.id', 'resource.source_id')
        .select(['resource.id', 'resource.title', 'resource.status', 'resource.organisation_id'])
        .where('source.name', '=', 'Tate collectie')
        .orderBy('resource.original_id')
        .execute();
    const upload = (
      organisationId: string,
      headers: Record<string, string>,
      fields: Record<string, string>,
      name: string,
      bytes: Buffer,
    ) => {
      const { body, contentType } = multipart(fields, { name, bytes });
      return app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${organisationId}/imports`,
        headers: { ...headers, 'content-type': contentType },
        payload: body,
      });
    };
    const makeKey = async (organisationId: string, headers: Credentials, scopes: string[]) => {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${organisationId}/api-keys`,
        headers,
        payload: { name: `sleutel ${scopes.join('+')}`, scopes },
      });
      assert.equal(response.statusCode, 201, response.body);
      return { authorization: `Bearer ${response.json().key as string}` };
    };

    it("keeps an import to its own institution's sources: another institution's source name is refused, and its records stay", async () => {
      const before = await tateRecords();
      assert.equal(before.length, 3);
      const changed = [
        JSON.stringify({ ...JSON.parse(tateLines[0]!), title: 'Overschreven door een ander museum' }),
        JSON.stringify({ ...JSON.parse(tateLines[1]!), acno: 'X99999', title: 'Toegeschreven aan Tate' }),
      ].join('\n');
      const overwrite = await upload(rijks, editor, { source: 'Tate collectie' }, 'tate.jsonl', Buffer.from(changed));
      assert.equal(overwrite.statusCode, 403, overwrite.body);
      assert.equal(overwrite.json().code, 'LG_SOURCE_NOT_YOURS');
      const deletions = `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-12-01T00:00:00Z</responseDate><request verb="ListRecords">x</request><ListRecords>${before
        .slice(0, 2)
        .map(
          (_r, i) =>
            `<record><header status="deleted"><identifier>${JSON.parse(tateLines[i]!).acno}</identifier><datestamp>2026-12-01</datestamp></header></record>`,
        )
        .join('')}</ListRecords></OAI-PMH>`;
      const key = await makeKey(rijks, adminHeaders, ['records:write']);
      const withdraw = await upload(rijks, key, { source: 'Tate collectie' }, 'deleted.xml', Buffer.from(deletions));
      assert.equal(withdraw.statusCode, 403, withdraw.body);
      assert.deepEqual(await tateRecords(), before, 'nothing of Tate changed');
      // Tate itself may: the same file from Tate's editor is applied.
      const own = await upload(tate, tateEditor, { source: 'Tate collectie' }, 'tate.jsonl', Buffer.from(changed));
      assert.equal(own.statusCode, 200, own.body);
      assert.deepEqual([own.json().created, own.json().updated], [1, 1]);
    });

    it('records who started every import run: a person by name, an API key by its name', async () => {
      const byPerson = await upload(
        rijks,
        editor,
        { source: 'Rijksmuseum upload' },
        'tate.jsonl',
        Buffer.from(tateLines[2]!),
      );
      assert.equal(byPerson.statusCode, 200, byPerson.body);
      const run = (await app.inject({ url: `/api/v1/imports/${byPerson.json().runId}`, headers: editor })).json().run;
      assert.deepEqual(run.startedBy, { trigger: 'upload', person: 'Redactie Rijks', apiKey: null });
      const key = await makeKey(rijks, editor, ['read', 'records:write']);
      const byKey = await upload(
        rijks,
        key,
        { source: 'Rijksmuseum upload' },
        'tate.jsonl',
        Buffer.from(tateLines[2]!),
      );
      const keyRun = (await app.inject({ url: `/api/v1/imports/${byKey.json().runId}`, headers: key })).json().run;
      assert.deepEqual(keyRun.startedBy, { trigger: 'upload', person: null, apiKey: 'sleutel read+records:write' });
      const listed = (await app.inject({ url: '/api/v1/imports?limit=1', headers: key })).json();
      assert.equal(listed[0].id, byKey.json().runId);
    });

    it('applies the limit of the import list after the institution filter', async () => {
      // Tate's runs are newer than Rijksmuseum's now: a limit applied first would leave Rijksmuseum nothing.
      for (let i = 0; i < 3; i++)
        await upload(tate, tateEditor, { source: 'Tate collectie' }, 'tate.jsonl', Buffer.from(tateLines[i]!));
      const mine = (await app.inject({ url: '/api/v1/imports?limit=2', headers: editor })).json();
      assert.equal(mine.length, 2);
      const sources = new Set(
        (await app.inject({ url: '/api/v1/sources', headers: editor })).json().map((s: { id: string }) => s.id),
      );
      assert.ok(mine.every((run: { sourceId: string }) => sources.has(run.sourceId)));
    });

    it('lets an API key act only for its institution, within its scopes, never as a person or an admin', async () => {
      const missing = await app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${rijks}/api-keys`,
        headers: editor,
        payload: { name: 'zonder' },
      });
      assert.equal(missing.statusCode, 400);
      const unknown = await app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${rijks}/api-keys`,
        headers: editor,
        payload: { name: 'x', scopes: ['admin'] },
      });
      assert.equal(unknown.statusCode, 400);
      // An admin's key for the Rijksmuseum: the admin's own resource and Tate's are out of its reach.
      const adminResource = await app.inject({
        method: 'POST',
        url: '/api/v1/resources',
        headers: adminHeaders,
        payload: { kind: 'material', title: 'Van de beheerder', rights: 'http://creativecommons.org/licenses/by/4.0/' },
      });
      assert.equal(adminResource.statusCode, 201, adminResource.body);
      const key = await makeKey(rijks, adminHeaders, ['read', 'records:write', 'harvests:run']);
      const [tateRecord] = await tateRecords();
      for (const id of [adminResource.json().id, tateRecord!.id]) {
        assert.equal(
          (await app.inject({ method: 'PATCH', url: `/api/v1/resources/${id}`, headers: key, payload: { title: 'x' } }))
            .statusCode,
          403,
        );
        assert.equal(
          (await app.inject({ method: 'POST', url: `/api/v1/resources/${id}/withdraw`, headers: key, payload: {} }))
            .statusCode,
          403,
        );
      }
      // Its maker's private draft lesson and communities in its maker's name are out of reach too.
      const lesson = await app.inject({ method: 'POST', url: '/api/v1/lessons', headers: editor, payload: {} });
      const editorKey = await makeKey(rijks, editor, ['read', 'records:write', 'harvests:run']);
      assert.equal(
        (await app.inject({ url: `/api/v1/lessons/${lesson.json().id}`, headers: editorKey })).statusCode,
        404,
      );
      const overwrite = await app.inject({
        method: 'PUT',
        url: `/api/v1/lessons/${lesson.json().id}/draft`,
        headers: editorKey,
        payload: { revision: 1, document: lesson.json().document },
      });
      assert.equal(overwrite.statusCode, 403);
      assert.equal(overwrite.json().code, 'LG_API_KEY_NOT_ALLOWED');
      const community = await app.inject({
        method: 'POST',
        url: '/api/v1/communities',
        headers: editorKey,
        payload: {
          kind: 'subject',
          name: 'Namens een ander',
          slug: 'namens-een-ander',
          description: 'Door een sleutel',
          subjects: [],
          levels: [],
          region: null,
        },
      });
      assert.equal(community.statusCode, 403);
      assert.equal(
        (
          await app.inject({
            method: 'POST',
            url: `/api/v1/organisations/${rijks}/api-keys`,
            headers: editorKey,
            payload: { name: 'nog een', scopes: ['read'] },
          })
        ).statusCode,
        403,
      );
      assert.equal((await app.inject({ url: '/api/v1/session', headers: editorKey })).statusCode, 403);
      // Its own institution's records: yes, with the scope.
      const own = await app.inject({
        method: 'POST',
        url: '/api/v1/resources',
        headers: editorKey,
        payload: {
          kind: 'heritage',
          title: 'Van het Rijksmuseum',
          organisationId: rijks,
          rights: 'http://creativecommons.org/publicdomain/zero/1.0/',
        },
      });
      assert.equal(own.statusCode, 201, own.body);
      const readOnly = await makeKey(rijks, editor, ['read']);
      const refused = await app.inject({
        method: 'PATCH',
        url: `/api/v1/resources/${own.json().id}`,
        headers: readOnly,
        payload: { title: 'y' },
      });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().code, 'LG_API_KEY_SCOPE');
      assert.equal((await upload(rijks, readOnly, {}, 'tate.jsonl', Buffer.from(tateLines[2]!))).statusCode, 403);
      assert.equal(
        (
          await app.inject({
            method: 'PATCH',
            url: `/api/v1/resources/${own.json().id}`,
            headers: editorKey,
            payload: { title: 'Van het Rijksmuseum (bijgewerkt)' },
          })
        ).statusCode,
        200,
      );
    });

    it('says where to report a vulnerability (RFC 9116)', async () => {
      const text = (await app.inject('/.well-known/security.txt')).body;
      assert.match(text, /^Contact: mailto:\S+@\S+$/m);
      assert.match(text, /^Expires: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/m);
      assert.ok(Date.parse(/^Expires: (.*)$/m.exec(text)![1]!) > Date.now());
    });

    it('serves raw records inert, as a download, and only of resources the asker may see', async () => {
      const [record] = await tateRecords();
      const raw = await app.inject(`/api/v1/resources/${record!.id}/raw`);
      assert.equal(raw.statusCode, 200);
      assert.match(String(raw.headers['content-disposition']), /^attachment; filename="[^"]+\.json"$/);
      assert.match(String(raw.headers['content-security-policy']), /^sandbox/);
      assert.equal(raw.headers['x-content-type-options'], 'nosniff');
      const made = await app.inject({
        method: 'POST',
        url: '/api/v1/resources',
        headers: editor,
        payload: { kind: 'heritage', title: 'Concept', organisationId: rijks, status: 'draft' },
      });
      await ctx.store.db
        .updateTable('resource')
        .set({ raw_record: gzipSync('<record><script>alert(1)</script></record>'), raw_format: 'lido' })
        .where('id', '=', made.json().id)
        .execute();
      assert.equal((await app.inject(`/api/v1/resources/${made.json().id}`)).statusCode, 404);
      assert.equal(
        (await app.inject(`/api/v1/resources/${made.json().id}/raw`)).statusCode,
        404,
        "a draft's raw record is as hidden as the draft",
      );
      assert.equal(
        (await app.inject({ url: `/api/v1/resources/${made.json().id}/raw`, headers: editor })).statusCode,
        200,
      );
    });

    it('never shows an e-mail address as a name: a name is required, and people change theirs', async () => {
      await assert.rejects(
        ctx.accounts.createUser({ email: 'zonder@naam.test', name: '', password, role: 'teacher' }),
        (e: { code: string }) => e.code === 'LG_NAME_REQUIRED',
      );
      await assert.rejects(
        ctx.accounts.createUser({ email: 'adres@naam.test', name: 'adres@naam.test', password, role: 'teacher' }),
        (e: { code: string }) => e.code === 'LG_NAME_IS_EMAIL',
      );
      assert.equal(displayNameFromEmail('piet.de-vries@school.nl'), 'Piet De-vries');
      const teacher = await signIn(app, 'docent@school.test', password);
      const lesson = (
        await app.inject({ method: 'POST', url: '/api/v1/lessons', headers: teacher, payload: {} })
      ).json();
      const [record] = await tateRecords();
      const document = {
        ...lesson.document,
        title: 'Een les over Turner',
        sections: [
          {
            ...lesson.document.sections[0],
            variants: [
              {
                ...lesson.document.sections[0].variants[0],
                items: [{ id: 'i1', type: 'resource', resourceId: record!.id, note: '', use: 'link' }],
              },
            ],
          },
        ],
      };
      const saved = await app.inject({
        method: 'PUT',
        url: `/api/v1/lessons/${lesson.id}/draft`,
        headers: teacher,
        payload: { revision: lesson.revision, document },
      });
      assert.equal(saved.statusCode, 200, saved.body);
      const published = await app.inject({
        method: 'POST',
        url: `/api/v1/lessons/${lesson.id}/publish`,
        headers: teacher,
        payload: { revision: saved.json().revision, changeNote: 'Eerste versie' },
      });
      assert.equal(published.statusCode, 200, published.body);
      const badName = await app.inject({
        method: 'PATCH',
        url: '/api/v1/accounts/me',
        headers: teacher,
        payload: { name: 'docent@school.test' },
      });
      assert.equal(badName.json().code, 'LG_NAME_IS_EMAIL');
      const renamed = await app.inject({
        method: 'PATCH',
        url: '/api/v1/accounts/me',
        headers: teacher,
        payload: { name: 'Meester Jansen' },
      });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(renamed.json().user.name, 'Meester Jansen');
      const entry = (await app.inject(`/api/v1/resources/${lesson.id}`)).json();
      assert.deepEqual(
        entry.creators.map((c: { name: string }) => c.name),
        ['Meester Jansen'],
      );
      const oai = await app.inject(
        `/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:leergoed.test:${lesson.id}`,
      );
      assert.match(oai.body, /<dc:creator>Meester Jansen<\/dc:creator>/);
      assert.doesNotMatch(oai.body, /docent@school/);
    });
  });
}

for (const kind of STORE_KINDS) {
  describe(`rate limits and sign-in on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind, { rateLimitPerMinute: 20 }));
      await ctx.accounts.createUser({ email: 'docent@school.test', name: 'Docent', password, role: 'teacher' });
      await ctx.accounts.createUser({ email: 'ander@school.test', name: 'Andere docent', password, role: 'teacher' });
      app = await buildServer(ctx, { logger: false });
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    const randomSession = () =>
      `lg_session=${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;

    it('counts a client with a made-up session cookie by its address', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++)
        statuses.push(
          (
            await app.inject({
              url: '/api/v1/vocabularies',
              remoteAddress: '198.51.100.7',
              headers: { cookie: randomSession() },
            })
          ).statusCode,
        );
      assert.equal(statuses.filter((s) => s === 200).length, 20);
      assert.equal(statuses.at(-1), 429);
      // A signed-in user counts apart from the address they share (a school's network).
      const teacher = await signIn(app, 'docent@school.test', password);
      assert.equal(
        (
          await app.inject({
            url: '/api/v1/vocabularies',
            remoteAddress: '198.51.100.7',
            headers: { cookie: teacher.cookie },
          })
        ).statusCode,
        200,
      );
    });

    it('limits wrong passwords per address, whatever cookie comes along', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 15; i++) {
        statuses.push(
          (
            await app.inject({
              method: 'POST',
              url: '/api/v1/session',
              remoteAddress: '198.51.100.8',
              headers: { cookie: randomSession() },
              payload: { email: `niemand${i}@school.test`, password: 'wrong password!!' },
            })
          ).statusCode,
        );
      }
      assert.equal(statuses.filter((s) => s === 401).length, 10);
      assert.equal(statuses.at(-1), 429);
    });

    it('slows guessing one account from many addresses: after five failures each attempt waits, twice as long each time', async () => {
      await ctx.store.db.deleteFrom('sign_in_failure').execute();
      const attempt = (i: number, pass: string) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/session',
          remoteAddress: `203.0.113.${i}`,
          payload: { email: 'Ander@School.test', password: pass },
        });
      for (let i = 0; i < 5; i++) assert.equal((await attempt(i, 'wrong password!!')).statusCode, 401);
      const waiting = await attempt(10, password);
      assert.equal(waiting.statusCode, 429, 'even the right password waits');
      assert.equal(waiting.json().code, 'LG_SIGN_IN_THROTTLED');
      assert.ok(Number(waiting.headers['retry-after']) >= 1);
      // Side by side, attempts cannot slip in before the wait begins.
      await ctx.store.db
        .updateTable('sign_in_failure')
        .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
        .execute();
      const burst = await Promise.all(Array.from({ length: 8 }, (_v, i) => attempt(20 + i, 'wrong password!!')));
      assert.equal(burst.filter((r) => r.statusCode === 401).length, 1);
      assert.equal(burst.filter((r) => r.statusCode === 429).length, 7);
      const row = await ctx.store.db.selectFrom('sign_in_failure').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.failures, 6);
      const wait = (Date.parse(row.locked_until!) - Date.now()) / 1000;
      assert.ok(wait > 1 && wait <= 2, `the sixth failure waits 2 s, got ${wait}`);
      // Once the wait is over, the right password signs in and the count starts again.
      await ctx.store.db
        .updateTable('sign_in_failure')
        .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
        .execute();
      assert.equal((await attempt(30, password)).statusCode, 200);
      assert.equal((await ctx.store.db.selectFrom('sign_in_failure').selectAll().execute()).length, 0);
    });

    it('forgets failed sign-ins after a day without failures, so guesses at many addresses do not pile up', async () => {
      await ctx.store.db.deleteFrom('sign_in_failure').execute();
      for (const i of [1, 2, 3])
        await app.inject({
          method: 'POST',
          url: '/api/v1/session',
          remoteAddress: `192.0.2.${50 + i}`,
          payload: { email: `gok${i}@school.test`, password: 'wrong password!!' },
        });
      assert.equal((await ctx.store.db.selectFrom('sign_in_failure').selectAll().execute()).length, 3);
      assert.equal(await ctx.accounts.forgetOldSignInFailures(), 0, 'recent failures are kept');
      assert.equal(await ctx.accounts.forgetOldSignInFailures(Date.now() + 25 * 3600_000), 3);
      assert.equal((await ctx.store.db.selectFrom('sign_in_failure').selectAll().execute()).length, 0);
    });

    it('signs in with JSON only: a form another site posts is not even read', async () => {
      const form = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        remoteAddress: '198.51.100.9',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `email=docent%40school.test&password=${encodeURIComponent(password)}`,
      });
      assert.equal(form.statusCode, 415, form.body);
      assert.equal(form.cookies.length, 0);
      // The protocols that post forms still get them parsed.
      const oai = await app.inject({
        method: 'POST',
        url: '/oai',
        remoteAddress: '198.51.100.9',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'verb=Identify',
      });
      assert.match(oai.body, /<Identify>/);
    });

    it('refuses common and patterned passwords', async () => {
      for (const weak of ['aaaaaaaaaaaa', 'password1234', '123456789012', 'qwertyuiopas', 'nieuw@school.test']) {
        await assert.rejects(
          ctx.accounts.createUser({ email: 'nieuw@school.test', name: 'Nieuw', password: weak, role: 'teacher' }),
          (e: { code: string }) => e.code === 'LG_PASSWORD_COMMON',
          weak,
        );
      }
      await assert.rejects(
        ctx.accounts.createUser({ email: 'nieuw@school.test', name: 'Nieuw', password: 'kort', role: 'teacher' }),
        (e: { code: string }) => e.code === 'LG_PASSWORD_TOO_SHORT',
      );
      assert.ok(
        await ctx.accounts.createUser({
          email: 'nieuw@school.test',
          name: 'Nieuw',
          password: 'de kat krabt de krullen van de trap',
          role: 'teacher',
        }),
      );
    });
  });
}

for (const kind of STORE_KINDS) {
  describe(`lesson autosave answers on ${kind}`, () => {
    const given = served(kind, { email: 'docent@school.test', name: 'Docent', role: 'teacher' });

    it('answers a save with the revision and draft that save wrote, even when another tab saves right after', async () => {
      const lesson = (
        await given.app.inject({ method: 'POST', url: '/api/v1/lessons', headers: given.headers, payload: {} })
      ).json();
      const real = lessonRepository.saveDraft;
      // The other tab's save lands between this save's update and its answer.
      lessonRepository.saveDraft = async (db, id, revision, draft, title, now) => {
        const saved = await real(db, id, revision, draft, title, now);
        lessonRepository.saveDraft = real;
        if (saved)
          await real(
            db,
            id,
            revision + 1,
            JSON.stringify({ ...JSON.parse(draft), title: 'Tweede tabblad' }),
            'Tweede tabblad',
            now,
          );
        return saved;
      };
      try {
        const first = await given.app.inject({
          method: 'PUT',
          url: `/api/v1/lessons/${lesson.id}/draft`,
          headers: given.headers,
          payload: { revision: lesson.revision, document: { ...lesson.document, title: 'Eerste tabblad' } },
        });
        assert.equal(first.statusCode, 200, first.body);
        assert.equal(first.json().revision, lesson.revision + 1);
        assert.equal(first.json().document.title, 'Eerste tabblad');
        // So this tab's next save meets the other tab's as a conflict instead of overwriting it.
        const next = await given.app.inject({
          method: 'PUT',
          url: `/api/v1/lessons/${lesson.id}/draft`,
          headers: given.headers,
          payload: {
            revision: first.json().revision,
            document: { ...lesson.document, title: 'Eerste tabblad, verder' },
          },
        });
        assert.equal(next.statusCode, 409);
      } finally {
        lessonRepository.saveDraft = real;
      }
    });

    it('keeps every concurrent save either written with its own answer or refused as a conflict', async () => {
      const lesson = (
        await given.app.inject({ method: 'POST', url: '/api/v1/lessons', headers: given.headers, payload: {} })
      ).json();
      const tabs = [
        { revision: lesson.revision, name: 'A' },
        { revision: lesson.revision, name: 'B' },
      ];
      let written = 0;
      for (let round = 0; round < 60; round++) {
        const answers = await Promise.all(
          tabs.map((tab) =>
            given.app.inject({
              method: 'PUT',
              url: `/api/v1/lessons/${lesson.id}/draft`,
              headers: given.headers,
              payload: { revision: tab.revision, document: { ...lesson.document, title: `${tab.name} ${round}` } },
            }),
          ),
        );
        for (const [i, answer] of answers.entries()) {
          const tab = tabs[i]!;
          if (answer.statusCode === 409) {
            tab.revision = answer.json().detail ? JSON.parse(answer.json().detail).revision : tab.revision;
            continue;
          }
          assert.equal(answer.statusCode, 200, answer.body);
          assert.equal(answer.json().document.title, `${tab.name} ${round}`);
          assert.equal(answer.json().revision, tab.revision + 1);
          tab.revision = answer.json().revision;
          written++;
        }
      }
      const stored = await given.ctx.store.db
        .selectFrom('lesson')
        .select('revision')
        .where('id', '=', lesson.id)
        .executeTakeFirstOrThrow();
      assert.equal(stored.revision, lesson.revision + written, 'every save answered 200 is one revision, none lost');
    });
  });
}

for (const kind of STORE_KINDS) {
  describe(`harvest guard on ${kind}`, () => {
    // As in production: private addresses are not harvested.
    const given = served(
      kind,
      { email: 'redactie@museum.test', name: 'Redactie', role: 'institution_editor', organisation: 'Museum' },
      { harvest: { allowPrivateHosts: false, allowHosts: [], timeoutMs: 3000, maxBytes: 1e6, intervalMs: 0 } },
    );

    it('fails a harvest of a refused address at once, without retries', async () => {
      for (const [i, url] of [
        'http://[::127.0.0.1]:9/oai',
        'http://[::ffff:169.254.169.254]/oai',
        'http://127.0.0.1:9/oai',
      ].entries()) {
        const source = await given.app.inject({
          method: 'POST',
          url: '/api/v1/sources',
          headers: given.headers,
          payload: {
            organisationId: given.organisationId,
            name: `Intern ${i}`,
            type: 'oai-pmh',
            url,
            metadataPrefix: 'oai_dc',
          },
        });
        assert.equal(source.statusCode, 201, source.body);
        const queued = await given.app.inject({
          method: 'POST',
          url: `/api/v1/sources/${source.json().id}/run`,
          headers: given.headers,
          payload: {},
        });
        assert.equal(queued.statusCode, 202);
        await createWorker(given.ctx, {
          ...DEFAULT_WORKER_OPTIONS,
          idleMs: 10,
          retryBaseMs: 10,
          retryMaxMs: 20,
        }).drain();
        const job = (await given.ctx.jobs.find(queued.json().jobId))!;
        assert.deepEqual([job.status, job.attempts], ['failed', 1], `${url}: ${job.last_error}`);
        assert.match(job.last_error!, /^LG_HARVEST_SSRF/);
        const run = (
          await given.app.inject({ url: `/api/v1/sources/${source.json().id}`, headers: given.headers })
        ).json().lastRun;
        assert.equal(run?.status ?? 'failed', 'failed');
      }
    });
  });
}

for (const kind of STORE_KINDS) {
  describe(`uploads that could hurt everyone on ${kind}`, () => {
    const given = served(kind, {
      email: 'redactie@museum.test',
      name: 'Redactie',
      role: 'institution_editor',
      organisation: 'Rijksmuseum',
    });
    /** Rows in the Rijksmuseum's export format (its own header): number, object number, title, maker, year. */
    const header =
      'recordnummer;objectnummer;titel;beschrijving;vervaardiger;datering.datum.start;datering.datum.eind;objectnaam;materiaal;classificatiecode;inhoud.classificatie.code;geografisch_trefwoord;inhoud.hoofdmotief.algemeen;inhoud.hoofdmotief.specifiek;inhoud.onderwerp;inhoud.persoon.naam;PID_data.URI;PID_werk.URI';
    const csv = (rows: string[]) =>
      Buffer.from(
        [
          header,
          ...rows.map((row) => {
            const [number, object, title, maker, year] = row.split(';');
            return [
              number,
              object,
              title,
              '',
              maker,
              year,
              year,
              'bord',
              'aardewerk',
              '',
              '',
              'Suriname',
              '',
              '',
              '',
              '',
              '',
              '',
            ].join(';');
          }),
        ].join('\n'),
      );

    const upload = (name: string, bytes: Buffer, fields: Record<string, string> = { source: 'Uploads' }) => {
      const { body, contentType } = multipart(fields, { name, bytes });
      return given.app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${given.organisationId}/imports`,
        headers: { ...given.headers, 'content-type': contentType },
        payload: body,
      });
    };

    it('refuses a CSV of 200,000 columns at its header, with a short error, and the run list stays small', async () => {
      const wide = Buffer.from(
        `${Array.from({ length: 200_000 }, (_v, i) => `c${i}`).join(',')}\n${'x,'.repeat(199_999)}x\n`,
      );
      const report = await upload('breed.csv', wide);
      assert.equal(report.statusCode, 200, report.body);
      assert.equal(report.json().status, 'failed');
      assert.match(report.json().error, /^LG_IMPORT_CSV_TOO_WIDE/);
      const runs = await given.app.inject({ url: '/api/v1/imports', headers: given.headers });
      assert.ok(runs.body.length < 20_000, `the run list answers ${runs.body.length} bytes`);
      const stored = await given.ctx.store.db
        .selectFrom('import_run')
        .select('error')
        .where('id', '=', report.json().runId)
        .executeTakeFirstOrThrow();
      assert.ok(stored.error!.length <= 2000);
    });

    it('strips a NUL and other characters XML does not allow, per record, and the OAI-PMH page stays well-formed', async () => {
      const rows = [
        '9001;NG-NUL-1;Schaal met\u0000 een NUL;Onbekend;1700',
        '9002;NG-NUL-2;Bord\u0001 met\u000b stuurtekens\uFFFF;Onbekend;1710',
        '9003;NG-NUL-3;Gewoon bord;Onbekend;1720',
      ];
      const report = (await upload('nul.csv', csv(rows))).json();
      assert.deepEqual([report.status, report.created, report.failed], ['completed', 3, 0], JSON.stringify(report));
      const titles = (
        await given.ctx.store.db
          .selectFrom('resource')
          .select('title')
          .where('original_id', 'like', 'NG-NUL-%')
          .orderBy('original_id')
          .execute()
      ).map((r) => r.title);
      assert.deepEqual(titles, ['Schaal met een NUL', 'Bord met stuurtekens', 'Gewoon bord']);
      const page = await given.app.inject('/oai?verb=ListRecords&metadataPrefix=oai_dc');
      assert.equal(page.statusCode, 200);
      // eslint-disable-next-line no-control-regex -- the test looks for control characters
      assert.doesNotMatch(page.body, /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
      // Values a client sends: stripped before they reach the store (PostgreSQL refuses NUL).
      assert.equal((await given.app.inject('/api/v1/resources?q=bord%00')).statusCode, 200);
      assert.equal((await given.app.inject('/api/v1/resources/abc%00def')).statusCode, 404);
      const made = await given.app.inject({
        method: 'POST',
        url: '/api/v1/resources',
        headers: given.headers,
        payload: { kind: 'heritage', title: 'Met\u0000 NUL', organisationId: given.organisationId },
      });
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(made.json().title, 'Met NUL');
    });

    it('answers 4xx, not 500, to a gzip bomb, a .gz that is not gzip, and a cut-off upload', async () => {
      const bomb = await upload('bom.csv.gz', gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x41)));
      assert.equal(bomb.statusCode, 413, bomb.body);
      assert.equal(bomb.json().code, 'LG_IMPORT_TOO_LARGE');
      const fake = await upload('nep.xml.gz', Buffer.from('<lom/>'));
      assert.equal(fake.statusCode, 400, fake.body);
      assert.equal(fake.json().code, 'LG_IMPORT_BAD_GZIP');
      const broken = await upload('kapot.xml.gz', gzipSync(Buffer.from('<lom/>'.repeat(1000))).subarray(0, 40));
      assert.equal(broken.statusCode, 400, broken.body);
      const { body, contentType } = multipart({ source: 'Uploads' }, { name: 'a.csv', bytes: csv(['1;A;B;C;D']) });
      const cut = await given.app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${given.organisationId}/imports`,
        headers: { ...given.headers, 'content-type': contentType },
        payload: body.subarray(0, body.length - 60),
      });
      assert.ok(cut.statusCode >= 400 && cut.statusCode < 500, `${cut.statusCode} ${cut.body}`);
      assert.equal((await given.app.inject('/healthz')).statusCode, 200);
    });

    it('reports a file with an undefined entity as failed and keeps nothing of it: the run and the store agree', async () => {
      const xml =
        '<?xml version="1.0"?><lom xmlns="http://www.imsglobal.org/xsd/imsmd_v1p2"><general><identifier><catalog>x</catalog><entry>entity-1</entry></identifier><title><langstring xml:lang="nl">Titel&nbsp;met entiteit</langstring></title></general></lom>';
      const report = (await upload('entiteit.xml', Buffer.from(xml))).json();
      assert.equal(report.status, 'failed');
      assert.match(report.error, /undefined entity/);
      assert.equal(report.created, 0);
      const stored = await given.ctx.store.db
        .selectFrom('resource')
        .select('id')
        .where('original_id', '=', 'entity-1')
        .execute();
      assert.equal(stored.length, 0);
    });

    it('reads a large file in a worker thread and keeps answering meanwhile', async () => {
      const rows = Array.from(
        { length: 6_000 },
        (_v, i) =>
          `${20_000 + i};NG-GROOT-${i};Voorwerp ${i} uit een grote collectie met een lange beschrijving;Onbekend;${1600 + (i % 300)}`,
      );
      const big = csv(rows);
      assert.ok(big.length > 512 * 1024, `${big.length} bytes`);
      let answered = 0;
      let done = false;
      const pending = upload('groot.csv', big).then((r) => {
        done = true;
        return r;
      });
      while (!done) {
        if ((await given.app.inject('/healthz')).statusCode === 200) answered++;
        await new Promise((r) => setImmediate(r));
      }
      const report = (await pending).json();
      assert.deepEqual([report.status, report.created], ['completed', 6_000]);
      assert.ok(answered > 10, `the server answered ${answered} requests while the file was read`);
    });

    it('marks an upload interrupted by a crash as failed, and runs it again from the kept file', async () => {
      const file = csv(['9101;NG-HERSTART-1;Eerste;Onbekend;1800', '9102;NG-HERSTART-2;Tweede;Onbekend;1801']);
      const report = (await upload('herstart.csv', file)).json();
      // As if the process had been killed halfway: the run left running, without a heartbeat, its file kept.
      await given.ctx.store.db
        .updateTable('import_run')
        .set({ status: 'running', finished_at: null, heartbeat_at: new Date(Date.now() - 10 * 60_000).toISOString() })
        .where('id', '=', report.runId)
        .execute();
      await given.ctx.store.db
        .insertInto('import_file')
        .values({
          run_id: report.runId,
          name: 'herstart.csv',
          bytes: gzipSync(file),
          options: '{}',
          created_at: new Date().toISOString(),
        })
        .execute();
      assert.equal(await given.ctx.imports.sweepInterruptedRuns(), 1);
      const run = (await given.app.inject({ url: `/api/v1/imports/${report.runId}`, headers: given.headers })).json()
        .run;
      assert.equal(run.status, 'failed');
      assert.match(run.error, /^LG_IMPORT_INTERRUPTED/);
      const retried = await given.app.inject({
        method: 'POST',
        url: `/api/v1/imports/${report.runId}/retry`,
        headers: given.headers,
        payload: {},
      });
      assert.equal(retried.statusCode, 200, retried.body);
      assert.deepEqual([retried.json().rerun.status, retried.json().rerun.unchanged], ['completed', 2]);
      const rerun = (
        await given.app.inject({ url: `/api/v1/imports/${retried.json().rerun.runId}`, headers: given.headers })
      ).json().run;
      assert.deepEqual(rerun.startedBy, { trigger: 'retry', person: 'Redactie', apiKey: null });
      assert.equal(
        await given.ctx.imports.hasKeptFile(retried.json().rerun.runId),
        false,
        'a completed run keeps no file',
      );
    });
  });
}

for (const kind of STORE_KINDS) {
  describe(`usage events kept bounded on ${kind}`, () => {
    it('deletes raw events older than the retention period, and only those', async () => {
      const { ctx, cleanup } = await testContext(kind);
      try {
        const day = (n: number) => new Date(Date.UTC(2026, 11, 3) - n * 86400_000);
        for (const n of [0, 10, 29, 31, 90])
          await recordUsage(ctx.store.db, { type: 'search_performed', query: `dag ${n}`, resultCount: 1 }, day(n));
        assert.equal(await pruneUsageEvents(ctx.store.db, 30, day(0)), 2);
        const left = (await ctx.store.db.selectFrom('usage_event').select('query').orderBy('query').execute()).map(
          (e) => e.query,
        );
        assert.deepEqual(left, ['dag 0', 'dag 10', 'dag 29']);
      } finally {
        await cleanup();
      }
    });
  });
}
