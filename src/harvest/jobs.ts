import type { Kysely } from 'kysely';
import { nowIso } from '../app/ids.ts';
import type { Database } from '../db/schema.ts';
import type { JobRepository } from '../jobs/repository.ts';
import type { JobHandler } from '../jobs/worker.ts';
import type { Harvester } from './harvester.ts';
import type { RunStarter } from './service.ts';
import { nextRun } from './sources.ts';

export const HARVEST_JOB = 'harvest';

/** Queues a harvest of a source; one per source at a time (asking again returns the queued one). */
export async function enqueueHarvest(jobs: JobRepository, sourceId: string, options: { full?: boolean; startedBy: RunStarter }): Promise<{ jobId: string; created: boolean }> {
  const { id, created } = await jobs.enqueue({ type: HARVEST_JOB, payload: { sourceId, full: options.full ?? false, startedBy: options.startedBy }, singletonKey: `harvest:${sourceId}`, maxAttempts: 4 });
  return { jobId: id, created };
}

/** The job handler: harvests the source, keeping the job's lease alive after every page. */
export function harvestJobHandler(harvester: Harvester): JobHandler {
  return async (payload: { sourceId: string; full?: boolean; startedBy?: RunStarter }, context) => {
    const startedBy = payload.startedBy ?? { userId: null, apiKeyId: null, trigger: 'schedule' };
    const result = await harvester.harvest(payload.sourceId, { full: payload.full, onPage: context.extendLease, startedBy });
    if (result.status === 'failed') throw new Error(result.error ?? 'harvest failed');
  };
}

/** Queues harvests of enabled sources whose schedule is due, and moves their next run on. */
export async function scheduleDueHarvests(db: Kysely<Database>, jobs: JobRepository): Promise<number> {
  const due = await db.selectFrom('source').select(['id', 'schedule']).where('enabled', '=', 1)
    .where('schedule', 'is not', null).where('next_run_at', '<=', nowIso()).execute();
  for (const source of due) {
    await enqueueHarvest(jobs, source.id, { startedBy: { userId: null, apiKeyId: null, trigger: 'schedule' } });
    await db.updateTable('source').set({ next_run_at: nextRun(source.schedule!).toISOString() }).where('id', '=', source.id).execute();
  }
  return due.length;
}
