import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import { buildServer } from '../src/app/server.ts';
import type { App } from '../src/kernel/http.ts';
import { multipart, signIn, type Credentials } from './support/http.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const password = 'een lang wachtwoord';
/** The Rijksmuseum's own export (real data), its header and first 30 objects. */
const rijksmuseum = (() => {
  const text = gunzipSync(
    readFileSync(join(projectRoot, 'data', 'demo', 'rijksmuseum', 'Suriname_objecten_export.csv.gz')),
  ).toString('utf8');
  return Buffer.from(text.split('\n').slice(0, 31).join('\n'));
})();

for (const kind of STORE_KINDS) {
  describe(`uploading a file from the Sources page on ${kind}: preview, column mapping, import`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let editor: Credentials;
    let other: Credentials;
    let org = '';

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      org = (await ctx.accounts.findOrCreateOrganisation('Rijksmuseum', 'heritage')).id;
      const tate = (await ctx.accounts.findOrCreateOrganisation('Tate', 'heritage')).id;
      await ctx.accounts.createUser({
        email: 'redactie@rijksmuseum.test',
        name: 'Redactie',
        password,
        role: 'institution_editor',
        organisationIds: [org],
      });
      await ctx.accounts.createUser({
        email: 'redactie@tate.test',
        name: 'Redactie Tate',
        password,
        role: 'institution_editor',
        organisationIds: [tate],
      });
      app = await buildServer(ctx, { logger: false });
      editor = await signIn(app, 'redactie@rijksmuseum.test', password);
      other = await signIn(app, 'redactie@tate.test', password);
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    const send = (url: string, who: Credentials, fields: Record<string, string>, bytes = rijksmuseum) => {
      const { body, contentType } = multipart(fields, { name: 'objecten.csv', bytes });
      return app.inject({ method: 'POST', url, headers: { ...who, 'content-type': contentType }, payload: body });
    };

    it('previews a CSV: its columns, and the first records as the recognised mapping makes them, storing nothing', async () => {
      const response = await send(`/api/v1/organisations/${org}/imports/preview`, editor, {});
      assert.equal(response.statusCode, 200, response.body);
      const preview = response.json();
      assert.equal(preview.format, 'csv');
      assert.equal(preview.csv.delimiter, ';');
      assert.ok(preview.csv.columns.includes('titel') && preview.csv.columns.includes('objectnummer'));
      assert.equal(preview.records.length, 8);
      assert.ok(preview.records.every((r: { title: string | null }) => r.title));
      assert.equal(preview.error, null);
      assert.equal(await ctx.catalogue.countAll(), 0);
    });

    it('shows what a chosen column mapping makes, and names the columns when it does not fit', async () => {
      const mapping = { name: 'eigen', delimiter: ';', kind: 'heritage', id: 'objectnummer', title: 'objectnaam' };
      const chosen = await send(`/api/v1/organisations/${org}/imports/preview`, editor, {
        mapping: JSON.stringify(mapping),
      });
      const preview = chosen.json();
      assert.equal(preview.error, null, JSON.stringify(preview.error));
      const first = preview.records[0];
      const auto = (await send(`/api/v1/organisations/${org}/imports/preview`, editor, {})).json().records[0];
      assert.notEqual(first.title, auto.title, 'the title comes from the chosen column');
      const wrong = await send(`/api/v1/organisations/${org}/imports/preview`, editor, {
        mapping: JSON.stringify({ ...mapping, title: 'bestaat_niet' }),
      });
      assert.equal(wrong.json().error.code, 'LG_IMPORT_CSV_MAPPING');
      assert.match(wrong.json().error.message, /bestaat_niet/);
      const broken = await send(`/api/v1/organisations/${org}/imports/preview`, editor, { mapping: '{"id": 3}' });
      assert.equal(broken.statusCode, 400);
      assert.equal(broken.json().code, 'LG_IMPORT_CSV_MAPPING');
    });

    it("keeps institutions apart: another institution's editor may not preview into this collection", async () => {
      const refused = await send(`/api/v1/organisations/${org}/imports/preview`, other, {});
      assert.equal(refused.statusCode, 403);
    });

    it('imports with the chosen mapping and reports the run', async () => {
      const mapping = {
        name: 'eigen',
        delimiter: ';',
        kind: 'heritage',
        id: 'objectnummer',
        title: 'titel',
        description: 'beschrijving',
        creators: 'vervaardiger',
      };
      const response = await send(`/api/v1/organisations/${org}/imports`, editor, {
        source: 'Rijksmuseum upload',
        mapping: JSON.stringify(mapping),
      });
      assert.equal(response.statusCode, 200, response.body);
      const report = response.json();
      assert.equal(report.created, 30);
      assert.equal(report.failed, 0);
      const stored = await ctx.store.db.selectFrom('resource').select('raw_format').executeTakeFirstOrThrow();
      assert.equal(stored.raw_format, 'csv:eigen');
    });
  });
}
