import type { Kysely, Selectable } from 'kysely';
import type { Database, LtiDeepLinkTable, LtiKeyTable, LtiLoginTable, LtiPlatformTable } from '../../db/schema.ts';

type Db = Kysely<Database>;

/** SQL of the LTI 1.3 tool: platforms, the tool's signing keys, logins in flight, deep linking requests. */
export const ltiRepository = {
  // Platforms
  async platformByIssuerAndClient(db: Db, issuer: string, clientId: string): Promise<{ id: string } | undefined> {
    return db
      .selectFrom('lti_platform')
      .select('id')
      .where('issuer', '=', issuer)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
  },
  async platformsByIssuer(db: Db, issuer: string, clientId: string | undefined): Promise<LtiPlatformTable[]> {
    let query = db.selectFrom('lti_platform').selectAll().where('issuer', '=', issuer);
    if (clientId) query = query.where('client_id', '=', clientId);
    return query.execute();
  },
  async platform(db: Db, id: string): Promise<LtiPlatformTable> {
    return db.selectFrom('lti_platform').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  },
  async platforms(db: Db): Promise<LtiPlatformTable[]> {
    return db.selectFrom('lti_platform').selectAll().orderBy('created_at').execute();
  },
  async insertPlatform(db: Db, row: LtiPlatformTable): Promise<void> {
    await db.insertInto('lti_platform').values(row).execute();
  },
  /** Whether a platform was removed. */
  async deletePlatform(db: Db, id: string): Promise<boolean> {
    const result = await db.deleteFrom('lti_platform').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  // Signing keys
  async currentKey(db: Db): Promise<Selectable<LtiKeyTable> | undefined> {
    return db
      .selectFrom('lti_key')
      .selectAll()
      .where('retired_at', 'is', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
  },
  /** Public keys in use or retired after `since` (they still verify tokens signed before). */
  async publicKeys(db: Db, since: string): Promise<string[]> {
    const rows = await db
      .selectFrom('lti_key')
      .select('public_jwk')
      .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', since)]))
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => r.public_jwk);
  },
  async insertKey(db: Db, row: LtiKeyTable): Promise<void> {
    await db.insertInto('lti_key').values(row).execute();
  },
  async retireKeys(db: Db, at: string): Promise<void> {
    await db.updateTable('lti_key').set({ retired_at: at }).where('retired_at', 'is', null).execute();
  },

  // Logins in flight (OIDC third-party initiated login → launch)
  /** Stores a login, first dropping those expired before `now`. */
  async insertLogin(db: Db, row: LtiLoginTable, now: string): Promise<void> {
    await db.deleteFrom('lti_login').where('expires_at', '<', now).execute();
    await db.insertInto('lti_login').values(row).execute();
  },
  /** Reads a login and deletes it: a state is used once. */
  async takeLogin(db: Db, state: string): Promise<Selectable<LtiLoginTable> | undefined> {
    const login = await db.selectFrom('lti_login').selectAll().where('state', '=', state).executeTakeFirst();
    await db.deleteFrom('lti_login').where('state', '=', state).execute();
    return login;
  },

  // Deep linking requests
  /** Stores a deep linking request, first dropping those expired before `now`. */
  async insertDeepLink(db: Db, row: LtiDeepLinkTable, now: string): Promise<void> {
    await db.deleteFrom('lti_deep_link').where('expires_at', '<', now).execute();
    await db.insertInto('lti_deep_link').values(row).execute();
  },
  async deepLink(db: Db, id: string): Promise<Selectable<LtiDeepLinkTable> | undefined> {
    return db.selectFrom('lti_deep_link').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async deleteDeepLink(db: Db, id: string): Promise<void> {
    await db.deleteFrom('lti_deep_link').where('id', '=', id).execute();
  },
};
