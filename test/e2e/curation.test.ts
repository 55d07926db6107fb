import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { projectRoot } from '../../src/app/config.ts';
import { RUBRIC_DIMENSIONS } from '../../src/quality/rubric.ts';
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
import { STORE_KINDS } from '../support/stores.ts';

const screenshots = join(projectRoot, 'test-results', 'screenshots');

interface Queue {
  total: number;
  items: { resource: { id: string; title: string }; objective: { id: string } }[];
}

for (const kind of STORE_KINDS) {
  describe(`curators and an institution work the curation queues in Chromium on ${kind}`, () => {
    let app: ServedApp;
    let browser: Browser;

    before(async () => {
      mkdirSync(screenshots, { recursive: true });
      app = await serveFresh(kind, { LEERGOED_DEMO: 'false' }, (env) => {
        createAccount(env, ['--email', 'docent@school.test', '--name', 'Juf Fatima', '--role', 'teacher']);
        createAccount(env, ['--email', 'curator@leergoed.test', '--name', 'Curator Sanne', '--role', 'curator']);
        const run = (args: string[]) => {
          const done = spawnSync(process.execPath, [join(projectRoot, 'bin', 'leergoed.js'), ...args], {
            env,
            encoding: 'utf8',
          });
          assert.equal(done.status, 0, done.stderr);
          return done.stdout;
        };
        run([
          'import',
          join(projectRoot, 'data', 'demo', 'rijksmuseum'),
          '--source',
          'Rijksmuseum',
          '--institution',
          'Rijksmuseum',
        ]);
        run(['import', join(projectRoot, 'data', 'demo', 'lido'), '--source', 'LIDO', '--institution', 'KMSKA']);
        run(['quality', 'check']);
        createAccount(env, [
          '--email',
          'redactie@rijksmuseum.test',
          '--name',
          'Redactie Rijks',
          '--role',
          'institution_editor',
          '--organisation',
          'Rijksmuseum',
          '--organisation-kind',
          'heritage',
        ]);
      });
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await app?.stop();
    });

    const queue = async (who: { cookie: string }, path: string) =>
      (await (await fetch(`${app.base}${path}`, { headers: { cookie: who.cookie } })).json()) as Queue;

    it('takes a problem report from a teacher on the resource page', async () => {
      const editor = await apiSession(app.base, 'redactie@rijksmuseum.test');
      const [first] = (await queue(editor, '/api/v1/curation/suggestions?limit=1')).items;
      const page = await newTestPage(browser);
      await signInAs(page, app.base, 'docent@school.test');
      await page.goto(`${app.base}/r/${first!.resource.id}`);
      await page.getByText('Meld een probleem').click();
      await page.getByLabel('Wat is er mis?').selectOption({ label: 'De licentie klopt niet' });
      await page.getByLabel('Toelichting').fill('Op de website van het museum staat dit object als publiek domein.');
      await page.getByRole('button', { name: 'Verstuur melding' }).click();
      await page.getByText('Dank je wel. Je melding is ontvangen.').waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-report-problem.png`), fullPage: true });
      const reports = await queue(editor, '/api/v1/curation/reports');
      assert.equal(reports.total, 1);
      await page.close();
    });

    it("lets an institution's editor accept a filtered page of suggestions at once, with the evidence shown", async () => {
      const editor = await apiSession(app.base, 'redactie@rijksmuseum.test');
      const before = await queue(editor, '/api/v1/curation/suggestions?limit=200&minScore=0.3');
      assert.ok(before.total > 0, 'the museum has suggestions above 0.3');
      const page = await newTestPage(browser);
      await signInAs(page, app.base, 'redactie@rijksmuseum.test');
      await page.getByRole('link', { name: 'Curatie' }).click();
      await page.getByRole('heading', { level: 1, name: 'Curatie' }).waitFor();
      const queues = page.getByRole('navigation', { name: 'Wachtrijen' });
      await queues.getByRole('link', { name: /Voorgestelde leerdoelen \(\d+\)/ }).waitFor();
      assert.equal(await queues.getByRole('link', { name: /Beoordelingen/ }).count(), 0, 'curators moderate reviews');
      await page.getByText('Overeenkomende woorden:').first().waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-curation-suggestions.png`), fullPage: true });

      await page.getByLabel('Minimale score').selectOption({ label: '≥ 0.3' });
      await page.getByText(`1–${Math.min(50, before.total)} van ${before.total}`).waitFor();
      const shown = Math.min(50, before.total);
      await page.getByLabel(`Selecteer alle ${shown} op deze pagina`).check();
      await page.getByRole('button', { name: `Accepteer geselecteerde (${shown})` }).click();
      await page.getByText(`${shown} voorstel(len) geaccepteerd`).waitFor();
      await page.screenshot({ path: join(screenshots, `${kind}-curation-accepted.png`), fullPage: true });

      const after = await queue(editor, '/api/v1/curation/suggestions?limit=200&minScore=0.3');
      assert.equal(after.total, before.total - shown, 'the accepted ones left the queue');
      const accepted = before.items[0]!;
      const resource = (await (await fetch(`${app.base}/api/v1/resources/${accepted.resource.id}`)).json()) as {
        objectives: { id: string; alignment: string }[];
      };
      assert.ok(resource.objectives.some((o) => o.id === accepted.objective.id && o.alignment === 'confirmed'));

      await queues.getByRole('link', { name: /Meldingen \(1\)/ }).click();
      await page.getByText('Op de website van het museum staat dit object als publiek domein.').waitFor();
      await page.getByRole('button', { name: /^Opgelost/ }).click();
      await page.getByText('Melding opgelost.').waitFor();
      await queues.getByRole('link', { name: 'Meldingen (0)' }).waitFor();

      await page.setViewportSize({ width: 320, height: 800 });
      await queues.getByRole('link', { name: /Voorgestelde leerdoelen/ }).click();
      await page.getByText('Overeenkomende woorden:').first().waitFor();
      await page.screenshot({ path: join(screenshots, `${kind}-curation-320.png`), fullPage: true });
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > 321)
          .map((e) => `${e.tagName}.${e.className}:${Math.round(e.getBoundingClientRect().right)}`)
          .slice(0, 8),
      );
      assert.ok(
        await page.evaluate(() => document.documentElement.scrollWidth <= 320),
        `reflows at 320 px: ${wide.join(' ')}`,
      );
      await page.close();
    });

    it('gives a curator every institution, failed checks and new reviews to approve', async () => {
      const curator = await apiSession(app.base, 'curator@leergoed.test');
      const [item] = (await queue(curator, '/api/v1/curation/suggestions?limit=1')).items;
      const posted = await fetch(`${app.base}/api/v1/resources/${item!.resource.id}/reviews`, {
        method: 'POST',
        headers: { cookie: curator.cookie, 'x-csrf-token': curator.csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify({
          scores: RUBRIC_DIMENSIONS.map((dimension) => ({ dimension, score: 2, reason: 'Bruikbaar in de klas.' })),
          summary: 'Een sterke bron voor groep 7 en 8.',
        }),
      });
      assert.equal(posted.status, 201);
      const page = await newTestPage(browser);
      await signInAs(page, app.base, 'curator@leergoed.test');
      await page.goto(`${app.base}/curatie?wachtrij=controles`);
      await page.getByLabel('Instelling').selectOption({ label: 'KMSKA' });
      await page.getByText('Instelling: KMSKA').first().waitFor();
      await page.getByLabel('Controle', { exact: true }).selectOption({ label: 'Licentie ontbreekt of onbekend' });
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-curation-checks.png`), fullPage: true });

      await page.goto(`${app.base}/curatie?wachtrij=beoordelingen`);
      await page.getByText('Een sterke bron voor groep 7 en 8.').waitFor();
      await page.getByRole('button', { name: 'Goedkeuren: beoordeling van Curator Sanne' }).click();
      await page.getByText('Beoordeling goedgekeurd.').waitFor();
      await page.getByRole('link', { name: 'Beoordelingen (0)' }).waitFor();
      await page.close();
    });
    it('shows an institution its data-quality report, and the editor fixes the worst record in place', async () => {
      const editor = await apiSession(app.base, 'redactie@rijksmuseum.test');
      const report = (await (
        await fetch(`${app.base}/api/v1/quality/report?limit=1`, { headers: { cookie: editor.cookie } })
      ).json()) as { withProblems: number; records: number; worst: { items: { id: string; title: string }[] } };
      assert.ok(report.withProblems > 0);
      const worst = report.worst.items[0]!;
      const page = await newTestPage(browser);
      await signInAs(page, app.base, 'redactie@rijksmuseum.test');
      await page.goto(`${app.base}/curatie`);
      await page.getByRole('link', { name: 'Bekijk het datakwaliteitsrapport' }).click();
      await page.getByRole('heading', { level: 1, name: 'Datakwaliteit' }).waitFor();
      await page
        .getByText(`${report.withProblems} van de ${report.records} records hebben minstens één probleem.`)
        .waitFor();
      await page.getByRole('row', { name: /^Rijksmuseum \d+/ }).waitFor();
      const csv = await page.getByRole('link', { name: 'Download als CSV' }).getAttribute('href');
      assert.equal(csv, '/api/v1/quality/report.csv');
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: join(screenshots, `${kind}-quality-report.png`), fullPage: true });
      await page.setViewportSize({ width: 320, height: 800 });
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'reflows at 320 px');
      await page.setViewportSize({ width: 1280, height: 800 });

      await page
        .getByRole('link', { name: `Herstel: ${worst.title}` })
        .first()
        .click();
      await page.getByLabel('Licentie of rechtenverklaring').fill('CC BY 4.0');
      await page
        .getByLabel('Beschrijving', { exact: true })
        .fill('Een prent uit de collectie van het museum, beschreven voor gebruik in de klas.');
      await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
      await page.getByText('Opgeslagen. De controles nemen je wijziging binnen enkele minuten mee.').waitFor();
      await page.screenshot({ path: join(screenshots, `${kind}-edit-record.png`), fullPage: true });
      const resource = (await (await fetch(`${app.base}/api/v1/resources/${worst.id}`)).json()) as {
        licence: { status: string; uri: string };
      };
      assert.equal(resource.licence.status, 'ok');
      assert.match(resource.licence.uri, /creativecommons\.org\/licenses\/by\/4\.0/);
      await page.close();
    });
  });
}
