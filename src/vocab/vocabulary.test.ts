import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../app/config.ts';
import { conceptTree } from './service.ts';
import { loadVocabularies } from './vocabulary.ts';

const vocab = loadVocabularies(loadConfig({}).dataDir);

describe('curriculum vocabularies from SLO data', () => {
  it('has all 405 current kerndoelen with their domains and subject areas', () => {
    const kerndoelen = vocab.list('kerndoel').filter((c) => c.extra.type === 'kerndoel' && !c.deprecated);
    assert.equal(kerndoelen.length, 405);
    assert.equal(kerndoelen.filter((c) => c.notation?.startsWith('PO Kerndoel')).length, 58);
    assert.equal(vocab.list('kerndoel').filter((c) => c.extra.type === 'domein' && !c.deprecated).length, 29);
    const first = vocab.get('kerndoel', '8cd7169b-ec2b-4b1a-bc35-e2d2ac49e902')!;
    assert.match(first.labelNl, /^PO Kerndoel 01: Informatie verwerven/);
    assert.ok(first.broader.length > 0, 'PO kerndoel 1 hangs under a domain or subject area');
  });

  it('nests kerndoelen under domains under subject areas', () => {
    const tree = conceptTree(vocab.list('kerndoel').filter((c) => !c.deprecated));
    const roots = tree.filter((n) => n.extra.type === 'vakleergebied');
    assert.ok(roots.length >= 20);
    const withKerndoelen = roots.find(
      (r) =>
        r.children.some((d) => d.children.some((k) => k.extra.type === 'kerndoel')) ||
        r.children.some((k) => k.extra.type === 'kerndoel'),
    );
    assert.ok(withKerndoelen);
  });

  it('resolves deprecated ids through replacedBy', () => {
    // "Mens en maatschappij" (kerndoel subject area) was replaced by cb36e642…, itself replaced since.
    const old = vocab.get('kerndoel', '02d2f065-3527-4001-99b6-52a9080f943f')!;
    assert.equal(old.deprecated, true);
    assert.deepEqual(old.replacedBy, ['cb36e642-f12f-4a19-b349-3b76cfe98bcd']);
    const current = vocab.resolve('kerndoel', old.id)!;
    assert.equal(current.deprecated, false);
    assert.equal(current.labelNl, 'Mens en maatschappij');
    const deprecatedLdk = vocab
      .list('leerdoel')
      .find((c) => c.deprecated && c.replacedBy.some((r) => vocab.get('leerdoel', r)));
    assert.ok(deprecatedLdk, 'some deprecated leerdoelenkaart nodes have a replacement');
    assert.equal(vocab.resolve('leerdoel', deprecatedLdk.id)?.deprecated, false);
  });

  it('builds the leerdoelenkaarten: vakleergebied → vakkern → vaksubkern → vakinhoud', () => {
    const current = vocab.list('leerdoel').filter((c) => !c.deprecated);
    const count = (type: string) => current.filter((c) => c.extra.type === type).length;
    assert.deepEqual(
      [count('vakleergebied'), count('vakkern'), count('vaksubkern'), count('vakinhoud')],
      [21, 141, 624, 444],
    );
    const inhoud = current.find((c) => c.extra.type === 'vakinhoud' && c.broader.length > 0)!;
    const subkern = vocab.get('leerdoel', inhoud.broader[0]!)!;
    assert.equal(subkern.extra.type, 'vaksubkern');
  });

  it('places levels in a tree (groep 5 under po, havo under vo)', () => {
    const groep5 = vocab.get('level', 'bc213214-b83d-4673-b9c1-8fdaa63d6d56')!;
    assert.deepEqual(groep5.broader, ['512e4729-03a4-43a2-95ba-758071d1b725']);
    const havo = vocab.list('level').find((c) => c.labelNl === 'havo')!;
    assert.deepEqual(havo.broader, ['2a1401e9-c223-493b-9b86-78f6993b1a8d']);
  });

  it("maps old vdex vocabularies to current concepts via Kennisnet's tables", () => {
    assert.equal(vocab.resolve('level', 'vdex_classification_educationallevel_czp_20060628.xml#PO')?.labelNl, 'po');
    assert.equal(
      vocab.resolve('kerndoel', 'vdex_classification_kerndoelen_po_04_2006.xml#1')?.id,
      '8cd7169b-ec2b-4b1a-bc35-e2d2ac49e902',
    );
    assert.equal(vocab.resolve('subject', 'vdex_classification_discipline_czp_20060628.xml#Engels')?.labelNl, 'Engels');
    // OBK discipline ids are their own id space; Filosofie exists only in OBK.
    assert.equal(
      vocab.resolve('subject', 'http://purl.edustandaard.nl/begrippenkader/d35b903f-1598-4bdd-a2fa-8aba854df762')
        ?.labelNl,
      'Filosofie',
    );
  });

  it('has the NL-LOM learning resource types with Dutch and English labels', () => {
    const types = vocab.list('resource-type');
    assert.ok(types.find((t) => t.notation === 'open opdracht' && t.labelEn === 'Open assignment'));
    assert.ok(types.find((t) => t.notation === 'evaluatie- en toetsmateriaal'));
    assert.ok(types.every((t) => t.labelNl && t.labelEn));
  });
});
