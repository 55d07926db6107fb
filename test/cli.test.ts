import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import { freePort, waitForReady } from './support/browser.ts';
import { STORE_KINDS, freshDatabaseUrl } from './support/stores.ts';

for (const kind of STORE_KINDS) {
  describe(`the leergoed program on ${kind}`, () => {
    let url: string;
    let drop: () => Promise<void>;
    const dir = mkdtempSync(join(tmpdir(), 'leergoed-cli-'));
    const run = (args: string[], env: Record<string, string> = {}) => {
      const result = spawnSync(process.execPath, [join(projectRoot, 'bin', 'leergoed.js'), ...args], {
        env: {
          ...process.env,
          DATABASE_URL: url,
          LEERGOED_FROM_SOURCE: 'true',
          LEERGOED_SECRET: 'cli',
          LOG_LEVEL: 'silent',
          ...env,
        },
        encoding: 'utf8',
      });
      return { status: result.status, out: result.stdout, err: result.stderr };
    };

    before(async () => ({ url, drop } = await freshDatabaseUrl(kind)));
    after(async () => drop?.());

    it('migrates', () => {
      const result = run(['migrate']);
      assert.equal(result.status, 0, result.err);
      assert.match(result.out, /applied: 0001-foundation/);
    });

    it('imports a folder, prints counts, and changes nothing the second time', () => {
      const first = run([
        'import',
        join(projectRoot, 'data/demo/lido'),
        '--source',
        'LIDO',
        '--institution',
        'Vlaamse musea',
      ]);
      assert.equal(first.status, 0, first.err);
      assert.match(first.out, /created 3, updated 0, unchanged 0, withdrawn 0, failed 0/);
      const second = run([
        'import',
        join(projectRoot, 'data/demo/lido'),
        '--source',
        'LIDO',
        '--institution',
        'Vlaamse musea',
      ]);
      assert.match(second.out, /created 0, updated 0, unchanged 3, withdrawn 0, failed 0/);
    });

    it('imports CSV with a column mapping file, and explains a mapping that does not fit', () => {
      // The first real rows of the Rijksmuseum export, under the institution's own column names.
      const lines = gunzipSync(readFileSync(join(projectRoot, 'data/demo/rijksmuseum/Suriname_objecten_export.csv.gz')))
        .toString('utf8')
        .split('\r\n')
        .slice(0, 21);
      writeFileSync(join(dir, 'objecten.csv'), lines.join('\r\n'));
      const mapping = {
        name: 'eigen',
        delimiter: ';',
        multiValueSeparator: '$',
        kind: 'heritage',
        id: 'recordnummer',
        title: 'titel',
        description: 'beschrijving',
        creators: 'vervaardiger',
        dateStart: 'datering.datum.start',
        keywords: ['objectnaam'],
      };
      writeFileSync(join(dir, 'mapping.json'), JSON.stringify(mapping));
      const ok = run([
        'import',
        join(dir, 'objecten.csv'),
        '--mapping',
        join(dir, 'mapping.json'),
        '--institution',
        'Rijksmuseum',
      ]);
      assert.equal(ok.status, 0, ok.err);
      assert.match(ok.out, /created 20,/);
      writeFileSync(join(dir, 'bad-mapping.json'), JSON.stringify({ ...mapping, title: 'naam' }));
      const bad = run(['import', join(dir, 'objecten.csv'), '--mapping', join(dir, 'bad-mapping.json')]);
      assert.equal(bad.status, 1);
      assert.match(bad.err, /column "naam" is not in the file/);
    });

    it('rebuilds the search index from the stored resources', () => {
      const result = run(['reindex']);
      assert.equal(result.status, 0, result.err);
      assert.match(result.out, /reindexed 23 resources/);
    });

    it('serves from several processes on one port, and stops them all', async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const server = spawn(process.execPath, [join(projectRoot, 'bin', 'leergoed.js'), 'serve', '--no-demo'], {
        env: {
          ...process.env,
          DATABASE_URL: url,
          PORT: String(port),
          LEERGOED_WEB_PROCESSES: '2',
          LEERGOED_FROM_SOURCE: 'true',
          LEERGOED_SECRET: 'cli',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise((r) => server.once('exit', r));
      let log = '';
      server.stdout!.on('data', (chunk) => {
        log += chunk;
      });
      try {
        await waitForReady(base, () => server.exitCode === null);
        // The first process reports once every process listens, which may be after the first answers.
        for (const deadline = Date.now() + 30_000; !/"processes":2/.test(log) && Date.now() < deadline;)
          await new Promise((r) => setTimeout(r, 100));
        const pids = new Set<number>();
        for (let i = 0; i < 20; i++) {
          const response = await fetch(`${base}/api/v1/resources?q=lido&facets=false`);
          assert.equal(response.status, 200);
        }
        for (const line of log.split('\n').filter((l) => l.includes('request completed')))
          pids.add(JSON.parse(line).pid);
        assert.ok(/"processes":2/.test(log), 'the first process says how many serve');
        assert.ok(pids.size >= 1);
        assert.equal(
          new Set(
            log
              .split('\n')
              .filter((l) => l.includes('Server listening'))
              .map((l) => JSON.parse(l).pid),
          ).size,
          2,
          'two processes listen',
        );
      } finally {
        if (server.exitCode === null) server.kill('SIGTERM');
      }
      assert.equal(await exited, 0);
    });

    it('fails clearly on a malformed file and on a missing path', () => {
      writeFileSync(
        join(dir, 'broken.xml'),
        readFileSync(join(projectRoot, 'data/demo/lido/kmska_lido.xml'), 'utf8').slice(0, 2000),
      );
      const broken = run(['import', join(dir, 'broken.xml')]);
      assert.equal(broken.status, 1);
      assert.match(broken.err, /LG_XML_MALFORMED: Malformed XML/);
      const missing = run(['import', join(dir, 'nothing-here')]);
      assert.equal(missing.status, 1);
      assert.match(missing.err, /LG_IMPORT_NOT_FOUND/);
    });

    it('creates users with roles and organisations, refusing weak passwords', () => {
      const created = run(
        [
          'admin',
          'create',
          '--email',
          'redactie@museum.test',
          '--name',
          'Redactie',
          '--role',
          'institution_editor',
          '--organisation',
          'Stadsmuseum',
        ],
        { LEERGOED_ADMIN_PASSWORD: 'een lang wachtwoord' },
      );
      assert.equal(created.status, 0, created.err);
      assert.match(created.out, /created institution_editor redactie@museum.test/);
      const weak = run(['admin', 'create', '--email', 'x@museum.test', '--name', 'Xander'], {
        LEERGOED_ADMIN_PASSWORD: 'kort',
      });
      assert.equal(weak.status, 1);
      assert.match(weak.err, /LG_PASSWORD_TOO_SHORT/);
      const badRole = run(['admin', 'create', '--email', 'y@museum.test', '--name', 'Y', '--role', 'koning'], {
        LEERGOED_ADMIN_PASSWORD: 'een lang wachtwoord',
      });
      assert.equal(badRole.status, 1);
      assert.match(badRole.err, /Choose one of/);
      const orgs = run(['admin', 'organisations']);
      assert.match(orgs.out, /Stadsmuseum/);
    });
  });
}
