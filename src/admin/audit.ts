import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import { adminRepository } from './repository.ts';

/** One change for the audit log: who (null: the command line), what, on which object, and its detail. */
export interface AuditFact {
  actorId: string | null;
  action: string;
  target: { type: string; id: string };
  detail: Record<string, unknown>;
}

/**
 * Writes a change to the audit log, inside the caller's transaction (`db`), so a change and its
 * line are kept together or not at all.
 */
export async function recordAudit(db: Kysely<Database>, fact: AuditFact, at = nowIso()): Promise<void> {
  await adminRepository.audit(db, {
    id: newId(),
    at,
    actor_id: fact.actorId,
    action: fact.action,
    target_type: fact.target.type,
    target_id: fact.target.id,
    detail: JSON.stringify(fact.detail),
  });
}
