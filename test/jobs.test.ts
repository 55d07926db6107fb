import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import { createLogger, createWorker, type AppContext } from '../src/app/context.ts';
import { openStore, type Store } from '../src/db/store.ts';
import { enqueueHarvest, scheduleDueHarvests } from '../src/harvest/jobs.ts';
import { JobRepository } from '../src/jobs/repository.ts';
import { DEFAULT_WORKER_OPTIONS, JobWorker } from '../src/jobs/worker.ts';
import { OaiTestServer } from './support/oai-server.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const log = createLogger('silent');
const fast = { ...DEFAULT_WORKER_OPTIONS, idleMs: 10, retryBaseMs: 10, retryMaxMs: 50 };

for (const kind of STORE_KINDS) {
  describe(`jobs on ${kind}`, () => {
    let ctx: AppContext;
    let url: string;
    let cleanup: () => Promise<void>;
    let second: Store;
    before(async () => {
      ({ ctx, url, cleanup } = await testContext(kind));
      second = openStore(url, projectRoot);
    });
    after(async () => {
      await second?.close();
      await cleanup?.();
    });

    it('never runs a job twice when two workers on separate connections claim at once', async () => {
      const jobsA = new JobRepository(ctx.store.db, ctx.store.dialect);
      const jobsB = new JobRepository(second.db, second.dialect);
      for (let i = 0; i < 40; i++) await jobsA.enqueue({ type: 'count', payload: { i } });
      const ran: number[] = [];
      const handler = async (payload: { i: number }) => {
        ran.push(payload.i);
        await new Promise((r) => setTimeout(r, 2));
      };
      const a = new JobWorker(jobsA, { count: handler }, log, fast);
      const b = new JobWorker(jobsB, { count: handler }, log, fast);
      await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
      assert.equal(ran.length, 40);
      assert.equal(new Set(ran).size, 40);
      const left = await ctx.store.db
        .selectFrom('job')
        .select('status')
        .where('type', '=', 'count')
        .where('status', '!=', 'done')
        .execute();
      assert.deepEqual(left, []);
    });

    it('retries a failed job with backoff and gives up after its attempts', async () => {
      const jobs = new JobRepository(ctx.store.db, ctx.store.dialect);
      const { id } = await jobs.enqueue({ type: 'flaky', payload: {}, maxAttempts: 3 });
      let calls = 0;
      // A backoff long enough that one drain cannot reach the retry however slow the store is.
      const patient = { ...fast, retryBaseMs: 400, retryMaxMs: 800 };
      const worker = new JobWorker(
        jobs,
        {
          flaky: async () => {
            calls++;
            if (calls < 2) throw new Error('endpoint down');
          },
        },
        log,
        patient,
      );
      assert.equal(await worker.drain(), 1);
      const afterFailure = (await jobs.find(id))!;
      assert.equal(afterFailure.status, 'queued');
      assert.equal(afterFailure.last_error, 'endpoint down');
      assert.ok(afterFailure.run_at > new Date(Date.now() - 1000).toISOString());
      assert.equal(await worker.drain(), 0, 'not before its backoff has passed');
      await new Promise((r) => setTimeout(r, 650));
      await worker.drain();
      assert.equal((await jobs.find(id))!.status, 'done');

      const { id: hopeless } = await jobs.enqueue({ type: 'broken', payload: {}, maxAttempts: 2 });
      const breaker = new JobWorker(
        jobs,
        {
          broken: async () => {
            throw new Error('always');
          },
        },
        log,
        fast,
      );
      for (let i = 0; i < 3; i++) {
        await breaker.drain();
        await new Promise((r) => setTimeout(r, 80));
      }
      const given = (await jobs.find(hopeless))!;
      assert.deepEqual([given.status, given.attempts], ['failed', 2]);
    });

    it('hands the job of a crashed worker (lease run out) to another', async () => {
      const jobs = new JobRepository(ctx.store.db, ctx.store.dialect);
      const { id } = await jobs.enqueue({ type: 'lease', payload: {} });
      // A lease long enough that a busy machine still asks again before it runs out.
      const claimed = await jobs.claim('crashed-worker', ['lease'], 1000);
      assert.equal(claimed?.id, id);
      assert.equal(await jobs.claim('other', ['lease'], 30_000), undefined, 'not while the lease holds');
      await new Promise((r) => setTimeout(r, 1100));
      const taken = await jobs.claim('other', ['lease'], 30_000);
      assert.equal(taken?.id, id);
      assert.equal(taken?.attempts, 2);
    });

    it('keeps one harvest per source queued, and runs scheduled harvests', async () => {
      const server = await new OaiTestServer().start();
      try {
        const organisationId = (await ctx.accounts.findOrCreateOrganisation('Edurep', 'publisher')).id;
        const source = await ctx.sources.create(
          { userId: 'a', role: 'admin', organisationIds: [] },
          {
            organisationId,
            name: 'Scheduled',
            type: 'oai-pmh',
            url: server.url,
            metadataPrefix: 'lom',
            set: 'surf',
            schedule: '0 3 * * *',
          },
        );
        assert.ok(source.next_run_at! > new Date().toISOString());
        const first = await enqueueHarvest(ctx.jobs, source.id, {
          startedBy: { userId: null, apiKeyId: null, trigger: 'request' },
        });
        const again = await enqueueHarvest(ctx.jobs, source.id, {
          startedBy: { userId: null, apiKeyId: null, trigger: 'request' },
        });
        assert.deepEqual([again.jobId, again.created], [first.jobId, false]);
        const worker = createWorker(ctx, fast);
        assert.equal(await worker.drain(), 1);
        const count = await ctx.store.db
          .selectFrom('resource')
          .select(({ fn }) => fn.countAll<number>().as('n'))
          .where('source_id', '=', source.id)
          .executeTakeFirstOrThrow();
        assert.equal(Number(count.n), 11);
        // The schedule comes due: the tick queues a harvest (incremental: the delta).
        await ctx.store.db
          .updateTable('source')
          .set({ next_run_at: new Date(Date.now() - 1000).toISOString() })
          .where('id', '=', source.id)
          .execute();
        assert.equal(await scheduleDueHarvests(ctx.store.db, ctx.jobs), 1);
        assert.equal(await scheduleDueHarvests(ctx.store.db, ctx.jobs), 0, 'moved on to the next run');
        await worker.drain();
        const withdrawn = await ctx.store.db
          .selectFrom('resource')
          .select('id')
          .where('source_id', '=', source.id)
          .where('status', '=', 'withdrawn')
          .execute();
        assert.equal(withdrawn.length, 1);
      } finally {
        await server.stop();
      }
    });
  });
}
