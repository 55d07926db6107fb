import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unzipSync, strFromU8 } from 'fflate';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import type { App } from '../src/kernel/http.ts';
import { buildServer } from '../src/app/server.ts';
import type { LessonDocument } from '../src/lessons/model.ts';
import { iiifServer } from './support/iiif-server.ts';
import { xmllint, xsdDir as xsd } from './support/xml.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const demo = (path: string) => join(projectRoot, 'data', 'demo', path);
const GROEP_7 = 'a4813bb6-cf63-4594-af56-6afb321723d8';
const GROEP_8 = '95138558-9f65-4888-8ea3-8acce5eea273';
const BY_SA = 'http://creativecommons.org/licenses/by-sa/4.0/';
const password = 'correct horse battery staple';

for (const kind of STORE_KINDS) {
  describe(`lesson exports on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let iiif: Awaited<ReturnType<typeof iiifServer>>;
    let lessonId = '';
    let headers: Record<string, string> = {};
    const ids = { photo: '', history: '' };

    before(async () => {
      iiif = await iiifServer();
      ({ ctx, cleanup } = await testContext(kind));
      await ctx.imports.importPath(iiif.manifestFile, {
        sourceName: 'IIIF Cookbook',
        organisation: { name: 'IIIF Consortium', kind: 'heritage' },
      });
      await ctx.imports.importPath(demo('oai'), {
        sourceName: 'Edurep',
        organisation: { name: 'Edurep', kind: 'publisher' },
      });
      const find = async (title: string) =>
        (
          await ctx.store.db
            .selectFrom('resource')
            .select('id')
            .where('title', 'like', `${title}%`)
            .executeTakeFirstOrThrow()
        ).id;
      ids.photo = await find('Picture of Göttingen');
      ids.history = await find('01. How can we summarize');
      await ctx.accounts.createUser({ email: 'anna@school.test', name: 'Anna de Vries', password, role: 'teacher' });
      app = await buildServer(ctx, { logger: false });
      const session = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: 'anna@school.test', password },
      });
      headers = {
        cookie: `lg_session=${session.cookies.find((c) => c.name === 'lg_session')!.value}`,
        'x-csrf-token': session.json().csrfToken,
      };

      const canvas = `${iiif.base}/recipe/0008-rights/canvas/p1`;
      const manifest = `${iiif.base}/recipe/0008-rights/manifest.json`;
      const document: LessonDocument = {
        title: 'Kijken naar een plein',
        summary: 'Wat vertelt een foto over een stad?',
        language: 'nl',
        levels: [GROEP_7, GROEP_8],
        subjects: [],
        objectives: [],
        durationMinutes: 45,
        licence: BY_SA,
        sections: [
          {
            id: 'kijken',
            title: 'Kijken',
            variants: [
              {
                id: 'kijken-alle',
                audience: { levels: [GROEP_7], need: null },
                items: [
                  {
                    type: 'detail',
                    id: 'detail-1',
                    resourceId: ids.photo,
                    manifest,
                    canvas,
                    region: { x: 1000, y: 500, w: 2000, h: 1500 },
                    caption: 'De fontein',
                    annotations: [
                      { kind: 'point', x: 2000, y: 1250, text: 'Het beeld op de fontein' },
                      { kind: 'rect', x: 1200, y: 600, w: 400, h: 300, text: 'Een raam' },
                    ],
                    use: 'embed',
                  },
                  { type: 'text', id: 'tekst-1', markdown: 'Kijk **goed** naar <script>alert(1)</script> de foto.' },
                ],
              },
              {
                id: 'kijken-g8',
                audience: { levels: [GROEP_8], need: null },
                items: [
                  {
                    type: 'task',
                    id: 'taak-1',
                    task: {
                      kind: 'choice',
                      question: 'Wat zie je in het midden?',
                      options: [
                        { text: 'Een fontein', correct: true, feedback: 'Goed gezien!' },
                        { text: 'Een boom', correct: false, feedback: 'Kijk nog eens.' },
                      ],
                    },
                  },
                  {
                    type: 'task',
                    id: 'taak-2',
                    task: { kind: 'open', question: 'Waarom staat daar een beeld?', answer: 'Om iemand te eren.' },
                  },
                ],
              },
            ],
          },
          {
            id: 'verder',
            title: 'Verder lezen',
            variants: [
              {
                id: 'verder-alle',
                audience: { levels: [], need: null },
                items: [
                  { type: 'resource', id: 'bron-1', resourceId: ids.photo, note: 'De hele foto.', use: 'embed' },
                  {
                    type: 'resource',
                    id: 'bron-2',
                    resourceId: ids.history,
                    note: 'Een les over geschiedenis.',
                    use: 'link',
                  },
                  {
                    type: 'detail',
                    id: 'detail-2',
                    resourceId: ids.photo,
                    manifest,
                    canvas: `${iiif.base}/recipe/0008-rights/canvas/p9`,
                    region: null,
                    caption: 'Een doek dat er niet is',
                    annotations: [],
                    use: 'embed',
                  },
                  {
                    type: 'closed',
                    id: 'methode-1',
                    title: 'Brandaan groep 8',
                    url: 'https://www.example-uitgever.nl/brandaan/8/3',
                    publisher: 'Malmberg',
                    method: 'Brandaan',
                    chapter: 'Hoofdstuk 3',
                    note: 'Lees blz. 12.',
                  },
                ],
              },
            ],
          },
        ],
      };
      const created = await app.inject({ method: 'POST', url: '/api/v1/lessons', headers, payload: { document } });
      assert.equal(created.statusCode, 201, created.body);
      lessonId = created.json().id;
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
      iiif?.server.close();
      rmSync(iiif.dir, { recursive: true, force: true });
    });

    const exportOf = (query: string, withHeaders = true) =>
      app.inject({
        method: 'GET',
        url: `/api/v1/lessons/${lessonId}/export?${query}`,
        ...(withHeaders ? { headers } : {}),
      });

    it('exports nothing before the first publish, and checks the format', async () => {
      const early = await exportOf('format=imscc');
      assert.equal(early.statusCode, 409, early.body);
      assert.equal(early.json().code, 'LG_LESSON_NOT_PUBLISHED');
      assert.equal((await exportOf('format=imscc', false)).statusCode, 404, 'a draft does not exist for others');
      const published = await app.inject({
        method: 'POST',
        url: `/api/v1/lessons/${lessonId}/publish`,
        headers,
        payload: { changeNote: 'Eerste versie', revision: 1 },
      });
      assert.equal(published.statusCode, 200, published.body);
      assert.equal((await exportOf('format=scorm')).statusCode, 400);
      assert.equal((await exportOf('format=web&behoefte=alles')).statusCode, 400);
    });

    it('exports an IMS Common Cartridge 1.3 whose manifest and web links validate against the CC 1.3 schemas', async () => {
      const response = await exportOf('format=imscc', false);
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['content-type'], 'application/vnd.ims.imsccv1p3');
      assert.match(
        String(response.headers['content-disposition']),
        /attachment; filename="kijken-naar-een-plein\.imscc"/,
      );
      const files = unzipSync(new Uint8Array(response.rawPayload));
      const names = Object.keys(files).sort();
      assert.deepEqual(names, [
        'imsmanifest.xml',
        'lesson/01-kijken.html',
        'lesson/02-verder-lezen.html',
        'lesson/images/bron-1.png',
        'lesson/images/detail-1.png',
        'lesson/naamsvermelding.html',
        'links/link-1.xml',
        'links/link-2.xml',
      ]);
      const out = mkdtempSync(join(tmpdir(), 'leergoed-cc-'));
      try {
        for (const [name, bytes] of Object.entries(files)) {
          mkdirSync(dirname(join(out, name)), { recursive: true });
          writeFileSync(join(out, name), bytes);
        }
        const manifest = xmllint(join(out, 'imsmanifest.xml'), join(xsd, 'imscc-1.3', 'ccv1p3_imscp_v1p2_v1p0.xsd'));
        assert.ok(manifest.ok, manifest.output);
        for (const link of ['links/link-1.xml', 'links/link-2.xml']) {
          const result = xmllint(join(out, link), join(xsd, 'imscc-1.3', 'ccv1p3_imswl_v1p3.xsd'));
          assert.ok(result.ok, result.output);
        }
        // The check can fail: a manifest without its required schema version does not validate.
        writeFileSync(
          join(out, 'broken.xml'),
          strFromU8(files['imsmanifest.xml']!).replace(
            '<schemaversion>1.3.0</schemaversion>',
            '<schemaversion>1.3.0</schemaversion><unknown/>',
          ),
        );
        assert.equal(xmllint(join(out, 'broken.xml'), join(xsd, 'imscc-1.3', 'ccv1p3_imscp_v1p2_v1p0.xsd')).ok, false);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
      const manifest = strFromU8(files['imsmanifest.xml']!);
      // Every file the manifest names is in the package, and every page is a resource of an item.
      for (const href of manifest.matchAll(/<file href="([^"]+)"/g))
        assert.ok(files[href[1]!], `${href[1]} is in the package`);
      assert.match(manifest, /<lomimscc:string language="nl">Kijken naar een plein<\/lomimscc:string>/);
      assert.match(manifest, /CC BY-SA 4\.0 http:\/\/creativecommons\.org\/licenses\/by-sa\/4\.0\//);
      assert.match(
        strFromU8(files['links/link-2.xml']!),
        /<url href="https:\/\/www\.example-uitgever\.nl\/brandaan\/8\/3"/,
      );
      assert.match(strFromU8(files['links/link-1.xml']!), new RegExp(`http://leergoed\\.test/les/${lessonId}`));

      const first = strFromU8(files['lesson/01-kijken.html']!);
      assert.match(first, /<h1>Kijken naar een plein<\/h1>/);
      assert.match(first, /Versie voor groep 7/);
      assert.match(first, /Versie voor groep 8/);
      assert.match(first, /<img src="images\/detail-1\.png" alt="De fontein">/);
      assert.match(first, /class="pin" title="Het beeld op de fontein" style="left:50\.00%;top:50\.00%"/);
      assert.match(first, /class="box" title="Een raam" style="left:10\.00%;top:6\.67%;width:20\.00%;height:20\.00%"/);
      assert.match(first, /<details><summary>Bekijk de antwoorden<\/summary>/);
      assert.doesNotMatch(first, /<script/, "no script in a page, not even the teacher's");
      assert.match(first, /Kijk <strong>goed<\/strong>/);
      // The detail was cut by the image service at the canvas region.
      assert.ok(iiif.regions.includes('1000,500,2000,1500'), iiif.regions.join(' '));

      const second = strFromU8(files['lesson/02-verder-lezen.html']!);
      assert.match(second, /<span class="badge">Gesloten materiaal<\/span>/);
      assert.doesNotMatch(second, /images\/bron-2/, 'a linked item is not copied');
      assert.match(second, /How can we summarize/);
      const attribution = strFromU8(files['lesson/naamsvermelding.html']!);
      assert.match(attribution, /Picture of Göttingen/);
      assert.match(attribution, /Brandaan groep 8.*Gesloten materiaal: alleen gelinkt/);
      assert.match(
        attribution,
        /Picture of Göttingen[^<]*: het doek http:\/\/127\.0\.0\.1:\d+\/recipe\/0008-rights\/canvas\/p9 heeft geen afbeelding/,
        'the image that could not be included is named',
      );
    });

    it('exports an offline web package: one page, its images inside, nothing fetched from elsewhere', async () => {
      const response = await exportOf('format=web', false);
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['content-type'], 'application/zip');
      const files = unzipSync(new Uint8Array(response.rawPayload));
      assert.deepEqual(Object.keys(files).sort(), [
        'kijken-naar-een-plein/afbeeldingen/bron-1.png',
        'kijken-naar-een-plein/afbeeldingen/detail-1.png',
        'kijken-naar-een-plein/index.html',
      ]);
      const index = strFromU8(files['kijken-naar-een-plein/index.html']!);
      assert.match(index, /^<!doctype html>/);
      assert.match(index, /<html lang="nl">/);
      // Only links leave the package: no src, no stylesheet from elsewhere.
      for (const src of index.matchAll(/\ssrc="([^"]+)"/g))
        assert.ok(files[`kijken-naar-een-plein/${src[1]}`], `${src[1]} is in the package`);
      assert.doesNotMatch(index, /<link rel="stylesheet"|<script/);
      assert.match(index, /Naamsvermelding/);
      assert.match(index, /Niet opgenomen \(gelinkt\)/);
      assert.ok(files['kijken-naar-een-plein/afbeeldingen/detail-1.png']![0] === 0x89, 'a real PNG');

      const g8 = unzipSync(new Uint8Array((await exportOf(`format=web&niveau=${GROEP_8}`, false)).rawPayload));
      const only = strFromU8(g8['kijken-naar-een-plein/index.html']!);
      assert.match(only, /Wat zie je in het midden\?/);
      assert.doesNotMatch(only, /Versie voor/, 'one variant, so no variant headings');
      assert.doesNotMatch(only, /De fontein/, 'group 8 gets its own variant only');
    });
  });
}
