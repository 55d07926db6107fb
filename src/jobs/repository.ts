import type { Kysely, Selectable } from 'kysely';
import { newId, nowIso } from '../kernel/ids.ts';
import type { StoreDialect } from '../db/dialects/dialect.ts';
import type { Database, JobTable } from '../db/schema.ts';

export type JobRow = Selectable<JobTable>;
type Db = Kysely<Database>;

/** SQL of the job table: enqueue, claim with a lease, extend, complete, fail. */
export class JobRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: StoreDialect,
  ) {}

  /**
   * Adds a job. With a singleton key, at most one job per key is queued or running: asking again
   * returns the one there is.
   */
  async enqueue(job: {
    type: string;
    payload: unknown;
    runAt?: Date;
    singletonKey?: string | null;
    maxAttempts?: number;
  }): Promise<{ id: string; created: boolean }> {
    if (job.singletonKey) {
      const existing = await this.activeBySingleton(job.singletonKey);
      if (existing) return { id: existing.id, created: false };
    }
    const id = newId();
    const now = nowIso();
    try {
      await this.db
        .insertInto('job')
        .values({
          id,
          type: job.type,
          payload: JSON.stringify(job.payload ?? {}),
          status: 'queued',
          run_at: (job.runAt ?? new Date()).toISOString(),
          attempts: 0,
          max_attempts: job.maxAttempts ?? 5,
          locked_until: null,
          locked_by: null,
          last_error: null,
          singleton_key: job.singletonKey ?? null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return { id, created: true };
    } catch (error) {
      // Another process enqueued the same singleton between our check and insert.
      const existing = job.singletonKey ? await this.activeBySingleton(job.singletonKey) : undefined;
      if (existing) return { id: existing.id, created: false };
      throw error;
    }
  }

  async activeBySingleton(key: string): Promise<JobRow | undefined> {
    return this.db
      .selectFrom('job')
      .selectAll()
      .where('singleton_key', '=', key)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
  }

  /**
   * Claims the next due job of the given types for `worker`: a queued one whose time has come, or a
   * running one whose lease ran out (its worker crashed). Exclusive on both stores.
   */
  async claim(worker: string, types: string[], leaseMs: number): Promise<JobRow | undefined> {
    const now = nowIso();
    const due = (status: 'queued' | 'running') => (eb: any) =>
      status === 'queued'
        ? eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)])
        : eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]);
    // One statement: the subquery picks the job (skipping rows locked by other claims on PostgreSQL),
    // the guard makes sure nobody took it in between.
    const next = this.dialect.skipLocked(
      this.db
        .selectFrom('job')
        .select('id')
        .where('type', 'in', types)
        .where((eb) => eb.or([due('queued')(eb), due('running')(eb)]))
        .orderBy('run_at')
        .limit(1),
    );
    return this.db
      .updateTable('job')
      .set((eb) => ({
        status: 'running',
        locked_by: worker,
        locked_until: new Date(Date.now() + leaseMs).toISOString(),
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', next)
      .where((eb) => eb.or([due('queued')(eb), due('running')(eb)]))
      .returningAll()
      .executeTakeFirst();
  }

  /** Extends the lease of a job this worker holds; false when it lost the job. */
  async extendLease(id: string, worker: string, leaseMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('job')
      .set({ locked_until: new Date(Date.now() + leaseMs).toISOString(), updated_at: nowIso() })
      .where('id', '=', id)
      .where('locked_by', '=', worker)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async complete(id: string, worker: string): Promise<void> {
    await this.db
      .updateTable('job')
      .set({ status: 'done', locked_until: null, updated_at: nowIso() })
      .where('id', '=', id)
      .where('locked_by', '=', worker)
      .execute();
  }

  /** Records a failure: the job runs again at `retryAt`, or is given up (`failed`) when that is null. */
  async fail(id: string, worker: string, error: string, retryAt: Date | null): Promise<void> {
    await this.db
      .updateTable('job')
      .set({
        status: retryAt ? 'queued' : 'failed',
        run_at: (retryAt ?? new Date()).toISOString(),
        last_error: error.slice(0, 2000),
        locked_until: null,
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .where('locked_by', '=', worker)
      .execute();
  }

  async find(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
