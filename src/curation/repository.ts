import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import type { Database, ProblemReportTable } from '../db/schema.ts';
import type { Scope } from './model.ts';

type Db = Kysely<Database>;
export type ReportRow = Selectable<ProblemReportTable>;

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

/** Published records within the scope (and of one source when asked). */
function within<Q extends SelectQueryBuilder<any, any, any>>(q: Q, scope: Scope, sourceId: string | null): Q {
  let out = q.where('r.status', '=', 'published');
  if (!scope.all)
    out = out.where('r.organisation_id', 'in', scope.organisationIds.length ? scope.organisationIds : ['']);
  if (sourceId) out = out.where('r.source_id', '=', sourceId);
  return out as Q;
}

/** SQL of the curation workspace: the kept suggestions, reported problems and the queues. */
export const curationRepository = {
  /** Resources changed since the cursor (any status), oldest first. */
  async changedAfter(db: Db, cursor: { at: string; id: string }, limit: number) {
    return db
      .selectFrom('resource')
      .select(['id', 'updated_at'])
      .where((eb) =>
        eb.or([eb('updated_at', '>', cursor.at), eb.and([eb('updated_at', '=', cursor.at), eb('id', '>', cursor.id)])]),
      )
      .orderBy('updated_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  },

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
  async suggestions(
    db: Db,
    scope: Scope,
    filter: { sourceId: string | null; objectiveId: string | null; minScore: number; limit: number; offset: number },
  ) {
    const base = () => {
      let q = within(
        db
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
          ),
        scope,
        filter.sourceId,
      );
      if (filter.objectiveId) q = q.where('s.objective_id', '=', filter.objectiveId);
      if (filter.minScore > 0) q = q.where('s.score', '>=', filter.minScore);
      return q;
    };
    const total = await base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await base()
      .select([...RESOURCE_COLUMNS, 's.objective_id', 's.score', 's.matched_words', 's.suggested_at'])
      .orderBy('s.score', 'desc')
      .orderBy('s.resource_id')
      .orderBy('s.objective_id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    return { total: Number(total.n), rows };
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
  async failedChecks(
    db: Db,
    scope: Scope,
    filter: { sourceId: string | null; kind: string | null; limit: number; offset: number },
  ) {
    const base = () => {
      let q = within(
        db
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
          ),
        scope,
        filter.sourceId,
      );
      if (filter.kind) q = q.where('c.kind', '=', filter.kind);
      return q;
    };
    const total = await base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await base()
      .select([...RESOURCE_COLUMNS, 'c.kind as check_kind', 'c.detail', 'c.checked_at'])
      .orderBy('c.checked_at', 'desc')
      .orderBy('c.resource_id')
      .orderBy('c.kind')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    return { total: Number(total.n), rows };
  },

  /** Published reviews no curator looked at yet, oldest first. */
  async reviewsToModerate(db: Db, scope: Scope, filter: { sourceId: string | null; limit: number; offset: number }) {
    const base = () =>
      within(
        db
          .selectFrom('resource_review as v')
          .innerJoin('resource as r', 'r.id', 'v.resource_id')
          .leftJoin('organisation as o', 'o.id', 'r.organisation_id')
          .innerJoin('app_user as u', 'u.id', 'v.reviewer_id')
          .where('v.status', '=', 'published')
          .where('v.moderated_at', 'is', null),
        scope,
        filter.sourceId,
      );
    const total = await base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await base()
      .select([...RESOURCE_COLUMNS, 'v.id as review_id', 'u.name as reviewer', 'v.summary', 'v.scores', 'v.created_at'])
      .orderBy('v.created_at')
      .orderBy('v.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    return { total: Number(total.n), rows };
  },

  /** Reported problems (open ones unless asked otherwise), oldest first. */
  async reports(
    db: Db,
    scope: Scope,
    filter: { sourceId: string | null; status: string; limit: number; offset: number },
  ) {
    const base = () =>
      within(
        db
          .selectFrom('problem_report as p')
          .innerJoin('resource as r', 'r.id', 'p.resource_id')
          .leftJoin('organisation as o', 'o.id', 'r.organisation_id')
          .where('p.status', '=', filter.status),
        scope,
        filter.sourceId,
      );
    const total = await base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await base()
      .select([
        ...RESOURCE_COLUMNS,
        'p.id as report_id',
        'p.category',
        'p.message',
        'p.status as report_status',
        'p.created_at',
        'p.handled_at',
        'p.handled_note',
      ])
      .orderBy('p.created_at')
      .orderBy('p.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    return { total: Number(total.n), rows };
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

  /** Open reports by one person in the last hour: a limit against flooding. */
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
