/**
 * The lesson document and the rules the pupil's page shares with the server: no dependencies, so
 * the web application imports this module as it is.
 */

/** Needs a variant can be made for, besides levels. */
export const NEEDS = ['basis', 'verdieping', 'ondersteuning'] as const;
export type Need = (typeof NEEDS)[number];

/** A rectangle on an IIIF canvas, in the canvas's own pixel coordinates. */
export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A point or a rectangle with a text, drawn on an image. */
export type Annotation =
  | { kind: 'point'; x: number; y: number; text: string }
  | { kind: 'rect'; x: number; y: number; w: number; h: number; text: string };

export type ChoiceOption = { text: string; correct: boolean; feedback: string };

/** What a section holds. */
export type LessonItem =
  | { type: 'resource'; id: string; resourceId: string; note: string; use: 'embed' | 'link' }
  | {
      type: 'detail';
      id: string;
      resourceId: string;
      manifest: string;
      canvas: string;
      /** The part of the canvas shown; null for the whole image. */
      region: Region | null;
      caption: string;
      annotations: Annotation[];
      use: 'embed' | 'link';
    }
  | { type: 'text'; id: string; markdown: string }
  | {
      type: 'task';
      id: string;
      task:
        | { kind: 'open'; question: string; answer: string }
        | { kind: 'choice'; question: string; options: ChoiceOption[] };
    }
  | {
      type: 'closed';
      id: string;
      title: string;
      url: string;
      publisher: string;
      method: string;
      chapter: string;
      note: string;
    };

/** Who a variant of a section is for: some levels, a need, or everyone (both empty). */
export interface Audience {
  levels: string[];
  need: Need | null;
}

export interface SectionVariant {
  id: string;
  audience: Audience;
  items: LessonItem[];
}

/** A section with one or more variants; the first variant is for everyone not otherwise served. */
export interface LessonSection {
  id: string;
  title: string;
  variants: SectionVariant[];
}

/** A lesson as the teacher edits it and as each published version keeps it. */
export interface LessonDocument {
  title: string;
  summary: string;
  language: 'nl' | 'en';
  levels: string[];
  subjects: string[];
  objectives: string[];
  durationMinutes: number | null;
  licence: string;
  sections: LessonSection[];
}

/**
 * The variant of a section a pupil sees: the one for the chosen level or need, else the one for
 * everyone (no audience), else the first.
 */
export function chooseVariant(
  section: LessonSection,
  choice: { level?: string | null; need?: Need | null } = {},
): SectionVariant {
  const { level = null, need = null } = choice;
  const forLevel = (v: SectionVariant) => level !== null && v.audience.levels.includes(level);
  const forNeed = (v: SectionVariant) => need !== null && v.audience.need === need;
  const forAll = (v: SectionVariant) => v.audience.levels.length === 0 && v.audience.need === null;
  return (
    section.variants.find((v) => forLevel(v) && forNeed(v)) ??
    section.variants.find((v) => forLevel(v) && v.audience.need === null) ??
    section.variants.find((v) => forNeed(v) && v.audience.levels.length === 0) ??
    section.variants.find((v) => forLevel(v) || forNeed(v)) ??
    section.variants.find(forAll) ??
    section.variants[0]!
  );
}
