import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { projectRoot } from '../src/app/config.ts';
import { createContext, createLogger, createWorker } from '../src/app/context.ts';
import { loadConfig } from '../src/app/config.ts';
import { migrateToLatest } from '../src/db/store.ts';
import { enqueueHarvest } from '../src/harvest/jobs.ts';
import { DEFAULT_WORKER_OPTIONS } from '../src/jobs/worker.ts';
import { seedVocabularies } from '../src/vocab/service.ts';
import { freePort, waitForReady } from './support/browser.ts';
import { multipart } from './support/http.ts';
import { OaiTestServer } from './support/oai-server.ts';
import { freshDatabaseUrl } from './support/stores.ts';
import { TcpProxy } from './support/tcp-proxy.ts';

const password = 'een lang wachtwoord';
const demo = (path: string) => join(projectRoot, 'data', 'demo', path);

/** Ends every connection other clients hold to a database, as a restart or failover does. */
async function terminateConnections(adminUrl: string, database: string): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const result = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    );
    return result.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

/** A fresh PostgreSQL database with part of the demo corpus and an institution editor. */
async function preparedDatabase() {
  const database = await freshDatabaseUrl('postgres');
  const ctx = createContext(
    { ...loadConfig({ ...process.env, DATABASE_URL: database.url, LEERGOED_SECRET: 'outage' }) },
    createLogger('silent'),
  );
  await migrateToLatest(ctx.store);
  await seedVocabularies(ctx.store.db, ctx.vocab);
  const museum = await ctx.accounts.findOrCreateOrganisation('Rijksmuseum', 'heritage');
  await ctx.imports.importPath(demo('oai'), {
    sourceName: 'Edurep',
    organisation: { name: 'Edurep', kind: 'publisher' },
  });
  await ctx.imports.importPath(demo('edurep'), {
    sourceName: 'Kennisnet',
    organisation: { name: 'Kennisnet', kind: 'publisher' },
  });
  await ctx.accounts.createUser({
    email: 'redactie@rijksmuseum.test',
    name: 'Redactie',
    password,
    role: 'institution_editor',
    organisationIds: [museum.id],
  });
  const ids = (await ctx.store.db.selectFrom('resource').select('id').limit(50).execute()).map((r) => r.id);
  await ctx.close();
  return { database, museum: museum.id, ids, name: new URL(database.url).pathname.slice(1) };
}

describe('the server when PostgreSQL drops its connections', { skip: !process.env.LEERGOED_TEST_PG_URL }, () => {
  let prepared: Awaited<ReturnType<typeof preparedDatabase>>;
  let proxy: TcpProxy;
  let server: ChildProcess;
  let base: string;
  let exited: { code: number | null; signal: string | null } | null = null;
  let output = '';

  before(async () => {
    prepared = await preparedDatabase();
    const target = new URL(prepared.database.url);
    proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
    const viaProxy = new URL(prepared.database.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [join(projectRoot, 'bin', 'leergoed.js'), 'serve', '--no-demo'], {
      env: {
        ...process.env,
        DATABASE_URL: viaProxy.toString(),
        PORT: String(port),
        HOST: '127.0.0.1',
        LEERGOED_PUBLIC_URL: base,
        LEERGOED_SECRET: 'outage',
        LOG_LEVEL: 'warn',
        LEERGOED_FROM_SOURCE: 'true',
        LEERGOED_RATE_LIMIT: '1000000',
        LEERGOED_PG_POOL: '6',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d) => {
      output += d;
    });
    server.stderr!.on('data', (d) => {
      output += d;
    });
    server.on('exit', (code, signal) => {
      exited = { code, signal };
    });
    await waitForReady(base, () => exited === null);
  });
  after(async () => {
    server?.kill('SIGTERM');
    await new Promise((r) => (server?.exitCode !== null ? r(null) : server.once('exit', r)));
    await proxy?.stop();
    await prepared?.database.drop();
  });

  it('survives terminated connections under load: affected requests get 503, the rest go on, and it recovers', async () => {
    const session = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'redactie@rijksmuseum.test', password }),
    });
    const cookie = session.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let stop = false;
    const paths = [
      '/api/v1/resources?q=exercises',
      '/api/v1/resources?q=leerobject&kind=material',
      '/api/v1/resources?limit=5&sort=title',
      '/oai?verb=ListIdentifiers&metadataPrefix=oai_dc',
      '/readyz',
    ];
    const client = async (n: number) => {
      for (let i = n; !stop; i++) {
        const path =
          i % 3 === 0 ? `/api/v1/resources/${prepared.ids[i % prepared.ids.length]}` : paths[i % paths.length]!;
        try {
          const response = await fetch(`${base}${path}`);
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        } catch (error) {
          failures.push(`${path}: ${(error as Error).message}`);
        }
      }
    };
    const uploads = async () => {
      const rows = Array.from(
        { length: 3000 },
        (_v, i) => `${i};NG-UIT-${i};Voorwerp ${i};;anoniem;1700;1700;bord;aardewerk;;;Suriname;;;;;;`,
      );
      const csv = Buffer.from(
        [
          'recordnummer;objectnummer;titel;beschrijving;vervaardiger;datering.datum.start;datering.datum.eind;objectnaam;materiaal;classificatiecode;inhoud.classificatie.code;geografisch_trefwoord;inhoud.hoofdmotief.algemeen;inhoud.hoofdmotief.specifiek;inhoud.onderwerp;inhoud.persoon.naam;PID_data.URI;PID_werk.URI',
          ...rows,
        ].join('\n'),
      );
      const answers: number[] = [];
      while (!stop) {
        const { body, contentType } = multipart({ source: 'Tijdens storing' }, { name: 'storing.csv', bytes: csv });
        try {
          const response = await fetch(`${base}/api/v1/organisations/${prepared.museum}/imports`, {
            method: 'POST',
            headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': contentType },
            body: new Uint8Array(body),
          });
          await response.arrayBuffer();
          answers.push(response.status);
        } catch (error) {
          failures.push(`upload: ${(error as Error).message}`);
        }
      }
      return answers;
    };
    const load = [...Array.from({ length: 6 }, (_v, n) => client(n)), uploads()];
    let terminated = 0;
    for (let round = 0; round < 4; round++) {
      await new Promise((r) => setTimeout(r, 700));
      terminated += await terminateConnections(process.env.LEERGOED_TEST_PG_URL!, prepared.name);
    }
    await new Promise((r) => setTimeout(r, 700));
    // The load goes on until it has had its answers (a busy machine answers fewer per second): what
    // is asserted is that the server answers, not how fast.
    const deadline = Date.now() + 90_000;
    while ((statuses.get(200) ?? 0) <= 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    stop = true;
    const settled = await Promise.all(load);
    const uploadStatuses = settled.at(-1) as number[];

    assert.equal(exited, null, `the server ended: ${output.slice(-2000)}`);
    assert.ok(terminated > 0, 'connections were terminated');
    assert.deepEqual(failures, [], 'no request was cut off or refused at the socket');
    assert.deepEqual(
      [...statuses.keys()].filter((s) => s !== 200 && s !== 503),
      [],
      `statuses ${JSON.stringify([...statuses])}`,
    );
    assert.ok((statuses.get(200) ?? 0) > 50, `answered ${JSON.stringify([...statuses])}`);
    assert.ok(
      uploadStatuses.every((s) => s === 200 || s === 503),
      `uploads ${uploadStatuses}`,
    );
    // And it goes on as before.
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    assert.equal((await fetch(`${base}/api/v1/resources?q=exercises`)).status, 200);
  });

  it('reports the outage on /readyz while PostgreSQL is gone, answers 503, and recovers when it is back', async () => {
    await proxy.stop();
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 503);
    assert.equal(((await ready.json()) as { status: string }).status, 'store unreachable');
    const search = await fetch(`${base}/api/v1/resources/${prepared.ids[0]}`);
    assert.equal(search.status, 503);
    const problem = (await search.json()) as { code: string };
    assert.equal(problem.code, 'LG_STORE_UNAVAILABLE');
    assert.equal(search.headers.get('retry-after'), '5');
    const oai = await fetch(`${base}/oai?verb=ListRecords&metadataPrefix=oai_dc`);
    assert.equal(oai.status, 503);
    await proxy.start();
    await waitForReady(base, () => exited === null, 30_000);
    assert.equal((await fetch(`${base}/api/v1/resources/${prepared.ids[0]}`)).status, 200);
    assert.equal(exited, null);
  });
});

describe('a harvest job when PostgreSQL drops its connections', { skip: !process.env.LEERGOED_TEST_PG_URL }, () => {
  it('fails the attempt, is retried, and resumes to a complete harvest', async () => {
    const database = await freshDatabaseUrl('postgres');
    const oai = await new OaiTestServer().start();
    const ctx = createContext(
      {
        ...loadConfig({
          ...process.env,
          DATABASE_URL: database.url,
          LEERGOED_SECRET: 'outage',
          LEERGOED_ALLOW_PRIVATE_HOSTS: 'true',
        }),
      },
      createLogger('silent'),
      { retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 } },
    );
    try {
      await migrateToLatest(ctx.store);
      await seedVocabularies(ctx.store.db, ctx.vocab);
      const organisation = await ctx.accounts.findOrCreateOrganisation('Edurep', 'publisher');
      const source = await ctx.sources.ensureForCli({
        url: oai.url,
        metadataPrefix: 'lom',
        set: 'feed-20x50',
        name: 'Feed',
        organisationId: organisation.id,
      });
      const { jobId } = await enqueueHarvest(ctx.jobs, source.id, {
        startedBy: { userId: null, apiKeyId: null, trigger: 'request' },
      });
      oai.delayMs = 60;
      const worker = createWorker(ctx, {
        ...DEFAULT_WORKER_OPTIONS,
        idleMs: 20,
        retryBaseMs: 50,
        retryMaxMs: 100,
        leaseMs: 5000,
        tickMs: 60_000,
      });
      worker.start();
      const name = new URL(database.url).pathname.slice(1);
      // Once a few pages are in, every connection is cut.
      for (let i = 0; i < 200; i++) {
        const run = await ctx.store.db
          .selectFrom('import_run')
          .select('pages')
          .where('source_id', '=', source.id)
          .executeTakeFirst();
        if ((run?.pages ?? 0) >= 3) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok((await terminateConnections(process.env.LEERGOED_TEST_PG_URL!, name)) > 0);
      oai.delayMs = 0;
      let job;
      for (let i = 0; i < 400; i++) {
        job = await ctx.jobs.find(jobId).catch(() => undefined);
        if (job?.status === 'done' || job?.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await worker.stop();
      assert.equal(job?.status, 'done', `job ${JSON.stringify(job)}`);
      assert.ok(job!.attempts >= 2, 'the interrupted attempt was retried');
      const count = await ctx.store.db
        .selectFrom('resource')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1000, 'every record of the feed, once');
    } finally {
      await ctx.close();
      await oai.stop();
      await database.drop();
    }
  });
});
