// What the benchmarks share: which stores to measure, starting the built server, percentiles.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { projectRoot } from '../src/app/config.ts';
import { freePort, waitForReady } from '../test/support/browser.ts';
import type { StoreKind } from '../test/support/stores.ts';

/**
 * The stores to measure: `LEERGOED_BENCH_STORES` (default both), PostgreSQL only when reachable at
 * `LEERGOED_TEST_PG_URL` (default the local server), which the test support then uses.
 */
export async function benchStores(): Promise<StoreKind[]> {
  const pgUrl = process.env.LEERGOED_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.LEERGOED_TEST_PG_URL = pgUrl;
  const wanted = (process.env.LEERGOED_BENCH_STORES ?? 'sqlite,postgres').split(',');
  const stores: StoreKind[] = wanted.includes('sqlite') ? ['sqlite'] : [];
  if (!wanted.includes('postgres')) return stores;
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    stores.push('postgres');
  } catch {
    console.warn(`PostgreSQL not reachable at ${pgUrl}: measuring SQLite only.`);
  } finally {
    await client.end().catch(() => undefined);
  }
  return stores;
}

/** The value below which `p` percent of the sorted values lie. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * `leergoed serve` (the built program) on a store, ready to answer (asked every `pollMs`); `stop` ends it.
 * With `LEERGOED_BENCH_CPU_PROFILE={dir}` the server writes a V8 CPU profile there when it stops.
 */
export async function startServer(
  databaseUrl: string,
  env: Record<string, string> = {},
  pollMs = 200,
): Promise<{ base: string; server: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const profile = process.env.LEERGOED_BENCH_CPU_PROFILE;
  const server = spawn(
    process.execPath,
    [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), join(projectRoot, 'bin', 'leergoed.js'), 'serve'],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        LEERGOED_SECRET: 'bench',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const stop = async () => {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
  };
  try {
    // The first start of an empty store loads the demo corpus; a 1,000,000-resource store may rebuild its index.
    await waitForReady(base, () => server.exitCode === null, 3_600_000, pollMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, server, stop };
}
