// Bitsets, per-term document lists and a bounded heap: the data structures of the resident index.

/** The bits set in a 32-bit word. */
export function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** The docs in a bitset. */
export function countBits(bits: Int32Array): number {
  let n = 0;
  for (let w = 0; w < bits.length; w++) if (bits[w] !== 0) n += bitCount(bits[w]!);
  return n;
}

/** Keeps in `into` only the docs also in `other` (`other` may be shorter: the rest is empty). */
export function intersect(into: Int32Array, other: Int32Array): void {
  const n = Math.min(into.length, other.length);
  for (let w = 0; w < n; w++) into[w]! &= other[w]!;
  into.fill(0, n);
}

/**
 * Per filter, the docs of `base` meeting every other filter (what a facet with a selection counts
 * over): the filters before it times those after it, so each filter is intersected a few times
 * instead of once per other filter.
 */
export function allButOne(base: Int32Array, filters: Int32Array[]): Int32Array[] {
  // after[f]: the docs meeting every filter after f (null for the last).
  const after: (Int32Array | null)[] = [];
  let rest: Int32Array | null = null;
  for (let f = filters.length - 1; f >= 0; f--) {
    after[f] = rest;
    const next: Int32Array = filters[f]!.slice();
    if (rest) intersect(next, rest);
    rest = next;
  }
  const before = base.slice();
  return filters.map((filter, f) => {
    const set = before.slice();
    if (after[f]) intersect(set, after[f]!);
    intersect(before, filter);
    return set;
  });
}

/** Calls `visit` for every doc in a bitset, in doc order. */
export function forEachDoc(bits: Int32Array, visit: (doc: number) => void): void {
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w]!;
    while (word !== 0) {
      const low = word & -word;
      visit((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
}

/**
 * The docs holding one term ordinal: an unordered list while they are few, a bitset of the
 * index's capacity while a list would take more room (4 bytes a doc against 4 bytes per 32 docs);
 * back to a list when the capacity grows past twice its docs.
 */
export class TermDocs {
  count = 0;
  list: Int32Array | null = new Int32Array(4);
  bits: Int32Array | null = null;

  add(doc: number, words: number): void {
    if (this.bits) {
      this.bits[doc >>> 5]! |= 1 << (doc & 31);
      this.count++;
      return;
    }
    let list = this.list!;
    if (this.count === list.length) {
      if (this.count >= words) {
        this.toBits(words);
        this.add(doc, words);
        return;
      }
      const next = new Int32Array(list.length * 2);
      next.set(list);
      this.list = list = next;
    }
    list[this.count++] = doc;
  }

  remove(doc: number): void {
    if (this.bits) {
      this.bits[doc >>> 5]! &= ~(1 << (doc & 31));
    } else {
      const list = this.list!;
      const at = list.subarray(0, this.count).indexOf(doc);
      if (at < 0) return;
      list[at] = list[this.count - 1]!;
    }
    this.count--;
  }

  private toBits(words: number): void {
    const bits = new Int32Array(words);
    this.addTo(bits);
    this.bits = bits;
    this.list = null;
  }

  /** Follows the index's capacity (in 32-bit words). */
  resize(words: number): void {
    if (!this.bits || this.bits.length >= words) return;
    if (this.count * 2 < words) {
      const list = new Int32Array(Math.max(4, this.count * 2));
      let i = 0;
      forEachDoc(this.bits, (doc) => {
        list[i++] = doc;
      });
      this.list = list;
      this.bits = null;
    } else {
      const next = new Int32Array(words);
      next.set(this.bits);
      this.bits = next;
    }
  }

  /** Adds these docs to a bitset. */
  addTo(set: Int32Array): void {
    if (this.bits) {
      const n = Math.min(set.length, this.bits.length);
      for (let w = 0; w < n; w++) set[w]! |= this.bits[w]!;
    } else {
      const list = this.list!;
      for (let i = 0; i < this.count; i++) set[list[i]! >>> 5]! |= 1 << (list[i]! & 31);
    }
  }

  /** How many of these docs are in a bitset, looking only at its words from `lo` to `hi`. */
  countIn(set: Int32Array, lo: number, hi: number): number {
    let n = 0;
    if (this.bits) {
      const bits = this.bits;
      for (let w = lo; w < hi; w++) {
        const both = bits[w]! & set[w]!;
        if (both !== 0) n += bitCount(both);
      }
    } else {
      const list = this.list!;
      for (let i = 0; i < this.count; i++) {
        const doc = list[i]!;
        n += (set[doc >>> 5]! >>> (doc & 31)) & 1;
      }
    }
    return n;
  }

  /** What counting these docs against a bitset costs, in words or docs looked at. */
  cost(lo: number, hi: number): number {
    return this.bits ? hi - lo : this.count;
  }
}

/** A simple 32-bit hash of a sort title, to notice a changed title without keeping the titles. */
export function titleHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** The k smallest (key, tie) pairs offered, kept in a bounded max-heap. */
export class TopK {
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
      this.docs[0] = doc;
      this.keys[0] = key;
      this.ties[0] = tie;
      this.siftDown(0);
      return;
    }
    this.docs.push(doc);
    this.keys.push(key);
    this.ties.push(tie);
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
    return this.docs
      .map((doc, i) => ({ doc, key: this.keys[i]!, tie: this.ties[i]! }))
      .sort((a, b) => a.key - b.key || a.tie - b.tie)
      .map((e) => e.doc);
  }
}
