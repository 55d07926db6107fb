import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, editDistance, queryStems, stem } from './analysis.ts';
import { fts5Expression } from './fts5.ts';
import { highlightText, snippet } from './highlight.ts';
import { groupQuery, tsvectorLiteral } from './postgres.ts';
import { parseQuery, planQuery, type Lexicon } from './query.ts';
import { parseSynonyms, Synonyms } from './synonyms.ts';

describe('text analysis', () => {
  it('folds, drops stop words and stems Dutch and English', () => {
    assert.deepEqual(analyze('De Plantages van Suriname', 'nl'), ['plantag', 'surinam']);
    assert.deepEqual(analyze('The paintings of the sea', 'en'), ['paint', 'sea']);
    assert.equal(stem('zeeen', 'nl'), stem('zee', 'nl'));
    assert.equal(stem('straten', 'nl'), stem('straat', 'nl'));
    assert.equal(stem('surinaamse', 'nl'), stem('suriname', 'nl'));
    assert.equal(stem('schilderijen', 'nl'), stem('schilderij', 'nl'));
    assert.deepEqual(queryStems('paintings'), ['painting', 'paint']);
    assert.deepEqual(analyze('Café Théâtre', 'nl'), analyze('cafe theatre', 'nl'));
  });

  it('measures edit distance with transpositions', () => {
    assert.equal(editDistance('plantgae', 'plantage'), 1);
    assert.equal(editDistance('turnr', 'turner'), 1);
    assert.equal(editDistance('abc', 'xyz', 2), 3);
  });
});

describe('query syntax', () => {
  it('reads words, phrases, exclusions, OR, prefixes and fields', () => {
    const q = parseQuery(
      'slavernij "tot slaaf gemaakt" -plantage turner OR constable slaver* titel:zee maker:"van gogh" 10:30',
    );
    assert.deepEqual(
      q.groups.map((g) => g.map((c) => `${c.kind}:${c.field ?? ''}:${c.words.join(' ')}`)),
      [
        ['word::slavernij'],
        ['phrase::tot slaaf gemaakt'],
        ['word::turner', 'word::constable'],
        ['prefix::slaver'],
        ['word:title:zee'],
        ['phrase:maker:van gogh'],
        ['word::10'],
        ['word::30'],
      ],
    );
    assert.deepEqual(
      q.excluded.map((c) => c.words),
      [['plantage']],
    );
  });

  it('survives stray quotes, lone operators and empty input', () => {
    assert.deepEqual(
      parseQuery('"open quote').groups.map((g) => g[0]!.words),
      [['open', 'quote']],
    );
    assert.deepEqual(parseQuery('OR OR').groups, []);
    assert.deepEqual(parseQuery('').groups, []);
    assert.deepEqual(parseQuery('- "" *').groups, []);
  });
});

const dictionary = new Map([
  ['plantag', 40],
  ['surinam', 90],
  ['slavernij', 12],
  ['geschiedenis', 30],
  ['zee', 7],
  ['ze', 7],
  ['turner', 50],
]);
const lexicon: Lexicon = {
  async lookup(terms) {
    return new Map(terms.filter((t) => dictionary.has(t)).map((t) => [t, { docs: dictionary.get(t)!, word: t }]));
  },
  async similar() {
    return [...dictionary].map(([term, docs]) => ({ term, docs, word: term === 'plantag' ? 'plantage' : term }));
  },
};
const synonyms = new Synonyms(parseSynonyms('wo2\ttweede wereldoorlog\tsecond world war\nzee\tsea'));

describe('query planning', () => {
  it('corrects unknown words to the closest known one', async () => {
    const plan = await planQuery(parseQuery('plantgae suriname'), lexicon, synonyms);
    assert.deepEqual(plan.corrections, [{ from: 'plantgae', to: 'plantage' }]);
    assert.equal(fts5Expression(plan), '("plantag") AND ("surinam")');
  });

  it('searches an unknown compound as its known parts', async () => {
    const plan = await planQuery(parseQuery('slavernijgeschiedenis'), lexicon, synonyms);
    assert.deepEqual(plan.compounds, [{ word: 'slavernijgeschiedenis', parts: ['slavernij', 'geschiedenis'] }]);
    assert.equal(
      fts5Expression(plan),
      '("slavernijgeschiedenis" OR "slavernijgeschiedeni" OR "slavernij" OR "geschiedenis")',
    );
  });

  it('expands synonyms, multi-word ones as phrases', async () => {
    const plan = await planQuery(parseQuery('WO2'), lexicon, synonyms);
    assert.equal(fts5Expression(plan), '("wo2" OR "twed wereldorlog" OR "second world war")');
    assert.equal(groupQuery(plan.must[0]!), "('wo2' | ('twed' <-> 'wereldorlog') | ('second' <-> 'world' <-> 'war'))");
  });

  it('compiles fields, prefixes and exclusions for both engines', async () => {
    const plan = await planQuery(parseQuery('titel:surinam* maker:turner -zee'), lexicon, synonyms);
    assert.equal(fts5Expression(plan), '({title} : ("surinam"*) AND {maker} : ("turner")) NOT ("ze" OR "zee")');
    assert.equal(groupQuery(plan.must[0]!), "('surinam':*A)");
    assert.deepEqual(plan.ignored, []);
  });

  it('leaves stop words out and says so', async () => {
    const plan = await planQuery(parseQuery('de zee'), lexicon, synonyms);
    assert.deepEqual(plan.ignored, ['de']);
    assert.equal(plan.must.length, 1);
  });
});

describe('PostgreSQL tsvector literal', () => {
  it('keeps positions and weights per field, fields apart', () => {
    assert.equal(
      tsvectorLiteral([
        { tokens: ['a', 'b', 'a'], weight: 'A' },
        { tokens: ['b'], weight: 'C' },
      ]),
      "'a':1A,3A 'b':2A,5C",
    );
  });
});

describe('highlighting', () => {
  const terms = { terms: ['plantag', 'surinam'], prefixes: ['slaver'] };
  it('marks the words that matched, in the original spelling', () => {
    const parts = highlightText('Plantages in Surinaamse slavernij', terms);
    assert.deepEqual(
      parts.filter((p) => p.mark).map((p) => p.text),
      ['Plantages', 'Surinaamse', 'slavernij'],
    );
    assert.equal(parts.map((p) => p.text).join(''), 'Plantages in Surinaamse slavernij');
  });

  it('cuts a snippet around the matches', () => {
    const text = `${'woord '.repeat(60)}een plantage in Suriname ${'tekst '.repeat(60)}`;
    const parts = snippet(text, terms, 12)!;
    assert.equal(parts[0]!.text, '… ');
    assert.equal(parts.at(-1)!.text, ' …');
    assert.deepEqual(
      parts.filter((p) => p.mark).map((p) => p.text),
      ['plantage', 'Suriname'],
    );
    assert.equal(snippet('niets', terms), null);
  });
});
