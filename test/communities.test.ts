import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import type { App } from '../src/kernel/http.ts';
import { buildServer } from '../src/app/server.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';
import { xmllint, xsdDir } from './support/xml.ts';

const demo = (path: string) => join(projectRoot, 'data', 'demo', path);
const GESCHIEDENIS = '1c445505-16f2-4d3f-b6cf-8623ca317140';
const OB_HAVO = '5ca732b3-3ec2-4b13-9f08-d55b8739fe31';
const password = 'correct horse battery staple';
const DRIVER = join(xsdDir, 'validation', 'drivers', 'leergoed-oai.xsd');
const out = mkdtempSync(join(tmpdir(), 'leergoed-communities-'));
let counter = 0;
after(() => rmSync(out, { recursive: true, force: true }));

const setSpecs = (xml: string, id: string) => {
  const header = new RegExp(`<header[^>]*><identifier>[^<]*:${id}</identifier>.*?</header>`).exec(xml)?.[0] ?? '';
  return [...header.matchAll(/<setSpec>([^<]+)<\/setSpec>/g)].map((m) => m[1]!);
};
const identifiers = (xml: string) =>
  [...xml.matchAll(/<identifier>oai:[^:]+:([^<]+)<\/identifier>/g)].map((m) => m[1]!);

for (const kind of STORE_KINDS) {
  describe(`communities on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    const ids = { plantation: '', photo: '', medal: '', draft: '', withdrawn: '', anna: '', bram: '', cees: '' };

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      await ctx.imports.importPath(demo('rijksmuseum/Suriname_objecten_export.csv.gz'), {
        sourceName: 'Rijksmuseum Suriname',
        organisation: { name: 'Rijksmuseum', kind: 'heritage' },
      });
      const byOriginal = async (original: string) =>
        (
          await ctx.store.db
            .selectFrom('resource')
            .select('id')
            .where('original_id', '=', original)
            .executeTakeFirstOrThrow()
        ).id;
      ids.plantation = await byOriginal('RP-T-1905-107');
      ids.photo = await byOriginal('RP-F-1994-12-68');
      ids.medal = await byOriginal('NG-NM-8969');
      ids.withdrawn = await byOriginal('RP-T-1905-103');
      ids.anna = (
        await ctx.accounts.createUser({ email: 'anna@school.test', name: 'Anna de Vries', password, role: 'teacher' })
      ).id;
      ids.bram = (
        await ctx.accounts.createUser({ email: 'bram@school.test', name: 'Bram Jansen', password, role: 'teacher' })
      ).id;
      ids.cees = (
        await ctx.accounts.createUser({ email: 'cees@school.test', name: 'Cees Bakker', password, role: 'teacher' })
      ).id;
      const annaActor = { userId: ids.anna, role: 'teacher' as const, organisationIds: [] };
      ids.draft = (
        await ctx.catalogue.create(
          annaActor,
          { kind: 'material', title: 'Werkblad plantages (concept)' } as never,
          null,
          'draft',
        )
      ).id;
      app = await buildServer(ctx, { logger: false });
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    const sessions = new Map<string, Awaited<ReturnType<typeof signIn>>>();
    /** Signs in once per user (sign-in is rate limited), then reuses the session. */
    async function as(email: string) {
      if (!sessions.has(email)) sessions.set(email, await signIn(email));
      return sessions.get(email)!;
    }
    async function signIn(email: string) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
      assert.equal(response.statusCode, 200, response.body);
      const cookie = response.cookies.find((c) => c.name === 'lg_session')!;
      const headers = { cookie: `lg_session=${cookie.value}`, 'x-csrf-token': response.json().csrfToken as string };
      const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE') => (url: string, payload?: object) =>
        app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      return { get: send('GET'), post: send('POST'), put: send('PUT'), patch: send('PATCH'), delete: send('DELETE') };
    }
    const oai = async (query: string) => {
      const response = await app.inject(`/oai?${query}`);
      assert.equal(response.statusCode, 200);
      const file = join(out, `${kind}-${++counter}.xml`);
      writeFileSync(file, response.body);
      const result = xmllint(file, DRIVER);
      assert.ok(result.ok, `${result.output}\n${response.body.slice(0, 1500)}`);
      return response.body;
    };
    const getRecord = async (id: string) => {
      const namespace = /<repositoryIdentifier>([^<]+)</.exec(await oai('verb=Identify'))?.[1];
      return oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(`oai:${namespace}:${id}`)}`);
    };
    const datestampOf = async (id: string) =>
      (await ctx.store.db.selectFrom('resource').select('updated_at').where('id', '=', id).executeTakeFirstOrThrow())
        .updated_at;

    let communityId = '';

    it('starts a community with its maker as moderator, and refuses what is not right with a clear error', async () => {
      const anna = await as('anna@school.test');
      const anonymous = await app.inject({
        method: 'POST',
        url: '/api/v1/communities',
        payload: {
          kind: 'subject',
          name: 'Geschiedenis havo',
          description: '',
          subjects: [],
          levels: [],
          region: null,
        },
      });
      assert.equal(anonymous.statusCode, 401);
      const created = await anna.post('/api/v1/communities', {
        kind: 'subject',
        name: 'Geschiedenis in de onderbouw',
        description: 'Bronnen en lessen delen.',
        subjects: ['gs'],
        levels: [OB_HAVO],
        region: null,
      });
      assert.equal(created.statusCode, 201, created.body);
      const community = created.json();
      communityId = community.id;
      assert.equal(community.slug, 'geschiedenis-in-de-onderbouw');
      assert.equal(created.headers.location, '/api/v1/communities/geschiedenis-in-de-onderbouw');
      assert.deepEqual(
        community.subjects.map((s: { id: string; label: string }) => [s.id, s.label]),
        [[GESCHIEDENIS, 'Geschiedenis']],
      );
      assert.equal(community.myRole, 'moderator');
      assert.deepEqual(community.counts, { members: 1, items: 0, threads: 0 });
      assert.equal(community.setSpec, `community:${community.id}`);

      const taken = await anna.post('/api/v1/communities', {
        kind: 'subject',
        name: 'Geschiedenis in de onderbouw',
        description: '',
        subjects: [],
        levels: [],
        region: null,
      });
      assert.equal(taken.statusCode, 409);
      assert.equal(taken.json().code, 'LG_SLUG_TAKEN');
      const noRegion = await anna.post('/api/v1/communities', {
        kind: 'regional',
        name: 'Netwerk Twente',
        description: '',
        subjects: [],
        levels: [],
        region: ' ',
      });
      assert.equal(noRegion.statusCode, 400);
      assert.equal(JSON.parse(noRegion.json().detail).field, 'region');
      const unknownSubject = await anna.post('/api/v1/communities', {
        kind: 'subject',
        name: 'Vak dat niet bestaat',
        description: '',
        subjects: ['geen-vak'],
        levels: [],
        region: null,
      });
      assert.equal(unknownSubject.statusCode, 400);
      assert.match(unknownSubject.body, /geen-vak/);
      const badSlug = await anna.post('/api/v1/communities', {
        kind: 'subject',
        slug: 'Met Spaties',
        name: 'Aardrijkskunde',
        description: '',
        subjects: [],
        levels: [],
        region: null,
      });
      assert.equal(badSlug.statusCode, 400);
      assert.equal(JSON.parse(badSlug.json().detail).field, 'slug');
      const regional = await anna.post('/api/v1/communities', {
        kind: 'regional',
        name: 'Erfgoedonderwijs Twente',
        description: 'Scholen en musea in Twente.',
        subjects: [],
        levels: [],
        region: 'Twente',
      });
      assert.equal(regional.statusCode, 201, regional.body);

      const list = (await app.inject('/api/v1/communities')).json().items;
      assert.deepEqual(
        list.map((c: { slug: string }) => c.slug),
        ['erfgoedonderwijs-twente', 'geschiedenis-in-de-onderbouw'],
      );
      assert.ok(
        list.every((c: { myRole: unknown }) => c.myRole === null),
        'anonymous readers have no role',
      );
      assert.deepEqual(
        (await app.inject('/api/v1/communities?kind=regional')).json().items.map((c: { region: string }) => c.region),
        ['Twente'],
      );
      assert.equal((await app.inject('/api/v1/communities?mine=true')).statusCode, 401);
      assert.equal((await app.inject('/api/v1/communities?kind=school')).statusCode, 400);
    });

    it('lets members join and leave; members and discussions are for members only', async () => {
      const bram = await as('bram@school.test');
      assert.equal((await bram.get('/api/v1/communities/geschiedenis-in-de-onderbouw/members')).statusCode, 403);
      assert.equal((await app.inject('/api/v1/communities/geschiedenis-in-de-onderbouw/members')).statusCode, 401);
      const joined = await bram.post('/api/v1/communities/geschiedenis-in-de-onderbouw/members');
      assert.equal(joined.statusCode, 200, joined.body);
      assert.equal(joined.json().myRole, 'member');
      assert.equal(joined.json().counts.members, 2);
      assert.equal(
        (await bram.post('/api/v1/communities/geschiedenis-in-de-onderbouw/members')).json().counts.members,
        2,
        'joining twice changes nothing',
      );
      const members = (await bram.get('/api/v1/communities/geschiedenis-in-de-onderbouw/members')).json().items;
      assert.deepEqual(
        members.map((m: { name: string; role: string }) => [m.name, m.role]),
        [
          ['Anna de Vries', 'moderator'],
          ['Bram Jansen', 'member'],
        ],
      );
      assert.ok(!JSON.stringify(members).includes('@'), 'no e-mail addresses');
      assert.deepEqual(
        (await bram.get('/api/v1/communities?mine=true')).json().items.map((c: { slug: string }) => c.slug),
        ['geschiedenis-in-de-onderbouw'],
      );
      assert.equal((await app.inject('/api/v1/communities/bestaat-niet')).statusCode, 404);

      const anna = await as('anna@school.test');
      const leaveLast = await anna.delete(`/api/v1/communities/geschiedenis-in-de-onderbouw/members/${ids.anna}`);
      assert.equal(leaveLast.statusCode, 409);
      assert.equal(leaveLast.json().code, 'LG_LAST_MODERATOR');
      const demote = await anna.put(`/api/v1/communities/geschiedenis-in-de-onderbouw/members/${ids.anna}`, {
        role: 'member',
      });
      assert.equal(demote.statusCode, 409);
      assert.equal(
        (await bram.put(`/api/v1/communities/geschiedenis-in-de-onderbouw/members/${ids.bram}`, { role: 'moderator' }))
          .statusCode,
        403,
        'members cannot make themselves moderator',
      );
      assert.equal(
        (await bram.patch('/api/v1/communities/geschiedenis-in-de-onderbouw', { name: 'Overgenomen' })).statusCode,
        403,
      );
      const patched = await anna.patch('/api/v1/communities/geschiedenis-in-de-onderbouw', {
        description: 'Bronnen, lessen en ervaringen delen.',
      });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(patched.json().description, 'Bronnen, lessen en ervaringen delen.');
      assert.equal(patched.json().name, 'Geschiedenis in de onderbouw');
    });

    it('keeps a shared collection: members add published resources with a note, each gets a new datestamp, and its OAI-PMH set lists them', async () => {
      const anna = await as('anna@school.test');
      const bram = await as('bram@school.test');
      const cees = await as('cees@school.test');
      const base = '/api/v1/communities/geschiedenis-in-de-onderbouw/items';
      assert.equal((await cees.post(base, { resourceId: ids.plantation })).statusCode, 403, 'not a member');
      const before = await datestampOf(ids.plantation);
      const added = await bram.post(base, { resourceId: ids.plantation, note: 'Wie zie je niet op deze tekening?' });
      assert.equal(added.statusCode, 201, added.body);
      assert.equal(added.json().resource.id, ids.plantation);
      assert.equal(added.json().addedBy.name, 'Bram Jansen');
      assert.ok((await datestampOf(ids.plantation)) > before, 'adding gives the resource a new datestamp');
      const again = await anna.post(base, { resourceId: ids.plantation });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'LG_ALREADY_IN_COLLECTION');
      assert.equal((await anna.post(base, { resourceId: ids.draft })).statusCode, 404, 'a draft cannot be shared');
      assert.equal((await anna.post(base, { resourceId: 'bestaat-niet' })).statusCode, 404);
      assert.equal((await anna.post(base, { resourceId: ids.plantation, note: 'x'.repeat(1001) })).statusCode, 400);
      for (const id of [ids.photo, ids.medal, ids.withdrawn])
        assert.equal((await anna.post(base, { resourceId: id })).statusCode, 201);
      await ctx.catalogue.withdraw(
        { userId: ids.anna, role: 'admin', organisationIds: [] },
        ids.withdrawn,
        'Teruggetrokken door de bron',
      );
      assert.equal(
        (await anna.post('/api/v1/communities/erfgoedonderwijs-twente/items', { resourceId: ids.withdrawn }))
          .statusCode,
        409,
        'a withdrawn resource cannot be added',
      );

      // Public, newest first, in pages.
      const first = (await app.inject(`${base}?limit=2`)).json();
      assert.deepEqual(
        first.items.map((i: { resource: { id: string } }) => i.resource.id),
        [ids.withdrawn, ids.medal],
      );
      assert.equal(first.items[0].resource.status, 'withdrawn');
      assert.ok(first.items.every((i: { mayRemove: boolean }) => !i.mayRemove));
      const second = (await app.inject(`${base}?limit=2&cursor=${first.nextCursor}`)).json();
      assert.deepEqual(
        second.items.map((i: { resource: { id: string } }) => i.resource.id),
        [ids.photo, ids.plantation],
      );
      assert.equal(second.items[1].note, 'Wie zie je niet op deze tekening?');
      assert.equal(second.nextCursor, null);
      assert.equal((await app.inject(`${base}?cursor=nonsense`)).statusCode, 400);
      assert.deepEqual(
        (await app.inject(`/api/v1/communities?resource=${ids.photo}`))
          .json()
          .items.map((c: { slug: string }) => c.slug),
        ['geschiedenis-in-de-onderbouw'],
      );

      // OAI-PMH: the community is a set, its items' headers name it, and a harvest of the set lists exactly them.
      const sets = await oai('verb=ListSets');
      assert.match(
        sets,
        new RegExp(
          `<set><setSpec>community:${communityId}</setSpec><setName>Geschiedenis in de onderbouw</setName></set>`,
        ),
      );
      assert.ok(!sets.includes('Erfgoedonderwijs Twente'), 'a community with an empty collection has no set yet');
      const listed = await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&set=community:${communityId}`);
      assert.deepEqual(identifiers(listed).sort(), [ids.plantation, ids.photo, ids.medal, ids.withdrawn].sort());
      assert.match(listed, new RegExp(`<header status="deleted"><identifier>[^<]*${ids.withdrawn}</identifier>`));
      assert.ok(setSpecs(listed, ids.plantation).includes(`community:${communityId}`));
      const records = await oai(`verb=ListRecords&metadataPrefix=oai_dc&set=community:${communityId}`);
      assert.equal(identifiers(records).length, 4);
      const all = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&set=community');
      assert.deepEqual(identifiers(all).sort(), [ids.plantation, ids.photo, ids.medal, ids.withdrawn].sort());
      const record = await getRecord(ids.medal);
      assert.doesNotMatch(record, /<error/);
      assert.ok(
        setSpecs(record, ids.medal).includes(`community:${communityId}`),
        'GetRecord names the community set too',
      );
      // The community's page is in the sitemap and carries its collection as JSON-LD in the first HTML.
      assert.match(
        (await app.inject('/sitemaps/pages.xml')).body,
        /\/gemeenschappen\/geschiedenis-in-de-onderbouw<\/loc>/,
      );
      const html = (
        await app.inject({ url: '/gemeenschappen/geschiedenis-in-de-onderbouw', headers: { accept: 'text/html' } })
      ).body;
      const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!) as {
        '@type': string;
        mainEntity: { numberOfItems: number; itemListElement: { url: string }[] };
      };
      assert.equal(jsonLd['@type'], 'CollectionPage');
      assert.equal(jsonLd.mainEntity.numberOfItems, 4);
      assert.equal(jsonLd.mainEntity.itemListElement.length, 3, 'the withdrawn item is not listed');
      assert.ok(jsonLd.mainEntity.itemListElement.every((i) => !i.url.endsWith(ids.withdrawn)));
      assert.equal(
        (await app.inject({ url: '/gemeenschappen/bestaat-niet', headers: { accept: 'text/html' } })).statusCode,
        404,
      );
      assert.equal(
        (await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&set=community:bestaat-niet')).match(
          /<error code="(\w+)"/,
        )?.[1],
        'noRecordsMatch',
      );
      assert.equal(
        (await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&set=community:met%20spatie')).match(
          /<error code="(\w+)"/,
        )?.[1],
        'badArgument',
      );

      // Only who added an item, or a moderator, takes it out; the resource then leaves the set with a new datestamp.
      assert.equal((await cees.delete(`${base}/${ids.plantation}`)).statusCode, 403);
      assert.equal((await anna.delete(`${base}/${ids.photo}`)).statusCode, 204, 'the moderator removes what she added');
      const beforeRemoval = await datestampOf(ids.plantation);
      await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal(
        (await anna.delete(`${base}/${ids.plantation}`)).statusCode,
        204,
        'the moderator removes what Bram added',
      );
      assert.ok((await datestampOf(ids.plantation)) > beforeRemoval);
      assert.equal((await anna.delete(`${base}/${ids.plantation}`)).statusCode, 404);
      const after = await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&set=community:${communityId}`);
      assert.deepEqual(identifiers(after).sort(), [ids.medal, ids.withdrawn].sort());
      const leftSets = setSpecs(await getRecord(ids.plantation), ids.plantation);
      assert.ok(leftSets.includes('kind:heritage'), 'the header was found');
      assert.ok(!leftSets.some((s) => s.startsWith('community')), 'a resource taken out is in no community set');
      assert.equal((await bram.post(base, { resourceId: ids.plantation, note: 'Toch terug.' })).statusCode, 201);
    });

    it('holds discussions among members: Markdown made safe, edits by the author, removal by the author or a moderator', async () => {
      const anna = await as('anna@school.test');
      const bram = await as('bram@school.test');
      const cees = await as('cees@school.test');
      const base = '/api/v1/communities/geschiedenis-in-de-onderbouw/threads';
      assert.equal((await cees.get(base)).statusCode, 403);
      assert.equal((await cees.post(base, { title: 'Hallo', body: 'Mag ik meedoen?' })).statusCode, 403);
      assert.equal((await bram.post(base, { title: 'x', body: 'Te korte titel' })).statusCode, 400);
      assert.equal(
        (await bram.post(base, { title: 'Over niets', body: 'Tekst', resourceId: 'bestaat-niet' })).statusCode,
        404,
      );
      const started = await bram.post(base, {
        title: 'Keti Koti in de klas',
        body: 'Hoe pakken jullie **1 juli** aan? <script>alert(1)</script> [bron](javascript:alert(1)) ![plaatje](https://example.org/p.png)',
        resourceId: ids.plantation,
      });
      assert.equal(started.statusCode, 201, started.body);
      const { thread, posts } = started.json();
      assert.equal(thread.resource.id, ids.plantation);
      assert.equal(thread.posts, 1);
      assert.match(posts[0].html, /<strong>1 juli<\/strong>/);
      assert.doesNotMatch(posts[0].html, /<script|href="javascript:|<img/);
      const reply = await anna.post(`${base}/${thread.id}/posts`, {
        body: 'Wij lezen eerst het verhaal van *George*.',
      });
      assert.equal(reply.statusCode, 201, reply.body);
      assert.equal((await anna.post(`${base}/${thread.id}/posts`, { body: '' })).statusCode, 400);
      assert.equal(
        (await bram.patch(`${base}/${thread.id}/posts/${reply.json().id}`, { body: 'Overschreven' })).statusCode,
        403,
        'only the author edits',
      );
      const edited = await anna.patch(`${base}/${thread.id}/posts/${reply.json().id}`, {
        body: 'Wij lezen eerst het verhaal van **George**.',
      });
      assert.equal(edited.statusCode, 200);
      assert.ok(edited.json().editedAt);
      assert.equal(
        (await bram.delete(`${base}/${thread.id}/posts/${reply.json().id}`)).statusCode,
        403,
        "a member does not remove another's post",
      );
      assert.equal(
        (await anna.delete(`${base}/${thread.id}/posts/${posts[0].id}`)).statusCode,
        204,
        "the moderator removes Bram's post",
      );
      const read = (await bram.get(`${base}/${thread.id}`)).json();
      assert.deepEqual(
        read.posts.map((p: { removed: boolean; body: string | null; author: { name: string } }) => [
          p.author.name,
          p.removed,
          p.body,
        ]),
        [
          ['Bram Jansen', true, null],
          ['Anna de Vries', false, 'Wij lezen eerst het verhaal van **George**.'],
        ],
      );
      assert.equal(read.thread.posts, 1);
      assert.equal(read.posts[1].mayEdit, false);
      const list = (await bram.get(base)).json().items;
      assert.deepEqual(
        list.map((t: { title: string }) => t.title),
        ['Keti Koti in de klas'],
      );
      assert.equal(list[0].posts, 1);
      assert.deepEqual((await bram.get(`${base}?resource=${ids.photo}`)).json().items, []);
      // In pages, most recently active first.
      for (const title of ['Excursie naar het museum', 'Toetsvragen bij bronnen'])
        assert.equal((await bram.post(base, { title, body: 'Ideeën?' })).statusCode, 201);
      await anna.post(`${base}/${thread.id}/posts`, { body: 'Nog een tip: begin met de penning.' });
      const page1 = (await bram.get(`${base}?limit=2`)).json();
      assert.deepEqual(
        page1.items.map((t: { title: string }) => t.title),
        ['Keti Koti in de klas', 'Toetsvragen bij bronnen'],
      );
      const page2 = (await bram.get(`${base}?limit=2&cursor=${page1.nextCursor}`)).json();
      assert.deepEqual(
        page2.items.map((t: { title: string }) => t.title),
        ['Excursie naar het museum'],
      );
      assert.equal(page2.nextCursor, null);
      assert.equal((await bram.get(`${base}?limit=0`)).statusCode, 400);
      // A discussion holds 1,000 posts, removed ones counted (they keep their place).
      const full = page2.items[0].id as string;
      const filler = Array.from({ length: 999 }, (_, i) => ({
        id: `filler-${String(i).padStart(4, '0')}`,
        thread_id: full,
        author_id: ids.bram,
        body: 'Eens.',
        created_at: '2026-01-01T00:00:00.000Z',
        edited_at: null,
        removed_at: null,
        removed_by: null,
      }));
      for (let i = 0; i < filler.length; i += 250)
        await ctx.store.db
          .insertInto('community_post')
          .values(filler.slice(i, i + 250))
          .execute();
      const refused = await anna.post(`${base}/${full}/posts`, { body: 'Nog eentje.' });
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().code, 'LG_THREAD_FULL');
      assert.equal(
        (await bram.get(`/api/v1/communities/erfgoedonderwijs-twente/threads/${thread.id}`)).statusCode,
        403,
      );
      assert.equal(
        (await anna.get(`/api/v1/communities/erfgoedonderwijs-twente/threads/${thread.id}`)).statusCode,
        404,
        'a thread belongs to its community',
      );
      assert.equal((await app.inject('/api/v1/communities/geschiedenis-in-de-onderbouw')).json().counts.threads, 3);
    });

    it('lets a moderator hand over: promote a member, then leave; members leave on their own', async () => {
      const anna = await as('anna@school.test');
      const bram = await as('bram@school.test');
      assert.equal(
        (await anna.put(`/api/v1/communities/geschiedenis-in-de-onderbouw/members/${ids.bram}`, { role: 'moderator' }))
          .statusCode,
        204,
      );
      assert.equal(
        (await anna.put(`/api/v1/communities/geschiedenis-in-de-onderbouw/members/${ids.cees}`, { role: 'moderator' }))
          .statusCode,
        404,
        'not a member',
      );
      assert.equal(
        (await anna.delete(`/api/v1/communities/geschiedenis-in-de-onderbouw/members/${ids.anna}`)).statusCode,
        204,
      );
      assert.equal((await bram.get('/api/v1/communities/geschiedenis-in-de-onderbouw')).json().myRole, 'moderator');
      assert.equal((await anna.get('/api/v1/communities/geschiedenis-in-de-onderbouw')).json().myRole, null);
      assert.equal(
        (await anna.get('/api/v1/communities/geschiedenis-in-de-onderbouw/threads')).statusCode,
        403,
        'after leaving, discussions are closed to her',
      );
      assert.equal(
        (await bram.delete(`/api/v1/communities/geschiedenis-in-de-onderbouw/members/${ids.bram}`)).statusCode,
        204,
        'the last member may leave',
      );
    });
  });
}
