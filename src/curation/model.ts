/** What needs a human, each kind a queue of its own. */
export const QUEUE_KINDS = ['suggestions', 'checks', 'reviews', 'reports'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

/** What a reported problem is about. */
export const REPORT_CATEGORIES = ['broken-link', 'licence', 'metadata', 'content', 'other'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

export const REPORT_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Check kinds whose failure puts a record in the queue. */
export const QUEUED_CHECKS = ['completeness', 'licence', 'link'] as const;

/** How many suggestions one bulk decision may take (a page of the queue at most). */
export const MAX_BULK = 200;

/**
 * Whose records a queue holds: the organisations' ids, or `null` for every institution's
 * (see `overseenOrganisations`).
 */
export type Scope = string[] | null;

/** A record in a queue, as the workspace shows it. */
export interface QueueResource {
  id: string;
  title: string;
  kind: string;
  /** The start of the description: part of the evidence. */
  excerpt: string | null;
  organisation: { id: string; name: string } | null;
  sourceId: string | null;
}

export interface SuggestionItem {
  resource: QueueResource;
  objective: { id: string; label: string; notation: string | null; scheme: 'kerndoel' | 'leerdoel' };
  score: number;
  matchedWords: string[];
  votes: { accepted: number; rejected: number };
  suggestedAt: string;
}

export interface CheckItem {
  resource: QueueResource;
  kind: string;
  detail: Record<string, unknown>;
  checkedAt: string;
}

export interface ReviewItem {
  resource: QueueResource;
  id: string;
  reviewer: string;
  summary: string | null;
  scores: unknown;
  createdAt: string;
}

export interface ReportItem {
  resource: QueueResource;
  id: string;
  category: ReportCategory;
  message: string;
  status: ReportStatus;
  createdAt: string;
  handledAt: string | null;
  handledNote: string | null;
}
