import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import etag from '@fastify/etag';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { accountRoutes } from '../accounts/routes.ts';
import { selfServiceRoutes } from '../accounts/self-service-routes.ts';
import { oidcRoutes } from '../accounts/oidc-routes.ts';
import { privacyRoutes } from '../privacy/routes.ts';
import { adminRoutes } from '../admin/routes.ts';
import { onboardingRoutes } from '../onboarding/routes.ts';
import { qualityRoutes } from '../quality/routes.ts';
import { curationRoutes } from '../curation/routes.ts';
import { communityRoutes } from '../community/routes.ts';
import { discussionRoutes } from '../community/discussion-routes.ts';
import { catalogueRoutes } from '../catalogue/routes.ts';
import { searchRoutes } from '../search/routes.ts';
import { CurriculumNode, findRoutes } from '../search/find-routes.ts';
import { lessonRoutes } from '../lessons/routes.ts';
import { ltiRoutes } from '../publish/lti/routes.ts';
import { addRouteExamples, withComponentExample } from '../kernel/api-examples.ts';
import { checkResponses } from './response-check.ts';
import { oaiRoutes } from '../publish/oai/routes.ts';
import { exportRoutes } from '../publish/export-routes.ts';
import { sitemapRoutes } from '../publish/sitemap.ts';
import { Lesson, LessonDocument } from '../lessons/schema.ts';
import { Resource, ResourceList } from '../catalogue/schema.ts';
import { migrationState } from '../db/store.ts';
import { importRoutes } from '../harvest/routes.ts';
import { sourceRoutes } from '../harvest/source-routes.ts';
import { insightRoutes } from '../insight/routes.ts';
import { pageRoutes } from '../publish/pages.ts';
import { vocabularyRoutes } from '../vocab/routes.ts';
import { rateLimitKey, refuseFailedAuth, sessionHook } from '../accounts/auth.ts';
import formbody from '@fastify/formbody';
import type { AppContext } from './context.ts';
import type { App } from '../kernel/http.ts';
import { problemHandler } from '../kernel/problems.ts';
import { cleanDeep } from '../kernel/text.ts';
import { Problem } from '../kernel/schema.ts';

/** Only the named services of the context: each routes module receives what it uses, nothing more. */
function pick<K extends keyof AppContext>(ctx: AppContext, ...keys: K[]): Pick<AppContext, K> {
  return Object.fromEntries(keys.map((key) => [key, ctx[key]])) as Pick<AppContext, K>;
}

/** Assembles the HTTP server: plugins, the OpenAPI document, every capability's routes, the web app. */
export async function buildServer(ctx: AppContext, options: { logger?: boolean } = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : ctx.log,
    logger: options.logger === false ? false : undefined,
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
  } as never).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  app.setErrorHandler(problemHandler);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Museums' images, IIIF manifests and image services are read from their own servers (plain
        // http too where private hosts are allowed: development and tests).
        imgSrc: ["'self'", 'https:', 'data:', ...(ctx.config.harvest.allowPrivateHosts ? ['http:'] : [])],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'", 'https:', ...(ctx.config.harvest.allowPrivateHosts ? ['http:'] : [])],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Images of museums are hot-linked; no referrer leaves the site beyond the origin.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie, { secret: ctx.config.secret });
  // The open read interfaces: any site may read them from a browser (no cookies are sent along).
  const openRead = (request: {
    method: string;
    url: string;
    headers: Record<string, string | string[] | undefined>;
  }) => {
    const method =
      request.method === 'OPTIONS' ? String(request.headers['access-control-request-method'] ?? '') : request.method;
    const url = request.url;
    return (
      (method === 'GET' || method === 'HEAD') &&
      (url.startsWith('/api/v1/') ||
        url.startsWith('/oai') ||
        url.startsWith('/lti/jwks') ||
        url.startsWith('/sitemap'))
    );
  };
  await app.register(cors, {
    delegator: (request, callback) =>
      callback(
        null,
        openRead(request)
          ? {
              origin: '*',
              methods: ['GET', 'HEAD'],
              exposedHeaders: ['ETag', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After'],
              maxAge: 86_400,
            }
          : { origin: false },
      ),
  });
  await app.register(etag);
  // Every client of /api and /oai (an API key, a session, else an address) gets a share per minute,
  // announced in RateLimit headers; routes with stricter needs (sign-in, harvest tests) set their own.
  await app.register(rateLimit, {
    global: true,
    max: ctx.config.rateLimitPerMinute,
    timeWindow: '1 minute',
    enableDraftSpec: true,
    allowList: (request) => !(request.url.startsWith('/api/') || request.url.startsWith('/oai')),
    // A school's pupils often share one address: signed-in users count apart, by their verified
    // session (the session hook runs first); anything unverified counts by its address.
    keyGenerator: rateLimitKey,
  });
  await app.register(multipart, { limits: { fileSize: ctx.config.maxUploadBytes, files: 1 } });
  app.addHook('onRequest', sessionHook(ctx.accounts, ctx.apiKeys));
  app.addHook('preValidation', refuseFailedAuth);
  // Characters XML does not allow (NUL above all) are dropped from every value a client sends,
  // before validation: they would break the OAI-PMH pages that show them, and PostgreSQL refuses NUL.
  app.addHook('preValidation', async (request) => {
    request.query = cleanDeep(request.query);
    request.params = cleanDeep(request.params);
    if (request.body && typeof request.body === 'object' && !Buffer.isBuffer(request.body))
      request.body = cleanDeep(request.body);
  });

  // Every /api and /oai answer may be a 429 of the rate limit: the API document says so for each route.
  app.addHook('onRoute', (route) => {
    const response = route.schema?.response as Record<string, unknown> | undefined;
    if (response && (route.url.startsWith('/api/') || route.url.startsWith('/oai')) && !response['429'])
      response['429'] = Type.Ref('Problem');
    // Any route that reads the store answers 503 while the store cannot be reached.
    if (response && !response['503']) response['503'] = Type.Ref('Problem');
    // A route that reads a body may meet one too large (413) or of a type it does not read (415).
    if (response && (route.schema?.body || route.config?.documentedBody)) {
      response['413'] ??= Type.Ref('Problem');
      response['415'] ??= Type.Ref('Problem');
    }
    addRouteExamples(route);
  });
  if (ctx.config.checkResponses) await checkResponses(app);
  app.addSchema(withComponentExample(Problem));
  app.addSchema(withComponentExample(Resource));
  app.addSchema(withComponentExample(ResourceList));
  app.addSchema(withComponentExample(CurriculumNode));
  app.addSchema(withComponentExample(LessonDocument));
  app.addSchema(withComponentExample(Lesson));
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Leergoed API',
        version: '1.0.0',
        description:
          'Open API of Leergoed: the catalogue of open learning material and digital heritage, its vocabularies (SLO curriculum, licences), imports and sessions. Errors are application/problem+json (RFC 9457).',
        license: {
          name: 'EUPL-1.2',
          url: 'https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12',
        },
      },
      servers: [{ url: ctx.config.publicUrl }],
      tags: [
        { name: 'catalogue', description: 'Resources: learning material, heritage objects, lessons' },
        { name: 'search', description: 'Autocomplete; searching itself is `GET /api/v1/resources?q=`' },
        { name: 'curriculum', description: 'The curriculum browser and suggested learning objectives' },
        {
          name: 'lessons',
          description: 'Lessons: drafts, licence checks, published versions, copies (forks), exports',
        },
        { name: 'export', description: 'The whole catalogue as JSON Lines, and the changes feed to mirror it' },
        { name: 'oai-pmh', description: 'OAI-PMH 2.0 provider: harvest the catalogue' },
        { name: 'lti', description: 'LTI 1.3 tool: platform registration, OIDC login, launch, JWKS, Deep Linking 2.0' },
        { name: 'vocabularies', description: 'Levels, subjects, kerndoelen, leerdoelen, resource types, licences' },
        { name: 'import', description: 'File imports and their reports' },
        { name: 'accounts', description: 'Sessions, self-service accounts, school login, my data' },
        {
          name: 'organisations',
          description: 'Organisations applying for an account, their teams, invitations by mail',
        },
        {
          name: 'quality',
          description: "Quality signals of resources: automatic checks, completeness, teachers' ratings",
        },
        {
          name: 'curation',
          description:
            'The curation workspace: suggested objectives, failed checks, reviews and reported problems waiting for a person',
        },
        { name: 'admin', description: 'Users, roles, organisations, applications and the audit log (administrators)' },
        {
          name: 'communities',
          description: 'Subject communities and regional networks: members, shared collections, discussions',
        },
        { name: 'insight', description: 'Anonymous usage events' },
        { name: 'operations', description: 'Health and readiness' },
      ],
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'lg_session' } } },
    },
    // A body a route reads itself (a multipart upload) is shown as the route declares it in its config.
    transform: ({ schema, url, route }) => ({
      schema: route.config?.documentedBody ? { ...schema, body: route.config.documentedBody } : schema,
      url,
    }),
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false, uiConfig: { deepLinking: true } });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // How to report a vulnerability (RFC 9116): to the operator's address; see docs/security.md.
  app.get('/.well-known/security.txt', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .send(
        [
          `Contact: mailto:${ctx.config.oai.adminEmail}`,
          `Expires: ${new Date(Date.now() + 365 * 86400_000).toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
          'Preferred-Languages: nl, en',
          `Canonical: ${ctx.config.publicUrl}/.well-known/security.txt`,
          '',
        ].join('\n'),
      ),
  );

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: store reachable, migrations current',
        response: {
          200: Type.Object({
            status: Type.String(),
            store: Type.String(),
            migrations: Type.Object({ applied: Type.Array(Type.String()), pending: Type.Array(Type.String()) }),
            resources: Type.Integer(),
            memoryIndex: Type.Optional(
              Type.Union([Type.Literal('off'), Type.Literal('loading'), Type.Literal('ready')], {
                description:
                  'The in-memory index of filters and facets: until it is ready, the store answers searches (slower on large catalogues).',
              }),
            ),
          }),
          503: Type.Object({
            status: Type.String(),
            store: Type.String(),
            error: Type.Optional(Type.String()),
            migrations: Type.Optional(
              Type.Object({ applied: Type.Array(Type.String()), pending: Type.Array(Type.String()) }),
            ),
          }),
        },
      },
    },
    async (_request, reply) => {
      try {
        const migrations = await migrationState(ctx.store);
        const resources = await ctx.catalogue.countAll();
        const ready = migrations.pending.length === 0;
        const memory = ctx.search.memory;
        const memoryIndex = !memory ? ('off' as const) : memory.ready ? ('ready' as const) : ('loading' as const);
        return reply.status(ready ? 200 : 503).send({
          status: ready ? 'ready' : 'migrations pending',
          store: ctx.store.dialect.name,
          migrations,
          resources,
          memoryIndex,
        });
      } catch (error) {
        return reply.status(503).send({
          status: 'store unreachable',
          store: ctx.store.dialect.name,
          error: (error as Error).message.slice(0, 200),
        });
      }
    },
  );

  await searchRoutes(app, pick(ctx, 'store', 'search'));
  await catalogueRoutes(app, pick(ctx, 'store', 'catalogue'));
  await findRoutes(app, pick(ctx, 'store', 'catalogue', 'search', 'vocab'));
  await lessonRoutes(app, pick(ctx, 'lessons', 'vocab'));
  // Form-encoded bodies only where a protocol posts them (LTI, OAI-PMH): everywhere else a form
  // another site submits (a sign-in, a write) is not even parsed.
  await app.register(async (forms) => {
    await forms.register(formbody, { bodyLimit: 64 * 1024 });
    await ltiRoutes(forms as App, pick(ctx, 'lti'));
    await oaiRoutes(forms as App, pick(ctx, 'store', 'catalogue', 'config'));
  });
  await exportRoutes(app, pick(ctx, 'store', 'catalogue', 'lessons', 'vocab', 'config'));
  await sitemapRoutes(app, pick(ctx, 'store', 'config'));
  await vocabularyRoutes(app, pick(ctx, 'vocab'));
  await accountRoutes(app, pick(ctx, 'accounts', 'apiKeys', 'lessons', 'config'));
  await selfServiceRoutes(app, pick(ctx, 'selfService'));
  await oidcRoutes(app, pick(ctx, 'oidc', 'accounts', 'config'));
  await privacyRoutes(app, pick(ctx, 'privacy'));
  await adminRoutes(app, pick(ctx, 'admin'));
  await onboardingRoutes(app, pick(ctx, 'applications', 'team', 'accounts', 'config'));
  await qualityRoutes(app, pick(ctx, 'quality', 'reviews', 'marks', 'qualityReport'));
  await curationRoutes(app, pick(ctx, 'curation'));
  await communityRoutes(app, pick(ctx, 'communities'));
  await discussionRoutes(app, pick(ctx, 'discussions'));
  await importRoutes(app, pick(ctx, 'store', 'catalogue', 'imports', 'sources', 'harvester', 'jobs', 'config'));
  await sourceRoutes(app, pick(ctx, 'store', 'catalogue', 'sources', 'harvester', 'jobs'));
  await insightRoutes(app, pick(ctx, 'store', 'catalogue'));
  await pageRoutes(app, pick(ctx, 'store', 'catalogue', 'communities', 'quality', 'config'));

  const assets = join(ctx.config.webRoot, 'assets');
  if (existsSync(assets)) {
    await app.register(fastifyStatic, {
      root: assets,
      prefix: '/assets/',
      immutable: true,
      maxAge: '365d',
      index: false,
      wildcard: true,
    });
  }
  return app;
}
