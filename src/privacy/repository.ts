import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

/** SQL of a person's own data: everything kept about them, and what goes when they leave. */
export const privacyRepository = {
  async user(db: Db, userId: string) {
    return db
      .selectFrom('app_user')
      .select(['id', 'email', 'name', 'role', 'created_at', 'email_verified_at', 'password_hash'])
      .where('id', '=', userId)
      .executeTakeFirst();
  },
  async organisations(db: Db, userId: string) {
    return db
      .selectFrom('membership')
      .innerJoin('organisation', 'organisation.id', 'membership.organisation_id')
      .select([
        'organisation.id',
        'organisation.name',
        'organisation.kind',
        'membership.role',
        'membership.created_at as joined_at',
      ])
      .where('membership.user_id', '=', userId)
      .execute();
  },
  async identities(db: Db, userId: string) {
    return db
      .selectFrom('user_identity')
      .select(['issuer', 'subject', 'created_at', 'last_used_at'])
      .where('user_id', '=', userId)
      .execute();
  },
  async sessions(db: Db, userId: string) {
    return db.selectFrom('session').select(['created_at', 'expires_at']).where('user_id', '=', userId).execute();
  },
  async lessons(db: Db, userId: string) {
    return db
      .selectFrom('lesson')
      .select(['id', 'status', 'title', 'draft', 'revision', 'version', 'forked_from', 'created_at', 'updated_at'])
      .where('owner_id', '=', userId)
      .orderBy('created_at')
      .execute();
  },
  async versions(db: Db, lessonIds: string[]) {
    if (lessonIds.length === 0) return [];
    return db
      .selectFrom('lesson_version')
      .select(['lesson_id', 'version', 'document', 'change_note', 'published_at'])
      .where('lesson_id', 'in', lessonIds)
      .orderBy('lesson_id')
      .orderBy('version')
      .execute();
  },
  async communities(db: Db, userId: string) {
    return db
      .selectFrom('community_member')
      .innerJoin('community', 'community.id', 'community_member.community_id')
      .select(['community.slug', 'community.name', 'community_member.role', 'community_member.joined_at'])
      .where('community_member.user_id', '=', userId)
      .execute();
  },
  async posts(db: Db, userId: string) {
    return db
      .selectFrom('community_post')
      .innerJoin('community_thread', 'community_thread.id', 'community_post.thread_id')
      .innerJoin('community', 'community.id', 'community_thread.community_id')
      .select([
        'community_post.id',
        'community.slug as community',
        'community_thread.title as thread',
        'community_post.body',
        'community_post.created_at',
        'community_post.edited_at',
        'community_post.removed_at',
      ])
      .where('community_post.author_id', '=', userId)
      .orderBy('community_post.created_at')
      .execute();
  },
  async resources(db: Db, userId: string) {
    return db
      .selectFrom('resource')
      .select(['id', 'kind', 'status', 'title', 'created_at'])
      .where('created_by', '=', userId)
      .where('kind', '!=', 'lesson')
      .execute();
  },
  async ratings(db: Db, userId: string) {
    return db
      .selectFrom('resource_rating')
      .select(['resource_id', 'score', 'comment', 'created_at', 'updated_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
  },
  async reviews(db: Db, userId: string) {
    return db
      .selectFrom('resource_review')
      .select([
        'resource_id',
        'rubric_id',
        'rubric_version',
        'lesson_version',
        'scores',
        'summary',
        'status',
        'created_at',
        'updated_at',
      ])
      .where('reviewer_id', '=', userId)
      .orderBy('created_at')
      .execute();
  },
  async applications(db: Db, userId: string) {
    return db
      .selectFrom('organisation_application')
      .select(['name', 'kind', 'website', 'external_id', 'motivation', 'status', 'reason', 'created_at', 'decided_at'])
      .where('applicant_id', '=', userId)
      .orderBy('created_at')
      .execute();
  },
  async objectiveDecisions(db: Db, userId: string) {
    return db.selectFrom('objective_decision').selectAll().where('decided_by', '=', userId).execute();
  },
  async problemReports(db: Db, userId: string) {
    return db
      .selectFrom('problem_report')
      .select(['resource_id', 'category', 'message', 'status', 'created_at', 'handled_at', 'handled_note'])
      .where('reporter_id', '=', userId)
      .orderBy('created_at')
      .execute();
  },
  async objectiveVotes(db: Db, userId: string) {
    return db
      .selectFrom('objective_vote')
      .select(['resource_id', 'objective_id', 'vote', 'voted_at'])
      .where('user_id', '=', userId)
      .execute();
  },

  /**
   * Removes the person's work that is only theirs: drafts never published go, a published lesson's
   * draft goes back to its latest version, and community memberships go. (The account itself is
   * the accounts service's to erase.)
   */
  async eraseWork(db: Db, userId: string, email: string, now: string): Promise<{ draftsDeleted: number }> {
    const drafts = await db
      .selectFrom('lesson')
      .select('id')
      .where('owner_id', '=', userId)
      .where('version', 'is', null)
      .execute();
    if (drafts.length) {
      const ids = drafts.map((d) => d.id);
      await db.deleteFrom('lesson_resource').where('lesson_id', 'in', ids).execute();
      await db.deleteFrom('lesson').where('id', 'in', ids).execute();
    }
    const published = await db
      .selectFrom('lesson')
      .innerJoin('lesson_version', (join) =>
        join.onRef('lesson_version.lesson_id', '=', 'lesson.id').onRef('lesson_version.version', '=', 'lesson.version'),
      )
      .select(['lesson.id', 'lesson.revision', 'lesson_version.document'])
      .where('lesson.owner_id', '=', userId)
      .execute();
    for (const lesson of published)
      await db
        .updateTable('lesson')
        .set({ draft: lesson.document, revision: lesson.revision + 1, updated_at: now })
        .where('id', '=', lesson.id)
        .execute();
    await db.deleteFrom('community_member').where('user_id', '=', userId).execute();
    // Ratings and votes are a person's own opinion: they go with the person.
    await db.deleteFrom('objective_vote').where('user_id', '=', userId).execute();
    await db.deleteFrom('resource_rating').where('user_id', '=', userId).execute();
    // A reported problem is about a resource: it stays for the curators, without naming the person.
    await db.updateTable('problem_report').set({ reporter_id: null }).where('reporter_id', '=', userId).execute();
    await db.updateTable('problem_report').set({ handled_by: null }).where('handled_by', '=', userId).execute();
    // Reviews carry the reviewer's name: they go with the person, as does a curator's trust.
    await db.deleteFrom('resource_review').where('reviewer_id', '=', userId).execute();
    await db.deleteFrom('reviewer_trust').where('user_id', '=', userId).execute();
    // Marks and their awards are the issuing organisation's: they stay, without naming the person.
    await db.updateTable('quality_mark').set({ created_by: null }).where('created_by', '=', userId).execute();
    await db.updateTable('mark_award').set({ awarded_by: null }).where('awarded_by', '=', userId).execute();
    await db.updateTable('mark_award').set({ withdrawn_by: null }).where('withdrawn_by', '=', userId).execute();
    // Applications waiting go; a decided one stays as the record of its organisation, without the
    // applicant's own words. Invitations still open to the person's address go.
    await db
      .deleteFrom('organisation_application')
      .where('applicant_id', '=', userId)
      .where('status', '=', 'pending')
      .execute();
    await db
      .updateTable('organisation_application')
      .set({ motivation: '' })
      .where('applicant_id', '=', userId)
      .execute();
    await db
      .deleteFrom('organisation_invitation')
      .where('email', '=', email)
      .where('accepted_at', 'is', null)
      .execute();
    return { draftsDeleted: drafts.length };
  },
};
