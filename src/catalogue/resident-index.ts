import { ResidentText, round12, Scratch, type ParsedText } from '../search/resident-text.ts';
import { boostedScore, QUALITY_BOOST, type MatchedSet, type ResidentTextView } from '../search/search-index.ts';
import { TERM_SCHEMES, type TermScheme } from './repository.ts';

/**
 * The catalogue's filter terms, statuses and sort positions held in memory (see ADR 0014), so
 * that counts, disjunctive facet counts and the choice of a page cost one pass over the matching
 * resources instead of joins in the store. The store stays the truth: the index is loaded from it,
 * follows its changes by their datestamps, and a query it cannot answer exactly (sort positions
 * being recomputed) falls back to the store.
 *
 * Resources are numbered densely ("docs"); each doc keeps its terms as ordinals in one growing
 * array (a changed doc's new list is appended; the array is compacted when half of it is stale).
 */

const STATUS_CODES: Record<string, number> = { draft: 1, published: 2, withdrawn: 3 };

/** One resource as the store gives it to the index. */
export interface ResidentRow {
  id: string;
  status: string;
  updated_at: string;
  created_at: string;
  sort_title: string;
  /** Its terms as `scheme<TAB>concept` lines (null for none). */
  terms: string | null;
  /** The search engine's key of its text and its quality, where the engine answers matches by key. */
  search_key: number | null;
  quality: number | null;
  /** Its indexed text as the search engine stores it (null: not indexed). */
  text: string | null;
}

/** What a selection asks: filters, text matches, facets and the page. */
export interface ResidentQuery {
  terms: Partial<Record<TermScheme, string[]>>;
  statuses: string[];
  /** The text matches with their scores (lower is better); null for every resource. */
  matches: MatchedSet | null;
  /** Resources a query's exclusions remove (`-word` without other words). */
  excluded: string[] | Int32Array | null;
  /** The schemes to count; empty for none. */
  facetSchemes: readonly TermScheme[];
  sort: 'relevance' | 'title' | 'newest';
  /** For title and newest: the page starts after this resource. */
  after: string | null;
  /** For relevance: how many best results to skip. */
  offset: number;
  /** How many ids the page holds. */
  limit: number;
}

export interface ResidentResult {
  total: number;
  counts: { scheme: string; concept_id: string; n: number }[];
  /** The page's resource ids in order; null when the order is being recomputed (the store must page). */
  page: string[] | null;
}

const SCHEME_INDEX = new Map<string, number>(TERM_SCHEMES.map((s, i) => [s, i]));

/** A simple 32-bit hash of a sort title, to notice a changed title without keeping the titles. */
function titleHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

export class ResidentIndex {
  private size = 0;
  private ids: string[] = [];
  private readonly docOf = new Map<string, number>();
  private status = new Uint8Array(0);
  private updatedMs = new Float64Array(0);
  private titles = new Int32Array(0);
  /** Position in (sort_title, id) order; NaN while unknown (a new or retitled resource). */
  private titleRank = new Float64Array(0);
  /** Position in (created_at desc, id desc) order; NaN while unknown. */
  private newestRank = new Float64Array(0);
  private termStart = new Uint32Array(0);
  private termCount = new Uint16Array(0);
  private termData = new Uint32Array(1024);
  private termUsed = 0;
  private termLive = 0;
  private readonly ordinalOf = new Map<string, number>();
  private readonly ordinalScheme: number[] = [];
  private readonly ordinalConcept: string[] = [];
  private quality = new Float64Array(0);
  /** Per search key (see ResidentRow), the doc it belongs to plus one (0: none). */
  private docOfKey = new Int32Array(0);
  private newestLowest = 0;
  private latestCreated = '';
  /** Docs whose title or newest position is unknown. */
  private unranked = 0;
  /** The text postings (null when the index keeps no text). */
  private readonly text: ResidentText | null;
  private readonly scratch = new Scratch();

  /** With `parseText`, the index keeps each resource's indexed text as postings too (ADR 0015). */
  constructor(private readonly parseText: ((stored: string) => ParsedText) | null = null) {
    this.text = parseText ? new ResidentText() : null;
  }

  /** The text postings for the engine's `matchResident`, or null when the index keeps no text. */
  textView(): ResidentTextView | null {
    if (!this.text) return null;
    const { docOfKey, docOf } = this;
    return {
      text: this.text, scratch: this.scratch, size: this.size, quality: this.quality,
      docOf: (id) => docOf.get(id) ?? -1,
      docOfKey: (key) => (docOfKey[key] ?? 0) - 1,
    };
  }

  /** The resource of a doc. */
  idOf(doc: number): string {
    return this.ids[doc]!;
  }

  /** Packs the text postings (after a load). */
  compactText(): void {
    this.text?.compact();
  }

  /** How many resources the index holds. */
  get count(): number {
    return this.size;
  }

  /** Whether some positions are unknown (a `rank` pass would settle them). */
  get needsRanking(): boolean {
    return this.unranked > 0;
  }

  /** The datestamp last applied for a resource (ms), or null when the index does not hold it. */
  appliedAt(id: string): number | null {
    const doc = this.docOf.get(id);
    return doc === undefined ? null : this.updatedMs[doc]!;
  }

  private grow(min: number): void {
    if (min <= this.status.length) return;
    const capacity = Math.max(min, Math.ceil(this.status.length * 1.5), 1024);
    const extend = <T extends Uint8Array | Float64Array | Int32Array | Uint32Array | Uint16Array>(old: T, make: (n: number) => T, fill?: number): T => {
      const next = make(capacity);
      next.set(old);
      if (fill !== undefined) next.fill(fill, old.length);
      return next;
    };
    this.status = extend(this.status, (n) => new Uint8Array(n));
    this.updatedMs = extend(this.updatedMs, (n) => new Float64Array(n));
    this.titles = extend(this.titles, (n) => new Int32Array(n));
    this.titleRank = extend(this.titleRank, (n) => new Float64Array(n), Number.NaN);
    this.newestRank = extend(this.newestRank, (n) => new Float64Array(n), Number.NaN);
    this.termStart = extend(this.termStart, (n) => new Uint32Array(n));
    this.termCount = extend(this.termCount, (n) => new Uint16Array(n));
    this.quality = extend(this.quality, (n) => new Float64Array(n));
  }

  private setSearchKey(doc: number, key: number | null): void {
    if (key === null) return;
    if (key >= this.docOfKey.length) {
      const next = new Int32Array(Math.max(key + 1, Math.ceil(this.docOfKey.length * 1.5), 1024));
      next.set(this.docOfKey);
      this.docOfKey = next;
    }
    this.docOfKey[key] = doc + 1;
  }

  private ordinal(scheme: string, concept: string): number {
    const key = `${scheme}\t${concept}`;
    let ordinal = this.ordinalOf.get(key);
    if (ordinal === undefined) {
      ordinal = this.ordinalScheme.length;
      this.ordinalOf.set(key, ordinal);
      this.ordinalScheme.push(SCHEME_INDEX.get(scheme) ?? -1);
      this.ordinalConcept.push(concept);
    }
    return ordinal;
  }

  private setTerms(doc: number, lines: string | null): void {
    this.termLive -= this.termCount[doc]!;
    const parsed: number[] = [];
    if (lines) {
      for (const line of lines.split('\n')) {
        const tab = line.indexOf('\t');
        if (tab > 0) parsed.push(this.ordinal(line.slice(0, tab), line.slice(tab + 1)));
      }
    }
    if (this.termUsed + parsed.length > this.termData.length) {
      if (this.termLive * 2 < this.termUsed) this.compact();
      if (this.termUsed + parsed.length > this.termData.length) {
        const next = new Uint32Array(Math.max(this.termData.length * 2, this.termUsed + parsed.length));
        next.set(this.termData.subarray(0, this.termUsed));
        this.termData = next;
      }
    }
    this.termStart[doc] = this.termUsed;
    this.termCount[doc] = parsed.length;
    for (const ordinal of parsed) this.termData[this.termUsed++] = ordinal;
    this.termLive += parsed.length;
  }

  /** Drops the term lists that changed docs left behind. */
  private compact(): void {
    const next = new Uint32Array(Math.max(this.termLive * 2, 1024));
    let used = 0;
    for (let doc = 0; doc < this.size; doc++) {
      const start = this.termStart[doc]!;
      const n = this.termCount[doc]!;
      next.set(this.termData.subarray(start, start + n), used);
      this.termStart[doc] = used;
      used += n;
    }
    this.termData = next;
    this.termUsed = used;
  }

  /**
   * Adds or updates resources. A new resource is placed first in the newest order when it is the
   * newest seen; otherwise, and when its title changed, its position is unknown until `rank`.
   */
  apply(rows: ResidentRow[]): void {
    for (const row of rows) {
      let doc = this.docOf.get(row.id);
      const hash = titleHash(row.sort_title);
      if (doc === undefined) {
        doc = this.size++;
        this.grow(this.size);
        this.ids[doc] = row.id;
        this.docOf.set(row.id, doc);
        this.titleRank[doc] = Number.NaN;
        this.unranked++;
        if (row.created_at > this.latestCreated) {
          this.latestCreated = row.created_at;
          this.newestRank[doc] = --this.newestLowest;
        } else {
          this.newestRank[doc] = Number.NaN;
        }
      } else if (this.titles[doc] !== hash && !Number.isNaN(this.titleRank[doc]!)) {
        this.titleRank[doc] = Number.NaN;
        if (!Number.isNaN(this.newestRank[doc]!)) this.unranked++;
      }
      this.titles[doc] = hash;
      this.status[doc] = STATUS_CODES[row.status] ?? 0;
      this.updatedMs[doc] = Date.parse(row.updated_at);
      this.quality[doc] = row.quality ?? 0;
      this.setSearchKey(doc, row.search_key === null ? null : Number(row.search_key));
      this.setTerms(doc, row.terms);
      if (this.text) this.text.set(doc, row.text === null ? null : this.parseText!(row.text));
    }
  }

  /**
   * Sets every resource's sort positions from the store's orders (ids in (sort_title, id) order and
   * in (created_at desc, id desc) order). Resources the index does not hold yet are skipped.
   */
  rank(byTitle: string[], byNewest: string[], latestCreated: string): void {
    this.titleRank.fill(Number.NaN, 0, this.size);
    this.newestRank.fill(Number.NaN, 0, this.size);
    byTitle.forEach((id, i) => { const doc = this.docOf.get(id); if (doc !== undefined) this.titleRank[doc] = i; });
    byNewest.forEach((id, i) => { const doc = this.docOf.get(id); if (doc !== undefined) this.newestRank[doc] = i; });
    this.newestLowest = 0;
    if (latestCreated > this.latestCreated) this.latestCreated = latestCreated;
    let unranked = 0;
    for (let doc = 0; doc < this.size; doc++) {
      if (Number.isNaN(this.titleRank[doc]!) || Number.isNaN(this.newestRank[doc]!)) unranked++;
    }
    this.unranked = unranked;
  }

  /** The docs of matched resources (-1 for one the index does not hold). */
  private docsOf(matches: MatchedSet): Int32Array {
    if (matches.by === 'doc') return matches.docs;
    if (matches.by === 'key') {
      const { keys } = matches;
      const docs = new Int32Array(keys.length);
      for (let i = 0; i < keys.length; i++) docs[i] = (this.docOfKey[keys[i]!] ?? 0) - 1;
      return docs;
    }
    const docs = new Int32Array(matches.ids.length);
    for (let i = 0; i < matches.ids.length; i++) docs[i] = this.docOf.get(matches.ids[i]!) ?? -1;
    return docs;
  }

  /** Makes the sort positions of these resources unknown again (they changed while positions were read). */
  unrank(ids: Iterable<string>): void {
    for (const id of ids) {
      const doc = this.docOf.get(id);
      if (doc === undefined || Number.isNaN(this.titleRank[doc]!)) continue;
      if (!Number.isNaN(this.newestRank[doc]!)) this.unranked++;
      this.titleRank[doc] = Number.NaN;
    }
  }

  /** Counts, facet counts and a page for a query: one pass over the matching resources. */
  select(query: ResidentQuery): ResidentResult {
    const ordinals = this.ordinalScheme.length;
    // Per term ordinal: the bit of the filter it satisfies (one filter per scheme).
    const filterBit = new Int32Array(ordinals);
    const filterSchemes: number[] = [];
    for (const [scheme, values] of Object.entries(query.terms) as [TermScheme, string[] | undefined][]) {
      if (!values || values.length === 0) continue;
      const bit = 1 << filterSchemes.length;
      filterSchemes.push(SCHEME_INDEX.get(scheme)!);
      for (const value of values) {
        const ordinal = this.ordinalOf.get(`${scheme}\t${value}`);
        if (ordinal !== undefined) filterBit[ordinal] = bit;
      }
    }
    const allBits = (1 << filterSchemes.length) - 1;
    // Per term ordinal: 0 when not counted, else the bit of its scheme's filter (or -1 for a scheme without one).
    const countAs = new Int32Array(ordinals);
    for (let o = 0; o < ordinals; o++) {
      const scheme = this.ordinalScheme[o]!;
      if (!query.facetSchemes.includes(TERM_SCHEMES[scheme]!)) continue;
      const f = filterSchemes.indexOf(scheme);
      countAs[o] = f >= 0 ? 1 << f : -1;
    }
    const statusOk = new Uint8Array(8);
    for (const s of query.statuses) { const code = STATUS_CODES[s]; if (code) statusOk[code] = 1; }
    // Docs a query's exclusions remove, given by id or by doc.
    let excluded: Uint8Array | null = null;
    if (query.excluded && query.excluded.length > 0) {
      excluded = new Uint8Array(this.size);
      if (query.excluded instanceof Int32Array) for (const doc of query.excluded) excluded[doc] = 1;
      else for (const id of query.excluded) { const doc = this.docOf.get(id); if (doc !== undefined) excluded[doc] = 1; }
    }
    const counts = new Int32Array(ordinals);
    const counting = query.facetSchemes.length > 0;

    const page = new TopK(query.sort === 'relevance' ? query.offset + query.limit : query.limit);
    const ranks = query.sort === 'newest' ? this.newestRank : this.titleRank;
    let after = Number.NEGATIVE_INFINITY;
    let pageKnown = true;
    if (query.after !== null && query.sort !== 'relevance') {
      const doc = this.docOf.get(query.after);
      if (doc === undefined || Number.isNaN(ranks[doc]!)) pageKnown = false;
      else after = ranks[doc]!;
    }

    const { termStart, termCount, termData, status } = this;
    const relevance = query.sort === 'relevance';
    const matchDocs = query.matches ? this.docsOf(query.matches) : null;
    // Scores given by id come whole; text scores by key get the quality boost here, only for
    // resources that may make the page (the rounding costs more than the comparison).
    const matches = query.matches;
    const given = matches?.by === 'id' || (matches?.by === 'doc' && matches.boosted) ? matches.scores : null;
    const texts = matches?.by === 'key' ? matches.texts : matches?.by === 'doc' && !matches.boosted ? matches.scores : null;
    // Text scores from the in-memory postings are not rounded yet (the store rounds them to 12 decimals first).
    const unrounded = matches?.by === 'doc';
    const quality = this.quality;
    const candidates = matchDocs ? matchDocs.length : this.size;
    let total = 0;
    // The largest key the page keeps once it is full: what a candidate must beat.
    let worst = Infinity;
    // One tight loop (this runs over up to every resource per query).
    for (let i = 0; i < candidates; i++) {
      const doc = matchDocs ? matchDocs[i]! : i;
      if (doc < 0 || statusOk[status[doc]!] === 0 || (excluded !== null && excluded[doc] === 1)) continue;
      const start = termStart[doc]!;
      const end = start + termCount[doc]!;
      let missing = 0;
      if (allBits !== 0) {
        let met = 0;
        for (let j = start; j < end; j++) met |= filterBit[termData[j]!]!;
        missing = allBits & ~met;
        // Missing two filters or more: neither a result nor counted in any facet.
        if ((missing & (missing - 1)) !== 0) continue;
      }
      if (missing === 0) {
        total++;
        if (pageKnown) {
          const rank = ranks[doc]!;
          if (rank !== rank) pageKnown = false;
          else if (relevance) {
            if (given) page.offer(doc, given[i]!, rank);
            else {
              const raw = texts![i]! * (1.0 + QUALITY_BOOST * quality[doc]!);
              if (raw <= worst + 1e-8) {
                page.offer(doc, boostedScore(unrounded ? round12(texts![i]!) : texts![i]!, quality[doc]!), rank);
                worst = page.full ? page.largest : Infinity;
              }
            }
          } else if (rank > after && rank < worst) {
            page.offer(doc, rank, 0);
            worst = page.full ? page.largest : Infinity;
          }
        }
      }
      // Facets: a resource meeting every filter counts for every facet; one missing a single
      // filter counts only for that filter's own facet (disjunctive counts).
      if (!counting) continue;
      for (let j = start; j < end; j++) {
        const ordinal = termData[j]!;
        const as = countAs[ordinal]!;
        if (as !== 0 && (missing === 0 || as === missing)) counts[ordinal]!++;
      }
    }

    const out: ResidentResult['counts'] = [];
    for (let o = 0; o < ordinals; o++) {
      if (counts[o]! > 0) out.push({ scheme: TERM_SCHEMES[this.ordinalScheme[o]!]!, concept_id: this.ordinalConcept[o]!, n: counts[o]! });
    }
    const docs = page.sorted();
    const chosen = query.sort === 'relevance' ? docs.slice(query.offset) : docs;
    return { total, counts: out, page: pageKnown ? chosen.map((doc) => this.ids[doc]!) : null };
  }
}

/** The k smallest (key, tie) pairs offered, kept in a bounded max-heap. */
class TopK {
  private readonly docs: number[] = [];
  private readonly keys: number[] = [];
  private readonly ties: number[] = [];

  constructor(private readonly k: number) {}

  /** Whether k pairs are kept (an offer must then beat the largest). */
  get full(): boolean {
    return this.docs.length >= this.k;
  }

  /** The largest key kept. */
  get largest(): number {
    return this.keys[0] ?? Number.POSITIVE_INFINITY;
  }

  private greater(a: number, b: number): boolean {
    return this.keys[a]! > this.keys[b]! || (this.keys[a] === this.keys[b] && this.ties[a]! > this.ties[b]!);
  }

  private swap(a: number, b: number): void {
    [this.docs[a], this.docs[b]] = [this.docs[b]!, this.docs[a]!];
    [this.keys[a], this.keys[b]] = [this.keys[b]!, this.keys[a]!];
    [this.ties[a], this.ties[b]] = [this.ties[b]!, this.ties[a]!];
  }

  offer(doc: number, key: number, tie: number): void {
    if (this.k <= 0) return;
    const n = this.docs.length;
    if (n === this.k) {
      // Not smaller than the largest kept: not among the k smallest.
      if (key > this.keys[0]! || (key === this.keys[0] && tie >= this.ties[0]!)) return;
      this.docs[0] = doc; this.keys[0] = key; this.ties[0] = tie;
      this.siftDown(0);
      return;
    }
    this.docs.push(doc); this.keys.push(key); this.ties.push(tie);
    let i = n;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.greater(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.docs.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let largest = i;
      if (l < n && this.greater(l, largest)) largest = l;
      if (r < n && this.greater(r, largest)) largest = r;
      if (largest === i) return;
      this.swap(i, largest);
      i = largest;
    }
  }

  /** The kept docs, smallest first. */
  sorted(): number[] {
    return this.docs.map((doc, i) => ({ doc, key: this.keys[i]!, tie: this.ties[i]! }))
      .sort((a, b) => a.key - b.key || a.tie - b.tie).map((e) => e.doc);
  }
}

/** Where the resident index reads the store (the repository's queries, bound to the store). */
export interface ResidentSource {
  rowsAfter(after: string, limit: number): Promise<ResidentRow[]>;
  rowsByIds(ids: string[]): Promise<ResidentRow[]>;
  changedSince(since: string): Promise<{ id: string; updated_at: string }[]>;
  sortOrders(): Promise<{ byTitle: string[]; byNewest: string[]; latestCreated: string }>;
}

export interface ResidentOptions {
  /**
   * How far back each refresh looks before the latest datestamp it applied: a write committed
   * late with an earlier datestamp (a long import batch) is still seen.
   */
  overlapMs?: number;
  /** Up to this many resources, new sort positions are computed before answering; above, in the background. */
  rankInlineUpTo?: number;
  /** The engine's parser of stored text: with it the index keeps text postings too (ADR 0015). */
  parseText?: ((stored: string) => ParsedText) | null;
}

/**
 * Keeps a ResidentIndex in step with the store: loads it in the background, and before each use
 * applies what changed since (by datestamp, so writes of other processes are seen too, and
 * resources this process wrote are re-read by id).
 */
export class ResidentCatalogue {
  private index: ResidentIndex | null = null;
  private loading: Promise<void> | null = null;
  private inflight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private ranking: Promise<void> | null = null;
  /** Ids applied while sort positions were being read (their positions may be outdated). */
  private appliedDuringRanking: Set<string> | null = null;
  private watermark = '';
  /** Counts loads, so that only the latest one is kept. */
  private generation = 0;
  private readonly touched = new Set<string>();
  private readonly overlapMs: number;
  private readonly rankInlineUpTo: number;
  private readonly parseText: ((stored: string) => ParsedText) | null;
  /** The last load failure, for the operator. */
  failure: Error | null = null;

  constructor(private readonly source: ResidentSource, options: ResidentOptions = {}) {
    this.overlapMs = options.overlapMs ?? 30_000;
    this.rankInlineUpTo = options.rankInlineUpTo ?? 50_000;
    this.parseText = options.parseText ?? null;
  }

  /** Whether the index is loaded (until then queries go to the store). */
  get ready(): boolean {
    return this.index !== null;
  }

  /** How many resources the loaded index holds (0 while loading). */
  get size(): number {
    return this.index?.count ?? 0;
  }

  /** Whether the index is loaded or loading. */
  get started(): boolean {
    return this.index !== null || this.loading !== null;
  }

  /** Starts loading in the background (once); resolves when loaded. */
  load(): Promise<void> {
    this.loading ??= this.loadNow().catch((error: unknown) => {
      this.failure = error instanceof Error ? error : new Error(String(error));
      // A later use tries again.
      this.loading = null;
    });
    return this.loading;
  }

  /** Forgets the index and loads it again (after a rebuild of what is derived from the resources). */
  reload(): Promise<void> {
    this.index = null;
    this.loading = null;
    return this.load();
  }

  /** Resources this process changed: they are read again before the next use, whatever their datestamps. */
  touch(ids: Iterable<string>): void {
    for (const id of ids) this.touched.add(id);
  }

  /** The index brought up to date with the store, or null while it loads (queries go to the store then). */
  async current(): Promise<ResidentIndex | null> {
    if (!this.index) {
      void this.load();
      return null;
    }
    await this.refresh();
    return this.index;
  }

  private async loadNow(): Promise<void> {
    const generation = ++this.generation;
    const started = new Date().toISOString();
    const index = new ResidentIndex(this.parseText);
    let after = '';
    for (;;) {
      const rows = await this.source.rowsAfter(after, 5000);
      if (rows.length === 0) break;
      index.apply(rows);
      after = rows.at(-1)!.id;
    }
    index.compactText();
    const orders = await this.source.sortOrders();
    index.rank(orders.byTitle, orders.byNewest, orders.latestCreated);
    // A reload began meanwhile (after a rebuild): this one is outdated.
    if (generation !== this.generation) return;
    this.watermark = started;
    this.index = index;
    this.failure = null;
    await this.refresh();
  }

  /** Applies the changes since the last refresh; concurrent callers share one refresh after theirs began. */
  private refresh(): Promise<void> {
    if (!this.inflight) {
      this.inflight = this.refreshNow().finally(() => { this.inflight = null; });
      return this.inflight;
    }
    // After the one in flight, whether it succeeded or not (its caller hears of a failure).
    this.queued ??= this.inflight.catch(() => undefined).then(() => { this.queued = null; return this.refresh(); });
    return this.queued;
  }

  private async refreshNow(): Promise<void> {
    const index = this.index;
    if (!index) return;
    const since = new Date(Date.parse(this.watermark) - this.overlapMs).toISOString();
    const ids = new Set(this.touched);
    this.touched.clear();
    let latest = this.watermark;
    for (const row of await this.source.changedSince(since)) {
      if (row.updated_at > latest) latest = row.updated_at;
      if (index.appliedAt(row.id) !== Date.parse(row.updated_at)) ids.add(row.id);
    }
    const changed = [...ids];
    for (let i = 0; i < changed.length; i += 500) {
      const chunk = changed.slice(i, i + 500);
      index.apply(await this.source.rowsByIds(chunk));
      if (this.appliedDuringRanking) for (const id of chunk) this.appliedDuringRanking.add(id);
    }
    this.watermark = latest;
    if (!index.needsRanking) return;
    if (index.count <= this.rankInlineUpTo) await this.rank();
    // In the background; should it fail, the next refresh tries again (the positions stay unknown).
    else void this.rank().catch(() => undefined);
  }

  /** Reads every resource's sort positions again (one pass at a time). */
  private rank(): Promise<void> {
    this.ranking ??= (async () => {
      const index = this.index;
      if (!index) return;
      this.appliedDuringRanking = new Set();
      try {
        const orders = await this.source.sortOrders();
        if (index !== this.index) return;
        index.rank(orders.byTitle, orders.byNewest, orders.latestCreated);
        // What changed while the orders were read may sit at an outdated position: unknown again.
        index.unrank(this.appliedDuringRanking);
      } finally {
        this.appliedDuringRanking = null;
      }
    })().finally(() => { this.ranking = null; });
    return this.ranking;
  }
}
