import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chooseVariant,
  contentState,
  decodeContentState,
  documentProblems,
  type LessonDocument,
  type LessonSection,
} from './model.ts';
import { renderTeacherText } from '../kernel/teacher-text.ts';

const G7 = 'level-groep-7';
const G8 = 'level-groep-8';

const section: LessonSection = {
  id: 's1',
  title: 'Kijken',
  variants: [
    { id: 'all', audience: { levels: [], need: null }, items: [] },
    { id: 'g7', audience: { levels: [G7], need: null }, items: [] },
    { id: 'g8-extra', audience: { levels: [G8], need: 'ondersteuning' }, items: [] },
    { id: 'deep', audience: { levels: [], need: 'verdieping' }, items: [] },
  ],
};

describe('lesson model', () => {
  it('renders the teacher text as a safe Markdown subset', () => {
    assert.equal(
      renderTeacherText('# Titel\n\nKijk **goed** naar de *plantage*.'),
      '<h2>Titel</h2>\n<p>Kijk <strong>goed</strong> naar de <em>plantage</em>.</p>\n',
    );
    const hostile = renderTeacherText(
      '<script>alert(1)</script> <img src=x onerror=alert(1)> [klik](javascript:alert(1)) ![foto](https://tracker.example/p.gif)',
    );
    assert.doesNotMatch(hostile, /<script|<img|href="javascript/, 'raw HTML is text, a javascript: link is none');
    assert.match(
      hostile,
      /!<a href="https:\/\/tracker\.example\/p\.gif" rel="noopener noreferrer nofollow">foto<\/a>/,
      'an image is only a link: nothing loads',
    );
    assert.match(
      renderTeacherText('[Rijksmuseum](https://www.rijksmuseum.nl/)'),
      /<a href="https:\/\/www\.rijksmuseum\.nl\/" rel="noopener noreferrer nofollow">Rijksmuseum<\/a>/,
    );
  });

  it('makes an IIIF Content State for a detail, encoded as the Content State API says', () => {
    const state = contentState({
      manifest: 'https://iiif.example/m.json',
      canvas: 'https://iiif.example/c1',
      region: { x: 10.4, y: 20, w: 300, h: 200 },
      caption: 'De suikermolen',
    });
    assert.deepEqual(state.json.target, {
      type: 'SpecificResource',
      source: {
        id: 'https://iiif.example/c1',
        type: 'Canvas',
        partOf: [{ id: 'https://iiif.example/m.json', type: 'Manifest' }],
      },
      selector: {
        type: 'FragmentSelector',
        conformsTo: 'http://www.w3.org/TR/media-frags/',
        value: 'xywh=10,20,300,200',
      },
    });
    assert.match(state.encoded, /^[A-Za-z0-9_-]+$/, 'base64url without padding');
    assert.deepEqual(decodeContentState(state.encoded), state.json);
    assert.equal(
      (
        contentState({
          manifest: 'https://iiif.example/m.json',
          canvas: 'https://iiif.example/c1',
          region: null,
          caption: '',
        }).json.target as { type: string }
      ).type,
      'Canvas',
    );
  });

  it('opens the variant for the chosen level or need, else the one for everyone', () => {
    assert.equal(chooseVariant(section).id, 'all');
    assert.equal(chooseVariant(section, { level: G7 }).id, 'g7');
    assert.equal(chooseVariant(section, { level: G8 }).id, 'g8-extra', 'a variant for the level, even with a need');
    assert.equal(chooseVariant(section, { level: G8, need: 'ondersteuning' }).id, 'g8-extra');
    assert.equal(chooseVariant(section, { need: 'verdieping' }).id, 'deep');
    assert.equal(chooseVariant(section, { level: 'vwo' }).id, 'all');
    assert.equal(
      chooseVariant({ ...section, variants: section.variants.slice(1) }, { level: 'vwo' }).id,
      'g7',
      'else the first',
    );
  });

  it('finds what a schema cannot and no draft excuses: duplicate ids and audiences, empty regions, bad image links', () => {
    const doc: LessonDocument = {
      title: 'Les',
      summary: '',
      language: 'nl',
      levels: [],
      subjects: [],
      objectives: [],
      durationMinutes: null,
      licence: 'http://creativecommons.org/licenses/by/4.0/',
      sections: [
        {
          id: 's1',
          title: 'A',
          variants: [
            {
              id: 'v1',
              audience: { levels: [G7], need: null },
              items: [
                {
                  type: 'detail',
                  id: 'i1',
                  resourceId: 'r',
                  manifest: 'https://iiif.example/m',
                  canvas: 'javascript:x',
                  region: { x: 0, y: 0, w: 0, h: 5 },
                  caption: '',
                  annotations: [],
                  use: 'embed',
                },
                {
                  type: 'task',
                  id: 'i1',
                  task: { kind: 'choice', question: 'Wie?', options: [{ text: 'A', correct: false, feedback: '' }] },
                },
                {
                  type: 'closed',
                  id: 'i3',
                  title: 'Methode',
                  url: 'ftp://x',
                  publisher: 'P',
                  method: 'M',
                  chapter: '3',
                  note: '',
                },
              ],
            },
            { id: 'v2', audience: { levels: [G7], need: null }, items: [] },
          ],
        },
      ],
    };
    assert.deepEqual(
      documentProblems(doc).map((p) => `${p.path} ${p.code}`),
      [
        'sections/0/variants/0/items/0/region LG_LESSON_BAD_REGION',
        'sections/0/variants/0/items/0/canvas LG_BAD_URL',
        'sections/0/variants/0/items/1 LG_LESSON_DUPLICATE_ID',
        'sections/0/variants/1 LG_LESSON_DUPLICATE_VARIANT',
      ],
    );
  });
});
