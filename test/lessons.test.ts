import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import type { App } from '../src/kernel/http.ts';
import { buildServer } from '../src/app/server.ts';
import type { LessonDocument } from '../src/lessons/model.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const demo = (path: string) => join(projectRoot, 'data', 'demo', path);
const GROEP_7 = 'a4813bb6-cf63-4594-af56-6afb321723d8';
const GROEP_8 = '95138558-9f65-4888-8ea3-8acce5eea273';
const KERNDOEL_PO_01 = '8cd7169b-ec2b-4b1a-bc35-e2d2ac49e902';
const BY = 'http://creativecommons.org/licenses/by/4.0/';
const BY_SA = 'http://creativecommons.org/licenses/by-sa/4.0/';
const password = 'correct horse battery staple';

for (const kind of STORE_KINDS) {
  describe(`lessons API on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    const ids: Record<'photo' | 'purse' | 'history' | 'ncnd', string> = { photo: '', purse: '', history: '', ncnd: '' };

    before(async () => {
      const test = await testContext(kind);
      ({ ctx, cleanup } = test);
      await ctx.imports.importPath(demo('iiif'), {
        sourceName: 'IIIF Cookbook',
        organisation: { name: 'IIIF Consortium', kind: 'heritage' },
      });
      await ctx.imports.importPath(demo('edm'), {
        sourceName: 'Europeana',
        organisation: { name: 'Europeana', kind: 'heritage' },
      });
      await ctx.imports.importPath(demo('oai'), {
        sourceName: 'Edurep',
        organisation: { name: 'Edurep', kind: 'publisher' },
      });
      const find = async (title: string) => {
        const row = await ctx.store.db
          .selectFrom('resource')
          .select('id')
          .where('title', 'like', `${title}%`)
          .executeTakeFirstOrThrow();
        return row.id;
      };
      ids.photo = await find('Picture of Göttingen'); // CC BY-SA 3.0, with an IIIF manifest
      ids.purse = await find('Beurs van beschilderd'); // Public Domain Mark
      ids.history = await find('01. How can we summarize'); // CC BY 4.0
      ids.ncnd = await find('E-module Laryngologie'); // CC BY-NC-ND 4.0
      await ctx.accounts.createUser({ email: 'anna@school.test', name: 'Anna de Vries', password, role: 'teacher' });
      await ctx.accounts.createUser({ email: 'bram@school.test', name: 'Bram Jansen', password, role: 'teacher' });
      await ctx.accounts.createUser({ email: 'curator@leergoed.test', name: 'Curator', password, role: 'curator' });
      app = await buildServer(ctx, { logger: false });
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    async function as(email: string) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
      assert.equal(response.statusCode, 200, response.body);
      const cookie = response.cookies.find((c) => c.name === 'lg_session')!;
      const headers = { cookie: `lg_session=${cookie.value}`, 'x-csrf-token': response.json().csrfToken as string };
      return {
        get: (url: string) => app.inject({ method: 'GET', url, headers }),
        post: (url: string, payload?: object) =>
          app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) }),
        put: (url: string, payload: object) => app.inject({ method: 'PUT', url, headers, payload }),
      };
    }

    /** The lesson of the issue: a detail with an annotation, text, a task, closed material, two level variants. */
    function slaveryLesson(licence: string): LessonDocument {
      return {
        title: 'Kijken naar bronnen',
        summary: 'Wat vertelt een foto, een beurs en een les over vroeger?',
        language: 'nl',
        levels: [GROEP_7, GROEP_8],
        subjects: [],
        objectives: [KERNDOEL_PO_01],
        durationMinutes: 50,
        licence,
        sections: [
          {
            id: 'kijken',
            title: 'Kijken',
            variants: [
              {
                id: 'kijken-alle',
                audience: { levels: [], need: null },
                items: [
                  {
                    type: 'detail',
                    id: 'detail-1',
                    resourceId: ids.photo,
                    manifest: 'https://iiif.io/api/cookbook/recipe/0008-rights/manifest.json',
                    canvas: 'https://iiif.io/api/cookbook/recipe/0008-rights/canvas/p1',
                    region: { x: 100, y: 200, w: 800, h: 600 },
                    caption: 'Het plein',
                    annotations: [{ kind: 'point', x: 300, y: 400, text: 'Kijk hier' }],
                    use: 'embed',
                  },
                  { type: 'text', id: 'tekst-1', markdown: 'Kijk **goed** naar de foto.' },
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
                      question: 'Wat zie je?',
                      options: [
                        { text: 'Een plein', correct: true, feedback: 'Goed!' },
                        { text: 'Een bos', correct: false, feedback: 'Kijk nog eens.' },
                      ],
                    },
                  },
                ],
              },
            ],
          },
          {
            id: 'lezen',
            title: 'Lezen',
            variants: [
              {
                id: 'lezen-alle',
                audience: { levels: [], need: null },
                items: [
                  {
                    type: 'resource',
                    id: 'bron-1',
                    resourceId: ids.purse,
                    note: 'Een beurs uit de 18e eeuw.',
                    use: 'embed',
                  },
                  { type: 'resource', id: 'bron-2', resourceId: ids.history, note: '', use: 'embed' },
                  {
                    type: 'closed',
                    id: 'methode-1',
                    title: 'Brandaan groep 8',
                    url: 'https://www.example-uitgever.nl/brandaan/8/3',
                    publisher: 'Malmberg',
                    method: 'Brandaan',
                    chapter: 'Hoofdstuk 3',
                    note: '',
                  },
                ],
              },
            ],
          },
        ],
      };
    }

    it('keeps lessons to signed-in makers, and drafts private', async () => {
      assert.equal((await app.inject({ method: 'POST', url: '/api/v1/lessons', payload: {} })).statusCode, 401);
      const anna = await as('anna@school.test');
      const created = await anna.post('/api/v1/lessons', {});
      assert.equal(created.statusCode, 201, created.body);
      const lesson = created.json();
      assert.deepEqual(
        [lesson.status, lesson.revision, lesson.version, lesson.canEdit, lesson.owner.name],
        ['draft', 1, null, true, 'Anna de Vries'],
      );
      assert.equal(
        (await app.inject(`/api/v1/lessons/${lesson.id}`)).statusCode,
        404,
        "a draft is nobody else's business",
      );
      const bram = await as('bram@school.test');
      assert.equal((await bram.get(`/api/v1/lessons/${lesson.id}`)).statusCode, 404);
      assert.equal(
        (await bram.put(`/api/v1/lessons/${lesson.id}/draft`, { document: slaveryLesson(BY), revision: 1 })).statusCode,
        404,
      );
      assert.equal((await bram.post(`/api/v1/lessons/${lesson.id}/fork`)).statusCode, 404, 'a draft cannot be copied');
    });

    it('checks the licence mix, refuses to publish what may not be, and publishes an immutable version that is a catalogue resource', async () => {
      const anna = await as('anna@school.test');
      const lesson = (await anna.post('/api/v1/lessons', {})).json();
      const saved = await anna.put(`/api/v1/lessons/${lesson.id}/draft`, { document: slaveryLesson(BY), revision: 1 });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.json().revision, 2);
      assert.deepEqual(
        saved.json().resources.map((r: { state: string }) => r.state),
        ['available', 'available', 'available'],
      );

      const check = (await anna.get(`/api/v1/lessons/${lesson.id}/check`)).json();
      assert.deepEqual(check.licence.allowed, [BY_SA], 'the BY-SA photo makes the lesson BY-SA');
      assert.equal(check.licence.chosen.allowed, false);
      assert.deepEqual(
        check.licence.chosen.problems.map((p: { item: string; code: string }) => [p.item, p.code]),
        [['detail-1', 'share-alike']],
      );
      assert.deepEqual(check.licence.chosen.remedies[0], { type: 'choose-licence', licences: [BY_SA] });
      assert.deepEqual(
        check.attribution.map((a: { kind: string }) => a.kind),
        ['resource', 'resource', 'resource', 'closed'],
      );
      assert.match(check.attribution[0].nl, /Picture of Göttingen.*CC BY-SA 3\.0/);
      assert.match(check.attribution[3].nl, /Brandaan groep 8.*Gesloten materiaal: alleen gelinkt/);

      const refused = await anna.post(`/api/v1/lessons/${lesson.id}/publish`, {
        changeNote: 'Eerste versie',
        revision: 2,
      });
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().code, 'LG_LESSON_LICENCE_CONFLICT');
      assert.deepEqual(JSON.parse(refused.json().detail).allowed, [BY_SA]);

      const stale = await anna.put(`/api/v1/lessons/${lesson.id}/draft`, {
        document: slaveryLesson(BY_SA),
        revision: 1,
      });
      assert.equal(stale.statusCode, 409, 'a save from an older revision would overwrite newer work');
      assert.equal(stale.json().code, 'LG_LESSON_CONFLICT');
      assert.equal(
        (await anna.put(`/api/v1/lessons/${lesson.id}/draft`, { document: slaveryLesson(BY_SA), revision: 2 })).json()
          .revision,
        3,
      );
      assert.equal(
        (await anna.post(`/api/v1/lessons/${lesson.id}/publish`, { changeNote: 'Eerste versie', revision: 2 })).json()
          .code,
        'LG_LESSON_CONFLICT',
      );

      const published = await anna.post(`/api/v1/lessons/${lesson.id}/publish`, {
        changeNote: 'Eerste versie',
        revision: 3,
      });
      assert.equal(published.statusCode, 200, published.body);
      assert.deepEqual([published.json().status, published.json().version], ['published', 1]);

      const resource = (await app.inject(`/api/v1/resources/${lesson.id}`)).json();
      assert.deepEqual(
        [resource.kind, resource.title, resource.licence.uri, resource.url],
        ['lesson', 'Kijken naar bronnen', BY_SA, `${ctx.config.publicUrl}/les/${lesson.id}`],
      );
      assert.deepEqual(resource.levels.map((l: { id: string }) => l.id).sort(), [GROEP_7, GROEP_8].sort());
      assert.deepEqual(
        resource.objectives.map((o: { id: string }) => o.id),
        [KERNDOEL_PO_01],
      );
      assert.deepEqual(
        resource.creators.map((c: { name: string }) => c.name),
        ['Anna de Vries'],
      );
      const found = (await app.inject(`/api/v1/resources?q=bronnen&kind=lesson&level=${GROEP_8}`)).json();
      assert.deepEqual(
        found.items.map((i: { id: string }) => i.id),
        [lesson.id],
        'findable with its levels',
      );

      // The public sees the published version; the maker keeps editing the draft.
      const pub = (await app.inject(`/api/v1/lessons/${lesson.id}`)).json();
      assert.deepEqual([pub.canEdit, pub.shows], [false, { draft: false, version: 1 }]);
      const changed = { ...slaveryLesson(BY_SA), title: 'Kijken naar bronnen (herzien)' };
      assert.equal(
        (await anna.put(`/api/v1/lessons/${lesson.id}/draft`, { document: changed, revision: 3 })).statusCode,
        200,
      );
      assert.equal(
        (await app.inject(`/api/v1/lessons/${lesson.id}`)).json().document.title,
        'Kijken naar bronnen',
        'an unpublished change stays private',
      );
      assert.equal(
        (
          await anna.post(`/api/v1/lessons/${lesson.id}/publish`, { changeNote: 'Titel verduidelijkt', revision: 4 })
        ).json().version,
        2,
      );
      assert.equal(
        (await app.inject(`/api/v1/lessons/${lesson.id}?version=1`)).json().document.title,
        'Kijken naar bronnen',
        'version 1 never changes',
      );
      assert.equal(
        (await app.inject(`/api/v1/lessons/${lesson.id}`)).json().document.title,
        'Kijken naar bronnen (herzien)',
      );
      const versions = (await app.inject(`/api/v1/lessons/${lesson.id}/versions`)).json().items;
      assert.deepEqual(
        versions.map((v: { version: number; changeNote: string; publishedBy: string }) => [
          v.version,
          v.changeNote,
          v.publishedBy,
        ]),
        [
          [2, 'Titel verduidelijkt', 'Anna de Vries'],
          [1, 'Eerste versie', 'Anna de Vries'],
        ],
      );
      assert.equal((await app.inject(`/api/v1/resources/${lesson.id}`)).json().title, 'Kijken naar bronnen (herzien)');
      const using = (await app.inject(`/api/v1/resources/${ids.photo}/lessons`)).json().items;
      assert.deepEqual(
        using,
        [{ id: lesson.id, title: 'Kijken naar bronnen (herzien)' }],
        'a resource knows the published lessons that use it',
      );
      assert.deepEqual((await app.inject(`/api/v1/resources/${ids.ncnd}/lessons`)).json().items, []);
      assert.equal((await app.inject(`/api/v1/lessons/${lesson.id}?version=9`)).statusCode, 404);

      // A colleague makes their own copy, which credits the original; the original lists it.
      const bram = await as('bram@school.test');
      assert.equal(
        (await bram.put(`/api/v1/lessons/${lesson.id}/draft`, { document: changed, revision: 4 })).statusCode,
        403,
      );
      const fork = (await bram.post(`/api/v1/lessons/${lesson.id}/fork`)).json();
      assert.deepEqual(
        [fork.status, fork.owner.name, fork.forkedFrom],
        [
          'draft',
          'Bram Jansen',
          { id: lesson.id, version: 2, title: 'Kijken naar bronnen (herzien)', authors: ['Anna de Vries'] },
        ],
      );
      const forkCheck = (await bram.get(`/api/v1/lessons/${fork.id}/check`)).json();
      assert.match(
        forkCheck.attribution.at(-1).nl,
        /^Gebaseerd op “Kijken naar bronnen \(herzien\)” door Anna de Vries, /,
      );
      assert.equal(
        (await bram.post(`/api/v1/lessons/${fork.id}/publish`, { changeNote: 'Voor mijn groep 8', revision: 1 }))
          .statusCode,
        200,
      );
      assert.deepEqual(
        (await app.inject(`/api/v1/resources/${fork.id}`)).json().creators.map((c: { name: string }) => c.name),
        ['Bram Jansen', 'Anna de Vries'],
      );
      const forkDraft = { ...changed, title: 'Mijn eigen versie (nog niet gepubliceerd)' };
      assert.equal(
        (await bram.put(`/api/v1/lessons/${fork.id}/draft`, { document: forkDraft, revision: 1 })).statusCode,
        200,
      );
      assert.deepEqual(
        (await app.inject(`/api/v1/lessons/${lesson.id}/forks`))
          .json()
          .items.map((f: { id: string; owner: string; title: string }) => [f.id, f.owner, f.title]),
        [[fork.id, 'Bram Jansen', 'Kijken naar bronnen (herzien)']],
        "the published title, not the draft's",
      );
      assert.deepEqual(
        (await app.inject(`/api/v1/resources/${ids.photo}/lessons`))
          .json()
          .items.map((l: { title: string }) => l.title),
        ['Kijken naar bronnen (herzien)', 'Kijken naar bronnen (herzien)'],
      );
      assert.equal(
        (
          await anna.put(`/api/v1/lessons/${lesson.id}/draft`, {
            document: { ...changed, title: 'Nog een werktitel' },
            revision: 4,
          })
        ).statusCode,
        200,
      );
      assert.equal(
        (await bram.get(`/api/v1/lessons/${fork.id}`)).json().forkedFrom.title,
        'Kijken naar bronnen (herzien)',
        'a copy names the original as published',
      );
      assert.equal((await app.inject(`/api/v1/lessons/${lesson.id}`)).json().forkCount, 1);
      assert.deepEqual(
        (await anna.get('/api/v1/lessons'))
          .json()
          .items.map((l: { id: string }) => l.id)
          .includes(lesson.id),
        true,
      );

      // An item withdrawn at its source shows so, instead of breaking the lesson.
      const curator = await as('curator@leergoed.test');
      assert.equal(
        (await curator.post(`/api/v1/resources/${ids.purse}/withdraw`, { reason: 'Object teruggegeven' })).statusCode,
        200,
      );
      const after = (await app.inject(`/api/v1/lessons/${lesson.id}`)).json();
      assert.deepEqual(
        after.resources.find((r: { id: string }) => r.id === ids.purse),
        {
          ...after.resources.find((r: { id: string }) => r.id === ids.purse),
          state: 'withdrawn',
          withdrawnReason: 'Object teruggegeven',
        },
      );
      assert.match(
        (await app.inject(`/api/v1/lessons/${lesson.id}/check`)).json().attribution[1].nl,
        /Teruggetrokken door de bron/,
      );
    });

    it('validates a lesson: unknown resources and concepts, broken tasks, licences a lesson cannot carry', async () => {
      const anna = await as('anna@school.test');
      const lesson = (await anna.post('/api/v1/lessons', {})).json();
      const save = (document: object) => anna.put(`/api/v1/lessons/${lesson.id}/draft`, { document, revision: 1 });
      const base = slaveryLesson(BY_SA);
      const expectCode = async (document: object, code: string) => {
        const response = await save(document);
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.json().code, code);
      };
      await expectCode(
        {
          ...base,
          sections: [
            {
              id: 's',
              title: '',
              variants: [
                {
                  id: 'v',
                  audience: { levels: [], need: null },
                  items: [{ type: 'resource', id: 'x', resourceId: 'no-such-resource', note: '', use: 'link' }],
                },
              ],
            },
          ],
        },
        'LG_LESSON_UNKNOWN_RESOURCE',
      );
      await expectCode({ ...base, levels: ['no-such-level'] }, 'LG_UNKNOWN_CONCEPT');
      await expectCode({ ...base, licence: 'http://creativecommons.org/licenses/by/3.0/' }, 'LG_LESSON_BAD_LICENCE');
      // A task without a right answer is a draft's business: saved as it is, refused at publish.
      const other = (await anna.post('/api/v1/lessons', {})).json();
      const unfinished = await anna.put(`/api/v1/lessons/${other.id}/draft`, {
        revision: 1,
        document: {
          ...base,
          sections: [
            {
              id: 's',
              title: '',
              variants: [
                {
                  id: 'v',
                  audience: { levels: [], need: null },
                  items: [
                    {
                      type: 'task',
                      id: 't',
                      task: {
                        kind: 'choice',
                        question: 'Q?',
                        options: [
                          { text: 'a', correct: false, feedback: '' },
                          { text: 'b', correct: false, feedback: '' },
                        ],
                      },
                    },
                  ],
                },
              ],
            },
          ],
        },
      });
      assert.equal(unfinished.statusCode, 200, unfinished.body);
      const publishing = await anna.post(`/api/v1/lessons/${other.id}/publish`, {
        changeNote: 'x',
        revision: unfinished.json().revision,
      });
      assert.equal(publishing.json().code, 'LG_LESSON_INCOMPLETE');

      await expectCode(
        {
          ...base,
          sections: [
            {
              id: 's',
              title: '',
              variants: [{ id: 'v', audience: { levels: [], need: null }, items: [{ type: 'script', id: 'x' }] }],
            },
          ],
        },
        'LG_VALIDATION',
      );
      const empty = (await anna.post(`/api/v1/lessons/${lesson.id}/publish`, { changeNote: '', revision: 1 })).json();
      assert.equal(empty.code, 'LG_LESSON_EMPTY');
      // An ND item may be linked, not embedded.
      const nd = {
        ...base,
        sections: [
          {
            id: 's',
            title: '',
            variants: [
              {
                id: 'v',
                audience: { levels: [], need: null },
                items: [{ type: 'resource', id: 'nd', resourceId: ids.ncnd, note: '', use: 'embed' }],
              },
            ],
          },
        ],
      };
      assert.equal((await save(nd)).statusCode, 200);
      const check = (await anna.get(`/api/v1/lessons/${lesson.id}/check`)).json();
      assert.deepEqual(check.licence.allowed, []);
      assert.deepEqual(
        check.licence.conflicts.map((c: { item: string; problems: { code: string }[] }) => [
          c.item,
          c.problems[0]!.code,
        ]),
        [['nd', 'no-derivatives']],
      );
      const linked = {
        ...nd,
        sections: [
          {
            ...nd.sections[0]!,
            variants: [
              {
                ...nd.sections[0]!.variants[0]!,
                items: [{ type: 'resource', id: 'nd', resourceId: ids.ncnd, note: '', use: 'link' }],
              },
            ],
          },
        ],
      };
      assert.equal(
        (await anna.put(`/api/v1/lessons/${lesson.id}/draft`, { document: linked, revision: 2 })).statusCode,
        200,
      );
      assert.ok((await anna.get(`/api/v1/lessons/${lesson.id}/check`)).json().licence.chosen.allowed);
    });
  });
}
