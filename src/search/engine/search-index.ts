import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { analysisLanguage, isStopword, stem, words } from './analysis.ts';
import { planTerms, type MatchGroup, type MatchPlan } from './query.ts';
import type { KnownPhrases, ParsedText, ResidentText, Scratch } from './resident-text.ts';

/** The text of one resource as the index sees it, by field (most weight first). */
export interface SearchDocument {
  id: string;
  /** The resource's language, which chooses the stemmer. */
  language: string | null;
  title: string;
  /** Keywords, subjects and learning objectives by name. */
  concepts: string;
  /** Creators' names (also searchable with `maker:`). */
  maker: string;
  description: string;
  /** Publisher, institution, period, alternative titles. */
  other: string;
  /** Metadata completeness and quality, 0–1: a small boost in ranking. */
  quality: number;
}

/** Field weights of the ranking: title > concepts and makers > description > other text. */
export const FIELD_WEIGHTS = { title: 10, concepts: 5, maker: 5, description: 2, other: 1 } as const;
export type IndexField = keyof typeof FIELD_WEIGHTS;
export const INDEX_FIELDS: IndexField[] = ['title', 'concepts', 'maker', 'description', 'other'];
/** How much a perfectly complete record's score grows: 30 %. */
export const QUALITY_BOOST = 0.3;

/** A document analysed for indexing: stems per field, and each stem's first surface word. */
export interface AnalysedDocument {
  id: string;
  fields: Record<IndexField, string[]>;
  quality: number;
  /** Distinct stems of the whole document with a word they came from (for the dictionary). */
  terms: Map<string, string>;
}

export function analyseDocument(doc: SearchDocument): AnalysedDocument {
  const language = analysisLanguage(doc.language);
  const terms = new Map<string, string>();
  const field = (text: string) => {
    const out: string[] = [];
    for (const word of words(text)) {
      if (isStopword(word)) continue;
      const s = stem(word, language);
      out.push(s);
      if (!terms.has(s)) terms.set(s, word);
    }
    return out;
  };
  return {
    id: doc.id,
    fields: {
      title: field(doc.title),
      concepts: field(doc.concepts),
      maker: field(doc.maker),
      description: field(doc.description),
      other: field(doc.other),
    },
    quality: Math.min(Math.max(doc.quality, 0), 1),
    terms,
  };
}

/** Statistics a ranking needs: documents in the index and per group the largest document frequency. */
export interface RankStats {
  documents: number;
  groupDocs: number[];
}

/** The parts of one result's score, for `explain=1`. */
export interface ScoreExplanation {
  engine: string;
  /** The text score each field alone would give (higher is better); with saturation they need not add up to `text`. */
  fields: Partial<Record<IndexField | 'concepts+maker', number>>;
  text: number;
  quality: number;
  /** The factor the quality boost multiplied the text score by. */
  boost: number;
  score: number;
}

/**
 * Full-text search over resources. One implementation per store (SQLite FTS5, PostgreSQL
 * tsvector + pg_trgm); both index the same analysed tokens (see `analysis.ts`), so the same
 * plan matches the same resources. Ranking is each engine's own and may differ within the
 * tolerance the contract suite states.
 */
export interface SearchIndex {
  readonly engine: string;
  /** Indexes a document; `isNew` promises it was never indexed (no lookup needed). */
  upsert(db: Kysely<Database>, doc: SearchDocument, isNew?: boolean): Promise<void>;
  /** Indexes documents never indexed before, in bulk. */
  insertMany(db: Kysely<Database>, docs: SearchDocument[]): Promise<void>;
  remove(db: Kysely<Database>, id: string): Promise<void>;
  /** Empties the index (before a rebuild). */
  clear(db: Kysely<Database>): Promise<void>;
  /** Known stems that may be a misspelling's correction (the planner picks by edit distance). */
  similar(db: Kysely<Database>, term: string): Promise<{ term: string; docs: number; word: string }[]>;
  /** Stems at least three letters longer that end in `term`, most documents first (compound heads). */
  endingWith(
    db: Kysely<Database>,
    term: string,
    limit: number,
  ): Promise<{ term: string; docs: number; word: string }[]>;
  /**
   * A subquery of `(resource_id, score)` for the resources matching every `must` group and no
   * `mustNot` group (the plan has at least one `must` group); lower score = better.
   */
  match(plan: MatchPlan, stats: RankStats): RawBuilder<{ resource_id: string; score: number }>;
  /**
   * Every resource the plan matches with its score, read as one aggregated string: hundreds of
   * thousands of matches cost a fraction of as many rows (for the in-memory index). Without
   * `scores` (for counts and other orders than relevance) every score is 0 and nothing is ranked.
   */
  matchAll(
    db: Kysely<Database>,
    plan: MatchPlan,
    stats: RankStats,
    options?: { scores?: boolean },
  ): Promise<MatchedSet>;
  /**
   * What the in-memory index keeps per resource (`r` is the resource): the engine's key of its
   * text where `matchAll` answers by key (else null), its quality, and its indexed text as the
   * engine stores it (for the in-memory postings, see resident-text.ts).
   */
  residentColumns(): {
    key: RawBuilder<number | null>;
    quality: RawBuilder<number | null>;
    text: RawBuilder<string | null>;
  };
  /**
   * A resource's stored text (from `residentColumns`) as stems with the values this engine's
   * ranking needs, and the known phrases it holds as terms of their own (by `phraseKey`).
   */
  parseResident(stored: string, phrases?: KnownPhrases | null): ParsedText;
  /**
   * `matchAll` over the in-memory postings instead of the store, with the very scores `match`
   * gives (for plans `residentMatchable` accepts; the store matches their phrases). Null when the
   * engine cannot rank this plan so: the store must answer.
   */
  matchResident(
    db: Kysely<Database>,
    view: ResidentTextView,
    plan: MatchPlan,
    stats: RankStats,
    options?: { scores?: boolean },
  ): Promise<MatchedSet | null>;
  /** A subquery of the resource ids one group matches (for queries that only exclude). */
  matchGroup(group: MatchGroup): RawBuilder<{ resource_id: string }>;
  /** The parts of the scores of the given results. */
  explain(
    db: Kysely<Database>,
    plan: MatchPlan,
    stats: RankStats,
    ids: string[],
  ): Promise<Map<string, ScoreExplanation>>;
}

/** What the catalogue needs of the engine: to keep the index in step with what it writes. */
export type IndexWriter = Pick<SearchIndex, 'engine' | 'upsert' | 'insertMany' | 'remove' | 'clear'>;

/** What the in-memory index needs of the engine: the stored text, parsed, and matching over it. */
export type ResidentSupport = Pick<SearchIndex, 'matchAll' | 'residentColumns' | 'parseResident' | 'matchResident'>;

/** The term dictionary both engines keep: documents per stem, for compounds, typos and idf. */
export const termDictionary = {
  /** Adds (or with negative counts removes) documents' terms; the empty term counts documents. */
  async adjust(db: Kysely<Database>, docs: AnalysedDocument[], sign: 1 | -1): Promise<void> {
    if (docs.length === 0) return;
    const counts = new Map<string, { n: number; word: string }>();
    for (const doc of docs) {
      for (const [term, word] of doc.terms) {
        const entry = counts.get(term);
        if (entry) entry.n++;
        else counts.set(term, { n: 1, word });
      }
    }
    counts.set('', { n: docs.length, word: '' });
    const rows = [...counts].map(([term, { n, word }]) => ({ term, word, docs: n * sign }));
    for (let i = 0; i < rows.length; i += 400) {
      const chunk = rows.slice(i, i + 400);
      await sql`insert into search_term (term, word, docs, reversed) values ${sql.join(chunk.map((r) => sql`(${r.term}, ${r.word}, ${r.docs}, ${reverse(r.term)})`))}
        on conflict (term) do update set docs = search_term.docs + excluded.docs`.execute(db);
    }
  },

  async lookup(db: Kysely<Database>, terms: string[]): Promise<Map<string, { docs: number; word: string }>> {
    const found = new Map<string, { docs: number; word: string }>();
    const unique = [...new Set(terms)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await sql<{
        term: string;
        word: string;
        docs: number;
      }>`select term, word, docs from search_term where term in (${sql.join(unique.slice(i, i + 500))})`.execute(db);
      for (const row of rows.rows)
        if (Number(row.docs) > 0) found.set(row.term, { docs: Number(row.docs), word: row.word });
    }
    return found;
  },

  async clear(db: Kysely<Database>): Promise<void> {
    await sql`delete from search_term`.execute(db);
  },
};

/** An explanation from an engine's raw parts: rounded, with the quality boost applied. */
export function explanation(
  engine: string,
  fields: ScoreExplanation['fields'],
  text: number,
  quality: number,
): ScoreExplanation {
  const round = (value: number) => Math.round(value * 10000) / 10000;
  const boost = 1 + QUALITY_BOOST * quality;
  const rounded = Object.fromEntries(
    Object.entries(fields)
      .filter(([, v]) => v !== 0)
      .map(([k, v]) => [k, round(v!)]),
  );
  return {
    engine,
    fields: rounded,
    text: round(text),
    quality: round(quality),
    boost: round(boost),
    score: round(text * boost),
  };
}

/** A term written backwards (the `reversed` column: "ends with" as a prefix range). */
export function reverse(text: string): string {
  return [...text].reverse().join('');
}

/** Ranking statistics of a plan: the number of documents and, per must group, its most frequent term's documents. */
export async function rankStats(db: Kysely<Database>, plan: MatchPlan): Promise<RankStats> {
  const lists = plan.must.map(planTerms);
  const found = await termDictionary.lookup(db, ['', ...lists.flat()]);
  return {
    documents: Math.max(found.get('')?.docs ?? 0, 1),
    groupDocs: lists.map((terms) => Math.max(0, ...terms.map((t) => found.get(t)?.docs ?? 0))),
  };
}

/** BM25's inverse document frequency. */
export function idf(documents: number, docs: number): number {
  return Math.log(1 + (documents - docs + 0.5) / (docs + 0.5));
}

/**
 * What `matchAll` gives: resource ids with their scores as `match` has them, or the engine's keys
 * of the resources with their text scores, which `boostedScore` turns into those same scores.
 */
export type MatchedSet =
  | { by: 'id'; ids: string[]; scores: number[] }
  | { by: 'key'; keys: Int32Array; texts: Float64Array }
  /**
   * From the in-memory postings: the in-memory index's docs, with their scores as `match` has
   * them (`boosted`), or with text scores that `boostedScore(round12(text), quality)` turns into them.
   */
  | { by: 'doc'; docs: Int32Array; scores: Float64Array; boosted: boolean };

/** The in-memory postings with what ranking needs beside them: per doc its quality, and scratch space. */
export interface ResidentTextView {
  text: ResidentText;
  /** The phrases the postings hold (the store matches others). */
  phrases: KnownPhrases | null;
  scratch: Scratch;
  /** The doc space's size. */
  size: number;
  quality: Float64Array;
  /** The doc of a resource, or of an engine's key (see `residentColumns`); -1 when the index does not hold it. */
  docOf(id: string): number;
  docOfKey(key: number): number;
}

/** A text score (rounded to 12 decimals) with the quality boost, rounded to 9 decimals as SQLite's `round(x, 9)` does. */
export function boostedScore(text: number, quality: number): number {
  return Number((text * (1.0 + QUALITY_BOOST * quality)).toFixed(9));
}

/**
 * The `key score` pairs of a by-key `matchAll`, comma-separated (keys are whole numbers); with
 * `scored` false, keys only.
 */
export function parseKeyed(text: string | null, scored = true): { keys: Int32Array; texts: Float64Array } {
  if (!text) return { keys: new Int32Array(0), texts: new Float64Array(0) };
  let pairs = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) pairs++;
  const keys = new Int32Array(pairs);
  const texts = new Float64Array(pairs);
  let at = 0;
  for (let n = 0; n < pairs; n++) {
    let key = 0;
    let c = text.charCodeAt(at);
    while (c >= 48 && c <= 57) {
      key = key * 10 + c - 48;
      c = text.charCodeAt(++at);
    }
    keys[n] = key;
    if (scored) {
      let comma = text.indexOf(',', at);
      if (comma < 0) comma = text.length;
      texts[n] = Number(text.slice(at + 1, comma));
      at = comma + 1;
    } else {
      at++;
    }
  }
  return { keys, texts };
}

/** The `id score` pairs of a by-id `matchAll`, comma-separated, as the engines aggregate them. */
export function parseScored(text: string | null, scored = true): MatchedSet {
  const ids: string[] = [];
  const scores: number[] = [];
  if (!text) return { by: 'id', ids, scores };
  if (!scored) {
    for (const id of text.split(',')) {
      ids.push(id);
      scores.push(0);
    }
    return { by: 'id', ids, scores };
  }
  let at = 0;
  while (at < text.length) {
    const space = text.indexOf(' ', at);
    let comma = text.indexOf(',', space);
    if (comma < 0) comma = text.length;
    ids.push(text.slice(at, space));
    scores.push(Number(text.slice(space + 1, comma)));
    at = comma + 1;
  }
  return { by: 'id', ids, scores };
}
