import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import { buildServer } from '../src/app/server.ts';
import { newId, nowIso } from '../src/kernel/ids.ts';
import type { App } from '../src/kernel/http.ts';
import { signIn, type Credentials } from './support/http.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const demo = (path: string) => join(projectRoot, 'data', 'demo', path);
const password = 'een lang wachtwoord';

interface Report {
  records: number;
  unchecked: number;
  withProblems: number;
  totals: Record<'licence' | 'image' | 'level' | 'subject' | 'description' | 'brokenLink', number>;
  sources: { id: string | null; name: string | null; records: number; withProblems: number }[];
  worst: { total: number; items: { id: string; score: number | null; missing: string[]; brokenLink: boolean }[] };
}

for (const kind of STORE_KINDS) {
  describe(`an institution's data-quality report on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let curator: Credentials;
    let editor: Credentials;
    let teacher: Credentials;
    let rijksId = '';
    let kmskaId = '';

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      await ctx.imports.importPath(demo('rijksmuseum'), {
        sourceName: 'Rijksmuseum',
        organisation: { name: 'Rijksmuseum', kind: 'heritage' },
      });
      await ctx.imports.importPath(demo('lido'), {
        sourceName: 'LIDO',
        organisation: { name: 'KMSKA', kind: 'heritage' },
      });
      rijksId = (await ctx.accounts.findOrCreateOrganisation('Rijksmuseum', 'heritage')).id;
      kmskaId = (await ctx.accounts.findOrCreateOrganisation('KMSKA', 'heritage')).id;
      await ctx.accounts.createUser({ email: 'curator@leergoed.test', name: 'Curator', password, role: 'curator' });
      await ctx.accounts.createUser({
        email: 'redactie@rijksmuseum.test',
        name: 'Redactie',
        password,
        role: 'institution_editor',
        organisationIds: [rijksId],
      });
      await ctx.accounts.createUser({ email: 'juf@school.test', name: 'Juf', password, role: 'teacher' });
      await ctx.quality.check(null);
      app = await buildServer(ctx, { logger: false });
      curator = await signIn(app, 'curator@leergoed.test', password);
      editor = await signIn(app, 'redactie@rijksmuseum.test', password);
      teacher = await signIn(app, 'juf@school.test', password);
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    const report = async (who: Credentials, query = '') =>
      (await app.inject({ url: `/api/v1/quality/report${query}`, headers: who })).json() as Report;
    const published = async (organisationId: string) =>
      Number(
        (
          await ctx.store.db
            .selectFrom('resource')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('organisation_id', '=', organisationId)
            .where('status', '=', 'published')
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('reports only what the actor answers for: an institution its own records, curators any', async () => {
      assert.equal((await app.inject('/api/v1/quality/report')).statusCode, 401);
      assert.equal((await app.inject({ url: '/api/v1/quality/report', headers: teacher })).statusCode, 403);
      const other = await app.inject({ url: `/api/v1/quality/report?organisationId=${kmskaId}`, headers: editor });
      assert.equal(other.statusCode, 403);
      const own = await report(editor);
      assert.equal(own.records, await published(rijksId));
      assert.equal(own.unchecked, 0);
      assert.deepEqual(
        own.sources.map((s) => s.name),
        ['Rijksmuseum'],
      );
      const all = await report(curator);
      assert.equal(all.records, (await published(rijksId)) + (await published(kmskaId)));
      assert.equal((await report(curator, `?organisationId=${kmskaId}`)).records, await published(kmskaId));
    });

    it('counts what is missing per source, and lists the worst records first', async () => {
      const own = await report(editor, '?limit=500');
      assert.ok(own.totals.licence > 0 && own.totals.level > 0, JSON.stringify(own.totals));
      assert.equal(own.totals.brokenLink, 0);
      assert.equal(own.sources[0]!.withProblems, own.withProblems);
      assert.equal(own.worst.total, own.withProblems);
      const scores = own.worst.items.map((r) => r.score ?? 1);
      assert.deepEqual(
        scores,
        [...scores].sort((a, b) => a - b),
        'lowest completeness first',
      );
      for (const r of own.worst.items) assert.ok(r.missing.length > 0 || r.brokenLink);
    });

    it('puts a record with a broken link first, and a record fixed in place leaves the report', async () => {
      const before = await report(editor, '?limit=500');
      const [worst, next] = before.worst.items;
      const last = before.worst.items.at(-1)!;
      await ctx.store.db
        .insertInto('quality_check')
        .values({
          id: newId(),
          resource_id: last.id,
          kind: 'link',
          status: 'failed',
          detail: JSON.stringify({ url: 'https://example.org/weg', outcome: 'gone', httpStatus: 404 }),
          checked_at: nowIso(),
        })
        .execute();
      const broken = await report(editor, '?limit=2');
      assert.equal(broken.totals.brokenLink, 1);
      assert.equal(broken.worst.items[0]!.id, last.id, 'a broken link comes first');

      // The editor fixes the worst record in place; its next check takes it off the report's list of its problems.
      const level = ctx.vocab.list('level').find((c) => /groep 7/i.test(c.labelNl))!.id;
      const subject = ctx.vocab.list('subject').find((c) => /geschiedenis/i.test(c.labelNl))!.id;
      const patched = await app.inject({
        method: 'PATCH',
        url: `/api/v1/resources/${worst!.id}`,
        headers: editor,
        payload: {
          description: 'Een prent uit de collectie, beschreven voor gebruik in de les geschiedenis.',
          rights: 'http://creativecommons.org/publicdomain/mark/1.0/',
          levels: [level],
          subjects: [subject],
        },
      });
      assert.equal(patched.statusCode, 200, patched.body);
      await ctx.quality.check(worst!.id);
      const after = await report(editor, '?limit=500');
      const fixed = after.worst.items.find((r) => r.id === worst!.id);
      for (const field of ['licence', 'level', 'subject', 'description'])
        assert.ok(!fixed?.missing.includes(field), `${field} is no longer missing`);
      assert.ok(after.totals.licence < before.totals.licence);
      assert.ok(next, 'more than one record to report');
    });

    it('downloads every record with a problem as CSV, with a link to fix each', async () => {
      const response = await app.inject({ url: '/api/v1/quality/report.csv', headers: editor });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/csv/);
      assert.match(
        String(response.headers['content-disposition']),
        /attachment; filename="leergoed-datakwaliteit.csv"/,
      );
      const lines = response.body.trimEnd().split('\n');
      assert.equal(lines[0], 'id,title,kind,source,completeness,missing,broken_link,checked_at,fix_at');
      const json = await report(editor);
      assert.ok(
        lines.length - 1 >= json.withProblems,
        'a line per record with a problem (titles may hold line breaks)',
      );
      assert.match(lines[1]!, /,yes,.*http:\/\/[^,]+\/r\/[^,]+$/, 'the broken link first, with the page to fix it');
      assert.equal((await app.inject({ url: '/api/v1/quality/report.csv', headers: teacher })).statusCode, 403);
    });
  });
}
