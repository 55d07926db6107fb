import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { newId } from '../kernel/ids.ts';
import type { JobRepository, JobRow } from './repository.ts';

/** What a job handler may do besides its work: keep its lease while it runs long. */
export interface JobContext {
  job: JobRow;
  extendLease(): Promise<void>;
}

export type JobHandler = (payload: any, context: JobContext) => Promise<void>;

/** A failure that trying again cannot mend (a refused address, an unsupported format): the job fails at once. */
export class PermanentJobError extends Error {}

export interface WorkerOptions {
  /** How long a claimed job is ours without a heartbeat; a crashed worker's jobs come back after it. */
  leaseMs: number;
  /** How long to sleep when there is nothing to do. */
  idleMs: number;
  /** Backoff of failed attempts: base · 2^(attempt-1) with jitter, capped. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Called every `tickMs` (schedules). */
  onTick?: () => Promise<void>;
  tickMs: number;
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = {
  leaseMs: 120_000,
  idleMs: 1000,
  retryBaseMs: 30_000,
  retryMaxMs: 3_600_000,
  tickMs: 30_000,
};

/** Runs jobs from the job table: claim, run with a lease kept alive, complete or retry with backoff. */
export class JobWorker {
  readonly id = `${hostname()}:${process.pid}:${newId().slice(-8)}`;
  private running = false;
  private stopped: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastTick = 0;

  constructor(
    private readonly jobs: JobRepository,
    private readonly handlers: Record<string, JobHandler>,
    private readonly log: Logger,
    private readonly options: WorkerOptions = DEFAULT_WORKER_OPTIONS,
  ) {}

  /** Starts the loop in the background. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopped = this.loop();
  }

  /** Stops after the job in hand (if any) and waits for it. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.stopped;
  }

  /** Runs due jobs until none is left (tests and the CLI). Returns how many ran. */
  async drain(): Promise<number> {
    let count = 0;
    while (await this.runOne()) count++;
    return count;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        if (this.options.onTick && Date.now() - this.lastTick >= this.options.tickMs) {
          this.lastTick = Date.now();
          await this.options.onTick();
        }
        if (await this.runOne()) continue;
      } catch (error) {
        this.log.error({ err: error }, 'job loop failed');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.idleMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Claims and runs one job; false when none was due. */
  async runOne(): Promise<boolean> {
    const job = await this.jobs.claim(this.id, Object.keys(this.handlers), this.options.leaseMs);
    if (!job) return false;
    const handler = this.handlers[job.type]!;
    const heartbeat = setInterval(
      () => void this.jobs.extendLease(job.id, this.id, this.options.leaseMs).catch(() => undefined),
      Math.max(1000, this.options.leaseMs / 3),
    );
    try {
      await handler(JSON.parse(job.payload), {
        job,
        extendLease: async () => {
          await this.jobs.extendLease(job.id, this.id, this.options.leaseMs);
        },
      });
      await this.jobs.complete(job.id, this.id);
      this.log.info({ job: job.id, type: job.type }, 'job done');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retry =
        job.attempts < job.max_attempts && !(error instanceof PermanentJobError)
          ? new Date(
              Date.now() +
                Math.min(
                  this.options.retryMaxMs,
                  this.options.retryBaseMs * 2 ** (job.attempts - 1) * (0.5 + Math.random()),
                ),
            )
          : null;
      await this.jobs.fail(job.id, this.id, message, retry);
      this.log.warn(
        { job: job.id, type: job.type, attempt: job.attempts, retryAt: retry?.toISOString() ?? null, error: message },
        'job failed',
      );
    } finally {
      clearInterval(heartbeat);
    }
    return true;
  }
}
