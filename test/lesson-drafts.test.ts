import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../src/app/context.ts';
import { buildServer } from '../src/app/server.ts';
import type { App } from '../src/kernel/http.ts';
import type { LessonDocument } from '../src/lessons/model.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const password = 'correct horse battery staple';

/** A draft as a teacher leaves it halfway: every block kind, some of them still empty. */
function halfDone(): LessonDocument {
  return {
    title: '',
    summary: 'Nog niet af',
    language: 'nl',
    levels: [],
    subjects: [],
    objectives: [],
    durationMinutes: null,
    licence: 'http://creativecommons.org/licenses/by/4.0/',
    sections: [
      {
        id: 'deel-1',
        title: '',
        variants: [
          {
            id: 'v-1',
            audience: { levels: [], need: null },
            items: [
              { type: 'text', id: 'tekst', markdown: '' },
              { type: 'task', id: 'open', task: { kind: 'open', question: '', answer: 'half antwoord' } },
              {
                type: 'task',
                id: 'keuze',
                task: {
                  kind: 'choice',
                  question: 'Welke kleur heeft de lucht?',
                  options: [
                    { text: 'Blauw', correct: false, feedback: '' },
                    { text: '', correct: false, feedback: 'nog invullen' },
                  ],
                },
              },
              {
                type: 'closed',
                id: 'methode',
                title: '',
                url: 'www.halfgetypt',
                publisher: 'Malmberg',
                method: '',
                chapter: '',
                note: '',
              },
            ],
          },
        ],
      },
    ],
  };
}

for (const kind of STORE_KINDS) {
  describe(`lesson drafts on ${kind}: saved as they are, checked at publish`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      await ctx.accounts.createUser({ email: 'anna@school.test', name: 'Anna de Vries', password, role: 'teacher' });
      app = await buildServer(ctx, { logger: false });
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    async function signedIn() {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: 'anna@school.test', password },
      });
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

    it('saves an incomplete draft whole, and gives every character back', async () => {
      const anna = await signedIn();
      const lesson = (await anna.post('/api/v1/lessons', {})).json();
      const saved = await anna.put(`/api/v1/lessons/${lesson.id}/draft`, { document: halfDone(), revision: 1 });
      assert.equal(saved.statusCode, 200, saved.body);
      const back = (await anna.get(`/api/v1/lessons/${lesson.id}`)).json();
      assert.deepEqual(back.document, halfDone());
      assert.equal(back.revision, 2);
      // The list names an untitled draft so it can be found again.
      const mine = (await anna.get('/api/v1/lessons')).json();
      assert.ok(mine.items.some((l: { id: string }) => l.id === lesson.id));
    });

    it('names every missing piece at publish, in Dutch and English, at its block', async () => {
      const anna = await signedIn();
      const lesson = (await anna.post('/api/v1/lessons', {})).json();
      await anna.put(`/api/v1/lessons/${lesson.id}/draft`, { document: halfDone(), revision: 1 });
      const refused = await anna.post(`/api/v1/lessons/${lesson.id}/publish`, { changeNote: 'eerste', revision: 2 });
      assert.equal(refused.statusCode, 400, refused.body);
      const problem = refused.json();
      assert.equal(problem.code, 'LG_LESSON_INCOMPLETE');
      const problems = JSON.parse(problem.detail).problems as {
        block: string | null;
        field: string;
        nl: string;
        en: string;
      }[];
      const at = problems.map((p) => `${p.block ?? '-'}:${p.field}`);
      assert.deepEqual(at, [
        '-:title',
        'tekst:markdown',
        'open:question',
        'keuze:options/1/text',
        'keuze:options',
        'methode:title',
        'methode:url',
      ]);
      for (const p of problems) {
        assert.match(p.nl, /^[A-Z].*\.$/u, `a Dutch sentence: ${p.nl}`);
        assert.doesNotMatch(p.nl, /LG_/);
        assert.ok(p.en.length > 10);
      }
      assert.match(problems.find((p) => p.block === 'keuze' && p.field === 'options')!.nl, /goed/);

      // Filled in, it publishes.
      const done = halfDone();
      done.title = 'De lucht';
      done.sections[0]!.title = 'Kijken';
      const items = done.sections[0]!.variants[0]!.items;
      items[0] = { type: 'text', id: 'tekst', markdown: 'Kijk omhoog.' };
      items[1] = { type: 'task', id: 'open', task: { kind: 'open', question: 'Wat zie je?', answer: '' } };
      items[2] = {
        type: 'task',
        id: 'keuze',
        task: {
          kind: 'choice',
          question: 'Welke kleur heeft de lucht?',
          options: [
            { text: 'Blauw', correct: true, feedback: '' },
            { text: 'Groen', correct: false, feedback: '' },
          ],
        },
      };
      items[3] = {
        ...(items[3] as Extract<(typeof items)[3], { type: 'closed' }>),
        title: 'Methode',
        url: 'https://example.org/m',
      };
      assert.equal(
        (await anna.put(`/api/v1/lessons/${lesson.id}/draft`, { document: done, revision: 2 })).statusCode,
        200,
      );
      const published = await anna.post(`/api/v1/lessons/${lesson.id}/publish`, { changeNote: 'eerste', revision: 3 });
      assert.equal(published.statusCode, 200, published.body);
    });

    it('still refuses what no teacher could mean: duplicate ids, scripts, unknown resources', async () => {
      const anna = await signedIn();
      const lesson = (await anna.post('/api/v1/lessons', {})).json();
      const doc = halfDone();
      doc.sections[0]!.variants[0]!.items.push({ type: 'text', id: 'tekst', markdown: 'twee keer' });
      const refused = await anna.put(`/api/v1/lessons/${lesson.id}/draft`, { document: doc, revision: 1 });
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().code, 'LG_LESSON_DUPLICATE_ID');
    });

    it('detects a save on top of a newer revision, and keeps both when asked', async () => {
      const anna = await signedIn();
      const lesson = (await anna.post('/api/v1/lessons', {})).json();
      const first = halfDone();
      first.title = 'Uit tab 1';
      const second = halfDone();
      second.title = 'Uit tab 2';
      assert.equal(
        (await anna.put(`/api/v1/lessons/${lesson.id}/draft`, { document: first, revision: 1 })).statusCode,
        200,
      );
      const late = await anna.put(`/api/v1/lessons/${lesson.id}/draft`, { document: second, revision: 1 });
      assert.equal(late.statusCode, 409);
      assert.equal(late.json().code, 'LG_LESSON_CONFLICT');
      // Keep both: the later tab's work becomes its own draft; the first stays where it was.
      const copy = await anna.post('/api/v1/lessons', { document: second });
      assert.equal(copy.statusCode, 201, copy.body);
      assert.equal((await anna.get(`/api/v1/lessons/${lesson.id}`)).json().document.title, 'Uit tab 1');
      assert.deepEqual((await anna.get(`/api/v1/lessons/${copy.json().id}`)).json().document, second);
    });
  });
}
