import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../../src/app/config.ts';
import { launchChromium, seriousViolations, serveFresh, type ServedApp } from '../support/browser.ts';
import { smtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { STORE_KINDS } from '../support/stores.ts';

const screenshots = join(projectRoot, 'test-results', 'screenshots');
const password = 'mijn klas leest graag voor';

for (const kind of STORE_KINDS) {
  describe(`a teacher joins by herself in Chromium on ${kind}: register, confirm, forget, reset`, () => {
    let app: ServedApp;
    let sink: SmtpSink;
    let browser: Browser;
    let page: Page;

    before(async () => {
      mkdirSync(screenshots, { recursive: true });
      sink = await smtpSink();
      app = await serveFresh(kind, {
        LEERGOED_SMTP_URL: sink.url,
        LEERGOED_MAIL_FROM: 'Leergoed <noreply@leergoed.test>',
      });
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })).newPage();
    });
    after(async () => {
      await browser?.close();
      await app?.stop();
      await sink?.close();
    });

    it('registers from the sign-in page, with the password rules said in Dutch', async () => {
      await page.goto(`${app.base}/inloggen`);
      await page.getByRole('link', { name: 'Maak er een aan' }).click();
      await page.getByRole('heading', { level: 1, name: 'Account aanmaken' }).waitFor();
      await page.getByLabel('Naam').fill('Meester Bas');
      await page.getByLabel('E-mailadres').fill('bas@basisschool.test');
      await page.getByLabel('Wachtwoord').fill('welkom123456');
      await page.getByRole('button', { name: 'Account aanmaken' }).click();
      const alert = page.getByRole('alert');
      await alert.getByText(/Dit wachtwoord is te makkelijk te raden/).waitFor();
      assert.equal(await page.getByLabel('Wachtwoord').getAttribute('aria-invalid'), 'true');
      assert.doesNotMatch((await alert.locator('p').first().textContent()) ?? '', /LG_/);
      await alert.getByText('Details').click();
      await alert.getByText('Foutcode: LG_PASSWORD_COMMON (HTTP 400)').waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-register-refused.png`), fullPage: true });
      await page.getByLabel('Wachtwoord').fill(password);
      await page.getByRole('button', { name: 'Account aanmaken' }).click();
      await page.getByText('Bijna klaar! We hebben een mail gestuurd naar bas@basisschool.test.').waitFor();
    });

    it('cannot sign in before the address is confirmed; the mailed link confirms it', async () => {
      await page.goto(`${app.base}/inloggen`);
      await page.getByLabel('E-mailadres').fill('bas@basisschool.test');
      await page.getByLabel('Wachtwoord').fill(password);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByText(/Bevestig eerst je e-mailadres/).waitFor();
      const mail = await sink.next('bas@basisschool.test');
      await page.goto(mail.link(`${app.base}/account/bevestigen?token=`));
      await page.getByText('Je e-mailadres is bevestigd. Je kunt nu inloggen.').waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-verified.png`), fullPage: true });
    });

    it('signs in and returns to the page it came from', async () => {
      await page.goto(`${app.base}/gemeenschappen`);
      await page.getByRole('link', { name: 'Inloggen' }).click();
      await page.getByLabel('E-mailadres').fill('bas@basisschool.test');
      await page.getByLabel('Wachtwoord').fill(password);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
      await page.waitForURL(`${app.base}/gemeenschappen`);
      await page.getByRole('button', { name: 'Uitloggen' }).click();
    });

    it('resets a forgotten password by the mailed link, which works once', async () => {
      await page.goto(`${app.base}/inloggen`);
      await page.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
      await page.getByLabel('E-mailadres').fill('bas@basisschool.test');
      await page.getByRole('button', { name: 'Stuur de link' }).click();
      await page.getByText(/Als er een account bij bas@basisschool.test hoort/).waitFor();
      const link = (await sink.next('bas@basisschool.test')).link(`${app.base}/wachtwoord-herstellen?token=`);
      await page.goto(link);
      await page.getByLabel('Nieuw wachtwoord').fill('een ander lang wachtwoord');
      await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
      await page.getByText(/Je nieuwe wachtwoord is opgeslagen/).waitFor();
      await page.goto(link);
      await page.getByLabel('Nieuw wachtwoord').fill('nog weer een ander wachtwoord');
      await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
      await page
        .getByText('Deze link werkt niet meer: hij is al gebruikt of verlopen. Vraag een nieuwe aan.')
        .waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-reset-used.png`), fullPage: true });
    });

    it('changes the password on "Mijn account" and signs out everywhere', async () => {
      await page.goto(`${app.base}/inloggen?terug=/account`);
      await page.getByLabel('E-mailadres').fill('bas@basisschool.test');
      await page.getByLabel('Wachtwoord').fill('een ander lang wachtwoord');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mijn account' }).waitFor();
      await page.getByText('Je logt nu in met bas@basisschool.test.', { exact: false }).waitFor();
      const section = page.getByRole('region', { name: 'Wachtwoord' });
      await section.getByLabel('Je huidige wachtwoord').fill('fout');
      await section.getByLabel('Nieuw wachtwoord').fill('een derde lang wachtwoord');
      await section.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
      await section.getByText('Je huidige wachtwoord klopt niet.').waitFor();
      await section.getByLabel('Je huidige wachtwoord').fill('een ander lang wachtwoord');
      await section.getByLabel('Nieuw wachtwoord').fill('een derde lang wachtwoord');
      await section.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
      await section.getByText(/Je wachtwoord is gewijzigd/).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-my-account.png`), fullPage: true });
      await page.setViewportSize({ width: 320, height: 800 });
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'reflows at 320 px');
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.getByRole('button', { name: 'Overal uitloggen' }).click();
      await page.getByRole('link', { name: 'Inloggen' }).waitFor();
      const session = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
      assert.equal(session, 401);
    });

    it('downloads "Mijn gegevens" and deletes the account, published work credited as chosen', async () => {
      await page.goto(`${app.base}/inloggen?terug=/account`);
      await page.getByLabel('E-mailadres').fill('bas@basisschool.test');
      await page.getByLabel('Wachtwoord').fill('een derde lang wachtwoord');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByRole('heading', { level: 2, name: 'Mijn gegevens' }).waitFor();
      const downloading = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Download mijn gegevens (JSON)' }).click();
      const download = await downloading;
      const { readFileSync } = await import('node:fs');
      const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
      assert.equal(data.account.email, 'bas@basisschool.test');
      assert.equal(data.account.name, 'Meester Bas');
      const section = page.getByRole('region', { name: 'Account verwijderen' });
      await section.getByRole('radio', { name: /een docent/ }).check();
      await section.getByLabel('Je wachtwoord').fill('een derde lang wachtwoord');
      assert.deepEqual(await seriousViolations(page), []);
      await section.getByRole('button', { name: 'Mijn account verwijderen' }).click();
      await page.getByText(/Je account is verwijderd/).waitFor();
      await page.goto(`${app.base}/inloggen`);
      await page.getByLabel('E-mailadres').fill('bas@basisschool.test');
      await page.getByLabel('Wachtwoord').fill('een derde lang wachtwoord');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByText('Dat e-mailadres of wachtwoord klopt niet.').waitFor();
    });
  });
}
