import { type LessonDocument, type LessonItem } from '../../../src/lessons/document.ts';
import { type LessonCheck } from '../../api.ts';

/** The licences a lesson can carry, most open first (the server checks the same list). */
export const LESSON_LICENCES: [string, string][] = [
  ['http://creativecommons.org/publicdomain/zero/1.0/', 'CC0 1.0'],
  ['http://creativecommons.org/licenses/by/4.0/', 'CC BY 4.0'],
  ['http://creativecommons.org/licenses/by-sa/4.0/', 'CC BY-SA 4.0'],
  ['http://creativecommons.org/licenses/by-nc/4.0/', 'CC BY-NC 4.0'],
  ['http://creativecommons.org/licenses/by-nc-sa/4.0/', 'CC BY-NC-SA 4.0'],
  ['http://creativecommons.org/licenses/by-nd/4.0/', 'CC BY-ND 4.0'],
  ['http://creativecommons.org/licenses/by-nc-nd/4.0/', 'CC BY-NC-ND 4.0'],
];

export const licenceName = (uri: string) => LESSON_LICENCES.find(([u]) => u === uri)?.[1] ?? uri;

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'conflict'; message: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'offline' };

export type Patch = (doc: LessonDocument) => LessonDocument;

export function mapItems(doc: LessonDocument, f: (item: LessonItem) => LessonItem): LessonDocument {
  return {
    ...doc,
    sections: doc.sections.map((s) => ({ ...s, variants: s.variants.map((v) => ({ ...v, items: v.items.map(f) })) })),
  };
}

/** The levels most lessons are for; the rest of SLO's list shows on request. */
export const COMMON_LEVEL = /^(groep [1-8]|po|vo|so|vso|pro|vmbo|havo|vwo|(ob|bb) (vmbo|havo|vwo))$/;

export function itemTitle(check: LessonCheck, itemId: string): string {
  const line = check.attribution.find((a) => a.itemIds.includes(itemId));
  return line ? line.nl.split('.')[0]!.replace(/^“|”$/g, '') : itemId;
}
