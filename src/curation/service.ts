import type { Kysely } from 'kysely';
import { canEditResource, curates, overseenOrganisations, type Actor } from '../accounts/model.ts';
import { recordAudit } from '../admin/audit.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { ResourceView } from '../catalogue/view.ts';
import type { Database } from '../db/schema.ts';
import { AppError, badRequest, forbidden, notFound } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import {
  MAX_BULK,
  REPORT_CATEGORIES,
  type CheckItem,
  type QueueKind,
  type QueueResource,
  type ReportCategory,
  type ReportItem,
  type ReportStatus,
  type ReviewItem,
  type Scope,
  type SuggestionItem,
} from './model.ts';
import { curationRepository as repo, type ReportItemRow, type ResourceColumns } from './repository.ts';

/** How many problems one person may report in an hour. */
const REPORTS_PER_HOUR = 20;

export interface QueueFilter {
  organisationId?: string | null;
  sourceId?: string | null;
  objectiveId?: string | null;
  checkKind?: string | null;
  minScore?: number;
  status?: ReportStatus;
  limit?: number;
  offset?: number;
}

export interface QueuePage<T> {
  kind: QueueKind;
  total: number;
  items: T[];
}

const parse = (json: string | null): unknown => {
  try {
    return json ? JSON.parse(json) : null;
  } catch {
    return null;
  }
};

const resourceOf = (r: ResourceColumns): QueueResource => ({
  id: r.resource_id,
  title: r.title,
  kind: r.kind,
  excerpt: r.description ? (r.description.length > 300 ? `${r.description.slice(0, 297)}…` : r.description) : null,
  organisation: r.organisation_id ? { id: r.organisation_id, name: r.organisation_name ?? r.organisation_id } : null,
  sourceId: r.source_id,
});

const reportOf = (r: ReportItemRow): ReportItem => ({
  resource: resourceOf(r),
  id: r.report_id,
  category: r.category as ReportCategory,
  message: r.message,
  status: r.report_status as ReportStatus,
  createdAt: r.created_at,
  handledAt: r.handled_at,
  handledNote: r.handled_note,
});

/**
 * The curation workspace: what needs a human, per institution and for curators. Suggested
 * learning objectives waiting for a decision (kept per resource as the suggester offers them),
 * records whose checks failed, new reviews to moderate and problems teachers reported.
 */
export class CurationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalogue: CatalogueService,
    private readonly vocab: Vocabularies,
  ) {}

  /** The actor's scope, or a refusal: curators, admins and institutions' editors have queues. */
  scope(actor: Actor, organisationId: string | null = null): Scope {
    const scope = overseenOrganisations(actor, organisationId);
    if (scope === undefined) throw forbidden('Only curators and institutions’ editors have a curation queue.');
    return scope;
  }

  /** How much waits in each queue. */
  async summary(actor: Actor, organisationId: string | null = null): Promise<Record<QueueKind, number>> {
    const scope = this.scope(actor, organisationId);
    const none = { sourceId: null, limit: 0, offset: 0 };
    const [suggestions, checks, reviews, reports] = await Promise.all([
      repo.suggestions(this.db, scope, { ...none, objectiveId: null, minScore: 0 }),
      repo.failedChecks(this.db, scope, { ...none, kind: null }),
      curates(actor) ? repo.reviewsToModerate(this.db, scope, none) : Promise.resolve({ total: 0 }),
      repo.reports(this.db, scope, { ...none, status: 'open' }),
    ]);
    return { suggestions: suggestions.total, checks: checks.total, reviews: reviews.total, reports: reports.total };
  }

  async suggestions(actor: Actor, filter: QueueFilter = {}): Promise<QueuePage<SuggestionItem>> {
    const scope = this.scope(actor, filter.organisationId ?? null);
    const { total, rows } = await repo.suggestions(this.db, scope, {
      sourceId: filter.sourceId ?? null,
      objectiveId: filter.objectiveId ?? null,
      minScore: filter.minScore ?? 0,
      limit: filter.limit ?? 50,
      offset: filter.offset ?? 0,
    });
    const votes = await repo.votes(this.db, [...new Set(rows.map((r) => r.resource_id))]);
    return {
      kind: 'suggestions',
      total,
      items: rows.map((r) => {
        const c = this.vocab.resolveAny(['kerndoel', 'leerdoel'], r.objective_id);
        const on = votes.filter((v) => v.resource_id === r.resource_id && v.objective_id === r.objective_id);
        return {
          resource: resourceOf(r),
          objective: {
            id: r.objective_id,
            label: c?.labelNl ?? r.objective_id,
            notation: c?.notation ?? null,
            scheme: c?.scheme === 'leerdoel' ? 'leerdoel' : 'kerndoel',
          },
          score: Math.round(Number(r.score) * 1000) / 1000,
          matchedWords: (parse(r.matched_words) as string[] | null) ?? [],
          votes: {
            accepted: on.filter((v) => v.vote === 'accepted').length,
            rejected: on.filter((v) => v.vote === 'rejected').length,
          },
          suggestedAt: r.suggested_at,
        };
      }),
    };
  }

  /**
   * Accepts or rejects many suggestions at once (a filtered page of the queue): the actor must
   * decide on every resource named, or nothing is written. A rejected suggestion is not offered again.
   */
  async decide(
    actor: Actor,
    items: { resourceId: string; objectiveId: string }[],
    decision: 'accepted' | 'rejected',
  ): Promise<{ decided: number }> {
    this.scope(actor);
    if (!items.length || items.length > MAX_BULK)
      throw badRequest('LG_VALIDATION', `Name 1 to ${MAX_BULK} suggestions.`, { field: 'items' });
    const result = await this.catalogue.decideObjectives(actor, items, decision);
    await recordAudit(this.db, {
      actorId: actor.userId,
      action: decision === 'accepted' ? 'objectives.accept' : 'objectives.reject',
      target: { type: 'resource', id: items[0]!.resourceId },
      detail: { count: result.decided, items: items.slice(0, 50) },
    });
    return result;
  }

  async checks(actor: Actor, filter: QueueFilter = {}): Promise<QueuePage<CheckItem>> {
    const scope = this.scope(actor, filter.organisationId ?? null);
    const { total, rows } = await repo.failedChecks(this.db, scope, {
      sourceId: filter.sourceId ?? null,
      kind: filter.checkKind ?? null,
      limit: filter.limit ?? 50,
      offset: filter.offset ?? 0,
    });
    return {
      kind: 'checks',
      total,
      items: rows.map((r) => ({
        resource: resourceOf(r),
        kind: r.check_kind,
        detail: (parse(r.detail) as Record<string, unknown> | null) ?? {},
        checkedAt: r.checked_at,
      })),
    };
  }

  /** New reviews no curator looked at yet (curators only: they moderate reviews). */
  async reviews(actor: Actor, filter: QueueFilter = {}): Promise<QueuePage<ReviewItem>> {
    const scope = this.scope(actor, filter.organisationId ?? null);
    if (!curates(actor)) throw forbidden('Only curators moderate reviews.');
    const { total, rows } = await repo.reviewsToModerate(this.db, scope, {
      sourceId: filter.sourceId ?? null,
      limit: filter.limit ?? 50,
      offset: filter.offset ?? 0,
    });
    return {
      kind: 'reviews',
      total,
      items: rows.map((r) => ({
        resource: resourceOf(r),
        id: r.review_id,
        reviewer: r.reviewer,
        summary: r.summary,
        scores: parse(r.scores) ?? [],
        createdAt: r.created_at,
      })),
    };
  }

  async reports(actor: Actor, filter: QueueFilter = {}): Promise<QueuePage<ReportItem>> {
    const scope = this.scope(actor, filter.organisationId ?? null);
    const { total, rows } = await repo.reports(this.db, scope, {
      sourceId: filter.sourceId ?? null,
      status: filter.status ?? 'open',
      limit: filter.limit ?? 50,
      offset: filter.offset ?? 0,
    });
    return {
      kind: 'reports',
      total,
      items: rows.map(reportOf),
    };
  }

  /**
   * Somebody reports a problem with a published resource ("Meld een probleem"): signed in or not.
   * The message reaches the curators and the owning institution's editors, never the public.
   */
  async report(
    actor: Actor | null,
    resourceId: string,
    input: { category: string; message: string },
  ): Promise<{ id: string; status: ReportStatus }> {
    if (!(REPORT_CATEGORIES as readonly string[]).includes(input.category))
      throw badRequest('LG_VALIDATION', `A category is one of ${REPORT_CATEGORIES.join(', ')}.`, { field: 'category' });
    const message = input.message.trim();
    if (message.length < 5)
      throw badRequest('LG_VALIDATION', 'Say in a few words what is wrong.', { field: 'message' });
    if (message.length > 2000)
      throw badRequest('LG_VALIDATION', 'A message has at most 2000 characters.', { field: 'message' });
    const resource = await this.catalogue.get(resourceId, { actor });
    if (!resource || resource.status !== 'published') throw notFound('Resource', resourceId);
    const now = nowIso();
    if (actor) {
      const since = new Date(Date.parse(now) - 3_600_000).toISOString();
      if ((await repo.recentReportsBy(this.db, actor.userId, since)) >= REPORTS_PER_HOUR)
        throw new AppError('LG_TOO_MANY_REPORTS', 429, 'Too many reports in an hour; try again later.');
    }
    const id = newId();
    await repo.insertReport(this.db, {
      id,
      resource_id: resourceId,
      reporter_id: actor?.userId ?? null,
      category: input.category,
      message,
      status: 'open',
      created_at: now,
      handled_by: null,
      handled_at: null,
      handled_note: null,
    });
    return { id, status: 'open' };
  }

  /** A curator or the owning institution's editor resolves or dismisses a report, with a note. */
  async handleReport(
    actor: Actor,
    reportId: string,
    input: { status: ReportStatus; note?: string | null },
  ): Promise<ReportItem> {
    const row = await repo.report(this.db, reportId);
    if (!row) throw notFound('Report', reportId);
    if (!canEditResource(actor, { organisationId: row.organisation_id, createdBy: null }))
      throw forbidden('Only curators and the owning institution’s editors handle a report.');
    const note = input.note?.trim() || null;
    if (note && note.length > 1000)
      throw badRequest('LG_VALIDATION', 'A note has at most 1000 characters.', { field: 'note' });
    if (input.status === 'dismissed' && !note)
      throw badRequest('LG_VALIDATION', 'Say why the report is dismissed.', { field: 'note' });
    const reopen = input.status === 'open';
    await this.db.transaction().execute(async (trx) => {
      await repo.updateReport(trx, reportId, {
        status: input.status,
        handled_by: reopen ? null : actor.userId,
        handled_at: reopen ? null : nowIso(),
        handled_note: reopen ? null : note,
      });
      await recordAudit(trx, {
        actorId: actor.userId,
        action: `report.${input.status}`,
        target: { type: 'report', id: reportId },
        detail: { resourceId: row.resource_id, note },
      });
    });
    const { rows } = await repo.reports(this.db, null, { sourceId: null, status: null, reportId, limit: 1, offset: 0 });
    return reportOf(rows[0]!);
  }

  /**
   * Keeps what the suggester offers for these resources (called with every batch of records the
   * automatic checks see: on import, harvest, edit and on schedule), replacing what was kept for
   * them; records no longer published keep none. Decisions stay: a decided suggestion is not listed.
   */
  async keepSuggestions(ids: string[], published: ResourceView[]): Promise<number> {
    const now = nowIso();
    const rows = this.catalogue.suggestObjectives(published).map((s) => ({
      resource_id: s.resourceId,
      objective_id: s.objectiveId,
      score: s.score,
      matched_words: JSON.stringify(s.matchedWords),
      suggested_at: now,
    }));
    await repo.replaceSuggestions(this.db, ids, rows);
    return rows.length;
  }
}
