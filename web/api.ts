import type { Static } from 'typebox';
import type { Session as SessionSchema } from '../src/accounts/routes.ts';
import type {
  Concept as ConceptSchema,
  FacetValue as FacetValueSchema,
  Licence as LicenceSchema,
  QueryHelp as QueryHelpSchema,
  Resource as ResourceSchema,
  ResourceList as ResourceListSchema,
  Segments,
} from '../src/catalogue/schema.ts';
import type {
  Community as CommunitySchema,
  Item,
  Person as PersonSchema,
  Post as PostSchema,
  Thread as ThreadSchema,
} from '../src/community/schema.ts';
import type { Run, Source as SourceSchema } from '../src/harvest/schema.ts';
import type {
  LessonCheck as LessonCheckSchema,
  LicenceProblem as LicenceProblemSchema,
  Remedy as RemedySchema,
} from '../src/lessons/schema.ts';
import type { Area, CurriculumNode as CurriculumNodeSchema } from '../src/search/find-routes.ts';
import type { ConceptSchema as VocabConceptSchema } from '../src/vocab/routes.ts';

// The shapes of the Leergoed API the web application reads (see /api/openapi.json): the types of
// the server's own TypeBox schemas, so the two cannot drift apart.

export type Concept = Static<typeof ConceptSchema>;
/** A concept as `GET /api/v1/vocabularies/{scheme}` lists it. */
export type VocabConcept = Static<typeof VocabConceptSchema>;
export type Licence = Static<typeof LicenceSchema>;
export type Resource = Static<typeof ResourceSchema>;
export type Segment = Static<typeof Segments>[number];
export type FacetValue = Static<typeof FacetValueSchema>;
export type QueryHelp = Static<typeof QueryHelpSchema>;
/** A result page; its items are resources (a reference in the schema). */
export type ResourceList = Omit<Static<typeof ResourceListSchema>, 'items'> & { items: Resource[] };
export type Facet = ResourceList['facets'][number];
export type CurriculumNode = Omit<Static<typeof CurriculumNodeSchema>, 'children'> & { children: CurriculumNode[] };
export type CurriculumArea = Static<typeof Area>;
export type Session = Static<typeof SessionSchema>;
/** A run; its status is one of these three. */
export type ImportRun = Omit<Static<typeof Run>, 'status'> & { status: 'running' | 'completed' | 'failed' };
/** A source; its last run as the runs list shows it (a reference in the schema). */
export type Source = Omit<Static<typeof SourceSchema>, 'lastRun'> & { lastRun: ImportRun | null };
export type LicenceProblem = Static<typeof LicenceProblemSchema>;
export type Remedy = Static<typeof RemedySchema>;
export type LessonCheck = Static<typeof LessonCheckSchema>;
export type Person = Static<typeof PersonSchema>;
export type Community = Static<typeof CommunitySchema>;
/** An item of a community's collection; its resource as the catalogue presents it. */
export type CommunityItem = Omit<Static<typeof Item>, 'resource'> & { resource: Resource };
export type Thread = Static<typeof ThreadSchema>;
export type Post = Static<typeof PostSchema>;

export interface Suggestions {
  titles: { id: string; title: string; kind: string }[];
  concepts: {
    scheme: 'subject' | 'objective' | 'level';
    id: string;
    label: string;
    labelEn: string | null;
    notation: string | null;
    count: number;
  }[];
  makers: { name: string; count: number }[];
}
export interface CurriculumLevel {
  id: string;
  label: string;
  labelEn: string | null;
  kerndoelen: number;
}

/** An API error (problem+json) with its code. */
/** A problem the API answered (RFC 9457): its status, stable code, and the values its detail carries. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

function detailsOf(body: { detail?: unknown } | null): Record<string, unknown> {
  if (typeof body?.detail !== 'string') return {};
  try {
    const parsed = JSON.parse(body.detail) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

let csrfToken: string | null = null;

/** Remembers the session's CSRF token for writes. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
  if (csrfToken && init.method && init.method !== 'GET') headers.set('x-csrf-token', csrfToken);
  const response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  if (response.status === 204 || response.status === 202) return undefined as T;
  const body = await response.json().catch(() => null);
  if (!response.ok && response.status !== 410)
    throw new ApiError(response.status, body?.code ?? 'LG_HTTP', body?.title ?? response.statusText, detailsOf(body));
  return body as T;
}

export interface ConnectionPreview {
  ok: boolean;
  error: string | null;
  identify: {
    repositoryName: string;
    baseURL: string;
    granularity: string;
    earliestDatestamp: string;
    deletedRecord: string;
  } | null;
  formats: { prefix: string; mapped: boolean }[];
  sets: { spec: string; name: string }[];
  metadataPrefix: string | null;
  records: {
    originalId: string | null;
    status: string;
    title: string | null;
    licence: string | null;
    reason: string | null;
    warnings: string[];
  }[];
  warnings: { code: string; message: string; percent?: number }[];
  dataset?: {
    name: string | null;
    chosen: string | null;
    distributions: { url: string; mediaTypes: string[]; description: string | null; harvestAs: string | null }[];
  };
}
export interface RunReport {
  run: ImportRun;
  fileKept: boolean;
  issues: {
    id: string;
    originalId: string | null;
    reason: string;
    rawRecord: string | null;
    resolvedAt: string | null;
  }[];
}

/** A lesson as `GET /api/v1/lessons/{id}` returns it (its document typed by the server's module). */
export interface Lesson {
  id: string;
  status: 'draft' | 'published';
  owner: { id: string; name: string };
  canEdit: boolean;
  revision: number;
  version: number | null;
  shows: { draft: boolean; version: number | null };
  document: import('../src/lessons/document.ts').LessonDocument;
  resources: {
    id: string;
    state: 'available' | 'withdrawn' | 'missing';
    title: string | null;
    kind: string | null;
    url: string | null;
    thumbnail: string | null;
    iiifManifest: string | null;
    licence: Licence | null;
    withdrawnReason: string | null;
  }[];
  html: Record<string, string>;
  forkedFrom: { id: string; title: string; authors: string[] } | null;
  forkCount: number;
  publishedAt: string | null;
}
export interface LessonSummary {
  id: string;
  title: string;
  status: string;
  version: number | null;
  updatedAt: string;
  forkedFrom: string | null;
}

export interface CommunityMember {
  id: string;
  name: string;
  role: 'member' | 'moderator';
  joinedAt: string;
}
