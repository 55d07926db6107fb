import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../../src/app/config.ts';
import {
  apiSession,
  createAccount,
  launchChromium,
  newTestPage,
  seriousViolations,
  serveFresh,
  type ServedApp,
} from '../support/browser.ts';
import { multipart } from '../support/http.ts';
import { openStore } from '../../src/db/store.ts';
import { gzipSync } from 'node:zlib';
import { STORE_KINDS } from '../support/stores.ts';

const screenshots = join(projectRoot, 'test-results', 'screenshots');

/** A LIDO record whose fields carry what a hostile source might send: script, handlers, a refresh. */
const HOSTILE_LIDO = `<?xml version="1.0" encoding="UTF-8"?>
<lido:lido xmlns:lido="http://www.lido-schema.org">
  <lido:lidoRecID lido:type="local">hostile-1</lido:lidoRecID>
  <lido:descriptiveMetadata xml:lang="nl">
    <lido:objectIdentificationWrap><lido:titleWrap><lido:titleSet><lido:appellationValue>Schaal &lt;script&gt;alert('titel')&lt;/script&gt;</lido:appellationValue></lido:titleSet></lido:titleWrap></lido:objectIdentificationWrap>
  </lido:descriptiveMetadata>
  <lido:administrativeMetadata xml:lang="nl">
    <lido:recordWrap><lido:recordID lido:type="local">hostile-1</lido:recordID><lido:recordType><lido:term>item</lido:term></lido:recordType><lido:recordSource><lido:legalBodyName><lido:appellationValue>Museum</lido:appellationValue></lido:legalBodyName></lido:recordSource></lido:recordWrap>
  </lido:administrativeMetadata>
  <script xmlns="http://www.w3.org/1999/xhtml">window.__ran = 'script';</script>
  <img xmlns="http://www.w3.org/1999/xhtml" src="x" onerror="window.__ran = 'onerror'"/>
  <a xmlns="http://www.w3.org/1999/xhtml" href="javascript:window.__ran='link'">link</a>
  <meta xmlns="http://www.w3.org/1999/xhtml" http-equiv="refresh" content="0;url=https://example.org/"/>
</lido:lido>`;

for (const kind of STORE_KINDS) {
  describe(`security in the browser (${kind})`, () => {
    let app: ServedApp;
    let browser: Browser;
    let page: Page;
    let dir: string;

    before(async () => {
      mkdirSync(screenshots, { recursive: true });
      dir = mkdtempSync(join(tmpdir(), 'leergoed-e2e-security-'));
      writeFileSync(join(dir, 'hostile.xml'), HOSTILE_LIDO);
      app = await serveFresh(kind, { LEERGOED_DEMO: 'false' }, (env) => {
        createAccount(env, ['--email', 'docent@school.test', '--name', 'Docent', '--role', 'teacher']);
        createAccount(env, [
          '--email',
          'redactie@museum.test',
          '--name',
          'Redactie Museum',
          '--role',
          'institution_editor',
          '--organisation',
          'Museum',
        ]);
        const imported = spawnSync(
          process.execPath,
          [
            join(projectRoot, 'bin', 'leergoed.js'),
            'import',
            join(dir, 'hostile.xml'),
            '--source',
            'Museum',
            '--institution',
            'Museum',
          ],
          { env, encoding: 'utf8' },
        );
        if (imported.status !== 0) throw new Error(`import failed: ${imported.stderr}`);
      });
      browser = await launchChromium();
      page = await newTestPage(browser);
    });
    after(async () => {
      await browser?.close();
      await app?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('downloads a harvested record instead of showing it: nothing in it runs or redirects', async () => {
      const { items } = (await (await fetch(`${app.base}/api/v1/resources?limit=1`)).json()) as {
        items: { id: string; title: string }[];
      };
      assert.match(items[0]!.title, /Schaal/);
      await page.goto(`${app.base}/r/${items[0]!.id}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const download = page.waitForEvent('download');
      // Opened as a browser would open a link to it: it becomes a download, never a page of this site.
      await page.evaluate((url) => {
        window.location.href = url;
      }, `${app.base}/api/v1/resources/${items[0]!.id}/raw`);
      const file = await download;
      assert.match(file.suggestedFilename(), /\.xml$/);
      await page.waitForTimeout(500);
      assert.equal(new URL(page.url()).pathname, `/r/${items[0]!.id}`, 'the page stayed where it was');
      assert.equal(await page.evaluate(() => (window as unknown as { __ran?: string }).__ran ?? null), null);
      assert.deepEqual(dialogs, []);
      // The markup in the title was stripped when the record was mapped; none of it reached the page.
      assert.equal(await page.locator('script:not([src]):not([type="application/ld+json"])').count(), 0);
      assert.equal((await page.getByRole('heading', { level: 1 }).textContent())?.trim(), 'Schaal');
    });

    it("imports an interrupted upload again from the run's page", async () => {
      const session = await apiSession(app.base, 'redactie@museum.test');
      const organisation = (
        (await (await fetch(`${app.base}/api/v1/organisations`)).json()) as { id: string; name: string }[]
      ).find((o) => o.name === 'Museum')!;
      const file = Buffer.from(HOSTILE_LIDO.replace(/hostile-1/g, 'tweede-1'));
      const { body, contentType } = multipart({ source: 'Museum' }, { name: 'tweede.xml', bytes: file });
      const uploaded = (await (
        await fetch(`${app.base}/api/v1/organisations/${organisation.id}/imports`, {
          method: 'POST',
          headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': contentType },
          body: new Uint8Array(body),
        })
      ).json()) as { runId: string };
      // As if the server had been killed while it imported: the run failed, its file kept.
      const store = openStore(app.env.DATABASE_URL!, projectRoot);
      try {
        await store.db
          .updateTable('import_run')
          .set({ status: 'failed', error: 'LG_IMPORT_INTERRUPTED: the import stopped before its end', created: 0 })
          .where('id', '=', uploaded.runId)
          .execute();
        await store.db
          .insertInto('import_file')
          .values({
            run_id: uploaded.runId,
            name: 'tweede.xml',
            bytes: gzipSync(file),
            options: '{}',
            created_at: new Date().toISOString(),
          })
          .execute();
      } finally {
        await store.close();
      }
      await page.context().addCookies(
        session.cookie.split('; ').map((c) => {
          const [name, value] = c.split('=');
          return { name: name!, value: value!, url: app.base };
        }),
      );
      await page.goto(`${app.base}/runs/${uploaded.runId}`);
      await page.getByRole('button', { name: 'Bestand opnieuw importeren' }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/runs/') && !url.pathname.endsWith(uploaded.runId));
      await page.getByText('Voltooid').waitFor();
      await page.getByText(/Gestart door: Redactie Museum \(opnieuw geprobeerd\)/).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-run-rerun.png`), fullPage: true });
      await page.context().clearCookies();
    });

    it('says in Dutch how long to wait after too many wrong passwords, and lets people change their name', async () => {
      await page.goto(`${app.base}/inloggen`);
      // Wrong passwords, each answered before the next, until the account waits (after five).
      for (let i = 0; i < 12; i++) {
        await page.getByLabel('E-mailadres').fill('docent@school.test');
        await page.getByLabel('Wachtwoord').fill(`fout wachtwoord ${i}`);
        const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/session'));
        await page.getByRole('button', { name: 'Inloggen' }).click();
        if ((await answered).status() === 429) break;
      }
      await page
        .getByRole('alert')
        .getByText(/^Te veel mislukte pogingen/)
        .waitFor();
      const message = await page.getByRole('alert').locator('p').first().textContent();
      assert.match(
        message ?? '',
        /^Te veel mislukte pogingen voor dit account\. Probeer het over (1 seconde|\d+ seconden|\d+ minuten?) opnieuw\.$/,
      );
      await page.screenshot({ path: join(screenshots, `${kind}-sign-in-throttled.png`), fullPage: true });
      // After the wait, the right password works.
      await page.waitForTimeout(2200);
      await page.getByLabel('Wachtwoord').fill('een lang wachtwoord');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      // Signing in from the sign-in page itself leads to "Mijn lessen"; the name is on "Mijn account".
      await page.getByRole('heading', { level: 1, name: 'Mijn lessen' }).waitFor();
      await page.getByRole('link', { name: 'Mijn account' }).click();
      const name = page.getByLabel('Naam', { exact: true });
      await name.fill('docent@school.test');
      await page.getByRole('button', { name: 'Naam opslaan' }).click();
      await page.getByText('Een naam mag geen e-mailadres zijn').waitFor();
      await name.fill('Meester Jansen');
      await page.getByRole('button', { name: 'Naam opslaan' }).click();
      await page.getByText('Je naam is opgeslagen.').waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-account-name.png`), fullPage: true });
      await page.setViewportSize({ width: 320, height: 800 });
      assert.ok(
        await page.evaluate(() => document.documentElement.scrollWidth <= 320),
        'no sideways scrolling at 320 px',
      );
      await page.setViewportSize({ width: 1280, height: 900 });
    });
  });
}
