import type { Static } from 'typebox';
import type { Run, Source } from './schema.ts';
import { forbidden } from '../kernel/errors.ts';
import type { InstitutionActor } from '../accounts/model.ts';
import type { Store } from '../db/store.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { harvestRepository, type ImportRunView, type SourceRow } from './repository.ts';

// Sources and runs as the API shows them, and who may see them.

/** Editors see their institutions' sources; curators and admins all. */
export const visibleOrganisations = (actor: InstitutionActor): string[] | null =>
  actor.role === 'admin' || actor.role === 'curator' ? null : actor.organisationIds;
export const canSee = (actor: InstitutionActor, organisationId: string | null) => {
  const orgs = visibleOrganisations(actor);
  return orgs === null || (organisationId !== null && orgs.includes(organisationId));
};
export const sourceView = async (
  ctx: { jobs: JobQueue; store: Pick<Store, 'db'> },
  source: SourceRow,
): Promise<Static<typeof Source>> => {
  const job = await ctx.jobs.activeBySingleton(`harvest:${source.id}`);
  const [lastRun] = await harvestRepository.listRuns(ctx.store.db, source.id, 1);
  return {
    id: source.id,
    organisationId: source.organisation_id,
    name: source.name,
    type: source.type,
    url: source.url,
    metadataPrefix: source.metadata_prefix,
    set: source.set_spec,
    schedule: source.schedule,
    enabled: source.enabled === 1,
    kind: source.default_kind,
    harvestFrom: source.harvest_from,
    nextRunAt: source.next_run_at,
    createdAt: source.created_at,
    updatedAt: source.updated_at,
    job: job
      ? { id: job.id, status: job.status, runAt: job.run_at, attempts: job.attempts, lastError: job.last_error }
      : null,
    lastRun: lastRun ? runView(lastRun) : null,
  };
};
export const requireEditor = (actor: InstitutionActor) => {
  if (actor.role === 'teacher') throw forbidden('Sources are managed by institution editors, curators and admins.');
};

export function runView(run: ImportRunView): Static<typeof Run> {
  return {
    id: run.id,
    sourceId: run.source_id,
    kind: run.kind,
    format: run.format,
    pages: run.pages,
    completeListSize: run.complete_list_size,
    requestFrom: run.request_from,
    heartbeatAt: run.heartbeat_at,
    location: run.location.replace(/^.*[\\/]data[\\/]demo[\\/]/, 'data/demo/'),
    status: run.status,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
    error: run.error,
    created: run.created,
    updated: run.updated,
    unchanged: run.unchanged,
    withdrawn: run.withdrawn,
    failed: run.failed,
    startedBy: { trigger: run.trigger ?? 'unknown', person: run.started_by_name, apiKey: run.started_by_key_name },
  };
}
