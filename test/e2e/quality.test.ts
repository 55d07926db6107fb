import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync } from 'node:fs';
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
  signInAs,
  type ServedApp,
} from '../support/browser.ts';
import { LinkServer } from '../support/link-server.ts';
import { gradientPng } from '../support/png.ts';
import { STORE_KINDS } from '../support/stores.ts';

const screenshots = join(projectRoot, 'test-results', 'screenshots');
const run = promisify(execFile);

for (const kind of STORE_KINDS) {
  describe(`a teacher sees a resource's quality and rates it in Chromium on ${kind}`, () => {
    let app: ServedApp;
    let browser: Browser;
    let page: Page;
    let resourceId = '';
    let web: LinkServer;

    before(async () => {
      mkdirSync(screenshots, { recursive: true });
      web = await new LinkServer().start();
      // The museum's link check reaches the local server, and two looks confirm a broken link at once.
      const env = { LEERGOED_DEMO: 'false', LEERGOED_ALLOW_PRIVATE_HOSTS: 'true', LEERGOED_LINK_CONFIRM_HOURS: '0' };
      app = await serveFresh(kind, env, (env) => {
        createAccount(env, ['--email', 'docent@school.test', '--name', 'Juf Fatima', '--role', 'teacher']);
        createAccount(env, ['--email', 'curator@leergoed.test', '--name', 'Curator Sanne', '--role', 'curator']);
        createAccount(env, ['--email', 'beheer@leergoed.test', '--name', 'Beheer', '--role', 'admin']);
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
        createAccount(env, [
          '--email',
          'redactie@kmska.test',
          '--name',
          'Redactie KMSKA',
          '--role',
          'institution_editor',
          '--organisation',
          'KMSKA',
          '--organisation-kind',
          'heritage',
        ]);
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
      await web?.stop();
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

    it("takes a teacher's confirmation of a suggested objective on a museum's record as a vote", async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${app.base}/r/${resourceId}`);
      const suggested = page.getByRole('region', { name: 'Voorgestelde leerdoelen' });
      await suggested.getByText('Je stem telt mee: een curator of de redactie van de instelling beslist.').waitFor();
      assert.equal(
        await suggested.getByRole('button', { name: /^Bevestigen/ }).count(),
        0,
        'no decision for a teacher',
      );
      await suggested
        .getByRole('button', { name: /^Past leerdoel/ })
        .first()
        .click();
      await suggested.getByText('Stemmen van docenten: 1 past, 0 past niet. Jouw stem: past.').waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-objective-vote.png`), fullPage: true });
    });

    it('publishes its rubric, and a curator reviews against it with a score and a reason per dimension', async () => {
      const curator = await newTestPage(browser);
      await curator.goto(`${app.base}/kwaliteit/rubric`);
      await curator.getByRole('heading', { level: 1, name: 'Beoordelingsrubric' }).waitFor();
      await curator.getByRole('table', { name: 'Scores voor Aansluiting bij leerdoelen' }).waitFor();
      assert.deepEqual(await seriousViolations(curator), []);
      await curator.screenshot({ path: join(screenshots, `${kind}-rubric.png`), fullPage: true });

      await curator.goto(`${app.base}/inloggen`);
      await curator.getByLabel('E-mailadres').fill('curator@leergoed.test');
      await curator.getByLabel('Wachtwoord').fill('een lang wachtwoord');
      await curator.getByRole('button', { name: 'Inloggen' }).click();
      await curator.getByRole('button', { name: 'Uitloggen' }).waitFor();
      await curator.goto(`${app.base}/r/${resourceId}`);
      const quality = curator.getByRole('region', { name: 'Kwaliteit' });
      await quality.getByText('Nog niet beoordeeld met de rubric.').waitFor();
      await quality.getByRole('button', { name: 'Beoordeel met de rubric' }).click();
      const form = quality.getByRole('form', { name: 'Nieuwe beoordeling' });
      const groups = form.getByRole('group');
      const count = await groups.count();
      assert.equal(count, 6, 'one group per dimension of the rubric');
      for (let i = 0; i < count; i += 1) {
        const group = groups.nth(i);
        if (i === 2) await group.getByLabel('Niet van toepassing').check();
        else await group.getByRole('radio').nth(2).check();
        await group.getByRole('textbox').fill(`Reden ${i + 1}: beschreven en gecontroleerd.`);
      }
      await form.getByLabel('Samenvatting (niet verplicht)').fill('Bruikbaar erfgoedobject voor groep 7 en 8.');
      await form.getByRole('button', { name: 'Beoordeling plaatsen' }).click();
      await quality.getByText('Je beoordeling is opgeslagen.').waitFor();
      const table = quality.getByRole('table', { name: 'Scores van Curator Sanne' });
      await table.getByRole('row', { name: /Aansluiting bij leerdoelen 2 van 3 Reden 1/ }).waitFor();
      await table.getByRole('row', { name: /n\.v\.t\. Reden 3/ }).waitFor();
      await quality.getByText('Bruikbaar erfgoedobject voor groep 7 en 8.').waitFor();
      assert.deepEqual(await seriousViolations(curator), []);
      await curator.screenshot({ path: join(screenshots, `${kind}-resource-review.png`), fullPage: true });

      await quality.getByRole('button', { name: 'Verbergen' }).click();
      await quality.getByLabel('Waarom verberg je deze beoordeling?').fill('Dubbel geplaatst.');
      await quality.getByRole('button', { name: 'Verberg beoordeling' }).click();
      await quality.getByText('Verborgen voor anderen: Dubbel geplaatst.').waitFor();
      await page.reload();
      await page.getByRole('region', { name: 'Kwaliteit' }).getByText('Nog niet beoordeeld met de rubric.').waitFor();

      await curator.setViewportSize({ width: 320, height: 800 });
      assert.ok(await curator.evaluate(() => document.documentElement.scrollWidth <= 320), 'reflows at 320 px');
      await curator.screenshot({ path: join(screenshots, `${kind}-resource-review-320.png`), fullPage: true });
      await curator.close();
    });

    it('lets an admin name an issuer, whose editor defines a mark with a logo, awards it and withdraws it', async () => {
      const admin = await newTestPage(browser);
      await signInAs(admin, app.base, 'beheer@leergoed.test');
      await admin.goto(`${app.base}/beheer/gebruikers`);
      const issuers = admin.getByRole('region', { name: 'Uitgevers van keurmerken' });
      await issuers.getByText('Nog geen organisatie geeft keurmerken uit.').waitFor();
      await issuers.getByLabel('Organisatie').selectOption({ label: 'KMSKA' });
      await issuers.getByRole('button', { name: 'Mag keurmerken uitgeven' }).click();
      await issuers.getByText('KMSKA mag nu keurmerken uitgeven.').waitFor();
      await admin.close();

      const editor = await newTestPage(browser);
      await signInAs(editor, app.base, 'redactie@kmska.test');
      await editor.goto(`${app.base}/team`);
      const marks = editor.getByRole('region', { name: 'Keurmerken' });
      await marks.getByText('Nog geen keurmerken vastgelegd.').waitFor();
      await marks.getByLabel('Naam van het keurmerk').fill('Erfgoed in de klas');
      await marks.getByLabel('Webadres van de criteria').fill('https://kmska.be/erfgoed-in-de-klas');
      await marks.getByLabel('Geldig (maanden)').fill('12');
      await marks
        .getByLabel('Logo (niet verplicht)')
        .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: gradientPng(64, 64) });
      await marks.getByRole('button', { name: 'Keurmerk vastleggen' }).click();
      await marks.getByText('Keurmerk Erfgoed in de klas is vastgelegd.').waitFor();
      await marks.getByText('Een toekenning is 12 maanden geldig.').waitFor();
      assert.deepEqual(await seriousViolations(editor), []);
      await editor.screenshot({ path: join(screenshots, `${kind}-team-marks.png`), fullPage: true });

      await editor.goto(`${app.base}/r/${resourceId}`);
      const quality = editor.getByRole('region', { name: 'Kwaliteit' });
      await quality.getByLabel('Keurmerk', { exact: true }).selectOption({ index: 0 });
      await quality.getByRole('button', { name: 'Keurmerk toekennen' }).click();
      await quality.getByText('Het keurmerk is toegekend.').waitFor();
      await quality.getByText('Keurmerk Erfgoed in de klas', { exact: true }).waitFor();
      await quality.getByText(/Geldig tot \d{1,2}-\d{1,2}-\d{4}\./).waitFor();
      const logo = quality.locator('img.mark-logo');
      await logo.waitFor();
      assert.ok(
        await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 64),
        'the logo shows',
      );
      assert.deepEqual(await seriousViolations(editor), []);
      await editor.screenshot({ path: join(screenshots, `${kind}-resource-mark.png`), fullPage: true });

      await quality.getByRole('button', { name: 'Keurmerk intrekken' }).click();
      await quality.getByLabel('Waarom trek je dit keurmerk in?').fill('Het object is uitgeleend en niet te zien.');
      await quality.getByRole('button', { name: 'Trek keurmerk in' }).click();
      await quality.getByText('Het keurmerk is ingetrokken.').waitFor();
      await quality.getByText(/^Ingetrokken op .*: Het object is uitgeleend en niet te zien\.$/).waitFor();
      await page.reload();
      await page
        .getByRole('region', { name: 'Kwaliteit' })
        .getByText(/^Ingetrokken op .*: Het object is uitgeleend/)
        .waitFor();
      assert.equal(
        await page.getByRole('button', { name: 'Keurmerk intrekken' }).count(),
        0,
        'a teacher may not withdraw marks',
      );
      await editor.close();
    });

    it('warns a teacher above the link to the source when the link check found it broken', async () => {
      const { cookie, csrfToken } = await apiSession(app.base, 'curator@leergoed.test');
      const created = await fetch(`${app.base}/api/v1/resources`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({
          kind: 'material',
          title: 'Werkblad over de Cobrabeweging',
          url: `${web.base}/gone`,
          rights: 'CC BY 4.0',
        }),
      });
      assert.equal(created.status, 201);
      const { id } = (await created.json()) as { id: string };
      // Run asynchronously: the local web server it looks at lives in this process.
      const check = async () => {
        const { stdout } = await run(
          process.execPath,
          [join(projectRoot, 'bin', 'leergoed.js'), 'quality', 'check', '--resource', id],
          { env: app.env, encoding: 'utf8' },
        );
        return stdout;
      };
      assert.match(await check(), /checked 1 links: 0 broken, 1 gave a warning/);
      await page.goto(`${app.base}/r/${id}`);
      await page.getByRole('link', { name: 'Bekijk bij de bron' }).waitFor();
      assert.equal(await page.getByText(/de link naar de bron werkt niet/).count(), 0, 'gone once is no proof');
      assert.match(await check(), /checked 1 links: 1 broken, 0 gave a warning/);
      await page.reload();
      await page.getByText(/^Let op: de link naar de bron werkt niet\./).waitFor();
      await page
        .getByRole('region', { name: 'Kwaliteit' })
        .getByText(/^Link: niet in orde/)
        .waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-broken-link.png`), fullPage: true });
    });
  });
}
