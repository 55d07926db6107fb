// `npm test`: checks format, lint and import rules, builds, makes sure a PostgreSQL server is reachable (the one in
// LEERGOED_TEST_PG_URL / DATABASE_URL, a local one on 127.0.0.1:5432, or a throwaway cluster
// started here as the `postgres` user), then runs every test with node's test runner. Store
// tests create their own databases and drop them: nothing the suite did not create is touched.
import { execFileSync, execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);

async function reachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function findPgBin(name) {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  for (const version of readdirSync(base).sort().reverse()) {
    const path = join(base, version, 'bin', name);
    if (existsSync(path)) return path;
  }
  return null;
}

/** Starts a PostgreSQL cluster in a temporary folder, owned by `postgres` (PostgreSQL refuses root). */
function startThrowawayCluster() {
  const initdb = findPgBin('initdb');
  const pgCtl = findPgBin('pg_ctl');
  if (!initdb || !pgCtl)
    throw new Error('No PostgreSQL server is reachable and none is installed to start (apt-get install postgresql).');
  const dir = mkdtempSync(join(tmpdir(), 'leergoed-pg-'));
  chmodSync(dir, 0o777);
  const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const run = (cmd) => execFileSync(cmd[0], cmd.slice(1), { stdio: 'pipe' });
  run([...asPostgres, initdb, '-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = 55432 + Math.floor(Math.random() * 1000);
  run([
    ...asPostgres,
    pgCtl,
    '-D',
    join(dir, 'data'),
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -h 127.0.0.1 -c fsync=off`,
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run([...asPostgres, pgCtl, '-D', join(dir, 'data'), '-m', 'fast', 'stop']);
      } catch {
        /* already gone */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresAdminUrl() {
  // LEERGOED_TEST_PG=throwaway skips every running server (to try the path a bare machine takes).
  if (process.env.LEERGOED_TEST_PG === 'throwaway') return startThrowawayCluster();
  const candidates = [
    process.env.LEERGOED_TEST_PG_URL,
    process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : null,
    'postgres://postgres@127.0.0.1:5432/postgres',
  ].filter(Boolean);
  for (const url of candidates) if (await reachable(url)) return { url, stop() {} };
  console.log('No PostgreSQL server reachable: starting a throwaway cluster.');
  return startThrowawayCluster();
}

function testFiles(dir) {
  const out = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.test.ts')) out.push(join(entry.parentPath ?? entry.path, entry.name));
  }
  return out;
}

// Format, lint and the import rules of docs/architecture.md come first: they take seconds.
if (!args.includes('--no-lint')) execSync('npm run lint', { cwd: root, stdio: 'inherit' });
if (!args.includes('--no-build')) execSync('npm run build', { cwd: root, stdio: 'inherit' });
const postgres = await postgresAdminUrl();
let status = 1;
try {
  const filter = args.filter((a) => !a.startsWith('--'));
  const files = [...testFiles('src'), ...testFiles('test')]
    .filter((f) => filter.length === 0 || filter.some((p) => f.includes(p)))
    .sort();
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
    {
      cwd: root,
      stdio: 'inherit',
      // Every JSON answer of the tests is checked against the API document (src/app/response-check.ts).
      env: {
        ...process.env,
        LEERGOED_TEST_PG_URL: postgres.url,
        DATABASE_URL: '',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
        LEERGOED_CHECK_RESPONSES: 'true',
        // Servers started by the tests do not check their records' links on the web; the link
        // check's own tests run it against a local server.
        LEERGOED_LINK_CHECKS_PER_TICK: '0',
      },
    },
  );
  status = result.status ?? 1;
} finally {
  postgres.stop();
}
process.exit(status);
