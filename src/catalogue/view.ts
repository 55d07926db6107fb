import type { Attribution, Creator, Kind, LabelledConcept, LicenceView, MappedRecord, Status } from './model.ts';

/** A point of attention in a resource's data, with a stable code for translation. */
export interface Warning {
  code: string;
  message: string;
}

/** A resource as the API and the web application show it. */
export interface ResourceView {
  id: string;
  kind: Kind;
  status: Status;
  title: string;
  description: string | null;
  language: string | null;
  creators: Creator[];
  publisher: string | null;
  institution: { id: string; name: string } | null;
  url: string | null;
  thumbnail: string | null;
  iiifManifest: string | null;
  formats: string[];
  resourceTypes: LabelledConcept[];
  levels: LabelledConcept[];
  subjects: LabelledConcept[];
  /** Learning objectives: from the source's metadata, or suggested and confirmed by a teacher or curator. */
  objectives: (LabelledConcept & { notation: string | null; text: string | null; alignment: 'source' | 'confirmed' })[];
  keywords: string[];
  licence: LicenceView;
  metadataLicence: LicenceView | null;
  access: string;
  requiredStatement: string | null;
  dates: {
    created: string | null;
    modified: string | null;
    period: { start: number | null; end: number | null; text: string | null };
  };
  attribution: Attribution;
  provenance: {
    source: { id: string; name: string; type: string } | null;
    originalId: string | null;
    importRunId: string | null;
    rawFormat: string | null;
    hasRawRecord: boolean;
  };
  warnings: Warning[];
  extra: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
}

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
