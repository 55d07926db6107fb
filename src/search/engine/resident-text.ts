import type { MatchPlan } from './query.ts';

/**
 * The text index held in memory beside the catalogue's filters (ADR 0015): per stem, the resources
 * that contain it with one number the engine's ranking needs (FTS5: the weighted count of the stem
 * in the resource; PostgreSQL: the stem's part of `ts_rank`), and per resource its length. It is
 * read from what the store's own search index holds, so the engines' rankings can be recomputed
 * here exactly (each engine's `matchResident`), without asking the store to score every match.
 *
 * Postings live in blocks of one pool (no object per stem). A changed resource gets new postings;
 * its old ones are told apart by an epoch per resource and dropped when the pool is compacted.
 */

/** One resource's indexed text as the engine stores it, parsed: its stems with their values, and its length. */
export interface ParsedText {
  terms: string[];
  values: number[];
  /** FTS5: tokens in all columns; PostgreSQL: positions in the tsvector. */
  length: number;
}

/** The postings of one stem: resources (docs) and the engine's value per resource. */
export interface Postings {
  docs: Int32Array;
  values: Float32Array;
}

/**
 * Phrases whose postings the index keeps as a stem's, under the phrase's key (`phraseKey`: stems
 * joined by spaces, so never a stem itself): the synonyms' phrases, which many queries bring along
 * ("slavernij" also looks for "tot slaaf gemaakten"). The engines' parsers find them in a
 * resource's stored text; other phrases are matched by the store.
 */
export class KnownPhrases {
  private readonly byFirst = new Map<string, string[][]>();
  /** The keys of the phrases kept. */
  readonly keys = new Set<string>();
  /** Every stem some phrase holds. */
  readonly stems = new Set<string>();

  constructor(phrases: string[][]) {
    for (const terms of phrases) {
      const key = phraseKey(terms);
      if (terms.length < 2 || this.keys.has(key)) continue;
      this.keys.add(key);
      for (const term of terms) this.stems.add(term);
      this.byFirst.set(terms[0]!, [...(this.byFirst.get(terms[0]!) ?? []), terms]);
    }
  }

  has(terms: string[]): boolean {
    return this.keys.has(phraseKey(terms));
  }

  /** How often each phrase occurs in a sequence of stems (FTS5's column): by key, only those that do. */
  count(tokens: string[], into: (key: string) => void): void {
    for (let i = 0; i < tokens.length; i++) {
      const starting = this.byFirst.get(tokens[i]!);
      if (!starting) continue;
      for (const terms of starting) {
        let j = 1;
        while (j < terms.length && tokens[i + j] === terms[j]) j++;
        if (j === terms.length) into(phraseKey(terms));
      }
    }
  }

  /** The phrases whose stems stand at consecutive positions (PostgreSQL's `<->`), given each phrase stem's positions. */
  present(positions: Map<string, number[]>): string[] {
    const out: string[] = [];
    for (const [first, phrases] of this.byFirst) {
      const starts = positions.get(first);
      if (!starts) continue;
      for (const terms of phrases) {
        const rest = terms.slice(1).map((t) => positions.get(t));
        if (rest.some((p) => !p)) continue;
        if (starts.some((p) => rest.every((list, i) => list!.includes(p + i + 1)))) out.push(phraseKey(terms));
      }
    }
    return out;
  }
}

/** A doc a must-not group matches (in the marks of `matchDocs`). */
const EXCLUDED = 1 << 30;
/** Groups get a bit each below EXCLUDED. */
const MAX_GROUPS = 30;
const FIRST_BLOCK = 2;
const LARGEST_BLOCK = 4096;
/** An epoch about to wrap: the pool is compacted and every epoch starts again at 0. */
const LAST_EPOCH = 255;

export class ResidentText {
  private readonly termOf = new Map<string, number>();
  private termHead = new Int32Array(1024).fill(-1);
  private termTail = new Int32Array(1024).fill(-1);
  private terms = 0;

  private blockStart = new Int32Array(1024);
  private blockCap = new Int32Array(1024);
  private blockUsed = new Int32Array(1024);
  private blockNext = new Int32Array(1024);
  private blocks = 0;

  private poolDoc = new Int32Array(1 << 16);
  private poolValue = new Float32Array(1 << 16);
  private poolEpoch = new Uint8Array(1 << 16);
  private poolUsed = 0;

  private docEpoch = new Uint8Array(0);
  private docTerms = new Int32Array(0);
  /** Per doc its length, or -1 when it has no indexed text. */
  private docLength = new Int32Array(0);
  private live = 0;
  private stale = 0;
  private texts = 0;
  private totalLength = 0;

  /** Resources with indexed text. */
  get documents(): number {
    return this.texts;
  }

  /** The length of all indexed text together (FTS5's total token count). */
  get total(): number {
    return this.totalLength;
  }

  /** Per doc its length (-1: no indexed text). */
  get lengths(): Int32Array {
    return this.docLength;
  }

  private growDocs(min: number): void {
    if (min <= this.docEpoch.length) return;
    const capacity = Math.max(min, Math.ceil(this.docEpoch.length * 1.5), 1024);
    const epoch = new Uint8Array(capacity);
    epoch.set(this.docEpoch);
    this.docEpoch = epoch;
    const terms = new Int32Array(capacity);
    terms.set(this.docTerms);
    this.docTerms = terms;
    const length = new Int32Array(capacity).fill(-1);
    length.set(this.docLength);
    this.docLength = length;
  }

  private termId(term: string): number {
    let id = this.termOf.get(term);
    if (id !== undefined) return id;
    id = this.terms++;
    this.termOf.set(term, id);
    if (id >= this.termHead.length) {
      const capacity = Math.ceil(this.termHead.length * 1.5);
      const head = new Int32Array(capacity).fill(-1);
      head.set(this.termHead);
      this.termHead = head;
      const tail = new Int32Array(capacity).fill(-1);
      tail.set(this.termTail);
      this.termTail = tail;
    }
    return id;
  }

  private newBlock(cap: number): number {
    if (this.blocks >= this.blockStart.length) {
      const capacity = Math.ceil(this.blockStart.length * 1.5);
      const grow = (old: Int32Array) => {
        const next = new Int32Array(capacity);
        next.set(old);
        return next;
      };
      this.blockStart = grow(this.blockStart);
      this.blockCap = grow(this.blockCap);
      this.blockUsed = grow(this.blockUsed);
      this.blockNext = grow(this.blockNext);
    }
    if (this.poolUsed + cap > this.poolDoc.length) {
      const capacity = Math.max(this.poolUsed + cap, Math.ceil(this.poolDoc.length * 1.5));
      const doc = new Int32Array(capacity);
      doc.set(this.poolDoc.subarray(0, this.poolUsed));
      this.poolDoc = doc;
      const value = new Float32Array(capacity);
      value.set(this.poolValue.subarray(0, this.poolUsed));
      this.poolValue = value;
      const epoch = new Uint8Array(capacity);
      epoch.set(this.poolEpoch.subarray(0, this.poolUsed));
      this.poolEpoch = epoch;
    }
    const block = this.blocks++;
    this.blockStart[block] = this.poolUsed;
    this.blockCap[block] = cap;
    this.blockUsed[block] = 0;
    this.blockNext[block] = -1;
    this.poolUsed += cap;
    return block;
  }

  private append(term: number, doc: number, value: number, epoch: number): void {
    let block = this.termTail[term]!;
    if (block < 0 || this.blockUsed[block] === this.blockCap[block]) {
      const cap = block < 0 ? FIRST_BLOCK : Math.min(this.blockCap[block]! * 2, LARGEST_BLOCK);
      const next = this.newBlock(cap);
      if (block < 0) this.termHead[term] = next;
      else this.blockNext[block] = next;
      this.termTail[term] = next;
      block = next;
    }
    const at = this.blockStart[block]! + this.blockUsed[block]!++;
    this.poolDoc[at] = doc;
    this.poolValue[at] = value;
    this.poolEpoch[at] = epoch;
  }

  /** Sets a doc's text (null: it has none): its earlier postings become stale. */
  set(doc: number, text: ParsedText | null): void {
    this.growDocs(doc + 1);
    // Before the counts change: compaction keeps this doc's current postings, which `live` still counts.
    if (this.docEpoch[doc] === LAST_EPOCH) this.compact();
    if (this.docLength[doc]! >= 0) {
      this.texts--;
      this.totalLength -= this.docLength[doc]!;
      this.stale += this.docTerms[doc]!;
      this.live -= this.docTerms[doc]!;
    }
    const epoch = ++this.docEpoch[doc]!;
    if (!text) {
      this.docLength[doc] = -1;
      this.docTerms[doc] = 0;
      return;
    }
    for (let i = 0; i < text.terms.length; i++) this.append(this.termId(text.terms[i]!), doc, text.values[i]!, epoch);
    this.docLength[doc] = text.length;
    this.docTerms[doc] = text.terms.length;
    this.texts++;
    this.totalLength += text.length;
    this.live += text.terms.length;
    if (this.stale > Math.max(this.live, 1 << 16)) this.compact();
  }

  /**
   * The current postings of a stem (empty for an unknown one). Not copied when they are one block
   * without stale entries (as after a load): appends go after it or to a new block, and compaction
   * writes new arrays, so the view stays as it is.
   */
  postings(term: string): Postings {
    const id = this.termOf.get(term);
    if (id === undefined) return { docs: new Int32Array(0), values: new Float32Array(0) };
    const head = this.termHead[id]!;
    if (head >= 0 && this.blockNext[head] === -1) {
      const start = this.blockStart[head]!;
      const end = start + this.blockUsed[head]!;
      const { poolDoc, poolEpoch, docEpoch } = this;
      let current = true;
      for (let at = start; at < end; at++)
        if (poolEpoch[at] !== docEpoch[poolDoc[at]!]) {
          current = false;
          break;
        }
      if (current) return { docs: poolDoc.subarray(start, end), values: this.poolValue.subarray(start, end) };
    }
    let n = 0;
    for (let block = this.termHead[id]!; block >= 0; block = this.blockNext[block]!) n += this.blockUsed[block]!;
    const docs = new Int32Array(n);
    const values = new Float32Array(n);
    const { poolDoc, poolValue, poolEpoch, docEpoch } = this;
    let out = 0;
    for (let block = this.termHead[id]!; block >= 0; block = this.blockNext[block]!) {
      const start = this.blockStart[block]!;
      const end = start + this.blockUsed[block]!;
      for (let at = start; at < end; at++) {
        const doc = poolDoc[at]!;
        if (poolEpoch[at] !== docEpoch[doc]) continue;
        docs[out] = doc;
        values[out++] = poolValue[at]!;
      }
    }
    return out === n ? { docs, values } : { docs: docs.subarray(0, out), values: values.subarray(0, out) };
  }

  /**
   * Rewrites the pool with the current postings only, each stem's in one block of its exact size
   * (after loading, and when half the postings are stale or an epoch would wrap).
   */
  compact(): void {
    const size = this.live;
    const doc = new Int32Array(Math.max(size, 1024));
    const value = new Float32Array(doc.length);
    const blockStart = new Int32Array(Math.max(this.terms, 1024));
    const blockCap = new Int32Array(blockStart.length);
    const blockUsed = new Int32Array(blockStart.length);
    const blockNext = new Int32Array(blockStart.length).fill(-1);
    let used = 0;
    let blocks = 0;
    for (let term = 0; term < this.terms; term++) {
      const start = used;
      for (let block = this.termHead[term]!; block >= 0; block = this.blockNext[block]!) {
        const from = this.blockStart[block]!;
        const end = from + this.blockUsed[block]!;
        for (let at = from; at < end; at++) {
          const d = this.poolDoc[at]!;
          if (this.poolEpoch[at] !== this.docEpoch[d]) continue;
          doc[used] = d;
          value[used++] = this.poolValue[at]!;
        }
      }
      if (used === start) {
        this.termHead[term] = -1;
        this.termTail[term] = -1;
        continue;
      }
      const block = blocks++;
      blockStart[block] = start;
      blockCap[block] = used - start;
      blockUsed[block] = used - start;
      this.termHead[term] = block;
      this.termTail[term] = block;
    }
    this.poolDoc = doc;
    this.poolValue = value;
    // Every posting kept is current: all epochs start again at 0.
    this.poolEpoch = new Uint8Array(doc.length);
    this.docEpoch.fill(0);
    this.poolUsed = used;
    this.blockStart = blockStart;
    this.blockCap = blockCap;
    this.blockUsed = blockUsed;
    this.blockNext = blockNext;
    this.blocks = blocks;
    this.stale = 0;
  }
}

type Group = MatchPlan['must'][number];

/** Groups of stems only, without fields. */
const plain = (groups: Group[]) =>
  groups.every((g) => g.field === null && g.any.length > 0 && g.any.every((m) => m.type === 'term'));

/**
 * Whether the in-memory postings can match and rank a plan: stems and phrases (whose resources the
 * store gives, see `PhrasePostings`) in groups without fields. An engine may still decline one.
 */
export function residentMatchable(plan: MatchPlan): boolean {
  const ok = (groups: Group[]) =>
    groups.every(
      (g) => g.field === null && g.any.length > 0 && g.any.every((m) => m.type === 'term' || m.type === 'phrase'),
    );
  return plan.must.length > 0 && plan.must.length <= MAX_GROUPS && ok(plan.must) && ok(plan.mustNot);
}

/** The docs a plan's must-not groups match, when they are plain stems (null otherwise): for queries that only exclude. */
export function excludedDocs(text: ResidentText, plan: MatchPlan): Int32Array | null {
  if (!plain(plan.mustNot)) return null;
  const lists = plan.mustNot.flatMap((group) =>
    group.any.map((m) => text.postings(m.type === 'term' ? m.term : '').docs),
  );
  const out = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const list of lists) {
    out.set(list, at);
    at += list.length;
  }
  return out;
}

/** The key of a phrase matcher among the phrase postings. */
export function phraseKey(terms: string[]): string {
  return terms.join(' ');
}

/** The phrases of a matchable plan's groups (must and must-not), each once. */
export function planPhrases(plan: MatchPlan): string[][] {
  const seen = new Map<string, string[]>();
  for (const group of [...plan.must, ...plan.mustNot])
    for (const m of group.any) if (m.type === 'phrase') seen.set(phraseKey(m.terms), m.terms);
  return [...seen.values()];
}

/** Every stem a group's matchers name, phrases' stems included (PostgreSQL ranks by these). */
export function groupStems(group: Group): string[] {
  return group.any.flatMap((m) => (m.type === 'term' ? [m.term] : m.type === 'phrase' ? m.terms : []));
}

/** One matcher of a plan with its postings, as the engine's expression lists them. */
export interface PhraseMatch {
  group: number;
  /** The stem, or the phrase's stems joined by spaces. */
  term: string;
  postings: Postings;
}

/**
 * Scratch arrays the size of the doc space, zero between uses: whoever writes an entry clears it
 * before returning (queries run one at a time, synchronously).
 */
export class Scratch {
  marks = new Int32Array(0);
  sums = new Float64Array(0);
  partial = new Float32Array(0);

  ensure(size: number): void {
    if (this.marks.length >= size) return;
    const capacity = Math.max(size, Math.ceil(this.marks.length * 1.5), 1024);
    this.marks = new Int32Array(capacity);
    this.sums = new Float64Array(capacity);
    this.partial = new Float32Array(capacity);
  }
}

/**
 * The docs a matchable plan matches: every must group (or with `combine: 'any'` one of them) and no
 * must-not group; with the postings of the must groups' stems, in expression order.
 */
export function matchDocs(
  text: ResidentText,
  plan: MatchPlan,
  scratch: Scratch,
  size: number,
  phrasePostings: Map<string, Postings> = new Map(),
): { docs: Int32Array; phrases: PhraseMatch[] } {
  scratch.ensure(size);
  const marks = scratch.marks;
  const phrases: PhraseMatch[] = [];
  const postingsOf = (m: Group['any'][number]): { term: string; postings: Postings } => {
    if (m.type === 'term') return { term: m.term, postings: text.postings(m.term) };
    const key = m.type === 'phrase' ? phraseKey(m.terms) : '';
    const postings = phrasePostings.get(key);
    // The engine reads every phrase of the plan from the store first (`planPhrases`).
    if (!postings) throw new Error(`No postings given for the phrase "${key}"`);
    return { term: key, postings };
  };
  // Every list first: nothing is marked unless all are there.
  const must = plan.must.map((group) => group.any.map(postingsOf));
  const mustNot = plan.mustNot.flatMap((group) => group.any.map(postingsOf));
  // One list alone (one word): its docs are the matches, each once.
  if (must.length === 1 && must[0]!.length === 1 && mustNot.length === 0) {
    const { term, postings } = must[0]![0]!;
    return { docs: postings.docs, phrases: [{ group: 0, term, postings }] };
  }
  const touched: Int32Array[] = [];
  must.forEach((lists, g) => {
    const bit = 1 << g;
    for (const { term, postings } of lists) {
      phrases.push({ group: g, term, postings });
      const { docs } = postings;
      const fresh = new Int32Array(docs.length);
      let n = 0;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        if (marks[doc] === 0) fresh[n++] = doc;
        marks[doc]! |= bit;
      }
      touched.push(fresh.subarray(0, n));
    }
  });
  for (const {
    postings: { docs },
  } of mustNot) {
    for (let i = 0; i < docs.length; i++) if (marks[docs[i]!] !== 0) marks[docs[i]!]! |= EXCLUDED;
  }
  const all = (1 << plan.must.length) - 1;
  const every = plan.combine !== 'any';
  let total = 0;
  for (const list of touched) total += list.length;
  const out = new Int32Array(total);
  let n = 0;
  for (const list of touched) {
    for (let i = 0; i < list.length; i++) {
      const doc = list[i]!;
      const mark = marks[doc]!;
      marks[doc] = 0;
      if ((mark & EXCLUDED) !== 0) continue;
      if (every ? (mark & all) === all : (mark & all) !== 0) out[n++] = doc;
    }
  }
  return { docs: out.subarray(0, n), phrases };
}

/**
 * A number rounded to 12 decimals as SQLite's `round(x, 12)` and `toFixed(12)` round it: by
 * multiplication where that is certainly right, by decimal conversion near a tie.
 */
export function round12(x: number): number {
  const scaled = x * 1e12;
  // The product is off by at most half a unit in its last place: away from a tie, its nearest whole number is right.
  const margin = Math.abs(scaled) * 2 ** -51;
  if (margin < 0.25) {
    const floor = Math.floor(scaled);
    const fraction = scaled - floor;
    if (Math.abs(fraction - 0.5) > margin) return (fraction < 0.5 ? floor : floor + 1) / 1e12;
  }
  return Number(x.toFixed(12));
}
