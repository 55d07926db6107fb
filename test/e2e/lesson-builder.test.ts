import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '../../src/app/config.ts';
import { createAccount, launchChromium, seriousViolations, serveFresh, type ServedApp } from '../support/browser.ts';
import { iiifServer, type IiifServer } from '../support/iiif-server.ts';
import { PLATFORM, browserPlatform } from '../support/lti-platform.ts';
import { STORE_KINDS } from '../support/stores.ts';
import { xmllint, xsdDir } from '../support/xml.ts';

const screenshots = join(projectRoot, 'test-results', 'screenshots');
const password = 'een lang wachtwoord';

/** Waits until the page's address matches (history navigations too), failing early on an alert. */
async function opened(page: Page, path: RegExp, alert?: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; !path.test(new URL(page.url()).pathname);) {
    if (alert && (await page.locator(alert).count()) > 0)
      assert.fail(`refused: ${await page.locator(alert).first().textContent()}`);
    if (Date.now() > deadline) assert.fail(`${page.url()} did not become ${path}`);
    await page.waitForTimeout(100);
  }
}

async function signIn(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}/inloggen`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
}

for (const kind of STORE_KINDS) {
  describe(`composing a lesson in Chromium on ${kind}: from search to publish, export and a colleague's copy`, () => {
    let app: ServedApp;
    let iiif: IiifServer;
    let browser: Browser;
    let teacher: BrowserContext;
    let page: Page;
    let lessonId = '';

    before(async () => {
      mkdirSync(screenshots, { recursive: true });
      iiif = await iiifServer();
      // The museum's server is on this machine, so the exports may fetch from private addresses here.
      app = await serveFresh(kind, { LEERGOED_ALLOW_PRIVATE_HOSTS: 'true' }, (env) => {
        createAccount(env, ['--email', 'docent@school.test', '--name', 'Docent Anna', '--role', 'teacher']);
        createAccount(env, ['--email', 'collega@school.test', '--name', 'Collega Bram', '--role', 'teacher']);
        createAccount(env, ['--email', 'beheer@school.test', '--name', 'Beheer', '--role', 'admin']);
        const imported = spawnSync(
          process.execPath,
          [
            join(projectRoot, 'bin', 'leergoed.js'),
            'import',
            iiif.manifestFile,
            '--source',
            'IIIF Cookbook',
            '--institution',
            'IIIF Consortium',
          ],
          { env, encoding: 'utf8' },
        );
        assert.equal(imported.status, 0, imported.stderr);
      });
      browser = await launchChromium();
      teacher = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        bypassCSP: true,
        acceptDownloads: true,
      });
      page = await teacher.newPage();
    });

    after(async () => {
      await browser?.close();
      await app?.stop();
      iiif?.server.close();
      if (iiif) rmSync(iiif.dir, { recursive: true, force: true });
    });

    it('adds a search result to a new lesson', async () => {
      await signIn(page, app.base, 'docent@school.test');
      await page.goto(`${app.base}/zoeken?q=gottingen`);
      const card = page.locator('.card', { hasText: 'Picture of Göttingen' });
      await card.getByRole('button', { name: /Toevoegen aan les/ }).click();
      await card.getByRole('radio', { name: 'Nieuwe les' }).check();
      await card.getByRole('button', { name: 'Toevoegen', exact: true }).click();
      await card.getByText(/Toegevoegd aan “Les over Picture of Göttingen/).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await card.getByRole('link', { name: 'Les bewerken' }).click();
      await opened(page, /^\/lessen\/[^/]+$/);
      lessonId = page.url().split('/').pop()!;
      await page.getByRole('heading', { level: 1, name: /Les maken/ }).waitFor();
    });

    it('picks a detail by drawing on the image, annotates it, and adds text, tasks and closed material in two level variants', async () => {
      await page.getByLabel('Titel', { exact: true }).fill('Een plein in Göttingen');
      await page.getByLabel('Samenvatting').fill('Wat zie je op een stadsplein, en wat vertelt het over de stad?');
      await page.getByRole('group', { name: 'Niveaus' }).getByRole('checkbox', { name: 'groep 7' }).check();
      await page.getByRole('group', { name: 'Niveaus' }).getByRole('checkbox', { name: 'groep 8' }).check();
      await page.getByLabel('Titel van dit deel').fill('Kijken');

      // The resource becomes a detail: draw its region with the mouse.
      await page.getByRole('button', { name: 'Detail kiezen op de afbeelding' }).click();
      const stage = page.getByTestId('region-stage');
      await stage.locator('img').waitFor();
      await page.waitForFunction(
        () => (document.querySelector('[data-testid="region-stage"] img') as HTMLImageElement | null)?.complete,
      );
      const box = (await stage.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.25);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 5 });
      await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.75, { steps: 5 });
      await page.mouse.up();
      const x = Number(await page.getByLabel('Links (x)').inputValue());
      const w = Number(await page.getByLabel('Breedte').inputValue());
      assert.ok(
        Math.abs(x - 1008) < 60 && Math.abs(w - 2016) < 60,
        `drawn region x=${x} w=${w} in canvas pixels (4032 wide)`,
      );
      // The same without dragging: type the numbers.
      await page.getByLabel('Links (x)').fill('1000');
      await page.getByLabel('Breedte').fill('2000');
      await page.getByLabel('Boven (y)').fill('750');
      await page.getByLabel('Hoogte').fill('1500');
      await page.getByLabel('Onderschrift bij het detail').fill('De fontein op het plein');
      await page.getByRole('radio', { name: 'Punt plaatsen (klikken)' }).check();
      await stage.scrollIntoViewIfNeeded();
      const now = (await stage.boundingBox())!;
      await page.mouse.click(now.x + now.width * 0.5, now.y + now.height * 0.5);
      assert.equal(
        await page.getByLabel('y', { exact: true }).inputValue(),
        '1512',
        'the point is where it was clicked, in canvas pixels',
      );
      await page.getByLabel('Aantekening 1').fill('Het beeld op de fontein');

      // Text, an open question and closed material in the first variant.
      const firstVariant = page.locator('.builder-variant').first();
      await firstVariant.getByRole('button', { name: 'Tekst', exact: true }).click();
      await firstVariant.getByLabel('Tekst', { exact: true }).fill('Kijk **goed** naar het plein.');
      await firstVariant.getByRole('button', { name: 'Open vraag' }).click();
      await firstVariant.getByLabel('Vraag').fill('Waarom staat er een beeld op de fontein?');
      await firstVariant.getByLabel('Voorbeeldantwoord').fill('Om iemand te eren.');
      await firstVariant.getByRole('button', { name: 'Methode (gesloten)' }).click();
      await firstVariant.getByLabel('Titel', { exact: true }).fill('Brandaan groep 8, hoofdstuk 3');
      await firstVariant.getByLabel('Adres (URL)').fill('https://www.example.org/brandaan/8/3');
      await firstVariant.getByLabel('Uitgever').fill('Malmberg');

      // Reorder by keyboard on the drag handle (pick up, down, drop), then by the Up button.
      const names = async () => firstVariant.locator('.builder-item > .builder-row > strong').allTextContents();
      assert.deepEqual(await names(), ['Detail 1', 'Tekst 2', 'Opdracht 3', 'Methode (gesloten) 4']);
      await firstVariant.getByRole('button', { name: 'Verslepen: Tekst 2' }).focus();
      // dnd-kit measures between steps, as it does for a person pressing keys.
      for (const key of ['Space', 'ArrowDown', 'Space']) {
        await page.keyboard.press(key);
        await page.waitForTimeout(250);
      }
      await page.waitForFunction(
        () =>
          document.querySelectorAll('.builder-variant')[0]!.querySelectorAll('.builder-item > .builder-row > strong')[1]
            ?.textContent === 'Opdracht 2',
      );
      assert.deepEqual(await names(), ['Detail 1', 'Opdracht 2', 'Tekst 3', 'Methode (gesloten) 4']);
      await firstVariant.getByRole('button', { name: 'Omhoog Tekst 3' }).click();
      assert.deepEqual(await names(), ['Detail 1', 'Tekst 2', 'Opdracht 3', 'Methode (gesloten) 4']);

      // A second variant for groep 8 with a multiple-choice task.
      await page.getByRole('button', { name: /Versie toevoegen/ }).click();
      const second = page.locator('.builder-variant').nth(1);
      await second.getByLabel('Behoefte').selectOption('');
      await second.getByRole('group', { name: 'Voor niveaus' }).getByRole('checkbox', { name: 'groep 8' }).check();
      await second.getByRole('button', { name: 'Meerkeuzevraag' }).click();
      await second.getByLabel('Vraag').fill('Wat staat er midden op het plein?');
      await second.getByLabel('Antwoord 1', { exact: true }).fill('Een fontein');
      await second.getByLabel('Feedback bij antwoord 1').fill('Goed gezien!');
      await second.getByLabel('Antwoord 2', { exact: true }).fill('Een boom');
      await page.getByText('Alle wijzigingen zijn opgeslagen.').waitFor({ timeout: 15_000 });
    });

    it('shows the licence conflict with its way out, and the attribution', async () => {
      // The photo is CC BY-SA 3.0 and embedded: CC BY 4.0 (the default) does not fit.
      const panel = page.getByRole('region', { name: 'Licentiecheck' });
      await panel.getByText('Deze les kan niet onder CC BY 4.0 verschijnen.').waitFor();
      await panel.getByText(/GelijkDelen/).waitFor();
      await panel.getByRole('button', { name: 'Kies CC BY-SA 4.0' }).click();
      await panel.getByText('CC BY-SA 4.0 past bij alles wat de les opneemt.').waitFor({ timeout: 15_000 });
      await page
        .getByRole('region', { name: 'Bronnen en naamsvermelding' })
        .getByText(/Picture of Göttingen.*CC BY-SA 3\.0/)
        .waitFor();
      await page
        .getByRole('region', { name: 'Bronnen en naamsvermelding' })
        .getByText(/Brandaan groep 8.*alleen gelinkt/)
        .waitFor();
      await page.getByText('Alle wijzigingen zijn opgeslagen.').waitFor({ timeout: 15_000 });
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-lesson-builder.png`), fullPage: true });
    });

    it('publishes with a change note, and shares a link with a QR code', async () => {
      await page.getByRole('button', { name: 'Publiceren', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Versie 1 publiceren' });
      await dialog.getByLabel(/Wat is er veranderd/).fill('Eerste versie');
      assert.deepEqual(await seriousViolations(page), []);
      await dialog.getByRole('button', { name: 'Publiceer' }).click();
      await page.getByText('Gepubliceerd, versie 1').first().waitFor();
      assert.equal(await page.getByLabel('Link voor leerlingen').inputValue(), `${app.base}/les/${lessonId}`);
      await page.getByRole('img', { name: 'QR-code van de link naar deze les' }).waitFor();
    });

    it("opens the pupil's link: the deep-zoom viewer at the saved region, the variant for groep 8, print to PDF", async () => {
      const pupil = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      await pupil.goto(`${app.base}/les/${lessonId}`);
      await pupil.getByRole('heading', { level: 1, name: 'Een plein in Göttingen' }).waitFor();
      await pupil.locator('.iiif-viewer[data-region-shown="1000,750,2000,1500"]').waitFor({ timeout: 20_000 });
      assert.equal(await pupil.locator('.viewer-pin').count(), 1, 'the annotation is on the image');
      await pupil.waitForTimeout(500);
      await pupil.locator('.iiif-detail').screenshot({ path: join(screenshots, `${kind}-lesson-viewer-detail.png`) });
      await pupil.getByRole('button', { name: 'Inzoomen' }).click();
      assert.ok(iiif.regions.length > 0, 'tiles came from the image service');
      assert.equal(await pupil.getByText('Wat staat er midden op het plein?').count(), 0);
      assert.deepEqual(await seriousViolations(pupil), []);
      await pupil.screenshot({ path: join(screenshots, `${kind}-lesson-viewer.png`), fullPage: true });
      await pupil.getByLabel('Versie voor').selectOption({ label: 'groep 8' });
      await pupil.getByText('Wat staat er midden op het plein?').waitFor();
      assert.deepEqual(await seriousViolations(pupil), []);
      const pdf = await pupil.pdf({ format: 'A4' });
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.ok(pdf.length > 10_000, `a PDF of ${pdf.length} bytes`);
      await pupil.close();
    });

    it('downloads the Common Cartridge from the share panel, and it validates', async () => {
      const downloading = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Download voor je ELO (Common Cartridge)' }).click();
      const download = await downloading;
      assert.equal(download.suggestedFilename(), 'een-plein-in-gottingen.imscc');
      const out = mkdtempSync(join(tmpdir(), 'leergoed-cc-'));
      try {
        const file = join(out, 'les.imscc');
        await download.saveAs(file);
        const { readFileSync } = await import('node:fs');
        const files = unzipSync(new Uint8Array(readFileSync(file)));
        for (const [name, bytes] of Object.entries(files)) {
          mkdirSync(dirname(join(out, 'x', name)), { recursive: true });
          writeFileSync(join(out, 'x', name), bytes);
        }
        const result = xmllint(
          join(out, 'x', 'imsmanifest.xml'),
          join(xsdDir, 'imscc-1.3', 'ccv1p3_imscp_v1p2_v1p0.xsd'),
        );
        assert.ok(result.ok, result.output);
        assert.ok(
          files[
            'lesson/images/' +
              Object.keys(files)
                .find((n) => n.startsWith('lesson/images/'))!
                .split('/')
                .pop()!
          ],
          'the detail image is inside',
        );
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });

    it('lets a colleague make an own copy that names the original', async () => {
      const colleague = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      const other = await colleague.newPage();
      await signIn(other, app.base, 'collega@school.test');
      await other.goto(`${app.base}/les/${lessonId}`);
      await other.waitForLoadState('networkidle');
      await other.getByRole('button', { name: 'Maak mijn eigen kopie' }).click();
      // The copy opens in the builder (a history navigation); a refusal would show as an alert.
      await opened(other, /^\/lessen\/[^/]+$/, '.lesson-tools [role="alert"]');
      assert.notEqual(other.url().split('/').pop(), lessonId);
      await other.locator('.lesson-origin').getByRole('link', { name: 'Een plein in Göttingen' }).waitFor();
      await other
        .getByRole('region', { name: 'Bronnen en naamsvermelding' })
        .getByText(/Gebaseerd op “Een plein in Göttingen” door Docent Anna/)
        .waitFor();
      await other.goto(`${app.base}/lessen`);
      await other.getByRole('link', { name: 'Een plein in Göttingen' }).waitFor();
      assert.deepEqual(await seriousViolations(other), []);
      await other.screenshot({ path: join(screenshots, `${kind}-my-lessons.png`), fullPage: true });
      await colleague.close();
    });

    it('is deep-linked from an LMS: the teacher picks the lesson inside it, and the LMS gets a signed link', async () => {
      const lms = await browserPlatform(app.base);
      try {
        // An admin connects the LMS in the admin page.
        const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
        const adminPage = await adminContext.newPage();
        await signIn(adminPage, app.base, 'beheer@school.test');
        await adminPage.getByRole('link', { name: 'ELO-koppelingen' }).click();
        await adminPage.getByRole('heading', { level: 1, name: 'ELO-koppelingen (LTI 1.3)' }).waitFor();
        await adminPage.getByText(`${app.base}/lti/login`).waitFor();
        await adminPage.getByLabel('Naam').fill('Test-ELO');
        await adminPage.getByLabel('Issuer (platform-ID)').fill(PLATFORM.issuer);
        await adminPage.getByLabel('Client-ID').fill(PLATFORM.clientId);
        await adminPage.getByLabel(/Deployment-ID/).fill(PLATFORM.deployment);
        await adminPage.getByLabel('OIDC-autorisatie-URL van de ELO').fill(`${lms.base}/auth`);
        await adminPage.getByLabel('JWKS-URL van de ELO (openbare sleutels)').fill(`${lms.base}/jwks`);
        await adminPage.getByRole('button', { name: 'Koppelen' }).click();
        await adminPage.getByText('Test-ELO is gekoppeld.').waitFor();
        assert.deepEqual(await seriousViolations(adminPage), []);
        await adminPage.screenshot({ path: join(screenshots, `${kind}-lti-admin.png`), fullPage: true });
        await adminContext.close();
        const frame = await browser.newPage({ viewport: { width: 1024, height: 800 }, bypassCSP: true });
        // The LMS starts the login; its authorization endpoint posts the id_token back; the picker opens.
        await frame.goto(
          `${app.base}/lti/login?${new URLSearchParams({ iss: PLATFORM.issuer, login_hint: 'teacher-9', target_link_uri: `${app.base}/lti/launch`, client_id: PLATFORM.clientId })}`,
        );
        await frame.getByRole('heading', { level: 1, name: 'Kies lessen of materiaal voor Test-ELO' }).waitFor();
        await frame.getByRole('checkbox', { name: /Een plein in Göttingen/ }).check();
        assert.deepEqual(await seriousViolations(frame), []);
        await frame.screenshot({ path: join(screenshots, `${kind}-lti-picker.png`), fullPage: true });
        await frame.getByRole('button', { name: 'Zet in Test-ELO' }).click();
        await frame.getByRole('heading', { name: 'Added to the course' }).waitFor();
        assert.deepEqual(
          lms.received.at(-1)!.map((i) => [i.type, i.url, i.title]),
          [['ltiResourceLink', `${app.base}/les/${lessonId}`, 'Een plein in Göttingen']],
        );
        await frame.close();
      } finally {
        lms.server.close();
      }
    });
  });
}
