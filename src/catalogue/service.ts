import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { organisations } from '../accounts/organisations.ts';
import { cleanDeep } from '../kernel/text.ts';
import { canCreateResource, canEditResource, type Actor, type InstitutionActor } from '../accounts/model.ts';
import { badRequest, forbidden, notFound } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import { type SearchDocument } from '../search/engine/search-index.ts';
import { searchIndexFor } from '../search/engine/engines.ts';
import type { SearchIndex } from '../search/engine/search-index.ts';
import { type Scheme } from '../vocab/model.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import { type Kind, type LabelledConcept, type ResourceInput } from './model.ts';
import type {
  ImportContext,
  ImportOutcome,
  ObjectiveSuggestionView,
  ResourceView,
  SourceRecord,
  Warning,
} from './view.ts';
import { json } from './rows.ts';
import { prepareResource, withAncestors } from './prepare.ts';
import { ResourcePresenter } from './presenter.ts';
import { ObjectiveSuggester, type SuggestionText } from './objectives.ts';
import {
  ResourceRepository,
  type NewResourceRow,
  type PresentableRow,
  type ResourceRow,
  type TermScheme,
} from './repository.ts';

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

/** Bumped when the text analysis or the derived terms change: stores rebuild their index on start. */
export const SEARCH_INDEX_VERSION = '3';
const SEARCH_INDEX_SETTING = 'search_index_version';

/** Bumped when a mapper changes what it makes of the same raw record, so re-imports update. */
export const MAPPER_VERSION = '1';

/** Follows the catalogue's writes. */
export interface CatalogueObserver {
  touched(ids: string[]): void;
  rebuilt(): Promise<void>;
}

/** The catalogue's use cases: create, update, withdraw, read, present and import resources. */
export class CatalogueService {
  readonly repository: ResourceRepository;
  private objectiveSuggester: ObjectiveSuggester | null = null;

  private readonly presenter: ResourcePresenter;
  /** Who follows the catalogue's writes (the search service's in-memory index). */
  private readonly observers: CatalogueObserver[] = [];
  /** The store's full-text engine. */
  readonly search: SearchIndex;

  constructor(
    private readonly store: Store,
    readonly vocab: Vocabularies,
  ) {
    this.search = searchIndexFor(store.dialect);
    this.repository = new ResourceRepository(this.search);
    this.presenter = new ResourcePresenter(() => this.db, vocab, this.repository);
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
      await this.organisationName(trx, organisationId),
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
    const current = this.inputOf(row);
    const merged = this.validateInput({
      ...current,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    } as ResourceInput);
    const prepared = prepareResource(
      this.vocab,
      merged,
      row.organisation_id,
      await this.organisationName(trx, row.organisation_id),
    );
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
    this.touched([id]);
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
      const prepared = prepareResource(this.vocab, mapped.input, ctx.organisationId, organisationName);
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
          const prepared = prepareResource(
            this.vocab,
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
    for (const observer of this.observers) await observer.rebuilt();
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

  /** Filter terms of confirmed objectives (with the nodes above them), to add to a resource's own. */
  private async confirmedTerms(
    db: Kysely<Database>,
    ids: string[],
  ): Promise<{ resourceId: string; scheme: TermScheme; conceptId: string }[]> {
    if (ids.length === 0) return [];
    const confirmed = await this.repository.acceptedObjectives(db, ids);
    return [...confirmed].flatMap(([resourceId, objectives]) =>
      withAncestors(this.vocab, ['kerndoel', 'leerdoel'], objectives).map((conceptId) => ({
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
      await this.setTerms(trx, id, prepareResource(this.vocab, this.inputOf(row), row.organisation_id, orgName).terms);
      // A confirmed objective changes the record (its alignments): harvesters and the in-memory index see it by its datestamp.
      await this.repository.update(trx, id, { updated_at: nowIso() });
    });
    this.touched([id]);
    return (await this.objectiveSuggestions(id, actor))!;
  }

  /** Counts resources, for readiness and the demo loader. */
  async countAll(): Promise<number> {
    return this.repository.countAll(this.db);
  }
}
