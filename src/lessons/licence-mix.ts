import { CC0_URI, findLicence, licenceFacts, type LicenceTerms } from '../vocab/licences.ts';

/**
 * Which licences a lesson may carry, given what it holds.
 *
 * A lesson is treated as an adaptation of everything it embeds (copies into itself or its exports:
 * an image, a detail of a heritage object, a text): every embedded item's terms carry over to the
 * lesson. What a lesson only links to (a web link, closed material) puts no term on it. This is the
 * cautious reading of the Creative Commons licences that lets a lesson be forked, changed and
 * exported without asking anyone; see docs/lessons.md.
 */

/** The licences a teacher can give a lesson: the 4.0 suite and CC0. */
export const LESSON_LICENCES = [
  CC0_URI,
  'http://creativecommons.org/licenses/by/4.0/',
  'http://creativecommons.org/licenses/by-sa/4.0/',
  'http://creativecommons.org/licenses/by-nc/4.0/',
  'http://creativecommons.org/licenses/by-nc-sa/4.0/',
  'http://creativecommons.org/licenses/by-nd/4.0/',
  'http://creativecommons.org/licenses/by-nc-nd/4.0/',
] as const;

/** How a lesson uses an item: copied into it (`embed`) or pointed at (`link`). */
export type ItemUse = 'embed' | 'link';

/** An item of a lesson as the licence check sees it. */
export interface LicensedItem {
  /** Names the item in the answer (a section item id). */
  key: string;
  title: string;
  /** The item's licence or rights statement URI; null when unknown or missing. */
  licence: string | null;
  use: ItemUse;
}

/** A way out of a conflict. */
export type Remedy =
  { type: 'link'; item: string } | { type: 'replace'; item: string } | { type: 'choose-licence'; licences: string[] };

/** Why an embedded item does not fit a lesson licence, or no licence at all. */
export interface LicenceProblem {
  item: string;
  code: ProblemCode;
  nl: string;
  en: string;
}

export type ProblemCode =
  | 'not-redistributable' // a rights statement or an unknown licence: link only
  | 'no-derivatives' // ND: may not be changed or made part of another work
  | 'share-alike' // SA: the lesson must carry the same licence
  | 'share-alike-version' // SA 1.0: only the same version, which a lesson cannot carry
  | 'non-commercial' // NC: the lesson must be NonCommercial too
  | 'attribution'; // BY: the lesson must ask for attribution too (not CC0)

/** The answer for one lesson licence. */
export interface LicenceVerdict {
  licence: string;
  allowed: boolean;
  problems: LicenceProblem[];
}

/** The whole answer: the licences the lesson may carry, and what to do when none fits. */
export interface LicenceCheck {
  /** The lesson licences that every embedded item allows, most open first. */
  allowed: string[];
  /** The most open allowed licence, or null. */
  recommended: string | null;
  verdicts: LicenceVerdict[];
  /** Items that no lesson licence allows embedded, each with the ways out. */
  conflicts: { item: string; problems: LicenceProblem[]; remedies: Remedy[] }[];
  /** When the chosen licence is not allowed: why, and the ways out. */
  chosen: { licence: string; allowed: boolean; problems: LicenceProblem[]; remedies: Remedy[] } | null;
  /** Things to know that block nothing (an SA licence whose version the source did not state). */
  notes: LicenceProblem[];
}

/** Terms of an embedded item that bind a lesson; null when the item may not be embedded at all. */
interface ItemTerms {
  terms: LicenceTerms;
  shareAlikeFamily: string | null;
  oldShareAlike: boolean;
  versionUnknown: boolean;
}

const FREE: LicenceTerms = { attribution: false, shareAlike: false, nonCommercial: false, noDerivatives: false };

/** Rights statements that allow embedding: no known copyright, and no copyright but non-commercial only. */
const EMBEDDABLE_STATEMENTS: Record<string, LicenceTerms> = {
  NKC: { ...FREE, attribution: true },
  'NoC-NC': { ...FREE, attribution: true, nonCommercial: true },
};

function itemTerms(uri: string | null): ItemTerms | null {
  if (!uri) return null;
  const concept = findLicence(uri);
  if (!concept) return null;
  const extra = concept.extra as { family?: string; version?: string | null; statement?: string; terms?: LicenceTerms };
  if (extra.family === 'rightsstatement') {
    const terms = EMBEDDABLE_STATEMENTS[extra.statement ?? ''];
    return terms ? { terms, shareAlikeFamily: null, oldShareAlike: false, versionUnknown: false } : null;
  }
  const terms = licenceFacts(uri)?.terms ?? FREE;
  return {
    terms,
    shareAlikeFamily: terms.shareAlike ? (extra.family ?? null) : null,
    // CC BY-SA 1.0 lets adaptations carry only the same licence; 2.0 and later allow later versions.
    oldShareAlike: terms.shareAlike && extra.version === '1.0',
    versionUnknown: terms.shareAlike && (extra.version ?? null) === null,
  };
}

function lessonTerms(uri: string): { terms: LicenceTerms; family: string } {
  const concept = findLicence(uri)!;
  return { terms: licenceFacts(uri)?.terms ?? FREE, family: (concept.extra as { family: string }).family };
}

/** A licence's short name, for messages: "CC BY-SA 4.0", "InC-EDU". */
export function licenceName(uri: string): string {
  return findLicence(uri)?.notation ?? uri;
}

function problem(item: LicensedItem, code: ProblemCode, lesson: string | null): LicenceProblem {
  const name = item.licence ? licenceName(item.licence) : '';
  const title = `“${item.title}”`;
  const target = lesson ? licenceName(lesson) : '';
  switch (code) {
    case 'not-redistributable':
      return item.licence
        ? {
            item: item.key,
            code,
            nl: `${title} valt onder ${name}: je mag ernaar linken, maar het niet opnemen en verder verspreiden.`,
            en: `${title} is under ${name}: you may link to it, but not include and redistribute it.`,
          }
        : {
            item: item.key,
            code,
            nl: `Van ${title} is de licentie onbekend: je mag ernaar linken, maar het niet opnemen.`,
            en: `The licence of ${title} is unknown: you may link to it, but not include it.`,
          };
    case 'no-derivatives':
      return {
        item: item.key,
        code,
        nl: `${title} valt onder ${name}: het mag niet bewerkt of in een ander werk opgenomen worden. Link ernaar.`,
        en: `${title} is under ${name}: it may not be changed or made part of another work. Link to it.`,
      };
    case 'share-alike':
      return {
        item: item.key,
        code,
        nl: `${title} valt onder ${name} (GelijkDelen): de les moet dezelfde licentie krijgen, niet ${target}.`,
        en: `${title} is under ${name} (ShareAlike): the lesson must carry the same licence, not ${target}.`,
      };
    case 'share-alike-version':
      return {
        item: item.key,
        code,
        nl: `${title} valt onder ${name}: bewerkingen mogen alleen precies die licentie krijgen, en een les krijgt een 4.0-licentie.`,
        en: `${title} is under ${name}: adaptations may carry only that exact licence, and a lesson carries a 4.0 licence.`,
      };
    case 'non-commercial':
      return {
        item: item.key,
        code,
        nl: `${title} valt onder ${name} (NietCommercieel): de les moet ook NietCommercieel zijn, niet ${target}.`,
        en: `${title} is under ${name} (NonCommercial): the lesson must be NonCommercial too, not ${target}.`,
      };
    case 'attribution':
      return {
        item: item.key,
        code,
        nl: `${title} valt onder ${name}: de maker moet genoemd worden, dus de les kan niet onder ${target} (zonder voorwaarden).`,
        en: `${title} is under ${name}: its maker must be credited, so the lesson cannot be ${target} (no conditions).`,
      };
  }
}

/** Why an embedded item does not fit a lesson licence; empty when it fits. */
function problemsWith(item: LicensedItem, lesson: string): LicenceProblem[] {
  const own = itemTerms(item.licence);
  if (!own) return [problem(item, 'not-redistributable', lesson)];
  if (own.terms.noDerivatives) return [problem(item, 'no-derivatives', lesson)];
  if (own.oldShareAlike) return [problem(item, 'share-alike-version', lesson)];
  const { terms, family } = lessonTerms(lesson);
  const problems: LicenceProblem[] = [];
  if (own.shareAlikeFamily && own.shareAlikeFamily !== family) problems.push(problem(item, 'share-alike', lesson));
  if (own.terms.nonCommercial && !terms.nonCommercial) problems.push(problem(item, 'non-commercial', lesson));
  if (own.terms.attribution && !terms.attribution) problems.push(problem(item, 'attribution', lesson));
  return problems;
}

function allowedFor(embedded: LicensedItem[]): string[] {
  return LESSON_LICENCES.filter((l) => embedded.every((i) => problemsWith(i, l).length === 0));
}

/**
 * The items to point at when no licence fits: those no licence allows, and of the rest those whose
 * removal would leave a licence (or, in a tangle of three or more, every one with terms).
 */
function itemsInTheWay(embedded: LicensedItem[]): LicensedItem[] {
  const blockers = new Set(embedded.filter((i) => allowedFor([i]).length === 0));
  const rest = embedded.filter((i) => !blockers.has(i));
  let tangled: LicensedItem[] = [];
  if (allowedFor(rest).length === 0) {
    tangled = rest.filter((i) => allowedFor(rest.filter((j) => j !== i)).length > 0);
    if (tangled.length === 0) tangled = rest.filter((i) => allowedFor([i]).length < LESSON_LICENCES.length);
  }
  return embedded.filter((i) => blockers.has(i) || tangled.includes(i));
}

/**
 * Decides which licences a lesson may carry given its items, explains every conflict in Dutch and
 * English, and offers the ways out: link instead of embed, replace the item, or choose a licence
 * that fits. `chosen` is the licence the teacher picked, if any.
 */
export function checkLessonLicence(items: LicensedItem[], chosen: string | null = null): LicenceCheck {
  const embedded = items.filter((i) => i.use === 'embed');
  const verdicts: LicenceVerdict[] = LESSON_LICENCES.map((licence) => {
    const problems = embedded.flatMap((item) => problemsWith(item, licence));
    return { licence, allowed: problems.length === 0, problems };
  });
  const allowed = verdicts.filter((v) => v.allowed).map((v) => v.licence);
  const conflicts: LicenceCheck['conflicts'] = [];
  if (allowed.length === 0) {
    for (const item of itemsInTheWay(embedded)) {
      // The licences the lesson could carry if this item were linked instead.
      const others = allowedFor(embedded.filter((i) => i !== item));
      // Said against a licence the other items allow, so the message names the real clash.
      const against =
        others.find((l) => problemsWith(item, l).length > 0) ??
        LESSON_LICENCES.find((l) => problemsWith(item, l).length > 0)!;
      const remedies: Remedy[] = [
        { type: 'link', item: item.key },
        { type: 'replace', item: item.key },
      ];
      if (others.length > 0) remedies.push({ type: 'choose-licence', licences: others });
      conflicts.push({ item: item.key, problems: problemsWith(item, against), remedies });
    }
  }
  let chosenVerdict: LicenceCheck['chosen'] = null;
  if (chosen) {
    const verdict = verdicts.find((v) => v.licence === chosen);
    if (!verdict) {
      chosenVerdict = {
        licence: chosen,
        allowed: false,
        problems: [],
        remedies: allowed.length ? [{ type: 'choose-licence', licences: allowed }] : [],
      };
    } else {
      const remedies: Remedy[] = [];
      if (allowed.length && !verdict.allowed) remedies.push({ type: 'choose-licence', licences: allowed });
      for (const key of new Set(verdict.problems.map((p) => p.item)))
        remedies.push({ type: 'link', item: key }, { type: 'replace', item: key });
      chosenVerdict = { licence: chosen, allowed: verdict.allowed, problems: verdict.problems, remedies };
    }
  }
  const notes = embedded
    .filter((i) => itemTerms(i.licence)?.versionUnknown)
    .map((item): LicenceProblem => ({
      item: item.key,
      code: 'share-alike',
      nl: `Van “${item.title}” is de versie van ${licenceName(item.licence!)} niet vermeld; ga na of het versie 2.0 of later is.`,
      en: `The version of ${licenceName(item.licence!)} of “${item.title}” is not stated; check that it is version 2.0 or later.`,
    }));
  return { allowed, recommended: allowed[0] ?? null, verdicts, conflicts, chosen: chosenVerdict, notes };
}

/** Whether a licence URI is one a lesson may be given. */
export function isLessonLicence(uri: string): uri is (typeof LESSON_LICENCES)[number] {
  return (LESSON_LICENCES as readonly string[]).includes(uri);
}
