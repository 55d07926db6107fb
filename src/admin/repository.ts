import type { Kysely, Selectable } from 'kysely';
import { DELETED_ADDRESS_LIKE } from '../accounts/model.ts';
import type { AuditEventTable, Database } from '../db/schema.ts';

type Db = Kysely<Database>;
export type AuditRow = Selectable<AuditEventTable>;

/** SQL of the administration: users with their organisations, role and state changes, and the audit log. */
export const adminRepository = {
  /** Users by name or address (`q`), or the one user `id`; accounts left behind after deletion are not listed. */
  async users(db: Db, filter: { q?: string | null; id?: string }, limit: number) {
    let query = db
      .selectFrom('app_user')
      .select(['id', 'email', 'name', 'role', 'disabled', 'created_at', 'email_verified_at'])
      .where('email', 'not like', DELETED_ADDRESS_LIKE)
      .orderBy('name')
      .limit(limit);
    if (filter.id) query = query.where('id', '=', filter.id);
    const q = filter.q;
    if (q) {
      const like = `%${q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) =>
        eb.or([eb(eb.fn('lower', ['name']), 'like', like), eb(eb.fn('lower', ['email']), 'like', like)]),
      );
    }
    return query.execute();
  },
  async user(db: Db, id: string) {
    return db
      .selectFrom('app_user')
      .select(['id', 'email', 'name', 'role', 'disabled'])
      .where('id', '=', id)
      .executeTakeFirst();
  },
  async memberships(db: Db, userIds: string[]) {
    if (userIds.length === 0) return [];
    return db
      .selectFrom('membership')
      .innerJoin('organisation', 'organisation.id', 'membership.organisation_id')
      .select(['membership.user_id', 'organisation.id', 'organisation.name', 'membership.role'])
      .where('membership.user_id', 'in', userIds)
      .execute();
  },
  async organisations(db: Db) {
    return db
      .selectFrom('organisation')
      .select(['id', 'name', 'kind', 'website', 'external_id'])
      .orderBy('name')
      .execute();
  },
  async organisationIdsExist(db: Db, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    return (await db.selectFrom('organisation').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
  },
  async organisationByExternalId(db: Db, externalId: string) {
    return db.selectFrom('organisation').select('id').where('external_id', '=', externalId).executeTakeFirst();
  },
  async organisationByName(db: Db, name: string) {
    return db.selectFrom('organisation').select('id').where('name', '=', name).executeTakeFirst();
  },
  async insertOrganisation(
    db: Db,
    row: {
      id: string;
      name: string;
      kind: string;
      website: string | null;
      created_at: string;
      external_id: string | null;
    },
  ): Promise<void> {
    await db.insertInto('organisation').values(row).execute();
  },
  async countAdmins(db: Db): Promise<number> {
    const row = await db
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
  async setUser(db: Db, id: string, values: { role?: string; disabled?: number }): Promise<void> {
    await db.updateTable('app_user').set(values).where('id', '=', id).execute();
  },
  /** Sets a user's organisations: those that stay keep their role, new ones get `role`. */
  async setMemberships(db: Db, userId: string, organisationIds: string[], now: string, role: string): Promise<void> {
    let remove = db.deleteFrom('membership').where('user_id', '=', userId);
    if (organisationIds.length) remove = remove.where('organisation_id', 'not in', organisationIds);
    await remove.execute();
    if (organisationIds.length)
      await db
        .insertInto('membership')
        .values(organisationIds.map((organisation_id) => ({ user_id: userId, organisation_id, created_at: now, role })))
        .onConflict((oc) => oc.columns(['user_id', 'organisation_id']).doNothing())
        .execute();
  },
  /** Ends every session of a user (after their rights changed: they sign in again with the new ones). */
  async endSessions(db: Db, userId: string): Promise<void> {
    await db.deleteFrom('session').where('user_id', '=', userId).execute();
  },
  async audit(db: Db, row: AuditRow): Promise<void> {
    await db.insertInto('audit_event').values(row).execute();
  },
  async auditLog(db: Db, limit: number, before: string | null) {
    let query = db
      .selectFrom('audit_event')
      .leftJoin('app_user', 'app_user.id', 'audit_event.actor_id')
      .select([
        'audit_event.id',
        'audit_event.at',
        'audit_event.actor_id',
        'app_user.name as actor_name',
        'audit_event.action',
        'audit_event.target_type',
        'audit_event.target_id',
        'audit_event.detail',
      ])
      .orderBy('audit_event.at', 'desc')
      .orderBy('audit_event.id', 'desc')
      .limit(limit);
    if (before) query = query.where('audit_event.at', '<', before);
    return query.execute();
  },
};
