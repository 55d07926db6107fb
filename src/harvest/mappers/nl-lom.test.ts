import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapFile, ok } from '../../../test/support/mapping.ts';
import { parseXml } from '../xml/tree.ts';
import { mapNlLom, vcardName } from './nl-lom.ts';
import { vocab } from '../../../test/support/mapping.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../app/config.ts';

describe('NL-LOM mapper (Kennisnet examples and samples)', () => {
  it('maps the mandatory-fields example: title, language, location, context, OBK discipline and level', async () => {
    const [record] = await mapFile('demo/edurep/nllom-verplicht.xml');
    const { input, originalId } = ok(record);
    assert.equal(originalId, 'urn:isbn:9789034553966');
    assert.equal(input.title, 'De titel van een leerobject : over hoe je titels en ondertitels vastlegt');
    assert.equal(input.language, 'nl');
    assert.equal(input.url, 'http://example.org/file.abc');
    assert.equal(input.access, 'open');
    // OBK's Filosofie (d35b903f…) is SLO's vakleergebied Filosofie.
    assert.deepEqual(
      input.subjects!.map((id) => vocab.get('subject', id)?.labelNl),
      ['Filosofie'],
    );
    assert.ok(input.levels!.includes('bc213214-b83d-4673-b9c1-8fdaa63d6d56')); // Groep 5
    assert.ok(input.levels!.includes('2a1401e9-c223-493b-9b86-78f6993b1a8d')); // context VO
    assert.equal(input.rights, 'De copyright tekst die van toepassing is op het leermiddel.');
  });

  it('maps every example and sample file, rejecting the incomplete one with a reason', async () => {
    for (const file of [
      'nllom-aanbevolen.xml',
      'nllom-groen-aanbevolen.xml',
      'nllom-groen-verplicht.xml',
      'nllom-kubus.xml',
      'nllom-leermiddelenplein-aanbevolen.xml',
      'nllom-leermiddelenplein-verplicht.xml',
      'ims-complete.xml',
      'result.xml',
    ]) {
      const records = await mapFile(`demo/edurep/${file}`);
      assert.equal(records.length, 1, file);
      const { input } = ok(records[0]);
      assert.ok(input.title.length > 0, file);
    }
    const [incomplete] = await mapFile('demo/edurep/ims-incomplete.xml');
    assert.equal(incomplete!.mapped.status, 'failed');
    assert.match((incomplete!.mapped as { reason: string }).reason, /identifier/);
  });

  it('reads free-text rights descriptions and vCard authors (ims-complete)', async () => {
    const { input } = ok((await mapFile('demo/edurep/ims-complete.xml'))[0]);
    assert.equal(input.rights, 'Creative Commons Attribution-ShareAlike License');
    assert.ok(input.creators!.length > 0);
  });

  it('maps the IEEE LOM namespace and camel-cased element names the same as IMS MD', async () => {
    const ims = readFileSync(join(projectRoot, 'data/demo/edurep/nllom-verplicht.xml'), 'utf8').replace(/^\uFEFF/, '');
    // The same real record, written the IEEE LOM way: other namespace, <string language> and camelCase.
    const ieee = ims
      .replace('http://www.imsglobal.org/xsd/imsmd_v1p2', 'http://ltsc.ieee.org/xsd/LOM')
      .replace(/<langstring xml:lang="([^"]+)">/g, '<string language="$1">')
      .replace(/<\/langstring>/g, '</string>')
      .replace(/catalogentry/g, 'identifier')
      .replace(/aggregationlevel/g, 'aggregationLevel')
      .replace(/taxonpath/g, 'taxonPath')
      .replace(/copyrightandotherrestrictions/g, 'copyrightAndOtherRestrictions')
      .replace(/intendedenduserrole/g, 'intendedEndUserRole');
    const a = mapNlLom(await parseXml(ims), { vocab });
    const b = mapNlLom(await parseXml(ieee), { vocab });
    assert.equal(b.status, 'ok');
    assert.deepEqual((b as { input: unknown }).input, (a as { input: unknown }).input);
  });

  it('keeps classification values it cannot map, and reports them', async () => {
    const xml = readFileSync(join(projectRoot, 'data/demo/edurep/nllom-verplicht.xml'), 'utf8')
      .replace('d35b903f-1598-4bdd-a2fa-8aba854df762', '00000000-0000-0000-0000-000000000000')
      .replace('>Filosofie<', '>Onbekend vak<');
    const mapped = mapNlLom(await parseXml(xml.replace(/^\uFEFF/, '')), { vocab });
    assert.equal(mapped.status, 'ok');
    if (mapped.status !== 'ok') return;
    assert.deepEqual(mapped.input.subjects, []);
    assert.ok(mapped.warnings.some((w) => w.includes('00000000-0000-0000-0000-000000000000')));
    assert.ok(JSON.stringify(mapped.input.extra).includes('00000000-0000-0000-0000-000000000000'));
  });

  it('reads names from vCards', () => {
    assert.equal(vcardName('BEGIN:VCARD\nVERSION:3.0\nFN:Jan Jansen\nEND:VCARD'), 'Jan Jansen');
    assert.equal(vcardName('BEGIN:VCARD\nORG:Kennisnet;Edurep\nEND:VCARD'), 'Kennisnet, Edurep');
    assert.equal(
      vcardName('BEGIN:VCARD\nVERSION:3.0\nFN:Merian\\, Maria Sibylla\nEND:VCARD'),
      'Merian, Maria Sibylla',
      'escaped commas',
    );
    assert.equal(
      vcardName('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Een heel lange naam die\r\n  verder gaat\r\nEND:VCARD'),
      'Een heel lange naam die verder gaat',
      'folded lines',
    );
  });

  it('reads vCards pretty-printed inside the XML (every line indented), as Edurep serves them', async () => {
    const page = await mapFile('demo/oai/edurep-oaipmh.initial.0.xml');
    const names = page.flatMap((r) =>
      r.mapped.status === 'ok' ? (r.mapped.input.creators ?? []).map((c) => c.name) : [],
    );
    assert.ok(names.includes('Wageningen University & Research'), names.join(' | '));
    assert.ok(
      names.every((n) => !/VCARD|\bN:|ORG:/.test(n)),
      'no vCard syntax in a name',
    );
  });
});

describe('OAI-PMH pages (Edurep nl_lom, Europeana oai_dc)', () => {
  it('reads the pretty-printed Edurep pages, with x-none languages and deleted records', async () => {
    const page = await mapFile('demo/oai/edurep-oaipmh.initial.0.xml');
    assert.equal(page.length, 9);
    assert.equal(page.filter((r) => r.mapped.status === 'deleted').length, 1);
    const first = ok(page.find((r) => r.mapped.status === 'ok'));
    assert.equal(first.originalId, 'surfsharekit:oai:surfsharekit.nl:5af0e26f-c4d2-4ddd-94ab-7dd0bd531751');
    assert.equal(first.input.title, 'Exercises 5');
    assert.equal(first.input.language, 'en');
    for (const r of page)
      if (r.mapped.status === 'ok') assert.ok(!/\n/.test(r.mapped.input.title), 'whitespace normalised');
    const delta = await mapFile('demo/oai/edurep-oaipmh.delta.0.xml');
    assert.equal(delta.filter((r) => r.mapped.status === 'deleted').length, 2);
  });

  it('maps an oai_dc GetRecord with free-text rights', async () => {
    const [record] = await mapFile('demo/oai/metis_sampleOaiRecord_getrecord_oai_dc.xml');
    const { input, originalId } = ok(record);
    assert.equal(originalId, 'oai:mediateka.centrumzamenhofa.pl:19');
    assert.match(input.title, /^Fotografowie z zakładu/);
    assert.equal(input.periodStart, 1942);
    assert.equal(input.kind, 'heritage');
  });

  it('honours a deleted record', async () => {
    const [record] = await mapFile('demo/oai/metis_deletedOaiRecord.xml');
    assert.equal(record!.mapped.status, 'deleted');
  });
});
