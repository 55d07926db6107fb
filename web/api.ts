/** The shapes of the Leergoed API the web application reads (see /api/openapi.json). */
export interface Concept {
  id: string;
  label: string;
  labelEn: string | null;
  uri: string | null;
}
/** A concept as `GET /api/v1/vocabularies/{scheme}` lists it. */
export interface VocabConcept {
  id: string;
  labelNl: string;
  labelEn: string | null;
  notation: string | null;
  broader: string[];
}
export interface Licence {
  uri: string | null;
  label: string | null;
  labelEn: string | null;
  notation: string | null;
  kind: 'licence' | 'rights-statement' | null;
  reusability: 'open' | 'restricted' | 'permission' | null;
  status: 'ok' | 'unknown' | 'missing';
  raw: string | null;
}
export interface Resource {
  id: string;
  kind: 'material' | 'heritage' | 'lesson';
  status: string;
  title: string;
  description: string | null;
  language: string | null;
  creators: { name: string; role?: string | null; uri?: string | null }[];
  publisher: string | null;
  institution: { id: string; name: string } | null;
  url: string | null;
  thumbnail: string | null;
  iiifManifest: string | null;
  formats: string[];
  resourceTypes: Concept[];
  levels: Concept[];
  subjects: Concept[];
  objectives: (Concept & { notation: string | null; text: string | null; alignment: 'source' | 'confirmed' })[];
  keywords: string[];
  licence: Licence;
  metadataLicence: Licence | null;
  access: string;
  requiredStatement: string | null;
  dates: {
    created: string | null;
    modified: string | null;
    period: { start: number | null; end: number | null; text: string | null };
  };
  attribution: { nl: { text: string; html: string }; en: { text: string; html: string } };
  provenance: {
    source: { id: string; name: string; type: string } | null;
    originalId: string | null;
    importRunId: string | null;
    rawFormat: string | null;
    hasRawRecord: boolean;
  };
  warnings: { code: string; message: string }[];
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  /** In search results: where the query matched. */
  match?: { title: Segment[]; snippet: Segment[] | null };
}
export interface Segment {
  text: string;
  mark: boolean;
}
export interface FacetValue {
  id: string;
  label: string;
  labelEn: string | null;
  parent: string | null;
  count: number;
  selected: boolean;
}
export interface Facet {
  name: string;
  approximate: boolean;
  valueCount: number;
  values: FacetValue[];
}
export interface QueryHelp {
  correctedQuery: string | null;
  relaxed: boolean;
  didYouMean: string | null;
  compounds: { word: string; parts: string[] }[];
  expansions: { word: string; words: string[] }[];
  synonyms: { words: string; alternatives: string[] }[];
  ignored: string[];
  broader: {
    type: 'remove-filter' | 'remove-word';
    filter?: string;
    value?: string;
    label?: string;
    labelEn?: string | null;
    word?: string;
    query?: string;
    count: number;
  }[];
}
export interface ResourceList {
  items: Resource[];
  total: number;
  facets: Facet[];
  nextCursor: string | null;
  query: QueryHelp;
}
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
export interface CurriculumNode {
  id: string;
  label: string;
  labelEn: string | null;
  notation: string | null;
  type: string;
  text: string | null;
  count: number;
  children: CurriculumNode[];
}
export interface CurriculumArea {
  id: string;
  label: string;
  labelEn: string | null;
  count: number;
  kerndoelen: number;
}
export interface CurriculumLevel {
  id: string;
  label: string;
  labelEn: string | null;
  kerndoelen: number;
}
export interface Session {
  user: {
    id: string;
    email: string;
    name: string;
    role: string;
    organisations: { id: string; name: string; kind: string }[];
  };
  csrfToken: string;
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

export interface ImportRun {
  id: string;
  sourceId: string;
  kind: string;
  format: string | null;
  location: string;
  status: 'running' | 'completed' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  created: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  failed: number;
  pages: number;
  completeListSize: number | null;
  requestFrom: string | null;
  heartbeatAt: string | null;
  startedBy: {
    trigger: 'upload' | 'request' | 'schedule' | 'cli' | 'retry' | 'demo' | 'unknown';
    person: string | null;
    apiKey: string | null;
  };
}
export interface Source {
  id: string;
  organisationId: string | null;
  name: string;
  type: string;
  url: string | null;
  metadataPrefix: string | null;
  set: string | null;
  schedule: string | null;
  enabled: boolean;
  harvestFrom: string | null;
  nextRunAt: string | null;
  createdAt: string;
  updatedAt: string | null;
  job: { id: string; status: string; runAt: string; attempts: number; lastError: string | null } | null;
  lastRun: ImportRun | null;
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
export interface LicenceProblem {
  item: string;
  code: string;
  nl: string;
  en: string;
}
export type Remedy =
  { type: 'link'; item: string } | { type: 'replace'; item: string } | { type: 'choose-licence'; licences: string[] };
export interface LessonCheck {
  licence: {
    allowed: string[];
    recommended: string | null;
    conflicts: { item: string; problems: LicenceProblem[]; remedies: Remedy[] }[];
    chosen: { licence: string; allowed: boolean; problems: LicenceProblem[]; remedies: Remedy[] } | null;
    notes: LicenceProblem[];
  };
  attribution: { kind: string; itemIds: string[]; resourceId: string | null; nl: string; en: string }[];
}
export interface LessonSummary {
  id: string;
  title: string;
  status: string;
  version: number | null;
  updatedAt: string;
  forkedFrom: string | null;
}

export interface Person {
  id: string;
  name: string;
}
export interface Community {
  id: string;
  slug: string;
  kind: 'subject' | 'regional';
  name: string;
  description: string;
  subjects: Concept[];
  levels: Concept[];
  region: string | null;
  counts: { members: number; items: number; threads: number };
  setSpec: string;
  createdAt: string;
  myRole: 'member' | 'moderator' | null;
}
export interface CommunityItem {
  resource: Resource;
  note: string;
  addedBy: Person;
  addedAt: string;
  mayRemove: boolean;
}
export interface CommunityMember {
  id: string;
  name: string;
  role: 'member' | 'moderator';
  joinedAt: string;
}
export interface Thread {
  id: string;
  title: string;
  resource: { id: string; title: string } | null;
  startedBy: Person;
  createdAt: string;
  lastPostAt: string;
  posts: number;
}
export interface Post {
  id: string;
  author: Person;
  body: string | null;
  html: string | null;
  createdAt: string;
  editedAt: string | null;
  removed: boolean;
  mayEdit: boolean;
  mayRemove: boolean;
}
