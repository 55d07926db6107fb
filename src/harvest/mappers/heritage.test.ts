import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { projectRoot } from '../../app/config.ts';
import { mapFile, ok, vocab } from '../../../test/support/mapping.ts';
import { fillCookbookTemplate, mapIiifManifest, upgradeManifest } from './iiif.ts';
import { mapTateArtwork } from './tate.ts';

describe('LIDO mapper', () => {
  it('maps the LIDO 1.1 example: title, production actor, dates, rights as skos:Concept, image, record rights', async () => {
    const { input, originalId } = ok(
      (await mapFile('demo/lido/nfdi4objects_LIDO-v1.1-Example_FMobj00154983-LaPrimavera.xml'))[0],
    );
    assert.ok(originalId);
    assert.match(input.title, /Primavera|Frühling|Spring/);
    assert.ok(input.creators!.some((c) => /Botticelli/.test(c.name)));
    assert.equal(input.rights, 'http://rightsstatements.org/vocab/NoC-OKLR/1.0/');
    assert.equal(input.metadataLicence, 'http://creativecommons.org/publicdomain/zero/1.0/');
    assert.equal(input.publisher, 'Deutsches Dokumentationszentrum für Kunstgeschichte - Bildarchiv Foto Marburg');
    assert.ok(input.periodStart! >= 1470 && input.periodStart! <= 1490);
  });

  it('maps the Flemish museum records (LIDO 1.0, Dutch), with no rights stated', async () => {
    for (const file of ['kmska_lido.xml', 'vkc_lido.xml']) {
      const { input } = ok((await mapFile(`demo/lido/${file}`))[0]);
      assert.ok(input.title, file);
      assert.equal(input.language, 'nl');
    }
    const { input } = ok((await mapFile('demo/lido/kmska_lido.xml'))[0]);
    assert.equal(input.title, 'Oorlogsschip "De Jacob" voor anker');
    assert.equal(input.publisher, 'KMSKA');
    assert.equal(input.rights, null);
  });
});

describe('EDM mapper', () => {
  it('maps the Rijksmuseum record from Europeana: proxy fields, PDM rights, thumbnail, provider', async () => {
    const { input, originalId } = ok(
      (await mapFile('demo/edm/europeana-oaipmh-getRecord-rijksmuseum-90402_BK_1978_399.rdf.xml'))[0],
    );
    assert.equal(originalId, 'http://data.europeana.eu/item/90402/BK_1978_399');
    assert.match(input.description!, /^Beursje van beschilderd creme-wit/);
    assert.equal(input.rights, 'http://creativecommons.org/publicdomain/mark/1.0/');
    assert.ok(input.thumbnail);
    assert.equal(input.periodText, 'tweede kwart 19e eeuw');
  });

  it('reads the Metis test item, which has no dc:title and an unknown rights URI', async () => {
    const record = (await mapFile('demo/edm/metis_Item_35834473_edm_valid.xml'))[0];
    const mapped = ok(record);
    assert.equal(mapped.input.title, 'THIS IS A TEST OBJECT');
    assert.equal(mapped.input.rights, 'http://rightReserved.html');
    assert.ok(mapped.warnings.some((w) => /dc:title/.test(w)));
    assert.equal(mapped.input.publisher, 'Israel Museum, Jerusalem');
  });
});

describe('IIIF mapper', () => {
  it('maps the cookbook manifests (v3): label, rights, requiredStatement, provider, image service thumbnail', async () => {
    const { input } = ok((await mapFile('demo/iiif/0008-rights_manifest.json'))[0]);
    assert.equal(input.title, 'Picture of Göttingen taken during the 2019 IIIF Conference');
    assert.equal(input.rights, 'http://creativecommons.org/licenses/by-sa/3.0/');
    assert.match(input.requiredStatement!, /^Attribution: Glen Robson/);
    assert.equal(input.iiifManifest, 'https://iiif.io/api/cookbook/recipe/0008-rights/manifest.json');
    assert.match(input.thumbnail!, /gottingen\/full\/400,\/0\/default.jpg$/);
    const provider = ok((await mapFile('demo/iiif/0234-provider_manifest.json'))[0]);
    assert.ok(provider.input.publisher);
  });

  it('rejects a Content State annotation with a reason', async () => {
    const [record] = await mapFile('demo/iiif/0485-contentstate-canvas-region_annotation.json');
    assert.equal(record!.mapped.status, 'failed');
  });

  it('upgrades Presentation 2 manifests', () => {
    // The cookbook's simple-image manifest, written as Presentation 2.1 would serve it.
    const v3 = JSON.parse(
      fillCookbookTemplate(
        readFileSync(join(projectRoot, 'data/demo/iiif/0001-mvm-image_manifest.json'), 'utf8'),
        '0001-mvm-image_manifest.json',
      ),
    );
    const body = v3.items[0].items[0].items[0].body;
    const v2 = {
      '@context': 'http://iiif.io/api/presentation/2/context.json',
      '@id': v3.id,
      '@type': 'sc:Manifest',
      label: v3.label.en[0],
      description: [{ '@value': 'Een beschrijving', '@language': 'nl' }],
      license: 'https://creativecommons.org/publicdomain/zero/1.0/',
      attribution: 'Provided by IIIF',
      sequences: [
        {
          canvases: [
            {
              '@id': v3.items[0].id,
              images: [{ resource: { '@id': body.id, service: { '@id': 'https://iiif.io/api/image/2/example' } } }],
            },
          ],
        },
      ],
    };
    const upgraded = upgradeManifest(v2);
    assert.equal(upgraded.id, v3.id);
    assert.deepEqual(upgraded.label, { none: [v3.label.en[0]] });
    const mapped = mapIiifManifest(v2, { vocab });
    assert.equal(mapped.status, 'ok');
    if (mapped.status !== 'ok') return;
    assert.equal(mapped.input.description, 'Een beschrijving');
    assert.equal(mapped.input.rights, 'https://creativecommons.org/publicdomain/zero/1.0/');
    assert.equal(mapped.input.thumbnail, 'https://iiif.io/api/image/2/example/full/400,/0/default.jpg');
  });
});

describe('Tate mapper', () => {
  const lines = gunzipSync(readFileSync(join(projectRoot, 'data/demo/tate/tate-artworks.jsonl.gz')))
    .toString('utf8')
    .trim()
    .split('\n');

  it('maps all 5,535 Tate artworks without failure', () => {
    assert.equal(lines.length, 5535);
    const failed = lines.map((l) => mapTateArtwork(JSON.parse(l), { vocab })).filter((m) => m.status !== 'ok');
    assert.deepEqual(failed, []);
  });

  it('maps makers, dates, subjects and an https thumbnail; states no licence it does not have', () => {
    const json = lines.map((l) => JSON.parse(l)).find((j) => j.acno === 'N00921');
    const mapped = mapTateArtwork(json, { vocab });
    assert.equal(mapped.status, 'ok');
    if (mapped.status !== 'ok') return;
    assert.equal(mapped.input.title, 'Study for ‘Blind Man’s Buff’');
    assert.deepEqual(
      mapped.input.creators!.map((c) => c.name),
      ['Sir David Wilkie'],
    );
    assert.equal(mapped.input.periodStart, 1811);
    assert.ok(mapped.input.keywords!.includes("blind man's buff"));
    assert.equal(mapped.input.thumbnail, 'https://www.tate.org.uk/art/images/work/N/N00/N00921_8.jpg');
    assert.equal(mapped.input.rights, null);
  });
});

describe('CSV mapper (Rijksmuseum Suriname export)', () => {
  it('reads all 3,668 rows: `;`, BOM, CRLF, `$`-joined values, Iconclass codes', async () => {
    const records = await mapFile('demo/rijksmuseum/Suriname_objecten_export.csv.gz');
    assert.equal(records.length, 3668);
    assert.deepEqual(
      records.filter((r) => r.mapped.status !== 'ok').map((r) => r.mapped),
      [],
    );
    const { input, originalId } = ok(records[0]);
    assert.equal(originalId, 'SK-A-1671');
    assert.equal(
      input.title,
      'Cornelis van Aerssen (1637-88), heer van Sommelsdijk. Sedert 1683 gouverneur van Suriname',
    );
    assert.deepEqual(input.keywords!.slice(0, 4), ['schilderij', 'doek', 'olieverf', 'Suriname (Zuid-Amerika)']);
    assert.deepEqual(
      (input.extra!.iconclass as { code: string }[]).map((i) => i.code),
      ['61B2', '44B241'],
    );
    assert.equal(input.url, 'https://id.rijksmuseum.nl/20027399');
    assert.equal(input.periodStart, 1680);
    const multiTitle = records.map(ok).find((m) => (m.input.extra?.alternativeTitles as string[] | undefined)?.length);
    assert.ok(multiTitle && !multiTitle.input.title.includes('$'));
    // Descriptions rewritten by the museum: the current one shows, the earlier ones are kept apart.
    const versions = records
      .map(ok)
      .filter((m) => (m.input.extra?.earlierDescriptions as string[] | undefined)?.length);
    assert.ok(versions.length > 200, `${versions.length} records with earlier descriptions`);
    assert.ok(records.map(ok).every((m) => !m.input.description?.includes('$')));
    const surimombo = versions.find((m) =>
      m.input.description?.startsWith('Gezicht op een schuur of timmerwerkplaats op plantage Surimombo'),
    );
    assert.deepEqual(surimombo?.input.extra?.earlierDescriptions, [
      'Gezicht op de plantage Surimonbo van Jonas Witzen te Suriname.',
    ]);
  });
});
