import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { projectRoot } from '../../src/app/config.ts';
import { createAccount, launchChromium, seriousViolations, serveFresh, type ServedApp } from '../support/browser.ts';
import { iiifServer, type IiifServer } from '../support/iiif-server.ts';
import { STORE_KINDS } from '../support/stores.ts';

const screenshots = join(projectRoot, 'test-results', 'screenshots');
const password = 'een lang wachtwoord';

async function signIn(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/inloggen`);
  await page.getByLabel('E-mailadres').fill('docent@school.test');
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
}

const saved = (page: Page) => page.getByText('Alle wijzigingen zijn opgeslagen.').waitFor({ timeout: 15_000 });

/** Every field of the builder with what it holds, in page order: what a reload must give back. */
async function fields(page: Page): Promise<string[]> {
  return page
    .locator('.builder-main input:not([type=checkbox]):not([type=radio]):not([type=search]), .builder-main textarea')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-field') ?? ''}=${(e as HTMLInputElement).value}`));
}

for (const kind of STORE_KINDS) {
  describe(`a teacher's draft in Chromium on ${kind}: nothing typed is lost`, () => {
    let app: ServedApp;
    let iiif: IiifServer;
    let browser: Browser;
    let teacher: BrowserContext;
    let page: Page;
    let lessonId = '';
    let typed: string[] = [];

    before(async () => {
      mkdirSync(screenshots, { recursive: true });
      iiif = await iiifServer();
      app = await serveFresh(kind, { LEERGOED_ALLOW_PRIVATE_HOSTS: 'true' }, (env) => {
        createAccount(env, ['--email', 'docent@school.test', '--name', 'Docent Anna', '--role', 'teacher']);
        const imported = spawnSync(
          process.execPath,
          [
            join(projectRoot, 'bin', 'leergoed.js'),
            'import',
            iiif.manifestFile,
            '--source',
            'Museum',
            '--institution',
            'Museum',
          ],
          { env, encoding: 'utf8' },
        );
        assert.equal(imported.status, 0, imported.stderr);
      });
      browser = await launchChromium();
      teacher = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      page = await teacher.newPage();
      await signIn(page, app.base);
    });
    after(async () => {
      await browser?.close();
      await app?.stop();
      iiif?.server.close();
      if (iiif) rmSync(iiif.dir, { recursive: true, force: true });
    });

    it('types every block kind, empty and half-filled, reloads, and finds every character', async () => {
      await page.goto(`${app.base}/lessen`);
      await page.getByRole('button', { name: 'Nieuwe les' }).click();
      await page.getByRole('heading', { level: 1, name: /Les maken/ }).waitFor();
      lessonId = page.url().split('/').pop()!;
      await page.getByRole('group', { name: 'Over de les' }).getByLabel('Titel').fill('');
      await page.getByLabel('Samenvatting').fill('Een les die nog niet af is — met “aanhalingstekens” & <tekens>.');
      const variant = page.locator('.builder-variant').first();
      const item = (n: number): Locator => variant.locator('.builder-item').nth(n);
      // A catalogue object, then made a detail of its image, with a caption.
      await variant.getByRole('button', { name: 'Materiaal zoeken' }).click();
      await variant.getByLabel('Zoek materiaal of erfgoed').fill('Göttingen');
      await variant.getByRole('button', { name: 'Zoeken', exact: true }).click();
      await variant.getByRole('button', { name: /Toevoegen Picture of Göttingen/ }).click();
      await item(0).getByLabel('Toelichting voor leerlingen').fill('Bekijk dit samen.');
      await variant.getByRole('button', { name: /Toevoegen Picture of Göttingen/ }).click();
      await item(1).getByRole('button', { name: 'Detail kiezen op de afbeelding' }).click();
      await item(1).getByLabel('Onderschrift bij het detail').fill('Half onderschr');
      // Text, left empty; an open question with only an answer; a choice with one empty option.
      await variant.getByRole('button', { name: 'Tekst', exact: true }).click();
      await variant.getByRole('button', { name: 'Open vraag' }).click();
      await item(3).getByLabel('Voorbeeldantwoord').fill('Een antwoord zonder vraag');
      await variant.getByRole('button', { name: 'Meerkeuzevraag' }).click();
      await item(4).getByLabel('Vraag').fill('Wat zie je op het plein?');
      await item(4).getByLabel('Antwoord 1', { exact: true }).fill('Een fontein');
      await item(4).getByLabel('Feedback bij antwoord 2').fill('Nog in te vullen');
      // Closed material with a half-typed address.
      await variant.getByRole('button', { name: 'Methode (gesloten)' }).click();
      await item(5).getByLabel('Adres (URL)').fill('www.malmb');
      await item(5).getByLabel('Uitgever').fill('Malmberg');
      // A second part without a title, with a text.
      await page.getByRole('button', { name: 'Deel toevoegen' }).click();
      const second = page.locator('.builder-section').nth(1).locator('.builder-variant').first();
      await second.getByRole('button', { name: 'Tekst', exact: true }).click();
      await second.getByLabel('Tekst', { exact: true }).fill('Tweede deel, nog zonder titel.');
      await saved(page);
      typed = await fields(page);
      assert.ok(typed.includes('=Half onderschr'), typed.join('\n'));
      assert.ok(typed.includes('url=www.malmb'));
      assert.ok(typed.includes('options/0/text=Een fontein'));
      assert.deepEqual(await seriousViolations(page), []);

      await page.reload();
      await page.getByRole('heading', { level: 1, name: /Les maken/ }).waitFor();
      await page.getByLabel('Onderschrift bij het detail').waitFor();
      assert.deepEqual(await fields(page), typed);
      assert.equal(await page.getByRole('region', { name: 'Niet-opgeslagen werk' }).count(), 0);
    });

    it('names what is missing at publish, at each block, in Dutch, and moves focus to the first', async () => {
      await page.getByRole('group', { name: 'Over de les' }).getByLabel('Titel').fill('Het plein');
      await saved(page);
      await page.getByRole('button', { name: 'Publiceren', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Publiceer' }).click();
      const summary = page.locator('.problem-summary');
      await summary.getByText(/Nog niet klaar om te publiceren: 7 punt/).waitFor();
      const focused = await page.evaluate(() => [
        document.activeElement?.getAttribute('data-field'),
        document.activeElement?.getAttribute('aria-invalid'),
      ]);
      assert.deepEqual(focused, ['title', 'true'], 'focus is on the first part without a title');
      for (const sentence of [
        'Geef dit deel een titel, zodat leerlingen weten waar ze zijn.',
        'Dit tekstblok is leeg: schrijf de tekst of haal het blok weg.',
        'Schrijf de vraag van deze opdracht.',
        'Antwoord 2 is leeg: vul het in of haal het weg.',
        'Vul een volledig webadres in dat begint met https:// of http://.',
      ])
        await page.locator('.field-problem', { hasText: sentence }).first().waitFor();
      assert.equal(await page.getByText(/LG_/).count(), 0, 'no codes shown');
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-lesson-incomplete.png`), fullPage: true });
      // Fixing one removes its message at once; the list says where the rest are.
      await page.locator('[data-field="url"]').fill('https://www.malmberg.nl/');
      await summary.getByText(/6 punt/).waitFor();
      await summary.getByRole('button', { name: 'Schrijf de vraag van deze opdracht.' }).click();
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-field')), 'question');
      await saved(page);
    });

    it('keeps both when a second tab saved the same lesson meanwhile', async () => {
      const other = await teacher.newPage();
      await other.goto(`${app.base}/lessen/${lessonId}`);
      await other.getByLabel('Samenvatting').fill('Uit het tweede tabblad.');
      await saved(other);
      // The first tab still holds the older revision; its next save meets the other's.
      await page.getByLabel('Samenvatting').fill('Uit het eerste tabblad.');
      const panel = page.getByRole('region', { name: 'Twee versies van deze les' });
      await panel.waitFor({ timeout: 15_000 });
      await panel.getByText('Jouw versie (in dit venster)').waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-lesson-conflict.png`), fullPage: true });
      await panel.getByRole('button', { name: /Beide bewaren/ }).click();
      await page.getByText('De andere versie staat nu in een aparte les:').waitFor();
      assert.equal(await page.getByLabel('Samenvatting').inputValue(), 'Uit het tweede tabblad.');
      await page.getByRole('link', { name: 'Het plein (mijn versie)' }).click();
      await page.getByRole('heading', { level: 1, name: /Het plein \(mijn versie\)/ }).waitFor();
      assert.equal(await page.getByLabel('Samenvatting').inputValue(), 'Uit het eerste tabblad.');
      await other.close();
    });

    it('keeps what was typed without a connection in the browser, and offers it back', async () => {
      await page.goto(`${app.base}/lessen/${lessonId}`);
      await page.getByLabel('Samenvatting').waitFor();
      await teacher.setOffline(true);
      await page.getByLabel('Samenvatting').fill('Getypt in de trein, zonder verbinding.');
      await page.getByText(/geen verbinding/).waitFor({ timeout: 15_000 });
      await page.close();
      await teacher.setOffline(false);
      page = await teacher.newPage();
      await page.goto(`${app.base}/lessen/${lessonId}`);
      const notice = page.getByRole('region', { name: 'Niet-opgeslagen werk' });
      await notice.waitFor();
      await notice.getByRole('button', { name: 'Terugzetten' }).click();
      assert.equal(await page.getByLabel('Samenvatting').inputValue(), 'Getypt in de trein, zonder verbinding.');
      await saved(page);
      await page.reload();
      await page.getByLabel('Samenvatting').waitFor();
      assert.equal(await page.getByLabel('Samenvatting').inputValue(), 'Getypt in de trein, zonder verbinding.');
    });
  });
}
