import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../app/config.ts';
import { loadVocabularies } from '../vocab/vocabulary.ts';
import { ObjectiveSuggester } from './objectives.ts';

const vocab = loadVocabularies(join(projectRoot, 'data'));
const suggester = new ObjectiveSuggester(vocab);
const labels = (ids: string[]) => ids.map((id) => vocab.resolveAny(['kerndoel', 'leerdoel'], id)?.labelNl ?? id);

describe('objective suggestions', () => {
  it('suggests the objectives a Dutch text is about, with the words that matched', () => {
    const suggested = suggester.suggest(
      {
        title: 'Slavernijverleden in Suriname',
        description: 'Leerlingen onderzoeken hoe tot slaaf gemaakten op plantages in Suriname leefden en werkten.',
        keywords: ['slavernij', 'plantage'],
        labels: [],
        levels: [],
        language: 'nl',
      },
      { limit: 3 },
    );
    assert.ok(
      labels(suggested.map((s) => s.objectiveId)).some((l) => /slavernij|slaven/i.test(l)),
      JSON.stringify(suggested),
    );
    assert.ok(suggested[0]!.matchedWords.includes('slavernij'));
  });

  it('suggests nothing for a text in another language: the objectives are Dutch, matches would be accidents', () => {
    // A Tate title (N01783): the English "war" stems like the Dutch "waar"; one word alone suggests nothing.
    assert.deepEqual(
      suggester.suggest({ title: 'Sketch for War', description: null, keywords: ['war'], labels: [], levels: [] }),
      [],
    );
    // Words that do match Dutch objectives: only a text read as Dutch gets suggestions from them.
    const text = {
      title: 'Slavernij op plantages',
      description: null,
      keywords: ['slavernij', 'plantage'],
      labels: [],
      levels: [],
    };
    assert.ok(
      suggester.suggest(text, { limit: 5, threshold: 0 }).length > 0,
      'a text of unknown language is read as Dutch',
    );
    assert.deepEqual(suggester.suggest({ ...text, language: 'en' }, { limit: 5, threshold: 0 }), []);
    assert.deepEqual(suggester.suggest({ ...text, language: 'en-GB' }, { limit: 5, threshold: 0 }), []);
    for (const dutchOrUnknown of ['nl', 'nl-BE', 'dut', 'nld', 'und', 'n/a', '']) {
      assert.ok(
        suggester.suggest({ ...text, language: dutchOrUnknown }, { limit: 5, threshold: 0 }).length > 0,
        dutchOrUnknown,
      );
    }
  });
});
