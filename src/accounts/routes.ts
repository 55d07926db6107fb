import { Type } from 'typebox';
import { SESSION_COOKIE, requireActor } from './auth.ts';
import { API_KEY_SCOPES, MEMBER_ROLES } from './model.ts';
import type { App } from '../kernel/http.ts';
import { literals, problemResponses } from '../kernel/schema.ts';
import type { AccountsService } from './service.ts';
import type { ApiKeyService } from './api-keys.ts';

export const Session = Type.Object({
  user: Type.Object({
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: Type.String(),
    organisations: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        kind: Type.String(),
        role: literals(MEMBER_ROLES),
      }),
    ),
    hasPassword: Type.Boolean({ description: 'False for an account that signs in only through a school login' }),
  }),
  csrfToken: Type.String({ description: 'Send it as X-CSRF-Token with every write made with the session cookie' }),
});

/** The services these routes use. */
export interface AccountRoutesDeps {
  accounts: AccountsService;
  apiKeys: ApiKeyService;
  /** Lessons, whose credits follow a renamed author (a port: accounts sit below lessons). */
  lessons: { refreshCredits(userId: string): Promise<unknown> };
  config: { publicUrl: string };
}

/** Sign in and out (sessions in the store, HttpOnly cookie), and the organisations list. */
export async function accountRoutes(app: App, ctx: AccountRoutesDeps): Promise<void> {
  const secure = ctx.config.publicUrl.startsWith('https://');

  app.post(
    '/api/v1/session',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in',
        description:
          'Sets the session cookie (HttpOnly, SameSite=Lax, Secure behind https). At most 10 attempts a minute per address.',
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 320 }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Session, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { token, session, expires } = await ctx.accounts.signIn(request.body.email, request.body.password);
      // A new session on every sign-in; the one this browser had (if any) ends.
      if (request.sessionToken) await ctx.accounts.signOut(request.sessionToken);
      reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires });
      return session;
    },
  );

  app.get(
    '/api/v1/session',
    {
      schema: { tags: ['accounts'], summary: 'The signed-in user', response: { 200: Session, ...problemResponses } },
    },
    async (request) => {
      requireActor(request);
      return request.session!;
    },
  );

  app.delete(
    '/api/v1/session',
    {
      schema: { tags: ['accounts'], summary: 'Sign out', response: { 204: Type.Null(), ...problemResponses } },
    },
    async (request, reply) => {
      if (request.sessionToken) await ctx.accounts.signOut(request.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.patch(
    '/api/v1/accounts/me',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Change your own account: your display name',
        description:
          'The name is shown with what you share (lessons, posts, member lists); it may not be an e-mail address, which Leergoed never shows.',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
        response: { 200: Session, ...problemResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await ctx.accounts.rename(actor, request.body.name);
      if (request.body.name.trim() !== request.session!.user.name) await ctx.lessons.refreshCredits(actor.userId);
      return (await ctx.accounts.session(request.sessionToken!))!;
    },
  );

  app.get(
    '/api/v1/organisations',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Organisations: schools, heritage institutions, publishers',
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              name: Type.String(),
              kind: Type.String(),
              website: Type.Union([Type.String(), Type.Null()]),
            }),
          ),
        },
      },
    },
    async () =>
      (await ctx.accounts.listOrganisations()).map((o) => ({
        id: o.id,
        name: o.name,
        kind: o.kind,
        website: o.website,
      })),
  );

  const Scope = Type.Union([
    Type.Literal(API_KEY_SCOPES[0]),
    Type.Literal(API_KEY_SCOPES[1]),
    Type.Literal(API_KEY_SCOPES[2]),
  ]);
  const ApiKey = Type.Object({
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String(),
    scopes: Type.Array(Scope),
    createdAt: Type.String(),
    lastUsedAt: Type.Union([Type.String(), Type.Null()]),
    revokedAt: Type.Union([Type.String(), Type.Null()]),
  });
  const OrgParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
  app.get(
    '/api/v1/organisations/:id/api-keys',
    {
      schema: {
        tags: ['accounts'],
        summary: 'The API keys of an institution (editors of it, admins); never their secrets',
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(ApiKey) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await ctx.apiKeys.list(requireActor(request), request.params.id) }),
  );

  app.post(
    '/api/v1/organisations/:id/api-keys',
    {
      schema: {
        tags: ['accounts'],
        summary: "Make an API key for an institution's program: shown once, in `key`",
        description:
          "Send it as `Authorization: Bearer lg_…`. It acts for this institution's catalogue and sources only, within its scopes: `read` (the institution's sources, runs and drafts), `records:write` (imports; create, change and withdraw the institution's resources), `harvests:run` (add, change, test and run its sources). It never acts as a person (lessons, communities, accounts) and never as an admin. Keep it secret; revoke it when it may have leaked.",
        params: OrgParams,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            scopes: Type.Array(Scope, { minItems: 1, maxItems: API_KEY_SCOPES.length, uniqueItems: true }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Intersect([ApiKey, Type.Object({ key: Type.String() })]), ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await ctx.apiKeys.create(requireActor(request), request.params.id, request.body.name, request.body.scopes),
        ),
  );

  app.delete(
    '/api/v1/organisations/:id/api-keys/:keyId',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Revoke an API key at once',
        params: Type.Object({ id: Type.String({ maxLength: 100 }), keyId: Type.String({ maxLength: 100 }) }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await ctx.apiKeys.revoke(requireActor(request), request.params.id, request.params.keyId);
      return reply.status(204).send(null);
    },
  );
}
