import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { random } from '../../../bench/search-corpus.ts';
import type { TermScheme } from './terms.ts';
import { ResidentCatalogue, type ResidentSource } from './resident-catalogue.ts';
import { ResidentIndex } from './resident-index.ts';
import type { Counting, ResidentQuery, ResidentRow } from './resident-types.ts';

// Three records of the demo corpus (Rijksmuseum, Tate, Wikiwijs), reduced to what the index keeps.
const rows: ResidentRow[] = [
  {
    id: '0190a1b2-0000-7000-8000-000000000010',
    status: 'published',
    updated_at: '2026-01-01T10:00:00.000Z',
    created_at: '2026-01-01T10:00:00.000Z',
    sort_title: 'gezicht op een plantage in suriname',
    terms: 'kind\theritage\nperiod\t1800\nlanguage\tnl\nreusability\topen',
    search_key: 1,
    quality: 0.5,
    text: null,
  },
  {
    id: '0190a1b2-0000-7000-8000-000000000021',
    status: 'published',
    updated_at: '2026-01-01T10:00:01.000Z',
    created_at: '2026-01-01T10:00:01.000Z',
    sort_title: 'a ship in a storm',
    terms: 'kind\theritage\nperiod\t1800\nlanguage\ten\nreusability\trestricted',
    search_key: 2,
    quality: 0.8,
    text: null,
  },
  {
    id: '0190a1b2-0000-7000-8000-000000000032',
    status: 'published',
    updated_at: '2026-01-01T10:00:02.000Z',
    created_at: '2026-01-01T10:00:02.000Z',
    sort_title: 'keti koti: de afschaffing van de slavernij',
    terms: 'kind\tmaterial\nlevel\tpo\nlanguage\tnl\nreusability\topen',
    search_key: 3,
    quality: 1,
    text: null,
  },
];

const base: ResidentQuery = {
  terms: {},
  statuses: ['published'],
  matches: null,
  excluded: null,
  facetSchemes: ['kind', 'language', 'reusability'],
  sort: 'title',
  after: null,
  offset: 0,
  limit: 10,
};

function loaded(): ResidentIndex {
  const index = new ResidentIndex();
  index.apply(rows);
  index.rank(
    [
      '0190a1b2-0000-7000-8000-000000000021',
      '0190a1b2-0000-7000-8000-000000000010',
      '0190a1b2-0000-7000-8000-000000000032',
    ],
    rows.map((r) => r.id).reverse(),
    rows[2]!.created_at,
  );
  return index;
}

const count = (result: ReturnType<ResidentIndex['select']>, scheme: string, value: string) =>
  result.counts.find((c) => c.scheme === scheme && c.concept_id === value)?.n ?? 0;

describe('ResidentIndex', () => {
  it("pages in the store's title order and newest first, and continues after a resource", () => {
    const index = loaded();
    assert.deepEqual(index.select(base).page, [rows[1]!.id, rows[0]!.id, rows[2]!.id]);
    assert.deepEqual(index.select({ ...base, sort: 'newest' }).page, [rows[2]!.id, rows[1]!.id, rows[0]!.id]);
    assert.deepEqual(index.select({ ...base, after: rows[1]!.id, limit: 1 }).page, [rows[0]!.id]);
  });

  it('counts facets disjunctively: a selected facet counts without its own selection', () => {
    const result = loaded().select({ ...base, terms: { language: ['nl'], reusability: ['open'] } });
    assert.equal(result.total, 2);
    // The language facet counts over "open" only: nl 2, en 0; reusability over "nl" only: open 2.
    assert.equal(count(result, 'language', 'nl'), 2);
    assert.equal(count(result, 'language', 'en'), 0);
    assert.equal(count(result, 'kind', 'heritage'), 1);
    const en = loaded().select({ ...base, terms: { language: ['en'] } });
    assert.equal(count(en, 'language', 'nl'), 2, 'its own facet ignores the selection');
    assert.equal(count(en, 'reusability', 'restricted'), 1);
    assert.equal(count(en, 'reusability', 'open'), 0);
  });

  it('ranks text matches by score, then title; matches by key get the quality boost', () => {
    const index = loaded();
    const byKey = index.select({
      ...base,
      sort: 'relevance',
      matches: { by: 'key', keys: Int32Array.from([3, 1, 2]), texts: Float64Array.from([-2, -2, -2]) },
    });
    // Equal text scores: the best quality first (1, 0.8, 0.5).
    assert.deepEqual(byKey.page, [rows[2]!.id, rows[1]!.id, rows[0]!.id]);
    const tied = index.select({
      ...base,
      sort: 'relevance',
      matches: { by: 'id', ids: rows.map((r) => r.id), scores: [-1, -1, -1] },
    });
    assert.deepEqual(tied.page, [rows[1]!.id, rows[0]!.id, rows[2]!.id], 'ties in title order');
    assert.deepEqual(
      index.select({
        ...base,
        sort: 'relevance',
        offset: 1,
        limit: 1,
        matches: { by: 'id', ids: rows.map((r) => r.id), scores: [-1, -1, -1] },
      }).page,
      [rows[0]!.id],
    );
  });

  it("follows changes: new terms count at once; a new title waits for the store's order", () => {
    const index = loaded();
    // Many changes of one resource: the term array is compacted along the way.
    for (let i = 0; i <= 2000; i++)
      index.apply([
        {
          ...rows[0]!,
          updated_at: `2026-01-02T10:00:00.${String(i % 1000).padStart(3, '0')}Z`,
          terms: i % 2 ? 'kind\theritage\nlanguage\ten' : 'kind\theritage\nlanguage\tnl',
        },
      ]);
    assert.equal(count(index.select(base), 'language', 'nl'), 2);
    assert.equal(index.needsRanking, false, 'the same title keeps its place');
    index.apply([{ ...rows[0]!, sort_title: 'zee bij nacht' }]);
    assert.equal(index.needsRanking, true);
    assert.equal(index.select(base).page, null, 'the store pages until the order is read again');
    assert.equal(index.select(base).total, 3, 'counts need no order');
    index.rank([rows[1]!.id, rows[2]!.id, rows[0]!.id], rows.map((r) => r.id).reverse(), rows[2]!.created_at);
    assert.deepEqual(index.select(base).page, [rows[1]!.id, rows[2]!.id, rows[0]!.id]);
    index.unrank([rows[1]!.id]);
    assert.equal(index.select(base).page, null);
  });

  it('places a new resource first in newest order at once, and leaves out other statuses and exclusions', () => {
    const index = loaded();
    const added: ResidentRow = {
      ...rows[2]!,
      id: '0190a1b2-0000-7000-8000-000000000043',
      created_at: '2026-02-01T00:00:00.000Z',
      updated_at: '2026-02-01T00:00:00.000Z',
      status: 'draft',
      search_key: 4,
    };
    index.apply([added]);
    assert.deepEqual(index.select({ ...base, sort: 'newest', statuses: ['draft', 'published'], limit: 1 }).page, [
      added.id,
    ]);
    assert.equal(index.select({ ...base, sort: 'newest' }).total, 3, 'drafts only when asked');
    assert.equal(index.select({ ...base, sort: 'newest', excluded: [rows[0]!.id] }).total, 2);
  });

  it('follows the store by datestamp, and a failed refresh does not stop later ones', async () => {
    const store = new Map(rows.map((r) => [r.id, { ...r }]));
    let failNext = false;
    const source: ResidentSource = {
      rowsAfter: async (after, limit) =>
        [...store.values()]
          .filter((r) => r.id > after)
          .sort((a, b) => a.id.localeCompare(b.id))
          .slice(0, limit),
      rowsByIds: async (ids) => ids.map((id) => store.get(id)!).filter(Boolean),
      changedSince: async (since) => {
        if (failNext) {
          failNext = false;
          throw new Error('store unreachable');
        }
        return [...store.values()]
          .filter((r) => r.updated_at > since)
          .map((r) => ({ id: r.id, updated_at: r.updated_at }));
      },
      sortOrders: async () => ({
        byTitle: [...store.values()].sort((a, b) => a.sort_title.localeCompare(b.sort_title)).map((r) => r.id),
        byNewest: [...store.values()].sort((a, b) => b.created_at.localeCompare(a.created_at)).map((r) => r.id),
        latestCreated: '2026-01-01T10:00:02.000Z',
      }),
    };
    let ordersFail = false;
    const sortOrders = source.sortOrders;
    source.sortOrders = async () => {
      if (ordersFail) throw new Error('store unreachable');
      return sortOrders();
    };
    // Sorting in the background, as on a large catalogue.
    const catalogue = new ResidentCatalogue(source, { rankInlineUpTo: 0 });
    assert.equal(await catalogue.current(), null, 'null while loading');
    await catalogue.load();
    assert.equal((await catalogue.current())!.select(base).total, 3);
    // Another process withdraws a record: its datestamp tells.
    store.set(rows[0]!.id, { ...rows[0]!, status: 'withdrawn', updated_at: new Date().toISOString() });
    failNext = true;
    await assert.rejects(catalogue.current(), /store unreachable/);
    assert.equal((await catalogue.current())!.select(base).total, 2);
    // A retitled record while the store cannot give its order: the page waits, nothing breaks.
    ordersFail = true;
    store.set(rows[1]!.id, {
      ...rows[1]!,
      sort_title: 'zee bij nacht',
      updated_at: new Date(Date.now() + 1).toISOString(),
    });
    assert.equal((await catalogue.current())!.select(base).page, null);
    await new Promise((r) => setTimeout(r, 20));
    ordersFail = false;
    await catalogue.current();
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual((await catalogue.current())!.select(base).page, [rows[2]!.id, rows[1]!.id]);
  });

  it('counts the same by bitsets and by walking terms, as a plain reading of the rows does, through changes', () => {
    // Values skewed as in the catalogue: some held by most resources (bitsets), most by few (lists).
    const rnd = random(7);
    const schemes = {
      kind: ['heritage', 'material'],
      language: ['nl', 'en', 'fr'],
      period: ['1600', '1700', '1800', '1900', '2000'],
      objective: Array.from({ length: 60 }, (_, i) => `k${i}`),
      subject: Array.from({ length: 25 }, (_, i) => `s${i}`),
    };
    const skewed = (values: string[]) => values[Math.floor(values.length * rnd() ** 3)]!;
    const state = new Map<string, ResidentRow>();
    const row = (i: number, version: number): ResidentRow => {
      const terms = new Set<string>([`kind\t${skewed(schemes.kind)}`, `language\t${skewed(schemes.language)}`]);
      if (rnd() < 0.8) terms.add(`period\t${skewed(schemes.period)}`);
      // A value common among the first resources only: a bitset at first, a list again later.
      if (i < 40 && version === 0) terms.add('type\tearly');
      for (let n = Math.floor(rnd() * 4); n > 0; n--) terms.add(`objective\t${skewed(schemes.objective)}`);
      for (let n = Math.floor(rnd() * 3); n > 0; n--) terms.add(`subject\t${skewed(schemes.subject)}`);
      const id = `doc-${String(i).padStart(6, '0')}`;
      return {
        id,
        status: rnd() < 0.9 ? 'published' : rnd() < 0.5 ? 'draft' : 'withdrawn',
        updated_at: new Date(Date.UTC(2026, 0, 1, 0, 0, version)).toISOString(),
        created_at: '2026-01-01T00:00:00.000Z',
        sort_title: id,
        terms: [...terms].join('\n'),
        search_key: i + 1,
        quality: rnd(),
        text: null,
      };
    };
    const index = new ResidentIndex();
    const apply = (rows: ResidentRow[]) => {
      index.apply(rows);
      for (const r of rows) state.set(r.id, r);
    };
    const check = (label: string) => {
      const ids = [...state.keys()].sort();
      index.rank(ids, ids, '2026-01-01T00:00:00.000Z');
      const matched = ids.filter(() => rnd() < 0.3);
      const queries: ResidentQuery[] = [
        { ...base, facetSchemes: ['kind', 'language', 'period', 'objective', 'subject', 'type'] },
        {
          ...base,
          terms: { kind: ['heritage'], period: ['1800', '1900'] },
          facetSchemes: ['kind', 'language', 'period', 'objective', 'subject'],
        },
        {
          ...base,
          terms: { language: ['nl'], objective: ['k1', 'k40'], subject: ['s0'] },
          statuses: ['published', 'draft'],
          facetSchemes: ['kind', 'language', 'objective', 'subject'],
          excluded: ids.filter(() => rnd() < 0.05),
        },
        {
          ...base,
          terms: { objective: ['k59'] },
          sort: 'relevance',
          matches: { by: 'id', ids: matched, scores: matched.map(() => -Math.floor(rnd() * 5)) },
          facetSchemes: ['kind', 'objective', 'period'],
          limit: 15,
        },
      ];
      for (const [q, query] of queries.entries()) {
        const expected = plainReading([...state.values()], query);
        for (const counting of ['walk', 'bits', 'auto'] as Counting[]) {
          const result = index.select(query, counting);
          const got = Object.fromEntries(result.counts.map((c) => [`${c.scheme}\t${c.concept_id}`, c.n]));
          assert.equal(result.total, expected.total, `${label}, query ${q}, ${counting}: total`);
          assert.deepEqual(got, expected.counts, `${label}, query ${q}, ${counting}: counts`);
          if (query.sort === 'title')
            assert.deepEqual(result.page, expected.page, `${label}, query ${q}, ${counting}: page`);
        }
      }
    };
    // Growing from one capacity to the next (lists become bitsets and back), then rewrites.
    for (let i = 0; i < 300; i++) apply([row(i, 0)]);
    check('300 resources');
    for (let i = 300; i < 6000; i += 100) apply(Array.from({ length: 100 }, (_, j) => row(i + j, 0)));
    check('6,000 resources');
    for (let round = 1; round <= 3; round++)
      apply(Array.from({ length: 1500 }, () => row(Math.floor(rnd() * 6000), round)));
    check('after 4,500 rewrites');
  });
});

/** What a query selects, read plainly off the rows (the reference for the index). */
function plainReading(
  rows: ResidentRow[],
  query: ResidentQuery,
): { total: number; counts: Record<string, number>; page: string[] } {
  const matched = query.matches?.by === 'id' ? new Set(query.matches.ids) : null;
  const excluded = new Set((query.excluded as string[] | null) ?? []);
  const filters = Object.entries(query.terms).filter(([, values]) => values && values.length > 0) as [
    string,
    string[],
  ][];
  const counts: Record<string, number> = {};
  const results: string[] = [];
  for (const row of rows) {
    if (!query.statuses.includes(row.status) || (matched && !matched.has(row.id)) || excluded.has(row.id)) continue;
    const terms = (row.terms ?? '').split('\n').map((line) => line.split('\t') as [string, string]);
    const meets = (scheme: string, values: string[]) => terms.some(([s, c]) => s === scheme && values.includes(c));
    const missing = filters.filter(([scheme, values]) => !meets(scheme, values)).map(([scheme]) => scheme);
    if (missing.length === 0) results.push(row.id);
    for (const [scheme, concept] of terms) {
      if (!query.facetSchemes.includes(scheme as TermScheme)) continue;
      if (missing.length === 0 || (missing.length === 1 && missing[0] === scheme))
        counts[`${scheme}\t${concept}`] = (counts[`${scheme}\t${concept}`] ?? 0) + 1;
    }
  }
  return { total: results.length, counts, page: results.sort().slice(0, query.limit) };
}
