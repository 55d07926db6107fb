import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import type { Database, ProblemReportTable } from '../db/schema.ts';
import type { Scope } from './model.ts';

type Db = Kysely<Database>;
export type ReportRow = Selectable<ProblemReportTable>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Query = SelectQueryBuilder<any, any, any>;

/** The resource columns every queue item shows. */
const RESOURCE_COLUMNS = [
  'r.id as resource_id',
  'r.title',
  'r.kind',
  'r.description',
  'r.organisation_id',
  'r.source_id',
  'o.name as organisation_name',
] as const;

/** What every queue is filtered and paged by. */
interface Paging {
  sourceId: string | null;
  limit: number;
  offset: number;
}

/**
 * One page of a queue and its total: `base` holds the queue's published records within the scope
 * (and of one source when asked), `page` adds the columns and order. A limit of 0 only counts.
 */
async function pageOf<T>(
  base: Query,
  scope: Scope,
  paging: Paging,
  page: (q: Query) => Query,
): Promise<{ total: number; rows: T[] }> {
  let q = base.where('r.status', '=', 'published');
  if (scope) q = q.where('r.organisation_id', 'in', scope.length ? scope : ['']);
  if (paging.sourceId) q = q.where('r.source_id', '=', paging.sourceId);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = paging.limit
    ? ((await page(q.select(RESOURCE_COLUMNS)).limit(paging.limit).offset(paging.offset).execute()) as T[])
    : [];
  return { total: Number((total as { n: number }).n), rows };
}

export interface ResourceColumns {
  resource_id: string;
  title: string;
  kind: string;
  description: string | null;
  organisation_id: string | null;
  source_id: string | null;
  organisation_name: string | null;
}

export type ReportItemRow = ResourceColumns & {
  report_id: string;
  category: string;
  message: string;
  report_status: string;
  created_at: string;
  handled_at: string | null;
  handled_note: string | null;
};

/** SQL of the curation workspace: the kept suggestions, reported problems and the queues. */
export const curationRepository = {
  /** Replaces the kept suggestions of these resources with what the suggester offers now. */
  async replaceSuggestions(
    db: Db,
    resourceIds: string[],
    rows: { resource_id: string; objective_id: string; score: number; matched_words: string; suggested_at: string }[],
  ): Promise<void> {
    if (!resourceIds.length) return;
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < resourceIds.length; i += 500)
        await trx
          .deleteFrom('objective_suggestion')
          .where('resource_id', 'in', resourceIds.slice(i, i + 500))
          .execute();
      for (let i = 0; i < rows.length; i += 200)
        await trx
          .insertInto('objective_suggestion')
          .values(rows.slice(i, i + 200))
          .execute();
    });
  },

  /** Suggestions nobody decided on yet, best first, with their record. */
  async suggestions(db: Db, scope: Scope, filter: Paging & { objectiveId: string | null; minScore: number }) {
    let q: Query = db
      .selectFrom('objective_suggestion as s')
      .innerJoin('resource as r', 'r.id', 's.resource_id')
      .leftJoin('organisation as o', 'o.id', 'r.organisation_id')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('objective_decision as d')
              .select('d.resource_id')
              .whereRef('d.resource_id', '=', 's.resource_id')
              .whereRef('d.objective_id', '=', 's.objective_id'),
          ),
        ),
      );
    if (filter.objectiveId) q = q.where('s.objective_id', '=', filter.objectiveId);
    if (filter.minScore > 0) q = q.where('s.score', '>=', filter.minScore);
    return pageOf<
      ResourceColumns & { objective_id: string; score: number; matched_words: string; suggested_at: string }
    >(q, scope, filter, (p) =>
      p
        .select(['s.objective_id', 's.score', 's.matched_words', 's.suggested_at'])
        .orderBy('s.score', 'desc')
        .orderBy('s.resource_id')
        .orderBy('s.objective_id'),
    );
  },

  /** How teachers voted on these resources' suggested objectives. */
  async votes(db: Db, resourceIds: string[]) {
    if (!resourceIds.length) return [];
    return db
      .selectFrom('objective_vote')
      .select(['resource_id', 'objective_id', 'vote'])
      .where('resource_id', 'in', resourceIds)
      .execute();
  },

  /** Records whose latest check of a kind failed, newest finding first. */
  async failedChecks(db: Db, scope: Scope, filter: Paging & { kind: string | null }) {
    let q: Query = db
      .selectFrom('quality_check as c')
      .innerJoin('resource as r', 'r.id', 'c.resource_id')
      .leftJoin('organisation as o', 'o.id', 'r.organisation_id')
      .where('c.status', '=', 'failed')
      .where((eb) =>
        eb(
          'c.checked_at',
          '=',
          eb
            .selectFrom('quality_check as l')
            .select((e) => e.fn.max('l.checked_at').as('last'))
            .whereRef('l.resource_id', '=', 'c.resource_id')
            .whereRef('l.kind', '=', 'c.kind'),
        ),
      );
    if (filter.kind) q = q.where('c.kind', '=', filter.kind);
    return pageOf<ResourceColumns & { check_kind: string; detail: string; checked_at: string }>(q, scope, filter, (p) =>
      p
        .select(['c.kind as check_kind', 'c.detail', 'c.checked_at'])
        .orderBy('c.checked_at', 'desc')
        .orderBy('c.resource_id')
        .orderBy('c.kind'),
    );
  },

  /** Published reviews no curator looked at yet, oldest first. */
  async reviewsToModerate(db: Db, scope: Scope, filter: Paging) {
    const q = db
      .selectFrom('resource_review as v')
      .innerJoin('resource as r', 'r.id', 'v.resource_id')
      .leftJoin('organisation as o', 'o.id', 'r.organisation_id')
      .innerJoin('app_user as u', 'u.id', 'v.reviewer_id')
      .where('v.status', '=', 'published')
      .where('v.moderated_at', 'is', null);
    return pageOf<
      ResourceColumns & {
        review_id: string;
        reviewer: string;
        summary: string | null;
        scores: string;
        created_at: string;
      }
    >(q, scope, filter, (p) =>
      p
        .select(['v.id as review_id', 'u.name as reviewer', 'v.summary', 'v.scores', 'v.created_at'])
        .orderBy('v.created_at')
        .orderBy('v.id'),
    );
  },

  /** Reported problems of a status (or one report), oldest first. */
  async reports(db: Db, scope: Scope, filter: Paging & { status: string | null; reportId?: string }) {
    let q: Query = db
      .selectFrom('problem_report as p')
      .innerJoin('resource as r', 'r.id', 'p.resource_id')
      .leftJoin('organisation as o', 'o.id', 'r.organisation_id');
    if (filter.status) q = q.where('p.status', '=', filter.status);
    if (filter.reportId) q = q.where('p.id', '=', filter.reportId);
    return pageOf<ReportItemRow>(q, scope, filter, (p) =>
      p
        .select([
          'p.id as report_id',
          'p.category',
          'p.message',
          'p.status as report_status',
          'p.created_at',
          'p.handled_at',
          'p.handled_note',
        ])
        .orderBy('p.created_at')
        .orderBy('p.id'),
    );
  },

  async insertReport(db: Db, row: ReportRow): Promise<void> {
    await db.insertInto('problem_report').values(row).execute();
  },

  async report(db: Db, id: string) {
    return db
      .selectFrom('problem_report as p')
      .innerJoin('resource as r', 'r.id', 'p.resource_id')
      .selectAll('p')
      .select(['r.organisation_id', 'r.created_by'])
      .where('p.id', '=', id)
      .executeTakeFirst();
  },

  async updateReport(db: Db, id: string, set: Partial<ReportRow>): Promise<void> {
    await db.updateTable('problem_report').set(set).where('id', '=', id).execute();
  },

  /** Reports by one person since a moment: a limit against flooding. */
  async recentReportsBy(db: Db, reporterId: string, since: string): Promise<number> {
    const row = await db
      .selectFrom('problem_report')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('reporter_id', '=', reporterId)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};
