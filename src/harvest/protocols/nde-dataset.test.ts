import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../../app/config.ts';
import { harvestKind, parseDatasetDescription } from './nde-dataset.ts';

const read = (name: string) => JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'nde', name), 'utf8'));

describe('NDE dataset descriptions', () => {
  it('reads the schema.org description: name, publisher, licence and its three distributions', () => {
    const d = parseDatasetDescription(read('dataset-schema-org-valid.jsonld'));
    assert.equal(d.name, 'Alba amicorum van de Koninklijke Bibliotheek');
    assert.equal(d.publisher, 'Koninklijke Bibliotheek');
    assert.equal(d.licence, 'https://creativecommons.org/publicdomain/zero/1.0/');
    assert.deepEqual(
      d.distributions.map((x) => x.url),
      [
        'https://data.bibliotheken.nl/id/dataset/rise-alba.rdf',
        'https://data.bibliotheken.nl/id/dataset/rise-alba.jsonld',
        'https://data.bibliotheken.nl/id/dataset/sparql',
      ],
    );
    // RDF dumps and a SPARQL endpoint: nothing Leergoed harvests.
    assert.deepEqual(
      d.distributions.map((x) => x.harvestAs),
      [null, null, null],
    );
  });

  it('reads the DCAT description the same way', () => {
    const d = parseDatasetDescription(read('dataset-dcat-valid.jsonld'));
    assert.equal(d.name, 'Alba amicorum van de Koninklijke Bibliotheek');
    assert.equal(d.publisher, 'Koninklijke Bibliotheek');
    assert.ok(d.distributions.length >= 3);
    assert.deepEqual(d.distributions[0]!.mediaTypes, ['application/rdf+xml', 'text/turtle']);
  });

  it('reads the invalid descriptions without crashing', () => {
    for (const file of ['dataset-schema-org-invalid.jsonld', 'dataset-dcat-invalid.jsonld'])
      assert.doesNotThrow(() => parseDatasetDescription(read(file)), file);
  });

  it('knows OAI-PMH, IIIF and file distributions', () => {
    assert.equal(harvestKind('https://oai.example.org/oai', ['application/xml'], []), 'oai-pmh');
    assert.equal(harvestKind('https://x.org/feed', [], ['http://www.openarchives.org/OAI/2.0/']), 'oai-pmh');
    assert.equal(
      harvestKind('https://x.org/collection.json', ['application/ld+json'], ['https://iiif.io/api/presentation/3/']),
      'iiif-collection',
    );
    assert.equal(harvestKind('https://x.org/export.csv', ['text/csv'], []), 'file-url');
    assert.equal(
      harvestKind('https://x.org/sparql', ['application/sparql-query'], ['https://www.w3.org/TR/sparql11-protocol/']),
      null,
    );
  });
});
