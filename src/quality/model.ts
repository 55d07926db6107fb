import type { ResourceView } from '../catalogue/view.ts';

/** The metadata fields whose presence the completeness score counts. */
export const COMPLETENESS_FIELDS = [
  'title',
  'description',
  'language',
  'licence',
  'maker',
  'level',
  'subject',
  'resourceType',
  'image',
] as const;
export type CompletenessField = (typeof COMPLETENESS_FIELDS)[number];

export const CHECK_KINDS = ['completeness', 'licence', 'link'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];
export type CheckStatus = 'ok' | 'warning' | 'failed';

/** How complete a resource's metadata is, and what it lacks. */
export interface Completeness {
  /** Present fields over the fields that apply, 0 to 1 (two decimals). */
  score: number;
  missing: CompletenessField[];
}

/**
 * Which fields apply to a kind of resource. Every kind needs what NL-LOM's mandatory profile asks
 * of a record (title, description, language, rights, a maker or publisher, educational level,
 * discipline); learning material and lessons need a learning resource type, heritage objects a
 * picture (a teacher cannot judge an object by its text).
 */
export function fieldsFor(kind: ResourceView['kind']): CompletenessField[] {
  return COMPLETENESS_FIELDS.filter((f) =>
    f === 'resourceType' ? kind !== 'heritage' : f === 'image' ? kind === 'heritage' : true,
  );
}

const present: Record<CompletenessField, (r: ResourceView) => boolean> = {
  title: (r) => r.title.trim().length > 0,
  description: (r) => (r.description ?? '').trim().length >= 20,
  language: (r) => !!r.language,
  licence: (r) => r.licence.status === 'ok',
  maker: (r) => r.creators.some((c) => c.name.trim()) || !!r.publisher || !!r.institution,
  level: (r) => r.levels.length > 0,
  subject: (r) => r.subjects.length > 0,
  resourceType: (r) => r.resourceTypes.length > 0,
  image: (r) => !!r.thumbnail || !!r.iiifManifest,
};

/** Scores a resource's metadata: which of the fields that apply to its kind are there. */
export function completeness(resource: ResourceView): Completeness {
  const fields = fieldsFor(resource.kind);
  const missing = fields.filter((f) => !present[f](resource));
  return { score: Math.round(((fields.length - missing.length) / fields.length) * 100) / 100, missing };
}

/** One finding of an automatic check. */
export interface Finding {
  kind: CheckKind;
  status: CheckStatus;
  detail: Record<string, unknown>;
}

/**
 * The automatic checks that read the record itself: completeness (a warning below 0.75, failed
 * below 0.5) and the licence (failed when there is none, a warning when it is not recognised).
 */
export function checkRecord(resource: ResourceView): Finding[] {
  const c = completeness(resource);
  return [
    {
      kind: 'completeness',
      status: c.score >= 0.75 ? 'ok' : c.score >= 0.5 ? 'warning' : 'failed',
      detail: { score: c.score, missing: c.missing },
    },
    {
      kind: 'licence',
      status: resource.licence.status === 'ok' ? 'ok' : resource.licence.status === 'unknown' ? 'warning' : 'failed',
      detail: { value: resource.licence.raw, uri: resource.licence.uri, found: resource.licence.status },
    },
  ];
}
