import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type {
  Database,
  MarkAwardTable,
  QualityCheckTable,
  QualityMarkTable,
  ResourceReviewTable,
} from '../db/schema.ts';

type Db = Kysely<Database>;
export type CheckRow = Selectable<QualityCheckTable>;
export type ReviewRow = Selectable<ResourceReviewTable>;
export type MarkRow = Selectable<QualityMarkTable>;
export type AwardRow = Selectable<MarkAwardTable>;

/** SQL of quality: teachers' ratings and the history of the automatic checks. */
export const qualityRepository = {
  async ratings(db: Db, resourceId: string) {
    return db
      .selectFrom('resource_rating')
      .innerJoin('app_user', 'app_user.id', 'resource_rating.user_id')
      .select([
        'resource_rating.user_id',
        'app_user.name',
        'resource_rating.score',
        'resource_rating.comment',
        'resource_rating.updated_at',
      ])
      .where('resource_rating.resource_id', '=', resourceId)
      .orderBy('resource_rating.updated_at', 'desc')
      .execute();
  },
  /** Adds a teacher's rating or replaces theirs (one per teacher per resource). */
  async upsertRating(
    db: Db,
    row: { resource_id: string; user_id: string; score: number; comment: string | null; now: string },
  ): Promise<void> {
    await db
      .insertInto('resource_rating')
      .values({
        resource_id: row.resource_id,
        user_id: row.user_id,
        score: row.score,
        comment: row.comment,
        created_at: row.now,
        updated_at: row.now,
      })
      .onConflict((oc) =>
        oc
          .columns(['resource_id', 'user_id'])
          .doUpdateSet({ score: row.score, comment: row.comment, updated_at: row.now }),
      )
      .execute();
  },
  async deleteRating(db: Db, resourceId: string, userId: string): Promise<boolean> {
    const result = await db
      .deleteFrom('resource_rating')
      .where('resource_id', '=', resourceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
  /** A resource's reviews with their reviewer's display name, newest first (hidden ones only when asked). */
  async reviews(db: Db, resourceId: string, withHidden: boolean) {
    let q = db
      .selectFrom('resource_review')
      .innerJoin('app_user', 'app_user.id', 'resource_review.reviewer_id')
      .selectAll('resource_review')
      .select('app_user.name as reviewer_name')
      .where('resource_review.resource_id', '=', resourceId);
    if (!withHidden) q = q.where('resource_review.status', '=', 'published');
    return q.orderBy('resource_review.created_at', 'desc').orderBy('resource_review.id', 'desc').execute();
  },
  async review(db: Db, id: string): Promise<ReviewRow | undefined> {
    return db.selectFrom('resource_review').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** The reviewer's review of this version of the resource, if any (a new review of it replaces it). */
  async ownReview(db: Db, resourceId: string, reviewerId: string, lessonVersion: number | null, modifiedAt: string) {
    let q = db
      .selectFrom('resource_review')
      .select('id')
      .where('resource_id', '=', resourceId)
      .where('reviewer_id', '=', reviewerId);
    q =
      lessonVersion === null
        ? q.where('record_modified_at', '=', modifiedAt)
        : q.where('lesson_version', '=', lessonVersion);
    return q.executeTakeFirst();
  },
  async insertReview(db: Db, row: ReviewRow): Promise<void> {
    await db.insertInto('resource_review').values(row).execute();
  },
  async updateReview(db: Db, id: string, set: Partial<ReviewRow>): Promise<void> {
    await db.updateTable('resource_review').set(set).where('id', '=', id).execute();
  },
  async deleteReview(db: Db, id: string): Promise<void> {
    await db.deleteFrom('resource_review').where('id', '=', id).execute();
  },
  async isTrusted(db: Db, userId: string): Promise<boolean> {
    return !!(await db.selectFrom('reviewer_trust').select('user_id').where('user_id', '=', userId).executeTakeFirst());
  },
  async trusted(db: Db) {
    return db
      .selectFrom('reviewer_trust')
      .innerJoin('app_user', 'app_user.id', 'reviewer_trust.user_id')
      .select(['reviewer_trust.user_id', 'app_user.name', 'reviewer_trust.granted_at'])
      .orderBy('app_user.name')
      .execute();
  },
  async user(db: Db, userId: string) {
    return db
      .selectFrom('app_user')
      .select(['id', 'name', 'role', 'disabled'])
      .where('id', '=', userId)
      .executeTakeFirst();
  },
  async trust(db: Db, row: { user_id: string; granted_by: string; granted_at: string }): Promise<void> {
    await db
      .insertInto('reviewer_trust')
      .values(row)
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  },
  async distrust(db: Db, userId: string): Promise<boolean> {
    const result = await db.deleteFrom('reviewer_trust').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
  async insertChecks(db: Db, rows: CheckRow[]): Promise<void> {
    // In slices: a statement has a limited number of parameters (six a row here).
    for (let i = 0; i < rows.length; i += 1000)
      await db
        .insertInto('quality_check')
        .values(rows.slice(i, i + 1000))
        .execute();
  },
  /** A resource's check runs (of one kind, when given), newest first (at most `limit`). */
  async checks(db: Db, resourceId: string, limit = 100, kind: string | null = null): Promise<CheckRow[]> {
    let q = db.selectFrom('quality_check').selectAll().where('resource_id', '=', resourceId);
    if (kind) q = q.where('kind', '=', kind);
    return q.orderBy('checked_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  },
  /** Resources changed after a cursor (`updated_at`, then id), oldest first: what the scheduled checks see next. */
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
  /** Published resources with a link whose last link check is older than `before` (or never was), oldest first. */
  async linksDue(db: Db, before: string, limit: number, resourceId: string | null = null) {
    let q = db
      .selectFrom('resource')
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('quality_check')
            .select(['resource_id', (e) => e.fn.max('checked_at').as('last')])
            .where('kind', '=', 'link')
            .groupBy('resource_id')
            .as('c'),
        (join) => join.onRef('c.resource_id', '=', 'resource.id'),
      )
      .select(['resource.id', 'resource.url'])
      .where('resource.status', '=', 'published')
      .where('resource.url', 'is not', null);
    q = resourceId
      ? q.where('resource.id', '=', resourceId)
      : q.where((eb) => eb.or([eb('c.last', 'is', null), eb('c.last', '<', before)]));
    return q
      .orderBy((eb) => eb.fn.coalesce('c.last', eb.val('')), 'asc')
      .orderBy('resource.id')
      .limit(limit)
      .execute();
  },
  /** Ids of published resources after `after` (id order), for checking the catalogue in batches. */
  async publishedIdsAfter(db: Db, after: string, limit: number): Promise<string[]> {
    const rows = await db
      .selectFrom('resource')
      .select('id')
      .where('status', '=', 'published')
      .where('id', '>', after)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  },
};

/** The columns of a mark as shown (its logo's bytes apart), with its issuer's name. */
const markColumns = [
  'quality_mark.id',
  'quality_mark.organisation_id',
  'organisation.name as issuer_name',
  'quality_mark.name',
  'quality_mark.criteria_url',
  'quality_mark.validity_months',
  'quality_mark.logo_type',
  'quality_mark.created_at',
  'quality_mark.updated_at',
] as const;

/** SQL of quality marks: who issues them, the marks, their awards. */
export const markRepository = {
  async organisation(db: Db, id: string) {
    return db.selectFrom('organisation').select(['id', 'name', 'issues_marks']).where('id', '=', id).executeTakeFirst();
  },
  async setIssuer(db: Db, id: string, issues: boolean): Promise<void> {
    await db
      .updateTable('organisation')
      .set({ issues_marks: issues ? 1 : 0 })
      .where('id', '=', id)
      .execute();
  },
  async issuers(db: Db) {
    return db.selectFrom('organisation').select(['id', 'name']).where('issues_marks', '=', 1).orderBy('name').execute();
  },
  /** Marks, with their issuers' names; of some organisations only when `organisationIds` is given, of issuers still issuing when `issuingOnly`. */
  async marks(db: Db, organisationIds?: string[], issuingOnly = false) {
    let q = db.selectFrom('quality_mark').innerJoin('organisation', 'organisation.id', 'quality_mark.organisation_id');
    if (issuingOnly) q = q.where('organisation.issues_marks', '=', 1);
    if (organisationIds) {
      if (!organisationIds.length) return [];
      q = q.where('quality_mark.organisation_id', 'in', organisationIds);
    }
    return q.select(markColumns).orderBy('organisation.name').orderBy('quality_mark.name').execute();
  },
  async mark(db: Db, id: string) {
    return db
      .selectFrom('quality_mark')
      .innerJoin('organisation', 'organisation.id', 'quality_mark.organisation_id')
      .select(markColumns)
      .where('quality_mark.id', '=', id)
      .executeTakeFirst();
  },
  async logo(db: Db, id: string) {
    return db.selectFrom('quality_mark').select(['logo_type', 'logo']).where('id', '=', id).executeTakeFirst();
  },
  async sameName(db: Db, organisationId: string, name: string, except: string | null): Promise<boolean> {
    let q = db
      .selectFrom('quality_mark')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
    if (except) q = q.where('id', '!=', except);
    return !!(await q.executeTakeFirst());
  },
  async insertMark(db: Db, row: MarkRow): Promise<void> {
    await db.insertInto('quality_mark').values(row).execute();
  },
  async updateMark(db: Db, id: string, patch: Partial<Omit<MarkRow, 'id' | 'organisation_id'>>): Promise<void> {
    await db.updateTable('quality_mark').set(patch).where('id', '=', id).execute();
  },
  /** A resource's awards, newest first, with their marks. */
  async awards(db: Db, resourceId: string) {
    return db
      .selectFrom('mark_award')
      .innerJoin('quality_mark', 'quality_mark.id', 'mark_award.mark_id')
      .innerJoin('organisation', 'organisation.id', 'quality_mark.organisation_id')
      .select([
        ...markColumns,
        'mark_award.id as award_id',
        'mark_award.lesson_version',
        'mark_award.awarded_at',
        'mark_award.expires_at',
        'mark_award.withdrawn_at',
        'mark_award.withdrawn_reason',
      ])
      .where('mark_award.resource_id', '=', resourceId)
      .orderBy('mark_award.awarded_at', 'desc')
      .orderBy('mark_award.id', 'desc')
      .execute();
  },
  async award(db: Db, id: string): Promise<AwardRow | undefined> {
    return db.selectFrom('mark_award').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** The award of this mark to this resource (and lesson version) that is neither withdrawn nor expired. */
  async standingAward(db: Db, markId: string, resourceId: string, lessonVersion: number | null, now: string) {
    let q = db
      .selectFrom('mark_award')
      .select('id')
      .where('mark_id', '=', markId)
      .where('resource_id', '=', resourceId)
      .where('withdrawn_at', 'is', null)
      .where('expires_at', '>', now);
    q = lessonVersion === null ? q.where('lesson_version', 'is', null) : q.where('lesson_version', '=', lessonVersion);
    return q.executeTakeFirst();
  },
  async insertAward(db: Db, row: AwardRow): Promise<void> {
    await db.insertInto('mark_award').values(row).execute();
  },
  async withdraw(db: Db, id: string, by: string, reason: string, at: string): Promise<void> {
    await db
      .updateTable('mark_award')
      .set({ withdrawn_at: at, withdrawn_by: by, withdrawn_reason: reason })
      .where('id', '=', id)
      .execute();
  },
};

/** SQL of the data-quality report. */
export const reportRepository = {
  /**
   * The published records of these organisations (or all), each with its source and the findings
   * of its latest completeness and link checks: what the data-quality report counts.
   */
  async reportRows(db: Db, organisationIds: string[] | null, sourceId: string | null) {
    // The latest check of a kind on the record, joined by its id (nothing when it was never checked).
    const latest = (kind: string) => (eb: ExpressionBuilder<Database, 'resource'>) =>
      eb
        .selectFrom('quality_check as q')
        .select('q.id')
        .whereRef('q.resource_id', '=', 'resource.id')
        .where('q.kind', '=', kind)
        .orderBy('q.checked_at', 'desc')
        .limit(1);
    let q = db
      .selectFrom('resource')
      .leftJoin('source', 'source.id', 'resource.source_id')
      .leftJoin('quality_check as c', (join) => join.on((eb) => eb('c.id', '=', latest('completeness')(eb))))
      .leftJoin('quality_check as l', (join) => join.on((eb) => eb('l.id', '=', latest('link')(eb))))
      .select([
        'resource.id',
        'resource.title',
        'resource.kind',
        'resource.source_id',
        'source.name as source_name',
        'c.detail as completeness',
        'c.checked_at',
        'l.status as link_status',
      ])
      .where('resource.status', '=', 'published');
    if (organisationIds) q = q.where('resource.organisation_id', 'in', organisationIds.length ? organisationIds : ['']);
    if (sourceId) q = q.where('resource.source_id', '=', sourceId);
    return q.orderBy('resource.id').execute();
  },
};
