import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError, badRequest } from '../kernel/errors.ts';
import { nowIso } from '../kernel/ids.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Mailer } from '../mail/mailer.ts';
import {
  ACCOUNT_MAIL_JOB,
  TOKEN_HOURS,
  mailLink,
  renderAccountMail,
  type AccountMailPayload,
  type MailLanguage,
} from './account-mail.ts';
import { displayNameProblem, type Actor } from './model.ts';
import { PASSWORD_MESSAGES, passwordProblem } from './passwords-policy.ts';
import { hashPassword, tokenHash, verifyPassword } from './passwords.ts';
import { accountsRepository as repo } from './repository.ts';
import { EMAIL, type AccountsService } from './service.ts';

const mailUnavailable = () =>
  new AppError(
    'LG_MAIL_UNAVAILABLE',
    503,
    'This platform sends no mail (no SMTP server is configured), so accounts are made by its administrators.',
  );
const invalidToken = () =>
  new AppError('LG_TOKEN_INVALID', 400, 'This link does not work any more: it was used already or it expired.');

/**
 * What people do for themselves, by mail: register and confirm their address, reset a forgotten
 * password, change their address and password, sign out everywhere. Mail goes out as jobs (retried
 * when the mail server does not answer); without a mailer, all of it is closed and says so.
 */
export class SelfService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly accounts: AccountsService,
    private readonly jobs: JobQueue,
    private readonly mailer: Mailer | null,
    private readonly publicUrl: string,
  ) {}

  get mailOpen(): boolean {
    return this.mailer !== null;
  }

  /**
   * Registers a teacher, unconfirmed, and mails the confirmation link. An address that has an
   * account already gets a mail saying so; the answer is the same either way, so nobody learns
   * from it which addresses have accounts.
   */
  async register(input: { email: string; password: string; name: string; lang: MailLanguage }): Promise<void> {
    if (!this.mailer) throw mailUnavailable();
    const email = input.email.trim().toLowerCase();
    const existing = await repo.findUserByEmail(this.db, email);
    if (existing?.email_verified_at) {
      await this.mail({ kind: 'exists', userId: existing.id, to: email, lang: input.lang });
      return;
    }
    if (existing) {
      // Registered before but never confirmed: the newest registration counts, and earlier links
      // stop working, so whoever registered someone else's address never gets in with it.
      const nameProblem = displayNameProblem(input.name);
      if (nameProblem) throw badRequest(nameProblem, 'Give a name of 2 to 100 characters that is not an address.');
      this.checkPassword(input.password, { email, name: input.name });
      const hash = await hashPassword(input.password);
      await this.db.transaction().execute(async (trx) => {
        await repo.voidTokens(trx, existing.id, 'verify', nowIso());
        await repo.updateUser(trx, existing.id, { password_hash: hash, name: input.name.trim() });
      });
      await this.mail({ kind: 'verify', userId: existing.id, to: email, lang: input.lang });
      return;
    }
    const { id } = await this.accounts.createUser({ ...input, role: 'teacher', verified: false });
    await this.mail({ kind: 'verify', userId: id, to: email, lang: input.lang });
  }

  /** Follows a confirmation link: of a new account's address, or of a changed one. */
  async verify(token: string): Promise<{ purpose: 'verify' | 'email' }> {
    const row = await this.openToken(token, ['verify', 'email']);
    const now = nowIso();
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.useToken(trx, row.id, now))) throw invalidToken();
      if (row.purpose === 'email') {
        const taken = await repo.findUserByEmail(trx, row.email!);
        if (taken && taken.id !== row.user_id)
          throw new AppError('LG_USER_EXISTS', 409, 'Another account uses this address by now.');
        await repo.updateUser(trx, row.user_id, { email: row.email!, email_verified_at: now });
      } else await repo.updateUser(trx, row.user_id, { email_verified_at: now });
    });
    return { purpose: row.purpose as 'verify' | 'email' };
  }

  /** Mails a reset link when the address has an account; answers the same when it has none. */
  async requestReset(address: string, lang: MailLanguage): Promise<void> {
    if (!this.mailer) throw mailUnavailable();
    const user = await repo.findUserByEmail(this.db, address.trim().toLowerCase());
    if (user && !user.disabled) await this.mail({ kind: 'reset', userId: user.id, to: user.email, lang });
  }

  /**
   * Sets a new password from a reset link: the link is used up, every other reset link of the
   * account is void, every session ends (whoever was signed in is out), and the address counts as
   * confirmed (the mail reached it).
   */
  async confirmReset(token: string, password: string): Promise<void> {
    const row = await this.openToken(token, ['reset']);
    const user = (await repo.findUserById(this.db, row.user_id))!;
    this.checkPassword(password, user);
    const hash = await hashPassword(password);
    const now = nowIso();
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.useToken(trx, row.id, now))) throw invalidToken();
      await repo.voidTokens(trx, user.id, 'reset', now);
      await repo.updateUser(trx, user.id, { password_hash: hash, email_verified_at: user.email_verified_at ?? now });
      await repo.deleteSessionsOf(trx, user.id, null);
    });
    await repo.clearSignInFailures(this.db, tokenHash(`sign-in:${user.email}`));
  }

  /** Changes the password (the current one proves it is the person); other sessions end. */
  async changePassword(actor: Actor, sessionToken: string, current: string, next: string): Promise<void> {
    const user = await this.provePassword(actor, current);
    this.checkPassword(next, user);
    const hash = await hashPassword(next);
    await this.db.transaction().execute(async (trx) => {
      await repo.updateUser(trx, user.id, { password_hash: hash });
      await repo.voidTokens(trx, user.id, 'reset', nowIso());
      await repo.deleteSessionsOf(trx, user.id, tokenHash(sessionToken));
    });
  }

  /** Starts an address change: the new address gets a confirmation link; the old one stays until then. */
  async changeEmail(actor: Actor, password: string, address: string, lang: MailLanguage): Promise<void> {
    if (!this.mailer) throw mailUnavailable();
    const user = await this.provePassword(actor, password);
    const email = address.trim().toLowerCase();
    if (!EMAIL.test(email) || email.length > 320)
      throw badRequest('LG_BAD_EMAIL', `"${address}" is not an e-mail address.`, { field: 'email' });
    if (email === user.email) return;
    const taken = await repo.findUserByEmail(this.db, email);
    if (taken) await this.mail({ kind: 'exists', userId: taken.id, to: email, lang });
    else await this.mail({ kind: 'email', userId: user.id, to: email, lang });
  }

  /** Ends every session of the person, this one included. */
  async signOutEverywhere(actor: Actor): Promise<void> {
    await repo.deleteSessionsOf(this.db, actor.userId, null);
  }

  /** The job that sends an account mail: makes its token (kept as a hash) and sends. */
  async sendMail(payload: AccountMailPayload): Promise<void> {
    if (!this.mailer) throw mailUnavailable();
    const user = await repo.findUserById(this.db, payload.userId);
    if (!user || user.disabled) return;
    if (payload.kind === 'verify' && user.email_verified_at) return;
    let token: string | null = null;
    if (payload.kind !== 'exists') {
      token = randomBytes(32).toString('base64url');
      const now = new Date();
      await repo.insertToken(this.db, {
        id: tokenHash(token),
        user_id: user.id,
        purpose: payload.kind,
        email: payload.kind === 'email' ? payload.to : null,
        expires_at: new Date(now.getTime() + TOKEN_HOURS[payload.kind] * 3600_000).toISOString(),
        used_at: null,
        created_at: now.toISOString(),
      });
    }
    const link = mailLink(this.publicUrl, payload.kind, token);
    await this.mailer.send(renderAccountMail(payload.kind, payload.lang, user.name, link, payload.to));
  }

  /** Forgets tokens that expired more than a week ago. */
  async forgetOldTokens(now = Date.now()): Promise<void> {
    await repo.deleteOldTokens(this.db, new Date(now - 7 * 86400_000).toISOString());
  }

  private async mail(payload: AccountMailPayload): Promise<void> {
    await this.jobs.enqueue({ type: ACCOUNT_MAIL_JOB, payload, maxAttempts: 8 });
  }

  private async openToken(token: string, purposes: string[]) {
    const row = token ? await repo.findToken(this.db, tokenHash(token)) : undefined;
    if (!row || !purposes.includes(row.purpose) || row.used_at || Date.parse(row.expires_at) <= Date.now())
      throw invalidToken();
    return row;
  }

  private checkPassword(password: string, user: { email: string; name: string }): void {
    const problem = passwordProblem(password, { email: user.email, name: user.name });
    if (problem) throw badRequest(problem, PASSWORD_MESSAGES[problem]!, { field: 'password' });
  }

  private async provePassword(actor: Actor, password: string) {
    const user = (await repo.findUserById(this.db, actor.userId))!;
    if (!(await verifyPassword(password, user.password_hash)))
      throw new AppError('LG_WRONG_PASSWORD', 403, 'Your current password is not right.', { field: 'current' });
    return user;
  }
}
