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
import type { Member } from '../src/community/routes.ts';
import type {
  ConnectionPreview as ConnectionPreviewSchema,
  Report as ReportSchema,
  Run,
  RunReport as RunReportSchema,
  Source as SourceSchema,
  UploadPreviewSchema,
} from '../src/harvest/schema.ts';
import type { LessonSummary as LessonSummarySchema } from '../src/lessons/routes.ts';
import type { OidcOffer as OidcOfferSchema } from '../src/accounts/schema.ts';
import type {
  Application as ApplicationSchema,
  InvitationOffer as InvitationOfferSchema,
  Team as TeamSchema,
} from '../src/onboarding/schema.ts';
import type {
  Award as AwardSchema,
  Mark as MarkSchema,
  Quality as QualitySchema,
  QualityReport as QualityReportSchema,
  Review as ReviewSchema,
  Rubric as RubricSchema,
} from '../src/quality/schema.ts';
import type {
  AdminUser as AdminUserSchema,
  AuditEntry as AuditEntrySchema,
  Organisation as AdminOrganisationSchema,
} from '../src/admin/routes.ts';
import type {
  Lesson as LessonSchema,
  LessonCheck as LessonCheckSchema,
  LicenceProblem as LicenceProblemSchema,
  Remedy as RemedySchema,
} from '../src/lessons/schema.ts';
import type {
  Area,
  CurriculumLevel as CurriculumLevelSchema,
  CurriculumNode as CurriculumNodeSchema,
  Suggestions as SuggestionsSchema,
} from '../src/search/find-routes.ts';
import type { ConceptSchema as VocabConceptSchema } from '../src/vocab/routes.ts';
import type {
  CheckPage as CheckPageSchema,
  Report as ProblemReportSchema,
  ReportPage as ReportPageSchema,
  ReviewPage as ReviewPageSchema,
  SuggestionPage as SuggestionPageSchema,
  Summary as CurationSummarySchema,
} from '../src/curation/schema.ts';

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
export type CurriculumLevel = Static<typeof CurriculumLevelSchema>;
export type Suggestions = Static<typeof SuggestionsSchema>;
export type Session = Static<typeof SessionSchema>;
/** A run; its status is one of these three. */
export type ImportRun = Omit<Static<typeof Run>, 'status'> & { status: 'running' | 'completed' | 'failed' };
/** A source; its last run as the runs list shows it (a reference in the schema). */
export type Source = Omit<Static<typeof SourceSchema>, 'lastRun'> & { lastRun: ImportRun | null };
/** A run with its quarantined records; the run as the runs list shows it. */
export type RunReport = Omit<Static<typeof RunReportSchema>, 'run'> & { run: ImportRun };
/** The administration's views (`/api/v1/admin/…`). */
export type AdminUser = Static<typeof AdminUserSchema>;
export type AdminOrganisation = Static<typeof AdminOrganisationSchema>;
export type AuditEntry = Static<typeof AuditEntrySchema>;
/** Whether a school login is offered (`GET /api/v1/oidc`). */
export type OidcOffer = Static<typeof OidcOfferSchema>;
export type Application = Static<typeof ApplicationSchema>;
export type Team = Static<typeof TeamSchema>;
export type InvitationOffer = Static<typeof InvitationOfferSchema>;
export type Quality = Static<typeof QualitySchema>;
export type Review = Static<typeof ReviewSchema>;
export type Rubric = Static<typeof RubricSchema>;
export type Mark = Static<typeof MarkSchema>;
export type Award = Static<typeof AwardSchema>;
export type QualityReport = Static<typeof QualityReportSchema>;
export type CurationSummary = Static<typeof CurationSummarySchema>;
export type SuggestionPage = Static<typeof SuggestionPageSchema>;
export type CheckPage = Static<typeof CheckPageSchema>;
export type ReviewPage = Static<typeof ReviewPageSchema>;
export type ReportPage = Static<typeof ReportPageSchema>;
export type ProblemReport = Static<typeof ProblemReportSchema>;
/** What an upload would make of a file (`POST /api/v1/organisations/{id}/imports/preview`). */
export type UploadPreview = Static<typeof UploadPreviewSchema>;
/** The report of an upload (`POST /api/v1/organisations/{id}/imports`). */
export type ImportReport = Static<typeof ReportSchema>;
export type ConnectionPreview = Static<typeof ConnectionPreviewSchema>;
export type LicenceProblem = Static<typeof LicenceProblemSchema>;
export type Remedy = Static<typeof RemedySchema>;
export type LessonCheck = Static<typeof LessonCheckSchema>;
export type Person = Static<typeof PersonSchema>;
export type Community = Static<typeof CommunitySchema>;
/** An item of a community's collection; its resource as the catalogue presents it. */
export type CommunityItem = Omit<Static<typeof Item>, 'resource'> & { resource: Resource };
export type Thread = Static<typeof ThreadSchema>;
export type Post = Static<typeof PostSchema>;
export type CommunityMember = Static<typeof Member>;
export type LessonSummary = Static<typeof LessonSummarySchema>;

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

/**
 * Sends a form (a file upload) with the session's CSRF token, telling `onProgress` how much of the
 * body has gone out (0–1): fetch cannot report upload progress, XMLHttpRequest can.
 */
export function upload<T>(path: string, form: FormData, onProgress: (sent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onProgress(1);
    xhr.onerror = () => reject(new ApiError(0, 'LG_NETWORK', 'The connection was lost.'));
    xhr.onload = () => {
      let body: { code?: string; title?: string; detail?: unknown } | null = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new ApiError(xhr.status, body?.code ?? 'LG_HTTP', body?.title ?? xhr.statusText, detailsOf(body)));
    };
    xhr.send(form);
  });
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

/** A lesson as `GET /api/v1/lessons/{id}` returns it (its document typed by the server's module). */
/**
 * A lesson as `GET /api/v1/lessons/{id}` returns it: its schema's type, with the parts the schema
 * leaves open (the document is a reference; licences are the catalogue's) typed by their owners.
 */
export type Lesson = Omit<Static<typeof LessonSchema>, 'document' | 'resources'> & {
  document: import('../src/lessons/document.ts').LessonDocument;
  resources: (Omit<Static<typeof LessonSchema>['resources'][number], 'licence' | 'attribution'> & {
    licence: Licence | null;
  })[];
};
