import type { Kysely } from 'kysely';
import type { MemberRole, Role } from '../accounts/model.ts';
import { recordAudit } from '../admin/audit.ts';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../kernel/ids.ts';
import { roleForMemberships } from './model.ts';
import { onboardingRepository as repo } from './repository.ts';

/**
 * Gives a person a role in an organisation (null: takes them out of it), inside the caller's
 * transaction: their platform role follows their editor memberships, every change is written to
 * the audit log, and the person's sessions end, so no session goes on with rights that changed
 * (a caller acting for the person themselves opens them a new one).
 */
export async function setMembership(
  trx: Kysely<Database>,
  actorId: string | null,
  change: { userId: string; organisationId: string; role: MemberRole | null },
  why: Record<string, unknown> = {},
): Promise<void> {
  const now = nowIso();
  const user = await repo.user(trx, change.userId);
  if (!user) return;
  const before = (await repo.membership(trx, change.organisationId, change.userId))?.role ?? null;
  const organisation = (await repo.organisation(trx, change.organisationId))?.name ?? null;
  if (before === change.role) return;
  if (change.role) await repo.upsertMembership(trx, change.userId, change.organisationId, change.role, now);
  else await repo.removeMembership(trx, change.userId, change.organisationId);
  await recordAudit(
    trx,
    {
      actorId,
      action: change.role ? (before ? 'membership.role' : 'membership.add') : 'membership.remove',
      target: { type: 'user', id: change.userId },
      detail: {
        name: user.name,
        organisation,
        organisationId: change.organisationId,
        from: before,
        to: change.role,
        ...why,
      },
    },
    now,
  );
  const role = roleForMemberships(user.role as Role, await repo.editorMembershipCount(trx, change.userId));
  if (role !== user.role) {
    await repo.setUserRole(trx, change.userId, role);
    await recordAudit(
      trx,
      {
        actorId,
        action: 'user.role',
        target: { type: 'user', id: change.userId },
        detail: { name: user.name, from: user.role, to: role, because: 'membership' },
      },
      now,
    );
  }
  await repo.endSessions(trx, change.userId);
}
