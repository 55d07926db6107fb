import { harvestRepository } from './repository.ts';
import type { Kysely } from 'kysely';
import { nowIso } from '../kernel/ids.ts';
import type { Database } from '../db/schema.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { PermanentJobError, type JobHandler } from '../jobs/worker.ts';
import type { Harvester } from './harvester.ts';
import type { RunStarter } from './service.ts';
import { nextRun } from './sources.ts';

export const HARVEST_JOB = 'harvest';

/** Queues a harvest of a source; one per source at a time (asking again returns the queued one). */
export async function enqueueHarvest(
  jobs: JobQueue,
  sourceId: string,
  options: { full?: boolean; startedBy: RunStarter },
): Promise<{ jobId: string; created: boolean }> {
  const { id, created } = await jobs.enqueue({
    type: HARVEST_JOB,
    payload: { sourceId, full: options.full ?? false, startedBy: options.startedBy },
    singletonKey: `harvest:${sourceId}`,
    maxAttempts: 4,
  });
  return { jobId: id, created };
}

/**
 * Harvest failures that come back the same however often they are tried: an address the SSRF guard
 * refuses, a URL that is no URL, a format or source type Leergoed does not harvest, a response too
 * large, too many redirects. Timeouts, network errors, 5xx answers and a lost store connection are
 * worth another attempt.
 */
const PERMANENT_FAILURES =
  /^(LG_HARVEST_SSRF|LG_HARVEST_BAD_URL|LG_HARVEST_NO_SOURCE|LG_HARVEST_UNSUPPORTED|LG_HARVEST_FORMAT|LG_HARVEST_NO_DISTRIBUTION|LG_HARVEST_TOO_LARGE|LG_HARVEST_REDIRECTS)\b/;

/** Whether a harvest's error message names a failure that trying again cannot mend. */
export function isPermanentHarvestFailure(message: string): boolean {
  return PERMANENT_FAILURES.test(message);
}

/** The job handler: harvests the source, keeping the job's lease alive after every page. */
export function harvestJobHandler(harvester: Harvester): JobHandler {
  return async (payload: { sourceId: string; full?: boolean; startedBy?: RunStarter }, context) => {
    const startedBy = payload.startedBy ?? { userId: null, apiKeyId: null, trigger: 'schedule' };
    let message: string | null;
    try {
      const result = await harvester.harvest(payload.sourceId, {
        full: payload.full,
        onPage: context.extendLease,
        startedBy,
      });
      message = result.status === 'failed' ? (result.error ?? 'harvest failed') : null;
    } catch (error) {
      // Refused before a run began (the address, the source): the error's code leads its message.
      const { code, message: text } = error as { code?: unknown; message?: string };
      message = typeof code === 'string' && code.startsWith('LG_') ? `${code}: ${text}` : (text ?? String(error));
    }
    if (message !== null)
      throw isPermanentHarvestFailure(message) ? new PermanentJobError(message) : new Error(message);
  };
}

/** Queues harvests of enabled sources whose schedule is due, and moves their next run on. */
export async function scheduleDueHarvests(db: Kysely<Database>, jobs: JobQueue): Promise<number> {
  const due = await harvestRepository.dueSources(db, nowIso());
  for (const source of due) {
    await enqueueHarvest(jobs, source.id, { startedBy: { userId: null, apiKeyId: null, trigger: 'schedule' } });
    await harvestRepository.updateSource(db, source.id, { next_run_at: nextRun(source.schedule!).toISOString() });
  }
  return due.length;
}
