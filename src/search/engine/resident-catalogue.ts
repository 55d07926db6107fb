import type { KnownPhrases, ParsedText } from './resident-text.ts';
import { ResidentIndex } from './resident-index.ts';
import type { ResidentRow } from './resident-types.ts';

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
  /** The phrases `parseText` finds and keeps postings for. */
  phrases?: KnownPhrases | null;
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
  private readonly phrases: KnownPhrases | null;
  /** The last load failure, for the operator. */
  failure: Error | null = null;

  constructor(
    private readonly source: ResidentSource,
    options: ResidentOptions = {},
  ) {
    this.overlapMs = options.overlapMs ?? 30_000;
    this.rankInlineUpTo = options.rankInlineUpTo ?? 50_000;
    this.parseText = options.parseText ?? null;
    this.phrases = options.phrases ?? null;
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
    const index = new ResidentIndex(this.parseText, this.phrases);
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
      this.inflight = this.refreshNow().finally(() => {
        this.inflight = null;
      });
      return this.inflight;
    }
    // After the one in flight, whether it succeeded or not (its caller hears of a failure).
    this.queued ??= this.inflight
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.refresh();
      });
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
    })().finally(() => {
      this.ranking = null;
    });
    return this.ranking;
  }
}
