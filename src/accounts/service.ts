import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError, badRequest, notFound } from '../app/errors.ts';
import { newId, nowIso } from '../app/ids.ts';
import type { Database } from '../db/schema.ts';
import { ORGANISATION_KINDS, ROLES, passwordProblem, type Actor, type OrganisationKind, type Role } from './model.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { accountsRepository, type OrganisationRow } from './repository.ts';

/** How long a session lasts without signing in again. */
const SESSION_DAYS = 14;
/** A hash to compare against when the e-mail is unknown, so timing does not tell which e-mails exist. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** A signed-in user as the web application sees them. */
export interface SessionView {
  user: { id: string; email: string; name: string; role: Role; organisations: { id: string; name: string; kind: string }[] };
  csrfToken: string;
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Users, sessions and organisations. */
export class AccountsService {
  constructor(private readonly db: Kysely<Database>) {}

  async createUser(input: { email: string; name: string; password: string; role: Role; organisationIds?: string[] }): Promise<{ id: string }> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw badRequest('LG_BAD_EMAIL', `"${input.email}" is not an e-mail address.`);
    if (!ROLES.includes(input.role)) throw badRequest('LG_BAD_ROLE', `Role must be one of ${ROLES.join(', ')}.`);
    const problem = passwordProblem(input.password);
    if (problem) throw badRequest(problem, 'A password needs 12 to 256 characters.');
    if (await accountsRepository.findUserByEmail(this.db, email)) throw new AppError('LG_USER_EXISTS', 409, `A user with e-mail ${email} exists already.`);
    const id = newId();
    const hash = await hashPassword(input.password);
    await this.db.transaction().execute(async (trx) => {
      await accountsRepository.insertUser(trx, { id, email, name: input.name.trim() || email, password_hash: hash, role: input.role, disabled: 0, created_at: nowIso() });
      for (const organisationId of input.organisationIds ?? []) {
        if (!(await accountsRepository.findOrganisationById(trx, organisationId))) throw notFound('Organisation', organisationId);
        await accountsRepository.addMembership(trx, id, organisationId, nowIso());
      }
    });
    return { id };
  }

  async findOrCreateOrganisation(name: string, kind: OrganisationKind, website: string | null = null): Promise<OrganisationRow> {
    if (!ORGANISATION_KINDS.includes(kind)) throw badRequest('LG_BAD_ORGANISATION_KIND', `Kind must be one of ${ORGANISATION_KINDS.join(', ')}.`);
    const existing = await accountsRepository.findOrganisationByName(this.db, name.trim());
    if (existing) return existing;
    const row = { id: newId(), name: name.trim(), kind, website, created_at: nowIso() };
    await accountsRepository.insertOrganisation(this.db, row);
    return row;
  }

  async listOrganisations(): Promise<OrganisationRow[]> {
    return accountsRepository.listOrganisations(this.db);
  }

  async addMember(email: string, organisationId: string): Promise<void> {
    const user = await accountsRepository.findUserByEmail(this.db, email.trim().toLowerCase());
    if (!user) throw notFound('User', email);
    if (!(await accountsRepository.findOrganisationById(this.db, organisationId))) throw notFound('Organisation', organisationId);
    await accountsRepository.addMembership(this.db, user.id, organisationId, nowIso());
  }

  /** Checks a password and opens a session; returns the cookie token (only its hash is stored). */
  async signIn(email: string, password: string): Promise<{ token: string; session: SessionView; expires: Date }> {
    const user = await accountsRepository.findUserByEmail(this.db, email.trim().toLowerCase());
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) throw new AppError('LG_BAD_CREDENTIALS', 401, 'E-mail address or password is not right.');
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expires = new Date(Date.now() + SESSION_DAYS * 86400_000);
    await accountsRepository.deleteExpiredSessions(this.db, nowIso());
    await accountsRepository.insertSession(this.db, { id: tokenHash(token), user_id: user.id, csrf_token: csrfToken, created_at: nowIso(), expires_at: expires.toISOString() });
    return { token, session: (await this.session(token))!, expires };
  }

  async signOut(token: string): Promise<void> {
    await accountsRepository.deleteSession(this.db, tokenHash(token));
  }

  /** The session of a cookie token, or null when it is unknown or expired. */
  async session(token: string): Promise<SessionView | null> {
    const row = await accountsRepository.findSession(this.db, tokenHash(token), nowIso());
    if (!row || row.disabled) return null;
    const organisationIds = await accountsRepository.organisationIdsOf(this.db, row.user_id);
    const organisations = await accountsRepository.findOrganisationsByIds(this.db, organisationIds);
    return {
      user: { id: row.user_id, email: row.email, name: row.name, role: row.role as Role, organisations: organisations.map((o) => ({ id: o.id, name: o.name, kind: o.kind })) },
      csrfToken: row.csrf_token,
    };
  }

  /** The actor of a session, for authorization in services. */
  static actorOf(session: SessionView | null): Actor | null {
    if (!session) return null;
    return { userId: session.user.id, role: session.user.role, organisationIds: session.user.organisations.map((o) => o.id) };
  }

  /** Compares a CSRF token from a request header with the session's, in constant time. */
  static csrfMatches(session: SessionView, given: string | undefined): boolean {
    if (!given) return false;
    const a = Buffer.from(session.csrfToken);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
