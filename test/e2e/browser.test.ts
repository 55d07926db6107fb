import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  apiSession,
  createAccount,
  launchChromium,
  newTestPage,
  seriousViolations,
  serveFresh,
  type ServedApp,
} from '../support/browser.ts';
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
      app = await serveFresh(kind, {}, (env) =>
        createAccount(env, ['--email', 'docent@school.test', '--name', 'Docent', '--role', 'teacher']),
      );
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
      await page.getByRole('link', { name: /^Geschiedenis in de onderbouw/ }).waitFor();
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

    it('completes while typing: a maker from the list searches their work', async () => {
      const box = page.getByRole('combobox', { name: 'Zoek op onderwerp, maker of titel' });
      await box.fill('');
      await box.pressSequentially('meri', { delay: 30 });
      const option = page.getByRole('option', { name: /Merian, Maria Sibylla/ });
      await option.waitFor();
      assert.equal(await box.getAttribute('aria-expanded'), 'true');
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-autocomplete.png`) });
      // Keyboard: down through the list to the maker, Enter chooses it.
      const options = await page.getByRole('option').allTextContents();
      const index = options.findIndex((o) => o.includes('Merian, Maria Sibylla'));
      for (let i = 0; i <= index; i++) await box.press('ArrowDown');
      assert.match((await page.locator('[role="option"][aria-selected="true"]').textContent()) ?? '', /Merian/);
      await box.press('Enter');
      await page.waitForURL(/q=maker%3A%22Merian/);
      await page.getByRole('heading', { name: /resultaten voor “maker:"Merian, Maria Sibylla"”/ }).waitFor();
    });

    it('narrows "slavernij suriname" by period with facet counts, chips and marked snippets, all in the URL', async () => {
      await page.goto(`${base}/zoeken?q=${encodeURIComponent('slavernij suriname')}`);
      const heading = page.getByRole('heading', { name: /resultaten voor “slavernij suriname”/ });
      await heading.waitFor();
      const total = Number((await heading.textContent())!.match(/\d+/)![0]);
      const century = page.getByRole('checkbox', { name: /19e eeuw/ });
      const label = await page.locator('label', { hasText: '19e eeuw' }).textContent();
      const facetCount = Number(/\((\d+)\)/.exec(label ?? '')![1]);
      assert.ok(facetCount > 0 && facetCount < total);
      await century.check();
      await page.waitForURL(/period=1800/);
      await page.getByRole('heading', { name: new RegExp(`^${facetCount} resultaten`) }).waitFor();
      const chip = page.getByRole('button', { name: 'Filter Periode: 19e eeuw weghalen' });
      await chip.waitFor();
      assert.ok((await page.locator('.card mark').count()) > 0, 'matching words are marked');
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-search-facets.png`), fullPage: true });
      // The state is the URL: reloading shows the same view.
      await page.reload();
      await page.getByRole('heading', { name: new RegExp(`^${facetCount} resultaten`) }).waitFor();
      await page.getByRole('button', { name: 'Filter Periode: 19e eeuw weghalen' }).click();
      await page.waitForURL((url) => !url.search.includes('period='));
      await page.getByRole('heading', { name: new RegExp(`^${total} resultaten`) }).waitFor();
    });

    it("lists each facet's first values, and all of them on request", async () => {
      await page.goto(`${base}/zoeken`);
      const fieldset = page.locator('fieldset', { has: page.locator('legend', { hasText: 'Licentie' }) });
      const showAll = fieldset.getByRole('button', { name: /^Toon alle \d+$/ });
      await showAll.waitFor();
      const count = Number(/\d+/.exec((await showAll.textContent())!)![0]);
      assert.equal(await fieldset.getByRole('checkbox').count(), 8);
      await showAll.click();
      await fieldset
        .getByRole('checkbox')
        .nth(count - 1)
        .waitFor();
      assert.equal(await fieldset.getByRole('checkbox').count(), count);
      assert.equal(await fieldset.getByRole('button', { name: 'Toon minder' }).getAttribute('aria-expanded'), 'true');
      assert.deepEqual(await seriousViolations(page), []);
      await fieldset.screenshot({ path: join(screenshots, `${kind}-facet-all-values.png`) });
      // Choosing a value keeps the facet whole.
      await fieldset
        .getByRole('checkbox')
        .nth(count - 1)
        .check();
      await page.waitForURL(/zoeken\?/);
      await page.locator('.chip').first().waitFor();
      assert.equal(await fieldset.getByRole('checkbox').count(), count);
      await fieldset.getByRole('button', { name: 'Toon minder' }).click();
      assert.ok((await fieldset.getByRole('checkbox').count()) <= 9);
    });

    it('corrects a misspelling and says so', async () => {
      await page.goto(`${base}/zoeken?q=plantgae`);
      await page.locator('.notice', { hasText: 'Resultaten voor “plantage”' }).waitFor();
      assert.ok((await page.locator('.card').count()) > 0);
    });

    it('leads from a level and a kerndoel in the curriculum browser to its materials', async () => {
      const { cookie, csrfToken } = await apiSession(base, 'docent@school.test');
      const created = await fetch(`${base}/api/v1/resources`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({
          kind: 'material',
          title: 'Bronnen over Suriname beoordelen',
          description: 'Leerlingen vergelijken prenten en foto’s uit het Rijksmuseum.',
          objectives: ['cf478309-4d3b-4e81-9077-764c0793496d'],
          rights: 'CC BY 4.0',
        }),
      });
      assert.equal(created.status, 201);
      await page.goto(`${base}/leerdoelen`);
      await page.getByRole('heading', { level: 1, name: 'Leerdoelen' }).waitFor();
      await page.getByLabel('Niveau').selectOption({ label: 'Primair onderwijs (58)' });
      await page.waitForURL(/niveau=/);
      await page.getByRole('link', { name: 'Nederlands', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Nederlands' }).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-curriculum-area.png`), fullPage: false });
      await page.getByRole('link', { name: 'Bekijk 1 materialen' }).first().click();
      await page.waitForURL(/objective=/);
      await page.getByRole('heading', { name: /^1 resultaten/ }).waitFor();
      await page.getByText('Bronnen over Suriname beoordelen').waitFor();
      await page.goto(`${base}/leerdoelen`);
      await page.locator('.area-list li').first().waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-curriculum.png`) });
    });

    it('suggests learning objectives on a resource page; a signed-in teacher confirms one', async () => {
      const { cookie, csrfToken } = await apiSession(base, 'docent@school.test');
      const created = (await (
        await fetch(`${base}/api/v1/resources`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
          body: JSON.stringify({
            kind: 'material',
            title: 'Slavernij in Suriname',
            description: 'Over het leven op plantages en de afschaffing van de slavernij.',
            rights: 'CC BY 4.0',
          }),
        })
      ).json()) as { id: string };
      await page.goto(`${base}/inloggen`);
      await page.getByLabel('E-mailadres').fill('docent@school.test');
      await page.getByLabel('Wachtwoord').fill('een lang wachtwoord');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
      await page.goto(`${base}/r/${created.id}`);
      await page.getByRole('heading', { name: 'Voorgestelde leerdoelen' }).waitFor();
      await page.getByText('Overeenkomende woorden: slavernij').first().waitFor();
      await page.getByRole('button', { name: 'Bevestigen leerdoel Slavernij', exact: true }).click();
      await page.getByText('door Docent op').waitFor();
      await page.getByText('bevestigd door de maker, een redacteur of een curator').waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-objective-suggestions.png`), fullPage: true });
      await page.getByRole('button', { name: 'Uitloggen' }).click();
    });

    it('opens a published lesson as a pupil, without signing in: a variant per level, a task answered in the page, attribution', async () => {
      const { cookie, csrfToken } = await apiSession(base, 'docent@school.test');
      const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken };
      const object = (
        (await (await fetch(`${base}/api/v1/resources?q=plantage&limit=1&facets=false`)).json()) as {
          items: { id: string; title: string }[];
        }
      ).items[0]!;
      const lesson = (await (
        await fetch(`${base}/api/v1/lessons`, { method: 'POST', headers, body: '{}' })
      ).json()) as { id: string };
      const groep8 = '95138558-9f65-4888-8ea3-8acce5eea273';
      const document = {
        title: 'Leven op een plantage',
        summary: 'Wat vertellen de bronnen over het leven op een plantage?',
        language: 'nl',
        levels: ['a4813bb6-cf63-4594-af56-6afb321723d8', groep8],
        subjects: [],
        objectives: [],
        durationMinutes: 45,
        licence: 'http://creativecommons.org/licenses/by/4.0/',
        sections: [
          {
            id: 'kijken',
            title: 'Kijken',
            variants: [
              {
                id: 'alle',
                audience: { levels: [], need: null },
                items: [
                  { type: 'text', id: 'uitleg', markdown: 'Bekijk de bron **goed**.' },
                  { type: 'resource', id: 'bron', resourceId: object.id, note: '', use: 'link' },
                ],
              },
              {
                id: 'g8',
                audience: { levels: [groep8], need: null },
                items: [
                  { type: 'text', id: 'uitleg-8', markdown: 'Bekijk de bron en beantwoord de vraag.' },
                  {
                    type: 'task',
                    id: 'vraag',
                    task: {
                      kind: 'choice',
                      question: 'Wie werkten er op een plantage?',
                      options: [
                        { text: 'Tot slaaf gemaakten', correct: true, feedback: 'Zij werden gedwongen te werken.' },
                        { text: 'Toeristen', correct: false, feedback: '' },
                      ],
                    },
                  },
                ],
              },
            ],
          },
          {
            id: 'methode',
            title: 'Verder in de methode',
            variants: [
              {
                id: 'm',
                audience: { levels: [], need: null },
                items: [
                  {
                    type: 'closed',
                    id: 'brandaan',
                    title: 'Brandaan groep 8, hoofdstuk 3',
                    url: 'https://www.example.org/brandaan',
                    publisher: 'Malmberg',
                    method: 'Brandaan',
                    chapter: '3',
                    note: '',
                  },
                ],
              },
            ],
          },
        ],
      };
      assert.equal(
        (
          await fetch(`${base}/api/v1/lessons/${lesson.id}/draft`, {
            method: 'PUT',
            headers,
            body: JSON.stringify({ document, revision: 1 }),
          })
        ).status,
        200,
      );
      const published = await fetch(`${base}/api/v1/lessons/${lesson.id}/publish`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ changeNote: 'Eerste versie', revision: 2 }),
      });
      assert.equal(published.status, 200, await published.text());

      await page.goto(`${base}/les/${lesson.id}`);
      await page.getByRole('heading', { level: 1, name: 'Leven op een plantage' }).waitFor();
      await page.getByText('Bekijk de bron goed.').waitFor();
      await page.getByRole('link', { name: object.title }).waitFor();
      assert.equal(
        await page.getByText('Wie werkten er op een plantage?').count(),
        0,
        'the task is in the groep 8 variant',
      );
      await page.getByText(/Gesloten materiaal: alleen gelinkt/).waitFor();
      await page.getByLabel('Versie voor').selectOption({ label: 'groep 8' });
      await page.waitForURL(/niveau=95138558/);
      await page
        .getByRole('group', { name: 'Wie werkten er op een plantage?' })
        .getByLabel('Tot slaaf gemaakten')
        .check();
      await page.getByRole('button', { name: 'Controleer' }).click();
      await page.getByText('Goed! Zij werden gedwongen te werken.').waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-lesson-pupil.png`), fullPage: true });
      await page.reload();
      await page.getByRole('group', { name: 'Wie werkten er op een plantage?' }).waitFor();
    });

    it('opens a resource page with licence, attribution and provenance', async () => {
      await page.goto(`${base}/zoeken?q=suriname&kind=heritage`);
      await page.locator('.card-title a').first().click();
      await page.waitForURL(/\/r\//);
      await page.getByRole('heading', { name: 'Naamsvermelding' }).waitFor();
      assert.ok(await page.getByRole('heading', { name: 'Herkomst' }).isVisible());
      assert.match((await page.locator('.attribution').textContent()) ?? '', /Bron: Rijksmuseum/);
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-resource-rijksmuseum.png`), fullPage: true });
    });

    it('serves the JSON-LD of a resource in its first HTML, and shows a licence badge linking the licence', async () => {
      const results = (await (await fetch(`${base}/api/v1/resources?q=gottingen`)).json()) as {
        items: { id: string }[];
      };
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

    it('finds an example lesson of the demo corpus and opens it as a pupil', async () => {
      await page.goto(`${base}/zoeken?q=slavernijverleden&kind=lesson`);
      await page.getByRole('link', { name: 'Suriname en het slavernijverleden: wat vertellen de bronnen?' }).click();
      await page.getByRole('link', { name: 'Open de les' }).click();
      await page
        .getByRole('heading', { level: 1, name: 'Suriname en het slavernijverleden: wat vertellen de bronnen?' })
        .waitFor();
      await page.getByRole('link', { name: /Erepenning voor George/ }).waitFor();
      await page.getByLabel('Versie voor').selectOption({ label: 'ob havo' });
      await page.getByText(/Vergelijk de tekeningen uit 1708 met de foto uit 1883/).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-demo-lesson.png`), fullPage: true });
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

    it('shows the communities and a collection to anyone; a teacher joins, replies in a discussion, adds an object and starts a community', async () => {
      await page.goto(`${base}/gemeenschappen`);
      await page.getByRole('link', { name: 'Geschiedenis in de onderbouw' }).click();
      await page.getByRole('heading', { level: 1, name: 'Geschiedenis in de onderbouw' }).waitFor();
      await page.getByRole('heading', { name: 'Collectie' }).waitFor();
      await page.getByRole('link', { name: 'Suriname en het slavernijverleden: wat vertellen de bronnen?' }).waitFor();
      await page.getByText('Discussies zijn alleen voor leden').waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-community-public.png`), fullPage: true });
      // The first HTML carries the page's title and its collection as JSON-LD, for crawlers.
      const html = await (await fetch(`${base}/gemeenschappen/geschiedenis-onderbouw`)).text();
      const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!) as {
        '@type': string;
        mainEntity: { numberOfItems: number; itemListElement: { name: string }[] };
      };
      assert.equal(jsonLd['@type'], 'CollectionPage');
      assert.ok(jsonLd.mainEntity.itemListElement.some((i) => i.name.startsWith('Suriname en het slavernijverleden')));

      await page.goto(`${base}/inloggen`);
      await page.getByLabel('E-mailadres').fill('docent@school.test');
      await page.getByLabel('Wachtwoord').fill('een lang wachtwoord');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
      await page.goto(`${base}/gemeenschappen/geschiedenis-onderbouw`);
      await page.getByRole('button', { name: 'Lid worden' }).click();
      await page.getByText('Je bent lid van Geschiedenis in de onderbouw.').waitFor();
      await page.getByRole('link', { name: 'Bronnen over het slavernijverleden in de klas' }).click();
      await page.getByRole('heading', { level: 1, name: 'Bronnen over het slavernijverleden in de klas' }).waitFor();
      await page.getByLabel('Je reactie').fill('Wij gebruiken de **penning voor George** als start.');
      await page.getByRole('button', { name: 'Plaatsen' }).click();
      await page.locator('.post-body strong', { hasText: 'penning voor George' }).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-community-discussion.png`), fullPage: true });

      // An object from search goes into the collection from its page, with a note.
      const search = (await (await fetch(`${base}/api/v1/resources?q=suriname&kind=heritage&limit=20`)).json()) as {
        items: { id: string; title: string }[];
      };
      const items = (await (
        await fetch(`${base}/api/v1/communities/geschiedenis-onderbouw/items?limit=100`)
      ).json()) as { items: { resource: { id: string } }[] };
      const object = search.items.find((r) => !items.items.some((i) => i.resource.id === r.id))!;
      await page.goto(`${base}/r/${object.id}`);
      await page.getByRole('heading', { name: 'In gemeenschappen' }).waitFor();
      await page.getByLabel('Toevoegen aan de collectie van').selectOption({ label: 'Geschiedenis in de onderbouw' });
      await page.getByLabel('Waarom is dit goed materiaal? (optioneel)').fill('Past bij de les over Keti Koti.');
      await page.getByRole('button', { name: 'Toevoegen', exact: true }).click();
      await page.getByText('Toegevoegd aan Geschiedenis in de onderbouw.').waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-resource-communities.png`), fullPage: true });
      await page.getByRole('link', { name: 'Geschiedenis in de onderbouw' }).click();
      await page.getByText('“Past bij de les over Keti Koti.”').waitFor();
      await page
        .locator('.community-item', { hasText: object.title })
        .getByRole('button', { name: /^Uit de collectie halen/ })
        .waitFor();

      await page.goto(`${base}/gemeenschappen`);
      await page.getByRole('radio', { name: 'Regionaal netwerk' }).check();
      await page.getByLabel('Naam', { exact: true }).fill('Erfgoedonderwijs Twente');
      await page.getByLabel('Regio', { exact: true }).fill('Twente');
      await page.getByLabel('Beschrijving', { exact: true }).fill('Scholen en musea in Twente werken samen.');
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-communities.png`), fullPage: true });
      await page.getByRole('button', { name: 'Gemeenschap beginnen' }).click();
      await page.getByRole('heading', { level: 1, name: 'Erfgoedonderwijs Twente' }).waitFor();
      await page.getByText('Regionaal netwerk · Twente').waitFor();
      await page.getByRole('heading', { name: 'Leden' }).waitFor();
      await page.getByText('Docent (Moderator)').waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.getByRole('button', { name: 'Uitloggen' }).click();
    });
  });
}
