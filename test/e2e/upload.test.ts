import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../../src/app/config.ts';
import {
  createAccount,
  launchChromium,
  newTestPage,
  seriousViolations,
  serveFresh,
  type ServedApp,
} from '../support/browser.ts';
import { STORE_KINDS } from '../support/stores.ts';

const screenshots = join(projectRoot, 'test-results', 'screenshots');

for (const kind of STORE_KINDS) {
  describe(`a museum uploads a file from the Sources page in Chromium on ${kind}`, () => {
    let app: ServedApp;
    let browser: Browser;
    let page: Page;
    const dir = mkdtempSync(join(tmpdir(), 'leergoed-upload-'));
    // The Rijksmuseum's own export (real data): its header and first 40 objects.
    const file = join(dir, 'suriname-objecten.csv');

    before(async () => {
      mkdirSync(screenshots, { recursive: true });
      const text = gunzipSync(
        readFileSync(join(projectRoot, 'data', 'demo', 'rijksmuseum', 'Suriname_objecten_export.csv.gz')),
      ).toString('utf8');
      writeFileSync(file, text.split('\n').slice(0, 41).join('\n'));
      app = await serveFresh(kind, { LEERGOED_DEMO: 'false' }, (env) =>
        createAccount(env, [
          '--email',
          'redactie@rijksmuseum.test',
          '--name',
          'Redactie Rijksmuseum',
          '--role',
          'institution_editor',
          '--organisation',
          'Rijksmuseum',
        ]),
      );
      browser = await launchChromium();
      page = await newTestPage(browser);
    });
    after(async () => {
      await browser?.close();
      await app?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('previews the file, follows a changed column mapping live, imports with a progress bar and reports', async () => {
      await page.goto(`${app.base}/inloggen?terug=/bronnen`);
      await page.getByLabel('E-mailadres').fill('redactie@rijksmuseum.test');
      await page.getByLabel('Wachtwoord').fill('een lang wachtwoord');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      const section = page.getByRole('region', { name: 'Bestand uploaden' });
      await section.waitFor();
      await section.getByLabel('Bestand').setInputFiles(file);
      await section.getByText('Leergoed herkent de kolommen van dit bestand.', { exact: false }).waitFor();
      const titles = () => section.locator('table.preview tbody tr td:nth-child(2)').allTextContents();
      await section.locator('table.preview tbody tr').first().waitFor();
      const recognised = await titles();
      assert.equal(recognised.length, 8);
      // The editor takes the object name as the title instead: the preview follows.
      await section.getByLabel('Titel *').selectOption('objectnaam');
      await section.getByLabel('ID *').selectOption('objectnummer');
      await page.waitForFunction(
        (before) => document.querySelector('table.preview tbody tr td:nth-child(2)')?.textContent !== before,
        recognised[0],
      );
      assert.notDeepEqual(await titles(), recognised);
      // A column that makes no sense for the title is refused in Dutch, with the detail behind "Details".
      await section.getByLabel('Titel *').selectOption('');
      await section.getByText('De gekozen kolommen passen niet bij dit bestand.', { exact: false }).waitFor();
      assert.equal(await section.getByRole('button', { name: 'Importeren' }).isDisabled(), true);
      await section.getByLabel('Titel *').selectOption('titel');
      // This export puts several values in one cell with "$" between them.
      await section.getByLabel('Teken tussen meerdere waarden in één cel').fill('$');
      await page.waitForFunction(
        (expected) =>
          [...document.querySelectorAll('table.preview tbody tr td:nth-child(2)')]
            .map((td) => td.textContent)
            .join('\n') === expected,
        recognised.join('\n'),
      );
      assert.deepEqual(await titles(), recognised);
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-upload-preview.png`), fullPage: true });
      await section.getByLabel(/Bronnaam/).fill('Rijksmuseum Suriname (upload)');
      await section.getByRole('button', { name: 'Importeren' }).click();
      await section
        .getByText('Klaar: 40 nieuw, 0 bijgewerkt, 0 ongewijzigd, 0 niet gelukt.')
        .waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(screenshots, `${kind}-upload-done.png`), fullPage: true });
      await section.getByRole('link', { name: 'Bekijk het rapport' }).click();
      await page.getByText('Voltooid').first().waitFor();
      await page.setViewportSize({ width: 320, height: 800 });
      await page.goto(`${app.base}/bronnen`);
      await page.getByRole('region', { name: 'Bestand uploaden' }).waitFor();
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'reflows at 320 px');
    });
  });
}
