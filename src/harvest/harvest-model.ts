import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type RunStarter } from './service.ts';
import { DEFAULT_LIMITS, HttpError, type FetchLimits } from '../kernel/fetch.ts';
import { DEFAULT_RETRY, OaiError, type HostThrottle, type RetryOptions } from './protocols/oai-pmh.ts';
import type { ImportCounts } from './run-loop.ts';

/** What a harvest run reports (also while it runs). */
export interface HarvestProgress extends ImportCounts {
  runId: string;
  sourceId: string;
  pages: number;
  completeListSize: number | null;
  status: 'running' | 'completed' | 'failed';
  error: string | null;
  resumed: boolean;
}

export interface HarvestOptions {
  /** Overrides the incremental `from` (the last successful harvest's responseDate). */
  from?: string | null;
  /** Ignore the stored `from`: harvest everything. */
  full?: boolean;
  onProgress?: (progress: HarvestProgress) => void;
  /** Called after every committed page; a job uses it to extend its lease. */
  onPage?: () => Promise<void>;
  /** Who asked for the harvest (recorded with its run); the command line when left out. */
  startedBy?: RunStarter;
}

export interface HarvesterConfig {
  limits: FetchLimits;
  retry: RetryOptions;
  throttle?: HostThrottle;
  /** A page chain longer than this is stopped as never-ending. */
  maxPages: number;
  /** A run whose heartbeat is older than this is taken as crashed and resumed. */
  staleAfterMs: number;
  analyze?: (db: Kysely<Database>) => Promise<void>;
}

export const DEFAULT_HARVESTER_CONFIG: HarvesterConfig = {
  limits: DEFAULT_LIMITS,
  retry: DEFAULT_RETRY,
  maxPages: 200_000,
  staleAfterMs: 120_000,
};

/** A stable harvest error: the run fails with this code and message. */
export class HarvestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const OWNER = `${hostname()}:${process.pid}`;

export function processAlive(owner: string | null): boolean {
  if (!owner) return false;
  const [host, pid] = owner.split(':');
  if (host !== hostname()) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof HarvestError || error instanceof HttpError) return `${error.code}: ${error.message}`;
  if (error instanceof OaiError) return `LG_HARVEST_OAI_${error.code}: ${error.message}`;
  const e = error as { code?: string; message?: string };
  return `${e.code ?? 'LG_HARVEST_FAILED'}: ${e.message ?? String(error)}`;
}
