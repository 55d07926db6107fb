import type { LessonDocument, LessonItem, Region } from './document.ts';
import type { ErrorCode } from '../kernel/error-codes.ts';
import { isHttpUrl } from './completeness.ts';

export * from './document.ts';

/** Limits that keep a lesson a lesson (and a request small). */
export const LESSON_LIMITS = {
  sections: 60,
  variants: 8,
  items: 80,
  text: 20_000,
  annotations: 40,
  options: 10,
} as const;

/** A problem found in a lesson document, with where it is. */
export interface DocumentProblem {
  path: string;
  code: ErrorCode;
  message: string;
}

/**
 * Checks what a schema cannot and no half-typed draft excuses: unique ids, one variant per
 * audience, regions and annotations that make sense, picked images at http(s) addresses. What a
 * teacher has not filled in yet is `completenessProblems`' business, at publish.
 */
export function documentProblems(doc: LessonDocument): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const ids = new Set<string>();
  const unique = (id: string, path: string) => {
    if (ids.has(id)) problems.push({ path, code: 'LG_LESSON_DUPLICATE_ID', message: `The id ${id} is used twice.` });
    ids.add(id);
  };
  doc.sections.forEach((section, s) => {
    unique(section.id, `sections/${s}`);
    const audiences = new Set<string>();
    section.variants.forEach((variant, v) => {
      const path = `sections/${s}/variants/${v}`;
      unique(variant.id, path);
      const key = JSON.stringify([[...variant.audience.levels].sort(), variant.audience.need]);
      if (audiences.has(key))
        problems.push({
          path,
          code: 'LG_LESSON_DUPLICATE_VARIANT',
          message: 'Two variants of this section are for the same pupils.',
        });
      audiences.add(key);
      variant.items.forEach((item, i) => {
        const at = `${path}/items/${i}`;
        unique(item.id, at);
        if (item.type === 'detail') {
          if (item.region && (item.region.w <= 0 || item.region.h <= 0))
            problems.push({
              path: `${at}/region`,
              code: 'LG_LESSON_BAD_REGION',
              message: 'A region needs a width and a height.',
            });
          for (const [a, note] of item.annotations.entries()) {
            if (note.kind === 'rect' && (note.w <= 0 || note.h <= 0))
              problems.push({
                path: `${at}/annotations/${a}`,
                code: 'LG_LESSON_BAD_REGION',
                message: 'A rectangle needs a width and a height.',
              });
          }
          for (const [field, value] of [
            ['manifest', item.manifest],
            ['canvas', item.canvas],
          ] as const) {
            if (!isHttpUrl(value))
              problems.push({
                path: `${at}/${field}`,
                code: 'LG_BAD_URL',
                message: `${field} must be an http(s) URL.`,
              });
          }
        }
      });
    });
  });
  return problems;
}

/** The resources a lesson uses, embedded or linked, in order, once each. */
export function resourceIdsOf(doc: LessonDocument): string[] {
  const ids: string[] = [];
  for (const section of doc.sections) {
    for (const variant of section.variants) {
      for (const item of variant.items)
        if ((item.type === 'resource' || item.type === 'detail') && !ids.includes(item.resourceId))
          ids.push(item.resourceId);
    }
  }
  return ids;
}

/** Every item of a lesson with the section and variant it is in. */
export function itemsOf(doc: LessonDocument): LessonItem[] {
  return doc.sections.flatMap((s) => s.variants.flatMap((v) => v.items));
}

/**
 * An IIIF Content State (Content State API 1.0) naming a region of a canvas of a manifest: the
 * annotation with a `SpecificResource` target, and its encoded form for a URL's `iiif-content`.
 */
export function contentState(detail: { manifest: string; canvas: string; region: Region | null; caption: string }): {
  json: Record<string, unknown>;
  encoded: string;
} {
  const source = { id: detail.canvas, type: 'Canvas', partOf: [{ id: detail.manifest, type: 'Manifest' }] };
  const target = detail.region
    ? {
        type: 'SpecificResource',
        source,
        selector: {
          type: 'FragmentSelector',
          conformsTo: 'http://www.w3.org/TR/media-frags/',
          value: `xywh=${[detail.region.x, detail.region.y, detail.region.w, detail.region.h].map(Math.round).join(',')}`,
        },
      }
    : source;
  const json: Record<string, unknown> = {
    '@context': 'http://iiif.io/api/presentation/3/context.json',
    type: 'Annotation',
    motivation: ['contentState'],
    ...(detail.caption ? { label: { nl: [detail.caption] } } : {}),
    target,
  };
  const encoded = Buffer.from(encodeURIComponent(JSON.stringify(json)), 'utf8').toString('base64url');
  return { json, encoded };
}

/** Decodes an encoded content state (the reverse of `contentState(...).encoded`). */
export function decodeContentState(encoded: string): unknown {
  return JSON.parse(decodeURIComponent(Buffer.from(encoded, 'base64url').toString('utf8')));
}
