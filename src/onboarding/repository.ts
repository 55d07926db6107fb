import type { Kysely, Selectable } from 'kysely';
import { DELETED_ADDRESS_LIKE } from '../accounts/model.ts';
import type { Database, OrganisationApplicationTable, OrganisationInvitationTable } from '../db/schema.ts';

type Db = Kysely<Database>;
export type ApplicationRow = Selectable<OrganisationApplicationTable>;
export type InvitationRow = Selectable<OrganisationInvitationTable>;

/** SQL of organisation applications, invitations and teams. */
export const onboardingRepository = {
  async insertApplication(db: Db, row: ApplicationRow): Promise<void> {
    await db.insertInto('organisation_application').values(row).execute();
  },
  /** Applications with their applicant's name: one (`id`), a person's (`applicantId`), or by status. */
  async applications(db: Db, filter: { id?: string; applicantId?: string; status?: string | null }, limit = 200) {
    let query = db
      .selectFrom('organisation_application')
      .leftJoin('app_user', 'app_user.id', 'organisation_application.applicant_id')
      .selectAll('organisation_application')
      .select('app_user.name as applicant_name')
      .orderBy('organisation_application.created_at', 'desc')
      .orderBy('organisation_application.id')
      .limit(limit);
    if (filter.id) query = query.where('organisation_application.id', '=', filter.id);
    if (filter.applicantId) query = query.where('organisation_application.applicant_id', '=', filter.applicantId);
    if (filter.status) query = query.where('organisation_application.status', '=', filter.status);
    return query.execute();
  },
  async pendingCount(db: Db, applicantId: string): Promise<number> {
    const row = await db
      .selectFrom('organisation_application')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('applicant_id', '=', applicantId)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
  async pendingByName(db: Db, name: string) {
    return db
      .selectFrom('organisation_application')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .where('status', '=', 'pending')
      .executeTakeFirst();
  },
  /** Records a decision on a waiting application; false when it was decided already. */
  async decide(
    db: Db,
    id: string,
    values: {
      status: string;
      reason: string | null;
      decided_by: string;
      decided_at: string;
      organisation_id: string | null;
    },
  ): Promise<boolean> {
    const result = await db
      .updateTable('organisation_application')
      .set(values)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async organisationIdByName(db: Db, name: string): Promise<string | null> {
    const row = await db
      .selectFrom('organisation')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .executeTakeFirst();
    return row?.id ?? null;
  },
  async organisation(db: Db, id: string) {
    return db.selectFrom('organisation').select(['id', 'name', 'kind']).where('id', '=', id).executeTakeFirst();
  },
  async user(db: Db, id: string) {
    return db
      .selectFrom('app_user')
      .select(['id', 'email', 'name', 'role', 'disabled', 'email_verified_at'])
      .where('id', '=', id)
      .executeTakeFirst();
  },
  /** Whether an account (not one left behind by a deletion) has this address. */
  async userIdByEmail(db: Db, email: string): Promise<string | null> {
    const row = await db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', email)
      .where('email', 'not like', DELETED_ADDRESS_LIKE)
      .executeTakeFirst();
    return row?.id ?? null;
  },
  async members(db: Db, organisationId: string) {
    return db
      .selectFrom('membership')
      .innerJoin('app_user', 'app_user.id', 'membership.user_id')
      .select(['app_user.id', 'app_user.name', 'membership.role', 'membership.created_at'])
      .where('membership.organisation_id', '=', organisationId)
      .where('app_user.email', 'not like', DELETED_ADDRESS_LIKE)
      .orderBy('app_user.name')
      .execute();
  },
  async membership(db: Db, organisationId: string, userId: string) {
    return db
      .selectFrom('membership')
      .select(['role'])
      .where('organisation_id', '=', organisationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  },
  async countEditors(db: Db, organisationId: string): Promise<number> {
    const row = await db
      .selectFrom('membership')
      .innerJoin('app_user', 'app_user.id', 'membership.user_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('membership.organisation_id', '=', organisationId)
      .where('membership.role', '=', 'editor')
      .where('app_user.disabled', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
  async editorMembershipCount(db: Db, userId: string): Promise<number> {
    const row = await db
      .selectFrom('membership')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('role', '=', 'editor')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
  /** Adds a membership, or gives one that exists the role (never lowers an editor by an invitation: see the service). */
  async upsertMembership(db: Db, userId: string, organisationId: string, role: string, now: string): Promise<void> {
    await db
      .insertInto('membership')
      .values({ user_id: userId, organisation_id: organisationId, role, created_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'organisation_id']).doUpdateSet({ role }))
      .execute();
  },
  async removeMembership(db: Db, userId: string, organisationId: string): Promise<void> {
    await db
      .deleteFrom('membership')
      .where('user_id', '=', userId)
      .where('organisation_id', '=', organisationId)
      .execute();
  },
  async setUserRole(db: Db, userId: string, role: string): Promise<void> {
    await db.updateTable('app_user').set({ role }).where('id', '=', userId).execute();
  },
  async endSessions(db: Db, userId: string): Promise<void> {
    await db.deleteFrom('session').where('user_id', '=', userId).execute();
  },
  async insertInvitation(db: Db, row: InvitationRow): Promise<void> {
    await db.insertInto('organisation_invitation').values(row).execute();
  },
  /** Invitations of an organisation still open at `now`, newest first (with the inviter's name). */
  async openInvitations(db: Db, organisationId: string, now: string) {
    return db
      .selectFrom('organisation_invitation')
      .leftJoin('app_user', 'app_user.id', 'organisation_invitation.invited_by')
      .selectAll('organisation_invitation')
      .select('app_user.name as inviter_name')
      .where('organisation_invitation.organisation_id', '=', organisationId)
      .where('organisation_invitation.accepted_at', 'is', null)
      .where('organisation_invitation.revoked_at', 'is', null)
      .where('organisation_invitation.expires_at', '>', now)
      .orderBy('organisation_invitation.created_at', 'desc')
      .execute();
  },
  async invitation(db: Db, id: string) {
    return db.selectFrom('organisation_invitation').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async invitationByToken(db: Db, hash: string) {
    return db.selectFrom('organisation_invitation').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  },
  async setInvitationToken(db: Db, id: string, hash: string): Promise<void> {
    await db.updateTable('organisation_invitation').set({ token_hash: hash }).where('id', '=', id).execute();
  },
  /** Revokes the open invitations of an address to an organisation (a new one replaces them). */
  async revokeOpenInvitations(db: Db, organisationId: string, email: string, now: string): Promise<void> {
    await db
      .updateTable('organisation_invitation')
      .set({ revoked_at: now })
      .where('organisation_id', '=', organisationId)
      .where('email', '=', email)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
  },
  async revokeInvitation(db: Db, id: string, now: string): Promise<boolean> {
    const result = await db
      .updateTable('organisation_invitation')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  /** Marks an open invitation used; false when it was used, revoked or expired meanwhile. */
  async claimInvitation(db: Db, id: string, userId: string | null, now: string): Promise<boolean> {
    const result = await db
      .updateTable('organisation_invitation')
      .set({ accepted_at: now, accepted_by: userId })
      .where('id', '=', id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async setAcceptedBy(db: Db, id: string, userId: string): Promise<void> {
    await db.updateTable('organisation_invitation').set({ accepted_by: userId }).where('id', '=', id).execute();
  },
  async releaseInvitation(db: Db, id: string): Promise<void> {
    await db
      .updateTable('organisation_invitation')
      .set({ accepted_at: null, accepted_by: null })
      .where('id', '=', id)
      .execute();
  },
  async countOpenInvitations(db: Db, organisationId: string, now: string): Promise<number> {
    const row = await db
      .selectFrom('organisation_invitation')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', organisationId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};
