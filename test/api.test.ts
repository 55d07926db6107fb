import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import { buildServer } from '../src/app/server.ts';
import type { App } from '../src/kernel/http.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const demo = (path: string) => join(projectRoot, 'data', 'demo', path);
const heritage = (name: string) => ({ name, kind: 'heritage' as const });

for (const kind of STORE_KINDS) {
  describe(`catalogue API on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    const password = 'correct horse battery staple';

    before(async () => {
      const test = await testContext(kind);
      ctx = test.ctx;
      cleanup = test.cleanup;
      await ctx.imports.importPath(demo('rijksmuseum/Suriname_objecten_export.csv.gz'), {
        sourceName: 'Rijksmuseum CSV',
        organisation: heritage('Rijksmuseum'),
      });
      await ctx.imports.importPath(demo('edurep'), {
        sourceName: 'Kennisnet voorbeelden',
        organisation: { name: 'Kennisnet', kind: 'publisher' },
      });
      await ctx.imports.importPath(demo('iiif'), {
        sourceName: 'IIIF Cookbook',
        organisation: heritage('IIIF Consortium'),
      });
      await ctx.imports.importPath(demo('lido'), {
        sourceName: 'LIDO',
        organisation: heritage('Vlaamse Kunstcollectie'),
      });
      const rijks = await ctx.accounts.findOrCreateOrganisation('Rijksmuseum', 'heritage');
      const other = await ctx.accounts.findOrCreateOrganisation('Ander Museum', 'heritage');
      await ctx.accounts.createUser({
        email: 'editor@rijksmuseum.test',
        name: 'Redacteur',
        password,
        role: 'institution_editor',
        organisationIds: [rijks.id],
      });
      await ctx.accounts.createUser({
        email: 'other@museum.test',
        name: 'Ander',
        password,
        role: 'institution_editor',
        organisationIds: [other.id],
      });
      await ctx.accounts.createUser({ email: 'teacher@school.test', name: 'Docent', password, role: 'teacher' });
      app = await buildServer(ctx, { logger: false });
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    async function signIn(email: string) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
      assert.equal(response.statusCode, 200, response.body);
      const cookie = response.cookies.find((c) => c.name === 'lg_session')!;
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Lax');
      return { cookie: `lg_session=${cookie.value}`, csrf: response.json().csrfToken as string };
    }

    it('reports readiness with the store and migrations', async () => {
      const response = await app.inject('/readyz');
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json().migrations.pending, []);
      assert.equal(response.json().store, kind);
    });

    it('searches "suriname" and finds Rijksmuseum objects, with facets', async () => {
      const response = await app.inject('/api/v1/resources?q=suriname&limit=5');
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.ok(body.total > 3000, `total ${body.total}`);
      assert.equal(body.items.length, 5);
      assert.ok(body.items.every((i: { institution: { name: string } }) => i.institution.name === 'Rijksmuseum'));
      const institutions = body.facets.find((f: { name: string }) => f.name === 'institution');
      assert.equal(institutions.values[0].label, 'Rijksmuseum');
    });

    it("lists each facet's most frequent values, and the selected ones, when asked for fewer", async () => {
      type Values = { id: string; label: string; count: number; selected: boolean }[];
      type Facets = { name: string; valueCount: number; values: Values }[];
      const full: Facets = (await app.inject('/api/v1/resources?limit=1')).json().facets;
      // The facet with the most values; one of its least frequent values selected.
      const rich = full.filter((f) => f.name !== 'period').sort((a, b) => b.values.length - a.values.length)[0]!;
      assert.ok(rich.values.length > 4, 'a facet with more values than asked for');
      const chosen = rich.values.at(-1)!;
      const selection = `${rich.name}=${encodeURIComponent(chosen.id)}`;
      const fewer: Facets = (await app.inject(`/api/v1/resources?limit=1&facetValues=3&${selection}`)).json().facets;
      const whole = (await app.inject(`/api/v1/resources?limit=0&${selection}`)).json();
      assert.deepEqual([whole.items, whole.nextCursor], [[], null], 'limit=0: counts only');
      assert.ok(whole.total > 0);
      const all: Facets = whole.facets;
      for (const facet of fewer) {
        const whole = all.find((f) => f.name === facet.name)!;
        assert.equal(facet.valueCount, whole.values.length, `${facet.name}: how many values there are`);
        assert.equal(whole.valueCount, whole.values.length);
        const top = [...whole.values].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)).slice(0, 3);
        const expected = whole.values.filter((v) => v.selected || top.includes(v));
        assert.deepEqual(
          facet.values,
          expected,
          `${facet.name}: the three most frequent and the selected, in the facet's order`,
        );
      }
      assert.ok(fewer.find((f) => f.name === rich.name)!.values.some((v) => v.id === chosen.id && v.selected));
      for (const bad of ['0', '1001', 'some']) {
        const response = await app.inject(`/api/v1/resources?facetValues=${bad}`);
        assert.equal(response.statusCode, 400, bad);
        assert.equal(response.json().code, 'LG_VALIDATION');
        assert.match(JSON.stringify(response.json().errors), /facetValues/);
      }
    });

    it('matches without diacritics and by prefix', async () => {
      const a = (await app.inject('/api/v1/resources?q=gottingen')).json();
      assert.equal(a.items[0]?.title, 'Picture of Göttingen taken during the 2019 IIIF Conference');
      const b = (await app.inject('/api/v1/resources?q=plantag')).json();
      assert.ok(b.total > 0);
    });

    it('filters by kind, licence reusability, level (including narrower levels) and institution', async () => {
      const material = (await app.inject('/api/v1/resources?kind=material')).json();
      assert.ok(material.total > 0 && material.items.every((i: { kind: string }) => i.kind === 'material'));
      const open = (await app.inject('/api/v1/resources?reusability=open')).json();
      assert.ok(open.items.some((i: { title: string }) => i.title.startsWith('Picture of Göttingen')));
      // The mandatory NL-LOM example is aligned to "groep 5"; asking for "po" finds it too.
      const po = (await app.inject('/api/v1/resources?level=512e4729-03a4-43a2-95ba-758071d1b725')).json();
      assert.ok(po.total >= 1);
      const both = (await app.inject('/api/v1/resources?kind=heritage&kind=material&limit=1')).json();
      assert.equal(both.total, (await app.inject('/api/v1/resources?limit=1')).json().total);
    });

    it('pages with cursors without gaps or repeats, in both orders', async () => {
      for (const query of ['q=suriname&', 'kind=heritage&']) {
        const seen = new Set<string>();
        let cursor: string | null = null;
        let pages = 0;
        do {
          const url: string = `/api/v1/resources?${query}limit=100&facets=false${cursor ? `&cursor=${cursor}` : ''}`;
          const page = (await app.inject(url)).json();
          for (const item of page.items) {
            assert.ok(!seen.has(item.id), 'no repeats');
            seen.add(item.id);
          }
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < 10);
        assert.equal(pages, 10);
        assert.equal(seen.size, 1000);
      }
      const bad = await app.inject('/api/v1/resources?cursor=nonsense');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(bad.json().code, 'LG_BAD_CURSOR');
    });

    it('returns a resource with licence, attribution, kerndoelen by name and provenance', async () => {
      const list = (await app.inject('/api/v1/resources?q=gottingen')).json();
      const resource = (await app.inject(`/api/v1/resources/${list.items[0].id}`)).json();
      assert.equal(resource.licence.uri, 'http://creativecommons.org/licenses/by-sa/3.0/');
      assert.equal(resource.licence.reusability, 'open');
      assert.match(resource.attribution.nl.text, /Licentie: CC BY-SA 3\.0/);
      assert.equal(resource.provenance.source.name, 'IIIF Cookbook');
      assert.equal(resource.provenance.originalId, 'https://iiif.io/api/cookbook/recipe/0008-rights/manifest.json');
      const raw = await app.inject(`/api/v1/resources/${resource.id}/raw`);
      assert.equal(raw.statusCode, 200);
      assert.equal(JSON.parse(raw.body).type, 'Manifest');
      const missing = await app.inject('/api/v1/resources/does-not-exist');
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().code, 'LG_NOT_FOUND');
    });

    it('serves vocabularies flat and as a tree', async () => {
      const flat = (await app.inject('/api/v1/vocabularies/kerndoel')).json();
      assert.equal(flat.concepts.filter((c: { extra: { type: string } }) => c.extra.type === 'kerndoel').length, 405);
      const tree = (await app.inject('/api/v1/vocabularies/leerdoel?format=tree')).json();
      assert.ok(
        tree.concepts.length >= 20 && tree.concepts.some((c: { children: unknown[] }) => c.children.length > 0),
      );
      const licences = (await app.inject('/api/v1/vocabularies/licence')).json();
      assert.ok(
        licences.concepts.some((c: { id: string }) => c.id === 'http://rightsstatements.org/vocab/InC-EDU/1.0/'),
      );
      assert.equal((await app.inject('/api/v1/vocabularies/nonsense')).statusCode, 400);
    });

    it('publishes an OpenAPI 3 document of the routes', async () => {
      const doc = (await app.inject('/api/openapi.json')).json();
      assert.match(doc.openapi, /^3\./);
      for (const path of [
        '/api/v1/resources',
        '/api/v1/resources/{id}',
        '/api/v1/vocabularies/{scheme}',
        '/api/v1/organisations/{id}/imports',
        '/api/v1/session',
      ])
        assert.ok(doc.paths[path], path);
      assert.equal((await app.inject('/api/docs/')).statusCode, 200);
    });

    it('lets nobody write without signing in, and refuses cookie writes without the CSRF token', async () => {
      const anonymous = await app.inject({
        method: 'POST',
        url: '/api/v1/resources',
        payload: { kind: 'material', title: 'Les over Suriname' },
      });
      assert.equal(anonymous.statusCode, 401);
      const teacher = await signIn('teacher@school.test');
      const noToken = await app.inject({
        method: 'POST',
        url: '/api/v1/resources',
        headers: { cookie: teacher.cookie },
        payload: { kind: 'material', title: 'Les over Suriname' },
      });
      assert.equal(noToken.statusCode, 403);
      assert.equal(noToken.json().code, 'LG_CSRF');
    });

    it('creates, updates and withdraws a resource, with validation and authorization', async () => {
      const teacher = await signIn('teacher@school.test');
      const headers = { cookie: teacher.cookie, 'x-csrf-token': teacher.csrf };
      const invalid = await app.inject({
        method: 'POST',
        url: '/api/v1/resources',
        headers,
        payload: { kind: 'material', title: '', url: 'ftp://x' },
      });
      assert.equal(invalid.statusCode, 400);
      assert.equal(invalid.json().code, 'LG_VALIDATION');
      const unknownLevel = await app.inject({
        method: 'POST',
        url: '/api/v1/resources',
        headers,
        payload: { kind: 'material', title: 'X', levels: ['no-such-level'] },
      });
      assert.equal(unknownLevel.json().code, 'LG_UNKNOWN_CONCEPT');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/resources',
        headers,
        payload: {
          kind: 'material',
          title: 'Slavernijverleden in Suriname',
          description: 'Lesmateriaal <b>bij</b> objecten uit het Rijksmuseum.',
          levels: ['bc213214-b83d-4673-b9c1-8fdaa63d6d56'],
          objectives: ['8cd7169b-ec2b-4b1a-bc35-e2d2ac49e902'],
          rights: 'cc-by-sa-40',
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      const resource = created.json();
      assert.equal(resource.description, 'Lesmateriaal bij objecten uit het Rijksmuseum.');
      assert.equal(resource.licence.uri, 'http://creativecommons.org/licenses/by-sa/4.0/');
      assert.equal(resource.licence.raw, 'cc-by-sa-40');
      assert.match(resource.objectives[0].label, /^PO Kerndoel 01/);
      const found = (await app.inject('/api/v1/resources?q=slavernijverleden')).json();
      assert.equal(found.items[0]?.id, resource.id);

      const patched = await app.inject({
        method: 'PATCH',
        url: `/api/v1/resources/${resource.id}`,
        headers,
        payload: { title: 'Slavernijverleden in Suriname (groep 5)' },
      });
      assert.equal(patched.json().title, 'Slavernijverleden in Suriname (groep 5)');
      assert.equal(patched.json().licence.uri, 'http://creativecommons.org/licenses/by-sa/4.0/');

      const other = await signIn('other@museum.test');
      const stranger = await app.inject({
        method: 'POST',
        url: `/api/v1/resources/${resource.id}/withdraw`,
        headers: { cookie: other.cookie, 'x-csrf-token': other.csrf },
        payload: {},
      });
      assert.equal(stranger.statusCode, 403);
      const withdrawn = await app.inject({
        method: 'POST',
        url: `/api/v1/resources/${resource.id}/withdraw`,
        headers,
        payload: { reason: 'Vervangen door een nieuwe versie' },
      });
      assert.equal(withdrawn.json().status, 'withdrawn');
      assert.equal((await app.inject(`/api/v1/resources/${resource.id}`)).statusCode, 410);
      const after = (await app.inject('/api/v1/resources?q=slavernijverleden')).json();
      assert.ok(!after.items.some((i: { id: string }) => i.id === resource.id));
      assert.equal(after.total, found.total - 1);
    });

    it('keeps drafts to those who may edit them until they are published', async () => {
      const teacher = await signIn('teacher@school.test');
      const headers = { cookie: teacher.cookie, 'x-csrf-token': teacher.csrf };
      const draft = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/resources',
          headers,
          payload: { kind: 'lesson', title: 'Concept: xylofoonles over Paramaribo', status: 'draft' },
        })
      ).json();
      assert.equal(draft.status, 'draft');
      assert.equal((await app.inject(`/api/v1/resources/${draft.id}`)).statusCode, 404);
      assert.equal(
        (await app.inject({ url: `/api/v1/resources/${draft.id}`, headers: { cookie: teacher.cookie } })).statusCode,
        200,
      );
      assert.equal((await app.inject('/api/v1/resources?q=xylofoonles')).json().total, 0);
      assert.equal(
        (await app.inject({ url: '/api/v1/resources?status=draft', headers: { cookie: teacher.cookie } })).statusCode,
        403,
      );
      const published = await app.inject({
        method: 'PATCH',
        url: `/api/v1/resources/${draft.id}`,
        headers,
        payload: { status: 'published' },
      });
      assert.equal(published.json().status, 'published');
      assert.equal((await app.inject(`/api/v1/resources/${draft.id}`)).statusCode, 200);
    });

    it("lets an institution editor change only their own institution's resources", async () => {
      const editor = await signIn('editor@rijksmuseum.test');
      const headers = { cookie: editor.cookie, 'x-csrf-token': editor.csrf };
      const rijks = (await app.inject('/api/v1/resources?q=suriname&limit=1')).json().items[0];
      const ok = await app.inject({
        method: 'PATCH',
        url: `/api/v1/resources/${rijks.id}`,
        headers,
        payload: { rights: 'http://creativecommons.org/publicdomain/mark/1.0/' },
      });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json().licence.notation, 'PDM 1.0');
      const iiif = (await app.inject('/api/v1/resources?q=gottingen')).json().items[0];
      const refused = await app.inject({
        method: 'PATCH',
        url: `/api/v1/resources/${iiif.id}`,
        headers,
        payload: { title: 'x' },
      });
      assert.equal(refused.statusCode, 403);
    });

    it("imports an uploaded file for the editor's institution, idempotently, and refuses other institutions", async () => {
      const editor = await signIn('editor@rijksmuseum.test');
      const organisations = (await app.inject('/api/v1/organisations')).json();
      const rijks = organisations.find((o: { name: string }) => o.name === 'Rijksmuseum');
      const other = organisations.find((o: { name: string }) => o.name === 'Ander Museum');
      const file = readFileSync(demo('edm/europeana-oaipmh-getRecord-rijksmuseum-90402_BK_1978_399.rdf.xml'));
      const upload = (organisationId: string) => {
        const boundary = '----leergoed';
        const body = Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\nRijksmuseum EDM\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="record.rdf.xml"\r\nContent-Type: application/xml\r\n\r\n`,
          ),
          file,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        return app.inject({
          method: 'POST',
          url: `/api/v1/organisations/${organisationId}/imports`,
          headers: {
            cookie: editor.cookie,
            'x-csrf-token': editor.csrf,
            'content-type': `multipart/form-data; boundary=${boundary}`,
          },
          payload: body,
        });
      };
      const first = await upload(rijks.id);
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().created, 1);
      const second = await upload(rijks.id);
      assert.deepEqual(
        { created: second.json().created, unchanged: second.json().unchanged },
        { created: 0, unchanged: 1 },
      );
      assert.equal((await upload(other.id)).statusCode, 403);
      const run = await app.inject({
        url: `/api/v1/imports/${first.json().runId}`,
        headers: { cookie: editor.cookie },
      });
      assert.equal(run.json().run.created, 1);
    });

    it('keeps import runs idempotent and a malformed file loses nothing imported before', async () => {
      const again = await ctx.imports.importPath(demo('rijksmuseum/Suriname_objecten_export.csv.gz'), {
        sourceName: 'Rijksmuseum CSV',
        organisation: heritage('Rijksmuseum'),
      });
      assert.deepEqual(
        {
          created: again[0]!.created,
          updated: again[0]!.updated,
          unchanged: again[0]!.unchanged,
          failed: again[0]!.failed,
        },
        { created: 0, updated: 0, unchanged: 3668, failed: 0 },
      );
      const before = (await app.inject('/api/v1/resources?limit=1')).json().total;
      const page = readFileSync(demo('oai/edurep-oaipmh.initial.0.xml'), 'utf8');
      const truncated = page.slice(0, Math.floor(page.length * 0.6));
      const report = await ctx.imports.importBytes('broken.xml', Buffer.from(truncated), {
        sourceName: 'Edurep (broken)',
        organisation: { name: 'Edurep', kind: 'publisher' },
      });
      assert.equal(report.status, 'failed');
      assert.match(report.error!, /Malformed XML/);
      assert.ok(report.created > 0, 'records before the break are imported');
      const afterTotal = (await app.inject('/api/v1/resources?limit=1')).json().total;
      assert.equal(afterTotal, before + report.created);
      const failedRun = (await ctx.imports.run(report.runId))!;
      assert.equal(failedRun.run.status, 'failed');
    });

    it('follows an OAI-PMH delta page: deleted records are withdrawn (tombstone), changed ones updated', async () => {
      const target = { sourceName: 'Edurep OAI-PMH', organisation: { name: 'Edurep', kind: 'publisher' as const } };
      for (const page of ['edurep-oaipmh.initial.0.xml', 'edurep-oaipmh.initial.1.xml'])
        await ctx.imports.importPath(demo(`oai/${page}`), target);
      const exercises = (
        await app.inject(
          '/api/v1/resources?q=exercises&institution=' +
            (await ctx.accounts.findOrCreateOrganisation('Edurep', 'publisher')).id,
        )
      ).json();
      const deletedAtSource = exercises.items.find(
        (i: { provenance: { originalId: string; source: { name: string } } }) =>
          i.provenance.source.name === 'Edurep OAI-PMH' &&
          i.provenance.originalId === 'surfsharekit:oai:surfsharekit.nl:5af0e26f-c4d2-4ddd-94ab-7dd0bd531751',
      );
      assert.ok(deletedAtSource, 'the record is there before the delta');
      const [delta] = await ctx.imports.importPath(demo('oai/edurep-oaipmh.delta.0.xml'), target);
      assert.equal(delta!.withdrawn, 1);
      assert.ok(delta!.updated >= 1, `updated ${delta!.updated}`);
      const tombstone = await app.inject(`/api/v1/resources/${deletedAtSource.id}`);
      assert.equal(tombstone.statusCode, 410);
      assert.equal(tombstone.json().withdrawnReason, 'Deleted at the source');
      const [again] = await ctx.imports.importPath(demo('oai/edurep-oaipmh.delta.0.xml'), target);
      assert.deepEqual([again!.created, again!.updated, again!.withdrawn], [0, 0, 0]);
    });

    it('keeps failed records with their reason and raw record', async () => {
      const [report] = await ctx.imports.importPath(demo('edurep/ims-incomplete.xml'), {
        sourceName: 'Kennisnet voorbeelden',
      });
      assert.equal(report!.failed, 1);
      const { issues } = (await ctx.imports.run(report!.runId))!;
      assert.match(issues[0]!.reason, /identifier/);
      assert.match(issues[0]!.raw_record!, /<lom/);
    });

    it('searches Dutch-first: stems, corrections, explain, highlights, and help for an empty result', async () => {
      const plural = (await app.inject('/api/v1/resources?q=plantages&explain=true&limit=3')).json();
      assert.ok(plural.total > 100, 'plantages finds plantage');
      const first = plural.items[0];
      const marked = (segments: { mark: boolean; text: string }[] | null) =>
        (segments ?? []).some((s) => s.mark && /plantag/i.test(s.text));
      assert.ok(
        plural.items.some((i: { match: { title: never } }) => marked(i.match.title)),
        'titles mark the match',
      );
      assert.ok(
        plural.items.every(
          (i: { match: { title: never; snippet: never } }) => marked(i.match.title) || marked(i.match.snippet),
        ),
        'each result shows where it matched',
      );
      assert.equal(first.match.explain.engine.startsWith(kind === 'sqlite' ? 'sqlite' : 'postgres'), true);
      assert.ok(first.match.explain.score > 0 && first.match.explain.boost >= 1);
      const typo = (await app.inject('/api/v1/resources?q=plantgae&limit=1')).json();
      assert.equal(typo.query.correctedQuery, 'plantage');
      assert.equal(typo.total, plural.total);
      const rare = (await app.inject('/api/v1/resources?q=rievier&limit=1')).json();
      assert.ok(rare.total > 0 && rare.total < 5, 'an old spelling a record or two use');
      assert.equal(rare.query.didYouMean, 'rivier', 'did you mean the common word?');
      const some = (await app.inject('/api/v1/resources?q=suriname%20qqxqq&limit=1')).json();
      assert.equal(some.query.relaxed, true, 'an unknown word does not empty the result');
      assert.ok(some.total > 0);
      const level = 'bc213214-b83d-4673-b9c1-8fdaa63d6d56';
      const none = (await app.inject(`/api/v1/resources?q=suriname&level=${level}`)).json();
      assert.equal(none.total, 0);
      const broader = none.query.broader.find(
        (b: { type: string; filter?: string }) => b.type === 'remove-filter' && b.filter === 'level',
      );
      assert.ok(broader?.count > 0, 'offers to drop the level filter');
      const nothing = (await app.inject('/api/v1/resources?q=qqxqqzz')).json();
      assert.equal(nothing.total, 0);
      // Counts alone (limit=0: what the search page asks for a facet's other values) are no new search.
      const counts = (await app.inject('/api/v1/resources?q=qqxqqzz&limit=0')).json();
      assert.deepEqual([counts.items, counts.total, counts.nextCursor], [[], 0, null]);
      const recorded = await ctx.store.db
        .selectFrom('usage_event')
        .selectAll()
        .where('query', '=', 'qqxqqzz')
        .execute();
      assert.equal(recorded.length, 1);
      assert.equal(recorded[0]!.result_count, 0, 'zero-result queries are recorded for insight');
      const syntax = await app.inject('/api/v1/resources?q=%22unclosed%20-%20OR%20titel%3A');
      assert.equal(syntax.statusCode, 200, 'any query string is answered');
      const badPeriod = await app.inject('/api/v1/resources?period=1650');
      assert.equal(badPeriod.statusCode, 400);
    });

    it('suggests titles, concepts and makers while typing', async () => {
      const typed = (await app.inject('/api/v1/suggest?q=plantag')).json();
      assert.ok(typed.titles.length > 0 && typed.titles.every((t: { title: string }) => /plantag/i.test(t.title)));
      const maker = (await app.inject('/api/v1/suggest?q=meri')).json();
      assert.deepEqual(maker.makers[0]?.name, 'Merian, Maria Sibylla');
      const concept = (await app.inject('/api/v1/suggest?q=geschied')).json();
      assert.ok(
        concept.concepts.some(
          (c: { scheme: string; label: string }) => c.scheme === 'subject' && c.label === 'Geschiedenis',
        ),
      );
      assert.deepEqual((await app.inject('/api/v1/suggest?q=a')).json(), { titles: [], concepts: [], makers: [] });
      assert.equal((await app.inject('/api/v1/suggest')).statusCode, 400);
    });

    it('browses the curriculum from level to subject area to kerndoel, with aligned resource counts', async () => {
      const teacher = await signIn('teacher@school.test');
      const kerndoel = 'cf478309-4d3b-4e81-9077-764c0793496d'; // PO Kerndoel 03: Informatie beoordelen
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/resources',
        headers: { cookie: teacher.cookie, 'x-csrf-token': teacher.csrf },
        payload: {
          kind: 'material',
          title: 'Bronnen beoordelen met prenten uit Suriname',
          objectives: [kerndoel],
          rights: 'CC BY 4.0',
        },
      });
      assert.equal(created.statusCode, 201);
      const browser = (await app.inject('/api/v1/curriculum')).json();
      const po = browser.levels.find((l: { label: string }) => l.label === 'Primair onderwijs');
      assert.ok(po, 'levels are named');
      const atPo = (await app.inject(`/api/v1/curriculum?level=${po.id}`)).json();
      const nederlands = atPo.areas.find((a: { label: string }) => a.label === 'Nederlands');
      assert.ok(nederlands.count >= 1 && nederlands.kerndoelen > 0);
      const area = (await app.inject(`/api/v1/curriculum/${nederlands.id}?level=${po.id}`)).json();
      const flat = (nodes: { id: string; count: number; children: unknown[] }[]): { id: string; count: number }[] =>
        nodes.flatMap((n) => [n, ...flat(n.children as never)]);
      assert.equal(flat(area.kerndoelen).find((n) => n.id === kerndoel)?.count, 1);
      assert.ok(area.leerdoelen.length > 0, 'the leerdoelenkaart of the subject');
      const materials = (await app.inject(`/api/v1/resources?objective=${kerndoel}`)).json();
      assert.equal(materials.items[0].id, created.json().id, 'a kerndoel leads to its materials');
      assert.equal((await app.inject('/api/v1/curriculum/nope')).statusCode, 404);
      assert.equal((await app.inject('/api/v1/curriculum?level=nope')).statusCode, 404);
    });

    it('suggests learning objectives from the text, which a teacher confirms or rejects', async () => {
      const teacher = await signIn('teacher@school.test');
      const headers = { cookie: teacher.cookie, 'x-csrf-token': teacher.csrf };
      const created = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/resources',
          headers,
          payload: {
            kind: 'material',
            title: 'Slavernij in Suriname: plantages en de afschaffing',
            description: 'Prenten en foto’s uit het Rijksmuseum over het leven op plantages.',
            rights: 'CC BY 4.0',
          },
        })
      ).json();
      const listed = (await app.inject(`/api/v1/resources/${created.id}/objective-suggestions`)).json();
      const slavery = listed.suggestions.find(
        (s: { objective: { label: string } }) => s.objective.label === 'Slavernij',
      );
      assert.ok(slavery, 'the leerdoel "Slavernij" is suggested');
      assert.ok(slavery.matchedWords.includes('slavernij'), 'with the words that matched');
      assert.equal(slavery.decision, null);
      const anonymous = await app.inject({
        method: 'POST',
        url: `/api/v1/resources/${created.id}/objective-suggestions/${slavery.objectiveId}`,
        payload: { decision: 'accepted' },
      });
      assert.equal(anonymous.statusCode, 401);
      const accepted = await app.inject({
        method: 'POST',
        url: `/api/v1/resources/${created.id}/objective-suggestions/${slavery.objectiveId}`,
        headers,
        payload: { decision: 'accepted' },
      });
      assert.equal(accepted.statusCode, 200, accepted.body);
      const decided = accepted
        .json()
        .suggestions.find((s: { objectiveId: string }) => s.objectiveId === slavery.objectiveId);
      assert.equal(decided.decision.decision, 'accepted');
      assert.equal(decided.decision.decidedBy, 'Docent');
      const resource = (await app.inject(`/api/v1/resources/${created.id}`)).json();
      assert.deepEqual(
        resource.objectives.map((o: { id: string; alignment: string }) => [o.id, o.alignment]),
        [[slavery.objectiveId, 'confirmed']],
      );
      assert.equal(
        (await app.inject(`/api/v1/resources?objective=${slavery.objectiveId}`)).json().total,
        1,
        'a confirmed objective finds the resource',
      );
      const row = await ctx.store.db
        .selectFrom('objective_decision')
        .selectAll()
        .where('resource_id', '=', created.id)
        .executeTakeFirstOrThrow();
      assert.ok(
        row.decided_at && row.decided_by && JSON.parse(row.matched_words).includes('slavernij'),
        'who, when and why are stored',
      );
      // An edit of the resource keeps the confirmed objective; a rejection takes it away.
      await app.inject({
        method: 'PATCH',
        url: `/api/v1/resources/${created.id}`,
        headers,
        payload: { title: 'Slavernij in Suriname' },
      });
      assert.equal((await app.inject(`/api/v1/resources?objective=${slavery.objectiveId}`)).json().total, 1);
      await app.inject({
        method: 'POST',
        url: `/api/v1/resources/${created.id}/objective-suggestions/${slavery.objectiveId}`,
        headers,
        payload: { decision: 'rejected' },
      });
      assert.equal((await app.inject(`/api/v1/resources?objective=${slavery.objectiveId}`)).json().total, 0);
      const unknown = await app.inject({
        method: 'POST',
        url: `/api/v1/resources/${created.id}/objective-suggestions/nope`,
        headers,
        payload: { decision: 'accepted' },
      });
      assert.equal(unknown.json().code, 'LG_UNKNOWN_CONCEPT');
      const bad = await app.inject({
        method: 'POST',
        url: `/api/v1/resources/${created.id}/objective-suggestions/${slavery.objectiveId}`,
        headers,
        payload: { decision: 'maybe' },
      });
      assert.equal(bad.statusCode, 400);
    });

    it("counts a teacher's confirmation on an institution's record as a vote; its editors and curators decide", async () => {
      const editor = await signIn('editor@rijksmuseum.test');
      const editorHeaders = { cookie: editor.cookie, 'x-csrf-token': editor.csrf };
      const created = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/resources',
          headers: editorHeaders,
          payload: {
            kind: 'heritage',
            title: 'Prent van een suikerplantage in Suriname',
            description: 'Slavernij op de plantages: tot slaaf gemaakten aan het werk in de suikerrietvelden.',
            rights: 'http://creativecommons.org/publicdomain/mark/1.0/',
            organisationId: (await ctx.accounts.findOrCreateOrganisation('Rijksmuseum', 'heritage')).id,
          },
        })
      ).json();
      const url = `/api/v1/resources/${created.id}/objective-suggestions`;
      const teacher = await signIn('teacher@school.test');
      const teacherHeaders = { cookie: teacher.cookie, 'x-csrf-token': teacher.csrf };
      const listed = (await app.inject({ url, headers: teacherHeaders })).json();
      assert.equal(listed.mayDecide, false, 'a teacher does not decide on a record of an institution');
      const slavery = listed.suggestions.find(
        (s: { objective: { label: string } }) => s.objective.label === 'Slavernij',
      );
      assert.ok(slavery, 'the leerdoel "Slavernij" is suggested');
      const voted = await app.inject({
        method: 'POST',
        url: `${url}/${slavery.objectiveId}`,
        headers: teacherHeaders,
        payload: { decision: 'accepted' },
      });
      assert.equal(voted.statusCode, 200, voted.body);
      const mine = voted.json().suggestions.find((s: { objectiveId: string }) => s.objectiveId === slavery.objectiveId);
      assert.deepEqual(mine.votes, { accepted: 1, rejected: 0, mine: 'accepted' });
      assert.equal(mine.decision, null, 'a vote is no decision');
      assert.deepEqual((await app.inject(`/api/v1/resources/${created.id}`)).json().objectives, [], 'and no alignment');
      assert.equal((await app.inject(`/api/v1/resources?objective=${slavery.objectiveId}`)).json().total, 0);
      // The editor of the owning institution sees the vote and decides.
      const seen = (await app.inject({ url, headers: editorHeaders })).json();
      assert.equal(seen.mayDecide, true);
      const counted = seen.suggestions.find((s: { objectiveId: string }) => s.objectiveId === slavery.objectiveId);
      assert.deepEqual(counted.votes, { accepted: 1, rejected: 0, mine: null });
      const decided = await app.inject({
        method: 'POST',
        url: `${url}/${slavery.objectiveId}`,
        headers: editorHeaders,
        payload: { decision: 'accepted' },
      });
      assert.equal(decided.json().mayDecide, true);
      assert.deepEqual(
        (await app.inject(`/api/v1/resources/${created.id}`))
          .json()
          .objectives.map((o: { alignment: string }) => o.alignment),
        ['confirmed'],
      );
      // An editor of another institution only votes.
      const otherId = (
        await ctx.store.db
          .selectFrom('app_user')
          .select('id')
          .where('email', '=', 'other@museum.test')
          .executeTakeFirstOrThrow()
      ).id;
      const otherEditor = {
        userId: otherId,
        role: 'institution_editor' as const,
        organisationIds: [(await ctx.accounts.findOrCreateOrganisation('Ander Museum', 'heritage')).id],
      };
      assert.equal(await ctx.catalogue.mayDecideObjectives(created.id, otherEditor), false);
      const after = (
        await ctx.catalogue.decideObjective(otherEditor, created.id, slavery.objectiveId, 'rejected')
      ).find((s) => s.objectiveId === slavery.objectiveId)!;
      assert.equal(after.decision?.decision, 'accepted', 'the decision stands');
      assert.deepEqual(after.votes, { accepted: 1, rejected: 1, mine: 'rejected' });
    });

    it('records usage events without personal data', async () => {
      const list = (
        await app.inject({
          url: '/api/v1/resources?q=paramaribo',
          headers: { 'x-forwarded-for': '203.0.113.9', 'user-agent': 'Test/1.0' },
        })
      ).json();
      await app.inject({
        method: 'POST',
        url: '/api/v1/events',
        payload: { type: 'result_opened', resourceId: list.items[0].id, query: 'paramaribo' },
      });
      await app.inject(`/r/${list.items[0].id}`);
      const events = await ctx.store.db.selectFrom('usage_event').selectAll().execute();
      const types = new Set(events.map((e) => e.type));
      assert.deepEqual([...types].sort(), ['resource_viewed', 'result_opened', 'search_performed']);
      const search = events.find((e) => e.type === 'search_performed' && e.query === 'paramaribo')!;
      assert.equal(search.result_count, list.total);
      const dump = JSON.stringify(events);
      assert.ok(!dump.includes('203.0.113.9') && !dump.includes('Test/1.0'));
      assert.deepEqual(Object.keys(events[0]!).sort(), [
        'filters',
        'id',
        'occurred_on',
        'query',
        'resource_id',
        'result_count',
        'type',
      ]);
      assert.match(search.occurred_on, /^\d{4}-\d{2}-\d{2}$/);
    });

    it('rate-limits sign-in attempts', async () => {
      let last = 0;
      for (let i = 0; i < 12; i++)
        last = (
          await app.inject({
            method: 'POST',
            url: '/api/v1/session',
            payload: { email: 'nobody@x.test', password: 'wrong password!' },
          })
        ).statusCode;
      assert.equal(last, 429);
    });

    it('serves resource pages with title, description and JSON-LD in the first HTML', async () => {
      const list = (await app.inject('/api/v1/resources?q=gottingen')).json();
      const page = await app.inject(`/r/${list.items[0].id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<title>Picture of Göttingen taken during the 2019 IIIF Conference – Leergoed<\/title>/);
      assert.match(page.body, /<meta name="description" content="Picture taken by the IIIF Technical Coordinator">/);
      const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.body)![1]!);
      assert.equal(jsonLd['@context'], 'https://schema.org');
      assert.equal(jsonLd.license, 'http://creativecommons.org/licenses/by-sa/3.0/');
      assert.equal((await app.inject('/r/nope')).statusCode, 404);
    });
  });
}
