import { csvFile } from '../kernel/csv.ts';
import type { Kysely } from 'kysely';
import {
  ORGANISATION_KINDS,
  ROLES,
  defaultMemberRole,
  type Actor,
  type MemberRole,
  type OrganisationKind,
  type Role,
} from '../accounts/model.ts';
import type { Database } from '../db/schema.ts';
import { AppError, badRequest, forbidden, notFound } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import { recordAudit } from './audit.ts';
import { adminRepository as repo, type AuditRow } from './repository.ts';

/** A user as the admin page lists them (the address is shown to admins only). */
export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  verified: boolean;
  createdAt: string;
  /** Their organisations, with their role in each. */
  organisations: { id: string; name: string; role: MemberRole }[];
}

/** One line of the audit log. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: { id: string | null; name: string | null };
  action: string;
  target: { type: string; id: string };
  detail: Record<string, unknown>;
}

function requireAdmin(actor: Actor | null): Actor {
  if (!actor) throw new AppError('LG_UNAUTHENTICATED', 401, 'Sign in first.');
  if (actor.role !== 'admin') throw forbidden('Only administrators manage users and organisations.');
  return actor;
}

/**
 * Administration without a shell: users' roles, switching accounts off and on, memberships of
 * organisations, organisations themselves; every change written to the audit log (who, what,
 * when) in the same transaction, and a person whose rights changed signs in again.
 */
export class AdminService {
  constructor(private readonly db: Kysely<Database>) {}

  async users(actor: Actor | null, q: string | null): Promise<AdminUser[]> {
    requireAdmin(actor);
    return this.list({ q: q?.trim() || null }, 200);
  }

  private async list(filter: { q?: string | null; id?: string }, limit: number): Promise<AdminUser[]> {
    const rows = await repo.users(this.db, filter, limit);
    const memberships = await repo.memberships(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      role: r.role as Role,
      disabled: !!r.disabled,
      verified: !!r.email_verified_at,
      createdAt: r.created_at,
      organisations: memberships
        .filter((m) => m.user_id === r.id)
        .map((m) => ({ id: m.id, name: m.name, role: m.role as MemberRole })),
    }));
  }

  /** Changes a user's role, state or organisations; refuses to leave the platform without an active admin. */
  async updateUser(
    actor: Actor | null,
    userId: string,
    change: { role?: string; disabled?: boolean; organisationIds?: string[] },
  ): Promise<AdminUser> {
    const admin = requireAdmin(actor);
    if (change.role !== undefined && !ROLES.includes(change.role as Role))
      throw badRequest('LG_BAD_ROLE', `Role must be one of ${ROLES.join(', ')}.`, { field: 'role' });
    await this.db.transaction().execute(async (trx) => {
      const user = await repo.user(trx, userId);
      if (!user) throw notFound('User', userId);
      const now = nowIso();
      const audit = (action: string, detail: Record<string, unknown>) =>
        recordAudit(
          trx,
          {
            actorId: admin.userId,
            action,
            target: { type: 'user', id: userId },
            detail: { name: user.name, ...detail },
          },
          now,
        );
      let rightsChanged = false;
      const losesAdmin =
        user.role === 'admin' &&
        !user.disabled &&
        ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
      if (losesAdmin && (await repo.countAdmins(trx)) <= 1)
        throw new AppError('LG_LAST_ADMIN', 409, 'The platform keeps at least one active administrator.');
      if (change.role !== undefined && change.role !== user.role) {
        await repo.setUser(trx, userId, { role: change.role });
        await audit('user.role', { from: user.role, to: change.role });
        rightsChanged = true;
      }
      if (change.disabled !== undefined && change.disabled !== !!user.disabled) {
        await repo.setUser(trx, userId, { disabled: change.disabled ? 1 : 0 });
        await audit(change.disabled ? 'user.disable' : 'user.enable', {});
        rightsChanged = true;
      }
      if (change.organisationIds !== undefined) {
        const wanted = [...new Set(change.organisationIds)];
        const existing = await repo.organisationIdsExist(trx, wanted);
        const unknown = wanted.filter((id) => !existing.includes(id));
        if (unknown.length) throw notFound('Organisation', unknown[0]!);
        const before = (await repo.memberships(trx, [userId])).map((m) => m.id).sort();
        if (JSON.stringify(before) !== JSON.stringify([...wanted].sort())) {
          await repo.setMemberships(trx, userId, wanted, now, defaultMemberRole((change.role ?? user.role) as Role));
          await audit('user.organisations', { from: before, to: [...wanted].sort() });
          rightsChanged = true;
        }
      }
      // New rights (or none): every session of the person ends, and the next one carries them.
      if (rightsChanged) await repo.endSessions(trx, userId);
    });
    return (await this.list({ id: userId }, 1))[0]!;
  }

  async organisations(actor: Actor | null) {
    requireAdmin(actor);
    return (await repo.organisations(this.db)).map((o) => ({
      id: o.id,
      name: o.name,
      kind: o.kind,
      website: o.website,
      externalId: o.external_id,
    }));
  }

  /** Makes an organisation (a school, an institution) with the identifier its login may name it by. */
  async createOrganisation(actor: Actor | null, input: OrganisationInput) {
    const admin = requireAdmin(actor);
    const checked = checkOrganisation(input);
    const id = await this.db.transaction().execute((trx) => addOrganisation(trx, admin.userId, checked, {}));
    return (await this.organisations(admin)).find((o) => o.id === id)!;
  }

  /** The audit log, newest first (`before`: the time of the last line of the previous page). */
  async auditLog(actor: Actor | null, limit: number, before: string | null): Promise<AuditEntry[]> {
    requireAdmin(actor);
    return (await repo.auditLog(this.db, limit, before)).map((r) => entry(r));
  }
}

/** What an organisation is made of, as an administrator or an application gives it. */
export interface OrganisationInput {
  name: string;
  kind: string;
  website?: string | null;
  externalId?: string | null;
}

/** Checks and cleans an organisation's fields (400 with the field that is wrong). */
export function checkOrganisation(input: OrganisationInput): Required<OrganisationInput> {
  const name = input.name.trim();
  if (name.length < 2 || name.length > 200)
    throw badRequest('LG_VALIDATION', 'An organisation needs a name of 2 to 200 characters.', { field: 'name' });
  if (!ORGANISATION_KINDS.includes(input.kind as OrganisationKind))
    throw badRequest('LG_BAD_ORGANISATION_KIND', `Kind must be one of ${ORGANISATION_KINDS.join(', ')}.`, {
      field: 'kind',
    });
  const website = input.website?.trim() || null;
  if (website && !/^https?:\/\/\S+$/.test(website))
    throw badRequest('LG_BAD_URL', 'The website must be an http(s) address.', { field: 'website' });
  const externalId = input.externalId?.trim() || null;
  if (externalId && externalId.length > 100)
    throw badRequest('LG_VALIDATION', 'The login identifier has at most 100 characters.', { field: 'externalId' });
  return { name, kind: input.kind, website, externalId };
}

/**
 * Adds a checked organisation inside the caller's transaction and writes it to the audit log
 * (with `detail` beside its fields); 409 when its name or login identifier is taken.
 */
export async function addOrganisation(
  trx: Kysely<Database>,
  actorId: string | null,
  org: Required<OrganisationInput>,
  detail: Record<string, unknown>,
): Promise<string> {
  if (await repo.organisationByName(trx, org.name))
    throw new AppError('LG_ORGANISATION_EXISTS', 409, `An organisation named ${org.name} exists already.`, {
      field: 'name',
    });
  if (org.externalId && (await repo.organisationByExternalId(trx, org.externalId)))
    throw new AppError(
      'LG_ORGANISATION_EXISTS',
      409,
      `An organisation with identifier ${org.externalId} exists already.`,
      {
        field: 'externalId',
      },
    );
  const id = newId();
  const now = nowIso();
  await repo.insertOrganisation(trx, {
    id,
    name: org.name,
    kind: org.kind,
    website: org.website,
    created_at: now,
    external_id: org.externalId,
  });
  await recordAudit(
    trx,
    {
      actorId,
      action: 'organisation.create',
      target: { type: 'organisation', id },
      detail: { name: org.name, kind: org.kind, externalId: org.externalId, ...detail },
    },
    now,
  );
  return id;
}

function entry(r: AuditRow & { actor_name: string | null }): AuditEntry {
  let detail: Record<string, unknown> = {};
  try {
    detail = JSON.parse(r.detail) as Record<string, unknown>;
  } catch {
    detail = {};
  }
  return {
    id: r.id,
    at: r.at,
    actor: { id: r.actor_id, name: r.actor_name },
    action: r.action,
    target: { type: r.target_type, id: r.target_id },
    detail,
  };
}

/** The audit log as CSV (one line per change; the detail as JSON in the last column). */
export function auditCsv(entries: AuditEntry[]): string {
  return csvFile(
    ['at', 'actor', 'action', 'target_type', 'target_id', 'detail'],
    entries.map((e) => [e.at, e.actor.name ?? '', e.action, e.target.type, e.target.id, JSON.stringify(e.detail)]),
  );
}
