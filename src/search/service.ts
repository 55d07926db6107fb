import type { Kysely } from 'kysely';
import { organisations } from '../accounts/organisations.ts';
import { badRequest } from '../kernel/errors.ts';
import { foldLabel } from '../vocab/model.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import { allowedEdits, editDistance, foldText } from './engine/analysis.ts';
import { highlightText, snippet } from './engine/highlight.ts';
import { isEmptyPlan, parseQuery, planQuery, synonymPhrases, type Lexicon, type MatchPlan } from './engine/query.ts';
import { ResidentCatalogue, type ResidentOptions } from './engine/resident-catalogue.ts';
import type { ResidentIndex } from './engine/resident-index.ts';
import { excludedDocs, KnownPhrases, residentMatchable } from './engine/resident-text.ts';
import {
  rankStats,
  termDictionary,
  type RankStats,
  type ScoreExplanation,
  type SearchIndex,
} from './engine/search-index.ts';
import type { Synonyms } from './engine/synonyms.ts';
import { searchIndexFor } from './engine/engines.ts';
import type { TermScheme } from './engine/terms.ts';
import { FACET_SCHEMES, FacetBuilder } from './facets.ts';
import type { FacetCount, ListItem, ListQuery, ListResult, QueryHelp } from './model.ts';
import { hasRanking, SearchRepository, type PageCursor, type ResourceFilters, type SortOrder } from './repository.ts';

/** Below this many results a query is checked for a rare word with a common neighbour (did you mean). */
const DID_YOU_MEAN_BELOW = 5;

/**
 * A plan whose results need only some of its words (any one of the must groups), for when all of
 * them find nothing. Null when that would not widen it (one group) or fields are involved.
 */
function relaxPlan(plan: MatchPlan): MatchPlan | null {
  if (plan.must.length < 2 || plan.must.some((g) => g.field) || plan.mustNot.some((g) => g.field)) return null;
  return { ...plan, combine: 'any' };
}

/** The query with corrected words put in place of the typed ones. */
function replaceWords(q: string, corrections: { from: string; to: string }[]): string {
  let out = q;
  const capitalised = (word: string, like: string) =>
    /^\p{Lu}/u.test(like) ? word.charAt(0).toUpperCase() + word.slice(1) : word;
  for (const { from, to } of corrections)
    out = out.replace(/[\p{L}\p{N}]+/gu, (word) => (foldLabel(word) === from ? capitalised(to, word) : word));
  return out;
}

/** The query without one of its words or clauses. */
function removeWord(q: string, word: string): string {
  const index = q.indexOf(word);
  if (index < 0) return q;
  return `${q.slice(0, index)}${q.slice(index + word.length)}`.replace(/\s+/g, ' ').trim();
}

function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(value: string): PageCursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (typeof parsed?.offset === 'number' && parsed.offset >= 0 && parsed.offset <= 100000)
      return { offset: parsed.offset };
    if (typeof parsed?.key === 'string' && typeof parsed?.id === 'string') return { key: parsed.key, id: parsed.id };
  } catch {
    /* reported below */
  }
  throw badRequest('LG_BAD_CURSOR', 'The cursor is not one this API gave out; start again without it.');
}

/**
 * Search over the catalogue: a text query planned (synonyms, compounds, typos), matched by the
 * store's engine or the in-memory index, filtered, ranked, paged and faceted, with help for a query
 * that finds little. The catalogue presents the results.
 */
export class SearchService {
  readonly repository: SearchRepository;
  /** Filters, facets and pages in memory (null: every query goes to the store). */
  readonly memory: ResidentCatalogue | null;
  private readonly facetBuilder: FacetBuilder;

  constructor(
    private readonly store: Store,
    private readonly catalogue: CatalogueService,
    readonly vocab: Vocabularies,
    readonly synonyms: Synonyms,
    private readonly exactFacetsUpTo = 20_000,
    options: { memoryIndex?: boolean; memoryText?: boolean; memory?: ResidentOptions } = {},
  ) {
    this.search = searchIndexFor(store.dialect);
    this.repository = new SearchRepository(this.search, store.dialect);
    this.facetBuilder = new FacetBuilder(() => this.db, vocab);
    const { repository } = this;
    const withText = options.memoryText !== false;
    const phrases = withText ? new KnownPhrases(synonymPhrases(synonyms)) : null;
    this.memory =
      options.memoryIndex === false
        ? null
        : new ResidentCatalogue(
            {
              rowsAfter: (after, limit) => repository.residentRows(this.db, after, limit, withText),
              rowsByIds: (ids) => repository.residentRowsByIds(this.db, ids, withText),
              changedSince: (since) => repository.changedSince(this.db, since),
              sortOrders: () => repository.sortOrders(this.db),
            },
            {
              parseText: withText ? (stored) => this.search.parseResident(stored, phrases) : null,
              phrases,
              ...options.memory,
            },
          );
    // Writes of the catalogue reach the in-memory index; a rebuilt search index reloads it.
    const memory = this.memory;
    catalogue.observe({
      touched: (ids) => memory?.touch(ids),
      rebuilt: async () => {
        if (memory?.started) await memory.reload();
      },
    });
  }

  /** The store's full-text engine (the catalogue writes to the same one). */
  readonly search: SearchIndex;

  private get db(): Kysely<Database> {
    return this.store.db;
  }

  /** The match plan of a text query, with its ranking statistics; null for an empty query. */
  async planText(
    q: string | undefined,
    options: { correct?: boolean } = {},
  ): Promise<{ plan: MatchPlan; stats: RankStats } | null> {
    const parsed = parseQuery(q ?? '');
    if (parsed.groups.length === 0 && parsed.excluded.length === 0) return null;
    const search = this.search;
    const lexicon: Lexicon = {
      lookup: (terms) => termDictionary.lookup(this.db, terms),
      similar: (term) => search.similar(this.db, term),
      endingWith: (term, limit) => search.endingWith(this.db, term, limit),
    };
    const plan = await planQuery(parsed, lexicon, this.synonyms, options);
    // A query of stop words only matches everything; the help says which words were left out.
    return { plan, stats: isEmptyPlan(plan) ? { documents: 1, groupDocs: [] } : await rankStats(this.db, plan) };
  }

  /** Lists resources with filters, text query, facets and cursor paging. */
  async list(query: ListQuery): Promise<ListResult> {
    // 0: the total and the facets only.
    const limit = Math.min(Math.max(query.limit ?? 20, 0), 100);
    const text = await this.planText(query.q);
    const filters: ResourceFilters = {
      terms: Object.fromEntries(Object.entries(query.terms ?? {}).filter(([, v]) => v && v.length > 0)),
      statuses: query.statuses?.length ? query.statuses : ['published'],
      text,
    };
    let ranked = hasRanking(filters);
    let sort = query.sort === 'relevance' && !ranked ? 'title' : (query.sort ?? (ranked ? 'relevance' : 'title'));
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    if (cursor && 'offset' in cursor !== (sort === 'relevance' && ranked)) {
      throw badRequest('LG_BAD_CURSOR', 'The cursor belongs to another sort order; start again without it.');
    }
    let sample: 1 | 16 | 256 = 1;
    const resident = this.memory ? await this.memory.current() : null;
    const run = async (): Promise<{ page: { id: string; key: string }[]; total: number; counts: FacetCount[] }> => {
      if (resident) {
        // One more than the page, to tell whether there is a next one.
        const found = await this.selectResident(resident, filters, sort, cursor, limit + 1, query.facets !== false);
        // Sort positions being recomputed after changes: the store pages; counts stay the index's.
        return { ...found, page: found.page ?? (await this.repository.page(this.db, filters, sort, cursor, limit)) };
      }
      const [page, total] = await Promise.all([
        this.repository.page(this.db, filters, sort, cursor, limit),
        this.repository.count(this.db, filters),
      ]);
      if (query.facets === false) return { page, total, counts: [] };
      // Broad results get facet counts estimated from a sample: exact counts cost time in proportion to the results.
      sample = total <= this.exactFacetsUpTo ? 1 : total <= this.exactFacetsUpTo * 16 ? 16 : 256;
      return { page, total, counts: await this.facetCounts(filters, sample) };
    };
    let { page: rows, total, counts } = await run();
    // No result with every word: the results with some of them, the most matching words first.
    let relaxed = false;
    if (total === 0 && text) {
      const some = relaxPlan(text.plan);
      if (some) {
        filters.text = { plan: some, stats: await rankStats(this.db, some) };
        ranked = hasRanking(filters);
        sort = query.sort ?? 'relevance';
        ({ page: rows, total, counts } = await run());
        relaxed = total > 0;
        if (!relaxed) filters.text = text;
      }
    }
    const pageRows = rows.slice(0, limit);
    const ids = pageRows.map((r) => r.id);
    const [found, explanations] = await Promise.all([
      this.catalogue.rowsByIds(ids),
      query.explain && filters.text && ranked
        ? this.search.explain(this.db, filters.text.plan, filters.text.stats, ids)
        : Promise.resolve(new Map<string, ScoreExplanation>()),
    ]);
    const byId = new Map(found.map((r) => [r.id, r]));
    let nextCursor: string | null = null;
    if (rows.length > limit && limit > 0) {
      const last = pageRows.at(-1)!;
      const lastRow = byId.get(last.id);
      // The key of the sort order as the store has it now (the in-memory index gives ids only).
      const key = lastRow ? (sort === 'newest' ? lastRow.created_at : lastRow.sort_title) : last.key;
      nextCursor = encodeCursor(
        cursor && 'offset' in cursor
          ? { offset: cursor.offset + limit }
          : sort === 'relevance' && ranked
            ? { offset: limit }
            : { key, id: last.id },
      );
    }
    const items: ListItem[] = await this.catalogue.present(pageRows.map((r) => byId.get(r.id)!).filter(Boolean));
    if (text) {
      for (const item of items) {
        // The snippet comes from the description, or else from the keywords and makers that matched.
        const other = [item.keywords.join(', '), item.creators.map((c) => c.name).join(', ')]
          .filter(Boolean)
          .join(' · ');
        const explanation = explanations.get(item.id);
        item.match = {
          title: highlightText(item.title, text.plan.highlight),
          snippet:
            (item.description ? snippet(item.description, text.plan.highlight) : null) ??
            snippet(other, text.plan.highlight),
          ...(explanation ? { explain: explanation } : {}),
        };
      }
    }
    const help = await this.help(query.q ?? '', text, filters, total);
    help.relaxed = relaxed;
    return {
      items,
      total,
      facets:
        query.facets === false
          ? []
          : await this.facetBuilder.facets(counts, filters, sample, query.facetValues ?? null),
      nextCursor,
      query: help,
    };
  }

  /**
   * Count, facet counts and page from the in-memory index; the text match (when there is one) still
   * comes from the store's search index, once. The page holds `take` ids, or is null when the index
   * cannot place it (sort positions being recomputed after changes).
   */
  private async selectResident(
    resident: ResidentIndex,
    filters: ResourceFilters,
    sort: SortOrder,
    cursor: PageCursor | null,
    take: number,
    facets: boolean,
  ): Promise<{ page: { id: string; key: string }[] | null; total: number; counts: FacetCount[] }> {
    const text = filters.text;
    const ranking = hasRanking(filters);
    const relevance = sort === 'relevance' && ranking;
    const view = resident.textView();
    const [matches, excluded] = await Promise.all([
      // Scores only when they order the page: matching alone costs a fraction of ranking. Plain
      // words are matched and ranked in memory (exactly as the store would), the rest by the store.
      !ranking
        ? null
        : (view && residentMatchable(text!.plan)
            ? this.search.matchResident(this.db, view, text!.plan, text!.stats, { scores: relevance })
            : Promise.resolve(null)
          ).then((found) => found ?? this.repository.matchScores(this.db, text!, relevance)),
      text && !ranking && text.plan.mustNot.length > 0
        ? ((view && excludedDocs(view.text, text.plan)) ?? this.repository.excludedIds(this.db, text.plan))
        : null,
    ]);
    const result = resident.select({
      terms: filters.terms,
      statuses: filters.statuses,
      matches,
      excluded,
      facetSchemes: facets ? FACET_SCHEMES : [],
      sort: relevance ? 'relevance' : sort === 'newest' ? 'newest' : 'title',
      after: cursor && 'id' in cursor ? cursor.id : null,
      offset: cursor && 'offset' in cursor ? cursor.offset : 0,
      limit: take,
    });
    return { page: result.page?.map((id) => ({ id, key: '' })) ?? null, total: result.total, counts: result.counts };
  }

  /** The best-ranked ids of a text query (for autocomplete), from memory when the index is loaded. */
  async topIds(filters: ResourceFilters, limit: number): Promise<string[]> {
    const resident = this.memory ? await this.memory.current() : null;
    const found = resident
      ? (await this.selectResident(resident, filters, 'relevance', null, limit, false)).page
      : null;
    return (found ?? (await this.repository.page(this.db, filters, 'relevance', null, limit)))
      .slice(0, limit)
      .map((r) => r.id);
  }

  /** Published resources per concept of the given schemes, from memory; null while the index loads. */
  async conceptCounts(schemes: readonly TermScheme[]): Promise<Map<string, number> | null> {
    const resident = this.memory ? await this.memory.current() : null;
    if (!resident) return null;
    const { counts } = resident.select({
      terms: {},
      statuses: ['published'],
      matches: null,
      excluded: null,
      facetSchemes: schemes,
      sort: 'title',
      after: null,
      offset: 0,
      limit: 0,
    });
    const out = new Map<string, number>();
    for (const c of counts) out.set(c.concept_id, (out.get(c.concept_id) ?? 0) + c.n);
    return out;
  }

  /** How many resources meet filters (in memory when the index is loaded). */
  private async countMatching(filters: ResourceFilters): Promise<number> {
    const resident = this.memory ? await this.memory.current() : null;
    if (!resident) return this.repository.count(this.db, filters);
    return (await this.selectResident(resident, filters, 'title', null, 0, false)).total;
  }

  /**
   * Facet counts as shops do them: a facet with a selection counts over the results without its own
   * selection (so its other values show what choosing them would add), every other facet over the
   * results with all selections.
   */
  private async facetCounts(filters: ResourceFilters, sample: 1 | 16 | 256): Promise<FacetCount[]> {
    const counts = await this.repository.disjunctiveFacetCounts(this.db, filters, FACET_SCHEMES, sample);
    return counts.map((c) => ({ ...c, n: c.n * sample }));
  }

  /** Corrections, did-you-mean and, for an empty result, ways to broaden the search. */
  private async help(
    q: string,
    text: { plan: MatchPlan; stats: RankStats } | null,
    filters: ResourceFilters,
    total: number,
  ): Promise<QueryHelp> {
    const plan = text?.plan;
    const correctedQuery = plan?.corrections.length ? replaceWords(q, plan.corrections) : null;
    const help: QueryHelp = {
      correctedQuery,
      relaxed: false,
      didYouMean: null,
      compounds: plan?.compounds ?? [],
      expansions: plan?.expansions ?? [],
      synonyms: plan?.synonyms ?? [],
      ignored: plan?.ignored ?? [],
      broader: [],
    };
    if (text && total < DID_YOU_MEAN_BELOW) help.didYouMean = await this.didYouMean(q, text);
    if (total > 0 || (!text && Object.keys(filters.terms).length === 0)) return help;
    // Nothing found: what each filter, or each word, would give back if it were dropped.
    const orgs = new Map(
      (await organisations.byIds(this.db, filters.terms.institution ?? [])).map((o) => [o.id, o.name]),
    );
    for (const [scheme, values] of Object.entries(filters.terms) as [TermScheme, string[]][]) {
      for (const value of values.slice(0, 3)) {
        const rest = values.filter((v) => v !== value);
        const terms = { ...filters.terms, [scheme]: rest };
        const count = await this.countMatching({ ...filters, terms });
        if (count > 0)
          help.broader.push({
            type: 'remove-filter',
            filter: scheme,
            value,
            ...this.facetBuilder.facetLabel(scheme, value, orgs),
            count,
          });
      }
    }
    if (plan && plan.must.length > 1) {
      for (const group of plan.must.slice(0, 6)) {
        const narrower: MatchPlan = { ...plan, combine: 'all', must: plan.must.filter((g) => g !== group) };
        const count = await this.countMatching({ ...filters, text: { plan: narrower, stats: text!.stats } });
        if (count > 0)
          help.broader.push({ type: 'remove-word', word: group.source, query: removeWord(q, group.source), count });
      }
    }
    help.broader.sort((a, b) => b.count - a.count);
    help.broader = help.broader.slice(0, 6);
    return help;
  }

  /**
   * For a query with few results: the same query with a rare word replaced by a close, much more
   * common one ("suriname" for "surinane" when a record or two has the misspelling). Null when none.
   */
  private async didYouMean(q: string, text: { plan: MatchPlan; stats: RankStats }): Promise<string | null> {
    const replacements: { from: string; to: string }[] = [];
    for (const [i, group] of text.plan.must.entries()) {
      const docs = text.stats.groupDocs[i] ?? 0;
      const term = group.any[0];
      if (
        docs === 0 ||
        docs > 2 ||
        group.any.length > 2 ||
        term?.type !== 'term' ||
        !/^[\p{L}\p{N}]+$/u.test(group.source)
      )
        continue;
      const word = foldText(group.source);
      const max = allowedEdits(word);
      if (max === 0) continue;
      const better = (await this.search.similar(this.db, term.term))
        .map((c) => ({ ...c, distance: editDistance(term.term, c.term, max) }))
        .filter((c) => c.distance <= max && c.distance > 0 && c.docs >= Math.max(5, docs * 10))
        .sort((a, b) => a.distance - b.distance || b.docs - a.docs)[0];
      if (better) replacements.push({ from: word, to: better.word });
    }
    return replacements.length ? replaceWords(q, replacements) : null;
  }
}
