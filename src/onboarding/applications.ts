import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/model.ts';
import { recordAudit } from '../admin/audit.ts';
import { addOrganisation, checkOrganisation } from '../admin/service.ts';
import type { Database } from '../db/schema.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { AppError, badRequest, forbidden, notFound } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import { ONBOARDING_MAIL_JOB, type OnboardingMailPayload } from './mail.ts';
import { setMembership } from './memberships.ts';
import {
  APPLICATION_STATUSES,
  MAX_PENDING_APPLICATIONS,
  type ApplicationStatus,
  type ApplicationView,
  type Decision,
} from './model.ts';
import { onboardingRepository as repo, type ApplicationRow } from './repository.ts';

const view = (r: ApplicationRow & { applicant_name: string | null }): ApplicationView => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  website: r.website,
  externalId: r.external_id,
  motivation: r.motivation,
  status: r.status as ApplicationStatus,
  reason: r.reason,
  applicant: r.applicant_id ? { id: r.applicant_id, name: r.applicant_name ?? '' } : null,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
  organisationId: r.organisation_id,
});

/**
 * A school or institution asks for an organisation account; an administrator approves it (the
 * organisation is made and the applicant becomes its first editor) or refuses it with a reason.
 * The decision is mailed where the platform sends mail, and always shown to the applicant.
 */
export class ApplicationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly jobs: JobQueue,
    private readonly mailOpen: boolean,
  ) {}

  async apply(
    actor: Actor,
    input: {
      name: string;
      kind: string;
      website?: string | null;
      externalId?: string | null;
      motivation: string;
      lang: 'nl' | 'en';
    },
  ): Promise<ApplicationView> {
    const org = checkOrganisation(input);
    const motivation = input.motivation.trim();
    if (motivation.length < 20 || motivation.length > 2000)
      throw badRequest(
        'LG_MOTIVATION_LENGTH',
        'Say in 20 to 2000 characters who you are and what your organisation will bring.',
        { field: 'motivation' },
      );
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      if ((await repo.pendingCount(trx, actor.userId)) >= MAX_PENDING_APPLICATIONS)
        throw new AppError(
          'LG_APPLICATION_PENDING',
          409,
          `You have ${MAX_PENDING_APPLICATIONS} applications waiting; wait for their decision first.`,
        );
      if (await repo.pendingByName(trx, org.name))
        throw new AppError('LG_APPLICATION_PENDING', 409, `An application for ${org.name} is waiting already.`, {
          field: 'name',
        });
      // The name must be free now as well as at approval: say so before anyone waits for nothing.
      const taken = await repo.organisationIdByName(trx, org.name);
      if (taken)
        throw new AppError('LG_ORGANISATION_EXISTS', 409, `An organisation named ${org.name} exists already.`, {
          field: 'name',
        });
      const now = nowIso();
      await repo.insertApplication(trx, {
        id,
        applicant_id: actor.userId,
        name: org.name,
        kind: org.kind,
        website: org.website,
        external_id: org.externalId,
        motivation,
        lang: input.lang,
        status: 'pending',
        reason: null,
        decided_by: null,
        decided_at: null,
        organisation_id: null,
        created_at: now,
      });
      await recordAudit(
        trx,
        {
          actorId: actor.userId,
          action: 'application.create',
          target: { type: 'application', id },
          detail: { name: org.name, kind: org.kind },
        },
        now,
      );
    });
    return this.one(id);
  }

  /** Administrators see every application (by status); anyone else their own. */
  async list(actor: Actor, status: string | null): Promise<ApplicationView[]> {
    if (status && !APPLICATION_STATUSES.includes(status as ApplicationStatus))
      throw badRequest('LG_VALIDATION', `Status must be one of ${APPLICATION_STATUSES.join(', ')}.`, {
        field: 'status',
      });
    const rows = await repo.applications(
      this.db,
      actor.role === 'admin' ? { status } : { applicantId: actor.userId, status },
    );
    return rows.map(view);
  }

  /**
   * Approves (the organisation is made, its applicant becomes its editor) or refuses (a reason is
   * required) a waiting application; 409 when it was decided already or its name is taken now.
   */
  async decide(actor: Actor, id: string, decision: Decision, reason: string | null): Promise<ApplicationView> {
    if (actor.role !== 'admin') throw forbidden('Only administrators decide on applications.');
    const note = reason?.trim() || null;
    if (decision === 'refuse' && (!note || note.length < 10))
      throw badRequest('LG_REASON_REQUIRED', 'Say in at least 10 characters why the application is refused.', {
        field: 'reason',
      });
    if (note && note.length > 2000)
      throw badRequest('LG_VALIDATION', 'A reason has at most 2000 characters.', { field: 'reason' });
    await this.db.transaction().execute(async (trx) => {
      const row = (await repo.applications(trx, { id }))[0];
      if (!row) throw notFound('Application', id);
      if (row.status !== 'pending')
        throw new AppError('LG_APPLICATION_DECIDED', 409, `This application was ${row.status} already.`);
      const now = nowIso();
      let organisationId: string | null = null;
      if (decision === 'approve') {
        organisationId = await addOrganisation(
          trx,
          actor.userId,
          checkOrganisation({ name: row.name, kind: row.kind, website: row.website, externalId: row.external_id }),
          { application: id },
        );
        const applicant = row.applicant_id ? await repo.user(trx, row.applicant_id) : undefined;
        if (applicant && !applicant.disabled)
          await setMembership(
            trx,
            actor.userId,
            { userId: applicant.id, organisationId, role: 'editor' },
            { application: id },
          );
      }
      if (
        !(await repo.decide(trx, id, {
          status: decision === 'approve' ? 'approved' : 'refused',
          reason: note,
          decided_by: actor.userId,
          decided_at: now,
          organisation_id: organisationId,
        }))
      )
        throw new AppError('LG_APPLICATION_DECIDED', 409, 'This application was decided meanwhile.');
      await recordAudit(
        trx,
        {
          actorId: actor.userId,
          action: decision === 'approve' ? 'application.approve' : 'application.refuse',
          target: { type: 'application', id },
          detail: { name: row.name, reason: note, organisationId },
        },
        now,
      );
    });
    const decided = await this.one(id);
    if (this.mailOpen && decided.applicant)
      await this.jobs.enqueue({
        type: ONBOARDING_MAIL_JOB,
        payload: {
          kind: decision === 'approve' ? 'approved' : 'refused',
          applicationId: id,
        } satisfies OnboardingMailPayload,
        maxAttempts: 8,
      });
    return decided;
  }

  private async one(id: string): Promise<ApplicationView> {
    const row = (await repo.applications(this.db, { id }))[0];
    if (!row) throw notFound('Application', id);
    return view(row);
  }
}
