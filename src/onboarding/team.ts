import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { MEMBER_ROLES, type Actor, type MemberRole } from '../accounts/model.ts';
import { tokenHash } from '../accounts/passwords.ts';
import { EMAIL, type AccountsService } from '../accounts/service.ts';
import { recordAudit } from '../admin/audit.ts';
import type { Database } from '../db/schema.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { AppError, badRequest, forbidden, notFound } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { Mailer } from '../mail/mailer.ts';
import { ONBOARDING_MAIL_JOB, decisionMail, invitationMail, mailLang, type OnboardingMailPayload } from './mail.ts';
import { setMembership } from './memberships.ts';
import { INVITATION_DAYS, MAX_OPEN_INVITATIONS, canManageTeam, type InvitationOffer, type TeamView } from './model.ts';
import { onboardingRepository as repo } from './repository.ts';

const invalidInvitation = () =>
  new AppError('LG_TOKEN_INVALID', 400, 'This invitation does not work any more: it was used, withdrawn or expired.');
const mailUnavailable = () =>
  new AppError('LG_MAIL_UNAVAILABLE', 503, 'This platform sends no mail (no SMTP server is configured).');

/**
 * An organisation's team, managed by its own editors: who belongs to it and as what, invitations
 * by mail (the token made when the mail is sent, only its hash kept), and accepting them, with an
 * account that exists or with a new one (the mailed link proves the address).
 */
export class TeamService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly accounts: AccountsService,
    private readonly jobs: JobQueue,
    private readonly mailer: Mailer | null,
    private readonly publicUrl: string,
  ) {}

  async team(actor: Actor, organisationId: string): Promise<TeamView> {
    const organisation = await this.managed(actor, organisationId);
    const members = await repo.members(this.db, organisationId);
    const invitations = await repo.openInvitations(this.db, organisationId, nowIso());
    return {
      organisation,
      members: members.map((m) => ({ userId: m.id, name: m.name, role: m.role as MemberRole, since: m.created_at })),
      invitations: invitations.map((i) => ({
        id: i.id,
        email: i.email,
        role: i.role as MemberRole,
        invitedBy: i.inviter_name,
        createdAt: i.created_at,
        expiresAt: i.expires_at,
      })),
    };
  }

  /** Invites an address (again: an earlier open invitation of it stops working) and mails the link. */
  async invite(
    actor: Actor,
    organisationId: string,
    input: { email: string; role: string; lang: 'nl' | 'en' },
  ): Promise<TeamView> {
    const organisation = await this.managed(actor, organisationId);
    if (!this.mailer) throw mailUnavailable();
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email) || email.length > 320)
      throw badRequest('LG_BAD_EMAIL', `"${input.email}" is not an e-mail address.`, { field: 'email' });
    if (!MEMBER_ROLES.includes(input.role as MemberRole))
      throw badRequest('LG_BAD_ROLE', `Role must be one of ${MEMBER_ROLES.join(', ')}.`, { field: 'role' });
    const now = new Date();
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      const existing = await repo.userIdByEmail(trx, email);
      if (existing && (await repo.membership(trx, organisationId, existing)))
        throw new AppError(
          'LG_ALREADY_MEMBER',
          409,
          'This address belongs to a member already; change their role instead.',
          {
            field: 'email',
          },
        );
      await repo.revokeOpenInvitations(trx, organisationId, email, now.toISOString());
      if ((await repo.countOpenInvitations(trx, organisationId, now.toISOString())) >= MAX_OPEN_INVITATIONS)
        throw new AppError(
          'LG_TOO_MANY_INVITATIONS',
          409,
          `An organisation has at most ${MAX_OPEN_INVITATIONS} open invitations.`,
        );
      await repo.insertInvitation(trx, {
        id,
        organisation_id: organisationId,
        email,
        role: input.role,
        lang: input.lang,
        invited_by: actor.userId,
        token_hash: null,
        expires_at: new Date(now.getTime() + INVITATION_DAYS * 86400_000).toISOString(),
        accepted_at: null,
        accepted_by: null,
        revoked_at: null,
        created_at: now.toISOString(),
      });
      await recordAudit(trx, {
        actorId: actor.userId,
        action: 'invitation.create',
        target: { type: 'organisation', id: organisationId },
        detail: { organisation: organisation.name, invitation: id, email, role: input.role },
      });
    });
    await this.jobs.enqueue({
      type: ONBOARDING_MAIL_JOB,
      payload: { kind: 'invitation', invitationId: id } satisfies OnboardingMailPayload,
      maxAttempts: 8,
    });
    return this.team(actor, organisationId);
  }

  async revoke(actor: Actor, organisationId: string, invitationId: string): Promise<void> {
    const organisation = await this.managed(actor, organisationId);
    const invitation = await repo.invitation(this.db, invitationId);
    if (!invitation || invitation.organisation_id !== organisationId) throw notFound('Invitation', invitationId);
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.revokeInvitation(trx, invitationId, nowIso())))
        throw new AppError('LG_TOKEN_INVALID', 400, 'This invitation was used or withdrawn already.');
      await recordAudit(trx, {
        actorId: actor.userId,
        action: 'invitation.revoke',
        target: { type: 'organisation', id: organisationId },
        detail: { organisation: organisation.name, invitation: invitationId, email: invitation.email },
      });
    });
  }

  /** Gives a member another role in the organisation, or (null) takes them out of it. */
  async setRole(actor: Actor, organisationId: string, userId: string, role: MemberRole | null): Promise<void> {
    await this.managed(actor, organisationId);
    if (role !== null && !MEMBER_ROLES.includes(role))
      throw badRequest('LG_BAD_ROLE', `Role must be one of ${MEMBER_ROLES.join(', ')}.`, { field: 'role' });
    await this.db.transaction().execute(async (trx) => {
      const current = await repo.membership(trx, organisationId, userId);
      if (!current) throw notFound('Member', userId);
      if (current.role === 'editor' && role !== 'editor' && (await repo.countEditors(trx, organisationId)) <= 1)
        throw new AppError(
          'LG_LAST_EDITOR',
          409,
          'An organisation keeps at least one editor: make someone else editor first.',
        );
      await setMembership(trx, actor.userId, { userId, organisationId, role });
    });
  }

  /** What an invitation's link offers, before it is accepted. */
  async offer(token: string): Promise<InvitationOffer> {
    const invitation = await this.open(token);
    const organisation = (await repo.organisation(this.db, invitation.organisation_id))!;
    return {
      organisation,
      role: invitation.role as MemberRole,
      email: invitation.email,
      hasAccount: (await repo.userIdByEmail(this.db, invitation.email)) !== null,
    };
  }

  /**
   * Accepts an invitation: for the signed-in person, or with a new account for the invited
   * address (its name and password given here; the mailed link proves the address). Returns the
   * person, whose sessions ended with their rights changing: the caller opens them a new one.
   */
  async accept(
    actor: Actor | null,
    token: string,
    account: { name?: string; password?: string },
  ): Promise<{ userId: string; organisationId: string }> {
    const invitation = await this.open(token);
    let userId = actor?.userId ?? null;
    if (!userId) {
      if (await repo.userIdByEmail(this.db, invitation.email))
        throw new AppError(
          'LG_INVITATION_SIGN_IN',
          409,
          'This address has an account: sign in with it, then accept the invitation.',
        );
      if (!account.name || !account.password)
        throw badRequest('LG_VALIDATION', 'Give your name and a password to make your account.', {
          field: account.name ? 'password' : 'name',
        });
    }
    // Claimed first, so one link makes one account and one membership even when sent twice at once.
    if (!(await repo.claimInvitation(this.db, invitation.id, userId, nowIso()))) throw invalidInvitation();
    try {
      if (!userId) {
        userId = (
          await this.accounts.createUser({
            email: invitation.email,
            name: account.name!,
            password: account.password!,
            role: 'teacher',
          })
        ).id;
        await repo.setAcceptedBy(this.db, invitation.id, userId);
      }
    } catch (e) {
      await repo.releaseInvitation(this.db, invitation.id);
      throw e;
    }
    const acceptor = userId;
    const organisationName = (await repo.organisation(this.db, invitation.organisation_id))?.name ?? null;
    await this.db.transaction().execute(async (trx) => {
      const current = (await repo.membership(trx, invitation.organisation_id, acceptor))?.role;
      // An invitation never lowers: an editor invited as member stays editor.
      const role = current === 'editor' ? 'editor' : (invitation.role as MemberRole);
      await setMembership(
        trx,
        invitation.invited_by,
        { userId: acceptor, organisationId: invitation.organisation_id, role },
        { invitation: invitation.id },
      );
      await recordAudit(trx, {
        actorId: acceptor,
        action: 'invitation.accept',
        target: { type: 'organisation', id: invitation.organisation_id },
        detail: { organisation: organisationName, invitation: invitation.id, email: invitation.email, role },
      });
    });
    return { userId: acceptor, organisationId: invitation.organisation_id };
  }

  /** The job that sends an onboarding mail: the invitation's token is made here, its hash kept. */
  async sendMail(payload: OnboardingMailPayload): Promise<void> {
    if (!this.mailer) throw mailUnavailable();
    if (payload.kind === 'invitation') {
      const invitation = await repo.invitation(this.db, payload.invitationId);
      if (
        !invitation ||
        invitation.accepted_at ||
        invitation.revoked_at ||
        Date.parse(invitation.expires_at) <= Date.now()
      )
        return;
      const token = randomBytes(32).toString('base64url');
      await repo.setInvitationToken(this.db, invitation.id, tokenHash(token));
      const organisation = (await repo.organisation(this.db, invitation.organisation_id))!;
      const inviter = invitation.invited_by ? await repo.user(this.db, invitation.invited_by) : undefined;
      const link = new URL('/uitnodiging', this.publicUrl);
      link.searchParams.set('token', token);
      await this.mailer.send(
        invitationMail(mailLang(invitation.lang), invitation.email, {
          organisation: organisation.name,
          inviter: inviter?.name ?? 'Leergoed',
          role: invitation.role as MemberRole,
          link: link.toString(),
        }),
      );
      return;
    }
    const application = (await repo.applications(this.db, { id: payload.applicationId }))[0];
    const applicant = application?.applicant_id ? await repo.user(this.db, application.applicant_id) : undefined;
    if (!application || !applicant || applicant.disabled) return;
    const approved = payload.kind === 'approved';
    const link = new URL(approved ? '/team' : '/organisatie-aanmelden', this.publicUrl);
    if (approved && application.organisation_id) link.searchParams.set('organisatie', application.organisation_id);
    await this.mailer.send(
      decisionMail(mailLang(application.lang), applicant.email, {
        approved,
        name: applicant.name,
        organisation: application.name,
        reason: application.reason,
        link: link.toString(),
      }),
    );
  }

  private async open(token: string) {
    const invitation = token ? await repo.invitationByToken(this.db, tokenHash(token)) : undefined;
    if (
      !invitation ||
      invitation.accepted_at ||
      invitation.revoked_at ||
      Date.parse(invitation.expires_at) <= Date.now()
    )
      throw invalidInvitation();
    return invitation;
  }

  private async managed(actor: Actor, organisationId: string) {
    const organisation = await repo.organisation(this.db, organisationId);
    if (!organisation) throw notFound('Organisation', organisationId);
    if (!canManageTeam(actor, organisationId))
      throw forbidden("Only this organisation's editors (and administrators) manage its team.");
    return organisation;
  }
}
