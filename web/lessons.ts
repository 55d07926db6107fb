import type { LessonDocument, LessonItem } from '../src/lessons/document.ts';
import { api, type Lesson, type Resource } from './api.ts';

/** A fresh id for a section, variant or item. */
export function newId(): string {
  return crypto.randomUUID();
}

/**
 * How a lesson uses a resource when it is added: embedded when its licence lets anyone reuse it,
 * linked otherwise (the teacher can change it; the licence check explains either way).
 */
export function defaultUse(resource: {
  licence: { status: string; reusability: string | null } | null;
}): 'embed' | 'link' {
  return resource.licence?.status === 'ok' && resource.licence.reusability === 'open' ? 'embed' : 'link';
}

/** A catalogue resource as a lesson item. */
export function resourceItem(resource: Pick<Resource, 'id' | 'licence'>): LessonItem {
  return { type: 'resource', id: newId(), resourceId: resource.id, note: '', use: defaultUse(resource) };
}

/** Adds an item to the last section's first variant (making a section when there is none). */
export function appendItem(doc: LessonDocument, item: LessonItem): LessonDocument {
  const sections = doc.sections.length
    ? doc.sections
    : [{ id: newId(), title: '', variants: [{ id: newId(), audience: { levels: [], need: null }, items: [] }] }];
  const last = sections[sections.length - 1]!;
  const [first, ...rest] = last.variants;
  const updated = { ...last, variants: [{ ...first!, items: [...first!.items, item] }, ...rest] };
  return { ...doc, sections: [...sections.slice(0, -1), updated] };
}

/** Adds a resource to a lesson (a new one when `lessonId` is null) and saves it; returns the lesson. */
export async function addToLesson(lessonId: string | null, resource: Resource, newTitle: string): Promise<Lesson> {
  const lesson = lessonId
    ? await api<Lesson>(`/api/v1/lessons/${encodeURIComponent(lessonId)}`)
    : await api<Lesson>('/api/v1/lessons', { method: 'POST', body: JSON.stringify({}) });
  const document = appendItem(
    lessonId ? lesson.document : { ...lesson.document, title: newTitle },
    resourceItem(resource),
  );
  return api<Lesson>(`/api/v1/lessons/${encodeURIComponent(lesson.id)}/draft`, {
    method: 'PUT',
    body: JSON.stringify({ document, revision: lesson.revision }),
  });
}

/** Moves an element of a list from one index to another. */
export function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return list;
  const next = list.slice();
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved!);
  return next;
}
