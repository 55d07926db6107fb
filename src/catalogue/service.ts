import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import sanitizeHtml from 'sanitize-html';
import { organisations } from '../accounts/organisations.ts';
import { cleanDeep } from '../kernel/text.ts';
import { canCreateResource, canEditResource, type Actor, type InstitutionActor } from '../accounts/model.ts';
import { badRequest, forbidden, notFound } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import { allowedEdits, editDistance, foldText } from '../search/analysis.ts';
import { highlightText, snippet, type Segment } from '../search/highlight.ts';
import { isEmptyPlan, parseQuery, planQuery, synonymPhrases, type Lexicon, type MatchPlan } from '../search/query.ts';
import { excludedDocs, KnownPhrases, residentMatchable } from '../search/resident-text.ts';
import {
  rankStats,
  termDictionary,
  type RankStats,
  type ScoreExplanation,
  type SearchDocument,
} from '../search/search-index.ts';
import type { Synonyms } from '../search/synonyms.ts';
import { searchIndexFor } from '../search/engines.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { findLicence, licenceFacts, normaliseRights } from '../vocab/licences.ts';
import { foldLabel, type Scheme } from '../vocab/model.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import {
  composeAttribution,
  parsePeriod,
  sortTitle,
  type Attribution,
  type Creator,
  type Kind,
  type LabelledConcept,
  type LicenceView,
  type MappedRecord,
  type ResourceInput,
  type Status,
} from './model.ts';
import { ObjectiveSuggester, type SuggestionText } from './objectives.ts';
import { ResidentCatalogue, type ResidentIndex, type ResidentOptions } from './resident-index.ts';
import {
  hasRanking,
  ResourceRepository,
  type NewResourceRow,
  type PageCursor,
  type PresentableRow,
  type ResourceFilters,
  type ResourceRow,
  type SortOrder,
  type TermScheme,
} from './repository.ts';

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

/** How many results carry one value of a facet scheme. */
type FacetCount = { scheme: string; concept_id: string; n: number };

/** A facet: counts per value over the current result set. */
export interface Facet {
  name: TermScheme;
  /** Counts estimated from a sample of the results (broad results only). */
  approximate: boolean;
  /** How many values the facet has (`values` may list fewer). */
  valueCount: number;
  values: {
    id: string;
    label: string;
    labelEn: string | null;
    parent: string | null;
    count: number;
    selected: boolean;
  }[];
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

/** A listed resource; with a text query also how it matched. */
export type ListItem = ResourceView & {
  match?: { title: Segment[]; snippet: Segment[] | null; explain?: ScoreExplanation };
};

/** What the search made of the query, and how to broaden an empty result. */
export interface QueryHelp {
  /** The query the results are for, when unknown words were corrected. */
  correctedQuery: string | null;
  /** No result had every word: these results have some of them. */
  relaxed: boolean;
  didYouMean: string | null;
  compounds: { word: string; parts: string[] }[];
  expansions: { word: string; words: string[] }[];
  synonyms: { words: string; alternatives: string[] }[];
  ignored: string[];
  broader: (
    | { type: 'remove-filter'; filter: TermScheme; value: string; label: string; labelEn: string | null; count: number }
    | { type: 'remove-word'; word: string; query: string; count: number }
  )[];
}

export interface ListQuery {
  q?: string;
  terms?: Partial<Record<TermScheme, string[]>>;
  /** `published` for everyone; editors may ask for drafts and withdrawn ones too. */
  statuses?: Status[];
  sort?: SortOrder;
  cursor?: string | null;
  limit?: number;
  facets?: boolean;
  /** At most this many values per facet (the most frequent, plus the selected ones); all when absent. */
  facetValues?: number;
  /** Return the parts of each result's score. */
  explain?: boolean;
}

export interface ListResult {
  items: ListItem[];
  total: number;
  facets: Facet[];
  nextCursor: string | null;
  query: QueryHelp;
}

/**
 * A plan whose results need only some of its words (any one of the must groups), for when all of
 * them find nothing. Null when that would not widen it (one group) or fields are involved.
 */
function relaxPlan(plan: MatchPlan): MatchPlan | null {
  if (plan.must.length < 2 || plan.must.some((g) => g.field) || plan.mustNot.some((g) => g.field)) return null;
  return { ...plan, combine: 'any' };
}

/** What the objective suggester reads of a resource: its text, its subjects' and levels' names, its levels. */
function suggestionText(resource: ResourceView): SuggestionText {
  return {
    title: resource.title,
    description: resource.description,
    keywords: resource.keywords,
    labels: [...resource.subjects, ...resource.levels].map((c) => c.label),
    levels: resource.levels.map((c) => c.id),
    language: resource.language,
  };
}

/** The query with corrected words put in place of the typed ones. */
function replaceWords(q: string, corrections: { from: string; to: string }[]): string {
  let out = q;
  const capitalised = (word: string, like: string) =>
    /^\p{Lu}/u.test(like) ? word.charAt(0).toUpperCase() + word.slice(1) : word;
  for (const { from, to } of corrections)
    out = out.replace(/[\p{L}\p{N}]+/gu, (word) => (foldLabel(word) === from ? capitalised(to, word) : word));
  return out;
}

/** The query without one of its words or clauses. */
function removeWord(q: string, word: string): string {
  const index = q.indexOf(word);
  if (index < 0) return q;
  return `${q.slice(0, index)}${q.slice(index + word.length)}`.replace(/\s+/g, ' ').trim();
}

function periodOrder(id: string): number {
  return id === 'before-1000' ? 0 : Number(id);
}

function ordinalSuffix(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
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

/** Below this many results a query is checked for a rare word with a common neighbour (did you mean). */
const DID_YOU_MEAN_BELOW = 5;

/** Bumped when the text analysis or the derived terms change: stores rebuild their index on start. */
export const SEARCH_INDEX_VERSION = '3';
const SEARCH_INDEX_SETTING = 'search_index_version';

/** Bumped when a mapper changes what it makes of the same raw record, so re-imports update. */
export const MAPPER_VERSION = '1';

const FACET_SCHEMES: readonly TermScheme[] = [
  'kind',
  'level',
  'subject',
  'objective',
  'type',
  'licence',
  'reusability',
  'institution',
  'language',
  'period',
  'image',
];

/**
 * The period facet's buckets of a date range: centuries from 1000 ("1600" is 1600–1699), one
 * bucket before that; at most twelve, so a vague "3000 BC–1900" range does not fill every bucket.
 */
export function periodBuckets(start: number | null, end: number | null): string[] {
  if (start === null) return [];
  const last = Math.min(end ?? start, new Date().getFullYear());
  const buckets: string[] = [];
  if (start < 1000) buckets.push('before-1000');
  for (let century = Math.max(1000, Math.floor(start / 100) * 100); century <= last; century += 100)
    buckets.push(String(century));
  return buckets.length > 12 ? [] : buckets;
}
const FIELD_LIMITS = { title: 1000, description: 20000, keyword: 200, list: 200 };
const HTML_FREE: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {} };

/**
 * The attribution of a resource, composed when first read: readers that do not show it (the OAI-PMH
 * formats) do not pay for its texts, and whoever reads it, JSON serialization included, sees an
 * ordinary value.
 */
function lazyAttribution(facts: Parameters<typeof composeAttribution>[0]): Attribution {
  let composed: Attribution | null = null;
  const compose = () => (composed ??= composeAttribution(facts));
  return {
    get nl() {
      return compose().nl;
    },
    get en() {
      return compose().en;
    },
  } as Attribution;
}

function json<T>(value: string | null | undefined, fallback: T): T {
  if (!value) return fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}

/** Harvested text may carry HTML: keep the text, drop every tag. */
function plainText(value: string | null | undefined, limit: number): string | null {
  if (!value) return null;
  // Only text that can hold markup or entities goes through the HTML sanitiser (it is the costly part).
  if (!/[<&]/.test(value)) {
    const text = value.replace(/[ \t]+/g, ' ').trim();
    return text ? text.slice(0, limit) : null;
  }
  const text = sanitizeHtml(value, HTML_FREE)
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .trim();
  return text ? text.slice(0, limit) : null;
}

function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(value: string): PageCursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (typeof parsed?.offset === 'number' && parsed.offset >= 0 && parsed.offset <= 100000)
      return { offset: parsed.offset };
    if (typeof parsed?.key === 'string' && typeof parsed?.id === 'string') return { key: parsed.key, id: parsed.id };
  } catch {
    /* reported below */
  }
  throw badRequest('LG_BAD_CURSOR', 'The cursor is not one this API gave out; start again without it.');
}

/** The catalogue's use cases: create, update, withdraw, read, list and import resources. */
export class CatalogueService {
  readonly repository: ResourceRepository;
  private objectiveSuggester: ObjectiveSuggester | null = null;

  /** Filters, facets and pages in memory (null: every query goes to the store). */
  readonly memory: ResidentCatalogue | null;
  /** The store's full-text engine. */
  readonly search: SearchIndex;

  constructor(
    private readonly store: Store,
    readonly vocab: Vocabularies,
    readonly synonyms: Synonyms,
    private readonly exactFacetsUpTo = 20_000,
    options: { memoryIndex?: boolean; memoryText?: boolean; memory?: ResidentOptions } = {},
  ) {
    this.search = searchIndexFor(store.dialect);
    this.repository = new ResourceRepository(this.search, store.dialect);
    const { repository } = this;
    const withText = options.memoryText !== false;
    const phrases = withText ? new KnownPhrases(synonymPhrases(synonyms)) : null;
    this.memory =
      options.memoryIndex === false
        ? null
        : new ResidentCatalogue(
            {
              rowsAfter: (after, limit) => repository.residentRows(this.db, after, limit, withText),
              rowsByIds: (ids) => repository.residentRowsByIds(this.db, ids, withText),
              changedSince: (since) => repository.changedSince(this.db, since),
              sortOrders: () => repository.sortOrders(this.db),
            },
            {
              parseText: withText ? (stored) => this.search.parseResident(stored, phrases) : null,
              phrases,
              ...options.memory,
            },
          );
  }

  private get db(): Kysely<Database> {
    return this.store.db;
  }

  /**
   * Resolves concept ids (or notations, URIs) of the given schemes, following deprecations, to current
   * ids; unknown ones are a 400 naming them.
   */
  checkConcepts(field: string, schemes: Scheme[], ids: string[] | undefined): string[] {
    const resolved: string[] = [];
    const unknown: string[] = [];
    for (const id of ids ?? []) {
      const concept = this.vocab.resolveAny(schemes, id);
      if (concept) {
        if (!resolved.includes(concept.id)) resolved.push(concept.id);
      } else unknown.push(id);
    }
    if (unknown.length > 0)
      throw badRequest(
        'LG_UNKNOWN_CONCEPT',
        `Unknown ${field}: ${unknown.join(', ')}. See /api/v1/vocabularies for the values.`,
        { field, unknown },
      );
    return resolved;
  }

  /** Ancestors of concepts (levels under "po", kerndoelen under their domain), for filtering by a broader node. */
  private withAncestors(schemes: Scheme[], ids: string[]): string[] {
    const out = new Set<string>();
    const visit = (id: string, depth: number) => {
      if (out.has(id) || depth > 10) return;
      out.add(id);
      for (const scheme of schemes)
        for (const parent of this.vocab.get(scheme, id)?.broader ?? []) visit(parent, depth + 1);
    };
    for (const id of ids) visit(id, 0);
    return [...out];
  }

  /** Turns an input into a row, its filter terms and its search text. Pure apart from the clock. */
  private prepare(input: ResourceInput, organisationId: string | null, organisationName: string | null) {
    const title = plainText(input.title, FIELD_LIMITS.title);
    if (!title) throw badRequest('LG_TITLE_REQUIRED', 'A resource needs a title.');
    const rights = normaliseRights(input.rights);
    const metadataRights = normaliseRights(input.metadataLicence);
    const facts = licenceFacts(rights.uri);
    const period =
      input.periodStart !== undefined || input.periodEnd !== undefined
        ? { start: input.periodStart ?? null, end: input.periodEnd ?? input.periodStart ?? null }
        : parsePeriod(input.dateCreated);
    const warnings: Warning[] = [];
    if (rights.status === 'missing')
      warnings.push({ code: 'LG_W_NO_LICENCE', message: 'No licence or rights statement' });
    if (rights.status === 'unknown')
      warnings.push({ code: 'LG_W_UNKNOWN_LICENCE', message: `Licence not recognised: "${rights.raw}"` });
    if (!input.description) warnings.push({ code: 'LG_W_NO_DESCRIPTION', message: 'No description' });
    const list = (values: string[] | undefined) => (values ?? []).slice(0, FIELD_LIMITS.list);
    const keywords = list(input.keywords)
      .map((k) => plainText(k, FIELD_LIMITS.keyword))
      .filter((k): k is string => !!k);
    const creators = (input.creators ?? [])
      .slice(0, FIELD_LIMITS.list)
      .map((c) => ({ name: plainText(c.name, 500) ?? '', role: c.role ?? null, uri: c.uri ?? null }))
      .filter((c) => c.name);
    const levels = list(input.levels);
    const subjects = list(input.subjects);
    const objectives = list(input.objectives);
    const types = list(input.resourceTypes);
    const language = input.language?.toLowerCase().slice(0, 35) ?? null;
    const description = plainText(input.description, FIELD_LIMITS.description);
    const row = {
      kind: input.kind,
      title,
      sort_title: sortTitle(title),
      description,
      language,
      creators: JSON.stringify(creators),
      publisher: plainText(input.publisher, 500),
      organisation_id: organisationId,
      url: input.url ?? null,
      thumbnail: input.thumbnail ?? null,
      iiif_manifest: input.iiifManifest ?? null,
      formats: JSON.stringify(list(input.formats)),
      resource_types: JSON.stringify(types),
      levels: JSON.stringify(levels),
      subjects: JSON.stringify(subjects),
      objectives: JSON.stringify(objectives),
      keywords: JSON.stringify(keywords),
      licence_uri: rights.uri,
      rights_raw: rights.raw,
      rights_status: rights.status,
      metadata_licence_uri: metadataRights.uri,
      access: input.access ?? 'open',
      required_statement: plainText(input.requiredStatement, 2000),
      date_created: input.dateCreated ?? null,
      date_modified: input.dateModified ?? null,
      period_start: period.start,
      period_end: period.end,
      period_text: input.periodText ?? null,
      warnings: JSON.stringify(warnings),
      extra: JSON.stringify(input.extra ?? {}),
    };
    const terms: { scheme: TermScheme; conceptId: string }[] = [
      { scheme: 'kind', conceptId: input.kind },
      ...this.withAncestors(['level'], levels).map((id) => ({ scheme: 'level' as const, conceptId: id })),
      ...subjects.map((id) => ({ scheme: 'subject' as const, conceptId: id })),
      ...this.withAncestors(['kerndoel', 'leerdoel'], objectives).map((id) => ({
        scheme: 'objective' as const,
        conceptId: id,
      })),
      ...types.map((id) => ({ scheme: 'type' as const, conceptId: id })),
      { scheme: 'licence', conceptId: rights.uri ?? rights.status },
      { scheme: 'reusability', conceptId: facts?.reusability ?? 'unknown' },
      ...(organisationId ? [{ scheme: 'institution' as const, conceptId: organisationId }] : []),
      ...(language ? [{ scheme: 'language' as const, conceptId: language.slice(0, 2) }] : []),
      { scheme: 'image', conceptId: input.thumbnail || input.iiifManifest ? 'yes' : 'no' },
    ];
    for (const bucket of periodBuckets(period.start, period.end)) terms.push({ scheme: 'period', conceptId: bucket });
    const labels = (schemes: Scheme[], ids: string[]) =>
      ids
        .map((id) => {
          const c = this.vocab.resolveAny(schemes, id);
          return c ? [c.labelNl, c.labelEn ?? '', c.notation ?? ''].join(' ') : '';
        })
        .join(' ');
    const checks = [
      (description?.length ?? 0) >= 80,
      !!(input.thumbnail || input.iiifManifest),
      rights.status === 'ok',
      creators.length > 0,
      levels.length + subjects.length + objectives.length > 0,
      keywords.length + types.length > 0,
      period.start !== null || !!input.dateCreated,
    ];
    const search: Omit<SearchDocument, 'id'> = {
      language,
      title,
      concepts: [
        keywords.join(' '),
        labels(['subject'], subjects),
        labels(['kerndoel', 'leerdoel'], objectives),
        labels(['resource-type'], types),
      ].join(' '),
      maker: creators.map((c) => c.name).join(' '),
      description: description ?? '',
      other: [
        input.publisher ?? '',
        organisationName ?? '',
        input.periodText ?? '',
        labels(['level'], levels),
        ((input.extra?.alternativeTitles as string[] | undefined) ?? []).join(' '),
      ].join(' '),
      quality: checks.filter(Boolean).length / checks.length,
    };
    return { row, terms, search };
  }

  private async organisationName(db: Kysely<Database>, id: string | null): Promise<string | null> {
    if (!id) return null;
    return (await organisations.byId(db, id))?.name ?? null;
  }

  /** Creates a resource on behalf of a user (not by import). */
  async create(
    actor: InstitutionActor | null,
    input: ResourceInput,
    organisationId: string | null,
    status: 'draft' | 'published' = 'published',
    id: string = newId(),
  ): Promise<ResourceView> {
    await this.db.transaction().execute((trx) => this.createWithin(trx, actor, input, organisationId, status, id));
    this.memory?.touch([id]);
    return (await this.get(id, { includeWithdrawn: true, actor }))!;
  }

  /**
   * Creates a resource inside the caller's transaction (a lesson published with its version). The
   * caller calls `touched` once it has committed.
   */
  async createWithin(
    trx: Kysely<Database>,
    actor: InstitutionActor | null,
    input: ResourceInput,
    organisationId: string | null,
    status: 'draft' | 'published',
    id: string,
  ): Promise<void> {
    if (!canCreateResource(actor, organisationId)) throw forbidden('You may not add resources for this organisation.');
    const clean = this.validateInput(input);
    if (organisationId && !(await organisations.byId(trx, organisationId)))
      throw notFound('Organisation', organisationId);
    const prepared = this.prepare(clean, organisationId, await this.organisationName(trx, organisationId));
    const now = nowIso();
    await this.repository.insert(trx, {
      id,
      status,
      ...prepared.row,
      source_id: null,
      original_id: null,
      import_run_id: null,
      raw_format: null,
      raw_record: null,
      record_hash: null,
      created_by: actor!.userId,
      created_at: now,
      updated_at: now,
      withdrawn_at: null,
      withdrawn_reason: null,
    });
    await this.repository.replaceTerms(trx, id, prepared.terms, true);
    await this.repository.indexText(trx, { id, ...prepared.search }, true);
  }

  /** Whether a resource exists (any status), inside the caller's transaction. */
  async exists(trx: Kysely<Database>, id: string): Promise<boolean> {
    return !!(await this.repository.findById(trx, id));
  }

  /** Tells the in-memory index that resources changed in a transaction that has committed. */
  touched(ids: string[]): void {
    this.memory?.touch(ids);
  }

  /** Validates concept ids and URLs of user input. */
  private validateInput(input: ResourceInput): ResourceInput {
    for (const field of ['url', 'thumbnail', 'iiifManifest'] as const) {
      const value = input[field];
      if (value && !/^https?:\/\/[^\s]+$/.test(value))
        throw badRequest('LG_BAD_URL', `${field} must be an http(s) URL.`, { field });
    }
    return {
      ...input,
      levels: this.checkConcepts('levels', ['level'], input.levels),
      subjects: this.checkConcepts('subjects', ['subject'], input.subjects),
      objectives: this.checkConcepts('objectives', ['kerndoel', 'leerdoel'], input.objectives),
      resourceTypes: this.checkConcepts('resourceTypes', ['resource-type'], input.resourceTypes),
    };
  }

  /** Updates fields of a resource; fields not given keep their value. */
  async update(
    actor: InstitutionActor | null,
    id: string,
    patch: Partial<ResourceInput>,
    status?: 'draft' | 'published',
  ): Promise<ResourceView> {
    await this.db.transaction().execute((trx) => this.updateWithin(trx, actor, id, patch, status));
    this.memory?.touch([id]);
    return (await this.get(id, { includeWithdrawn: true, actor }))!;
  }

  /** Updates a resource inside the caller's transaction; the caller calls `touched` once it has committed. */
  async updateWithin(
    trx: Kysely<Database>,
    actor: InstitutionActor | null,
    id: string,
    patch: Partial<ResourceInput>,
    status?: 'draft' | 'published',
  ): Promise<void> {
    const row = await this.repository.findById(trx, id);
    if (!row) throw notFound('Resource', id);
    if (!canEditResource(actor, { organisationId: row.organisation_id, createdBy: row.created_by }))
      throw forbidden('You may not change this resource.');
    const current = this.inputOf(row);
    const merged = this.validateInput({
      ...current,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    } as ResourceInput);
    const prepared = this.prepare(merged, row.organisation_id, await this.organisationName(trx, row.organisation_id));
    if (row.status === 'withdrawn' && status)
      throw badRequest('LG_WITHDRAWN', 'A withdrawn resource cannot be published again; create a new one.');
    await this.repository.update(trx, id, { ...prepared.row, ...(status ? { status } : {}), updated_at: nowIso() });
    await this.setTerms(trx, id, prepared.terms);
    if (row.status !== 'withdrawn') await this.repository.indexText(trx, { id, ...prepared.search });
  }

  /** Withdraws a resource: it stays (a tombstone, so lessons using it can say so) but is no longer listed. */
  async withdraw(actor: InstitutionActor | null, id: string, reason: string | null): Promise<ResourceView> {
    await this.db.transaction().execute(async (trx) => {
      const row = await this.repository.findById(trx, id);
      if (!row) throw notFound('Resource', id);
      if (!canEditResource(actor, { organisationId: row.organisation_id, createdBy: row.created_by }))
        throw forbidden('You may not withdraw this resource.');
      await this.markWithdrawn(trx, id, reason ?? 'Withdrawn by an editor');
    });
    this.memory?.touch([id]);
    return (await this.get(id, { includeWithdrawn: true, actor }))!;
  }

  private async markWithdrawn(db: Kysely<Database>, id: string, reason: string): Promise<void> {
    const now = nowIso();
    await this.repository.update(db, id, {
      status: 'withdrawn',
      withdrawn_at: now,
      withdrawn_reason: reason.slice(0, 1000),
      updated_at: now,
    });
    await this.repository.removeText(db, id);
  }

  /** The input a stored row was made from, for partial updates. */
  private inputOf(row: ResourceRow): ResourceInput {
    return {
      kind: row.kind as Kind,
      title: row.title,
      description: row.description,
      language: row.language,
      creators: json(row.creators, []),
      publisher: row.publisher,
      url: row.url,
      thumbnail: row.thumbnail,
      iiifManifest: row.iiif_manifest,
      formats: json(row.formats, []),
      resourceTypes: json(row.resource_types, []),
      levels: json(row.levels, []),
      subjects: json(row.subjects, []),
      objectives: json(row.objectives, []),
      keywords: json(row.keywords, []),
      rights: row.licence_uri ?? row.rights_raw,
      metadataLicence: row.metadata_licence_uri,
      access: row.access as ResourceInput['access'],
      requiredStatement: row.required_statement,
      dateCreated: row.date_created,
      dateModified: row.date_modified,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      periodText: row.period_text,
      extra: json(row.extra, {}),
    };
  }

  /**
   * Applies one imported record inside the caller's transaction: creates, updates (when the raw
   * record changed), leaves unchanged, or withdraws (deleted at the source). Failures are returned
   * for the caller to record; nothing is written for them.
   */
  async applyImported(
    trx: Kysely<Database>,
    ctx: ImportContext,
    record: SourceRecord,
    organisationName: string | null,
  ): Promise<ImportOutcome> {
    return (await this.applyImportedBatch(trx, ctx, [record], organisationName))[0]!;
  }

  /**
   * Applies a batch of imported records inside the caller's transaction, in order, with one lookup
   * of what exists and bulk writes of what is new (the common case of a first harvest).
   */
  async applyImportedBatch(
    trx: Kysely<Database>,
    ctx: ImportContext,
    records: SourceRecord[],
    organisationName: string | null,
  ): Promise<ImportOutcome[]> {
    // What a source sends may hold characters XML does not allow (a NUL in a CSV cell): they go here,
    // per record, so none can break a page that shows the record or make the store refuse a batch.
    for (const record of records) record.mapped = cleanDeep(record.mapped);
    const ids = records.map((r) => r.mapped.originalId).filter((id): id is string => !!id);
    const existing = await this.repository.findManyByProvenance(trx, ctx.sourceId, [...new Set(ids)]);
    const now = nowIso();
    const fresh: { row: NewResourceRow; terms: { scheme: TermScheme; conceptId: string }[]; search: SearchDocument }[] =
      [];
    const outcomes: ImportOutcome[] = [];
    for (const record of records) {
      const { mapped } = record;
      if (mapped.status === 'failed') {
        outcomes.push('failed');
        continue;
      }
      const found = existing.get(mapped.originalId);
      if (mapped.status === 'deleted') {
        // A deletion of a record we never had, or withdrew already, changes nothing.
        if (!found || found.status === 'withdrawn') {
          outcomes.push('unchanged');
          continue;
        }
        await this.markWithdrawn(trx, found.id, 'Deleted at the source');
        existing.set(mapped.originalId, { ...found, status: 'withdrawn' });
        outcomes.push('withdrawn');
        continue;
      }
      const hash = createHash('sha256')
        .update(`${MAPPER_VERSION}\u0000${record.format}\u0000${record.raw}`)
        .digest('hex');
      if (found && found.record_hash === hash && found.status !== 'withdrawn') {
        outcomes.push('unchanged');
        continue;
      }
      const prepared = this.prepare(mapped.input, ctx.organisationId, organisationName);
      const warnings = JSON.stringify([
        ...json<Warning[]>(prepared.row.warnings, []),
        ...mapped.warnings.map((message) => ({
          code: /^Unmapped /.test(message) ? 'LG_W_UNMAPPED' : 'LG_W_SOURCE',
          message,
        })),
      ]);
      const provenance = {
        source_id: ctx.sourceId,
        original_id: mapped.originalId,
        import_run_id: ctx.runId,
        raw_format: record.format,
        raw_record: gzipSync(record.raw, { level: 6 }),
        record_hash: hash,
      };
      if (found) {
        await this.repository.update(trx, found.id, {
          ...prepared.row,
          warnings,
          ...provenance,
          status: 'published',
          withdrawn_at: null,
          withdrawn_reason: null,
          updated_at: now,
        });
        await this.setTerms(trx, found.id, prepared.terms);
        await this.repository.indexText(trx, { id: found.id, ...prepared.search });
        existing.set(mapped.originalId, { ...found, record_hash: hash, status: 'published' });
        outcomes.push('updated');
        continue;
      }
      const id = newId();
      fresh.push({
        row: {
          id,
          status: 'published',
          ...prepared.row,
          warnings,
          ...provenance,
          created_by: null,
          created_at: now,
          updated_at: now,
          withdrawn_at: null,
          withdrawn_reason: null,
        },
        terms: prepared.terms,
        search: { id, ...prepared.search },
      });
      existing.set(mapped.originalId, { id, record_hash: hash, status: 'published', created_at: now });
      outcomes.push('created');
    }
    if (fresh.length > 0) {
      await this.repository.insertMany(
        trx,
        fresh.map((f) => f.row),
      );
      await this.repository.insertTerms(
        trx,
        fresh.flatMap((f) => f.terms.map((t) => ({ resourceId: f.row.id, ...t }))),
      );
      await this.repository.indexNew(
        trx,
        fresh.map((f) => f.search),
      );
    }
    return outcomes;
  }

  /**
   * Withdraws the published resources of a source that a complete snapshot (a file, a IIIF
   * collection) no longer holds. Returns how many.
   */
  async withdrawMissing(trx: Kysely<Database>, sourceId: string, seen: Set<string>): Promise<number> {
    const rows = await trx
      .selectFrom('resource')
      .select(['id', 'original_id'])
      .where('source_id', '=', sourceId)
      .where('status', '=', 'published')
      .execute();
    let count = 0;
    for (const row of rows) {
      if (row.original_id && seen.has(row.original_id)) continue;
      await this.markWithdrawn(trx, row.id, 'No longer at the source');
      count++;
    }
    return count;
  }

  /**
   * One resource; withdrawn ones only when asked (their tombstone page says they were withdrawn);
   * drafts only for those who may edit them.
   */
  async get(
    id: string,
    options: { includeWithdrawn?: boolean; actor?: InstitutionActor | null } = {},
  ): Promise<ResourceView | null> {
    const [row] = await this.repository.findByIds(this.db, [id]);
    if (!row || (row.status === 'withdrawn' && !options.includeWithdrawn)) return null;
    if (
      row.status === 'draft' &&
      !canEditResource(options.actor ?? null, { organisationId: row.organisation_id, createdBy: row.created_by })
    )
      return null;
    return (await this.present([row]))[0]!;
  }

  /**
   * Several resources by id, withdrawn ones included (a lesson must show what left its source);
   * drafts only to who may edit them. Ids that do not exist are absent from the map.
   */
  async getMany(ids: string[], actor: InstitutionActor | null): Promise<Map<string, ResourceView>> {
    const rows = (await this.repository.findByIds(this.db, [...new Set(ids)])).filter(
      (row) =>
        row.status !== 'draft' ||
        canEditResource(actor, { organisationId: row.organisation_id, createdBy: row.created_by }),
    );
    return new Map((await this.present(rows)).map((view) => [view.id, view]));
  }

  /** The raw record a resource was imported from, with its format. */
  async rawRecord(id: string): Promise<{ format: string; raw: string } | null> {
    const row = await this.repository.findById(this.db, id);
    if (!row?.raw_record || !row.raw_format) return null;
    return { format: row.raw_format, raw: gunzipSync(row.raw_record).toString('utf8') };
  }

  /** The match plan of a text query, with its ranking statistics; null for an empty query. */
  async planText(
    q: string | undefined,
    options: { correct?: boolean } = {},
  ): Promise<{ plan: MatchPlan; stats: RankStats } | null> {
    const parsed = parseQuery(q ?? '');
    if (parsed.groups.length === 0 && parsed.excluded.length === 0) return null;
    const search = this.search;
    const lexicon: Lexicon = {
      lookup: (terms) => termDictionary.lookup(this.db, terms),
      similar: (term) => search.similar(this.db, term),
      endingWith: (term, limit) => search.endingWith(this.db, term, limit),
    };
    const plan = await planQuery(parsed, lexicon, this.synonyms, options);
    // A query of stop words only matches everything; the help says which words were left out.
    return { plan, stats: isEmptyPlan(plan) ? { documents: 1, groupDocs: [] } : await rankStats(this.db, plan) };
  }

  /** Lists resources with filters, text query, facets and cursor paging. */
  async list(query: ListQuery): Promise<ListResult> {
    // 0: the total and the facets only.
    const limit = Math.min(Math.max(query.limit ?? 20, 0), 100);
    const text = await this.planText(query.q);
    const filters: ResourceFilters = {
      terms: Object.fromEntries(Object.entries(query.terms ?? {}).filter(([, v]) => v && v.length > 0)),
      statuses: query.statuses?.length ? query.statuses : ['published'],
      text,
    };
    let ranked = hasRanking(filters);
    let sort = query.sort === 'relevance' && !ranked ? 'title' : (query.sort ?? (ranked ? 'relevance' : 'title'));
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    if (cursor && 'offset' in cursor !== (sort === 'relevance' && ranked)) {
      throw badRequest('LG_BAD_CURSOR', 'The cursor belongs to another sort order; start again without it.');
    }
    let sample: 1 | 16 | 256 = 1;
    const resident = this.memory ? await this.memory.current() : null;
    const run = async (): Promise<{ page: { id: string; key: string }[]; total: number; counts: FacetCount[] }> => {
      if (resident) {
        // One more than the page, to tell whether there is a next one.
        const found = await this.selectResident(resident, filters, sort, cursor, limit + 1, query.facets !== false);
        // Sort positions being recomputed after changes: the store pages; counts stay the index's.
        return { ...found, page: found.page ?? (await this.repository.page(this.db, filters, sort, cursor, limit)) };
      }
      const [page, total] = await Promise.all([
        this.repository.page(this.db, filters, sort, cursor, limit),
        this.repository.count(this.db, filters),
      ]);
      if (query.facets === false) return { page, total, counts: [] };
      // Broad results get facet counts estimated from a sample: exact counts cost time in proportion to the results.
      sample = total <= this.exactFacetsUpTo ? 1 : total <= this.exactFacetsUpTo * 16 ? 16 : 256;
      return { page, total, counts: await this.facetCounts(filters, sample) };
    };
    let { page: rows, total, counts } = await run();
    // No result with every word: the results with some of them, the most matching words first.
    let relaxed = false;
    if (total === 0 && text) {
      const some = relaxPlan(text.plan);
      if (some) {
        filters.text = { plan: some, stats: await rankStats(this.db, some) };
        ranked = hasRanking(filters);
        sort = query.sort ?? 'relevance';
        ({ page: rows, total, counts } = await run());
        relaxed = total > 0;
        if (!relaxed) filters.text = text;
      }
    }
    const pageRows = rows.slice(0, limit);
    const ids = pageRows.map((r) => r.id);
    const [found, explanations] = await Promise.all([
      this.repository.findByIds(this.db, ids),
      query.explain && filters.text && ranked
        ? this.search.explain(this.db, filters.text.plan, filters.text.stats, ids)
        : Promise.resolve(new Map<string, ScoreExplanation>()),
    ]);
    const byId = new Map(found.map((r) => [r.id, r]));
    let nextCursor: string | null = null;
    if (rows.length > limit && limit > 0) {
      const last = pageRows.at(-1)!;
      const lastRow = byId.get(last.id);
      // The key of the sort order as the store has it now (the in-memory index gives ids only).
      const key = lastRow ? (sort === 'newest' ? lastRow.created_at : lastRow.sort_title) : last.key;
      nextCursor = encodeCursor(
        cursor && 'offset' in cursor
          ? { offset: cursor.offset + limit }
          : sort === 'relevance' && ranked
            ? { offset: limit }
            : { key, id: last.id },
      );
    }
    const items: ListItem[] = await this.present(pageRows.map((r) => byId.get(r.id)!).filter(Boolean));
    if (text) {
      for (const item of items) {
        // The snippet comes from the description, or else from the keywords and makers that matched.
        const other = [item.keywords.join(', '), item.creators.map((c) => c.name).join(', ')]
          .filter(Boolean)
          .join(' · ');
        const explanation = explanations.get(item.id);
        item.match = {
          title: highlightText(item.title, text.plan.highlight),
          snippet:
            (item.description ? snippet(item.description, text.plan.highlight) : null) ??
            snippet(other, text.plan.highlight),
          ...(explanation ? { explain: explanation } : {}),
        };
      }
    }
    const help = await this.help(query.q ?? '', text, filters, total);
    help.relaxed = relaxed;
    return {
      items,
      total,
      facets: query.facets === false ? [] : await this.facets(counts, filters, sample, query.facetValues ?? null),
      nextCursor,
      query: help,
    };
  }

  /**
   * Count, facet counts and page from the in-memory index; the text match (when there is one) still
   * comes from the store's search index, once. The page holds `take` ids, or is null when the index
   * cannot place it (sort positions being recomputed after changes).
   */
  private async selectResident(
    resident: ResidentIndex,
    filters: ResourceFilters,
    sort: SortOrder,
    cursor: PageCursor | null,
    take: number,
    facets: boolean,
  ): Promise<{ page: { id: string; key: string }[] | null; total: number; counts: FacetCount[] }> {
    const text = filters.text;
    const ranking = hasRanking(filters);
    const relevance = sort === 'relevance' && ranking;
    const view = resident.textView();
    const [matches, excluded] = await Promise.all([
      // Scores only when they order the page: matching alone costs a fraction of ranking. Plain
      // words are matched and ranked in memory (exactly as the store would), the rest by the store.
      !ranking
        ? null
        : (view && residentMatchable(text!.plan)
            ? this.search.matchResident(this.db, view, text!.plan, text!.stats, { scores: relevance })
            : Promise.resolve(null)
          ).then((found) => found ?? this.repository.matchScores(this.db, text!, relevance)),
      text && !ranking && text.plan.mustNot.length > 0
        ? ((view && excludedDocs(view.text, text.plan)) ?? this.repository.excludedIds(this.db, text.plan))
        : null,
    ]);
    const result = resident.select({
      terms: filters.terms,
      statuses: filters.statuses,
      matches,
      excluded,
      facetSchemes: facets ? FACET_SCHEMES : [],
      sort: relevance ? 'relevance' : sort === 'newest' ? 'newest' : 'title',
      after: cursor && 'id' in cursor ? cursor.id : null,
      offset: cursor && 'offset' in cursor ? cursor.offset : 0,
      limit: take,
    });
    return { page: result.page?.map((id) => ({ id, key: '' })) ?? null, total: result.total, counts: result.counts };
  }

  /** The best-ranked ids of a text query (for autocomplete), from memory when the index is loaded. */
  async topIds(filters: ResourceFilters, limit: number): Promise<string[]> {
    const resident = this.memory ? await this.memory.current() : null;
    const found = resident
      ? (await this.selectResident(resident, filters, 'relevance', null, limit, false)).page
      : null;
    return (found ?? (await this.repository.page(this.db, filters, 'relevance', null, limit)))
      .slice(0, limit)
      .map((r) => r.id);
  }

  /** Published resources per concept of the given schemes, from memory; null while the index loads. */
  async conceptCounts(schemes: readonly TermScheme[]): Promise<Map<string, number> | null> {
    const resident = this.memory ? await this.memory.current() : null;
    if (!resident) return null;
    const { counts } = resident.select({
      terms: {},
      statuses: ['published'],
      matches: null,
      excluded: null,
      facetSchemes: schemes,
      sort: 'title',
      after: null,
      offset: 0,
      limit: 0,
    });
    const out = new Map<string, number>();
    for (const c of counts) out.set(c.concept_id, (out.get(c.concept_id) ?? 0) + c.n);
    return out;
  }

  /** How many resources meet filters (in memory when the index is loaded). */
  private async countMatching(filters: ResourceFilters): Promise<number> {
    const resident = this.memory ? await this.memory.current() : null;
    if (!resident) return this.repository.count(this.db, filters);
    return (await this.selectResident(resident, filters, 'title', null, 0, false)).total;
  }

  /**
   * Facet counts as shops do them: a facet with a selection counts over the results without its own
   * selection (so its other values show what choosing them would add), every other facet over the
   * results with all selections.
   */
  private async facetCounts(filters: ResourceFilters, sample: 1 | 16 | 256): Promise<FacetCount[]> {
    const counts = await this.repository.disjunctiveFacetCounts(this.db, filters, FACET_SCHEMES, sample);
    return counts.map((c) => ({ ...c, n: c.n * sample }));
  }

  /** Corrections, did-you-mean and, for an empty result, ways to broaden the search. */
  private async help(
    q: string,
    text: { plan: MatchPlan; stats: RankStats } | null,
    filters: ResourceFilters,
    total: number,
  ): Promise<QueryHelp> {
    const plan = text?.plan;
    const correctedQuery = plan?.corrections.length ? replaceWords(q, plan.corrections) : null;
    const help: QueryHelp = {
      correctedQuery,
      relaxed: false,
      didYouMean: null,
      compounds: plan?.compounds ?? [],
      expansions: plan?.expansions ?? [],
      synonyms: plan?.synonyms ?? [],
      ignored: plan?.ignored ?? [],
      broader: [],
    };
    if (text && total < DID_YOU_MEAN_BELOW) help.didYouMean = await this.didYouMean(q, text);
    if (total > 0 || (!text && Object.keys(filters.terms).length === 0)) return help;
    // Nothing found: what each filter, or each word, would give back if it were dropped.
    const orgs = new Map(
      (await organisations.byIds(this.db, filters.terms.institution ?? [])).map((o) => [o.id, o.name]),
    );
    for (const [scheme, values] of Object.entries(filters.terms) as [TermScheme, string[]][]) {
      for (const value of values.slice(0, 3)) {
        const rest = values.filter((v) => v !== value);
        const terms = { ...filters.terms, [scheme]: rest };
        const count = await this.countMatching({ ...filters, terms });
        if (count > 0)
          help.broader.push({
            type: 'remove-filter',
            filter: scheme,
            value,
            ...this.facetLabel(scheme, value, orgs),
            count,
          });
      }
    }
    if (plan && plan.must.length > 1) {
      for (const group of plan.must.slice(0, 6)) {
        const narrower: MatchPlan = { ...plan, combine: 'all', must: plan.must.filter((g) => g !== group) };
        const count = await this.countMatching({ ...filters, text: { plan: narrower, stats: text!.stats } });
        if (count > 0)
          help.broader.push({ type: 'remove-word', word: group.source, query: removeWord(q, group.source), count });
      }
    }
    help.broader.sort((a, b) => b.count - a.count);
    help.broader = help.broader.slice(0, 6);
    return help;
  }

  /**
   * For a query with few results: the same query with a rare word replaced by a close, much more
   * common one ("suriname" for "surinane" when a record or two has the misspelling). Null when none.
   */
  private async didYouMean(q: string, text: { plan: MatchPlan; stats: RankStats }): Promise<string | null> {
    const replacements: { from: string; to: string }[] = [];
    for (const [i, group] of text.plan.must.entries()) {
      const docs = text.stats.groupDocs[i] ?? 0;
      const term = group.any[0];
      if (
        docs === 0 ||
        docs > 2 ||
        group.any.length > 2 ||
        term?.type !== 'term' ||
        !/^[\p{L}\p{N}]+$/u.test(group.source)
      )
        continue;
      const word = foldText(group.source);
      const max = allowedEdits(word);
      if (max === 0) continue;
      const better = (await this.search.similar(this.db, term.term))
        .map((c) => ({ ...c, distance: editDistance(term.term, c.term, max) }))
        .filter((c) => c.distance <= max && c.distance > 0 && c.docs >= Math.max(5, docs * 10))
        .sort((a, b) => a.distance - b.distance || b.docs - a.docs)[0];
      if (better) replacements.push({ from: word, to: better.word });
    }
    return replacements.length ? replaceWords(q, replacements) : null;
  }

  /** The facets with their values' labels, in order; with `limit`, each lists only its `limit` most frequent values and the selected ones. */
  private async facets(
    counts: FacetCount[],
    filters: ResourceFilters,
    sample: 1 | 16 | 256,
    limit: number | null,
  ): Promise<Facet[]> {
    const orgIds = counts.filter((c) => c.scheme === 'institution').map((c) => c.concept_id);
    const orgs = new Map((await organisations.byIds(this.db, orgIds)).map((o) => [o.id, o.name]));
    return FACET_SCHEMES.map((name) => {
      const values = counts
        .filter((c) => c.scheme === name)
        .map((c) => ({
          id: c.concept_id,
          ...this.facetLabel(name, c.concept_id, orgs),
          parent: this.facetParent(name, c.concept_id),
          count: c.n,
          selected: false,
        }));
      // A selected value with no results left still shows, so it can be removed.
      for (const id of filters.terms[name] ?? []) {
        const value = values.find((v) => v.id === id);
        if (value) value.selected = true;
        else
          values.push({
            id,
            ...this.facetLabel(name, id, orgs),
            parent: this.facetParent(name, id),
            count: 0,
            selected: true,
          });
      }
      // The most frequent first (which also chooses the values a limit keeps); periods in time order.
      values.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
      const listed =
        limit === null || values.length <= limit ? values : values.filter((v, i) => i < limit || v.selected);
      if (name === 'period') listed.sort((a, b) => periodOrder(a.id) - periodOrder(b.id));
      return { name, values: listed, valueCount: values.length, approximate: sample > 1 };
    });
  }

  /** The broader value of a hierarchical facet value (levels, kerndoelen, leerdoelen), when it has one. */
  private facetParent(scheme: TermScheme, id: string): string | null {
    if (scheme === 'level') return this.vocab.get('level', id)?.broader[0] ?? null;
    if (scheme === 'objective') return this.vocab.resolveAny(['kerndoel', 'leerdoel'], id)?.broader[0] ?? null;
    return null;
  }

  private facetLabel(
    scheme: TermScheme,
    id: string,
    orgs: Map<string, string>,
  ): { label: string; labelEn: string | null } {
    const concept = (schemes: Scheme[]) => {
      const c = this.vocab.resolveAny(schemes, id);
      return c ? { label: c.labelNl, labelEn: c.labelEn } : null;
    };
    const fixed: Record<string, [string, string]> = {
      material: ['Leermateriaal', 'Learning material'],
      heritage: ['Erfgoed', 'Heritage'],
      lesson: ['Les', 'Lesson'],
      open: ['Open hergebruik', 'Open reuse'],
      restricted: ['Beperkt hergebruik', 'Restricted reuse'],
      permission: ['Toestemming nodig', 'Permission needed'],
      unknown: ['Onbekend', 'Unknown'],
      'before-1000': ['Voor 1000', 'Before 1000'],
      missing: ['Geen licentie vermeld', 'No licence stated'],
      yes: ['Met afbeelding', 'With image'],
      no: ['Zonder afbeelding', 'Without image'],
      nl: ['Nederlands', 'Dutch'],
      en: ['Engels', 'English'],
      de: ['Duits', 'German'],
      fr: ['Frans', 'French'],
    };
    switch (scheme) {
      case 'level':
        return concept(['level']) ?? { label: id, labelEn: null };
      case 'subject':
        return concept(['subject']) ?? { label: id, labelEn: null };
      case 'objective':
        return concept(['kerndoel', 'leerdoel']) ?? { label: id, labelEn: null };
      case 'type':
        return concept(['resource-type']) ?? { label: id, labelEn: null };
      case 'licence': {
        const c = findLicence(id);
        if (c) return { label: c.notation ?? c.labelNl, labelEn: c.notation ?? c.labelEn };
        break;
      }
      case 'institution':
        return { label: orgs.get(id) ?? id, labelEn: null };
      case 'period': {
        const century = Number(id) / 100 + 1;
        if (Number.isInteger(century))
          return { label: `${century}e eeuw`, labelEn: `${century}${ordinalSuffix(century)} century` };
        break;
      }
      default:
        break;
    }
    const f = fixed[id];
    return f ? { label: f[0], labelEn: f[1] } : { label: id, labelEn: null };
  }

  private licenceView(uri: string | null, status: string, raw: string | null): LicenceView {
    const concept = uri ? findLicence(uri) : undefined;
    const facts = licenceFacts(uri);
    return {
      uri,
      label: concept?.labelNl ?? null,
      labelEn: concept?.labelEn ?? null,
      notation: concept?.notation ?? null,
      kind: uri ? (uri.includes('rightsstatements.org') ? 'rights-statement' : 'licence') : null,
      reusability: facts?.reusability ?? null,
      status: status as LicenceView['status'],
      raw,
    };
  }

  /** Concept ids with their labels (unknown ids keep the id as label). */
  labelled(schemes: Scheme[], ids: string[]): LabelledConcept[] {
    return ids.map((id) => {
      const c = this.vocab.resolveAny(schemes, id);
      return { id, label: c?.labelNl ?? id, labelEn: c?.labelEn ?? null, uri: c?.uri ?? null };
    });
  }

  /** Shapes rows for the API, with labels, licence, attribution and provenance. */
  async present(rows: PresentableRow[]): Promise<ResourceView[]> {
    const orgIds = [...new Set(rows.map((r) => r.organisation_id).filter((id): id is string => !!id))];
    const sourceIds = [...new Set(rows.map((r) => r.source_id).filter((id): id is string => !!id))];
    const [orgs, sources] = await Promise.all([
      organisations.byIds(this.db, orgIds),
      sourceIds.length
        ? this.db.selectFrom('source').select(['id', 'name', 'type']).where('id', 'in', sourceIds).execute()
        : Promise.resolve([]),
    ]);
    const orgById = new Map(orgs.map((o) => [o.id, o]));
    const sourceById = new Map(sources.map((s) => [s.id, s]));
    const confirmed = await this.confirmedObjectives(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((row) => {
      const institution = row.organisation_id ? (orgById.get(row.organisation_id) ?? null) : null;
      const licence = this.licenceView(row.licence_uri, row.rights_status, row.rights_raw);
      const creators = json<Creator[]>(row.creators, []);
      const fromSource = json<string[]>(row.objectives, []);
      return {
        id: row.id,
        kind: row.kind as Kind,
        status: row.status as Status,
        title: row.title,
        description: row.description,
        language: row.language,
        creators,
        publisher: row.publisher,
        institution: institution ? { id: institution.id, name: institution.name } : null,
        url: row.url,
        thumbnail: row.thumbnail,
        iiifManifest: row.iiif_manifest,
        formats: json(row.formats, []),
        resourceTypes: this.labelled(['resource-type'], json(row.resource_types, [])),
        levels: this.labelled(['level'], json(row.levels, [])),
        subjects: this.labelled(['subject'], json(row.subjects, [])),
        objectives: [
          ...fromSource.map((id) => ({ id, alignment: 'source' as const })),
          ...(confirmed.get(row.id) ?? [])
            .filter((id) => !fromSource.includes(id))
            .map((id) => ({ id, alignment: 'confirmed' as const })),
        ].map(({ id, alignment }) => {
          const c = this.vocab.resolveAny(['kerndoel', 'leerdoel'], id);
          return {
            id,
            label: c?.labelNl ?? id,
            labelEn: c?.labelEn ?? null,
            uri: c?.uri ?? null,
            notation: c?.notation ?? null,
            text: c?.description ?? null,
            alignment,
          };
        }),
        keywords: json(row.keywords, []),
        licence,
        metadataLicence: row.metadata_licence_uri ? this.licenceView(row.metadata_licence_uri, 'ok', null) : null,
        access: row.access,
        requiredStatement: row.required_statement,
        dates: {
          created: row.date_created,
          modified: row.date_modified,
          period: { start: row.period_start, end: row.period_end, text: row.period_text },
        },
        attribution: lazyAttribution({
          title: row.title,
          creators,
          institution: institution?.name ?? row.publisher,
          url: row.url,
          licence,
          requiredStatement: row.required_statement,
        }),
        provenance: {
          source: row.source_id ? (sourceById.get(row.source_id) ?? null) : null,
          originalId: row.original_id,
          importRunId: row.import_run_id,
          rawFormat: row.raw_format,
          hasRawRecord: !!row.has_raw_record,
        },
        warnings: json(row.warnings, []),
        extra: json(row.extra, {}),
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        withdrawnAt: row.withdrawn_at,
        withdrawnReason: row.withdrawn_reason,
      };
    });
  }

  /**
   * Rebuilds what is derived from the stored resources: their filter terms and the search index
   * (after the analysis or the index changed). Runs in batches; `onProgress` hears how far it is.
   */
  async reindex(onProgress?: (done: number, total: number) => void): Promise<number> {
    const total = await this.countAll();
    await this.search.clear(this.db);
    let done = 0;
    let after = '';
    for (;;) {
      const rows = await this.db
        .selectFrom('resource')
        .selectAll()
        .where('id', '>', after)
        .orderBy('id')
        .limit(500)
        .execute();
      if (rows.length === 0) break;
      const orgIds = [...new Set(rows.map((r) => r.organisation_id).filter((id): id is string => !!id))];
      const orgs = new Map((await organisations.byIds(this.db, orgIds)).map((o) => [o.id, o.name]));
      await this.db.transaction().execute(async (trx) => {
        const docs: SearchDocument[] = [];
        const terms: { resourceId: string; scheme: TermScheme; conceptId: string }[] = [];
        for (const row of rows) {
          const prepared = this.prepare(
            this.inputOf(row),
            row.organisation_id,
            row.organisation_id ? (orgs.get(row.organisation_id) ?? null) : null,
          );
          terms.push(...prepared.terms.map((t) => ({ resourceId: row.id, ...t })));
          if (row.status !== 'withdrawn') docs.push({ id: row.id, ...prepared.search });
        }
        await trx
          .deleteFrom('resource_term')
          .where(
            'resource_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
        await this.repository.insertTerms(trx, [
          ...terms,
          ...(await this.confirmedTerms(
            trx,
            rows.map((r) => r.id),
          )),
        ]);
        await this.repository.indexNew(trx, docs);
      });
      done += rows.length;
      after = rows.at(-1)!.id;
      onProgress?.(done, total);
    }
    await this.db.deleteFrom('setting').where('key', '=', SEARCH_INDEX_SETTING).execute();
    await this.db.insertInto('setting').values({ key: SEARCH_INDEX_SETTING, value: SEARCH_INDEX_VERSION }).execute();
    // Terms may have changed without datestamps changing: the in-memory index starts again.
    if (this.memory?.started) await this.memory.reload();
    return done;
  }

  /** Whether the search index was built by this version of the analysis (else `reindex`). */
  async indexIsCurrent(): Promise<boolean> {
    const row = await this.db
      .selectFrom('setting')
      .select('value')
      .where('key', '=', SEARCH_INDEX_SETTING)
      .executeTakeFirst();
    return row?.value === SEARCH_INDEX_VERSION;
  }

  /** The objectives teachers or curators confirmed, per resource. */
  private async confirmedObjectives(db: Kysely<Database>, ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom('objective_decision')
        .select(['resource_id', 'objective_id'])
        .where('resource_id', 'in', ids.slice(i, i + 500))
        .where('decision', '=', 'accepted')
        .orderBy('decided_at')
        .execute();
      for (const r of rows) out.set(r.resource_id, [...(out.get(r.resource_id) ?? []), r.objective_id]);
    }
    return out;
  }

  /** Filter terms of confirmed objectives (with the nodes above them), to add to a resource's own. */
  private async confirmedTerms(
    db: Kysely<Database>,
    ids: string[],
  ): Promise<{ resourceId: string; scheme: TermScheme; conceptId: string }[]> {
    if (ids.length === 0) return [];
    const confirmed = await this.confirmedObjectives(db, ids);
    return [...confirmed].flatMap(([resourceId, objectives]) =>
      this.withAncestors(['kerndoel', 'leerdoel'], objectives).map((conceptId) => ({
        resourceId,
        scheme: 'objective' as const,
        conceptId,
      })),
    );
  }

  /** Sets a resource's terms: its own, and those of confirmed objectives. */
  private async setTerms(
    db: Kysely<Database>,
    id: string,
    terms: { scheme: TermScheme; conceptId: string }[],
  ): Promise<void> {
    const confirmed = await this.confirmedTerms(db, [id]);
    await this.repository.replaceTerms(db, id, [
      ...terms,
      ...confirmed.map(({ scheme, conceptId }) => ({ scheme, conceptId })),
    ]);
  }

  private get suggester(): ObjectiveSuggester {
    this.objectiveSuggester ??= new ObjectiveSuggester(this.vocab);
    return this.objectiveSuggester;
  }

  /**
   * Learning objectives suggested for a resource from its text (those it is not aligned with
   * already), with the words that matched and any decision taken on them.
   */
  async objectiveSuggestions(id: string, actor: Actor | null): Promise<ObjectiveSuggestionView[] | null> {
    const resource = await this.get(id, { actor });
    if (!resource) return null;
    const aligned = new Set(resource.objectives.map((o) => o.id));
    const suggested = this.suggester
      .suggest(suggestionText(resource), { limit: 5 })
      .filter(
        (s) =>
          !aligned.has(s.objectiveId) ||
          resource.objectives.find((o) => o.id === s.objectiveId)?.alignment === 'confirmed',
      );
    const decisions = await this.db
      .selectFrom('objective_decision as d')
      .innerJoin('app_user as u', 'u.id', 'd.decided_by')
      .select(['d.objective_id', 'd.decision', 'd.decided_at', 'u.name'])
      .where('d.resource_id', '=', id)
      .execute();
    const byObjective = new Map(decisions.map((d) => [d.objective_id, d]));
    const views: ObjectiveSuggestionView[] = suggested.map((s) => ({ ...s, decision: null }));
    // Decided objectives stay listed even when the text would no longer suggest them.
    for (const d of decisions)
      if (!views.some((v) => v.objectiveId === d.objective_id))
        views.push({ objectiveId: d.objective_id, score: 0, matchedWords: [], decision: null });
    return views.map((v) => {
      const c = this.vocab.resolveAny(['kerndoel', 'leerdoel'], v.objectiveId);
      const d = byObjective.get(v.objectiveId);
      return {
        ...v,
        objective: {
          id: v.objectiveId,
          label: c?.labelNl ?? v.objectiveId,
          labelEn: c?.labelEn ?? null,
          notation: c?.notation ?? null,
          text: (c?.extra.text as string | undefined) ?? c?.description ?? null,
          scheme: c?.scheme === 'leerdoel' ? 'leerdoel' : 'kerndoel',
        },
        decision: d ? { decision: d.decision, decidedAt: d.decided_at, decidedBy: actor ? d.name : null } : null,
      };
    });
  }

  /** A teacher's or curator's decision on a suggested objective; an accepted one counts as an alignment. */
  async decideObjective(
    actor: Actor | null,
    id: string,
    objectiveId: string,
    decision: 'accepted' | 'rejected',
  ): Promise<ObjectiveSuggestionView[]> {
    if (!actor) throw forbidden('Sign in to confirm or reject learning objectives.');
    const objective = this.vocab.resolveAny(['kerndoel', 'leerdoel'], objectiveId);
    if (!objective)
      throw badRequest('LG_UNKNOWN_CONCEPT', `Unknown objective: ${objectiveId}.`, {
        field: 'objectiveId',
        unknown: [objectiveId],
      });
    const view = await this.get(id, { actor });
    if (!view || view.status !== 'published') throw notFound('Resource', id);
    // The words that matched, as the teacher saw them in the suggestion.
    const matched = this.suggester
      .suggest(suggestionText(view), { limit: 50, threshold: 0 })
      .find((s) => s.objectiveId === objective.id);
    await this.db.transaction().execute(async (trx) => {
      const row = await this.repository.findById(trx, id);
      if (!row || row.status !== 'published') throw notFound('Resource', id);
      await trx
        .deleteFrom('objective_decision')
        .where('resource_id', '=', id)
        .where('objective_id', '=', objective.id)
        .execute();
      await trx
        .insertInto('objective_decision')
        .values({
          resource_id: id,
          objective_id: objective.id,
          decision,
          decided_by: actor.userId,
          decided_at: nowIso(),
          matched_words: JSON.stringify(matched?.matchedWords ?? []),
          score: matched?.score ?? 0,
        })
        .execute();
      const orgName = await this.organisationName(trx, row.organisation_id);
      await this.setTerms(trx, id, this.prepare(this.inputOf(row), row.organisation_id, orgName).terms);
      // A confirmed objective changes the record (its alignments): harvesters and the in-memory index see it by its datestamp.
      await this.repository.update(trx, id, { updated_at: nowIso() });
    });
    this.memory?.touch([id]);
    return (await this.objectiveSuggestions(id, actor))!;
  }

  /** Counts resources, for readiness and the demo loader. */
  async countAll(): Promise<number> {
    return this.repository.countAll(this.db);
  }
}
