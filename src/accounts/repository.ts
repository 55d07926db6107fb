import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type {
  AccountTokenTable,
  ApiKeyTable,
  Database,
  OrganisationTable,
  UserIdentityTable,
  UserTable,
} from '../db/schema.ts';
import { deletedAddress, type MemberRole } from './model.ts';

export type UserRow = Selectable<UserTable>;
/** An organisation as the accounts unit knows it (whether it issues quality marks is quality's). */
export type OrganisationRow = Omit<Selectable<OrganisationTable>, 'issues_marks'>;
type Db = Kysely<Database>;

/** SQL of users, sessions, organisations, memberships and API keys. */
export const accountsRepository = {
  async insertUser(db: Db, row: UserRow): Promise<void> {
    await db.insertInto('app_user').values(row).execute();
  },
  async findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
    return db.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirst();
  },
  async findUserById(db: Db, id: string): Promise<UserRow | undefined> {
    return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async updateUser(
    db: Db,
    id: string,
    values: Partial<Pick<UserRow, 'name' | 'role' | 'password_hash' | 'disabled' | 'email' | 'email_verified_at'>>,
  ): Promise<void> {
    await db.updateTable('app_user').set(values).where('id', '=', id).execute();
  },
  async listUsers(db: Db): Promise<UserRow[]> {
    return db.selectFrom('app_user').selectAll().orderBy('email').execute();
  },
  /** A user's memberships with their role in each organisation. */
  async membershipsOf(db: Db, userId: string): Promise<{ organisation_id: string; role: string }[]> {
    return db.selectFrom('membership').select(['organisation_id', 'role']).where('user_id', '=', userId).execute();
  },
  /** Adds a membership; one that exists keeps its role. */
  async addMembership(db: Db, userId: string, organisationId: string, now: string, role: MemberRole): Promise<void> {
    await db
      .insertInto('membership')
      .values({ user_id: userId, organisation_id: organisationId, created_at: now, role })
      .onConflict((oc) => oc.columns(['user_id', 'organisation_id']).doNothing())
      .execute();
  },
  async insertSession(
    db: Db,
    row: { id: string; user_id: string; csrf_token: string; created_at: string; expires_at: string },
  ): Promise<void> {
    await db.insertInto('session').values(row).execute();
  },
  async findSession(db: Db, id: string, now: string) {
    return db
      .selectFrom('session')
      .innerJoin('app_user', 'app_user.id', 'session.user_id')
      .select([
        'session.id',
        'session.csrf_token',
        'session.expires_at',
        'app_user.id as user_id',
        'app_user.email',
        'app_user.name',
        'app_user.role',
        'app_user.disabled',
        // Whether the account has a password, not the hash: the hash stays out of every request's path.
        sql<number>`case when app_user.password_hash like 'scrypt$%' then 1 else 0 end`.as('has_password'),
      ])
      .where('session.id', '=', id)
      .where('session.expires_at', '>', now)
      .executeTakeFirst();
  },
  async deleteSession(db: Db, id: string): Promise<void> {
    await db.deleteFrom('session').where('id', '=', id).execute();
  },
  /**
   * Keeps of an account only what credits what its person published under an open licence: no
   * address, no password, switched off; organisations, school logins, sessions and mailed links go.
   */
  async eraseUser(db: Db, userId: string, credit: string): Promise<void> {
    await db.deleteFrom('membership').where('user_id', '=', userId).execute();
    await db.deleteFrom('user_identity').where('user_id', '=', userId).execute();
    await db.deleteFrom('account_token').where('user_id', '=', userId).execute();
    await db.deleteFrom('session').where('user_id', '=', userId).execute();
    await db
      .updateTable('app_user')
      .set({ email: deletedAddress(userId), name: credit, password_hash: 'none', disabled: 1, email_verified_at: null })
      .where('id', '=', userId)
      .execute();
  },
  /** Ends every session of a user but the one kept (null: all). */
  async deleteSessionsOf(db: Db, userId: string, keep: string | null): Promise<void> {
    let query = db.deleteFrom('session').where('user_id', '=', userId);
    if (keep) query = query.where('id', '!=', keep);
    await query.execute();
  },
  async insertToken(db: Db, row: Selectable<AccountTokenTable>): Promise<void> {
    await db.insertInto('account_token').values(row).execute();
  },
  async findToken(db: Db, id: string): Promise<Selectable<AccountTokenTable> | undefined> {
    return db.selectFrom('account_token').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** Marks a token used, once: false when it was used (or is being used) already. */
  async useToken(db: Db, id: string, at: string): Promise<boolean> {
    const result = await db
      .updateTable('account_token')
      .set({ used_at: at })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  /** Voids a user's open tokens of a purpose (a new one replaces them; a changed password voids resets). */
  async voidTokens(db: Db, userId: string, purpose: AccountTokenTable['purpose'], at: string): Promise<void> {
    await db
      .updateTable('account_token')
      .set({ used_at: at })
      .where('user_id', '=', userId)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .execute();
  },
  async deleteOldTokens(db: Db, before: string): Promise<void> {
    await db.deleteFrom('account_token').where('expires_at', '<', before).execute();
  },
  async findIdentity(db: Db, issuer: string, subject: string) {
    return db
      .selectFrom('user_identity')
      .selectAll()
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .executeTakeFirst();
  },
  async insertIdentity(db: Db, row: Selectable<UserIdentityTable>): Promise<void> {
    await db.insertInto('user_identity').values(row).execute();
  },
  async touchIdentity(db: Db, issuer: string, subject: string, at: string): Promise<void> {
    await db
      .updateTable('user_identity')
      .set({ last_used_at: at })
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .execute();
  },
  async identitiesOf(db: Db, userId: string) {
    return db.selectFrom('user_identity').selectAll().where('user_id', '=', userId).execute();
  },
  async findOrganisationByExternalId(db: Db, externalId: string): Promise<OrganisationRow | undefined> {
    return db.selectFrom('organisation').selectAll().where('external_id', '=', externalId).executeTakeFirst();
  },
  /** Inserts an organisation unless one with its external id (or name) came first. */
  async insertOrganisationOnce(db: Db, row: OrganisationRow): Promise<void> {
    await db
      .insertInto('organisation')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .execute();
  },
  async deleteExpiredSessions(db: Db, now: string): Promise<void> {
    await db.deleteFrom('session').where('expires_at', '<=', now).execute();
  },
  async findSignInFailure(db: Db, account: string) {
    return db.selectFrom('sign_in_failure').selectAll().where('account', '=', account).executeTakeFirst();
  },
  /** Counts the first attempt of an account; false when another request counted one first. */
  async insertSignInAttempt(
    db: Db,
    row: { account: string; failures: number; locked_until: string | null; updated_at: string },
  ): Promise<boolean> {
    const result = await db
      .insertInto('sign_in_failure')
      .values(row)
      .onConflict((oc) => oc.column('account').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  },
  /** Counts a further attempt, only if nobody else counted one since `seen` was read (optimistic). */
  async updateSignInAttempt(
    db: Db,
    seen: { account: string; failures: number; updated_at: string },
    values: { failures: number; locked_until: string | null; updated_at: string },
  ): Promise<boolean> {
    const result = await db
      .updateTable('sign_in_failure')
      .set(values)
      .where('account', '=', seen.account)
      .where('failures', '=', seen.failures)
      .where('updated_at', '=', seen.updated_at)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  /** Forgets failed sign-ins last counted before `before` whose wait is over. */
  async deleteSignInFailuresBefore(db: Db, before: string, now: string): Promise<number> {
    const result = await db
      .deleteFrom('sign_in_failure')
      .where('updated_at', '<', before)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  async clearSignInFailures(db: Db, account: string): Promise<void> {
    await db.deleteFrom('sign_in_failure').where('account', '=', account).execute();
  },
  async insertOrganisation(db: Db, row: OrganisationRow): Promise<void> {
    await db.insertInto('organisation').values(row).execute();
  },
  async findOrganisationByName(db: Db, name: string): Promise<OrganisationRow | undefined> {
    return db.selectFrom('organisation').selectAll().where('name', '=', name).executeTakeFirst();
  },
  async findOrganisationById(db: Db, id: string): Promise<OrganisationRow | undefined> {
    return db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async findOrganisationsByIds(db: Db, ids: string[]): Promise<OrganisationRow[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('organisation').selectAll().where('id', 'in', ids).execute();
  },
  async listOrganisations(db: Db): Promise<OrganisationRow[]> {
    return db.selectFrom('organisation').selectAll().orderBy('name').execute();
  },
  async insertApiKey(db: Db, row: Insertable<ApiKeyTable>): Promise<void> {
    await db.insertInto('api_key').values(row).execute();
  },
  async apiKeysOf(db: Db, organisationId: string): Promise<Selectable<ApiKeyTable>[]> {
    return db
      .selectFrom('api_key')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('created_at', 'desc')
      .execute();
  },
  /** Whether an active key was revoked. */
  async revokeApiKey(db: Db, organisationId: string, id: string, at: string): Promise<boolean> {
    const result = await db
      .updateTable('api_key')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('organisation_id', '=', organisationId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },
  /** A key by its public prefix, with what authenticating it needs. */
  async apiKeyByPrefix(db: Db, prefix: string) {
    return db
      .selectFrom('api_key')
      .innerJoin('organisation', 'organisation.id', 'api_key.organisation_id')
      .select([
        'api_key.id',
        'api_key.secret_hash',
        'api_key.revoked_at',
        'api_key.last_used_at',
        'api_key.name',
        'api_key.scopes',
        'organisation.id as organisation_id',
      ])
      .where('api_key.prefix', '=', prefix)
      .executeTakeFirst();
  },
  async touchApiKey(db: Db, id: string, at: string): Promise<void> {
    await db.updateTable('api_key').set({ last_used_at: at }).where('id', '=', id).execute();
  },
};
