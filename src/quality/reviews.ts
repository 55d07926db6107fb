import type { Kysely } from 'kysely';
import { curates, type Actor } from '../accounts/model.ts';
import { recordAudit } from '../admin/audit.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { ResourceView } from '../catalogue/view.ts';
import type { Database } from '../db/schema.ts';
import { AppError, badRequest, forbidden, notFound } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { LessonService } from '../lessons/service.ts';
import { qualityRepository as repo, type ReviewRow } from './repository.ts';
import { RUBRIC, RUBRIC_DIMENSIONS, type RubricDimensionKey } from './rubric.ts';
import { judgedLessonVersion, latestLessonVersion } from './versions.ts';

/** A score on one dimension of the rubric: 0 to 3, or null for "not applicable", always with a reason. */
export interface DimensionScore {
  dimension: RubricDimensionKey;
  score: number | null;
  reason: string;
}

export interface ReviewInput {
  scores: { dimension: string; score: number | null; reason: string }[];
  summary?: string | null;
  /** The published lesson version judged (lessons only; the latest when left out). */
  lessonVersion?: number | null;
}

/** A review as shown: who wrote it, against which rubric, of which version. */
export interface ReviewView {
  id: string;
  reviewer: { name: string };
  rubric: { id: string; version: number };
  judged: { lessonVersion: number | null; recordModifiedAt: string; current: boolean };
  scores: DimensionScore[];
  summary: string | null;
  status: 'published' | 'hidden';
  hiddenReason: string | null;
  createdAt: string;
  updatedAt: string;
  /** Whether the signed-in person wrote it. */
  mine: boolean;
}

const parseScores = (json: string): DimensionScore[] => {
  try {
    return JSON.parse(json) as DimensionScore[];
  } catch {
    return [];
  }
};

/**
 * Reviews against the published rubric. Curators and admins review, and teachers whom a curator
 * trusts; a review names its reviewer, the rubric version and the version it judged (a lesson's
 * published version, or the record as it was modified). A reviewer's second review of the same
 * version replaces the first; a review of an older version stays and says so.
 */
export class ReviewService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalogue: CatalogueService,
    private readonly lessons: LessonService,
  ) {}

  /** Whether this person may write reviews. */
  async mayReview(actor: Actor | null): Promise<boolean> {
    if (!actor) return false;
    return curates(actor) || (await repo.isTrusted(this.db, actor.userId));
  }

  /** The reviews of a resource, newest first; curators also see those they hid. */
  async list(resource: ResourceView, actor: Actor | null): Promise<ReviewView[]> {
    const rows = await repo.reviews(this.db, resource.id, curates(actor));
    const latest = await latestLessonVersion(this.lessons, resource);
    return rows.map((r) => this.view(r, r.reviewer_name, resource, latest, actor));
  }

  async write(actor: Actor, resourceId: string, input: ReviewInput): Promise<ReviewView> {
    if (!(await this.mayReview(actor)))
      throw forbidden('Reviews are written by curators and by teachers whom a curator trusts.');
    const scores = validScores(input.scores);
    const summary = input.summary?.trim() || null;
    if (summary && summary.length > 4000)
      throw badRequest('LG_VALIDATION', 'A summary has at most 4000 characters.', { field: 'summary' });
    const resource = await this.catalogue.get(resourceId, { actor });
    if (!resource) throw notFound('Resource', resourceId);
    if (resource.status !== 'published')
      throw new AppError('LG_NOT_PUBLISHED', 409, 'Only published resources are reviewed.');
    const lessonVersion = await judgedLessonVersion(
      this.lessons,
      actor,
      resource,
      input.lessonVersion,
      'LG_REVIEW_VERSION',
    );
    const now = nowIso();
    const own = await repo.ownReview(this.db, resourceId, actor.userId, lessonVersion, resource.updatedAt);
    let id: string;
    if (own) {
      id = own.id;
      await repo.updateReview(this.db, id, {
        scores: JSON.stringify(scores),
        summary,
        rubric_id: RUBRIC.id,
        rubric_version: RUBRIC.version,
        updated_at: now,
        // A changed review waits for a curator's look again.
        moderated_by: null,
        moderated_at: null,
      });
    } else {
      id = newId();
      await repo.insertReview(this.db, {
        id,
        resource_id: resourceId,
        reviewer_id: actor.userId,
        rubric_id: RUBRIC.id,
        rubric_version: RUBRIC.version,
        lesson_version: lessonVersion,
        record_modified_at: resource.updatedAt,
        scores: JSON.stringify(scores),
        summary,
        status: 'published',
        hidden_reason: null,
        moderated_by: null,
        moderated_at: null,
        created_at: now,
        updated_at: now,
      });
    }
    const view = (await this.list(resource, actor)).find((r) => r.id === id);
    return view!;
  }

  /**
   * Curators hide a review with a reason (moderation) or show it again; the reviewer and curators
   * delete it.
   */
  async moderate(
    actor: Actor,
    resourceId: string,
    reviewId: string,
    input: { hidden: boolean; reason?: string | null },
  ) {
    if (!curates(actor)) throw forbidden('Only curators moderate reviews.');
    const row = await this.own(resourceId, reviewId);
    const reason = input.reason?.trim() || null;
    if (input.hidden && !reason)
      throw badRequest('LG_VALIDATION', 'Say why the review is hidden.', { field: 'reason' });
    if (reason && reason.length > 1000)
      throw badRequest('LG_VALIDATION', 'A reason has at most 1000 characters.', { field: 'reason' });
    await this.db.transaction().execute(async (trx) => {
      await repo.updateReview(trx, row.id, {
        status: input.hidden ? 'hidden' : 'published',
        hidden_reason: input.hidden ? reason : null,
        moderated_by: actor.userId,
        moderated_at: nowIso(),
      });
      await recordAudit(trx, {
        actorId: actor.userId,
        action: input.hidden ? 'review.hide' : 'review.show',
        target: { type: 'review', id: row.id },
        detail: { resourceId, reason },
      });
    });
  }

  async remove(actor: Actor, resourceId: string, reviewId: string): Promise<void> {
    const row = await this.own(resourceId, reviewId);
    if (row.reviewer_id !== actor.userId && !curates(actor))
      throw forbidden('A review is deleted by its reviewer or by a curator.');
    await repo.deleteReview(this.db, row.id);
  }

  /** The teachers whom curators trust to review. */
  async trusted(actor: Actor): Promise<{ userId: string; name: string; grantedAt: string }[]> {
    if (!curates(actor)) throw forbidden('Only curators see who is trusted to review.');
    return (await repo.trusted(this.db)).map((t) => ({ userId: t.user_id, name: t.name, grantedAt: t.granted_at }));
  }

  /** A curator trusts a teacher to review (or takes the trust back), written to the audit log. */
  async setTrust(actor: Actor, userId: string, trusted: boolean): Promise<void> {
    if (!curates(actor)) throw forbidden('Only curators decide who is trusted to review.');
    const user = await repo.user(this.db, userId);
    if (!user) throw notFound('User', userId);
    if (trusted && user.disabled)
      throw new AppError('LG_REVIEWER_DISABLED', 409, 'A disabled account cannot be trusted to review.');
    await this.db.transaction().execute(async (trx) => {
      if (trusted) await repo.trust(trx, { user_id: userId, granted_by: actor.userId, granted_at: nowIso() });
      else if (!(await repo.distrust(trx, userId))) throw notFound('Trusted reviewer', userId);
      await recordAudit(trx, {
        actorId: actor.userId,
        action: trusted ? 'reviewer.trust' : 'reviewer.distrust',
        target: { type: 'user', id: userId },
        detail: {},
      });
    });
  }

  private async own(resourceId: string, reviewId: string): Promise<ReviewRow> {
    const row = await repo.review(this.db, reviewId);
    if (!row || row.resource_id !== resourceId) throw notFound('Review', reviewId);
    return row;
  }

  private view(
    r: ReviewRow,
    name: string,
    resource: ResourceView,
    latest: number | null,
    actor: Actor | null,
  ): ReviewView {
    return {
      id: r.id,
      reviewer: { name },
      rubric: { id: r.rubric_id, version: Number(r.rubric_version) },
      judged: {
        lessonVersion: r.lesson_version === null ? null : Number(r.lesson_version),
        recordModifiedAt: r.record_modified_at,
        current:
          resource.kind === 'lesson'
            ? Number(r.lesson_version) === latest
            : r.record_modified_at === resource.updatedAt,
      },
      scores: parseScores(r.scores),
      summary: r.summary,
      status: r.status === 'hidden' ? 'hidden' : 'published',
      hiddenReason: r.hidden_reason,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      mine: actor?.userId === r.reviewer_id,
    };
  }
}

/** Every dimension of the rubric once, each with a score of 0–3 (or null) and a reason. */
function validScores(scores: ReviewInput['scores']): DimensionScore[] {
  const seen = new Map<string, DimensionScore>();
  for (const [i, s] of scores.entries()) {
    if (!(RUBRIC_DIMENSIONS as readonly string[]).includes(s.dimension))
      throw badRequest('LG_REVIEW_DIMENSION', `"${s.dimension}" is not a dimension of the rubric.`, {
        field: `scores/${i}/dimension`,
      });
    if (seen.has(s.dimension))
      throw badRequest('LG_REVIEW_DIMENSION', `"${s.dimension}" is scored twice.`, { field: `scores/${i}/dimension` });
    if (s.score !== null && (!Number.isInteger(s.score) || s.score < 0 || s.score > 3))
      throw badRequest('LG_REVIEW_SCORE', 'A score is a whole number from 0 to 3, or null for not applicable.', {
        field: `scores/${i}/score`,
      });
    const reason = s.reason.trim();
    if (reason.length < 3)
      throw badRequest('LG_REVIEW_REASON', `Give a reason for the score on "${s.dimension}".`, {
        field: `scores/${i}/reason`,
      });
    seen.set(s.dimension, { dimension: s.dimension as RubricDimensionKey, score: s.score, reason });
  }
  const missing = RUBRIC_DIMENSIONS.filter((d) => !seen.has(d));
  if (missing.length)
    throw badRequest('LG_REVIEW_DIMENSION', `Score every dimension of the rubric; missing: ${missing.join(', ')}.`, {
      field: 'scores',
      missing,
    });
  return RUBRIC_DIMENSIONS.map((d) => seen.get(d)!);
}
