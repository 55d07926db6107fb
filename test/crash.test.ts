import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import type { LessonDocument } from '../src/lessons/model.ts';
import { resourceIdsOf } from '../src/lessons/model.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

/**
 * Processes killed with SIGKILL in the middle of their work, as a crash or an out-of-memory kill
 * does: the store they leave is consistent, and what they were doing is marked failed (and done
 * again by hand) or finished by the next attempt. Harvests: test/harvest-crash.test.ts.
 */

const TATE = join(projectRoot, 'data', 'demo', 'tate', 'tate-artworks.jsonl.gz');

function spawnProgram(args: string[], databaseUrl: string): ChildProcess {
  return spawn(process.execPath, args, {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      LEERGOED_FROM_SOURCE: 'true',
      LEERGOED_SECRET: 'crash',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function finished(child: ChildProcess): Promise<{ status: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, stdout, stderr })));
}

async function until(check: () => Promise<boolean>, child: ChildProcess, what: string, ms = 90_000): Promise<void> {
  for (const deadline = Date.now() + ms; ;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`${what} did not happen (exit ${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
}

for (const kind of STORE_KINDS) {
  describe(`processes killed with SIGKILL on ${kind}`, () => {
    let ctx: AppContext;
    let url: string;
    let cleanup: () => Promise<void>;

    before(async () => {
      ({ ctx, url, cleanup } = await testContext(kind));
    });
    after(async () => cleanup?.());

    it('an import: every committed batch is whole, the run is marked interrupted, and importing again completes it', async () => {
      const args = [
        join(projectRoot, 'bin', 'leergoed.js'),
        'import',
        TATE,
        '--source',
        'Tate',
        '--institution',
        'Tate',
      ];
      const child = spawnProgram(args, url);
      const run = () => ctx.store.db.selectFrom('import_run').selectAll().where('kind', '=', 'file').executeTakeFirst();
      await until(async () => ((await run())?.created ?? 0) >= 1000, child, 'a thousand records imported');
      await kill(child);
      const interrupted = (await run())!;
      assert.equal(interrupted.status, 'running');
      const total = 5535;
      assert.ok(interrupted.created < total, `killed after ${interrupted.created} records`);
      // What the run counted is exactly what the store holds: each batch and its counts in one transaction.
      const stored = await ctx.store.db
        .selectFrom('resource')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('import_run_id', '=', interrupted.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(stored.n), interrupted.created);
      // And every stored resource is whole: its filter terms and its place in the search index.
      const withoutTerms = await ctx.store.db
        .selectFrom('resource')
        .select('id')
        .where('import_run_id', '=', interrupted.id)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('resource_term')
                .select('resource_term.resource_id')
                .whereRef('resource_term.resource_id', '=', 'resource.id')
                .where('scheme', '=', 'kind'),
            ),
          ),
        )
        .execute();
      assert.deepEqual(withoutTerms, []);
      const found = await ctx.search.list({ q: 'turner', terms: {}, statuses: ['published'], limit: 1 });
      assert.ok(found.total > 0, 'the imported records are found');

      // The sweep marks the run whose process is gone as failed (it has no heartbeat any more).
      assert.equal(await ctx.imports.sweepInterruptedRuns(Date.now() + 10 * 60_000), 1);
      const swept = (await run())!;
      assert.equal(swept.status, 'failed');
      assert.match(swept.error!, /^LG_IMPORT_INTERRUPTED/);

      const again = await finished(spawnProgram(args, url));
      assert.equal(again.status, 0, again.stderr);
      assert.match(
        again.stdout,
        new RegExp(`created ${total - interrupted.created}, updated 0, unchanged ${interrupted.created}`),
      );
      const all = await ctx.store.db
        .selectFrom('resource')
        .select('original_id')
        .where('source_id', '=', interrupted.source_id)
        .execute();
      assert.equal(all.length, total);
      assert.equal(new Set(all.map((r) => r.original_id)).size, total, 'no record twice');
    });

    it('publishing a lesson: the catalogue entry, the version and the lesson always agree, whenever it is killed', async () => {
      const teacher = await ctx.accounts.createUser({
        email: 'docent@school.test',
        name: 'Docent',
        password: 'een lang wachtwoord',
        role: 'teacher',
      });
      const actor = { userId: teacher.id, role: 'teacher' as const, organisationIds: [] };
      const resource = await ctx.catalogue.create(
        actor,
        { kind: 'material', title: 'Een werkblad', rights: 'http://creativecommons.org/licenses/by/4.0/' } as never,
        null,
      );
      const lesson = await ctx.lessons.create(actor, null);
      const section = lesson.document.sections[0]!;
      const document: LessonDocument = {
        ...lesson.document,
        title: 'Begin',
        sections: [
          {
            ...section,
            variants: [
              {
                ...section.variants[0]!,
                items: [{ id: 'i1', type: 'resource', resourceId: resource!.id, note: '', use: 'link' }],
              },
            ],
          },
        ],
      };
      await ctx.lessons.saveDraft(actor, lesson.id, document, lesson.revision);
      for (let round = 0; round < 4; round++) {
        const child = spawnProgram(
          ['--import', 'tsx', join(projectRoot, 'test', 'support', 'publish-loop.ts'), lesson.id],
          url,
        );
        let published = 0;
        child.stdout!.on('data', (d: Buffer) => {
          published += (d.toString().match(/published/g) ?? []).length;
        });
        await until(async () => published >= 3 + round, child, 'a few versions published');
        // Somewhere in the middle of a publish.
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
        await kill(child);

        const row = await ctx.store.db
          .selectFrom('lesson')
          .selectAll()
          .where('id', '=', lesson.id)
          .executeTakeFirstOrThrow();
        const versions = await ctx.store.db
          .selectFrom('lesson_version')
          .select(['version', 'document'])
          .where('lesson_id', '=', lesson.id)
          .orderBy('version')
          .execute();
        assert.deepEqual(
          versions.map((v) => v.version),
          Array.from({ length: versions.length }, (_v, i) => i + 1),
          'versions 1 to n, none missing',
        );
        assert.equal(row.version, versions.length, 'the lesson names its latest version');
        const latest = JSON.parse(versions.at(-1)!.document) as LessonDocument;
        const entry = await ctx.store.db
          .selectFrom('resource')
          .select(['title', 'status'])
          .where('id', '=', lesson.id)
          .executeTakeFirstOrThrow();
        assert.deepEqual(
          [entry.title, entry.status],
          [latest.title, 'published'],
          'the catalogue entry is the latest version',
        );
        const used = (
          await ctx.store.db
            .selectFrom('lesson_resource')
            .select('resource_id')
            .where('lesson_id', '=', lesson.id)
            .execute()
        ).map((r) => r.resource_id);
        assert.deepEqual(used.sort(), resourceIdsOf(latest).sort());
      }
    });
  });
}
