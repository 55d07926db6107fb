import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
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
  describe(`an administrator manages users and organisations in Chromium on ${kind}, without a shell`, () => {
    let app: ServedApp;
    let browser: Browser;
    let page: Page;

    before(async () => {
      mkdirSync(screenshots, { recursive: true });
      app = await serveFresh(kind, { LEERGOED_DEMO: 'false' }, (env) => {
        createAccount(env, ['--email', 'beheer@leergoed.test', '--name', 'Beheer', '--role', 'admin']);
        createAccount(env, ['--email', 'els@museum.test', '--name', 'Els Visser', '--role', 'teacher']);
      });
      browser = await launchChromium();
      page = await newTestPage(browser);
    });
    after(async () => {
      await browser?.close();
      await app?.stop();
    });

    it('adds a museum, makes a teacher its editor, and reads the audit log', async () => {
      await page.goto(`${app.base}/inloggen`);
      await page.getByLabel('E-mailadres').fill('beheer@leergoed.test');
      await page.getByLabel('Wachtwoord').fill('een lang wachtwoord');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByRole('link', { name: 'Gebruikers' }).click();
      await page.getByRole('heading', { level: 1, name: 'Gebruikers en organisaties' }).waitFor();
      await page.getByLabel('Naam', { exact: true }).fill('Museum Het Valkhof');
      await page.getByLabel('Soort').selectOption('heritage');
      await page.getByRole('button', { name: 'Organisatie toevoegen' }).click();
      await page.getByText('Museum Het Valkhof is toegevoegd.').waitFor();
      await page.getByLabel('Rol van Els Visser').selectOption('institution_editor');
      await page.getByText('Opgeslagen: Els Visser moet opnieuw inloggen').waitFor();
      await page.getByLabel('Organisaties van Els Visser').selectOption(['Museum Het Valkhof']);
      await page.getByRole('cell', { name: 'Organisaties van Els Visser gewijzigd' }).waitFor();
      await page.getByRole('cell', { name: 'Rol van Els Visser: docent → redacteur van een instelling' }).waitFor();
      await page.getByRole('cell', { name: 'Organisatie Museum Het Valkhof toegevoegd' }).waitFor();
      // The last administrator cannot take away their own role.
      await page.getByLabel('Rol van Beheer').selectOption('curator');
      await page.getByText('Dat kan niet: dan is er geen actieve beheerder meer.', { exact: false }).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-admin-users.png`), fullPage: true });
      const downloading = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Download het auditlog (CSV)' }).click();
      const csv = readFileSync((await (await downloading).path())!, 'utf8');
      assert.match(csv, /^at,actor,action,target_type,target_id,detail\n/);
      // The header, the two accounts made on the command line (no actor), and the three changes above.
      assert.equal(csv.trim().split('\n').length, 6);
      assert.equal(csv.match(/,user\.create,user,/g)?.length, 2);
    });
  });
}
