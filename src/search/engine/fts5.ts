import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Field, MatchGroup, Matcher, MatchPlan } from './query.ts';
import { matchDocs, phraseKey, planPhrases, type Postings } from './resident-text.ts';
import {
  analyseDocument,
  explanation,
  FIELD_WEIGHTS,
  INDEX_FIELDS,
  parseKeyed,
  QUALITY_BOOST,
  reverse,
  termDictionary,
  type AnalysedDocument,
  type ResidentTextView,
  type ScoreExplanation,
  type SearchIndex,
} from './search-index.ts';

/** Postings of the rows FTS5 gave (by rowid) that the in-memory index holds, each value from its score. */
function held(
  view: ResidentTextView,
  keys: Int32Array,
  scores: Float64Array,
  value: (doc: number, score: number) => number,
): Postings {
  const docs = new Int32Array(keys.length);
  const values = new Float32Array(keys.length);
  let n = 0;
  for (let i = 0; i < keys.length; i++) {
    const doc = view.docOfKey(keys[i]!);
    if (doc < 0) continue;
    docs[n] = doc;
    values[n++] = value(doc, scores[i]!);
  }
  return { docs: docs.subarray(0, n), values: values.subarray(0, n) };
}

/**
 * SQLite FTS5 over the analysed tokens (one column per field) with BM25 and the field weights.
 * FTS rows are addressed by rowid (a column of an FTS table cannot be indexed), so a small key
 * table maps resource ids to FTS rowids: updates and deletes stay O(log n).
 */
const COLUMN_WEIGHTS = INDEX_FIELDS.map((f) => FIELD_WEIGHTS[f]);
const WEIGHTS = COLUMN_WEIGHTS.map((w) => w.toFixed(1)).join(', ');
/** FTS5's bm25() constants. */
const K1 = 1.2;
const B = 0.75;

/** One phrase's part of FTS5's bm25() for a row: its weighted count `f` saturated and normalised by the row's length. */
function bm25Part(idf: number, f: number, length: number, avgdl: number): number {
  return idf * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * length) / avgdl)));
}
const COLUMN: Record<Field, string> = { title: 'title', maker: 'maker' };

function matcherExpression(m: Matcher): string {
  switch (m.type) {
    case 'term':
      return `"${m.term}"`;
    case 'prefix':
      return `"${m.prefix}"*`;
    case 'phrase':
      return `"${m.terms.join(' ')}"`;
    case 'all':
      return `(${m.of.map(matcherExpression).join(' AND ')})`;
    case 'any':
      return `(${m.of.map(matcherExpression).join(' OR ')})`;
  }
}

function groupExpression(group: MatchGroup): string {
  const expression = `(${group.any.map(matcherExpression).join(' OR ')})`;
  return group.field ? `{${COLUMN[group.field]}} : ${expression}` : expression;
}

/** The FTS5 MATCH expression of a plan (at least one must group). */
export function fts5Expression(plan: MatchPlan): string {
  let expression = plan.must.map(groupExpression).join(plan.combine === 'any' ? ' OR ' : ' AND ');
  for (const group of plan.mustNot) expression = `(${expression}) NOT ${groupExpression(group)}`;
  return expression;
}

function row(doc: AnalysedDocument, rowid: number) {
  const f = doc.fields;
  return sql`(${rowid}, ${f.title.join(' ')}, ${f.concepts.join(' ')}, ${f.maker.join(' ')}, ${f.description.join(' ')}, ${f.other.join(' ')}, ${doc.quality})`;
}

/** The analysed document stored under a rowid, to take its terms out of the dictionary. */
async function stored(db: Kysely<Database>, rowid: number, id: string): Promise<AnalysedDocument | null> {
  const found = await sql<
    Record<string, string>
  >`select title, concepts, maker, description, other from resource_fts where rowid = ${rowid}`.execute(db);
  const fields = found.rows[0];
  if (!fields) return null;
  const terms = new Map<string, string>();
  for (const f of INDEX_FIELDS) for (const t of (fields[f] ?? '').split(' ')) if (t) terms.set(t, t);
  return { id, fields: {} as AnalysedDocument['fields'], quality: 0, terms };
}

export const fts5SearchIndex: SearchIndex = {
  engine: 'sqlite-fts5',

  async upsert(db, doc, isNew = false) {
    const analysed = analyseDocument(doc);
    const existing = isNew
      ? { rows: [] }
      : await sql<{ fts_rowid: number }>`select fts_rowid from resource_fts_key where resource_id = ${doc.id}`.execute(
          db,
        );
    let rowid = existing.rows[0]?.fts_rowid;
    if (rowid !== undefined) {
      const old = await stored(db, rowid, doc.id);
      if (old) await termDictionary.adjust(db, [old], -1);
      await sql`delete from resource_fts where rowid = ${rowid}`.execute(db);
    } else {
      const inserted = await sql<{
        fts_rowid: number;
      }>`insert into resource_fts_key (resource_id) values (${doc.id}) returning fts_rowid`.execute(db);
      rowid = inserted.rows[0]!.fts_rowid;
    }
    await sql`insert into resource_fts (rowid, title, concepts, maker, description, other, quality) values ${row(analysed, rowid)}`.execute(
      db,
    );
    await termDictionary.adjust(db, [analysed], 1);
  },

  async insertMany(db, docs) {
    if (docs.length === 0) return;
    // One writer at a time on SQLite: rowids after the current maximum are ours within this transaction.
    const max = await sql<{ m: number | null }>`select max(fts_rowid) as m from resource_fts_key`.execute(db);
    let next = (max.rows[0]?.m ?? 0) + 1;
    const analysed = docs.map((d) => ({ rowid: next++, doc: analyseDocument(d) }));
    for (let i = 0; i < analysed.length; i += 200) {
      const chunk = analysed.slice(i, i + 200);
      await sql`insert into resource_fts_key (fts_rowid, resource_id) values ${sql.join(chunk.map((r) => sql`(${r.rowid}, ${r.doc.id})`))}`.execute(
        db,
      );
      await sql`insert into resource_fts (rowid, title, concepts, maker, description, other, quality) values ${sql.join(chunk.map((r) => row(r.doc, r.rowid)))}`.execute(
        db,
      );
    }
    await termDictionary.adjust(
      db,
      analysed.map((a) => a.doc),
      1,
    );
  },

  async remove(db, id) {
    const existing = await sql<{
      fts_rowid: number;
    }>`select fts_rowid from resource_fts_key where resource_id = ${id}`.execute(db);
    const rowid = existing.rows[0]?.fts_rowid;
    if (rowid === undefined) return;
    const old = await stored(db, rowid, id);
    if (old) await termDictionary.adjust(db, [old], -1);
    await sql`delete from resource_fts where rowid = ${rowid}`.execute(db);
    await sql`delete from resource_fts_key where fts_rowid = ${rowid}`.execute(db);
  },

  async clear(db) {
    await sql`delete from resource_fts`.execute(db);
    await sql`delete from resource_fts_key`.execute(db);
    await termDictionary.clear(db);
    await sql`delete from search_term_trigram`.execute(db);
  },

  async similar(db, term) {
    // Terms sharing the most trigrams with this one (like pg_trgm on PostgreSQL).
    const grams = [...new Set(Array.from({ length: Math.max(term.length - 2, 0) }, (_, i) => term.slice(i, i + 3)))];
    if (grams.length === 0) return [];
    const rows = await sql<{
      term: string;
      word: string;
      docs: number;
    }>`select t.term as term, t.word as word, t.docs as docs
      from (select term from search_term_trigram where search_term_trigram match ${grams.map((g) => `"${g}"`).join(' OR ')} order by rank limit 200) g
      join search_term t on t.term = g.term where t.docs > 0`.execute(db);
    return rows.rows.map((r) => ({ term: r.term, word: r.word, docs: Number(r.docs) }));
  },

  async endingWith(db, term, limit) {
    // SQLite compares text byte by byte: the prefix of the reversed term is an index range.
    const from = reverse(term);
    const rows = await sql<{ term: string; word: string; docs: number }>`select term, word, docs from search_term
      where reversed >= ${from} and reversed < ${`${from}\uffff`} and length(term) >= ${term.length + 3} and docs > 0
      order by docs desc, term limit ${limit}`.execute(db);
    return rows.rows.map((r) => ({ term: r.term, word: r.word, docs: Number(r.docs) }));
  },

  match(plan) {
    // The text score rounded to 12 decimals (its text form is then exact, for matchAll), boosted by
    // quality and rounded to 9, as boostedScore does in the in-memory index.
    return sql<{
      resource_id: string;
      score: number;
    }>`(select k.resource_id as resource_id, round(round(bm25(resource_fts, ${sql.raw(WEIGHTS)}), 12) * (1.0 + ${QUALITY_BOOST} * resource_fts.quality), 9) as score
      from resource_fts join resource_fts_key k on k.fts_rowid = resource_fts.rowid where resource_fts match ${fts5Expression(plan)})`;
  },

  async matchAll(db, plan, _stats, options = {}) {
    if (options.scores === false) {
      const keys = await sql<{
        s: string | null;
      }>`select group_concat(rowid, ',') as s from resource_fts where resource_fts match ${fts5Expression(plan)}`.execute(
        db,
      );
      return { by: 'key', ...parseKeyed(keys.rows[0]?.s ?? null, false) };
    }
    // By FTS rowid, without the quality (the in-memory index has both): no lookup per match but the
    // index's own. Materialised: bm25() cannot be evaluated inside the aggregate.
    const found = await sql<{
      s: string | null;
    }>`with m as materialized (select rowid as k, round(bm25(resource_fts, ${sql.raw(WEIGHTS)}), 12) as t
      from resource_fts where resource_fts match ${fts5Expression(plan)}) select group_concat(m.k || ' ' || m.t, ',') as s from m`.execute(
      db,
    );
    return { by: 'key', ...parseKeyed(found.rows[0]?.s ?? null) };
  },

  residentColumns() {
    const key = sql`(select fts_rowid from resource_fts_key where resource_id = r.id)`;
    return {
      key: sql<number | null>`${key}`,
      quality: sql<number | null>`(select f.quality from resource_fts f where f.rowid = ${key})`,
      text: sql<
        string | null
      >`(select f.title || char(9) || f.concepts || char(9) || f.maker || char(9) || f.description || char(9) || f.other from resource_fts f where f.rowid = ${key})`,
    };
  },

  parseResident(stored, phrases = null) {
    // The columns apart by tabs, their tokens by spaces (the analysed stems, as FTS5 tokenizes them).
    const weighted = new Map<string, number>();
    let length = 0;
    const columns = stored.split('\t');
    for (let c = 0; c < COLUMN_WEIGHTS.length; c++) {
      const weight = COLUMN_WEIGHTS[c]!;
      const tokens = (columns[c] ?? '').split(' ').filter((token) => token !== '');
      for (const token of tokens) weighted.set(token, (weighted.get(token) ?? 0) + weight);
      length += tokens.length;
      // A known phrase: like a stem, its weighted count (each occurrence in a column, as bm25() counts phrase instances).
      phrases?.count(tokens, (key) => weighted.set(key, (weighted.get(key) ?? 0) + weight));
    }
    return { terms: [...weighted.keys()], values: [...weighted.values()], length };
  },

  async matchResident(db, view, plan, _stats, options = {}) {
    // Phrases alone, some not known: FTS5 would do all the work anyway, in one statement instead of one per phrase.
    if (
      plan.must.every((g) => g.any.every((m) => m.type === 'phrase')) &&
      planPhrases(plan).some((terms) => !view.phrases?.has(terms))
    )
      return null;
    const scored = options.scores !== false;
    const rows = Math.max(view.text.documents, 1);
    const avgdl = view.text.total / rows;
    // Phrases need positions, which the postings do not keep: known phrases have postings of their
    // own; for others FTS5 gives their rows, and with their bm25() each row's weighted count of the
    // phrase, recovered whole from the score.
    const phrasePostings = new Map<string, Postings>();
    for (const terms of planPhrases(plan)) {
      if (view.phrases?.has(terms)) {
        phrasePostings.set(phraseKey(terms), view.text.postings(phraseKey(terms)));
        continue;
      }
      const expression = `"${terms.join(' ')}"`;
      if (!scored) {
        const found = await sql<{
          s: string | null;
        }>`select group_concat(rowid, ',') as s from resource_fts where resource_fts match ${expression}`.execute(db);
        const { keys } = parseKeyed(found.rows[0]?.s ?? null, false);
        phrasePostings.set(
          phraseKey(terms),
          held(view, keys, new Float64Array(keys.length), () => 0),
        );
        continue;
      }
      const found = await sql<{
        s: string | null;
      }>`with m as materialized (select rowid as k, bm25(resource_fts, ${sql.raw(WEIGHTS)}) as t
        from resource_fts where resource_fts match ${expression}) select group_concat(m.k || ' ' || m.t, ',') as s from m`.execute(
        db,
      );
      const { keys, texts } = parseKeyed(found.rows[0]?.s ?? null);
      const logarithm = Math.log((rows - keys.length + 0.5) / (keys.length + 0.5));
      const idf = logarithm <= 0 ? 1e-6 : logarithm;
      const lengths = view.text.lengths;
      // score = −idf·f·(k1+1) / (f + k1·(1 − b + b·D/avgdl)): f = a·K / (k1 + 1 − a) with a = −score/idf.
      phrasePostings.set(
        phraseKey(terms),
        held(view, keys, texts, (doc, score) => {
          const a = -score / idf;
          const k = K1 * (1 - B + (B * lengths[doc]!) / avgdl);
          return Math.round((a * k) / (K1 + 1.0 - a));
        }),
      );
    }
    const { docs, phrases } = matchDocs(view.text, plan, view.scratch, view.size, phrasePostings);
    const scores = new Float64Array(docs.length);
    if (!scored) return { by: 'doc', docs, scores, boosted: true };
    // FTS5's bm25(): per phrase (here a stem) its idf over the rows, the row's weighted count of it
    // saturated by k1 and normalised by the row's length against the average. The logarithm is the
    // store's own: JavaScript's may differ in the last bit.
    const ratios = phrases.map((p) => (rows - p.postings.docs.length + 0.5) / (p.postings.docs.length + 0.5));
    const logs = ratios.length
      ? (
          await sql<
            Record<string, number>
          >`select ${sql.join(ratios.map((r, i) => sql`ln(${r}) as ${sql.ref(`l${i}`)}`))}`.execute(db)
        ).rows[0]!
      : {};
    const lengths = view.text.lengths;
    if (phrases.length === 1 && phrases[0]!.postings.docs === docs) {
      // One word: each match's score straight from its posting.
      const logarithm = Number(logs.l0);
      const idf = logarithm <= 0 ? 1e-6 : logarithm;
      const { values } = phrases[0]!.postings;
      for (let j = 0; j < docs.length; j++) {
        const f = values[j]!;
        scores[j] = -1.0 * bm25Part(idf, f, lengths[docs[j]!]!, avgdl);
      }
      return { by: 'doc', docs, scores, boosted: false };
    }
    view.scratch.ensure(view.size);
    const sums = view.scratch.sums;
    phrases.forEach((phrase, i) => {
      const logarithm = Number(logs[`l${i}`]);
      const idf = logarithm <= 0 ? 1e-6 : logarithm;
      const { docs: with_, values } = phrase.postings;
      for (let j = 0; j < with_.length; j++) {
        const doc = with_[j]!;
        const f = values[j]!;
        sums[doc]! += bm25Part(idf, f, lengths[doc]!, avgdl);
      }
    });
    for (let j = 0; j < docs.length; j++) scores[j] = -1.0 * sums[docs[j]!]!;
    for (const phrase of phrases) for (const doc of phrase.postings.docs) sums[doc] = 0;
    return { by: 'doc', docs, scores, boosted: false };
  },

  matchGroup(group) {
    return sql<{
      resource_id: string;
    }>`(select k.resource_id as resource_id from resource_fts join resource_fts_key k on k.fts_rowid = resource_fts.rowid where resource_fts match ${groupExpression(group)})`;
  },

  async explain(db, plan, _stats, ids) {
    const out = new Map<string, ScoreExplanation>();
    if (ids.length === 0 || plan.must.length === 0) return out;
    // bm25() with one column weighted 1 and the others 0: the score that column alone would give.
    const parts = INDEX_FIELDS.map((field) =>
      sql.raw(`bm25(resource_fts, ${INDEX_FIELDS.map((f) => (f === field ? '1.0' : '0.0')).join(', ')}) as "${field}"`),
    );
    const rows = await sql<
      Record<string, number | string>
    >`select k.resource_id as resource_id, resource_fts.quality as quality,
      bm25(resource_fts, ${sql.raw(WEIGHTS)}) as text, ${sql.join(parts)}
      from resource_fts join resource_fts_key k on k.fts_rowid = resource_fts.rowid
      where resource_fts match ${fts5Expression(plan)} and k.resource_id in (${sql.join(ids)})`.execute(db);
    for (const r of rows.rows) {
      // BM25F saturates the weighted sum of a term's counts, so the fields' parts do not add up to the text score.
      const fields = Object.fromEntries(INDEX_FIELDS.map((f) => [f, -Number(r[f]) * FIELD_WEIGHTS[f]]));
      out.set(String(r.resource_id), explanation('sqlite-fts5 bm25', fields, -Number(r.text), Number(r.quality)));
    }
    return out;
  },
};
