import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyService } from '../accounts/api-keys.ts';
import { AccountsService, type SessionView } from '../accounts/service.ts';
import type { Actor } from '../accounts/model.ts';
import { AppError, unauthenticated } from './errors.ts';

export const SESSION_COOKIE = 'lg_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user's session, or null. */
    session: SessionView | null;
    /** The session token from the cookie (to sign out). */
    sessionToken: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Reads the session cookie, and for cookie-authenticated writes demands the session's CSRF token
 * in the `X-CSRF-Token` header (the cookie alone could be sent by another site's form).
 */
export function sessionHook(accounts: AccountsService, apiKeys: ApiKeyService) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    request.session = null;
    request.sessionToken = null;
    // LTI messages are posted by an LMS and carry their own signed proof; they never use a session.
    if (request.url.startsWith('/lti/')) return;
    // An institution's program: an API key instead of a session (no cookie, so no CSRF to check).
    const authorization = request.headers.authorization;
    if (authorization !== undefined && /^Bearer\s/i.test(authorization)) {
      const key = /^Bearer (\S{1,200})$/i.exec(authorization)?.[1];
      request.session = key ? await apiKeys.authenticate(key) : null;
      if (!request.session) throw new AppError('LG_BAD_API_KEY', 401, 'This API key is not valid or was revoked. Send it as "Authorization: Bearer lg_…".');
      return;
    }
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token || token.length > 200) return;
    const session = await accounts.session(token);
    if (!session) return;
    request.session = session;
    request.sessionToken = token;
    if (!SAFE_METHODS.has(request.method) && !AccountsService.csrfMatches(session, request.headers['x-csrf-token'] as string | undefined)) {
      throw new AppError('LG_CSRF', 403, 'This request lacks the CSRF token of your session. Reload the page and try again.');
    }
  };
}

/** The actor of a request, or a 401 when nobody is signed in. */
export function requireActor(request: FastifyRequest): Actor {
  const actor = AccountsService.actorOf(request.session);
  if (!actor) throw unauthenticated();
  return actor;
}

/** The actor of a request, or null. */
export function optionalActor(request: FastifyRequest): Actor | null {
  return AccountsService.actorOf(request.session);
}
