import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/model.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { ResourceView } from '../catalogue/view.ts';
import type { Database } from '../db/schema.ts';
import { settings } from '../db/settings.ts';
import { AppError, badRequest, notFound } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import { CHECK_KINDS, checkRecord, completeness, type CheckStatus, type Completeness } from './model.ts';
import { BROKEN_AFTER_MS, lookAtLinks, linkStatus, type LinkOutcome } from './links.ts';
import { qualityRepository as repo } from './repository.ts';
import type { FetchLimits } from '../kernel/fetch.ts';
import type { AwardView, MarkService, MarkView } from './marks.ts';
import type { ReviewService, ReviewView } from './reviews.ts';

/** Where the scheduled checks stand: the `updated_at` and id of the last resource they saw. */
const CURSOR = 'quality.checked-through';

/** What is known of a resource's quality: separate facts, never blended into one number. */
export interface QualityView {
  checks: {
    kind: string;
    status: CheckStatus;
    detail: Record<string, unknown>;
    checkedAt: string;
    history: { status: CheckStatus; checkedAt: string }[];
  }[];
  completeness: Completeness;
  reviews: ReviewView[];
  mayReview: boolean;
  /** Quality marks awarded, newest first: valid, expired and withdrawn ones, each saying which. */
  marks: AwardView[];
  /** The marks the signed-in person may award (an issuer's editors). */
  awardableMarks: MarkView[];
  rating: {
    average: number | null;
    count: number;
    /** The signed-in teacher's own rating. */
    mine: { score: number; comment: string | null } | null;
    /** Ratings that carry a comment, newest first, with the teacher's display name (never an address). */
    comments: { name: string; score: number; comment: string; updatedAt: string }[];
  };
}

const parse = (json: string): Record<string, unknown> => {
  try {
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return {};
  }
};

/**
 * Quality judgement of resources: the automatic checks that read the record (completeness and
 * licence, kept as history), and teachers' ratings (1 to 5 with an optional comment, one each).
 */
export class QualityService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalogue: CatalogueService,
    private readonly reviews: ReviewService,
    private readonly marks: MarkService,
    /**
     * Told of every batch of records the checks saw (their ids, and the published ones' views):
     * the curation queue keeps their suggested objectives from the same pass.
     */
    private readonly onChecked: (ids: string[], published: ResourceView[]) => Promise<unknown> = async () => {},
  ) {}

  async quality(id: string, actor: Actor | null): Promise<QualityView> {
    const resource = await this.visible(id, actor);
    const ratings = await repo.ratings(this.db, id);
    const runs = await repo.checks(this.db, id);
    const checks = CHECK_KINDS.flatMap((kind) => {
      const mine = runs.filter((r) => r.kind === kind);
      if (!mine.length) return [];
      return [
        {
          kind,
          status: mine[0]!.status as CheckStatus,
          detail: parse(mine[0]!.detail),
          checkedAt: mine[0]!.checked_at,
          history: mine.map((r) => ({ status: r.status as CheckStatus, checkedAt: r.checked_at })),
        },
      ];
    });
    const own = actor ? ratings.find((r) => r.user_id === actor.userId) : undefined;
    return {
      checks,
      completeness: completeness(resource),
      reviews: await this.reviews.list(resource, actor),
      mayReview: await this.reviews.mayReview(actor),
      marks: await this.marks.awards(resource, actor),
      awardableMarks: await this.marks.awardable(actor),
      rating: {
        average: ratings.length
          ? Math.round((ratings.reduce((sum, r) => sum + Number(r.score), 0) / ratings.length) * 10) / 10
          : null,
        count: ratings.length,
        mine: own ? { score: Number(own.score), comment: own.comment } : null,
        comments: ratings
          .filter((r) => r.comment)
          .map((r) => ({ name: r.name, score: Number(r.score), comment: r.comment!, updatedAt: r.updated_at })),
      },
    };
  }

  /** A teacher rates a published resource (again: the new rating replaces theirs). */
  async rate(actor: Actor, id: string, input: { score: number; comment?: string | null }): Promise<QualityView> {
    if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5)
      throw badRequest('LG_RATING_SCORE', 'A rating is a whole number from 1 to 5.', { field: 'score' });
    const comment = input.comment?.trim() || null;
    if (comment && comment.length > 2000)
      throw badRequest('LG_VALIDATION', 'A comment has at most 2000 characters.', { field: 'comment' });
    const resource = await this.visible(id, actor);
    if (resource.status !== 'published')
      throw new AppError('LG_NOT_PUBLISHED', 409, 'Only published resources are rated.');
    await repo.upsertRating(this.db, {
      resource_id: id,
      user_id: actor.userId,
      score: input.score,
      comment,
      now: nowIso(),
    });
    return this.quality(id, actor);
  }

  async unrate(actor: Actor, id: string): Promise<void> {
    await this.visible(id, actor);
    if (!(await repo.deleteRating(this.db, id, actor.userId))) throw notFound('Rating', id);
  }

  /**
   * Runs the automatic checks that read the record, on one resource or on every published one
   * (in batches), and adds their findings to each resource's history.
   */
  async check(
    resourceId: string | null,
    onProgress?: (done: number) => void,
  ): Promise<{ checked: number; failed: number; warnings: number }> {
    const totals = { checked: 0, failed: 0, warnings: 0 };
    const run = async (ids: string[]) => {
      const found = await this.checkMany(ids);
      totals.checked += found.checked;
      totals.failed += found.failed;
      totals.warnings += found.warnings;
      onProgress?.(totals.checked);
    };
    if (resourceId) {
      if (!(await this.catalogue.get(resourceId))) throw notFound('Resource', resourceId);
      await run([resourceId]);
      return totals;
    }
    let after = '';
    for (;;) {
      const ids = await repo.publishedIdsAfter(this.db, after, 500);
      if (!ids.length) break;
      await run(ids);
      after = ids[ids.length - 1]!;
    }
    return totals;
  }

  /** Checks the published ones of these resources and adds the findings to their history. */
  private async checkMany(ids: string[]): Promise<{ checked: number; failed: number; warnings: number }> {
    const totals = { checked: 0, failed: 0, warnings: 0 };
    const published = [...(await this.catalogue.getMany(ids, null)).values()].filter((v) => v.status === 'published');
    const now = nowIso();
    const rows = published.flatMap((v) =>
      checkRecord(v).map((f) => {
        if (f.status === 'failed') totals.failed++;
        if (f.status === 'warning') totals.warnings++;
        return {
          id: newId(),
          resource_id: v.id,
          kind: f.kind,
          status: f.status,
          detail: JSON.stringify(f.detail),
          checked_at: now,
        };
      }),
    );
    await repo.insertChecks(this.db, rows);
    await this.onChecked(ids, published);
    totals.checked = new Set(rows.map((r) => r.resource_id)).size;
    return totals;
  }

  /**
   * The scheduled pass: checks the next `limit` resources that changed (were imported, harvested
   * or edited) since the last pass, following a cursor kept in the store's settings. The worker
   * runs it on its tick, so a harvested record is checked within minutes.
   */
  async checkChanged(limit = 500): Promise<{ seen: number; checked: number }> {
    const stored = await settings.read(this.db, CURSOR);
    const [at = '', id = ''] = stored ? (JSON.parse(stored) as [string, string]) : [];
    const changed = await repo.changedAfter(this.db, { at, id }, limit);
    if (!changed.length) return { seen: 0, checked: 0 };
    const totals = await this.checkMany(changed.map((c) => c.id));
    const last = changed[changed.length - 1]!;
    await settings.write(this.db, CURSOR, JSON.stringify([last.updated_at, last.id]));
    return { seen: changed.length, checked: totals.checked };
  }

  /**
   * The link check: looks at the links of published resources never or longest ago checked (or of
   * one resource now), politely per host, and adds each finding to the resource's history. A link
   * is broken only when two looks at least two days apart found it gone (404/410) or its host dead.
   */
  async checkLinksDue(
    limit: number,
    options: { resourceId?: string; delayMs?: number; limits?: FetchLimits; now?: string; brokenAfterMs?: number } = {},
  ): Promise<{ checked: number; broken: number; warnings: number }> {
    const now = options.now ?? nowIso();
    const brokenAfterMs = options.brokenAfterMs ?? BROKEN_AFTER_MS;
    // A link is looked at again once a look could confirm what the last one found.
    const before = new Date(Date.parse(now) - Math.max(brokenAfterMs, 60 * 60 * 1000)).toISOString();
    const due = await repo.linksDue(this.db, before, limit, options.resourceId ?? null);
    const looks = await lookAtLinks(
      due.map((d) => d.url!),
      { delayMs: options.delayMs, limits: options.limits },
    );
    const totals = { checked: 0, broken: 0, warnings: 0 };
    const rows = [];
    for (const { id, url } of due) {
      const look = looks.get(url!);
      if (!look) continue;
      const earlier = (await repo.checks(this.db, id, 20, 'link')).map((r) => ({
        status: r.status as CheckStatus,
        outcome: (parse(r.detail).outcome as LinkOutcome | undefined) ?? 'unsure',
        checkedAt: r.checked_at,
      }));
      const { status, firstFailedAt } = linkStatus(look, now, earlier, brokenAfterMs);
      totals.checked++;
      if (status === 'failed') totals.broken++;
      if (status === 'warning') totals.warnings++;
      rows.push({
        id: newId(),
        resource_id: id,
        kind: 'link',
        status,
        detail: JSON.stringify({
          url: look.url,
          outcome: look.outcome,
          httpStatus: look.status,
          finalUrl: look.finalUrl,
          redirects: look.redirects,
          method: look.method,
          message: look.message,
          firstFailedAt,
        }),
        checked_at: now,
      });
    }
    await repo.insertChecks(this.db, rows);
    return totals;
  }

  private async visible(id: string, actor: Actor | null): Promise<ResourceView> {
    const resource = await this.catalogue.get(id, { actor });
    if (!resource) throw notFound('Resource', id);
    return resource;
  }
}
