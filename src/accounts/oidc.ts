import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import { displayNameProblem } from './model.ts';
import { accountsRepository as repo } from './repository.ts';
import type { AccountsService, SessionView } from './service.ts';

/** A school or institution login by OpenID Connect (SURFconext, Entree, an institution's own). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The name on the button ("SURFconext", "Entree"). */
  name: string;
  /** The claim that names the person's organisation (a school's BRIN, an institution's code). */
  organisationClaim: string;
  /** The claim with the organisation's name, when the login sends one. */
  organisationNameClaim: string;
}

/** What the browser keeps between leaving for the login and coming back (signed, HttpOnly, 10 minutes). */
interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  back: string;
  /** A signed-in user linking the login to their account, or null. */
  link: string | null;
  exp: number;
}

export const OIDC_COOKIE = 'lg_oidc';
const PENDING_MS = 10 * 60_000;

/** Why a login came back without a session: a code the sign-in page explains. */
export class OidcRefusal extends Error {
  constructor(
    readonly code:
      | 'LG_OIDC_STATE'
      | 'LG_OIDC_FAILED'
      | 'LG_OIDC_EMAIL_IN_USE'
      | 'LG_OIDC_LINKED_ELSEWHERE'
      | 'LG_OIDC_UNAVAILABLE'
      | 'LG_OIDC_DISABLED',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The authorization code flow with PKCE, state and nonce (openid-client checks the ID token's
 * signature, issuer, audience, expiry and nonce). Accounts are linked by issuer and subject, never
 * by address alone: a login whose address belongs to an existing account is refused until that
 * account links it from "Mijn account".
 */
export class OidcLogin {
  private configuration: Promise<oidc.Configuration> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly accounts: AccountsService,
    private readonly settings: OidcSettings,
    private readonly publicUrl: string,
    private readonly secret: string,
    private readonly log: Logger,
  ) {}

  get name(): string {
    return this.settings.name;
  }

  private get redirectUri(): string {
    return `${this.publicUrl}/api/v1/oidc/callback`;
  }

  /** The provider's configuration, discovered once (again after a failure). */
  private config(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        // Servers keep their clocks right: an expired ID token is refused within seconds.
        { [oidc.clockTolerance]: 5 },
        // client_secret_basic: the default of OpenID Connect, which every provider supports.
        oidc.ClientSecretBasic(this.settings.clientSecret),
        {
          timeout: 10,
          ...(this.settings.issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : {}),
        },
      )
      .catch((error: unknown) => {
        this.configuration = null;
        this.log.warn({ err: error }, 'OpenID Connect discovery failed');
        throw new OidcRefusal('LG_OIDC_UNAVAILABLE', 'The school login cannot be reached just now.');
      });
    return this.configuration;
  }

  /** Starts a login: where to send the browser, and the signed cookie that remembers this attempt. */
  async start(back: string, linkUserId: string | null): Promise<{ url: string; cookie: string }> {
    const config = await this.config();
    const pending: Pending = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      back,
      link: linkUserId,
      exp: Date.now() + PENDING_MS,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid profile email',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, cookie: this.seal(pending) };
  }

  /**
   * Finishes a login from the provider's redirect: checks state, exchanges the code with the PKCE
   * verifier, validates the ID token with the nonce, then finds, links or makes the account and
   * opens a session. Returns where to go next.
   */
  async finish(
    callbackPath: string,
    cookie: string | undefined,
  ): Promise<{ token: string; session: SessionView; expires: Date; back: string }> {
    const pending = cookie ? this.open(cookie) : null;
    const current = new URL(callbackPath, this.publicUrl);
    if (!pending || current.searchParams.get('state') !== pending.state)
      throw new OidcRefusal('LG_OIDC_STATE', 'This login was not started here, or it took too long.');
    const config = await this.config();
    let claims: oidc.IDToken;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims()!;
    } catch (error) {
      this.log.warn({ err: error }, 'OpenID Connect login refused');
      throw new OidcRefusal('LG_OIDC_FAILED', 'The school login could not be checked.');
    }
    const userId = await this.accountFor(claims, pending.link);
    const opened = await this.accounts.openSession(userId);
    return { ...opened, back: pending.back };
  }

  /** The account a login signs in as: linked before, linked now, or made now. */
  private async accountFor(claims: oidc.IDToken, linkUserId: string | null): Promise<string> {
    const now = nowIso();
    const known = await repo.findIdentity(this.db, claims.iss, claims.sub);
    if (linkUserId) {
      if (known && known.user_id !== linkUserId)
        throw new OidcRefusal('LG_OIDC_LINKED_ELSEWHERE', 'This school login belongs to another account.');
      if (!known)
        await repo.insertIdentity(this.db, {
          issuer: claims.iss,
          subject: claims.sub,
          user_id: linkUserId,
          created_at: now,
          last_used_at: now,
        });
      await this.joinOrganisation(linkUserId, claims);
      return linkUserId;
    }
    if (known) {
      const user = await repo.findUserById(this.db, known.user_id);
      if (!user || user.disabled) throw new OidcRefusal('LG_OIDC_DISABLED', 'This account is switched off.');
      await repo.touchIdentity(this.db, claims.iss, claims.sub, now);
      await this.joinOrganisation(user.id, claims);
      return user.id;
    }
    const claimed =
      typeof claims.email === 'string' && claims.email_verified !== false ? claims.email.trim().toLowerCase() : null;
    if (claimed && (await repo.findUserByEmail(this.db, claimed)))
      throw new OidcRefusal(
        'LG_OIDC_EMAIL_IN_USE',
        'An account with this address exists: sign in with its password and link the school login on "Mijn account".',
      );
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      await repo.insertUser(trx, {
        id,
        // Without an address from the login, a placeholder nobody can receive mail at (never shown).
        email: claimed ?? `oidc-${randomBytes(8).toString('hex')}@users.invalid`,
        name: nameOf(claims),
        // No password: this account signs in through its school login (or sets one by a reset mail).
        password_hash: 'none',
        role: 'teacher',
        disabled: 0,
        created_at: now,
        email_verified_at: claimed ? now : null,
      });
      await repo.insertIdentity(trx, {
        issuer: claims.iss,
        subject: claims.sub,
        user_id: id,
        created_at: now,
        last_used_at: now,
      });
    });
    await this.joinOrganisation(id, claims);
    return id;
  }

  /** Adds the person to the organisation the login names (made on first sight, as a school). */
  private async joinOrganisation(userId: string, claims: oidc.IDToken): Promise<void> {
    const raw = claims[this.settings.organisationClaim];
    const value = (Array.isArray(raw) ? raw[0] : raw) as unknown;
    if (typeof value !== 'string' || !value.trim() || value.length > 200) return;
    const externalId = value.trim();
    let organisation = await repo.findOrganisationByExternalId(this.db, externalId);
    if (!organisation) {
      const named = claims[this.settings.organisationNameClaim];
      const name = typeof named === 'string' && named.trim() ? named.trim().slice(0, 200) : externalId;
      // A name taken by another organisation gets the identifier beside it (names are unique).
      for (const candidate of [name, `${name} (${externalId})`]) {
        const row = {
          id: newId(),
          name: candidate,
          kind: 'school',
          website: null,
          created_at: nowIso(),
          external_id: externalId,
        };
        await repo.insertOrganisationOnce(this.db, row);
        organisation = await repo.findOrganisationByExternalId(this.db, externalId);
        if (organisation) break;
      }
    }
    // A school login makes a person a member of their school, never its editor.
    if (organisation) await repo.addMembership(this.db, userId, organisation.id, nowIso(), 'member');
  }

  private seal(pending: Pending): string {
    const body = Buffer.from(JSON.stringify(pending)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  private open(cookie: string): Pending | null {
    const [body, mac] = cookie.split('.');
    if (!body || !mac) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const pending = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Pending;
      return pending.exp > Date.now() ? pending : null;
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', `oidc:${this.secret}`).update(body).digest('base64url');
  }
}

/** A display name from the login's claims; never an address. */
function nameOf(claims: oidc.IDToken): string {
  const candidates = [
    claims.name,
    [claims.given_name, claims.family_name].filter((p) => typeof p === 'string').join(' '),
    claims.nickname,
  ];
  for (const candidate of candidates)
    if (typeof candidate === 'string' && !displayNameProblem(candidate)) return candidate.trim();
  return 'Docent';
}
