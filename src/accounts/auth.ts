import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyService } from './api-keys.ts';
import { AccountsService, type SessionView } from './service.ts';
import type { Actor, ApiKeyActor, ApiKeyScope, InstitutionActor } from './model.ts';
import { AppError, unauthenticated } from '../kernel/errors.ts';

export const SESSION_COOKIE = 'lg_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user's session, or null. */
    session: SessionView | null;
    /** The session token from the cookie (to sign out). */
    sessionToken: string | null;
    /** The institution an API key acts for, or null. */
    apiKey: ApiKeyActor | null;
    /** A credential that was sent but is not valid: refused after the rate limit has counted it. */
    authFailure: AppError | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Reads the session cookie or the API key, and for cookie-authenticated writes demands the
 * session's CSRF token in the `X-CSRF-Token` header (the cookie alone could be sent by another
 * site's form). A wrong key is not refused here but by `refuseFailedAuth`, after the rate limit,
 * which counts unverified clients by their address, has counted the attempt.
 */
export function sessionHook(accounts: AccountsService, apiKeys: ApiKeyService) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    request.session = null;
    request.sessionToken = null;
    request.apiKey = null;
    request.authFailure = null;
    // LTI messages are posted by an LMS and carry their own signed proof; they never use a session.
    if (request.url.startsWith('/lti/')) return;
    // An institution's program: an API key instead of a session (no cookie, so no CSRF to check).
    const authorization = request.headers.authorization;
    if (authorization !== undefined && /^Bearer\s/i.test(authorization)) {
      const key = /^Bearer (\S{1,200})$/i.exec(authorization)?.[1];
      request.apiKey = key ? await apiKeys.authenticate(key) : null;
      if (!request.apiKey)
        request.authFailure = new AppError(
          'LG_BAD_API_KEY',
          401,
          'This API key is not valid or was revoked. Send it as "Authorization: Bearer lg_…".',
        );
      return;
    }
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token || token.length > 200) return;
    const session = await accounts.session(token);
    if (!session) return;
    request.session = session;
    request.sessionToken = token;
    if (
      !SAFE_METHODS.has(request.method) &&
      !AccountsService.csrfMatches(session, request.headers['x-csrf-token'] as string | undefined)
    ) {
      request.authFailure = new AppError(
        'LG_CSRF',
        403,
        'This request lacks the CSRF token of your session. Reload the page and try again.',
      );
    }
  };
}

/** Refuses a request whose credential failed (see `sessionHook`), once the rate limit has seen it. */
export async function refuseFailedAuth(request: FastifyRequest): Promise<void> {
  if (request.authFailure) throw request.authFailure;
}

/** The rate limit's key of a request: its verified API key, else its verified user, else its address. */
export function rateLimitKey(request: FastifyRequest): string {
  if (request.apiKey) return `k:${request.apiKey.apiKey.id}`;
  if (request.session) return `u:${request.session.user.id}`;
  return request.ip;
}

const apiKeyRefused = () =>
  new AppError(
    'LG_API_KEY_NOT_ALLOWED',
    403,
    "An API key acts for its institution's catalogue and sources only; this needs a person who is signed in.",
  );

/** The signed-in person of a request; 401 when nobody is signed in, 403 for an API key. */
export function requireActor(request: FastifyRequest): Actor {
  if (request.apiKey) throw apiKeyRefused();
  const actor = AccountsService.actorOf(request.session);
  if (!actor) throw unauthenticated();
  return actor;
}

/** The signed-in person, or null (an API key counts as nobody here: it never acts as a person). */
export function optionalActor(request: FastifyRequest): Actor | null {
  return request.apiKey ? null : AccountsService.actorOf(request.session);
}

/**
 * Who acts on an institution's catalogue or sources: the signed-in person, or an API key that has
 * `scope`. 401 when there is neither, 403 when the key lacks the scope.
 */
export function requireInstitutionActor(request: FastifyRequest, scope: ApiKeyScope): InstitutionActor {
  const key = request.apiKey;
  if (key) {
    if (!key.apiKey.scopes.includes(scope))
      throw new AppError('LG_API_KEY_SCOPE', 403, `This API key lacks the scope "${scope}"; make a key with it.`);
    return key;
  }
  return requireActor(request);
}

/** Who reads an institution's own things (drafts, sources): the person, a key with `read`, or null. */
export function optionalInstitutionActor(request: FastifyRequest): InstitutionActor | null {
  const key = request.apiKey;
  if (key) return key.apiKey.scopes.includes('read') ? key : null;
  return optionalActor(request);
}
