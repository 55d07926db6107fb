import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import { buildServer } from '../src/app/server.ts';
import { BACKUP_TABLES, backupStore, restoreStore } from '../src/db/backup.ts';
import { openStore } from '../src/db/store.ts';
import { seedVocabularies } from '../src/vocab/service.ts';
import { recordUsage } from '../src/insight/usage.ts';
import { signIn } from './support/http.ts';
import { STORE_KINDS, testContext, type StoreKind } from './support/stores.ts';

const password = 'een lang wachtwoord';
const demo = (path: string) => join(projectRoot, 'data', 'demo', path);

/** Fills a store through its services with something of every kind the backup must keep. */
async function fill(ctx: AppContext): Promise<void> {
  await ctx.imports.importPath(demo('edurep'), {
    sourceName: 'Kennisnet',
    organisation: { name: 'Kennisnet', kind: 'publisher' },
  });
  await ctx.imports.importPath(demo('oai'), {
    sourceName: 'Edurep',
    organisation: { name: 'Edurep', kind: 'publisher' },
  });
  await ctx.imports.importPath(demo('iiif'), {
    sourceName: 'IIIF',
    organisation: { name: 'IIIF Consortium', kind: 'heritage' },
  });
  const tate = gunzipSync(readFileSync(demo('tate/tate-artworks.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .slice(0, 200)
    .join('\n');
  await ctx.imports.importBytes(
    'tate.jsonl',
    Buffer.from(tate),
    { sourceName: 'Tate', organisation: { name: 'Tate', kind: 'heritage' } },
    { keep: true },
  );
  // A failed upload keeps its file, to be run again.
  await ctx.imports.importBytes(
    'kapot.xml',
    Buffer.from('<lom xmlns="http://www.imsglobal.org/xsd/imsmd_v1p2"><general>'),
    { sourceName: 'Tate', organisation: { name: 'Tate', kind: 'heritage' } },
    { keep: true },
  );
  const tateOrg = await ctx.accounts.findOrCreateOrganisation('Tate', 'heritage');
  await ctx.accounts.createUser({
    email: 'redactie@tate.test',
    name: 'Redactie Tate',
    password,
    role: 'institution_editor',
    organisationIds: [tateOrg.id],
  });
  const teacher = await ctx.accounts.createUser({
    email: 'docent@school.test',
    name: 'Docent',
    password,
    role: 'teacher',
  });
  const curator = await ctx.accounts.createUser({
    email: 'curator@leergoed.test',
    name: 'Curator',
    password,
    role: 'curator',
  });
  const app = await buildServer(ctx, { logger: false });
  try {
    const editor = await signIn(app, 'redactie@tate.test', password);
    await app.inject({
      method: 'POST',
      url: `/api/v1/organisations/${tateOrg.id}/api-keys`,
      headers: editor,
      payload: { name: 'Collectiesysteem', scopes: ['read', 'records:write'] },
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      headers: editor,
      payload: {
        organisationId: tateOrg.id,
        name: 'Tate OAI',
        type: 'oai-pmh',
        url: 'https://oai.tate.example/oai',
        metadataPrefix: 'oai_dc',
        schedule: '0 3 * * *',
      },
    });
    const [turner] = (await app.inject('/api/v1/resources?q=figure&limit=1')).json().items;
    const actor = { userId: teacher.id, role: 'teacher' as const, organisationIds: [] };
    const lesson = await ctx.lessons.create(actor, null);
    const document = {
      ...lesson.document,
      title: 'Kijken naar Tate',
      sections: [
        {
          ...lesson.document.sections[0]!,
          variants: [
            {
              ...lesson.document.sections[0]!.variants[0]!,
              items: [
                {
                  id: 'i1',
                  type: 'resource' as const,
                  resourceId: turner.id,
                  note: 'Wat zie je?',
                  use: 'link' as const,
                },
              ],
            },
          ],
        },
      ],
    };
    const saved = await ctx.lessons.saveDraft(actor, lesson.id, document, lesson.revision);
    await ctx.lessons.publish(actor, lesson.id, 'Eerste versie', saved.revision);
    await ctx.lessons.create(actor, null);
    const community = await ctx.communities.create(actor, {
      kind: 'subject',
      name: 'Kunst in de klas',
      description: 'Over kunst',
      subjects: [],
      levels: [],
      region: null,
    });
    await ctx.communities.addItem(actor, community.slug, turner.id, 'Mooi voor groep 8');
    await ctx.discussions.startThread(actor, community.slug, { title: 'Ervaringen', body: 'Wie gebruikte dit al?' });
    for (const item of (await app.inject('/api/v1/resources?limit=50')).json().items as { id: string }[]) {
      const [suggestion] = (await ctx.catalogue.objectiveSuggestions(item.id, actor)) ?? [];
      if (!suggestion) continue;
      // The teacher's confirmation is a vote; a curator's is the decision.
      await ctx.catalogue.decideObjective(actor, item.id, suggestion.objectiveId, 'accepted');
      await ctx.catalogue.decideObjective(
        { userId: curator.id, role: 'curator', organisationIds: [] },
        item.id,
        suggestion.objectiveId,
        'accepted',
      );
      break;
    }
    await recordUsage(ctx.store.db, { type: 'search_performed', query: 'turner', resultCount: 3 });
  } finally {
    await app.close();
  }
}

/** Every backed-up table's rows, as comparable text, sorted. */
async function contents(ctx: AppContext): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of BACKUP_TABLES) {
    // The search index's version is written by the rebuild after a restore, not restored.
    const rows = (await ctx.store.db.selectFrom(table).selectAll().execute()).filter(
      (row) => table !== 'setting' || (row as { key: string }).key !== 'search_index_version',
    );
    out[table] = rows
      .map((row) =>
        JSON.stringify(
          Object.fromEntries(
            Object.entries(row as Record<string, unknown>)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('base64') : v]),
          ),
        ),
      )
      .sort();
  }
  return out;
}

for (const kind of STORE_KINDS) {
  describe(`backup and restore from ${kind}`, () => {
    let source: Awaited<ReturnType<typeof testContext>>;
    let dir: string;
    let file: string;
    let original: Record<string, string[]>;
    let found: number;

    before(async () => {
      source = await testContext(kind);
      await fill(source.ctx);
      dir = mkdtempSync(join(tmpdir(), 'leergoed-backup-'));
      file = join(dir, 'backup.jsonl.gz');
      original = await contents(source.ctx);
      const app = await buildServer(source.ctx, { logger: false });
      found = (await app.inject('/api/v1/resources?q=exercises&limit=0')).json().total;
      await app.close();
    });
    after(async () => {
      await source?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('writes every table, and restores it into an empty store of either kind with the same content', async () => {
      const counts = await backupStore(source.ctx.store, file);
      for (const table of BACKUP_TABLES) assert.equal(counts[table], original[table]!.length, table);
      for (const table of [
        'app_user',
        'lesson',
        'lesson_version',
        'community_post',
        'source',
        'import_run',
        'import_file',
        'api_key',
        'objective_decision',
        'objective_vote',
        'usage_event',
        'resource',
      ]) {
        assert.ok(counts[table]! > 0, `the backup holds ${table}`);
      }
      for (const target of STORE_KINDS) {
        const restored = await testContext(target);
        try {
          await restoreStore(restored.ctx.store, file, async () => {
            await seedVocabularies(restored.ctx.store.db, restored.ctx.vocab);
            await restored.ctx.catalogue.reindex();
          });
          const after = await contents(restored.ctx);
          for (const table of BACKUP_TABLES)
            assert.deepEqual(after[table], original[table], `${table} restored into ${target}`);
          // The restored platform works: search (the index rebuilt), sign-in with the same password, the API key.
          const app = await buildServer(restored.ctx, { logger: false });
          try {
            assert.ok(found > 0);
            assert.equal((await app.inject('/api/v1/resources?q=exercises&limit=0')).json().total, found);
            await signIn(app, 'docent@school.test', password);
          } finally {
            await app.close();
          }
        } finally {
          await restored.cleanup();
        }
      }
    });

    it('refuses to restore into a store that holds data, a file that is not a backup, and a cut-off backup', async () => {
      await assert.rejects(
        restoreStore(source.ctx.store, file, async () => undefined),
        (e: { code: string }) => e.code === 'LG_RESTORE_NOT_EMPTY',
      );
      const other = await testContext(kind);
      try {
        const notBackup = join(dir, 'not.jsonl.gz');
        writeFileSync(notBackup, gzipSync('{"hello":"world"}\n'));
        await assert.rejects(
          restoreStore(other.ctx.store, notBackup, async () => undefined),
          (e: { code: string }) => e.code === 'LG_BACKUP_NOT_A_BACKUP',
        );
        const cut = join(dir, 'cut.jsonl.gz');
        const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
        writeFileSync(cut, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
        await assert.rejects(
          restoreStore(other.ctx.store, cut, async () => undefined),
          (e: { code: string }) => e.code === 'LG_BACKUP_DAMAGED',
        );
        // A failed restore leaves the store empty: it can be tried again.
        assert.equal((await other.ctx.store.db.selectFrom('app_user').selectAll().execute()).length, 0);
        await restoreStore(other.ctx.store, file, async () => undefined);
        assert.equal(
          (await other.ctx.store.db.selectFrom('lesson').selectAll().execute()).length,
          original.lesson!.length,
        );
      } finally {
        await other.cleanup();
      }
    });

    it('takes one consistent state while another process writes', async () => {
      // A second connection writes lessons with their first version, each pair in one transaction.
      const writer = openStore(source.url, projectRoot);
      const owner = (
        await source.ctx.store.db
          .selectFrom('app_user')
          .select('id')
          .where('email', '=', 'docent@school.test')
          .executeTakeFirstOrThrow()
      ).id;
      let writing = true;
      let written = 0;
      const writes = (async () => {
        while (writing) {
          const id = `concurrent-${written}`;
          const now = new Date().toISOString();
          await writer.db.transaction().execute(async (trx) => {
            await trx
              .insertInto('lesson')
              .values({
                id,
                owner_id: owner,
                status: 'published',
                title: id,
                draft: '{}',
                revision: 1,
                version: 1,
                forked_from: null,
                forked_from_version: null,
                created_at: now,
                updated_at: now,
                published_at: now,
              })
              .execute();
            await trx
              .insertInto('lesson_version')
              .values({
                lesson_id: id,
                version: 1,
                document: '{}',
                change_note: 'gelijktijdig',
                published_by: owner,
                published_at: now,
              })
              .execute();
          });
          written++;
          await new Promise((r) => setImmediate(r));
        }
      })();
      try {
        await new Promise((r) => setTimeout(r, 100));
        const concurrent = join(dir, 'concurrent.jsonl.gz');
        await backupStore(source.ctx.store, concurrent);
        writing = false;
        await writes;
        const lines = gunzipSync(readFileSync(concurrent))
          .toString('utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l));
        const sections: Record<string, Record<string, unknown>[]> = {};
        let table = '';
        for (const line of lines.slice(1)) {
          if (typeof line.table === 'string') {
            table = line.table;
            sections[table] = [];
          } else if (!line.end) sections[table]!.push(line);
        }
        const lessons = new Set(
          sections.lesson!.map((l) => l.id as string).filter((id) => id.startsWith('concurrent-')),
        );
        const versions = new Set(
          sections.lesson_version!.map((v) => v.lesson_id as string).filter((id) => id.startsWith('concurrent-')),
        );
        assert.ok(written > 0, 'the writer wrote during the backup');
        assert.deepEqual(
          [...versions].sort(),
          [...lessons].sort(),
          'every lesson with its version, no version without its lesson',
        );
      } finally {
        writing = false;
        await writes;
        await writer.close();
      }
    });
  });
}

describe('leergoed backup and restore', () => {
  it('backs up with the command line and restores into a new store', async () => {
    const kind: StoreKind = 'sqlite';
    const source = await testContext(kind);
    const target = await testContext(kind);
    const dir = mkdtempSync(join(tmpdir(), 'leergoed-backup-cli-'));
    try {
      await source.ctx.imports.importPath(demo('edurep'), {
        sourceName: 'Kennisnet',
        organisation: { name: 'Kennisnet', kind: 'publisher' },
      });
      await source.ctx.accounts.createUser({ email: 'beheer@leergoed.test', name: 'Beheer', password, role: 'admin' });
      const run = (args: string[], url: string) =>
        spawnSync(process.execPath, [join(projectRoot, 'bin', 'leergoed.js'), ...args], {
          env: {
            ...process.env,
            DATABASE_URL: url,
            LEERGOED_FROM_SOURCE: 'true',
            LEERGOED_SECRET: 'x',
            LOG_LEVEL: 'silent',
          },
          encoding: 'utf8',
        });
      const file = join(dir, 'b.jsonl.gz');
      const backup = run(['backup', '--out', file], source.url);
      assert.equal(backup.status, 0, backup.stderr);
      assert.match(backup.stdout, /backed up \d+ rows of \d+ tables \(\d+ resources, 1 users/);
      const restore = run(['restore', file], target.url);
      assert.equal(restore.status, 0, restore.stderr);
      assert.match(restore.stdout, /restored \d+ rows/);
      const again = run(['restore', file], target.url);
      assert.equal(again.status, 1);
      assert.match(again.stderr, /LG_RESTORE_NOT_EMPTY/);
      assert.equal(
        (await target.ctx.store.db.selectFrom('resource').selectAll().execute()).length,
        (await source.ctx.store.db.selectFrom('resource').selectAll().execute()).length,
      );
    } finally {
      await source.cleanup();
      await target.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
