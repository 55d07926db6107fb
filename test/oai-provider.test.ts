import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import type { App } from '../src/kernel/http.ts';
import { buildServer } from '../src/app/server.ts';
import { mapNlLom } from '../src/harvest/mappers/nl-lom.ts';
import { parseXml } from '../src/harvest/xml/tree.ts';
import { OaiProvider } from '../src/publish/oai/provider.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';
import { xmllint, xsdDir } from './support/xml.ts';
import { normaliseRights } from '../src/vocab/licences.ts';

const normalised = (value: string | null) => normaliseRights(value).uri;

const demo = (path: string) => join(projectRoot, 'data', 'demo', path);
const DRIVER = join(xsdDir, 'validation', 'drivers', 'leergoed-oai.xsd');
const out = mkdtempSync(join(tmpdir(), 'leergoed-oai-'));
let counter = 0;

/** Validates a response against OAI-PMH.xsd with its payload schemas (xmllint, offline). */
function valid(xml: string): void {
  const file = join(out, `response-${++counter}.xml`);
  writeFileSync(file, xml);
  const result = xmllint(file, DRIVER);
  assert.ok(result.ok, `${result.output}\n${xml.slice(0, 1500)}`);
}

const errorCode = (xml: string) => /<error code="(\w+)">/.exec(xml)?.[1] ?? null;
const tokenOf = (xml: string) => /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(xml)?.[1] ?? null;
const identifiers = (xml: string) => [...xml.matchAll(/<identifier>([^<]+)<\/identifier>/g)].map((m) => m[1]!);

after(() => rmSync(out, { recursive: true, force: true }));

for (const kind of STORE_KINDS) {
  describe(`OAI-PMH provider on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let published = 0;
    let withdrawnId = '';
    let small: OaiProvider;

    const get = async (query: string) => {
      const response = await app.inject(`/oai?${query}`);
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/xml; charset=utf-8/);
      valid(response.body);
      return response.body;
    };
    const text = async (args: Record<string, unknown>) => {
      let s = '';
      for await (const part of small.respond(args)) s += part;
      valid(s);
      return s;
    };

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      await ctx.imports.importPath(demo('iiif'), {
        sourceName: 'IIIF Cookbook',
        organisation: { name: 'IIIF Consortium', kind: 'heritage' },
      });
      await ctx.imports.importPath(demo('oai'), {
        sourceName: 'Edurep',
        organisation: { name: 'Edurep', kind: 'publisher' },
      });
      await ctx.imports.importPath(demo('edm'), {
        sourceName: 'Europeana',
        organisation: { name: 'Europeana', kind: 'heritage' },
      });
      await ctx.imports.importPath(demo('lido'), {
        sourceName: 'LIDO',
        organisation: { name: 'KMSKA', kind: 'heritage' },
      });
      const row = await ctx.store.db
        .selectFrom('resource')
        .select('id')
        .where('title', 'like', 'Playbill%')
        .executeTakeFirstOrThrow();
      withdrawnId = row.id;
      await ctx.catalogue.withdraw(
        { userId: 'system', role: 'admin', organisationIds: [] },
        withdrawnId,
        'Teruggetrokken door de bron',
      );
      published = Number(
        (
          await ctx.store.db
            .selectFrom('resource')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('status', 'in', ['published', 'withdrawn'])
            .executeTakeFirstOrThrow()
        ).n,
      );
      small = new OaiProvider(ctx.store.db, ctx.catalogue, {
        publicUrl: 'http://leergoed.test',
        repositoryName: 'Leergoed',
        namespace: 'leergoed.test',
        adminEmail: 'beheer@leergoed.test',
        pageSize: { ListRecords: 7, ListIdentifiers: 9 },
      });
      app = await buildServer(ctx, { logger: false });
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('identifies itself: persistent deletions, seconds granularity, its identifier scheme', async () => {
      const xml = await get('verb=Identify');
      assert.match(xml, /<baseURL>http:\/\/leergoed\.test\/oai<\/baseURL>/);
      assert.match(xml, /<deletedRecord>persistent<\/deletedRecord>/);
      assert.match(xml, /<granularity>YYYY-MM-DDThh:mm:ssZ<\/granularity>/);
      assert.match(xml, /<earliestDatestamp>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z<\/earliestDatestamp>/);
      assert.match(xml, /<repositoryIdentifier>leergoed\.test<\/repositoryIdentifier>/);
      assert.equal(
        (
          await app.inject({
            method: 'POST',
            url: '/oai',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: 'verb=Identify',
          })
        ).body.replace(/<responseDate>[^<]+/, ''),
        xml.replace(/<responseDate>[^<]+/, ''),
        'POST answers as GET',
      );
    });

    it('lists formats and sets', async () => {
      assert.match(await get('verb=ListMetadataFormats'), /<metadataPrefix>oai_dc<\/metadataPrefix>/);
      const sets = await get('verb=ListSets');
      for (const spec of ['kind', 'kind:material', 'kind:heritage', 'kind:lesson', 'institution'])
        assert.match(sets, new RegExp(`<setSpec>${spec}</setSpec>`));
      assert.match(sets, /<setSpec>institution:[\w-]+<\/setSpec><setName>KMSKA<\/setName>/);
      const collection = /<setSpec>(collection:[\w-]+)<\/setSpec><setName>KMSKA: LIDO<\/setName>/.exec(sets)?.[1];
      assert.ok(collection, 'a collection set per source, named with its institution');
      const lido = await ctx.store.db
        .selectFrom('resource')
        .select('id')
        .where('status', '=', 'published')
        .where('source_id', '=', collection.slice('collection:'.length))
        .execute();
      const listed: string[] = [];
      let xml = await text({ verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', set: collection });
      for (;;) {
        listed.push(...identifiers(xml));
        const token = tokenOf(xml);
        if (!token) break;
        xml = await text({ verb: 'ListIdentifiers', resumptionToken: token });
      }
      assert.deepEqual(
        listed.sort(),
        lido.map((r) => `oai:leergoed.test:${r.id}`).sort(),
        'the collection set holds the records of that source',
      );
      assert.match(xml, new RegExp(`<setSpec>${collection}</setSpec>`));
      assert.equal(
        errorCode(await get('verb=ListIdentifiers&metadataPrefix=oai_dc&set=collection:no-such-source')),
        'noRecordsMatch',
      );
      assert.equal(
        errorCode(await get('verb=ListIdentifiers&metadataPrefix=oai_dc&set=community')),
        'noRecordsMatch',
        'no community has a collection yet',
      );
      assert.equal(errorCode(await get('verb=ListIdentifiers&metadataPrefix=oai_dc&set=club')), 'badArgument');
      assert.equal(
        errorCode(await get('verb=ListMetadataFormats&identifier=oai:leergoed.test:nope')),
        'idDoesNotExist',
      );
      assert.equal(errorCode(await get('verb=ListSets&resumptionToken=abc')), 'badResumptionToken');
    });

    it('harvests everything in pages with stateless, idempotent resumption tokens', async () => {
      let xml = await text({ verb: 'ListIdentifiers', metadataPrefix: 'oai_dc' });
      const seen = identifiers(xml);
      assert.match(xml, new RegExp(`completeListSize="${published}" cursor="0"`));
      let pages = 1;
      for (let token = tokenOf(xml); token; token = tokenOf(xml)) {
        const again = await text({ verb: 'ListIdentifiers', resumptionToken: token });
        xml = await text({ verb: 'ListIdentifiers', resumptionToken: token });
        assert.equal(
          xml.replace(/<responseDate>[^<]+|expirationDate="[^"]+"/g, ''),
          again.replace(/<responseDate>[^<]+|expirationDate="[^"]+"/g, ''),
          'the same token gives the same page',
        );
        assert.match(xml, new RegExp(`cursor="${seen.length}"`));
        seen.push(...identifiers(xml));
        pages++;
      }
      assert.equal(seen.length, published);
      assert.equal(new Set(seen).size, published, 'no record twice');
      assert.equal(pages, Math.ceil(published / 9));
      assert.match(
        xml,
        /<resumptionToken completeListSize="\d+" cursor="\d+"\/>/,
        'the last page closes the list with an empty token',
      );
      assert.match(xml, /expirationDate|<resumptionToken completeListSize/);
    });

    it('writes records in oai_dc, withdrawn ones as deleted headers, selected by set and time', async () => {
      let records = '';
      let xml = await text({ verb: 'ListRecords', metadataPrefix: 'oai_dc', set: 'kind:heritage' });
      records += xml;
      for (let token = tokenOf(xml); token; token = tokenOf(xml)) {
        xml = await text({ verb: 'ListRecords', resumptionToken: token });
        records += xml;
      }
      assert.doesNotMatch(records, /<setSpec>kind:material<\/setSpec>/);
      assert.match(
        records,
        new RegExp(`<header status="deleted"><identifier>oai:leergoed\\.test:${withdrawnId}</identifier>`),
      );
      assert.match(records, /<dc:title>Picture of Göttingen taken during the 2019 IIIF Conference<\/dc:title>/);
      assert.match(records, /<dc:rights>http:\/\/creativecommons\.org\/licenses\/by-sa\/3\.0\/<\/dc:rights>/);
      const deleted = await get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:leergoed.test:${withdrawnId}`);
      assert.match(deleted, /<header status="deleted">/);
      assert.doesNotMatch(deleted, /<metadata>/);

      const future = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      assert.equal(errorCode(await get(`verb=ListRecords&metadataPrefix=oai_dc&from=${future}`)), 'noRecordsMatch');
      const today = new Date().toISOString().slice(0, 10);
      assert.doesNotMatch(
        await get(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${today}&until=${today}`),
        /<error/,
      );
      const stamp = /<datestamp>([^<]+)<\/datestamp>/.exec(deleted)![1]!;
      const exact = await get(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${stamp}&until=${stamp}`);
      assert.ok(
        identifiers(exact).includes(`oai:leergoed.test:${withdrawnId}`),
        'from and until are inclusive, to the second',
      );
    });

    it('answers every error the protocol names, each a valid response', async () => {
      const cases: [string, string][] = [
        ['', 'badVerb'],
        ['verb=Dance', 'badVerb'],
        ['verb=Identify&verb=Identify', 'badVerb'],
        ['verb=Identify&extra=1', 'badArgument'],
        ['verb=ListRecords', 'badArgument'],
        ['verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc', 'badArgument'],
        ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-13', 'badArgument'],
        ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-01-02T00:00:00Z', 'badArgument'],
        ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-01&until=2024-01-01', 'badArgument'],
        ['verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x', 'badArgument'],
        ['verb=ListRecords&metadataPrefix=oai_dc&set=nonsense', 'badArgument'],
        ['verb=ListRecords&resumptionToken=bm9uc2Vuc2U', 'badResumptionToken'],
        ['verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat'],
        [`verb=GetRecord&metadataPrefix=marc21&identifier=oai:leergoed.test:${withdrawnId}`, 'cannotDisseminateFormat'],
        ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere.org:1', 'idDoesNotExist'],
        ['verb=GetRecord&metadataPrefix=oai_dc', 'badArgument'],
      ];
      for (const [query, code] of cases) {
        const xml = await get(query);
        assert.equal(errorCode(xml), code, `${query} → ${code}`);
        if (code === 'badVerb' || code === 'badArgument')
          assert.match(xml, /<request>http:\/\/leergoed\.test\/oai<\/request>/, 'no arguments echoed');
      }
      // A token of one verb is not a token of another.
      const token = tokenOf(await text({ verb: 'ListIdentifiers', metadataPrefix: 'oai_dc' }))!;
      assert.equal(errorCode(await text({ verb: 'ListRecords', resumptionToken: token })), 'badResumptionToken');
    });

    it('writes NL-LOM records that validate against IMS MD 1.2 and that an NL-LOM harvester reads back unchanged', async () => {
      let records = '';
      let xml = await text({ verb: 'ListRecords', metadataPrefix: 'nl_lom' });
      records += xml;
      for (let token = tokenOf(xml); token; token = tokenOf(xml)) {
        xml = await text({ verb: 'ListRecords', resumptionToken: token });
        records += xml;
      }
      const loms = [...records.matchAll(/<metadata>(<lom [\s\S]*?<\/lom>)<\/metadata>/g)].map((m) => m[1]!);
      assert.equal(loms.length, published - 1, 'every record but the deleted one');
      // Read back with the same NL-LOM mapper that harvests Edurep: the facts survive the trip.
      const views = await ctx.catalogue.getMany(
        (await ctx.store.db.selectFrom('resource').select('id').where('status', '=', 'published').execute()).map(
          (r) => r.id,
        ),
        null,
      );
      let compared = 0;
      for (const lom of loms) {
        const mapped = mapNlLom(await parseXml(lom), { vocab: ctx.vocab });
        assert.equal(mapped.status, 'ok');
        if (mapped.status !== 'ok') continue;
        const id = mapped.originalId.split('/').pop()!;
        const view = views.get(id)!;
        assert.equal(mapped.input.title, view.title);
        assert.equal(mapped.input.description ?? null, view.description);
        assert.deepEqual(
          [...(mapped.input.levels ?? [])].sort(),
          view.levels.map((l) => l.id).sort(),
          `${view.title}: levels`,
        );
        assert.deepEqual(
          [...(mapped.input.subjects ?? [])].sort(),
          view.subjects.map((l) => l.id).sort(),
          `${view.title}: subjects`,
        );
        assert.deepEqual(
          [...(mapped.input.objectives ?? [])].sort(),
          view.objectives.map((l) => l.id).sort(),
          `${view.title}: objectives`,
        );
        assert.deepEqual(mapped.input.keywords ?? [], view.keywords);
        if (view.licence.status === 'ok')
          assert.equal(normalised(mapped.input.rights ?? null), view.licence.uri, `${view.title}: licence`);
        assert.deepEqual(
          mapped.input.creators?.map((c) => c.name),
          view.creators.map((c) => c.name),
        );
        compared++;
      }
      assert.equal(compared, published - 1);
      assert.match(
        records,
        /<langstring xml:lang="x-none">cc-by-40<\/langstring>/,
        'NL-LOM licence values where they exist',
      );
    });

    it('writes EDM for heritage objects whose rights are known, and only for them', async () => {
      const xml = await get('verb=ListRecords&metadataPrefix=edm');
      const chos = [...xml.matchAll(/<edm:ProvidedCHO rdf:about="([^"]+)#cho">/g)].map((m) => m[1]!);
      const licensed = await ctx.store.db
        .selectFrom('resource')
        .select('id')
        .where('kind', '=', 'heritage')
        .where('status', '=', 'published')
        .where('licence_uri', 'is not', null)
        .execute();
      assert.equal(chos.length, licensed.length);
      assert.ok(chos.length >= 2);
      assert.match(xml, /<dc:title>Beurs van beschilderd creme-wit fluweel, met gouden beugel<\/dc:title>/);
      assert.match(xml, /<edm:rights rdf:resource="http:\/\/creativecommons\.org\/publicdomain\/mark\/1\.0\/"\/>/);
      assert.match(
        xml,
        new RegExp(`<header status="deleted"><identifier>oai:leergoed\\.test:${withdrawnId}</identifier>`),
        'a deleted heritage object stays in the EDM list',
      );
      const unlicensed = await ctx.store.db
        .selectFrom('resource')
        .select('id')
        .where('kind', '=', 'heritage')
        .where('status', '=', 'published')
        .where('licence_uri', 'is', null)
        .executeTakeFirstOrThrow();
      assert.equal(
        errorCode(await get(`verb=GetRecord&metadataPrefix=edm&identifier=oai:leergoed.test:${unlicensed.id}`)),
        'cannotDisseminateFormat',
      );
      assert.doesNotMatch(
        await get(`verb=ListMetadataFormats&identifier=oai:leergoed.test:${unlicensed.id}`),
        /<metadataPrefix>edm</,
      );
      assert.match(
        await get(`verb=ListMetadataFormats&identifier=oai:leergoed.test:${licensed[0]!.id}`),
        /<metadataPrefix>edm</,
      );
      const material = await ctx.store.db
        .selectFrom('resource')
        .select('id')
        .where('kind', '=', 'material')
        .where('status', '=', 'published')
        .executeTakeFirstOrThrow();
      assert.equal(
        errorCode(await get(`verb=GetRecord&metadataPrefix=edm&identifier=oai:leergoed.test:${material.id}`)),
        'cannotDisseminateFormat',
      );
    });
  });
}
