import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../app/config.ts';
import {
  CC0_URI,
  PDM_URI,
  RIGHTS_STATEMENTS,
  licenceConcepts,
  licenceFacts,
  normaliseRights,
  rightsStatementUri,
} from './licences.ts';

describe('licence vocabulary', () => {
  it('has every rights statement of the rightsstatements.org vocabulary (bundled Turtle file)', () => {
    const ttl = readFileSync(
      join(projectRoot, 'data', 'vocab', 'rights', 'rightsstatements_rights-statements.ttl'),
      'utf8',
    );
    const ids = [...ttl.matchAll(/^<([A-Za-z-]+)\/1\.0\/> a dcterms:RightsStatement/gm)].map((m) => m[1]);
    assert.equal(ids.length, 12);
    assert.deepEqual([...ids].sort(), RIGHTS_STATEMENTS.map((r) => r.id).sort());
  });

  it('labels InC-EDU in Dutch as rightsstatements.org does', () => {
    const nl = JSON.parse(
      readFileSync(join(projectRoot, 'data', 'vocab', 'rights', 'rightsstatements_InC-EDU_nl.json'), 'utf8'),
    );
    const concept = licenceConcepts().find((c) => c.id === nl['@id']);
    assert.equal(concept?.labelNl, nl.prefLabel);
  });

  it('covers CC 4.0, older versions, the Dutch 3.0 port, CC0 and PDM with reusability', () => {
    const ids = new Set(licenceConcepts().map((c) => c.id));
    for (const uri of [
      'http://creativecommons.org/licenses/by/4.0/',
      'http://creativecommons.org/licenses/by-nc-sa/3.0/nl/',
      'http://creativecommons.org/licenses/by-sa/2.5/',
      'http://creativecommons.org/licenses/by-nd-nc/1.0/',
      CC0_URI,
      PDM_URI,
    ])
      assert.ok(ids.has(uri), uri);
    assert.equal(licenceFacts('http://creativecommons.org/licenses/by-sa/4.0/')?.reusability, 'open');
    assert.equal(licenceFacts('http://creativecommons.org/licenses/by-nc/4.0/')?.reusability, 'restricted');
    assert.equal(licenceFacts(rightsStatementUri('InC-EDU'))?.reusability, 'restricted');
    assert.equal(licenceFacts(rightsStatementUri('InC'))?.reusability, 'permission');
    assert.equal(licenceFacts(CC0_URI)?.reusability, 'open');
  });
});

describe('normaliseRights', () => {
  const cases: [string, string | null][] = [
    ['cc-by-40', 'http://creativecommons.org/licenses/by/4.0/'],
    ['cc-by-sa-30', 'http://creativecommons.org/licenses/by-sa/3.0/'],
    ['cc-by-nc-nd-40', 'http://creativecommons.org/licenses/by-nc-nd/4.0/'],
    ['CC-BY-NC-SA', 'http://creativecommons.org/licenses/by-nc-sa/'],
    ['CC BY-SA 4.0', 'http://creativecommons.org/licenses/by-sa/4.0/'],
    ['CC BY 3.0 NL', 'http://creativecommons.org/licenses/by/3.0/nl/'],
    ['Creative Commons Naamsvermelding-GelijkDelen 3.0 Nederland', 'http://creativecommons.org/licenses/by-sa/3.0/nl/'],
    ['https://creativecommons.org/licenses/by-sa/3.0/deed.nl', 'http://creativecommons.org/licenses/by-sa/3.0/'],
    ['https://creativecommons.org/licenses/by/4.0/legalcode', 'http://creativecommons.org/licenses/by/4.0/'],
    ['http://creativecommons.org/publicdomain/zero/1.0/', CC0_URI],
    ['CC0', CC0_URI],
    ['Public Domain', PDM_URI],
    ['Publiek Domein', PDM_URI],
    ['http://creativecommons.org/publicdomain/mark/1.0/', PDM_URI],
    ['https://rightsstatements.org/page/InC-EDU/1.0/?language=nl', 'http://rightsstatements.org/vocab/InC-EDU/1.0/'],
    ['http://rightsstatements.org/vocab/NoC-OKLR/1.0/', 'http://rightsstatements.org/vocab/NoC-OKLR/1.0/'],
    ['InC', 'http://rightsstatements.org/vocab/InC/1.0/'],
  ];
  for (const [raw, uri] of cases) {
    it(`maps "${raw}"`, () => {
      const result = normaliseRights(raw);
      assert.equal(result.uri, uri);
      assert.equal(result.status, 'ok');
      assert.equal(result.raw, raw);
    });
  }

  it('flags what it does not recognise, keeps the value and never guesses', () => {
    for (const raw of [
      'http://rightReserved.html',
      'Alle rechten voorbehouden',
      'cc-by-sa-nd-40',
      'CC BY 5.0',
      'Photo © The Israel Museum, Jerusalem',
    ]) {
      const result = normaliseRights(raw);
      assert.equal(result.status, 'unknown', raw);
      assert.equal(result.uri, null);
      assert.equal(result.raw, raw);
    }
  });

  it('reports a missing value as missing', () => {
    assert.equal(normaliseRights('  ').status, 'missing');
    assert.equal(normaliseRights(null).status, 'missing');
  });
});
