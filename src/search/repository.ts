import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { StoreDialect } from '../db/dialects/dialect.ts';
import type { Database } from '../db/schema.ts';
import type { MatchPlan } from './engine/query.ts';
import type { ResidentRow } from './engine/resident-types.ts';
import type { MatchedSet, RankStats, SearchIndex } from './engine/search-index.ts';
import type { TermScheme } from './engine/terms.ts';

/** Term schemes from the usually most selective to the broadest, to choose which filter leads a query. */
const SELECTIVITY: TermScheme[] = [
  'objective',
  'subject',
  'level',
  'institution',
  'type',
  'period',
  'licence',
  'language',
  'reusability',
  'image',
  'kind',
];

/** Schemes whose values usually hold few resources. */
const NARROW: TermScheme[] = ['objective', 'subject', 'level', 'institution', 'type'];

/** Filters of a resource listing: AND across dimensions, OR within one. */
export interface ResourceFilters {
  terms: Partial<Record<TermScheme, string[]>>;
  statuses: string[];
  /** The text query as the index matches it; null for no text query. */
  text: { plan: MatchPlan; stats: RankStats } | null;
}

/** Whether filters rank by relevance: a text query with words that must match. */
export function hasRanking(filters: ResourceFilters): boolean {
  return !!filters.text && filters.text.plan.must.length > 0;
}

export type SortOrder = 'relevance' | 'title' | 'newest';

/** Where a page starts: an offset for relevance, a key for the other orders. */
export type PageCursor = { offset: number } | { key: string; id: string };

type Db = Kysely<Database>;

/**
 * SQL of search over the catalogue's tables: filtered and ranked pages, counts, facet counts, the
 * rows the in-memory index loads, and full-text matches. The catalogue writes those tables; search
 * only reads them.
 */
export class SearchRepository {
  constructor(
    private readonly search: SearchIndex,
    private readonly dialect: StoreDialect,
  ) {}

  /**
   * The matching resources. `walkingSortIndex`: the caller reads them in title or date order and
   * stops after a page, so a broad filter should not lead (the sort index walk finds a page sooner).
   */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Kysely's type for "no columns selected yet"
  private filtered(db: Db, filters: ResourceFilters, walkingSortIndex = false): SelectQueryBuilder<any, any, {}> {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Kysely's type for "no columns selected yet"
    let query: SelectQueryBuilder<any, any, {}> = db.selectFrom('resource as r');
    const text = filters.text;
    if (text && text.plan.must.length > 0) {
      query = query.innerJoin(this.search.match(text.plan, text.stats).as('m'), 'm.resource_id', 'r.id');
    } else if (text) {
      // Only exclusions: everything except what they match.
      for (const group of text.plan.mustNot) query = query.where('r.id', 'not in', this.search.matchGroup(group));
    }
    query = query.where('r.status', 'in', filters.statuses);
    const terms = (Object.entries(filters.terms) as [TermScheme, string[] | undefined][])
      .filter(([, values]) => values && values.length > 0)
      .sort(([a], [b]) => SELECTIVITY.indexOf(a) - SELECTIVITY.indexOf(b));
    // Without a text match to start from, the most selective filter leads: its (scheme, concept)
    // index range drives the query instead of a scan of every resource.
    if (
      terms.length > 0 &&
      !(text && text.plan.must.length > 0) &&
      (!walkingSortIndex || NARROW.includes(terms[0]![0]))
    ) {
      const [scheme, values] = terms.shift()!;
      query = query.where(
        'r.id',
        'in',
        db
          .selectFrom('resource_term')
          .select('resource_id')
          .where('scheme', '=', scheme)
          .where('concept_id', 'in', values!),
      );
    }
    for (const [scheme, values] of terms) {
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('resource_term as t')
            .select(sql.lit(1).as('one'))
            .whereRef('t.resource_id', '=', 'r.id')
            .where('t.scheme', '=', scheme)
            .where('t.concept_id', 'in', values!),
        ),
      );
    }
    return query;
  }

  /** One page of matching resource ids in the requested order, and one more to tell if there is a next page. */
  async page(
    db: Db,
    filters: ResourceFilters,
    sort: SortOrder,
    cursor: PageCursor | null,
    limit: number,
  ): Promise<{ id: string; key: string }[]> {
    const useRelevance = sort === 'relevance' && hasRanking(filters);
    let query = this.filtered(db, filters, !useRelevance);
    if (useRelevance) {
      // Ties break by title, then id: the same order on both stores for equal scores.
      query = query
        .select(['r.id as id', sql<string>`''`.as('key')])
        .orderBy('m.score')
        .orderBy('r.sort_title')
        .orderBy('r.id');
      if (cursor && 'offset' in cursor) query = query.offset(cursor.offset);
    } else {
      const keyColumn = sort === 'newest' ? 'r.created_at' : 'r.sort_title';
      const direction = sort === 'newest' ? 'desc' : 'asc';
      query = query
        .select(['r.id as id', `${keyColumn} as key`])
        .orderBy(keyColumn, direction)
        .orderBy('r.id', direction);
      if (cursor && 'key' in cursor) {
        const op = direction === 'asc' ? '>' : '<';
        query = query.where((eb) =>
          eb.or([eb(keyColumn, op, cursor.key), eb.and([eb(keyColumn, '=', cursor.key), eb('r.id', op, cursor.id)])]),
        );
      }
    }
    return (await query.limit(limit + 1).execute()) as { id: string; key: string }[];
  }

  async count(db: Db, filters: ResourceFilters): Promise<number> {
    const row = await this.filtered(db, filters)
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirst();
    return Number((row as { n: number } | undefined)?.n ?? 0);
  }

  /**
   * Counts per concept of each facet scheme over the resources that match the filters (see the
   * service for disjunctive counts). The matching resources drive the join (a cross join keeps
   * SQLite from scanning every term of a scheme instead), so a selective query stays cheap.
   * `sample` counts over 1 in that many of the matching resources only (estimates for broad results).
   */
  async facetCounts(
    db: Db,
    filters: ResourceFilters,
    schemes: readonly TermScheme[],
    sample: 1 | 16 | 256 = 1,
  ): Promise<{ scheme: string; concept_id: string; n: number }[]> {
    let ids = this.filtered(db, filters).select('r.id as id');
    // A sample of 1 in 16 or 256: the last hex digits of a UUIDv7 are random.
    if (sample > 1) ids = ids.where('r.id', 'like', sample === 16 ? '%0' : '%00');
    const rows = await db
      .selectFrom(ids.as('ids'))
      .crossJoin('resource_term as f')
      .select(['f.scheme', 'f.concept_id', sql<number>`count(*)`.as('n')])
      .whereRef('f.resource_id', '=', 'ids.id')
      .where('f.scheme', 'in', [...schemes])
      .groupBy(['f.scheme', 'f.concept_id'])
      .execute();
    return rows.map((r) => ({ scheme: r.scheme, concept_id: r.concept_id, n: Number(r.n) }));
  }

  /**
   * Disjunctive facet counts in one pass: over the resources that meet every filter but at most
   * one, each term counts when its resource meets every filter except that of its own scheme. The
   * same numbers as one query per selected facet (`facetCounts` without its own selection), for
   * the cost of one.
   */
  async disjunctiveFacetCounts(
    db: Db,
    filters: ResourceFilters,
    schemes: readonly TermScheme[],
    sample: 1 | 16 | 256 = 1,
  ): Promise<{ scheme: string; concept_id: string; n: number }[]> {
    const selected = Object.entries(filters.terms).filter(([, values]) => values && values.length > 0) as [
      TermScheme,
      string[],
    ][];
    if (selected.length === 0) return this.facetCounts(db, filters, schemes, sample);
    // Scalar subqueries (not EXISTS): one index probe per candidate; PostgreSQL would otherwise hash every resource with the value first.
    const flags = selected.map(([scheme, values], i) =>
      sql<number>`coalesce((select 1 from resource_term t where t.resource_id = r.id and t.scheme = ${scheme} and t.concept_id in (${sql.join(values)}) limit 1), 0)`.as(
        `s${i}`,
      ),
    );
    let base = this.filtered(db, { ...filters, terms: {} }).select(['r.id as id', ...flags]);
    if (sample > 1) base = base.where('r.id', 'like', sample === 16 ? '%0' : '%00');
    const flag = (i: number) => sql.ref(`b.s${i}`);
    const candidates = db
      .selectFrom(base.as('b'))
      .selectAll('b')
      .where(
        sql`${sql.join(
          selected.map((_, i) => flag(i)),
          sql` + `,
        )}`,
        '>=',
        selected.length - 1,
      );
    const meets = (except: number | null) =>
      sql.join(
        selected
          .map((_, i) => i)
          .filter((i) => i !== except)
          .map((i) => sql`${sql.ref(`ids.s${i}`)} = 1`),
        sql` and `,
      );
    const cases = selected.map(
      ([scheme], i) => sql`when ${scheme} then ${selected.length > 1 ? sql`(${meets(i)})` : sql`1 = 1`}`,
    );
    // Materialised, so the flags are computed once per candidate (PostgreSQL would otherwise fold
    // them into the join as subplans over whole term sets).
    const rows = await db
      .with(
        (cte) => cte('ids').materialized(),
        () => candidates,
      )
      .selectFrom('ids')
      .crossJoin('resource_term as f')
      .select(['f.scheme', 'f.concept_id', sql<number>`count(*)`.as('n')])
      .whereRef('f.resource_id', '=', 'ids.id')
      .where('f.scheme', 'in', [...schemes])
      .where(sql<boolean>`case f.scheme ${sql.join(cases, sql` `)} else (${meets(null)}) end`)
      .groupBy(['f.scheme', 'f.concept_id'])
      .execute();
    return rows.map((r) => ({ scheme: r.scheme, concept_id: r.concept_id, n: Number(r.n) }));
  }

  /**
   * What the resident index keeps of resources: status, datestamps, sort title, terms (as
   * `scheme<TAB>concept` lines) and, when it keeps text postings (`withText`), the stored text.
   */
  private residentQuery(db: Db, withText: boolean) {
    const terms = sql<
      string | null
    >`(select ${this.dialect.joinText(sql<string>`t.scheme || ${'\t'} || t.concept_id`, '\n')} from resource_term t where t.resource_id = r.id)`;
    const search = this.search.residentColumns();
    const text = withText ? search.text : sql<string | null>`null`;
    return db
      .selectFrom('resource as r')
      .select([
        'r.id',
        'r.status',
        'r.updated_at',
        'r.created_at',
        'r.sort_title',
        terms.as('terms'),
        search.key.as('search_key'),
        search.quality.as('quality'),
        text.as('text'),
      ]);
  }

  /** Resources for the resident index in id order, from after `after`. */
  async residentRows(db: Db, after: string, limit: number, withText: boolean): Promise<ResidentRow[]> {
    return this.residentQuery(db, withText).where('r.id', '>', after).orderBy('r.id').limit(limit).execute();
  }

  async residentRowsByIds(db: Db, ids: string[], withText: boolean): Promise<ResidentRow[]> {
    if (ids.length === 0) return [];
    return this.residentQuery(db, withText).where('r.id', 'in', ids).execute();
  }

  /** Resources changed after a datestamp (ISO), with their datestamps. */
  async changedSince(db: Db, since: string): Promise<{ id: string; updated_at: string }[]> {
    return db.selectFrom('resource').select(['id', 'updated_at']).where('updated_at', '>', since).execute();
  }

  /** Every resource id in title order and in newest-first order (as the store sorts them), and the latest creation datestamp. */
  async sortOrders(db: Db): Promise<{ byTitle: string[]; byNewest: string[]; latestCreated: string }> {
    const [byTitle, byNewest] = await Promise.all([
      db.selectFrom('resource').select('id').orderBy('sort_title').orderBy('id').execute(),
      db
        .selectFrom('resource')
        .select(['id', 'created_at'])
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute(),
    ]);
    return {
      byTitle: byTitle.map((r) => r.id),
      byNewest: byNewest.map((r) => r.id),
      latestCreated: byNewest[0]?.created_at ?? '',
    };
  }

  /** Every resource a text query matches, with its score (lower is better), whatever its status. */
  async matchScores(db: Db, text: { plan: MatchPlan; stats: RankStats }, scores = true): Promise<MatchedSet> {
    return this.search.matchAll(db, text.plan, text.stats, { scores });
  }

  /** The resources any of a plan's exclusions match. */
  async excludedIds(db: Db, plan: MatchPlan): Promise<string[]> {
    const ids = new Set<string>();
    for (const group of plan.mustNot) {
      for (const row of await db.selectFrom(this.search.matchGroup(group).as('g')).select('g.resource_id').execute())
        ids.add(row.resource_id);
    }
    return [...ids];
  }

  /** Published resources per concept of the given schemes (of the given ids, or all). */
  async publishedPerConcept(db: Db, schemes: TermScheme[], ids: string[] | null): Promise<Map<string, number>> {
    let query = db
      .selectFrom('resource_term as t')
      .innerJoin('resource as r', 'r.id', 't.resource_id')
      .select(['t.concept_id', sql<number>`count(*)`.as('n')])
      .where('t.scheme', 'in', schemes)
      .where('r.status', '=', 'published');
    if (ids) query = query.where('t.concept_id', 'in', ids);
    const rows = await query.groupBy('t.concept_id').execute();
    return new Map(rows.map((r) => [r.concept_id, Number(r.n)]));
  }
}
