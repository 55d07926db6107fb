import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import { ObjectiveSuggester, readsAsEnglish, type SuggestionText } from '../src/catalogue/objectives.ts';
import { loadVocabularies } from '../src/vocab/vocabulary.ts';

const vocab = loadVocabularies(join(projectRoot, 'data'));
const suggester = new ObjectiveSuggester(vocab);
const text = (title: string, description: string | null, language: string | null = null): SuggestionText => ({
  title,
  description,
  keywords: [],
  labels: [],
  levels: [],
  language,
});
const labels = (t: SuggestionText) =>
  suggester.suggest(t).map((s) => vocab.resolveAny(['kerndoel', 'leerdoel'], s.objectiveId)?.labelNl);

describe('objective suggestions from a text (SLO kerndoelen and leerdoelen)', () => {
  it('suggests from two or more matching words, with the words that matched', () => {
    const suggested = suggester.suggest(
      text('Slavernij in Suriname', 'Over het leven op plantages en de afschaffing van de slavernij.'),
    );
    assert.equal(vocab.resolveAny(['kerndoel', 'leerdoel'], suggested[0]!.objectiveId)?.labelNl, 'Slavernij');
    assert.deepEqual(suggested[0]!.matchedWords, ['slavernij', 'plantages']);
  });

  it('suggests nothing from one weak word: a photo is not the photoelectric effect', () => {
    assert.deepEqual(labels(text('Foto van een plantage', 'Foto genomen bij een suikerplantage in Suriname.')), []);
  });

  it('reads an untagged English text as English, whose words would match Dutch ones by accident', () => {
    assert.equal(readsAsEnglish('Photograph taken in Paramaribo around 1900.'), true);
    assert.equal(readsAsEnglish('Foto van de waterkant in Paramaribo, genomen rond 1900.'), false);
    assert.deepEqual(labels(text('Portrait of a woman', 'Photograph taken in Paramaribo around 1900.')), []);
    assert.deepEqual(labels(text('Taken', 'Taken uitvoeren en samenwerken aan een opdracht.', 'en')), []);
  });

  it('still suggests an objective whose whole label the text names', () => {
    assert.ok(labels(text('Abstractie', 'Een schilderij van Pierre Alechinsky.', 'nl')).includes('Abstractie'));
  });
});
