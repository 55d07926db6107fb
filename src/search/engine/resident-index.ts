import { ResidentText, round12, Scratch, type KnownPhrases, type ParsedText } from './resident-text.ts';
import { boostedScore, QUALITY_BOOST, type MatchedSet, type ResidentTextView } from './search-index.ts';
import { TERM_SCHEMES, type TermScheme } from './terms.ts';
import { allButOne, countBits, forEachDoc, intersect, TermDocs, titleHash, TopK } from './resident-bits.ts';
import {
  SCHEME_INDEX,
  STATUS_CODES,
  type Counting,
  type ResidentQuery,
  type ResidentResult,
  type ResidentRow,
} from './resident-types.ts';

/**
 * The catalogue's filter terms, statuses and sort positions held in memory (see ADR 0014), so
 * that counts, disjunctive facet counts and the choice of a page cost one pass over the matching
 * resources instead of joins in the store. The store stays the truth: the index is loaded from it,
 * follows its changes by their datestamps, and a query it cannot answer exactly (sort positions
 * being recomputed) falls back to the store.
 *
 * Resources are numbered densely ("docs"); each doc keeps its terms as ordinals in one growing
 * array (a changed doc's new list is appended; the array is compacted when half of it is stale).
 * Each term ordinal keeps its docs too (`TermDocs`), and each status its docs as a bitset, so that
 * a query's sets (matching every filter; matching every filter but one, for disjunctive counts)
 * are a few word-wise operations on bitsets, and a facet value's count is the size of its docs'
 * intersection with one of them — or, when few resources count, a walk over their terms.
 */

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
  /** Per term ordinal, its docs. */
  private readonly termDocs: TermDocs[] = [];
  /** Per status code, its docs. */
  private statusDocs: Int32Array[] = [0, 1, 2, 3].map(() => new Int32Array(0));
  /** The capacity in 32-bit words of a bitset of docs. */
  private words = 0;
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

  /**
   * With `parseText`, the index keeps each resource's indexed text as postings too (ADR 0015),
   * and the `phrases` that parser finds.
   */
  constructor(
    private readonly parseText: ((stored: string) => ParsedText) | null = null,
    private readonly phrases: KnownPhrases | null = null,
  ) {
    this.text = parseText ? new ResidentText() : null;
  }

  /** The text postings for the engine's `matchResident`, or null when the index keeps no text. */
  textView(): ResidentTextView | null {
    if (!this.text) return null;
    const { docOfKey, docOf } = this;
    return {
      text: this.text,
      phrases: this.phrases,
      scratch: this.scratch,
      size: this.size,
      quality: this.quality,
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
    const words = (capacity + 31) >>> 5;
    const extend = <T extends Uint8Array | Float64Array | Int32Array | Uint32Array | Uint16Array>(
      old: T,
      make: (n: number) => T,
      fill?: number,
      length = capacity,
    ): T => {
      const next = make(length);
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
    this.words = words;
    this.statusDocs = this.statusDocs.map((bits) => extend(bits, (n) => new Int32Array(n), undefined, words));
    for (const docs of this.termDocs) docs.resize(this.words);
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
      this.termDocs.push(new TermDocs());
    }
    return ordinal;
  }

  private setStatus(doc: number, code: number): void {
    const old = this.status[doc]!;
    this.statusDocs[old]![doc >>> 5]! &= ~(1 << (doc & 31));
    this.statusDocs[code]![doc >>> 5]! |= 1 << (doc & 31);
    this.status[doc] = code;
  }

  private setTerms(doc: number, lines: string | null): void {
    const parsed: number[] = [];
    if (lines) {
      for (const line of lines.split('\n')) {
        const tab = line.indexOf('\t');
        if (tab <= 0) continue;
        const ordinal = this.ordinal(line.slice(0, tab), line.slice(tab + 1));
        if (!parsed.includes(ordinal)) parsed.push(ordinal);
      }
    }
    const old = Array.from(this.termData.subarray(this.termStart[doc]!, this.termStart[doc]! + this.termCount[doc]!));
    for (const ordinal of old) if (!parsed.includes(ordinal)) this.termDocs[ordinal]!.remove(doc);
    for (const ordinal of parsed) if (!old.includes(ordinal)) this.termDocs[ordinal]!.add(doc, this.words);
    this.termLive -= old.length;
    this.termCount[doc] = 0;
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
      this.setStatus(doc, STATUS_CODES[row.status] ?? 0);
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
    byTitle.forEach((id, i) => {
      const doc = this.docOf.get(id);
      if (doc !== undefined) this.titleRank[doc] = i;
    });
    byNewest.forEach((id, i) => {
      const doc = this.docOf.get(id);
      if (doc !== undefined) this.newestRank[doc] = i;
    });
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

  /** The docs of these statuses, as a bitset of `words` words. */
  private docsWithStatus(statuses: string[], words: number): Int32Array {
    const set = new Int32Array(words);
    for (const status of new Set(statuses)) {
      const code = STATUS_CODES[status];
      if (!code) continue;
      const bits = this.statusDocs[code]!;
      for (let w = 0; w < words; w++) set[w]! |= bits[w]!;
    }
    return set;
  }

  /**
   * Counts, facet counts and a page for a query. The sets are bitsets: the docs that may count
   * anywhere (`base`: of the statuses asked, matched, not excluded), those meeting every filter
   * (`all`: the results), and per filter those meeting every other filter (a facet with a selection
   * counts over these). A facet value's count is then the size of its docs' intersection with its
   * set — or, when that costs more, one walk over the terms of the docs that count anywhere.
   */
  select(query: ResidentQuery, counting: Counting = 'auto'): ResidentResult {
    const words = (this.size + 31) >>> 5;
    const base = this.docsWithStatus(query.statuses, words);
    const matchDocs = query.matches ? this.docsOf(query.matches) : null;
    if (matchDocs) {
      const matched = new Int32Array(words);
      for (const doc of matchDocs) if (doc >= 0) matched[doc >>> 5]! |= 1 << (doc & 31);
      intersect(base, matched);
    }
    if (query.excluded) {
      const clear = (doc: number) => {
        base[doc >>> 5]! &= ~(1 << (doc & 31));
      };
      if (query.excluded instanceof Int32Array) for (const doc of query.excluded) clear(doc);
      else
        for (const id of query.excluded) {
          const doc = this.docOf.get(id);
          if (doc !== undefined) clear(doc);
        }
    }

    // One set per filter (a scheme with selected values: any of them).
    const filterSchemes: number[] = [];
    const filterSets: Int32Array[] = [];
    for (const [scheme, values] of Object.entries(query.terms) as [TermScheme, string[] | undefined][]) {
      if (!values || values.length === 0) continue;
      const set = new Int32Array(words);
      for (const value of values) {
        const ordinal = this.ordinalOf.get(`${scheme}\t${value}`);
        if (ordinal !== undefined) this.termDocs[ordinal]!.addTo(set);
      }
      filterSchemes.push(SCHEME_INDEX.get(scheme)!);
      filterSets.push(set);
    }
    const all = base.slice();
    for (const set of filterSets) intersect(all, set);
    const total = countBits(all);

    const counts = new Int32Array(this.ordinalScheme.length);
    if (query.facetSchemes.length > 0)
      this.countFacets(query.facetSchemes, filterSchemes, all, allButOne(base, filterSets), counts, counting);

    const page = this.choosePage(query, all, matchDocs);
    const out: ResidentResult['counts'] = [];
    for (let o = 0; o < counts.length; o++) {
      if (counts[o]! > 0)
        out.push({ scheme: TERM_SCHEMES[this.ordinalScheme[o]!]!, concept_id: this.ordinalConcept[o]!, n: counts[o]! });
    }
    return { total, counts: out, page: page && page.map((doc) => this.ids[doc]!) };
  }

  /**
   * Facet counts: a value of a scheme without a selection counts over `all`, one of a scheme with a
   * selection over the docs meeting every other filter (disjunctive counts).
   */
  private countFacets(
    facetSchemes: readonly TermScheme[],
    filterSchemes: number[],
    all: Int32Array,
    allButOne: Int32Array[],
    counts: Int32Array,
    counting: Counting,
  ): void {
    const ordinals = counts.length;
    const sets = [all, ...allButOne];
    // The word range of each set holding docs: the rest need not be looked at.
    const ranges = sets.map((set) => {
      let lo = 0;
      let hi = set.length;
      while (lo < hi && set[lo] === 0) lo++;
      while (hi > lo && set[hi - 1] === 0) hi--;
      return [lo, hi] as const;
    });
    // Per ordinal: the set it counts against (0: all, f + 1: all but filter f), -1 when not counted.
    const setOf = new Int8Array(ordinals).fill(-1);
    const wanted = new Set(facetSchemes.map((s) => SCHEME_INDEX.get(s)!));
    let bitsCost = 0;
    for (let o = 0; o < ordinals; o++) {
      const scheme = this.ordinalScheme[o]!;
      if (!wanted.has(scheme)) continue;
      const at = filterSchemes.indexOf(scheme) + 1;
      setOf[o] = at;
      bitsCost += this.termDocs[o]!.cost(ranges[at]![0], ranges[at]![1]);
    }
    // The docs counted anywhere: all but one filter includes all.
    const anywhere =
      allButOne.length === 0
        ? all
        : allButOne.reduce((union, set) => {
            for (let w = 0; w < union.length; w++) union[w]! |= set[w]!;
            return union;
          }, new Int32Array(all.length));
    const walkCost = counting === 'auto' ? countBits(anywhere) * (this.termLive / Math.max(1, this.size)) * 2 : 0;

    if (counting === 'bits' || (counting === 'auto' && bitsCost < walkCost)) {
      for (let o = 0; o < ordinals; o++) {
        const at = setOf[o]!;
        if (at >= 0) counts[o] = this.termDocs[o]!.countIn(sets[at]!, ranges[at]![0], ranges[at]![1]);
      }
      return;
    }
    // The walk: each doc counted anywhere counts every value of its terms whose set holds it.
    const { termStart, termCount, termData } = this;
    const inSet = (set: Int32Array, doc: number) => ((set[doc >>> 5]! >>> (doc & 31)) & 1) === 1;
    forEachDoc(anywhere, (doc) => {
      // Meeting every filter: every set holds it; else only the one of the filter it misses.
      const only = inSet(all, doc) ? -1 : allButOne.findIndex((set) => inSet(set, doc)) + 1;
      const end = termStart[doc]! + termCount[doc]!;
      for (let j = termStart[doc]!; j < end; j++) {
        const ordinal = termData[j]!;
        const at = setOf[ordinal]!;
        if (at >= 0 && (only < 0 || at === only)) counts[ordinal]!++;
      }
    });
  }

  /** The page's docs in order, or null when a result's sort position is unknown (the store must page). */
  private choosePage(query: ResidentQuery, all: Int32Array, matchDocs: Int32Array | null): number[] | null {
    const relevance = query.sort === 'relevance';
    const page = new TopK(relevance ? query.offset + query.limit : query.limit);
    const ranks = query.sort === 'newest' ? this.newestRank : this.titleRank;
    let after = Number.NEGATIVE_INFINITY;
    if (query.after !== null && !relevance) {
      const doc = this.docOf.get(query.after);
      if (doc === undefined || Number.isNaN(ranks[doc]!)) return null;
      after = ranks[doc]!;
    }
    // The largest key the page keeps once it is full: what a candidate must beat.
    let worst = Infinity;
    let known = true;
    if (!relevance) {
      forEachDoc(all, (doc) => {
        const rank = ranks[doc]!;
        if (rank !== rank) known = false;
        else if (known && rank > after && rank < worst) {
          page.offer(doc, rank, 0);
          worst = page.full ? page.largest : Infinity;
        }
      });
      return known ? page.sorted() : null;
    }
    const matches = query.matches;
    if (!matches || !matchDocs) throw new Error('a relevance order needs text matches');
    // Scores given by id come whole; text scores by key or doc get the quality boost here, only for
    // resources that may make the page (the rounding costs more than the comparison).
    const given = matches.by === 'id' || (matches.by === 'doc' && matches.boosted) ? matches.scores : null;
    const texts =
      matches.by === 'key' ? matches.texts : matches.by === 'doc' && !matches.boosted ? matches.scores : null;
    // Text scores from the in-memory postings are not rounded yet (the store rounds them to 12 decimals first).
    const unrounded = matches.by === 'doc';
    const quality = this.quality;
    // Every position known (the usual case): a result's position is read only when it is offered.
    if (this.unranked > 0) {
      for (let i = 0; i < matchDocs.length; i++) {
        const doc = matchDocs[i]!;
        if (doc >= 0 && ((all[doc >>> 5]! >>> (doc & 31)) & 1) === 1 && Number.isNaN(ranks[doc]!)) return null;
      }
    }
    // The best boost any resource can have: a text score that cannot beat the page even with it is
    // passed over without reading its resource's quality.
    const bestBoost = 1.0 + QUALITY_BOOST;
    for (let i = 0; i < matchDocs.length; i++) {
      const doc = matchDocs[i]!;
      if (doc < 0 || ((all[doc >>> 5]! >>> (doc & 31)) & 1) === 0) continue;
      if (given) {
        page.offer(doc, given[i]!, ranks[doc]!);
        continue;
      }
      const text = texts![i]!;
      if (text * bestBoost > worst + 1e-8) continue;
      const raw = text * (1.0 + QUALITY_BOOST * quality[doc]!);
      if (raw <= worst + 1e-8) {
        page.offer(doc, boostedScore(unrounded ? round12(text) : text, quality[doc]!), ranks[doc]!);
        worst = page.full ? page.largest : Infinity;
      }
    }
    return page.sorted().slice(query.offset);
  }
}
