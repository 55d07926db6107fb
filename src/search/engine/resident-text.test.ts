import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fts5SearchIndex } from './fts5.ts';
import { parseTsvector } from './postgres.ts';
import type { MatchGroup, MatchPlan } from './query.ts';
import {
  excludedDocs,
  KnownPhrases,
  matchDocs,
  residentMatchable,
  ResidentText,
  round12,
  Scratch,
} from './resident-text.ts';

const group = (...terms: string[]): MatchGroup => ({
  field: null,
  any: terms.map((term) => ({ type: 'term', term })),
  source: terms.join(' '),
});
const plan = (must: MatchGroup[], mustNot: MatchGroup[] = [], combine: 'all' | 'any' = 'all'): MatchPlan => ({
  must,
  mustNot,
  combine,
  corrections: [],
  compounds: [],
  expansions: [],
  synonyms: [],
  ignored: [],
  highlight: { terms: [], prefixes: [] },
});
const text = (pairs: Record<string, number>, length = Object.keys(pairs).length) => ({
  terms: Object.keys(pairs),
  values: Object.values(pairs),
  length,
});
const sorted = (docs: Int32Array) => [...docs].sort((a, b) => a - b);

describe('in-memory text postings', () => {
  it('keeps per stem the docs with their values, and forgets what a doc no longer contains', () => {
    const index = new ResidentText();
    index.set(0, text({ plantag: 12, surinam: 10 }, 4));
    index.set(1, text({ surinam: 2 }, 7));
    index.set(2, null);
    assert.equal(index.documents, 2);
    assert.equal(index.total, 11);
    assert.deepEqual([...index.postings('surinam').docs], [0, 1]);
    assert.deepEqual([...index.postings('surinam').values], [10, 2]);
    // Doc 0 rewritten without "surinam"; doc 1 loses its text.
    index.set(0, text({ plantag: 10, kaart: 5 }, 2));
    index.set(1, null);
    assert.deepEqual([...index.postings('surinam').docs], []);
    assert.deepEqual([...index.postings('plantag').values], [10]);
    assert.equal(index.documents, 1);
    assert.equal(index.total, 2);
    assert.deepEqual([...index.lengths.subarray(0, 3)], [2, -1, -1]);
    assert.equal(index.postings('onbekend').docs.length, 0);
  });

  it('stays right through many rewrites of one doc (stale postings compacted, epochs restarted)', () => {
    const index = new ResidentText();
    for (let doc = 0; doc < 50; doc++) index.set(doc, text({ molen: doc + 1, [`woord${doc}`]: 1 }));
    for (let round = 0; round < 700; round++)
      index.set(7, text({ molen: round % 2 === 0 ? 100 : 200, [`ronde${round}`]: 1 }));
    const molen = index.postings('molen');
    assert.equal(molen.docs.length, 50);
    assert.equal(molen.values[[...molen.docs].indexOf(7)], 200);
    assert.deepEqual([...index.postings('ronde699').docs], [7]);
    assert.deepEqual([...index.postings('ronde698').docs], []);
    assert.deepEqual([...index.postings('woord7').docs], []);
    index.compact();
    assert.equal(index.postings('molen').docs.length, 50);
    assert.equal(index.documents, 50);
  });

  it('loses no posting when an epoch wraps in a large pool', () => {
    const index = new ResidentText();
    for (let doc = 0; doc < 600; doc++) index.set(doc, text({ molen: 1, [`woord${doc}`]: 1 }));
    for (let round = 0; round < 300; round++) index.set(0, text({ molen: 2, [`ronde${round}`]: 1 }));
    assert.equal(index.postings('molen').docs.length, 600);
    for (const doc of [1, 300, 598, 599])
      assert.deepEqual([...index.postings(`woord${doc}`).docs], [doc], `woord${doc}`);
    assert.deepEqual([...index.postings('ronde299').docs], [0]);
  });

  it('matches every group, or some with combine "any", and none of the excluded', () => {
    const index = new ResidentText();
    index.set(0, text({ slavernij: 1, surinam: 1 }));
    index.set(1, text({ slavernij: 1, plantag: 1 }));
    index.set(2, text({ surinam: 1, plantag: 1 }));
    index.set(3, text({ kaart: 1 }));
    const scratch = new Scratch();
    const run = (p: MatchPlan) => sorted(matchDocs(index, p, scratch, 4).docs);
    assert.deepEqual(run(plan([group('slavernij'), group('surinam')])), [0]);
    assert.deepEqual(run(plan([group('slavernij', 'kaart')])), [0, 1, 3]);
    assert.deepEqual(run(plan([group('slavernij'), group('surinam')], [], 'any')), [0, 1, 2]);
    assert.deepEqual(run(plan([group('surinam')], [group('plantag')])), [0]);
    assert.deepEqual(run(plan([group('onbekend')])), []);
    // The scratch space is left clean for the next query.
    assert.ok(scratch.marks.every((m) => m === 0));
    // A phrase's docs come from the store; one not given is a mistake, not an empty match.
    const phrased = plan([
      {
        field: null,
        any: [
          { type: 'term', term: 'kaart' },
          { type: 'phrase', terms: ['slavernij', 'surinam'] },
        ],
        source: 'x',
      },
    ]);
    assert.deepEqual(
      sorted(
        matchDocs(
          index,
          phrased,
          scratch,
          4,
          new Map([['slavernij surinam', { docs: Int32Array.of(0), values: Float32Array.of(10) }]]),
        ).docs,
      ),
      [0, 3],
    );
    assert.throws(() => matchDocs(index, phrased, scratch, 4), /No postings given for the phrase "slavernij surinam"/);
    assert.ok(
      scratch.marks.every((m) => m === 0),
      'nothing left marked',
    );
    // Only exclusions: the docs to leave out.
    assert.deepEqual(sorted(excludedDocs(index, plan([], [group('plantag'), group('kaart')]))!), [1, 2, 3]);
    assert.equal(
      excludedDocs(index, plan([], [{ field: null, any: [{ type: 'prefix', prefix: 'plan' }], source: 'plan*' }])),
      null,
    );
    const { phrases } = matchDocs(index, plan([group('slavernij', 'kaart'), group('surinam')]), scratch, 4);
    assert.deepEqual(
      phrases.map((p) => [p.group, p.term, p.postings.docs.length]),
      [
        [0, 'slavernij', 2],
        [0, 'kaart', 1],
        [1, 'surinam', 2],
      ],
    );
  });

  it('takes stems and phrases without fields', () => {
    assert.ok(residentMatchable(plan([group('molen')], [group('wind')])));
    assert.ok(
      residentMatchable(
        plan([
          {
            field: null,
            any: [
              { type: 'term', term: 'wo2' },
              { type: 'phrase', terms: ['tweed', 'wereldoorlog'] },
            ],
            source: 'WO2',
          },
        ]),
      ),
    );
    assert.ok(!residentMatchable(plan([])));
    assert.ok(!residentMatchable(plan([{ ...group('turner'), field: 'maker' }])));
    assert.ok(
      !residentMatchable(
        plan([
          {
            field: null,
            any: [
              {
                type: 'all',
                of: [
                  { type: 'term', term: 'tweed' },
                  { type: 'term', term: 'wereldoorlog' },
                ],
              },
            ],
            source: 'tweede wereldoorlog',
          },
        ]),
      ),
    );
    assert.ok(
      !residentMatchable(plan([{ field: null, any: [{ type: 'prefix', prefix: 'slaver' }], source: 'slaver*' }])),
    );
  });

  it('rounds to 12 decimals exactly as the decimal conversion does', () => {
    let state = 12345;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    for (let i = 0; i < 100_000; i++) {
      const x = (next() - 0.9) * 10 ** Math.floor(next() * 6);
      assert.equal(round12(x), Number(x.toFixed(12)), String(x));
    }
    // Ties and near-ties at the 13th decimal.
    // eslint-disable-next-line no-loss-of-precision -- values at the edge of double precision are the point
    for (const x of [-1.0000000000005, 2.0000000000005, -7.1234567890125, 0.5e-12, -11.055742602000499])
      assert.equal(round12(x), Number(x.toFixed(12)), String(x));
  });
});

describe('engines read their stored text for the postings', () => {
  it('FTS5: per stem its count weighted by column (title 10, concepts and maker 5, description 2, other 1), and the tokens in all', () => {
    const parsed = fts5SearchIndex.parseResident('plantag surinam\tkaart\t\tplantag kaart\tamsterdam');
    const values = Object.fromEntries(parsed.terms.map((t, i) => [t, parsed.values[i]]));
    assert.deepEqual(values, { plantag: 12, surinam: 10, kaart: 7, amsterdam: 1 });
    assert.equal(parsed.length, 6);
    assert.deepEqual(fts5SearchIndex.parseResident('\t\t\t\t'), { terms: [], values: [], length: 0 });
  });

  it("PostgreSQL: per lexeme its part of ts_rank from its positions' weights, escapes read, positions counted", () => {
    const parsed = parseTsvector("'a':1A,5C 'it''s':2B 'back\\\\slash':3 'kaal'");
    assert.deepEqual(parsed.terms, ['a', "it's", 'back\\slash', 'kaal']);
    // A then C: 1/1 + 0.2/4 in single precision, plus the largest weight (1.0, first) less its own share.
    const sum = Math.fround(1 + Math.fround(Math.fround(0.2) / 4));
    assert.equal(parsed.values[0], Math.fround(Math.fround(1 + sum) - 1));
    assert.equal(parsed.values[1], Math.fround(0.5));
    assert.equal(parsed.values[2], Math.fround(0.1));
    assert.equal(parsed.values[3], Math.fround(0.1));
    assert.equal(parsed.length, 5);
  });

  const phrases = new KnownPhrases([['slaf', 'gemakt'], ['twed', 'wereldorlog'], ['slaf', 'gemakt'], ['kaart']]);

  it("FTS5: a known phrase is a term of its own, counted per occurrence inside a column with the column's weight", () => {
    assert.deepEqual(
      [...phrases.keys],
      ['slaf gemakt', 'twed wereldorlog'],
      'each phrase once, single words are no phrases',
    );
    // Title once, description twice; across the tab between concepts and description it does not run on.
    const parsed = fts5SearchIndex.parseResident(
      'slaf gemakt op plantag\tslaf\t\tgemakt slaf gemakt en slaf gemakt\ttwed',
      phrases,
    );
    const values = Object.fromEntries(parsed.terms.map((t, i) => [t, parsed.values[i]]));
    assert.equal(values['slaf gemakt'], 10 + 2 + 2);
    assert.equal(values['twed wereldorlog'], undefined);
    assert.equal(values.slaf, 10 + 5 + 2 + 2);
    assert.equal(parsed.length, 4 + 1 + 6 + 1, 'phrases add no length');
  });

  it('PostgreSQL: a known phrase is held where its stems stand at consecutive positions', () => {
    const held = (stored: string) => parseTsvector(stored, phrases).terms.filter((t) => t.includes(' '));
    assert.deepEqual(held("'gemakt':8C,12C 'slaf':3A,11C"), ['slaf gemakt']);
    assert.deepEqual(held("'gemakt':5B 'slaf':3A,7C"), [], 'apart, or in the wrong order');
    assert.deepEqual(held("'slaf':3A 'twed':20 'wereldorlog':21"), ['twed wereldorlog']);
    // The values and length of the stems are as without phrases.
    const stored = "'gemakt':4C 'plantag':6D 'slaf':3A";
    const plain = parseTsvector(stored);
    const withPhrases = parseTsvector(stored, phrases);
    assert.deepEqual(
      { terms: withPhrases.terms.slice(0, 3), values: withPhrases.values.slice(0, 3), length: withPhrases.length },
      plain,
    );
  });
});
