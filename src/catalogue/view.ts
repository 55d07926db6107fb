import type { Static } from 'typebox';
import type { Resource } from './schema.ts';
import type { MappedRecord } from './model.ts';

/** A point of attention in a resource's data, with a stable code for translation. */
export interface Warning {
  code: string;
  message: string;
}

/**
 * A resource as the API and the web application show it: the type of the API's `Resource` schema,
 * so the service cannot drift from what the API document promises.
 */
export type ResourceView = Static<typeof Resource>;

/** A suggested learning objective with why, and the decision on it. */
export interface ObjectiveSuggestionView {
  objectiveId: string;
  score: number;
  matchedWords: string[];
  objective?: {
    id: string;
    label: string;
    labelEn: string | null;
    notation: string | null;
    text: string | null;
    scheme: 'kerndoel' | 'leerdoel';
  };
  decision: { decision: 'accepted' | 'rejected'; decidedAt: string; decidedBy: string | null } | null;
  /** Teachers' votes: counted for everyone, the signed-in person's own as `mine`. */
  votes: { accepted: number; rejected: number; mine: 'accepted' | 'rejected' | null };
}

/** Where an imported record comes from, for provenance. */
export interface ImportContext {
  sourceId: string;
  runId: string;
  organisationId: string | null;
}

/** A mapped record with the raw record it came from. */
export interface SourceRecord {
  mapped: MappedRecord;
  raw: string;
  format: string;
}

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'withdrawn' | 'failed';
