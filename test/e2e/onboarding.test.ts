import assert from 'node:assert/strict';
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
import { smtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { STORE_KINDS } from '../support/stores.ts';

const screenshots = join(projectRoot, 'test-results', 'screenshots');
const password = 'een lang wachtwoord';

for (const kind of STORE_KINDS) {
  describe(`a museum joins in Chromium on ${kind}: it applies, is approved, and its editor brings a colleague`, () => {
    let app: ServedApp;
    let sink: SmtpSink;
    let browser: Browser;
    let anna: Page;
    let admin: Page;

    before(async () => {
      mkdirSync(screenshots, { recursive: true });
      sink = await smtpSink();
      app = await serveFresh(
        kind,
        { LEERGOED_DEMO: 'false', LEERGOED_SMTP_URL: sink.url, LEERGOED_MAIL_FROM: 'Leergoed <noreply@leergoed.test>' },
        (env) => {
          createAccount(env, ['--email', 'beheer@leergoed.test', '--name', 'Beheer', '--role', 'admin']);
          createAccount(env, ['--email', 'anna@zuiderzee.test', '--name', 'Anna Bakker', '--role', 'teacher']);
        },
      );
      browser = await launchChromium();
      anna = await newTestPage(browser);
      admin = await newTestPage(browser);
    });
    after(async () => {
      await browser?.close();
      await app?.stop();
      await sink?.close();
    });

    async function signIn(page: Page, email: string) {
      await page.getByLabel('E-mailadres').fill(email);
      await page.getByLabel('Wachtwoord').fill(password);
      await page.getByRole('button', { name: 'Inloggen' }).click();
    }

    it('takes the application of a teacher from her account page', async () => {
      await anna.goto(`${app.base}/inloggen?terug=/account`);
      await signIn(anna, 'anna@zuiderzee.test');
      await anna.getByRole('heading', { level: 1, name: 'Mijn account' }).waitFor();
      await anna.getByText('Je hoort nog niet bij een school of instelling op Leergoed.', { exact: false }).waitFor();
      await anna.getByRole('link', { name: 'Organisatie aanmelden' }).click();
      await anna.getByRole('heading', { level: 1, name: 'Organisatie aanmelden' }).waitFor();
      await anna.getByLabel('Naam van de organisatie').fill('Zuiderzeemuseum');
      await anna.getByLabel('Soort organisatie').selectOption('heritage');
      await anna.getByLabel('Website (niet verplicht)').fill('ftp://zuiderzeemuseum.nl');
      await anna
        .getByLabel('Wie ben je, en wat brengt je organisatie in?')
        .fill('Ik ben conservator van het Zuiderzeemuseum en wil onze collectie over de visserij delen.');
      await anna.getByRole('button', { name: 'Aanvraag versturen' }).click();
      await anna.getByText('Vul een webadres in dat begint met https:// of http://.').waitFor();
      assert.equal(await anna.getByLabel('Website (niet verplicht)').getAttribute('aria-invalid'), 'true');
      await anna.getByLabel('Website (niet verplicht)').fill('https://www.zuiderzeemuseum.nl');
      await anna.getByRole('button', { name: 'Aanvraag versturen' }).click();
      await anna.getByText('Je aanvraag voor Zuiderzeemuseum is verstuurd.', { exact: false }).waitFor();
      await anna.getByText('Wacht op beoordeling').waitFor();
      assert.deepEqual(await seriousViolations(anna), []);
      await anna.screenshot({ path: join(screenshots, `${kind}-organisation-apply.png`), fullPage: true });
    });

    it('lets the administrator refuse only with a reason, and approve', async () => {
      await admin.goto(`${app.base}/inloggen?terug=/beheer/gebruikers`);
      await signIn(admin, 'beheer@leergoed.test');
      const applications = admin.getByRole('region', { name: 'Aanvragen van organisaties' });
      await applications.getByRole('heading', { name: 'Zuiderzeemuseum' }).waitFor();
      await applications.getByText('Ik ben conservator van het Zuiderzeemuseum', { exact: false }).waitFor();
      await applications.getByRole('button', { name: 'Afwijzen' }).click();
      await applications
        .getByText('Schrijf bij een afwijzing in minstens 10 tekens waarom.', { exact: false })
        .waitFor();
      assert.deepEqual(await seriousViolations(admin), []);
      await admin.screenshot({ path: join(screenshots, `${kind}-organisation-applications.png`), fullPage: true });
      await applications.getByRole('button', { name: 'Goedkeuren' }).click();
      await admin.getByText('Zuiderzeemuseum is goedgekeurd; de aanvrager is nu redacteur.').waitFor();
      await applications.getByText('Er wachten geen aanvragen.').waitFor();
      await admin.getByRole('cell', { name: 'Aanvraag voor Zuiderzeemuseum goedgekeurd' }).waitFor();
      await admin.getByRole('cell', { name: 'Anna Bakker is redacteur van Zuiderzeemuseum geworden' }).waitFor();
    });

    it('mails the applicant, whose team page invites a colleague after signing in again', async () => {
      const mail = await sink.next('anna@zuiderzee.test');
      assert.match(mail.subject, /Zuiderzeemuseum staat op Leergoed/);
      await anna.goto(mail.link(`${app.base}/team?organisatie=`));
      // Her rights changed: her session ended, and signing in brings her back here.
      await anna.getByRole('link', { name: 'Inloggen' }).last().click();
      await signIn(anna, 'anna@zuiderzee.test');
      await anna.getByRole('heading', { level: 1, name: 'Team: Zuiderzeemuseum' }).waitFor();
      await anna.getByRole('link', { name: 'Bronnen' }).waitFor();
      await anna.getByLabel('E-mailadres van je collega').fill('kees@zuiderzee.test');
      await anna.getByLabel('Rol', { exact: true }).selectOption('member');
      await anna.getByRole('button', { name: 'Uitnodiging versturen' }).click();
      await anna.getByText('De uitnodiging is verstuurd naar kees@zuiderzee.test.').waitFor();
      await anna.getByText('lid, uitgenodigd door Anna Bakker', { exact: false }).waitFor();
      // The last editor cannot make herself a member.
      await anna.getByLabel('Rol van Anna Bakker').selectOption('member');
      await anna.getByText('Dat kan niet: een organisatie houdt minstens één redacteur.', { exact: false }).waitFor();
      assert.deepEqual(await seriousViolations(anna), []);
      await anna.screenshot({ path: join(screenshots, `${kind}-organisation-team.png`), fullPage: true });
    });

    it('lets the colleague make an account from the invitation and join as a member', async () => {
      const mail = await sink.next('kees@zuiderzee.test');
      assert.match(mail.text, /Anna Bakker nodigt je uit om als lid van Zuiderzeemuseum/);
      const kees = await newTestPage(browser);
      await kees.goto(mail.link(`${app.base}/uitnodiging?token=`));
      await kees.getByText('Je bent uitgenodigd als lid van Zuiderzeemuseum.').waitFor();
      await kees.getByLabel('Naam').fill('Kees de Vries');
      await kees.getByLabel('Wachtwoord').fill('de haven van enkhuizen');
      assert.deepEqual(await seriousViolations(kees), []);
      await kees.screenshot({ path: join(screenshots, `${kind}-invitation.png`), fullPage: true });
      await kees.getByRole('button', { name: 'Uitnodiging aannemen' }).click();
      await kees.getByText('Welkom bij Zuiderzeemuseum! Je bent nu lid.').waitFor();
      await kees.getByRole('link', { name: 'Account' }).click();
      await kees.getByText('Zuiderzeemuseum (lid)').waitFor();
      await kees.close();
    });

    it('makes the colleague an editor, and reflows at 320 pixels', async () => {
      await anna.reload();
      await anna.getByLabel('Rol van Kees de Vries').selectOption('editor');
      await anna.getByText('Kees de Vries is nu redacteur.', { exact: false }).waitFor();
      await anna.setViewportSize({ width: 320, height: 800 });
      await anna.getByRole('heading', { level: 1, name: 'Team: Zuiderzeemuseum' }).waitFor();
      const wide = await anna.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter(
            (e) =>
              e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 ||
              e.scrollWidth > e.clientWidth + 1,
          )
          .filter((e) => !e.closest('.table-scroll'))
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
          .slice(0, 5),
      );
      assert.ok(
        await anna.evaluate(() => document.documentElement.scrollWidth <= 320),
        `reflows at 320 px: too wide are ${wide.join(', ')}`,
      );
      await anna.screenshot({ path: join(screenshots, `${kind}-organisation-team-320.png`), fullPage: true });
      // In the English interface, a refusal reads in English.
      await anna.setViewportSize({ width: 1280, height: 900 });
      await anna.getByRole('button', { name: 'Switch to English' }).click();
      await anna.getByRole('heading', { level: 1, name: 'Team: Zuiderzeemuseum' }).waitFor();
      await anna.getByLabel("Your colleague's e-mail address").fill('kees@zuiderzee.test');
      await anna.getByRole('button', { name: 'Send invitation' }).click();
      const alert = anna.getByRole('alert');
      await alert.getByText('This address belongs to someone in the team already.', { exact: false }).waitFor();
      assert.doesNotMatch((await alert.locator('p').first().textContent()) ?? '', /LG_|Ongeldig|Dit adres/);
    });
  });
}
