import cluster from 'node:cluster';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { ORGANISATION_KINDS, ROLES, type OrganisationKind, type Role } from '../accounts/model.ts';
import { loadConfig } from '../app/config.ts';
import { createContext, createLogger, createWorker, prepareStore, type AppContext } from '../app/context.ts';
import { AppError } from '../kernel/errors.ts';
import { buildServer } from '../app/server.ts';
import { KINDS, type Kind } from '../catalogue/model.ts';
import { migrateToLatest } from '../db/store.ts';
import { BackupError, backupStore, restoreStore } from '../db/backup.ts';
import type { JobWorker } from '../jobs/worker.ts';
import { DEMO_PARTS } from '../harvest/demo.ts';
import { ImportError } from '../harvest/formats.ts';
import type { CsvColumnMapping } from '../harvest/mappers/csv.ts';
import type { ImportReport } from '../harvest/service.ts';
import { exportLines } from '../publish/export.ts';
import { seedVocabularies } from '../vocab/service.ts';

function oneOf<T extends string>(values: readonly T[]) {
  return (value: string): T => {
    if (!values.includes(value as T)) throw new InvalidArgumentError(`Choose one of: ${values.join(', ')}.`);
    return value as T;
  };
}

async function withContext<T>(fn: (ctx: AppContext) => Promise<T>, logLevel = 'warn'): Promise<T> {
  const config = loadConfig();
  const ctx = createContext(config, createLogger(config.logLevelSet ? config.logLevel : logLevel));
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

/** A progress bar on a terminal; plain lines elsewhere (logs, CI). */
function progress(label: string) {
  if (!process.stderr.isTTY) {
    let last = 0;
    return {
      update: (part: string, done: number) => {
        if (done - last >= 2000 || done < last) {
          last = done;
          process.stderr.write(`${label}: ${part} ${done}\n`);
        }
      },
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} {bar} {value} records | {part}`, hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { part: '' });
  let total = 0;
  let previous = 0;
  let currentPart = '';
  return {
    update: (part: string, done: number) => {
      if (part !== currentPart) {
        currentPart = part;
        previous = total;
      }
      total = previous + done;
      bar.setTotal(Math.max(total, 1));
      bar.update(total, { part });
    },
    stop: () => bar.stop(),
  };
}

function printReports(reports: ImportReport[]): boolean {
  let ok = true;
  const rows = reports.map((r) => ({
    file: r.file.replace(process.cwd() + '/', ''),
    format: r.format ?? '-',
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    withdrawn: r.withdrawn,
    failed: r.failed,
    status: r.status,
  }));
  console.table(rows);
  for (const r of reports) {
    if (r.error) {
      ok = false;
      console.error(`✗ ${r.file}: ${r.error}`);
    }
    for (const f of r.failures.slice(0, 20)) console.error(`  failed ${f.originalId ?? '(no id)'}: ${f.reason}`);
    if (r.failures.length > 20)
      console.error(`  … and ${r.failures.length - 20} more (see GET /api/v1/imports/${r.runId})`);
  }
  const total = reports.reduce(
    (acc, r) => ({
      created: acc.created + r.created,
      updated: acc.updated + r.updated,
      unchanged: acc.unchanged + r.unchanged,
      withdrawn: acc.withdrawn + r.withdrawn,
      failed: acc.failed + r.failed,
    }),
    { created: 0, updated: 0, unchanged: 0, withdrawn: 0, failed: 0 },
  );
  console.log(
    `created ${total.created}, updated ${total.updated}, unchanged ${total.unchanged}, withdrawn ${total.withdrawn}, failed ${total.failed}`,
  );
  return ok;
}

const program = new Command('leergoed')
  .description('Leergoed: open learning material and digital heritage for Dutch education')
  .showHelpAfterError();

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
    const reports = await prepareStore(ctx, { loadDemo: options.demo && config.loadDemo, onDemoProgress: bar.update });
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
  const memory = ctx.catalogue.memory;
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

program
  .command('migrate')
  .description('apply pending migrations and seed the vocabularies')
  .action(async () =>
    withContext(async (ctx) => {
      const applied = await migrateToLatest(ctx.store);
      await seedVocabularies(ctx.store.db, ctx.vocab);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'migrations are current');
    }),
  );

program
  .command('backup')
  .description(
    'write a consistent backup of the store (every table, while the server runs) as gzipped JSON Lines that either store can restore',
  )
  .option(
    '--out <file>',
    'where to write it',
    `leergoed-backup-${new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')}.jsonl.gz`,
  )
  .action(async (options: { out: string }) =>
    withContext(async (ctx) => {
      const started = Date.now();
      const counts = await backupStore(ctx.store, resolve(options.out));
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      console.log(
        `backed up ${total} rows of ${Object.keys(counts).length} tables (${counts.resource ?? 0} resources, ${counts.app_user ?? 0} users, ${counts.lesson ?? 0} lessons) to ${options.out} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }),
  );

program
  .command('restore')
  .description(
    'restore a backup into an empty store (SQLite or PostgreSQL, whichever made it), then rebuild the search index',
  )
  .argument('<file>', 'a file written by `leergoed backup`')
  .action(async (file: string) =>
    withContext(async (ctx) => {
      const started = Date.now();
      const bar = progress('Restore');
      const counts = await restoreStore(
        ctx.store,
        resolve(file),
        async () => {
          await seedVocabularies(ctx.store.db, ctx.vocab);
          await ctx.catalogue.reindex((done) => bar.update('search index', done));
        },
        (table, rows) => bar.update(table, rows),
      );
      bar.stop();
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      console.log(
        `restored ${total} rows of ${Object.keys(counts).length} tables (${counts.resource ?? 0} resources, ${counts.app_user ?? 0} users, ${counts.lesson ?? 0} lessons) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }),
  );

program
  .command('reindex')
  .description(
    'rebuild the filter terms and the search index from the stored resources (after a change of the text analysis; `serve` does it by itself when needed)',
  )
  .action(async () =>
    withContext(async (ctx) => {
      await migrateToLatest(ctx.store);
      const bar = progress('Reindex');
      const started = Date.now();
      const count = await ctx.catalogue.reindex((done) => bar.update('resources', done));
      bar.stop();
      await ctx.store.dialect.analyze(ctx.store.db);
      console.log(`reindexed ${count} resources in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }),
  );

program
  .command('export')
  .description(
    'write every published resource as JSON Lines (one resource a line, as the API shows it), to a file or standard output',
  )
  .option('--out <file>', 'the file to write (default: standard output)')
  .option('--kind <kind>', `only this kind: ${KINDS.join(', ')}`, oneOf(KINDS))
  .action(async (options: { out?: string; kind?: Kind }) =>
    withContext(async (ctx) => {
      await migrateToLatest(ctx.store);
      const target = options.out ? createWriteStream(options.out) : process.stdout;
      let lines = 0;
      for await (const chunk of exportLines(ctx.store.db, ctx.catalogue, { kind: options.kind ?? null })) {
        lines += chunk.split('\n').length - 1;
        if (!target.write(chunk)) await once(target, 'drain');
      }
      if (options.out) {
        await new Promise<void>((resolve, reject) =>
          (target as ReturnType<typeof createWriteStream>).end((error?: Error | null) =>
            error ? reject(error) : resolve(),
          ),
        );
        console.error(`exported ${lines} resources to ${options.out}`);
      }
    }),
  );

program
  .command('import')
  .description(
    'import a file or every file of a folder: NL-LOM, OAI-PMH pages, oai_dc, LIDO, EDM, IIIF manifests, Tate JSON, JSON Lines, CSV (.gz too)',
  )
  .argument('<path>', 'file or folder')
  .option('--source <name>', 'name of the source (default: the file or folder name)')
  .option('--institution <name>', 'the institution whose collection this is (created if new)')
  .option(
    '--institution-kind <kind>',
    `kind of institution: ${ORGANISATION_KINDS.join(', ')}`,
    oneOf(ORGANISATION_KINDS),
    'heritage',
  )
  .option('--kind <kind>', `kind of resource for formats that do not say: ${KINDS.join(', ')}`, oneOf(KINDS))
  .option('--mapping <file>', 'JSON file with a CSV column mapping (see docs/import.md)')
  .action(
    async (
      path: string,
      options: {
        source?: string;
        institution?: string;
        institutionKind: OrganisationKind;
        kind?: Kind;
        mapping?: string;
      },
    ) => {
      const ok = await withContext(async (ctx) => {
        await migrateToLatest(ctx.store);
        await seedVocabularies(ctx.store.db, ctx.vocab);
        let csvMapping: CsvColumnMapping | undefined;
        if (options.mapping) {
          try {
            csvMapping = JSON.parse(readFileSync(options.mapping, 'utf8')) as CsvColumnMapping;
          } catch (error) {
            throw new AppError(
              'LG_IMPORT_MAPPING_FILE',
              400,
              `Cannot read the mapping ${options.mapping}: ${(error as Error).message}`,
            );
          }
        }
        const bar = progress('Importing');
        const reports = await ctx.imports.importPath(
          resolve(path),
          {
            sourceName: options.source ?? path.replace(/\/$/, '').split('/').pop()!,
            // Without --institution the operator may add to any source; with it, only to that institution's.
            organisation: options.institution
              ? { name: options.institution, kind: options.institutionKind }
              : undefined,
            startedBy: { userId: null, apiKeyId: null, trigger: 'cli' },
          },
          { kind: options.kind, csvMapping },
          (file, done) => bar.update(file.split('/').pop()!, done),
        );
        bar.stop();
        return printReports(reports);
      });
      process.exitCode = ok ? 0 : 1;
    },
  );

program
  .command('harvest')
  .description(
    'harvest an OAI-PMH endpoint now (incremental after the first run; a crashed run resumes), with a progress bar and a summary',
  )
  .argument('<url>', 'the OAI-PMH base URL')
  .option('--prefix <prefix>', 'metadata prefix (nl_lom, lom, oai_dc, edm, lido)', 'oai_dc')
  .option('--set <set>', 'set spec')
  .option('--from <date>', 'harvest records changed since this datestamp (default: since the last successful harvest)')
  .option('--full', 'harvest everything, ignoring the last harvest')
  .option('--source <name>', 'name of the source (default: host, prefix and set)')
  .option('--institution <name>', 'the institution whose collection this is (created if new)')
  .option(
    '--institution-kind <kind>',
    `kind of a new institution: ${ORGANISATION_KINDS.join(', ')}`,
    oneOf(ORGANISATION_KINDS),
    'heritage',
  )
  .action(
    async (
      url: string,
      options: {
        prefix: string;
        set?: string;
        from?: string;
        full?: boolean;
        source?: string;
        institution?: string;
        institutionKind: OrganisationKind;
      },
    ) => {
      const ok = await withContext(async (ctx) => {
        await migrateToLatest(ctx.store);
        await seedVocabularies(ctx.store.db, ctx.vocab);
        if (options.from && Number.isNaN(Date.parse(options.from)))
          throw new AppError(
            'LG_BAD_FROM',
            400,
            `--from must be a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ), got "${options.from}".`,
          );
        const organisationId = options.institution
          ? (await ctx.accounts.findOrCreateOrganisation(options.institution, options.institutionKind)).id
          : null;
        const source = await ctx.sources.ensureForCli({
          url,
          metadataPrefix: options.prefix,
          set: options.set ?? null,
          name: options.source ?? null,
          organisationId,
        });
        const bar = progress('Harvesting');
        const result = await ctx.harvester.harvest(source.id, {
          from: options.from ?? null,
          full: options.full,
          startedBy: { userId: null, apiKeyId: null, trigger: 'cli' },
          onProgress: (p) =>
            bar.update(
              `page ${p.pages}${p.completeListSize ? ` (${p.completeListSize} records in the list)` : ''}`,
              p.created + p.updated + p.unchanged + p.withdrawn + p.failed,
            ),
        });
        bar.stop();
        console.log(
          `${result.status}${result.resumed ? ' (resumed)' : ''}: ${result.pages} pages; created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}, withdrawn ${result.withdrawn}, failed ${result.failed} (run ${result.runId})`,
        );
        if (result.error) console.error(`✗ ${result.error}`);
        return result.status === 'completed';
      });
      process.exitCode = ok ? 0 : 1;
    },
  );

const admin = program.command('admin').description('manage users and organisations');
admin
  .command('create')
  .description('create a user (asks nothing: give the password with --password or LEERGOED_ADMIN_PASSWORD)')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>', 'display name, shown with what the user shares (never the e-mail address)')
  .option('--role <role>', `one of ${ROLES.join(', ')}`, oneOf(ROLES), 'admin')
  .option(
    '--password <password>',
    'at least 12 characters (prefer LEERGOED_ADMIN_PASSWORD: arguments show in process lists)',
  )
  .option('--organisation <name>', 'make the user a member of this organisation (created if new)')
  .option(
    '--organisation-kind <kind>',
    `kind of a new organisation: ${ORGANISATION_KINDS.join(', ')}`,
    oneOf(ORGANISATION_KINDS),
    'heritage',
  )
  .action(
    async (options: {
      email: string;
      name: string;
      role: Role;
      password?: string;
      organisation?: string;
      organisationKind: OrganisationKind;
    }) =>
      withContext(async (ctx) => {
        await migrateToLatest(ctx.store);
        const password = options.password ?? ctx.config.adminPassword;
        if (!password)
          throw new AppError(
            'LG_PASSWORD_REQUIRED',
            400,
            'Give a password with --password or LEERGOED_ADMIN_PASSWORD.',
          );
        const organisationIds = options.organisation
          ? [(await ctx.accounts.findOrCreateOrganisation(options.organisation, options.organisationKind)).id]
          : [];
        const { id } = await ctx.accounts.createUser({
          email: options.email,
          name: options.name,
          password,
          role: options.role,
          organisationIds,
        });
        console.log(`created ${options.role} ${options.email} (${id})`);
      }),
  );
admin
  .command('organisations')
  .description('list organisations')
  .action(async () =>
    withContext(async (ctx) => {
      await migrateToLatest(ctx.store);
      console.table((await ctx.accounts.listOrganisations()).map((o) => ({ id: o.id, name: o.name, kind: o.kind })));
    }),
  );
admin
  .command('add-member')
  .description('make a user a member of an organisation')
  .requiredOption('--email <email>')
  .requiredOption('--organisation <name>')
  .option(
    '--organisation-kind <kind>',
    `kind of a new organisation: ${ORGANISATION_KINDS.join(', ')}`,
    oneOf(ORGANISATION_KINDS),
    'heritage',
  )
  .action(async (options: { email: string; organisation: string; organisationKind: OrganisationKind }) =>
    withContext(async (ctx) => {
      await migrateToLatest(ctx.store);
      const organisation = await ctx.accounts.findOrCreateOrganisation(options.organisation, options.organisationKind);
      await ctx.accounts.addMember(options.email, organisation.id);
      console.log(`${options.email} is a member of ${organisation.name}`);
    }),
  );

program
  .command('demo-sources')
  .description('list the parts of the bundled demo corpus')
  .action(() => {
    console.table(
      DEMO_PARTS.map((p) => ({ path: `data/demo/${p.path}`, source: p.source, institution: p.organisation.name })),
    );
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  const message =
    error instanceof AppError || error instanceof ImportError || error instanceof BackupError
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  console.error(`leergoed: ${message}`);
  process.exit(1);
});
