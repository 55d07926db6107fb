import { Type } from 'typebox';
import type { App } from '../kernel/http.ts';
import { SESSION_COOKIE } from './auth.ts';
import { OIDC_COOKIE, OidcRefusal, type OidcLogin } from './oidc.ts';
import { OidcOffer } from './schema.ts';
import type { AccountsService } from './service.ts';

/** The services these routes use. */
export interface OidcRoutesDeps {
  oidc: OidcLogin | null;
  accounts: AccountsService;
  config: { publicUrl: string };
}

/** A path on this site to return to (never another site's address). */
function safeBack(value: string | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/lessen';
}

/** School and institution login by OpenID Connect: start, and come back. */
export async function oidcRoutes(app: App, ctx: OidcRoutesDeps): Promise<void> {
  const secure = ctx.config.publicUrl.startsWith('https://');
  const login = ctx.oidc;
  const refused = (code: string) => `/inloggen?fout=${encodeURIComponent(code)}`;

  app.get(
    '/api/v1/oidc',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Whether a school or institution login (OpenID Connect) is offered, and its name',
        response: {
          200: OidcOffer,
        },
      },
    },
    async () => ({ enabled: !!login, name: login?.name ?? null }),
  );

  app.get(
    '/api/v1/oidc/login',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Start a school login: redirects to the provider (authorization code flow with PKCE, state, nonce)',
        description:
          '`terug`: the path to return to. `koppelen=1` while signed in links the login to your account instead of signing in.',
        querystring: Type.Object({
          terug: Type.Optional(Type.String({ maxLength: 2000 })),
          koppelen: Type.Optional(Type.String({ maxLength: 5 })),
        }),
        response: { 302: Type.Null() },
      },
    },
    async (request, reply) => {
      if (!login) return reply.redirect(refused('LG_OIDC_UNAVAILABLE'));
      const link = request.query.koppelen === '1' && request.session ? request.session.user.id : null;
      try {
        const { url, cookie } = await login.start(safeBack(request.query.terug), link);
        reply.setCookie(OIDC_COOKIE, cookie, {
          httpOnly: true,
          sameSite: 'lax',
          secure,
          path: '/api/v1/oidc',
          maxAge: 600,
        });
        return reply.redirect(url);
      } catch (error) {
        if (error instanceof OidcRefusal) return reply.redirect(refused(error.code));
        throw error;
      }
    },
  );

  app.get(
    '/api/v1/oidc/callback',
    { schema: { tags: ['accounts'], summary: "The provider's redirect back (not called directly)", hide: true } },
    async (request, reply) => {
      if (!login) return reply.redirect(refused('LG_OIDC_UNAVAILABLE'));
      reply.clearCookie(OIDC_COOKIE, { path: '/api/v1/oidc' });
      try {
        const done = await login.finish(request.url, request.cookies?.[OIDC_COOKIE]);
        // A new session on every sign-in; the one this browser had (if any) ends.
        if (request.sessionToken) await ctx.accounts.signOut(request.sessionToken);
        reply.setCookie(SESSION_COOKIE, done.token, {
          httpOnly: true,
          sameSite: 'lax',
          secure,
          path: '/',
          expires: done.expires,
        });
        return reply.redirect(done.back);
      } catch (error) {
        if (error instanceof OidcRefusal) return reply.redirect(refused(error.code));
        throw error;
      }
    },
  );
}
