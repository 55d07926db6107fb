import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  createAccount,
  launchChromium,
  newTestPage,
  seriousViolations,
  serveFresh,
  type ServedApp,
} from '../support/browser.ts';
import { projectRoot } from '../../src/app/config.ts';
import { OaiTestServer } from '../support/oai-server.ts';
import { STORE_KINDS } from '../support/stores.ts';

const screenshots = join(projectRoot, 'test-results', 'screenshots');

for (const kind of STORE_KINDS) {
  describe(`an institution editor connects an OAI-PMH endpoint in the browser (${kind})`, () => {
    let oai: OaiTestServer;
    let app: ServedApp;
    let browser: Browser;
    let page: Page;
    let base: string;

    before(async () => {
      mkdirSync(screenshots, { recursive: true });
      oai = await new OaiTestServer().start();
      app = await serveFresh(
        kind,
        { LEERGOED_DEMO: 'false', LEERGOED_ALLOW_PRIVATE_HOSTS: 'true', LEERGOED_HARVEST_INTERVAL_MS: '0' },
        (env) =>
          createAccount(env, [
            '--email',
            'redactie@edurep.test',
            '--name',
            'Redactie Edurep',
            '--role',
            'institution_editor',
            '--organisation',
            'Edurep',
            '--organisation-kind',
            'publisher',
          ]),
      );
      base = app.base;
      browser = await launchChromium();
      page = await newTestPage(browser);
    });
    after(async () => {
      await browser?.close();
      await app?.stop();
      await oai?.stop();
    });

    it('signs in and tests the connection: repository, formats, sets, preview and warnings', async () => {
      await page.goto(`${base}/inloggen`);
      await page.getByLabel('E-mailadres').fill('redactie@edurep.test');
      await page.getByLabel('Wachtwoord').fill('een lang wachtwoord');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
      await page.getByRole('link', { name: 'Bronnen' }).click();
      await page.getByRole('heading', { name: 'Bronnen van je instelling' }).waitFor();
      // An address where nothing answers: a Dutch sentence that says what to check, the code behind Details.
      await page.getByLabel('Adres van de bron').fill('http://127.0.0.1:1/oai');
      await page.getByRole('button', { name: 'Verbinding testen' }).click();
      const problem = page.getByRole('alert').filter({ hasText: 'Details' });
      await problem.waitFor();
      const sentence = (await problem.locator('p').first().textContent()) ?? '';
      assert.match(sentence, /^(De server van de bron is niet bereikbaar|De verbinding met de bron is niet gelukt)/);
      assert.doesNotMatch(sentence, /LG_|[Ee]rror/);
      await page.getByLabel('Adres van de bron').fill(oai.url);
      await page.getByRole('button', { name: 'Verbinding testen' }).click();
      await page.getByText('Repository:').waitFor();
      await page.getByLabel('Set').selectOption('surf');
      await page.locator('table.preview tbody tr').first().waitFor();
      await page.getByRole('cell', { name: 'Exercises 5' }).waitFor();
      assert.match((await page.locator('.warnings').textContent()) ?? '', /niet aansluiten in 100% van de records/);
      assert.equal(await page.getByLabel('Naam van de bron').inputValue(), 'Edurep (test)');
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-source-test-connection.png`), fullPage: true });
    });

    it('saves the source, harvests it, shows the progress and the report', async () => {
      await page.getByRole('button', { name: 'Bron opslaan' }).click();
      await page.getByRole('status').filter({ hasText: 'Bron opgeslagen.' }).waitFor();
      await page.getByRole('button', { name: 'Nu oogsten' }).click();
      await page.locator('.status-completed').first().waitFor({ timeout: 30_000 });
      assert.match((await page.locator('.source-list .counts').first().textContent()) ?? '', /Nieuw11/);
      await page.screenshot({ path: join(screenshots, `${kind}-sources.png`), fullPage: true });
      await page.getByRole('link', { name: 'Details en runs' }).click();
      await page.getByRole('heading', { name: 'Runs' }).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.getByRole('link', { name: 'Rapport' }).first().click();
      await page.getByRole('heading', { name: 'Records in quarantaine' }).waitFor();
      assert.ok(await page.getByText('Geen records in quarantaine.').isVisible());
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-run-report.png`), fullPage: true });
      const found = (await (await fetch(`${base}/api/v1/resources?q=exercises`)).json()) as { total: number };
      assert.ok(found.total >= 1, 'the harvested records are in the catalogue');
    });

    it('makes an API key for the institution, which writes through the API until it is revoked', async () => {
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Bronnen' }).click();
      const panel = page.getByRole('region', { name: /API-sleutels van/ });
      await panel.getByLabel(/Naam van de nieuwe sleutel/).fill('Collectiebeheer');
      await panel.getByRole('button', { name: 'Sleutel maken' }).click();
      const key = await panel.getByLabel('Sleutel', { exact: true }).inputValue();
      assert.match(key, /^lg_[A-Za-z0-9]{8}_/);
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-api-keys.png`), fullPage: true });
      const organisation = (
        (await (await fetch(`${base}/api/v1/organisations`)).json()) as { id: string; name: string }[]
      )[0]!;
      const write = (title: string) =>
        fetch(`${base}/api/v1/resources`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'heritage', title, organisationId: organisation.id }),
        });
      assert.equal((await write('Via de API')).status, 201);
      page.once('dialog', (dialog) => void dialog.accept());
      await panel.getByRole('button', { name: /Intrekken Collectiebeheer/ }).click();
      await panel.getByText('Sleutel “Collectiebeheer” is ingetrokken.').waitFor();
      assert.equal((await write('Te laat')).status, 401);
    });
  });
}
