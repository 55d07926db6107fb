/** The tables of quality judgement: ratings, reviews against the rubric, trusted reviewers, the checks' history. */

/** A teacher's rating of a resource: one per teacher per resource, editable. */
export interface ResourceRatingTable {
  resource_id: string;
  user_id: string;
  /** 1 to 5. */
  score: number;
  comment: string | null;
  created_at: string;
  updated_at: string;
}

/** One run of an automatic check on a resource: its history is kept. */
export interface QualityCheckTable {
  id: string;
  resource_id: string;
  /** `completeness` or `licence`. */
  kind: string;
  /** `ok`, `warning` or `failed`. */
  status: string;
  /** JSON: what the check found (the missing fields, the licence value). */
  detail: string;
  checked_at: string;
}

/** A review of a resource (or a published lesson version) against a version of the rubric. */
export interface ResourceReviewTable {
  id: string;
  resource_id: string;
  reviewer_id: string;
  rubric_id: string;
  rubric_version: number;
  /** The lesson version judged (lessons only). */
  lesson_version: number | null;
  /** The record as judged: its `updated_at` when the review was written. */
  record_modified_at: string;
  /** JSON array of `{ dimension, score (0–3 or null: not applicable), reason }`. */
  scores: string;
  summary: string | null;
  /** `published`, or `hidden` by a curator (with `hidden_reason`). */
  status: string;
  hidden_reason: string | null;
  /** Who among the curators looked at the review (approved or hid it), and when; null while it waits. */
  moderated_by: string | null;
  moderated_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A teacher whom a curator trusts to review. */
export interface ReviewerTrustTable {
  user_id: string;
  granted_by: string;
  granted_at: string;
}

/** A quality mark (keurmerk) defined by an organisation that issues marks. */
export interface QualityMarkTable {
  id: string;
  organisation_id: string;
  name: string;
  /** Where the issuer publishes what the mark stands for. */
  criteria_url: string;
  /** How long an award lasts, in months. */
  validity_months: number;
  /** `image/png`, `image/jpeg` or `image/webp`, with `logo` base64; both null without a logo. */
  logo_type: string | null;
  logo: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A mark awarded to a resource or to one published lesson version: it expires and can be withdrawn. */
export interface MarkAwardTable {
  id: string;
  mark_id: string;
  resource_id: string;
  /** The lesson version awarded (lessons only): a new version does not inherit it. */
  lesson_version: number | null;
  awarded_by: string | null;
  awarded_at: string;
  expires_at: string;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

/** A learning objective suggested from a resource's text, kept so the curation queue can list and filter it. */
export interface ObjectiveSuggestionTable {
  resource_id: string;
  objective_id: string;
  score: number;
  /** JSON array of the words that matched. */
  matched_words: string;
  suggested_at: string;
}

/** A problem somebody reported on a resource ("Meld een probleem"), and how it was handled. */
export interface ProblemReportTable {
  id: string;
  resource_id: string;
  /** The signed-in reporter; null for a report without an account (or after the account is deleted). */
  reporter_id: string | null;
  /** `broken-link`, `licence`, `metadata`, `content` or `other`. */
  category: string;
  message: string;
  /** `open`, `resolved` or `dismissed`. */
  status: string;
  created_at: string;
  handled_by: string | null;
  handled_at: string | null;
  handled_note: string | null;
}
