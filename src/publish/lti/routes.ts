import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { optionalActor } from '../../accounts/auth.ts';
import { AppError } from '../../kernel/errors.ts';
import { escapeHtml as e } from '../../kernel/html.ts';
import type { App } from '../../kernel/http.ts';
import { media, problemResponses } from '../../kernel/schema.ts';
import type { LtiService } from './service.ts';

const Platform = Type.Object({
  id: Type.String(),
  name: Type.String(),
  issuer: Type.String(),
  clientId: Type.String(),
  deploymentIds: Type.Array(Type.String()),
  authUrl: Type.String(),
  jwksUrl: Type.String(),
  tokenUrl: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

/** What the browser sees when a login or launch fails: a page naming the reason, in Dutch and English. */
const errorPage = media('A page saying why the lesson could not be opened', {
  'text/html': {
    example:
      '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Leergoed: openen mislukt</title></head><body><h1>Deze les kon niet worden geopend</h1>…<p><code>LG_LTI_EXPIRED_STATE</code>: The login took too long; start it again from the LMS.</p></body></html>',
  },
});

/** An LTI error shown in the LMS's frame: a page for people, in Dutch and English, with its code. */
function ltiErrorPage(reply: FastifyReply, error: unknown): FastifyReply {
  if (!(error instanceof AppError)) throw error;
  return reply.status(error.status).type('text/html; charset=utf-8')
    .send(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Leergoed: openen mislukt</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">
<h1>Deze les kon niet worden geopend</h1><p>Probeer het opnieuw vanuit je ELO. Blijft het mislukken, geef de beheerder dan deze melding door.</p>
<p lang="en">This lesson could not be opened. Try again from your LMS; if it keeps failing, pass this message to the administrator.</p>
<p><code>${e(error.code)}</code>: ${e(error.message)}</p></body></html>`);
}

/**
 * LTI 1.3: `/lti/login` (OIDC login initiation), `/lti/launch` (the id_token), `/lti/jwks` (the
 * tool's keys), `/lti/config` (what an LMS administrator enters), the platforms admins register,
 * and the Deep Linking picker's API.
 */
/** The services these routes use. */
export interface LtiRoutesDeps {
  lti: LtiService;
}

export async function ltiRoutes(app: App, ctx: LtiRoutesDeps): Promise<void> {
  const lti = ctx.lti;

  app.get(
    '/lti/jwks',
    {
      schema: {
        tags: ['lti'],
        summary: "The tool's public keys (JWKS) that platforms verify Deep Linking responses with",
        response: { 200: Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown())) }) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return lti.publicKeys();
    },
  );

  app.get(
    '/lti/config',
    {
      schema: {
        tags: ['lti'],
        summary: 'What an LMS administrator enters to add Leergoed as an LTI 1.3 tool',
        response: {
          200: Type.Object({
            title: Type.String(),
            oidcInitiationUrl: Type.String(),
            targetLinkUri: Type.String(),
            redirectUris: Type.Array(Type.String()),
            jwksUrl: Type.String(),
            deepLinkingUrl: Type.String(),
            messages: Type.Array(Type.String()),
          }),
        },
      },
    },
    async () => ({
      title: 'Leergoed',
      oidcInitiationUrl: lti.loginUrl,
      targetLinkUri: lti.launchUrl,
      redirectUris: [lti.launchUrl],
      jwksUrl: lti.jwksUrl,
      deepLinkingUrl: lti.launchUrl,
      messages: ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'],
    }),
  );

  const loginParams = Type.Object({
    iss: Type.Optional(Type.String({ maxLength: 2000 })),
    login_hint: Type.Optional(Type.String({ maxLength: 2000 })),
    target_link_uri: Type.Optional(Type.String({ maxLength: 2000 })),
    lti_message_hint: Type.Optional(Type.String({ maxLength: 4000 })),
    client_id: Type.Optional(Type.String({ maxLength: 500 })),
    lti_deployment_id: Type.Optional(Type.String({ maxLength: 500 })),
  });
  const login = async (params: Record<string, string | undefined>, reply: FastifyReply) => {
    try {
      return reply.redirect(await lti.login(params), 302);
    } catch (error) {
      return ltiErrorPage(reply, error);
    }
  };
  const loginResponses = {
    302: Type.Null({ description: "To the platform's authorization endpoint, with the OIDC authentication request" }),
    '4xx': errorPage,
  };
  app.get(
    '/lti/login',
    {
      schema: {
        tags: ['lti'],
        summary: 'OIDC login initiation (the platform sends the browser here)',
        querystring: loginParams,
        response: loginResponses,
      },
    },
    async (request, reply) => login(request.query, reply),
  );
  app.post(
    '/lti/login',
    {
      schema: {
        tags: ['lti'],
        summary: 'OIDC login initiation, posted',
        consumes: ['application/x-www-form-urlencoded'],
        body: loginParams,
        response: loginResponses,
      },
    },
    async (request, reply) => login(request.body, reply),
  );

  app.post(
    '/lti/launch',
    {
      schema: {
        tags: ['lti'],
        summary: 'The launch: the platform posts the id_token and state here (form_post)',
        consumes: ['application/x-www-form-urlencoded'],
        description:
          "A resource link opens the pupil's view of the lesson or resource (303); a deep linking request opens the picker. Invalid, expired and replayed tokens get a 400 page naming the reason.",
        body: Type.Object({
          id_token: Type.Optional(Type.String({ maxLength: 60_000 })),
          state: Type.Optional(Type.String({ maxLength: 200 })),
          error: Type.Optional(Type.String({ maxLength: 200 })),
          error_description: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: {
          303: Type.Null({
            description: 'To the lesson or resource (a resource link), or to the picker (a deep linking request)',
          }),
          '4xx': errorPage,
        },
      },
    },
    async (request, reply) => {
      try {
        if (request.body.error)
          throw new AppError(
            'LG_LTI_PLATFORM_ERROR',
            400,
            `The platform answered ${request.body.error}${request.body.error_description ? `: ${request.body.error_description}` : ''}.`,
          );
        const result = await lti.launch(request.body.id_token, request.body.state);
        return reply.redirect(
          result.kind === 'resource' ? result.target : `/lti/kiezen?verzoek=${encodeURIComponent(result.id)}`,
          303,
        );
      } catch (error) {
        return ltiErrorPage(reply, error);
      }
    },
  );

  app.get(
    '/api/v1/lti/platforms',
    {
      schema: {
        tags: ['lti'],
        summary: 'The registered LMS platforms (admins)',
        response: { 200: Type.Object({ items: Type.Array(Platform) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await lti.platforms(optionalActor(request)) }),
  );

  app.post(
    '/api/v1/lti/platforms',
    {
      schema: {
        tags: ['lti'],
        summary: 'Register an LMS as an LTI 1.3 platform (admins)',
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          issuer: Type.String({ minLength: 1, maxLength: 500 }),
          clientId: Type.String({ minLength: 1, maxLength: 500 }),
          deploymentIds: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { minItems: 1, maxItems: 50 }),
          authUrl: Type.String({ maxLength: 2000 }),
          jwksUrl: Type.String({ maxLength: 2000 }),
          tokenUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
        }),
        response: { 201: Platform, ...problemResponses, 409: Type.Ref('Problem') },
      },
    },
    async (request, reply) => reply.status(201).send(await lti.registerPlatform(optionalActor(request), request.body)),
  );

  app.delete(
    '/api/v1/lti/platforms/:id',
    {
      schema: {
        tags: ['lti'],
        summary: 'Remove a platform registration (admins)',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await lti.removePlatform(optionalActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  const requestParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
  app.get(
    '/api/v1/lti/deep-links/:id',
    {
      schema: {
        tags: ['lti'],
        summary: 'A deep linking request the picker answers: which LMS, one item or several',
        params: requestParams,
        response: {
          200: Type.Object({
            platform: Type.String(),
            acceptMultiple: Type.Boolean(),
            title: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => lti.deepLinkRequest(request.params.id),
  );

  app.post(
    '/api/v1/lti/deep-links/:id',
    {
      schema: {
        tags: ['lti'],
        summary:
          'Answer a deep linking request with lessons or resources: a signed LtiDeepLinkingResponse to post to the LMS',
        params: requestParams,
        body: Type.Object({ resourceIds: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 50 }) }),
        response: { 200: Type.Object({ returnUrl: Type.String(), jwt: Type.String() }), ...problemResponses },
      },
    },
    async (request) => lti.deepLinkResponse(request.params.id, request.body.resourceIds),
  );
}
