import { Type } from 'typebox';
import { SESSION_COOKIE, requireActor } from '../accounts/auth.ts';
import type { App } from '../kernel/http.ts';
import { problemResponses } from '../kernel/schema.ts';
import type { PrivacyService } from './service.ts';

/** The services these routes use. */
export interface PrivacyRoutesDeps {
  privacy: PrivacyService;
}

/** My data (AVG): download everything, or leave. */
export async function privacyRoutes(app: App, ctx: PrivacyRoutesDeps): Promise<void> {
  app.get(
    '/api/v1/accounts/me/export',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Everything Leergoed holds about you (account, lessons with all versions, community posts), as JSON',
        response: { 200: Type.Object({}, { additionalProperties: true }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const data = await ctx.privacy.exportData(requireActor(request));
      reply.header('content-disposition', 'attachment; filename="mijn-leergoed-gegevens.json"');
      reply.header('cache-control', 'no-store');
      return data;
    },
  );

  app.delete(
    '/api/v1/accounts/me',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['accounts'],
        summary: 'Delete your account',
        description:
          'Needs your password (an account without one: a school login). Drafts are deleted; published lessons stay available under their open licence, credited by your name (`credit: "name"`) or as "een docent" (`"anonymous"`). Every session ends.',
        body: Type.Object(
          {
            password: Type.Optional(Type.String({ maxLength: 1024 })),
            credit: Type.Union([Type.Literal('name'), Type.Literal('anonymous')]),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ draftsDeleted: Type.Integer() }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const done = await ctx.privacy.deleteAccount(requireActor(request), request.body);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return done;
    },
  );
}
