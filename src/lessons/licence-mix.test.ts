import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CC0_URI, PDM_URI, licenceConcepts, rightsStatementUri } from '../vocab/licences.ts';
import { LESSON_LICENCES, checkLessonLicence, type LicensedItem } from './licence-mix.ts';

const CC = 'http://creativecommons.org/licenses/';
const [ZERO, BY, BY_SA, BY_NC, BY_NC_SA, BY_ND, BY_NC_ND] = LESSON_LICENCES;
const ALL = [...LESSON_LICENCES];
const ATTRIBUTED = ALL.filter((l) => l !== ZERO);
const NON_COMMERCIAL = [BY_NC, BY_NC_SA, BY_NC_ND];

/**
 * What a lesson may carry when it embeds one item under each licence or statement, written out by
 * hand from the licences' terms (not computed by the code under test).
 */
function expectedAlone(concept: { id: string; extra: Record<string, unknown> }): string[] {
  const { family, version, statement } = concept.extra as {
    family: string;
    version: string | null;
    statement?: string;
  };
  if (family === 'rightsstatement')
    return statement === 'NKC' ? ATTRIBUTED : statement === 'NoC-NC' ? NON_COMMERCIAL : [];
  switch (family) {
    case 'cc0':
    case 'pdm':
      return ALL;
    case 'by':
      return ATTRIBUTED;
    case 'by-sa':
      return version === '1.0' ? [] : [BY_SA];
    case 'by-nc':
      return NON_COMMERCIAL;
    case 'by-nc-sa':
      return version === '1.0' ? [] : [BY_NC_SA];
    case 'by-nd':
    case 'by-nc-nd':
      return [];
    default:
      throw new Error(`no expectation for ${family}`);
  }
}

const item = (key: string, licence: string | null, use: LicensedItem['use'] = 'embed'): LicensedItem => ({
  key,
  title: key,
  licence,
  use,
});
const concepts = licenceConcepts();

describe('licence check of a lesson', () => {
  it('allows for one embedded item exactly what its terms allow, for every licence and rights statement', () => {
    assert.ok(concepts.length > 70);
    for (const concept of concepts) {
      const check = checkLessonLicence([item('a', concept.id)]);
      assert.deepEqual(check.allowed, expectedAlone(concept), concept.id);
      assert.equal(check.recommended, expectedAlone(concept)[0] ?? null);
      for (const v of check.verdicts)
        assert.equal(v.allowed, v.problems.length === 0, `${concept.id} → ${v.licence}: a refusal says why`);
    }
  });

  it('allows for every pair of licences and statements only what both allow, and names the items in the way', () => {
    for (const a of concepts) {
      for (const b of concepts) {
        const expected = expectedAlone(a).filter((l) => expectedAlone(b).includes(l));
        const check = checkLessonLicence([item('a', a.id), item('b', b.id)]);
        assert.deepEqual(check.allowed, expected, `${a.id} + ${b.id}`);
        if (expected.length === 0) {
          assert.ok(check.conflicts.length > 0, `${a.id} + ${b.id}: says which item is in the way`);
          for (const c of check.conflicts) {
            assert.ok(c.problems.length > 0 && c.problems.every((p) => p.nl && p.en), 'explained in Dutch and English');
            assert.deepEqual(
              c.remedies.slice(0, 2).map((r) => r.type),
              ['link', 'replace'],
            );
          }
        }
      }
    }
  });

  it('puts no terms on a lesson for what it only links to', () => {
    for (const concept of concepts) assert.deepEqual(checkLessonLicence([item('a', concept.id, 'link')]).allowed, ALL);
    assert.deepEqual(checkLessonLicence([item('closed', null, 'link'), item('b', `${CC}by-sa/4.0/`)]).allowed, [BY_SA]);
    assert.deepEqual(checkLessonLicence([]).allowed, ALL);
  });

  it('refuses to embed what has no known licence, and offers the ways out', () => {
    const check = checkLessonLicence([item('photo', null), item('map', PDM_URI)]);
    assert.deepEqual(check.allowed, []);
    assert.equal(check.conflicts.length, 1);
    assert.equal(check.conflicts[0]!.item, 'photo');
    assert.equal(check.conflicts[0]!.problems[0]!.code, 'not-redistributable');
    assert.deepEqual(check.conflicts[0]!.remedies, [
      { type: 'link', item: 'photo' },
      { type: 'replace', item: 'photo' },
      { type: 'choose-licence', licences: ALL },
    ]);
  });

  it('explains an InC-EDU item plainly: link, do not include', () => {
    const check = checkLessonLicence([
      { key: 'k', title: 'Lesbrief', licence: rightsStatementUri('InC-EDU'), use: 'embed' },
      item('b', `${CC}by/4.0/`),
    ]);
    assert.deepEqual(check.allowed, []);
    assert.equal(check.conflicts.length, 1);
    assert.equal(
      check.conflicts[0]!.problems[0]!.nl,
      '“Lesbrief” valt onder InC-EDU: je mag ernaar linken, maar het niet opnemen en verder verspreiden.',
    );
    assert.deepEqual(check.conflicts[0]!.remedies.at(-1), { type: 'choose-licence', licences: ATTRIBUTED });
  });

  it('names both sides of a ShareAlike/NonCommercial clash, each with the licences the other allows', () => {
    const check = checkLessonLicence([item('sa', `${CC}by-sa/4.0/`), item('nc', `${CC}by-nc/3.0/nl/`)]);
    assert.deepEqual(check.allowed, []);
    assert.deepEqual(
      check.conflicts.map((c) => [c.item, c.problems[0]!.code]),
      [
        ['sa', 'share-alike'],
        ['nc', 'non-commercial'],
      ],
    );
    assert.deepEqual(check.conflicts[0]!.remedies.at(-1), { type: 'choose-licence', licences: NON_COMMERCIAL });
    assert.deepEqual(check.conflicts[1]!.remedies.at(-1), { type: 'choose-licence', licences: [BY_SA] });
    assert.match(
      check.conflicts[1]!.problems[0]!.en,
      /NonCommercial\): the lesson must be NonCommercial too, not CC BY-SA 4\.0/,
    );
  });

  it('says why a chosen licence does not fit and which do', () => {
    const check = checkLessonLicence([item('a', `${CC}by/4.0/`), item('b', `${CC}by-nc/4.0/`)], BY);
    assert.equal(check.chosen?.allowed, false);
    assert.deepEqual(
      check.chosen?.problems.map((p) => [p.item, p.code]),
      [['b', 'non-commercial']],
    );
    assert.deepEqual(check.chosen?.remedies, [
      { type: 'choose-licence', licences: NON_COMMERCIAL },
      { type: 'link', item: 'b' },
      { type: 'replace', item: 'b' },
    ]);
    const zero = checkLessonLicence([item('a', `${CC}by/4.0/`)], ZERO);
    assert.deepEqual(
      zero.chosen?.problems.map((p) => p.code),
      ['attribution'],
    );
    assert.equal(
      checkLessonLicence([item('a', `${CC}by-sa/3.0/nl/`)], BY_SA).chosen?.allowed,
      true,
      'a later version of ShareAlike is allowed',
    );
    assert.equal(checkLessonLicence([item('a', CC0_URI)], 'http://example.org/my-licence').chosen?.allowed, false);
    assert.equal(checkLessonLicence([item('a', `${CC}by-nd/4.0/`)], BY_ND).chosen?.problems[0]?.code, 'no-derivatives');
    assert.equal(checkLessonLicence([item('a', `${CC}by-nc-nd/4.0/`)], BY_NC_ND).chosen?.allowed, false);
  });

  it('notes a ShareAlike licence without a version, without blocking it', () => {
    const check = checkLessonLicence([item('a', `${CC}by-sa/`)]);
    assert.deepEqual(check.allowed, [BY_SA]);
    assert.equal(check.notes.length, 1);
    assert.match(check.notes[0]!.nl, /versie 2\.0 of later/);
  });
});
