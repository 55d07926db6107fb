import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kysely } from 'kysely';
import { projectRoot } from '../src/app/config.ts';
import { openStore } from '../src/db/store.ts';
import type { Database } from '../src/db/schema.ts';
import { OaiTestServer } from './support/oai-server.ts';
import { STORE_KINDS, freshDatabaseUrl } from './support/stores.ts';

const FEED = 'feed-20x50';

function harvestCommand(url: string, databaseUrl: string) {
  return {
    args: [
      join(projectRoot, 'bin', 'leergoed.js'),
      'harvest',
      url,
      '--prefix',
      'lom',
      '--set',
      FEED,
      '--source',
      'Feed',
      '--institution',
      'Edurep',
    ],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      LEERGOED_FROM_SOURCE: 'true',
      LEERGOED_ALLOW_PRIVATE_HOSTS: 'true',
      LEERGOED_SECRET: 'crash',
      LOG_LEVEL: 'silent',
      LEERGOED_HARVEST_INTERVAL_MS: '0',
    },
  };
}

/** Runs the program without blocking this process (the test server lives in it). */
function runAsync(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

async function snapshot(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('resource')
    .select(['original_id', 'record_hash', 'status', 'title'])
    .orderBy('original_id')
    .execute();
  const indexed = await db
    .selectFrom('resource_term')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return { rows, terms: Number(indexed?.n ?? 0) };
}

for (const kind of STORE_KINDS) {
  describe(`a harvest killed with SIGKILL on ${kind}`, () => {
    let server: OaiTestServer;
    const drops: (() => Promise<void>)[] = [];
    before(async () => {
      server = await new OaiTestServer().start();
    });
    after(async () => {
      await server.stop();
      for (const drop of drops) await drop();
    });

    it('resumes from its last committed page and ends with the store of an uninterrupted harvest', async () => {
      const reference = await freshDatabaseUrl(kind);
      const crashed = await freshDatabaseUrl(kind);
      drops.push(reference.drop, crashed.drop);

      const whole = harvestCommand(server.url, reference.url);
      const clean = await runAsync(whole.args, whole.env);
      assert.equal(clean.status, 0, clean.stderr);
      assert.match(clean.stdout, /completed: 20 pages; created 1000/);

      // Slow the server down so the harvest can be killed halfway.
      server.delayMs = 80;
      const command = harvestCommand(server.url, crashed.url);
      const child = spawn(process.execPath, command.args, { env: command.env, stdio: 'ignore' });
      const store = openStore(crashed.url, projectRoot);
      try {
        const deadline = Date.now() + 60_000;
        for (;;) {
          const run = await store.db
            .selectFrom('import_run')
            .select(['pages'])
            .where('kind', '=', 'harvest')
            .executeTakeFirst()
            .catch(() => undefined);
          if (run && run.pages >= 6) break;
          if (Date.now() > deadline || child.exitCode !== null) throw new Error('the harvest did not get going');
          await new Promise((r) => setTimeout(r, 20));
        }
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
        const interrupted = await store.db
          .selectFrom('import_run')
          .select(['status', 'pages'])
          .where('kind', '=', 'harvest')
          .executeTakeFirstOrThrow();
        assert.equal(interrupted.status, 'running');
        assert.ok(interrupted.pages < 20, `killed after ${interrupted.pages} pages`);
        const partial = await store.db
          .selectFrom('resource')
          .select(({ fn }) => fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(partial.n), interrupted.pages * 50, 'exactly the committed pages are stored');
      } finally {
        await store.close();
      }
      server.delayMs = 0;
      const resumed = await runAsync(command.args, command.env);
      assert.equal(resumed.status, 0, resumed.stderr);
      assert.match(resumed.stdout, /completed \(resumed\): 20 pages/);

      const a = openStore(reference.url, projectRoot);
      const b = openStore(crashed.url, projectRoot);
      try {
        const [expected, actual] = [await snapshot(a.db), await snapshot(b.db)];
        assert.equal(actual.rows.length, 1000);
        assert.equal(new Set(actual.rows.map((r) => r.original_id)).size, 1000, 'no duplicates');
        assert.deepEqual(actual, expected);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}
