import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newTestPage, seriousViolations, serveFresh, type ServedApp } from '../support/browser.ts';
import { projectRoot } from '../../src/app/config.ts';
import { STORE_KINDS } from '../support/stores.ts';

const screenshots = join(projectRoot, 'test-results', 'screenshots');



for (const kind of STORE_KINDS) {
  describe(`the web application in Chromium, served on ${kind} with the demo corpus`, () => {
    let app: ServedApp;
    let browser: Browser;
    let page: Page;
    let base: string;

    before(async () => {
      mkdirSync(screenshots, { recursive: true });
      app = await serveFresh(kind, {});
      base = app.base;
      browser = await launchChromium();
      page = await newTestPage(browser);
    });

    after(async () => {
      await browser?.close();
      await app?.stop();
    });

    it('shows the home page with entry points, accessibly', async () => {
      await page.goto(`${base}/`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      assert.match(await page.title(), /Leergoed/);
      await page.getByRole('heading', { name: 'Op onderwijsniveau' }).waitFor();
      await page.waitForSelector('.card');
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-home.png`), fullPage: true });
    });

    it('searches "suriname" and finds Rijksmuseum objects', async () => {
      await page.getByLabel('Zoek op onderwerp, maker of titel').fill('suriname');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/zoeken\?q=suriname/);
      const heading = page.getByRole('heading', { name: /resultaten voor “suriname”/ });
      await heading.waitFor();
      const count = Number((await heading.textContent())!.replace(/\D+/g, ' ').trim().split(' ')[0]);
      assert.ok(count > 3000, `count ${count}`);
      assert.equal(await page.locator('.card').first().getByText('Rijksmuseum').count(), 1);
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-search.png`) });
    });

    it('filters the results from the URL state and by keyboard', async () => {
      const checkbox = page.getByRole('checkbox', { name: /Erfgoed/ });
      await checkbox.focus();
      await page.keyboard.press('Space');
      await page.waitForURL(/kind=heritage/);
      assert.ok(await checkbox.isChecked());
    });

    it('opens a resource page with licence, attribution and provenance', async () => {
      await page.locator('.card-title a').first().click();
      await page.waitForURL(/\/r\//);
      await page.getByRole('heading', { name: 'Naamsvermelding' }).waitFor();
      assert.ok(await page.getByRole('heading', { name: 'Herkomst' }).isVisible());
      assert.match(await page.locator('.attribution').textContent() ?? '', /Bron: Rijksmuseum/);
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-resource-rijksmuseum.png`), fullPage: true });
    });

    it('serves the JSON-LD of a resource in its first HTML, and shows a licence badge linking the licence', async () => {
      const results = await (await fetch(`${base}/api/v1/resources?q=gottingen`)).json() as { items: { id: string }[] };
      const id = results.items[0]!.id;
      const html = await (await fetch(`${base}/r/${id}`)).text();
      const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!);
      assert.equal(jsonLd.name, 'Picture of Göttingen taken during the 2019 IIIF Conference');
      assert.equal(jsonLd.license, 'http://creativecommons.org/licenses/by-sa/3.0/');
      assert.match(html, /<meta name="description" content="[^"]+">/);
      await page.goto(`${base}/r/${id}`);
      const badge = page.locator('.badge').getByRole('link', { name: 'CC BY-SA 3.0' });
      await badge.waitFor();
      assert.equal(await badge.getAttribute('href'), 'http://creativecommons.org/licenses/by-sa/3.0/');
      const inDom = await page.locator('script[type="application/ld+json"]').count();
      assert.equal(inDom, 1);
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-resource-iiif.png`), fullPage: true });
    });

    it('switches to English', async () => {
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { name: 'Attribution' }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      await page.getByRole('button', { name: 'Schakel naar Nederlands' }).click();
    });

    it('shows the sign-in page, accessibly', async () => {
      await page.goto(`${base}/inloggen`);
      await page.getByLabel('E-mailadres').fill('nobody@school.test');
      await page.getByLabel('Wachtwoord').fill('not the password');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByRole('alert').waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-sign-in.png`) });
    });
  });
}
