import { sql, type RawBuilder } from 'kysely';
import type { MatchGroup, Matcher, MatchPlan } from './query.ts';
import {
  groupStems,
  matchDocs,
  phraseKey,
  planPhrases,
  type KnownPhrases,
  type ParsedText,
  type Postings,
} from './resident-text.ts';
import {
  analyseDocument,
  explanation,
  idf,
  parseScored,
  QUALITY_BOOST,
  reverse,
  termDictionary,
  type AnalysedDocument,
  type RankStats,
  type ScoreExplanation,
  type SearchIndex,
} from './search-index.ts';

/**
 * PostgreSQL: the analysed tokens as a tsvector built exactly (no text search parser in between),
 * title weight A, concepts and makers B, description C, other text D; makers also in a column of
 * their own for `maker:`. GIN indexes; pg_trgm on the term dictionary for typo candidates.
 * Ranking is BM25-style: per query group its idf times `ts_rank` with the field weights and
 * length normalisation, times the quality boost.
 */
const RANK_WEIGHTS = '{0.1, 0.2, 0.5, 1.0}';
/** The same weights in single precision by a position's weight letter (ts_rank's float4[]). */
const POSITION_WEIGHT: Record<string, number> = {
  D: Math.fround(0.1),
  C: Math.fround(0.2),
  B: Math.fround(0.5),
  A: Math.fround(1.0),
};
/** ts_rank's constant: the limit of Σ 1/i². */
const SUM_OF_INVERSE_SQUARES = 1.64493406685;
/** QUALITY_BOOST as PostgreSQL reads the parameter beside a `real` column. */
const QUALITY_BOOST_REAL = Math.fround(QUALITY_BOOST);
const MAX_POSITION = 16383;

/** The tsvector literal of fields with weights, positions kept, fields apart so phrases stay inside one. */
export function tsvectorLiteral(fields: { tokens: string[]; weight: 'A' | 'B' | 'C' | 'D' }[]): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  for (const { tokens, weight } of fields) {
    for (const token of tokens) {
      position = Math.min(position + 1, MAX_POSITION);
      const list = positions.get(token) ?? [];
      if (list.length < 255) list.push(`${position}${weight}`);
      positions.set(token, list);
    }
    position = Math.min(position + 1, MAX_POSITION);
  }
  return [...positions].map(([token, list]) => `'${token}':${list.join(',')}`).join(' ');
}

/**
 * A stored tsvector's text (`'stem':1A,2 'other':3C`) as stems with their part of ts_rank: over the
 * stem's positions in order, Σ weight/(j+1)² plus the largest weight less its own share (as
 * PostgreSQL's calc_rank_or computes it, in single precision); the length is the positions in all.
 */
export function parseTsvector(stored: string, phrases: KnownPhrases | null = null): ParsedText {
  const terms: string[] = [];
  const values: number[] = [];
  // The positions of stems that known phrases hold (a phrase matches at consecutive positions).
  const positions = new Map<string, number[]>();
  let length = 0;
  let at = 0;
  while (at < stored.length) {
    if (stored[at] !== "'") {
      at++;
      continue;
    }
    let term = '';
    at++;
    for (;;) {
      const c = stored[at++];
      if (c === undefined) break;
      if (c === '\\') {
        term += stored[at++] ?? '';
        continue;
      }
      if (c === "'") {
        if (stored[at] === "'") {
          term += "'";
          at++;
          continue;
        }
        break;
      }
      term += c;
    }
    let sum = 0;
    let largest = -1;
    let largestAt = 0;
    let j = 0;
    const kept: number[] | null = phrases?.stems.has(term) ? [] : null;
    if (kept) positions.set(term, kept);
    if (stored[at] === ':') {
      at++;
      for (;;) {
        let position = 0;
        for (; at < stored.length && stored.charCodeAt(at) >= 48 && stored.charCodeAt(at) <= 57; at++)
          position = position * 10 + stored.charCodeAt(at) - 48;
        kept?.push(position);
        const letter = stored[at];
        const weight = POSITION_WEIGHT[letter === 'A' || letter === 'B' || letter === 'C' ? letter : 'D']!;
        if (letter === 'A' || letter === 'B' || letter === 'C' || letter === 'D') at++;
        sum = Math.fround(sum + Math.fround(weight / ((j + 1) * (j + 1))));
        if (weight > largest) {
          largest = weight;
          largestAt = j;
        }
        j++;
        if (stored[at] !== ',') break;
        at++;
      }
    } else {
      // No positions: one occurrence of weight D.
      sum = POSITION_WEIGHT.D!;
      largest = sum;
      j = 1;
    }
    length += j;
    terms.push(term);
    values.push(Math.fround(Math.fround(largest + sum) - Math.fround(largest / ((largestAt + 1) * (largestAt + 1)))));
  }
  // Known phrases as terms of their own (PostgreSQL needs only which resources hold them).
  if (phrases)
    for (const key of phrases.present(positions)) {
      terms.push(key);
      values.push(0);
    }
  return { terms, values, length };
}

const LOG_LENGTHS: number[] = [];

/** log2(1 + a document's positions), as ts_rank's length normalisation computes it (cached). */
function logLength(length: number): number {
  if (length < 65536) return (LOG_LENGTHS[length] ??= Math.log(length + 1) / Math.log(2.0));
  return Math.log(length + 1) / Math.log(2.0);
}

/** ts_rank from a group's summed parts: divided by its number of stems and by log2(1 + positions), in single precision. */
function groupRank(parts: number, stems: number, length: number): number {
  return Math.fround(Math.fround(parts / stems) / logLength(length));
}

/** `1 + 0.3 * quality` as PostgreSQL computes it beside a `real` column. */
function qualityBoost(quality: number): number {
  return 1 + Math.fround(QUALITY_BOOST_REAL * Math.fround(quality));
}

function documentLiterals(doc: AnalysedDocument): { document: string; maker: string } {
  const f = doc.fields;
  return {
    document: tsvectorLiteral([
      { tokens: f.title, weight: 'A' },
      { tokens: f.concepts, weight: 'B' },
      { tokens: f.maker, weight: 'B' },
      { tokens: f.description, weight: 'C' },
      { tokens: f.other, weight: 'D' },
    ]),
    maker: tsvectorLiteral([{ tokens: f.maker, weight: 'D' }]),
  };
}

function matcherQuery(m: Matcher, weight: string): string {
  switch (m.type) {
    case 'term':
      return `'${m.term}'${weight ? `:${weight}` : ''}`;
    case 'prefix':
      return `'${m.prefix}':*${weight}`;
    case 'phrase':
      return `(${m.terms.map((t) => `'${t}'${weight ? `:${weight}` : ''}`).join(' <-> ')})`;
    case 'all':
      return `(${m.of.map((x) => matcherQuery(x, weight)).join(' & ')})`;
    case 'any':
      return `(${m.of.map((x) => matcherQuery(x, weight)).join(' | ')})`;
  }
}

/** The tsquery of a group; `maker:` groups query the maker column, `titel:` weight A. */
export function groupQuery(group: MatchGroup): string {
  return `(${group.any.map((m) => matcherQuery(m, group.field === 'title' ? 'A' : '')).join(' | ')})`;
}

function conditions(plan: MatchPlan): RawBuilder<unknown> {
  if (plan.combine === 'any') {
    // Some of the words (never with fields: see relaxPlan), none of the excluded ones.
    const some = `(${plan.must.map(groupQuery).join(' | ')})`;
    return sql`document @@ cast(${[some, ...plan.mustNot.map((g) => `!${groupQuery(g)}`)].join(' & ')} as tsquery)`;
  }
  const main = plan.must.filter((g) => g.field !== 'maker').map(groupQuery);
  const maker = plan.must.filter((g) => g.field === 'maker').map(groupQuery);
  for (const g of plan.mustNot) (g.field === 'maker' ? maker : main).push(`!${groupQuery(g)}`);
  const parts: RawBuilder<unknown>[] = [];
  if (main.length) parts.push(sql`document @@ cast(${main.join(' & ')} as tsquery)`);
  if (maker.length) parts.push(sql`maker @@ cast(${maker.join(' & ')} as tsquery)`);
  return sql.join(parts, sql` and `);
}

/** Σ idf(group) · ts_rank(group) over the plan's groups, with the given weights. */
function rankExpression(plan: MatchPlan, stats: RankStats, weights: string): RawBuilder<number> {
  const terms = plan.must.map((g, i) => {
    const weight = idf(stats.documents, stats.groupDocs[i] ?? 0);
    const column = g.field === 'maker' ? sql`maker` : sql`document`;
    return sql`${weight}::float8 * ts_rank(cast(${weights} as float4[]), ${column}, cast(${groupQuery(g)} as tsquery), 1)`;
  });
  return sql<number>`(${sql.join(terms, sql` + `)})`;
}

export const postgresSearchIndex: SearchIndex = {
  engine: 'postgres-tsvector',

  async upsert(db, doc) {
    const analysed = analyseDocument(doc);
    const old = await sql<{
      terms: string[];
    }>`select tsvector_to_array(document) as terms from resource_search where resource_id = ${doc.id}`.execute(db);
    if (old.rows[0])
      await termDictionary.adjust(
        db,
        [{ id: doc.id, fields: analysed.fields, quality: 0, terms: new Map(old.rows[0].terms.map((t) => [t, t])) }],
        -1,
      );
    const { document, maker } = documentLiterals(analysed);
    await sql`insert into resource_search (resource_id, document, maker, quality) values (${doc.id}, cast(${document} as tsvector), cast(${maker} as tsvector), ${analysed.quality})
      on conflict (resource_id) do update set document = excluded.document, maker = excluded.maker, quality = excluded.quality`.execute(
      db,
    );
    await termDictionary.adjust(db, [analysed], 1);
  },

  async insertMany(db, docs) {
    const analysed = docs.map(analyseDocument);
    for (let i = 0; i < analysed.length; i += 200) {
      const chunk = analysed.slice(i, i + 200).map((d) => {
        const { document, maker } = documentLiterals(d);
        return sql`(${d.id}, cast(${document} as tsvector), cast(${maker} as tsvector), ${d.quality})`;
      });
      if (chunk.length)
        await sql`insert into resource_search (resource_id, document, maker, quality) values ${sql.join(chunk)}`.execute(
          db,
        );
    }
    await termDictionary.adjust(db, analysed, 1);
  },

  async remove(db, id) {
    const old = await sql<{
      terms: string[];
    }>`delete from resource_search where resource_id = ${id} returning tsvector_to_array(document) as terms`.execute(
      db,
    );
    if (old.rows[0])
      await termDictionary.adjust(
        db,
        [
          {
            id,
            fields: {} as AnalysedDocument['fields'],
            quality: 0,
            terms: new Map(old.rows[0].terms.map((t) => [t, t])),
          },
        ],
        -1,
      );
  },

  async clear(db) {
    await sql`delete from resource_search`.execute(db);
    await termDictionary.clear(db);
  },

  async similar(db, term) {
    const rows = await sql<{ term: string; word: string; docs: number }>`select term, word, docs from search_term
      where term % ${term} and docs > 0 order by similarity(term, ${term}) desc, docs desc limit 200`.execute(db);
    return rows.rows.map((r) => ({ term: r.term, word: r.word, docs: Number(r.docs) }));
  },

  async endingWith(db, term, limit) {
    // A prefix LIKE on the reversed term uses its text_pattern_ops index, whatever the collation.
    const rows = await sql<{ term: string; word: string; docs: number }>`select term, word, docs from search_term
      where reversed like ${`${reverse(term)}%`} and length(term) >= ${term.length + 3} and docs > 0
      order by docs desc, term collate "C" limit ${limit}`.execute(db);
    return rows.rows.map((r) => ({ term: r.term, word: r.word, docs: Number(r.docs) }));
  },

  match(plan, stats) {
    return sql<{
      resource_id: string;
      score: number;
    }>`(select resource_id, -(${rankExpression(plan, stats, RANK_WEIGHTS)}) * (1 + ${QUALITY_BOOST} * quality) as score
      from resource_search where ${conditions(plan)})`;
  },

  async matchAll(db, plan, stats, options = {}) {
    if (options.scores === false) {
      const ids = await sql<{
        s: string | null;
      }>`select string_agg(resource_id, ',') as s from resource_search where ${conditions(plan)}`.execute(db);
      return parseScored(ids.rows[0]?.s ?? null, false);
    }
    // float8 as text is exact (the shortest form that reads back to the same number).
    const found = await sql<{
      s: string | null;
    }>`select string_agg(m.resource_id || ' ' || m.score::text, ',') as s from ${this.match(plan, stats)} m`.execute(
      db,
    );
    return parseScored(found.rows[0]?.s ?? null);
  },

  residentColumns() {
    return {
      key: sql<number | null>`null`,
      quality: sql<number | null>`(select s.quality from resource_search s where s.resource_id = r.id)`,
      text: sql<string | null>`(select s.document::text from resource_search s where s.resource_id = r.id)`,
    };
  },

  parseResident(stored, phrases = null) {
    return parseTsvector(stored, phrases);
  },

  async matchResident(db, view, plan, stats, options = {}) {
    // ts_rank of a group whose query is a single phrase goes by positions (calc_rank_and): the store ranks it.
    if (plan.must.some((g) => g.any.length === 1 && g.any[0]!.type === 'phrase')) return null;
    // Phrases need positions, which the postings do not keep: known phrases have postings of their
    // own, PostgreSQL gives the resources of others.
    const phrasePostings = new Map<string, Postings>();
    for (const terms of planPhrases(plan)) {
      if (view.phrases?.has(terms)) {
        phrasePostings.set(phraseKey(terms), view.text.postings(phraseKey(terms)));
        continue;
      }
      const found = await sql<{ s: string | null }>`select string_agg(resource_id, ',') as s from resource_search
        where document @@ cast(${matcherQuery({ type: 'phrase', terms }, '')} as tsquery)`.execute(db);
      const ids = found.rows[0]?.s ? found.rows[0].s.split(',') : [];
      const docs = new Int32Array(ids.length);
      let n = 0;
      for (const id of ids) {
        const doc = view.docOf(id);
        if (doc >= 0) docs[n++] = doc;
      }
      phrasePostings.set(phraseKey(terms), { docs: docs.subarray(0, n), values: new Float32Array(n) });
    }
    const { docs, phrases } = matchDocs(view.text, plan, view.scratch, view.size, phrasePostings);
    const scores = new Float64Array(docs.length);
    if (options.scores === false) return { by: 'doc', docs, scores, boosted: true };
    const lone = plan.must[0]!.any[0]!;
    if (phrases.length === 1 && phrases[0]!.postings.docs === docs && lone.type === 'term') {
      // One word: each match's score straight from its posting (the steps below with one stem).
      const weight = idf(stats.documents, stats.groupDocs[0] ?? 0);
      const { values } = phrases[0]!.postings;
      for (let j = 0; j < docs.length; j++) {
        const doc = docs[j]!;
        scores[j] =
          -(weight * groupRank(Math.fround(values[j]! / SUM_OF_INVERSE_SQUARES), 1, view.text.lengths[doc]!)) *
          qualityBoost(view.quality[doc]!);
      }
      return { by: 'doc', docs, scores, boosted: true };
    }
    view.scratch.ensure(view.size);
    const { sums, partial } = view.scratch;
    const lengths = view.text.lengths;
    const summed: Int32Array[] = [];
    plan.must.forEach((group, g) => {
      // ts_rank of the group's query ('a' | 'b' | …): its distinct stems in byte order, each
      // present one adding its part (in single precision, as PostgreSQL computes it), the sum
      // divided by the number of stems and by log2(1 + the document's positions).
      // (Every stem of the group's query counts, phrases' stems too: calc_rank_or takes the query's operands.)
      const items = [...new Set(groupStems(group))].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      const weight = idf(stats.documents, stats.groupDocs[g] ?? 0);
      const postings = items.map((term) => view.text.postings(term));
      for (const p of postings) summed.push(p.docs);
      for (const { docs: with_, values } of postings) {
        for (let j = 0; j < with_.length; j++) {
          const doc = with_[j]!;
          partial[doc] = Math.fround(partial[doc]! + values[j]! / SUM_OF_INVERSE_SQUARES);
        }
      }
      for (const { docs: with_ } of postings) {
        for (let j = 0; j < with_.length; j++) {
          const doc = with_[j]!;
          const part = partial[doc]!;
          if (part === 0) continue;
          partial[doc] = 0;
          sums[doc]! += weight * groupRank(part, items.length, lengths[doc]!);
        }
      }
    });
    for (let j = 0; j < docs.length; j++) {
      const doc = docs[j]!;
      scores[j] = -sums[doc]! * qualityBoost(view.quality[doc]!);
    }
    for (const list of summed) for (const doc of list) sums[doc] = 0;
    return { by: 'doc', docs, scores, boosted: true };
  },

  matchGroup(group) {
    const column = group.field === 'maker' ? sql`maker` : sql`document`;
    return sql<{
      resource_id: string;
    }>`(select resource_id from resource_search where ${column} @@ cast(${groupQuery(group)} as tsquery))`;
  },

  async explain(db, plan, stats, ids) {
    const out = new Map<string, ScoreExplanation>();
    if (ids.length === 0 || plan.must.length === 0) return out;
    // Weights with one class at its value and the others 0 give that field's part of the score.
    const classes = [
      { name: 'title', weights: '{0, 0, 0, 1.0}' },
      { name: 'concepts+maker', weights: '{0, 0, 0.5, 0}' },
      { name: 'description', weights: '{0, 0.2, 0, 0}' },
      { name: 'other', weights: '{0.1, 0, 0, 0}' },
    ] as const;
    const rows = await sql<
      Record<string, number | string>
    >`select resource_id, quality, ${rankExpression(plan, stats, RANK_WEIGHTS)} as text,
      ${sql.join(classes.map((c) => sql`${rankExpression(plan, stats, c.weights)} as ${sql.ref(c.name)}`))}
      from resource_search where resource_id in (${sql.join(ids)}) and ${conditions(plan)}`.execute(db);
    for (const r of rows.rows) {
      const fields = Object.fromEntries(classes.map((c) => [c.name, Number(r[c.name])]));
      out.set(String(r.resource_id), explanation('postgres ts_rank × idf', fields, Number(r.text), Number(r.quality)));
    }
    return out;
  },
};
