import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '../../src/app/config.ts';
import { createAccount, launchChromium, seriousViolations, serveFresh, type ServedApp } from '../support/browser.ts';
import { oidcProvider, type TestProvider } from '../support/oidc-provider.ts';
import { STORE_KINDS } from '../support/stores.ts';

const screenshots = join(projectRoot, 'test-results', 'screenshots');

/** Signs in at the test provider's own login form (any password), and agrees. */
async function atProvider(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

for (const kind of STORE_KINDS) {
  describe(`school login by OpenID Connect in Chromium on ${kind}`, () => {
    let provider: TestProvider;
    let app: ServedApp;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;

    before(async () => {
      mkdirSync(screenshots, { recursive: true });
      provider = await oidcProvider();
      app = await serveFresh(
        kind,
        {
          LEERGOED_OIDC_ISSUER: provider.issuer,
          LEERGOED_OIDC_CLIENT_ID: provider.clientId,
          LEERGOED_OIDC_CLIENT_SECRET: provider.clientSecret,
          LEERGOED_OIDC_NAME: 'SURFconext',
          LEERGOED_ALLOW_PRIVATE_HOSTS: 'true',
        },
        (env) => createAccount(env, ['--email', 'bas@basisschool.test', '--name', 'Meester Bas', '--role', 'teacher']),
      );
      provider.start(`${app.base}/api/v1/oidc/callback`);
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await app?.stop();
      await provider?.close();
    });

    async function fresh(): Promise<Page> {
      await context?.close();
      context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      // The provider's development form loads a web font; nothing leaves this machine.
      await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
      page = await context.newPage();
      return page;
    }

    it('signs a teacher in through the school login, makes the account and joins the school by its claim', async () => {
      await fresh();
      await page.goto(`${app.base}/gemeenschappen`);
      await page.getByRole('link', { name: 'Inloggen' }).click();
      await page.getByRole('link', { name: 'Inloggen met SURFconext' }).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-sign-in-oidc.png`), fullPage: true });
      await page.getByRole('link', { name: 'Inloggen met SURFconext' }).click();
      await atProvider(page, 'juf-anna');
      await page.waitForURL(`${app.base}/gemeenschappen`);
      await page.getByRole('button', { name: 'Uitloggen', exact: true }).waitFor();
      const me = await page.evaluate(async () => (await fetch('/api/v1/session')).json());
      assert.equal(me.user.name, 'Juf Anna');
      assert.equal(me.user.role, 'teacher');
      assert.deepEqual(
        me.user.organisations.map((o: { name: string }) => o.name),
        ['Basisschool De Linde'],
      );
      // Again: the same account, found by issuer and subject.
      await page.getByRole('button', { name: 'Uitloggen', exact: true }).click();
      await page.goto(`${app.base}/api/v1/oidc/login?terug=/lessen`);
      await page.waitForURL(/\/lessen$/);
      const again = await page.evaluate(async () => (await fetch('/api/v1/session')).json());
      assert.equal(again.user.id, me.user.id);
    });

    it('refuses a forged state', async () => {
      await fresh();
      await page.goto(`${app.base}/api/v1/oidc/login`);
      await page.locator('input[name="login"]').waitFor();
      // Another site sends the browser back with a code and a state of its own making.
      await page.goto(`${app.base}/api/v1/oidc/callback?code=stolen&state=forged`);
      await page.waitForURL(/\/inloggen\?fout=LG_OIDC_STATE/);
      await page
        .getByText('Die inlogpoging hoort niet bij deze browser of duurde te lang.', { exact: false })
        .waitFor();
      assert.equal(await page.evaluate(async () => (await fetch('/api/v1/session')).status), 401);
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-oidc-refused.png`), fullPage: true });
    });

    it('refuses an ID token with a wrong nonce', async () => {
      await fresh();
      // Leergoed's redirect to the provider is changed on the way: the provider signs another nonce.
      const started = await page.request.get(`${app.base}/api/v1/oidc/login`, { maxRedirects: 0 });
      const authorize = new URL(started.headers()['location']!);
      authorize.searchParams.set('nonce', 'not-the-nonce-of-this-login');
      await page.goto(authorize.href);
      await atProvider(page, 'juf-anna');
      await page.waitForURL(/\/inloggen\?fout=LG_OIDC_FAILED/);
      await page.getByText(/Inloggen via je school is niet gelukt/).waitFor();
      assert.equal(await page.evaluate(async () => (await fetch('/api/v1/session')).status), 401);
    });

    it('refuses an expired ID token', async () => {
      await fresh();
      provider.idTokenSeconds = 1;
      // The provider's answer to Leergoed arrives 7 s after the token was made: past its 1 s and 5 s of clock tolerance.
      provider.holdTokensMs = 7000;
      try {
        await page.goto(`${app.base}/api/v1/oidc/login`);
        await atProvider(page, 'juf-anna');
        await page.waitForURL(/\/inloggen\?fout=LG_OIDC_FAILED/, { timeout: 30_000 });
        assert.equal(await page.evaluate(async () => (await fetch('/api/v1/session')).status), 401);
      } finally {
        provider.idTokenSeconds = 3600;
        provider.holdTokensMs = 0;
      }
    });

    it('never links by address alone: an existing account links the school login from "Mijn account"', async () => {
      await fresh();
      await page.goto(`${app.base}/api/v1/oidc/login`);
      await atProvider(page, 'meester-bas');
      await page.waitForURL(/\/inloggen\?fout=LG_OIDC_EMAIL_IN_USE/);
      await page.getByText(/Er is al een Leergoed-account met het e-mailadres/).waitFor();
      await page.getByLabel('E-mailadres').fill('bas@basisschool.test');
      await page.getByLabel('Wachtwoord').fill('een lang wachtwoord');
      await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
      await page.getByRole('button', { name: 'Uitloggen', exact: true }).waitFor();
      await page.goto(`${app.base}/account`);
      await page.getByRole('link', { name: 'SURFconext koppelen' }).click();
      await page.waitForURL(`${app.base}/account`);
      await page.getByRole('button', { name: 'Uitloggen', exact: true }).click();
      await page.goto(`${app.base}/api/v1/oidc/login?terug=/account`);
      await page.waitForURL(`${app.base}/account`);
      await page.getByText('Je logt nu in met bas@basisschool.test.', { exact: false }).waitFor();
    });
  });
}
