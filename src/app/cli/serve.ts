import cluster from 'node:cluster';
import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { createContext, createWorker, prepareStore, type AppContext } from '../context.ts';
import { buildServer } from '../server.ts';
import { migrateToLatest } from '../../db/store.ts';
import type { JobWorker } from '../../jobs/worker.ts';
import { seedVocabularies } from '../../vocab/service.ts';
import { progress } from './support.ts';

/** `serve` and `worker`: the long-running processes. */
export function serveCommands(program: Command): void {
  program
    .command('serve')
    .description('migrate, load vocabularies (and the demo corpus into an empty store), then serve HTTP on HOST:PORT')
    .option('--no-demo', 'do not load the demo corpus into an empty store')
    .action(async (options: { demo: boolean }) => {
      const config = loadConfig();
      // With LEERGOED_WEB_PROCESSES > 1 the first process prepares the store and runs the jobs, and
      // that many forked processes serve HTTP on the one port (SQLite in WAL mode reads in parallel).
      if (cluster.isWorker) return serveHttp(config, null, Date.now());
      const ctx = createContext(config);
      const bar = progress('Demo corpus');
      const started = Date.now();
      const reports = await prepareStore(ctx, {
        loadDemo: options.demo && config.loadDemo,
        onDemoProgress: bar.update,
      });
      bar.stop();
      if (reports) {
        const failed = reports.filter((r) => r.status === 'failed');
        ctx.log.info(
          {
            files: reports.length,
            created: reports.reduce((n, r) => n + r.created, 0),
            failedFiles: failed.length,
            ms: Date.now() - started,
          },
          'demo corpus loaded',
        );
      }
      // One machine: jobs (scheduled harvests, "run now") run in this process; set LEERGOED_WORKER=false
      // when separate `leergoed worker` processes do that.
      const worker = config.runWorker ? createWorker(ctx) : null;
      worker?.start();
      if (config.webProcesses === 1) return serveHttp(config, { ctx, worker }, started);

      let stopping = false;
      let listening = 0;
      const fork = () =>
        cluster.fork().on('exit', (code, signal) => {
          if (stopping) return;
          ctx.log.error({ code, signal }, 'a web process ended; starting another');
          fork();
        });
      cluster.on('listening', () => {
        if (++listening === config.webProcesses)
          ctx.log.info(
            {
              url: config.publicUrl,
              processes: config.webProcesses,
              store: ctx.store.dialect.name,
              ms: Date.now() - started,
            },
            'Leergoed is serving',
          );
      });
      for (let i = 0; i < config.webProcesses; i++) fork();
      const shutdown = async (signal: string) => {
        ctx.log.info({ signal }, 'shutting down');
        stopping = true;
        const processes = Object.values(cluster.workers ?? {}).filter((w) => !!w);
        await Promise.all(
          processes.map(
            (w) =>
              new Promise((r) => {
                w.once('exit', r);
                w.process.kill('SIGTERM');
              }),
          ),
        );
        await worker?.stop();
        await ctx.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
    });

  /**
   * A long-running process (a server, a worker) logs a promise rejected where nobody waited for it
   * instead of ending: one lost store connection in a background task must not stop every request.
   */
  function keepRunningOnStrayRejections(ctx: AppContext): void {
    if (process.listenerCount('unhandledRejection') > 0) return;
    process.on('unhandledRejection', (reason) =>
      ctx.log.error({ err: reason }, 'a background task failed (the process goes on)'),
    );
  }

  /** Serves HTTP in this process; `own` is the context and job worker when this process also prepared the store. */
  async function serveHttp(
    config: ReturnType<typeof loadConfig>,
    own: { ctx: AppContext; worker: JobWorker | null } | null,
    started: number,
  ): Promise<void> {
    const ctx = own?.ctx ?? createContext(config);
    keepRunningOnStrayRejections(ctx);
    const app = await buildServer(ctx);
    const shutdown = async (signal: string) => {
      ctx.log.info({ signal }, 'shutting down');
      await own?.worker?.stop();
      await app.close();
      await ctx.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    await app.listen({ port: config.port, host: config.host });
    // Queries go to the store until the in-memory index has loaded (seconds per 100,000 resources).
    const memory = ctx.search.memory;
    if (memory) {
      const loading = Date.now();
      void memory.load().then(() => {
        if (memory.ready) ctx.log.info({ resources: memory.size, ms: Date.now() - loading }, 'in-memory index loaded');
        else
          ctx.log.warn({ error: memory.failure?.message }, 'in-memory index not loaded; the store answers every query');
      });
    }
    if (own)
      ctx.log.info(
        {
          url: config.publicUrl,
          store: ctx.store.dialect.name,
          storeLocation: ctx.store.dialect.location,
          ms: Date.now() - started,
        },
        'Leergoed is serving',
      );
  }

  program
    .command('worker')
    .description('run background jobs only (scheduled and requested harvests), for deployments with several processes')
    .action(async () => {
      const ctx = createContext(loadConfig());
      keepRunningOnStrayRejections(ctx);
      await migrateToLatest(ctx.store);
      await seedVocabularies(ctx.store.db, ctx.vocab);
      const worker = createWorker(ctx);
      worker.start();
      ctx.log.info({ worker: worker.id, store: ctx.store.dialect.name }, 'worker started');
      const stop = async (signal: string) => {
        ctx.log.info({ signal }, 'worker stopping after the job in hand');
        await worker.stop();
        await ctx.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
