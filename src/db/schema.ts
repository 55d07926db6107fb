import type { Generated } from 'kysely';
import type {
  UserTable,
  AccountTokenTable,
  UserIdentityTable,
  AuditEventTable,
  SessionTable,
  OrganisationApplicationTable,
  OrganisationInvitationTable,
} from './schema-accounts.ts';
import type {
  ResourceRatingTable,
  QualityCheckTable,
  ResourceReviewTable,
  ReviewerTrustTable,
  QualityMarkTable,
  MarkAwardTable,
  ObjectiveSuggestionTable,
  ProblemReportTable,
} from './schema-quality.ts';

export type {
  UserTable,
  AccountTokenTable,
  UserIdentityTable,
  AuditEventTable,
  SessionTable,
  OrganisationApplicationTable,
  OrganisationInvitationTable,
};
export type {
  ResourceRatingTable,
  QualityCheckTable,
  ResourceReviewTable,
  ReviewerTrustTable,
  QualityMarkTable,
  MarkAwardTable,
  ObjectiveSuggestionTable,
  ProblemReportTable,
};

/**
 * The store's tables as Kysely sees them. Portable column types only: text (ISO timestamps, JSON),
 * integer and real, so one migration list runs identically on SQLite and PostgreSQL.
 */
export interface Database {
  resource: ResourceTable;
  resource_term: ResourceTermTable;
  vocabulary_concept: VocabularyConceptTable;
  organisation: OrganisationTable;
  membership: MembershipTable;
  source: SourceTable;
  import_run: ImportRunTable;
  import_issue: ImportIssueTable;
  app_user: UserTable;
  session: SessionTable;
  usage_event: UsageEventTable;
  job: JobTable;
  setting: SettingTable;
  search_term: SearchTermTable;
  objective_decision: ObjectiveDecisionTable;
  objective_vote: ObjectiveVoteTable;
  lesson: LessonTable;
  lesson_version: LessonVersionTable;
  lesson_resource: LessonResourceTable;
  lti_platform: LtiPlatformTable;
  lti_key: LtiKeyTable;
  lti_login: LtiLoginTable;
  lti_deep_link: LtiDeepLinkTable;
  api_key: ApiKeyTable;
  community: CommunityTable;
  community_member: CommunityMemberTable;
  community_item: CommunityItemTable;
  community_thread: CommunityThreadTable;
  community_post: CommunityPostTable;
  sign_in_failure: SignInFailureTable;
  account_token: AccountTokenTable;
  user_identity: UserIdentityTable;
  audit_event: AuditEventTable;
  organisation_application: OrganisationApplicationTable;
  organisation_invitation: OrganisationInvitationTable;
  resource_rating: ResourceRatingTable;
  quality_check: QualityCheckTable;
  resource_review: ResourceReviewTable;
  reviewer_trust: ReviewerTrustTable;
  quality_mark: QualityMarkTable;
  mark_award: MarkAwardTable;
  objective_suggestion: ObjectiveSuggestionTable;
  problem_report: ProblemReportTable;
  import_file: ImportFileTable;
}

/** A lesson: its draft (a JSON `LessonDocument`) and where it stands. */
export interface LessonTable {
  id: string;
  owner_id: string;
  /** `draft` until first published, then `published`. */
  status: string;
  title: string;
  draft: string;
  /** Goes up by one with every save of the draft, so two editors cannot overwrite each other. */
  revision: number;
  /** The latest published version, null before the first. */
  version: number | null;
  forked_from: string | null;
  forked_from_version: number | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

/** One published version of a lesson, never changed. */
export interface LessonVersionTable {
  lesson_id: string;
  version: number;
  document: string;
  change_note: string;
  published_by: string;
  published_at: string;
}

/** A resource used by the latest published version of a lesson. */
export interface LessonResourceTable {
  lesson_id: string;
  resource_id: string;
}

export interface ResourceTable {
  id: string;
  kind: string;
  status: string;
  title: string;
  sort_title: string;
  description: string | null;
  language: string | null;
  /** JSON array of `{ name, role, uri }`. */
  creators: string;
  publisher: string | null;
  organisation_id: string | null;
  url: string | null;
  thumbnail: string | null;
  iiif_manifest: string | null;
  /** JSON arrays. */
  formats: string;
  resource_types: string;
  levels: string;
  subjects: string;
  objectives: string;
  keywords: string;
  licence_uri: string | null;
  rights_raw: string | null;
  rights_status: string;
  metadata_licence_uri: string | null;
  access: string;
  required_statement: string | null;
  date_created: string | null;
  date_modified: string | null;
  period_start: number | null;
  period_end: number | null;
  period_text: string | null;
  /** JSON array of quality warnings (unmapped values, missing licence, …). */
  warnings: string;
  /** JSON object with values kept from the source that have no column (e.g. unmapped ids). */
  extra: string;
  source_id: string | null;
  original_id: string | null;
  import_run_id: string | null;
  raw_format: string | null;
  /** The record as received, gzip-compressed (records are large and mostly repetitive markup). */
  raw_record: Buffer | null;
  record_hash: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
}

export interface ResourceTermTable {
  resource_id: string;
  scheme: string;
  concept_id: string;
}

export interface VocabularyConceptTable {
  scheme: string;
  id: string;
  uri: string | null;
  notation: string | null;
  label_nl: string;
  label_en: string | null;
  description: string | null;
  broader: string;
  replaced_by: string;
  deprecated: number;
  position: number;
  extra: string;
}

export interface OrganisationTable {
  id: string;
  name: string;
  kind: string;
  website: string | null;
  created_at: string;
  /** The identifier a school or institution login names it by (a BRIN, an institution code), or null. */
  external_id: string | null;
  /** 1 when an admin lets it issue quality marks (keurmerken). */
  issues_marks: Generated<number>;
}

export interface MembershipTable {
  user_id: string;
  organisation_id: string;
  created_at: string;
  /** `editor` (acts for the organisation) or `member` (belongs to it). */
  role: Generated<string>;
}

export interface SourceTable {
  id: string;
  organisation_id: string | null;
  name: string;
  /** `file`, `oai-pmh`, `iiif-collection`, `file-url` or `nde-dataset`. */
  type: string;
  url: string | null;
  metadata_prefix: string | null;
  set_spec: string | null;
  /** A cron expression, or null for runs by hand only. */
  schedule: string | null;
  enabled: Generated<number>;
  /** The kind of records whose format does not say (material, heritage, lesson); null: the format's default. */
  default_kind: string | null;
  harvest_from: string | null;
  next_run_at: string | null;
  updated_at: string | null;
  created_at: string;
}

export interface ImportRunTable {
  id: string;
  source_id: string;
  format: string | null;
  location: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  created: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  failed: number;
  error: string | null;
  kind: Generated<string>;
  pages: Generated<number>;
  resumption_token: string | null;
  request_from: string | null;
  response_date: string | null;
  complete_list_size: number | null;
  heartbeat_at: string | null;
  owner: string | null;
  /** The user who started the run (an upload, a "run now"), or null. */
  started_by: string | null;
  /** The API key that started the run, or null. */
  started_by_key: string | null;
  /** What started it: `upload`, `request` (run now), `schedule`, `cli`, `retry`, `demo`. */
  trigger: string | null;
}

export interface ImportIssueTable {
  id: string;
  run_id: string;
  original_id: string | null;
  reason: string;
  raw_record: string | null;
  created_at: string;
  resolved_at: string | null;
  source_id: string | null;
}

export interface UsageEventTable {
  id: string;
  type: string;
  resource_id: string | null;
  query: string | null;
  result_count: number | null;
  /** JSON object of the filters of a search, never anything about the visitor. */
  filters: string | null;
  occurred_on: string;
}

export interface JobTable {
  id: string;
  type: string;
  payload: string;
  status: string;
  run_at: string;
  attempts: number;
  max_attempts: number;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  locked_by: string | null;
  singleton_key: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
}

/** The term dictionary of the search index: documents per stem. The empty term counts documents. */
export interface SearchTermTable {
  term: string;
  word: string;
  docs: number;
}

/** A decision on a suggested learning objective: who accepted or rejected it, and when. */
export interface ObjectiveDecisionTable {
  resource_id: string;
  objective_id: string;
  decision: 'accepted' | 'rejected';
  decided_by: string;
  decided_at: string;
  /** JSON array of the words that matched. */
  matched_words: string;
  score: number;
}

/**
 * A teacher's vote on a suggested learning objective of a resource they may not decide on: the
 * curators and the owning institution's editors see the votes and decide.
 */
export interface ObjectiveVoteTable {
  resource_id: string;
  objective_id: string;
  user_id: string;
  vote: 'accepted' | 'rejected';
  voted_at: string;
}

/** An LMS registered as an LTI 1.3 platform; `deployment_ids` is a JSON array. */
export interface LtiPlatformTable {
  id: string;
  name: string;
  issuer: string;
  client_id: string;
  deployment_ids: string;
  auth_url: string;
  jwks_url: string;
  token_url: string | null;
  created_at: string;
}

/** One of the tool's signing keys (the private JWK encrypted with the instance secret). */
export interface LtiKeyTable {
  kid: string;
  public_jwk: string;
  private_jwk: string;
  created_at: string;
  retired_at: string | null;
}

/** A login in flight: the state and nonce sent to the platform, used once. */
export interface LtiLoginTable {
  state: string;
  nonce: string;
  platform_id: string;
  expires_at: string;
}

/** A deep-linking request a teacher is answering (its settings claim as JSON). */
export interface LtiDeepLinkTable {
  id: string;
  platform_id: string;
  deployment_id: string;
  settings: string;
  expires_at: string;
}

/** An institution's API key: its public prefix and the hash of the whole key. */
export interface ApiKeyTable {
  id: string;
  prefix: string;
  secret_hash: string;
  organisation_id: string;
  created_by: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** JSON array of scopes (`read`, `records:write`, `harvests:run`). */
  scopes: Generated<string>;
}

/** A subject community or regional network. `subjects` and `levels` are JSON arrays of concept ids. */
export interface CommunityTable {
  id: string;
  /** The community's name in URLs; never changes. */
  slug: string;
  /** `subject` or `regional`. */
  kind: string;
  name: string;
  description: string;
  subjects: string;
  levels: string;
  region: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** A member of a community: `member` or `moderator`. */
export interface CommunityMemberTable {
  community_id: string;
  user_id: string;
  role: string;
  joined_at: string;
}

/** A resource in a community's shared collection, with why a member added it. */
export interface CommunityItemTable {
  community_id: string;
  resource_id: string;
  note: string;
  added_by: string;
  added_at: string;
}

/** A discussion in a community, optionally about one resource. */
export interface CommunityThreadTable {
  id: string;
  community_id: string;
  title: string;
  resource_id: string | null;
  created_by: string;
  created_at: string;
  last_post_at: string;
  /** Posts not removed. */
  post_count: number;
}

/** A post in a discussion (Markdown). A removed post keeps its place, without its text. */
export interface CommunityPostTable {
  id: string;
  thread_id: string;
  author_id: string;
  body: string;
  created_at: string;
  edited_at: string | null;
  removed_at: string | null;
  removed_by: string | null;
}

/** Failed sign-ins of one account (by a hash of its address, known or not), for the back-off. */
export interface SignInFailureTable {
  account: string;
  failures: number;
  locked_until: string | null;
  updated_at: string;
}

/** An uploaded file kept, gzipped, until its run completes (to run an interrupted upload again). */
export interface ImportFileTable {
  run_id: string;
  name: string;
  bytes: Buffer;
  /** JSON of the read options (kind, CSV mapping). */
  options: string;
  created_at: string;
}
