import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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
  describe(`a teacher sees a resource's quality and rates it in Chromium on ${kind}`, () => {
    let app: ServedApp;
    let browser: Browser;
    let page: Page;
    let resourceId = '';

    before(async () => {
      mkdirSync(screenshots, { recursive: true });
      app = await serveFresh(kind, { LEERGOED_DEMO: 'false' }, (env) => {
        createAccount(env, ['--email', 'docent@school.test', '--name', 'Juf Fatima', '--role', 'teacher']);
        const run = (args: string[]) => {
          const done = spawnSync(process.execPath, [join(projectRoot, 'bin', 'leergoed.js'), ...args], {
            env,
            encoding: 'utf8',
          });
          assert.equal(done.status, 0, done.stderr);
          return done.stdout;
        };
        run(['import', join(projectRoot, 'data', 'demo', 'lido'), '--source', 'LIDO', '--institution', 'KMSKA']);
        assert.match(run(['quality', 'check']), /^checked \d+ resources: \d+ checks failed, \d+ gave a warning/);
      });
      const list = (await (await fetch(`${app.base}/api/v1/resources?kind=heritage&limit=1`)).json()) as {
        items: { id: string }[];
      };
      resourceId = list.items[0]!.id;
      browser = await launchChromium();
      page = await newTestPage(browser);
    });
    after(async () => {
      await browser?.close();
      await app?.stop();
    });

    it('shows completeness and the checks, and asks a visitor to sign in to rate', async () => {
      await page.goto(`${app.base}/r/${resourceId}`);
      const quality = page.getByRole('region', { name: 'Kwaliteit' });
      await quality.getByText('Nog geen beoordelingen door docenten.').waitFor();
      await quality.getByText(/De beschrijving is voor \d+% compleet\./).waitFor();
      await quality.getByText(/^Volledigheid: (in orde|waarschuwing|niet in orde) \(gecontroleerd op/).waitFor();
      await quality.getByText(/^Licentie: (in orde|waarschuwing|niet in orde)/).waitFor();
      await quality.getByRole('link', { name: 'Log in om dit te beoordelen.' }).click();
      await page.getByLabel('E-mailadres').fill('docent@school.test');
      await page.getByLabel('Wachtwoord').fill('een lang wachtwoord');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.waitForURL(`${app.base}/r/${resourceId}`);
    });

    it('rates with a note, changes the rating, and takes it back', async () => {
      const quality = page.getByRole('region', { name: 'Kwaliteit' });
      await quality.getByRole('group', { name: 'Jouw beoordeling' }).waitFor();
      await quality.getByLabel('4 van 5').check();
      await quality.getByLabel('Toelichting (niet verplicht)').fill('Mooi om in groep 8 samen te bekijken.');
      await quality.getByRole('button', { name: 'Beoordeling opslaan' }).click();
      await quality.getByText('Je beoordeling is opgeslagen.').waitFor();
      await quality.getByText('Eén docent gaf 4 van 5.').waitFor();
      await quality.getByText('Juf Fatima: 4 van 5').waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-resource-quality.png`), fullPage: true });
      await page.reload();
      assert.equal(await quality.getByLabel('4 van 5').isChecked(), true, 'the own rating comes back');
      await quality.getByLabel('2 van 5').check();
      await quality.getByRole('button', { name: 'Beoordeling opslaan' }).click();
      await quality.getByText('Eén docent gaf 2 van 5.').waitFor();
      await quality.getByRole('button', { name: 'Beoordeling intrekken' }).click();
      await quality.getByText('Je beoordeling is ingetrokken.').waitFor();
      await quality.getByText('Nog geen beoordelingen door docenten.').waitFor();
      await page.setViewportSize({ width: 320, height: 800 });
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'reflows at 320 px');
    });
  });
}
