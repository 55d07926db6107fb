import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeAttribution, parsePeriod, sortTitle, type LicenceView } from './model.ts';

const ccBySa: LicenceView = {
  uri: 'http://creativecommons.org/licenses/by-sa/3.0/',
  label: 'Naamsvermelding-GelijkDelen 3.0 Unported',
  labelEn: 'Attribution-ShareAlike 3.0 Unported',
  notation: 'CC BY-SA 3.0',
  kind: 'licence',
  reusability: 'open',
  status: 'ok',
  raw: 'http://creativecommons.org/licenses/by-sa/3.0/',
};

describe('composeAttribution (TASL)', () => {
  it('names title, author, source and licence in Dutch and English, as text and HTML', () => {
    const a = composeAttribution({
      title: 'Picture of Göttingen',
      creators: [{ name: 'Glen Robson' }],
      institution: 'IIIF Consortium',
      url: 'https://iiif.io/x',
      licence: ccBySa,
      requiredStatement: null,
    });
    assert.equal(
      a.nl.text,
      '“Picture of Göttingen” door Glen Robson. Bron: IIIF Consortium, https://iiif.io/x. Licentie: CC BY-SA 3.0 (Naamsvermelding-GelijkDelen 3.0 Unported), http://creativecommons.org/licenses/by-sa/3.0/.',
    );
    assert.match(a.en.text, /^“Picture of Göttingen” by Glen Robson\. Source: IIIF Consortium/);
    assert.match(
      a.nl.html,
      /<a href="http:\/\/creativecommons.org\/licenses\/by-sa\/3.0\/" rel="license">CC BY-SA 3.0/,
    );
  });

  it('says so when the licence is missing, and names anonymous makers as such', () => {
    const a = composeAttribution({
      title: 'Portret van een vrouw',
      creators: [{ name: 'anoniem' }],
      institution: 'Rijksmuseum',
      url: null,
      licence: { ...ccBySa, uri: null, status: 'missing', raw: null },
      requiredStatement: null,
    });
    assert.equal(
      a.nl.text,
      '“Portret van een vrouw” door anonieme maker. Bron: Rijksmuseum. Licentie: onbekend, vraag het de bronhouder.',
    );
  });

  it('escapes HTML in every part', () => {
    const a = composeAttribution({
      title: '<script>x</script>',
      creators: [{ name: 'A & B' }],
      institution: null,
      url: 'https://e.org/"q"',
      licence: ccBySa,
      requiredStatement: '<b>credit</b>',
    });
    assert.ok(!a.nl.html.includes('<script>'));
    assert.ok(a.nl.html.includes('A &amp; B'));
    assert.ok(a.nl.html.includes('&lt;b&gt;credit'));
  });
});

describe('sortTitle and parsePeriod', () => {
  it('sorts without articles and diacritics', () => {
    assert.equal(sortTitle('De Nachtwacht'), 'nachtwacht');
    assert.equal(sortTitle('“Été” à Paris'), 'ete” a paris');
  });
  it('reads year ranges from free text', () => {
    assert.deepEqual(parsePeriod('ca. 1700-1750'), { start: 1700, end: 1750 });
    assert.deepEqual(parsePeriod('1802-05-14'), { start: 1802, end: 1802 });
    assert.deepEqual(parsePeriod('tweede kwart 19e eeuw'), { start: null, end: null });
  });
});
