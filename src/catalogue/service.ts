import { gunzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { organisations } from '../accounts/organisations.ts';
import { canCreateResource, canEditResource, type Actor, type InstitutionActor } from '../accounts/model.ts';
import { badRequest, forbidden, notFound } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import { searchIndexFor } from '../search/engine/engines.ts';
import type { IndexWriter } from '../search/engine/search-index.ts';
import type { Scheme } from '../vocab/model.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import type { LabelledConcept, ResourceInput } from './model.ts';
import type { ImportContext, ImportOutcome, ObjectiveSuggestionView, ResourceView, SourceRecord } from './view.ts';
import { ResourceTerms } from './terms.ts';
import { RecordImporter } from './import.ts';
import { Reindexer } from './reindex.ts';
import { ObjectiveSuggestions } from './suggestions.ts';
import { inputOfRow, prepareResource } from './prepare.ts';
import { ResourcePresenter } from './presenter.ts';
import { ResourceRepository } from './repository.ts';
import type { PresentableRow } from './rows.ts';

/** Follows the catalogue's writes. */
export interface CatalogueObserver {
  touched(ids: string[]): void;
  rebuilt(): Promise<void>;
}

/** The catalogue's use cases: create, update, withdraw, read, present and import resources. */
export class CatalogueService {
  private readonly repository: ResourceRepository;
  private readonly presenter: ResourcePresenter;
  private readonly terms: ResourceTerms;
  private readonly importer: RecordImporter;
  private readonly reindexer: Reindexer;
  private readonly suggestions: ObjectiveSuggestions;
  /** Who follows the catalogue's writes (the search service's in-memory index). */
  private readonly observers: CatalogueObserver[] = [];
  /** The store's full-text engine, as far as writes go. */
  private readonly search: IndexWriter;

  constructor(
    private readonly store: Store,
    readonly vocab: Vocabularies,
  ) {
    this.search = searchIndexFor(store.dialect);
    this.repository = new ResourceRepository(this.search);
    this.presenter = new ResourcePresenter(() => this.db, vocab, this.repository);
    this.terms = new ResourceTerms(this.repository, vocab);
    this.importer = new RecordImporter(this.repository, vocab, this.terms);
    this.reindexer = new Reindexer(
      () => this.db,
      this.search,
      this.repository,
      vocab,
      this.terms,
      async () => {
        for (const observer of this.observers) await observer.rebuilt();
      },
    );
    this.suggestions = new ObjectiveSuggestions(
      () => this.db,
      vocab,
      this.repository,
      this.terms,
      (id, options) => this.get(id, options),
      (ids) => this.touched(ids),
    );
  }

  private get db(): Kysely<Database> {
    return this.store.db;
  }

  /** Resources as the API shows them. */
  present(rows: PresentableRow[]): Promise<ResourceView[]> {
    return this.presenter.present(rows);
  }

  /** Concepts of the given schemes with their labels (unknown ids keep the id as label). */
  labelled(schemes: Scheme[], ids: string[]): LabelledConcept[] {
    return this.presenter.labelled(schemes, ids);
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

  /** Creates a resource on behalf of a user (not by import). */
  async create(
    actor: InstitutionActor | null,
    input: ResourceInput,
    organisationId: string | null,
    status: 'draft' | 'published' = 'published',
    id: string = newId(),
  ): Promise<ResourceView> {
    await this.db.transaction().execute((trx) => this.createWithin(trx, actor, input, organisationId, status, id));
    this.touched([id]);
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
    const prepared = prepareResource(
      this.vocab,
      clean,
      organisationId,
      await this.terms.organisationName(trx, organisationId),
    );
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

  /** A resource's status inside the caller's transaction, or null when it does not exist. */
  async statusWithin(trx: Kysely<Database>, id: string): Promise<string | null> {
    return (await this.repository.findById(trx, id))?.status ?? null;
  }

  /**
   * Gives a resource a new datestamp inside the caller's transaction (what holds it changed, e.g.
   * the communities whose collections list it): harvesters and other processes see it by that.
   */
  async stampWithin(trx: Kysely<Database>, id: string, at: string): Promise<void> {
    await this.repository.update(trx, id, { updated_at: at });
  }

  /** Tells the in-memory index that resources changed in a transaction that has committed. */
  touched(ids: string[]): void {
    for (const observer of this.observers) observer.touched(ids);
  }

  /** Follows the catalogue's writes: `touched` after resources changed, `rebuilt` after the search index was rebuilt. */
  observe(observer: CatalogueObserver): void {
    this.observers.push(observer);
  }

  /** Resources to show, by id (in no particular order; drafts included: the caller filters). */
  rowsByIds(ids: string[]): Promise<PresentableRow[]> {
    return this.repository.findByIds(this.db, ids);
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
    this.touched([id]);
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
    const current = inputOfRow(row);
    const merged = this.validateInput({
      ...current,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    } as ResourceInput);
    const prepared = prepareResource(
      this.vocab,
      merged,
      row.organisation_id,
      await this.terms.organisationName(trx, row.organisation_id),
    );
    if (row.status === 'withdrawn' && status)
      throw badRequest('LG_WITHDRAWN', 'A withdrawn resource cannot be published again; create a new one.');
    await this.repository.update(trx, id, { ...prepared.row, ...(status ? { status } : {}), updated_at: nowIso() });
    await this.terms.set(trx, id, prepared.terms);
    if (row.status !== 'withdrawn') await this.repository.indexText(trx, { id, ...prepared.search });
  }

  /** Withdraws a resource: it stays (a tombstone, so lessons using it can say so) but is no longer listed. */
  async withdraw(actor: InstitutionActor | null, id: string, reason: string | null): Promise<ResourceView> {
    await this.db.transaction().execute(async (trx) => {
      const row = await this.repository.findById(trx, id);
      if (!row) throw notFound('Resource', id);
      if (!canEditResource(actor, { organisationId: row.organisation_id, createdBy: row.created_by }))
        throw forbidden('You may not withdraw this resource.');
      await this.terms.markWithdrawn(trx, id, reason ?? 'Withdrawn by an editor');
    });
    this.touched([id]);
    return (await this.get(id, { includeWithdrawn: true, actor }))!;
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

  /**
   * Applies a batch of imported records inside the caller's transaction, in order, with one lookup
   * of what exists and bulk writes of what is new (the common case of a first harvest).
   */
  applyImportedBatch(
    trx: Kysely<Database>,
    ctx: ImportContext,
    records: SourceRecord[],
    organisationName: string | null,
  ): Promise<ImportOutcome[]> {
    return this.importer.applyImportedBatch(trx, ctx, records, organisationName);
  }

  /** Withdraws the resources of a source that a complete harvest no longer saw. */
  withdrawMissing(trx: Kysely<Database>, sourceId: string, seen: Set<string>): Promise<number> {
    return this.importer.withdrawMissing(trx, sourceId, seen);
  }

  /** Rebuilds the filter terms and the search index from the stored resources. */
  reindex(onProgress?: (done: number, total: number) => void): Promise<number> {
    return this.reindexer.reindex(onProgress);
  }

  /** Whether the search index was built by this version of the analysis (else `reindex`). */
  indexIsCurrent(): Promise<boolean> {
    return this.reindexer.indexIsCurrent();
  }

  /** Learning objectives suggested for a resource, with any decision taken on them. */
  objectiveSuggestions(id: string, actor: Actor | null): Promise<ObjectiveSuggestionView[] | null> {
    return this.suggestions.objectiveSuggestions(id, actor);
  }

  /** A teacher's or curator's decision on a suggested objective. */
  mayDecideObjectives(id: string, actor: Actor | null): Promise<boolean> {
    return this.suggestions.mayDecide(id, actor);
  }

  decideObjective(
    actor: Actor | null,
    id: string,
    objectiveId: string,
    decision: 'accepted' | 'rejected',
  ): Promise<ObjectiveSuggestionView[]> {
    return this.suggestions.decideObjective(actor, id, objectiveId, decision);
  }

  /** Decisions on many suggested objectives at once; all are allowed or nothing is written. */
  decideObjectives(
    actor: Actor,
    items: { resourceId: string; objectiveId: string }[],
    decision: 'accepted' | 'rejected',
  ): Promise<{ decided: number }> {
    return this.suggestions.decideMany(actor, items, decision);
  }

  /** The objectives the suggester offers for these resources now (not those they are aligned with). */
  suggestObjectives(views: ResourceView[]) {
    return this.suggestions.suggestFor(views);
  }

  /** Published resources by their identifiers at their sources (the example lessons and communities link them). */
  async publishedIdsByOriginal(originalIds: string[]): Promise<Map<string, string>> {
    const rows = await this.repository.publishedByOriginalIds(this.db, originalIds);
    return new Map(rows.map((r) => [r.original_id!, r.id]));
  }

  /** The published lesson whose title starts with `prefix`, if any. */
  async publishedLessonIdByTitle(prefix: string): Promise<string | null> {
    return (await this.repository.publishedLessonByTitle(this.db, prefix)) ?? null;
  }

  /** Counts resources, for readiness and the demo loader. */
  async countAll(): Promise<number> {
    return this.repository.countAll(this.db);
  }
}
