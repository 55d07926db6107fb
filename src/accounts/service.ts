import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError, badRequest, notFound } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { Database } from '../db/schema.ts';
import {
  ORGANISATION_KINDS,
  ROLES,
  defaultMemberRole,
  displayNameProblem,
  type Actor,
  type MemberRole,
  type OrganisationKind,
  type Role,
} from './model.ts';
import { PASSWORD_MESSAGES, passwordProblem } from './passwords-policy.ts';
import { hashPassword, tokenHash, verifyPassword } from './passwords.ts';
import { accountsRepository, type OrganisationRow } from './repository.ts';

/** How long a session lasts without signing in again. */
const SESSION_DAYS = 14;
/** A hash to compare against when the e-mail is unknown, so timing does not tell which e-mails exist. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** A signed-in user as the web application sees them. */
export interface SessionView {
  user: {
    id: string;
    email: string;
    name: string;
    role: Role;
    /** Every organisation the person belongs to, with their role there (`editor` acts for it). */
    organisations: { id: string; name: string; kind: string; role: MemberRole }[];
    /** False for an account that signs in only through a school login. */
    hasPassword: boolean;
  };
  csrfToken: string;
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What is wrong with a display name, per problem code. */
const NAME_MESSAGES: Record<string, string> = {
  LG_NAME_REQUIRED: 'Give a name of at least 2 characters: it is shown with what you share.',
  LG_NAME_TOO_LONG: 'A name has at most 100 characters.',
  LG_NAME_IS_EMAIL: 'A name may not be an e-mail address: names are shown publicly, addresses never.',
};

/** Failed sign-ins of one account before each next one waits (1 s, then doubling up to 15 minutes). */
const FREE_FAILURES = 5;
const MAX_LOCK_SECONDS = 15 * 60;
/** A day without failures forgets the earlier ones. */
const FAILURE_MEMORY_MS = 24 * 3600_000;

/** Users, sessions and organisations. */
export class AccountsService {
  constructor(private readonly db: Kysely<Database>) {}

  async createUser(input: {
    email: string;
    name: string;
    password: string;
    role: Role;
    organisationIds?: string[];
    /** Made by an administrator: the address counts as verified. Registration makes it unverified. */
    verified?: boolean;
  }): Promise<{ id: string }> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw badRequest('LG_BAD_EMAIL', `"${input.email}" is not an e-mail address.`);
    if (!ROLES.includes(input.role)) throw badRequest('LG_BAD_ROLE', `Role must be one of ${ROLES.join(', ')}.`);
    const nameProblem = displayNameProblem(input.name);
    if (nameProblem) throw badRequest(nameProblem, NAME_MESSAGES[nameProblem]!, { field: 'name' });
    const problem = passwordProblem(input.password, { email, name: input.name });
    if (problem) throw badRequest(problem, PASSWORD_MESSAGES[problem]!, { field: 'password' });
    if (await accountsRepository.findUserByEmail(this.db, email))
      throw new AppError('LG_USER_EXISTS', 409, `A user with e-mail ${email} exists already.`);
    const id = newId();
    const hash = await hashPassword(input.password);
    await this.db.transaction().execute(async (trx) => {
      await accountsRepository.insertUser(trx, {
        id,
        email,
        name: input.name.trim(),
        password_hash: hash,
        role: input.role,
        disabled: 0,
        created_at: nowIso(),
        email_verified_at: input.verified === false ? null : nowIso(),
      });
      for (const organisationId of input.organisationIds ?? []) {
        if (!(await accountsRepository.findOrganisationById(trx, organisationId)))
          throw notFound('Organisation', organisationId);
        await accountsRepository.addMembership(trx, id, organisationId, nowIso(), defaultMemberRole(input.role));
      }
    });
    return { id };
  }

  async findOrCreateOrganisation(
    name: string,
    kind: OrganisationKind,
    website: string | null = null,
  ): Promise<OrganisationRow> {
    if (!ORGANISATION_KINDS.includes(kind))
      throw badRequest('LG_BAD_ORGANISATION_KIND', `Kind must be one of ${ORGANISATION_KINDS.join(', ')}.`);
    const existing = await accountsRepository.findOrganisationByName(this.db, name.trim());
    if (existing) return existing;
    const row = { id: newId(), name: name.trim(), kind, website, created_at: nowIso(), external_id: null };
    await accountsRepository.insertOrganisation(this.db, row);
    return row;
  }

  async listOrganisations(): Promise<OrganisationRow[]> {
    return accountsRepository.listOrganisations(this.db);
  }

  /** A user by e-mail address (for the example content's editor), or null. */
  async userByEmail(email: string): Promise<{ id: string; role: Role } | null> {
    const user = await accountsRepository.findUserByEmail(this.db, email.trim().toLowerCase());
    return user ? { id: user.id, role: user.role as Role } : null;
  }

  /** Makes a user a member of an organisation (an editor when they are an institution editor); returns them and the role. */
  async addMember(email: string, organisationId: string): Promise<{ id: string; name: string; role: MemberRole }> {
    const user = await accountsRepository.findUserByEmail(this.db, email.trim().toLowerCase());
    if (!user) throw notFound('User', email);
    if (!(await accountsRepository.findOrganisationById(this.db, organisationId)))
      throw notFound('Organisation', organisationId);
    const role = defaultMemberRole(user.role as Role);
    await accountsRepository.addMembership(this.db, user.id, organisationId, nowIso(), role);
    return { id: user.id, name: user.name, role };
  }

  /**
   * Checks a password and opens a session; returns the cookie token (only its hash is stored).
   * Failed attempts are counted per account, whatever address they come from: after five, each
   * next attempt must wait, twice as long each time (up to 15 minutes), so guessing one account
   * from many addresses is slow too. The wait is the same whether the address exists or not.
   */
  async signIn(email: string, password: string): Promise<{ token: string; session: SessionView; expires: Date }> {
    const address = email.trim().toLowerCase();
    const account = tokenHash(`sign-in:${address}`);
    await this.countSignInAttempt(account);
    const user = await accountsRepository.findUserByEmail(this.db, address);
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled)
      throw new AppError('LG_BAD_CREDENTIALS', 401, 'E-mail address or password is not right.');
    // Only who knows the password learns that the address still waits for its confirmation.
    if (!user.email_verified_at)
      throw new AppError(
        'LG_EMAIL_NOT_VERIFIED',
        403,
        'Confirm your e-mail address first: follow the link in the mail we sent you.',
      );
    await accountsRepository.clearSignInFailures(this.db, account);
    return this.openSession(user.id);
  }

  /** Erases an account inside the caller's transaction, keeping only `credit` as its name (see the repository). */
  async eraseWithin(trx: Kysely<Database>, userId: string, credit: string): Promise<void> {
    await accountsRepository.eraseUser(trx, userId, credit);
  }

  /** Opens a session for a user who proved who they are (a password, a school login). */
  async openSession(userId: string): Promise<{ token: string; session: SessionView; expires: Date }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expires = new Date(Date.now() + SESSION_DAYS * 86400_000);
    await accountsRepository.deleteExpiredSessions(this.db, nowIso());
    await accountsRepository.insertSession(this.db, {
      id: tokenHash(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: nowIso(),
      expires_at: expires.toISOString(),
    });
    return { token, session: (await this.session(token))!, expires };
  }

  /**
   * Counts a sign-in attempt of an account before its password is checked (a success clears the
   * count), or refuses it while the account waits. Counting is serialised per account, so
   * attempts sent side by side cannot all slip in before the wait begins.
   */
  private async countSignInAttempt(account: string): Promise<void> {
    for (let tries = 0; tries < 20; tries++) {
      const now = Date.now();
      const seen = await accountsRepository.findSignInFailure(this.db, account);
      if (seen?.locked_until && Date.parse(seen.locked_until) > now) {
        const seconds = Math.ceil((Date.parse(seen.locked_until) - now) / 1000);
        throw new AppError(
          'LG_SIGN_IN_THROTTLED',
          429,
          `Too many failed sign-ins for this account. Try again in ${seconds} seconds.`,
          { retryAfter: seconds },
        );
      }
      const previous = seen && now - Date.parse(seen.updated_at) < FAILURE_MEMORY_MS ? seen.failures : 0;
      const failures = previous + 1;
      const waitSeconds = failures >= FREE_FAILURES ? Math.min(MAX_LOCK_SECONDS, 2 ** (failures - FREE_FAILURES)) : 0;
      const values = {
        failures,
        locked_until: waitSeconds ? new Date(now + waitSeconds * 1000).toISOString() : null,
        updated_at: new Date(now).toISOString(),
      };
      const counted = seen
        ? await accountsRepository.updateSignInAttempt(this.db, seen, values)
        : await accountsRepository.insertSignInAttempt(this.db, { account, ...values });
      if (counted) return;
    }
    throw new AppError(
      'LG_SIGN_IN_THROTTLED',
      429,
      'Too many sign-ins for this account at once. Try again in a few seconds.',
      { retryAfter: 5 },
    );
  }

  /**
   * Forgets the failed sign-ins of accounts that had none for a day (they would be forgotten at the
   * next attempt anyway): guesses at many addresses must not fill the store.
   */
  async forgetOldSignInFailures(now = Date.now()): Promise<number> {
    return accountsRepository.deleteSignInFailuresBefore(
      this.db,
      new Date(now - FAILURE_MEMORY_MS).toISOString(),
      new Date(now).toISOString(),
    );
  }

  /** Changes the signed-in user's display name (shown with what they share; never their address). */
  async rename(actor: Actor, name: string): Promise<void> {
    const problem = displayNameProblem(name);
    if (problem) throw badRequest(problem, NAME_MESSAGES[problem]!, { field: 'name' });
    await accountsRepository.updateUser(this.db, actor.userId, { name: name.trim() });
  }

  async signOut(token: string): Promise<void> {
    await accountsRepository.deleteSession(this.db, tokenHash(token));
  }

  /** The session of a cookie token, or null when it is unknown or expired. */
  async session(token: string): Promise<SessionView | null> {
    const row = await accountsRepository.findSession(this.db, tokenHash(token), nowIso());
    if (!row || row.disabled) return null;
    const memberships = await accountsRepository.membershipsOf(this.db, row.user_id);
    const organisations = await accountsRepository.findOrganisationsByIds(
      this.db,
      memberships.map((m) => m.organisation_id),
    );
    const roleIn = new Map(memberships.map((m) => [m.organisation_id, m.role as MemberRole]));
    return {
      user: {
        id: row.user_id,
        email: row.email,
        name: row.name,
        role: row.role as Role,
        organisations: organisations.map((o) => ({ id: o.id, name: o.name, kind: o.kind, role: roleIn.get(o.id)! })),
        hasPassword: Number(row.has_password) === 1,
      },
      csrfToken: row.csrf_token,
    };
  }

  /** The actor of a session, for authorization in services. */
  static actorOf(session: SessionView | null): Actor | null {
    if (!session) return null;
    return {
      userId: session.user.id,
      role: session.user.role,
      organisationIds: session.user.organisations.filter((o) => o.role === 'editor').map((o) => o.id),
    };
  }

  /** Compares a CSRF token from a request header with the session's, in constant time. */
  static csrfMatches(session: SessionView, given: string | undefined): boolean {
    if (!given) return false;
    const a = Buffer.from(session.csrfToken);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
