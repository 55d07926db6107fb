import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/model.ts';
import { recordAudit } from '../admin/audit.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { ResourceView } from '../catalogue/view.ts';
import type { Database } from '../db/schema.ts';
import { AppError, badRequest, forbidden, notFound } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { LessonService } from '../lessons/service.ts';
import { markRepository as repo } from './repository.ts';
import { judgedLessonVersion, latestLessonVersion } from './versions.ts';

/** A quality mark as shown: its issuer, what it stands for, how long an award lasts. */
export interface MarkView {
  id: string;
  name: string;
  issuer: { id: string; name: string };
  criteriaUrl: string;
  validityMonths: number;
  /** Where its logo is served, or null without one. */
  logoUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A mark awarded to a resource (or one published lesson version). */
export interface AwardView {
  id: string;
  mark: MarkView;
  /** The lesson version awarded (lessons only). */
  lessonVersion: number | null;
  /** Whether the award is of what is published now (a newer lesson version does not inherit it). */
  current: boolean;
  awardedAt: string;
  expiresAt: string;
  /** `valid`, `expired` (past `expiresAt`) or `withdrawn` (with the issuer's reason). */
  status: 'valid' | 'expired' | 'withdrawn';
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  /** Whether the signed-in person may withdraw it (an editor of the issuer). */
  mayWithdraw: boolean;
}

export interface MarkInput {
  organisationId: string;
  name: string;
  criteriaUrl: string;
  validityMonths: number;
  /** Base64 of a PNG, JPEG or WebP picture of at most 100 kB; null removes it. */
  logo?: string | null;
}

/** A logo's largest size in bytes. */
export const LOGO_MAX_BYTES = 100_000;

type MarkRow = NonNullable<Awaited<ReturnType<typeof repo.mark>>>;

/** The picture type of a logo, read from its bytes (never from what the sender says it is). */
export function logoType(bytes: Buffer): 'image/png' | 'image/jpeg' | 'image/webp' | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'image/webp';
  return null;
}

/** The moment `months` after `iso`. */
export function addMonths(iso: string, months: number): string {
  const at = new Date(iso);
  const day = at.getUTCDate();
  at.setUTCDate(1);
  at.setUTCMonth(at.getUTCMonth() + months);
  const last = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 0)).getUTCDate();
  at.setUTCDate(Math.min(day, last));
  return at.toISOString();
}

const decodeLogo = (logo: string): { type: string; data: string } => {
  const clean = logo.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  const bytes = /^[A-Za-z0-9+/]*={0,2}$/.test(clean) ? Buffer.from(clean, 'base64') : Buffer.alloc(0);
  if (bytes.length > LOGO_MAX_BYTES)
    throw badRequest('LG_MARK_LOGO', `A logo is at most ${LOGO_MAX_BYTES / 1000} kB.`, { field: 'logo' });
  const type = bytes.length ? logoType(bytes) : null;
  if (!type) throw badRequest('LG_MARK_LOGO', 'A logo is a PNG, JPEG or WebP picture, in base64.', { field: 'logo' });
  return { type, data: bytes.toString('base64') };
};

const validUrl = (value: string): string => {
  let url: URL | null = null;
  try {
    url = new URL(value.trim());
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password)
    throw badRequest('LG_VALIDATION', 'The criteria are a web address (http or https).', { field: 'criteriaUrl' });
  return url.toString();
};

/**
 * Quality marks (keurmerken): an organisation that an admin lets issue marks defines them; its
 * editors award them to published resources or to one published lesson version, for the mark's
 * validity period, and withdraw them with a reason. A new lesson version does not inherit a mark.
 */
export class MarkService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalogue: CatalogueService,
    private readonly lessons: LessonService,
  ) {}

  /** Whether this person acts for the organisation as an issuer's editor (or is an admin). */
  private actsFor(actor: Actor | null, organisationId: string): boolean {
    if (!actor) return false;
    if (actor.role === 'admin') return true;
    return (
      (actor.role === 'institution_editor' || actor.role === 'curator') &&
      actor.organisationIds.includes(organisationId)
    );
  }

  async marks(): Promise<MarkView[]> {
    return (await repo.marks(this.db)).map(markView);
  }

  async issuers(): Promise<{ id: string; name: string }[]> {
    return repo.issuers(this.db);
  }

  /** The marks this person may award. */
  async awardable(actor: Actor | null): Promise<MarkView[]> {
    if (!actor || actor.role === 'teacher') return [];
    const rows = await repo.marks(this.db, actor.role === 'admin' ? undefined : actor.organisationIds, true);
    return rows.map(markView);
  }

  async logo(id: string): Promise<{ type: string; bytes: Buffer }> {
    const row = await repo.logo(this.db, id);
    if (!row?.logo || !row.logo_type) throw notFound('Logo of mark', id);
    return { type: row.logo_type, bytes: Buffer.from(row.logo, 'base64') };
  }

  /** An admin lets an organisation issue marks, or stops it (written to the audit log). */
  async setIssuer(actor: Actor, organisationId: string, issues: boolean): Promise<void> {
    if (actor.role !== 'admin') throw forbidden('Only admins decide which organisations issue quality marks.');
    if (!(await repo.organisation(this.db, organisationId))) throw notFound('Organisation', organisationId);
    await this.db.transaction().execute(async (trx) => {
      await repo.setIssuer(trx, organisationId, issues);
      await recordAudit(trx, {
        actorId: actor.userId,
        action: issues ? 'organisation.issuer.grant' : 'organisation.issuer.revoke',
        target: { type: 'organisation', id: organisationId },
        detail: {},
      });
    });
  }

  /** An issuer's editor defines a mark for their organisation. */
  async define(actor: Actor, input: MarkInput): Promise<MarkView> {
    await this.issuerFor(actor, input.organisationId);
    const name = this.name(input.name);
    if (await repo.sameName(this.db, input.organisationId, name, null))
      throw new AppError('LG_MARK_NAME_TAKEN', 409, `This organisation already has a mark named "${name}".`);
    const logo = input.logo ? decodeLogo(input.logo) : null;
    const now = nowIso();
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      await repo.insertMark(trx, {
        id,
        organisation_id: input.organisationId,
        name,
        criteria_url: validUrl(input.criteriaUrl),
        validity_months: validMonths(input.validityMonths),
        logo_type: logo?.type ?? null,
        logo: logo?.data ?? null,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      });
      await recordAudit(trx, {
        actorId: actor.userId,
        action: 'mark.define',
        target: { type: 'quality_mark', id },
        detail: { organisationId: input.organisationId, name },
      });
    });
    return markView((await repo.mark(this.db, id))!);
  }

  /** An issuer's editor changes a mark: awards made stay as they were given. */
  async update(actor: Actor, id: string, input: Partial<Omit<MarkInput, 'organisationId'>>): Promise<MarkView> {
    const mark = await repo.mark(this.db, id);
    if (!mark) throw notFound('Mark', id);
    await this.issuerFor(actor, mark.organisation_id);
    const patch: Parameters<typeof repo.updateMark>[2] = { updated_at: nowIso() };
    if (input.name !== undefined) {
      patch.name = this.name(input.name);
      if (await repo.sameName(this.db, mark.organisation_id, patch.name, id))
        throw new AppError('LG_MARK_NAME_TAKEN', 409, `This organisation already has a mark named "${patch.name}".`);
    }
    if (input.criteriaUrl !== undefined) patch.criteria_url = validUrl(input.criteriaUrl);
    if (input.validityMonths !== undefined) patch.validity_months = validMonths(input.validityMonths);
    if (input.logo !== undefined) {
      const logo = input.logo ? decodeLogo(input.logo) : null;
      patch.logo_type = logo?.type ?? null;
      patch.logo = logo?.data ?? null;
    }
    await this.db.transaction().execute(async (trx) => {
      await repo.updateMark(trx, id, patch);
      await recordAudit(trx, {
        actorId: actor.userId,
        action: 'mark.update',
        target: { type: 'quality_mark', id },
        detail: { fields: Object.keys(input) },
      });
    });
    return markView((await repo.mark(this.db, id))!);
  }

  /** A resource's awards, newest first. */
  async awards(resource: ResourceView, actor: Actor | null): Promise<AwardView[]> {
    const rows = await repo.awards(this.db, resource.id);
    if (!rows.length) return [];
    const latest = await latestLessonVersion(this.lessons, resource);
    const now = nowIso();
    return rows.map((r) => ({
      id: r.award_id,
      mark: markView(r),
      lessonVersion: r.lesson_version === null ? null : Number(r.lesson_version),
      current: resource.kind === 'lesson' ? Number(r.lesson_version) === latest : true,
      awardedAt: r.awarded_at,
      expiresAt: r.expires_at,
      status: r.withdrawn_at ? 'withdrawn' : r.expires_at <= now ? 'expired' : 'valid',
      withdrawnAt: r.withdrawn_at,
      withdrawnReason: r.withdrawn_reason,
      mayWithdraw: !r.withdrawn_at && this.actsFor(actor, r.organisation_id),
    }));
  }

  /** An issuer's editor awards one of its marks to a published resource or lesson version. */
  async award(actor: Actor, resourceId: string, input: { markId: string; lessonVersion?: number | null }) {
    const mark = await repo.mark(this.db, input.markId);
    if (!mark) throw notFound('Mark', input.markId);
    await this.issuerFor(actor, mark.organisation_id);
    const resource = await this.catalogue.get(resourceId, { actor });
    if (!resource) throw notFound('Resource', resourceId);
    if (resource.status !== 'published')
      throw new AppError('LG_NOT_PUBLISHED', 409, 'Only published resources are awarded a mark.');
    const lessonVersion = await judgedLessonVersion(
      this.lessons,
      actor,
      resource,
      input.lessonVersion,
      'LG_MARK_VERSION',
    );
    const now = nowIso();
    if (await repo.standingAward(this.db, mark.id, resourceId, lessonVersion, now))
      throw new AppError('LG_MARK_AWARDED', 409, `"${mark.name}" is already awarded to this and has not expired.`);
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      await repo.insertAward(trx, {
        id,
        mark_id: mark.id,
        resource_id: resourceId,
        lesson_version: lessonVersion,
        awarded_by: actor.userId,
        awarded_at: now,
        expires_at: addMonths(now, Number(mark.validity_months)),
        withdrawn_at: null,
        withdrawn_by: null,
        withdrawn_reason: null,
      });
      await recordAudit(trx, {
        actorId: actor.userId,
        action: 'mark.award',
        target: { type: 'resource', id: resourceId },
        detail: { markId: mark.id, awardId: id, lessonVersion },
      });
    });
    return (await this.awards(resource, actor)).find((a) => a.id === id)!;
  }

  /** An issuer's editor withdraws an award, saying why; the award stays on record as withdrawn. */
  async withdraw(actor: Actor, resourceId: string, awardId: string, reason: string | null | undefined) {
    const award = await repo.award(this.db, awardId);
    if (!award || award.resource_id !== resourceId) throw notFound('Award', awardId);
    const mark = (await repo.mark(this.db, award.mark_id))!;
    if (!this.actsFor(actor, mark.organisation_id)) throw forbidden("Only the issuer's editors withdraw its marks.");
    if (award.withdrawn_at) throw new AppError('LG_MARK_WITHDRAWN', 409, 'This award is already withdrawn.');
    const why = reason?.trim() ?? '';
    if (!why) throw badRequest('LG_VALIDATION', 'Say why the mark is withdrawn.', { field: 'reason' });
    await this.db.transaction().execute(async (trx) => {
      await repo.withdraw(trx, awardId, actor.userId, why, nowIso());
      await recordAudit(trx, {
        actorId: actor.userId,
        action: 'mark.withdraw',
        target: { type: 'resource', id: resourceId },
        detail: { markId: mark.id, awardId, reason: why },
      });
    });
  }

  /** Checks that the person acts for the organisation and that it issues marks. */
  private async issuerFor(actor: Actor, organisationId: string): Promise<void> {
    const organisation = await repo.organisation(this.db, organisationId);
    if (!organisation) throw notFound('Organisation', organisationId);
    if (!this.actsFor(actor, organisationId))
      throw forbidden("Only the organisation's editors define and award its marks.");
    if (!Number(organisation.issues_marks))
      throw new AppError(
        'LG_NOT_ISSUER',
        409,
        `${organisation.name} does not issue quality marks; an admin decides who does.`,
      );
  }

  private name(value: string): string {
    const name = value.trim().replace(/\s+/g, ' ');
    if (name.length < 2 || name.length > 100)
      throw badRequest('LG_VALIDATION', 'A mark has a name of 2 to 100 characters.', { field: 'name' });
    return name;
  }
}

const validMonths = (months: number): number => {
  if (!Number.isInteger(months) || months < 1 || months > 120)
    throw badRequest('LG_VALIDATION', 'A mark is valid for 1 to 120 months.', { field: 'validityMonths' });
  return months;
};

function markView(r: MarkRow): MarkView {
  return {
    id: r.id,
    name: r.name,
    issuer: { id: r.organisation_id, name: r.issuer_name },
    criteriaUrl: r.criteria_url,
    validityMonths: Number(r.validity_months),
    logoUrl: r.logo_type ? `/api/v1/quality/marks/${encodeURIComponent(r.id)}/logo` : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
