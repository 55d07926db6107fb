import type { Store } from '../db/store.ts';
import '@fastify/multipart';
import { canSee, requireEditor, sourceView, visibleOrganisations } from './views.ts';
import { Type } from 'typebox';
import { requireInstitutionActor } from '../accounts/auth.ts';
import { badRequest, forbidden } from '../kernel/errors.ts';
import { canImportFor } from '../accounts/model.ts';
import type { App } from '../kernel/http.ts';
import { problemResponses } from '../kernel/schema.ts';
import { enqueueHarvest } from './jobs.ts';
import { previewSource } from './preview.ts';
import { SOURCE_TYPES } from './sources.ts';
import { runStarter } from './service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { SourcesService } from './sources.ts';
import type { Harvester } from './harvester.ts';
import type { JobQueue } from '../jobs/queue.ts';

import { Source, SourceBody, ConnectionPreview } from './schema.ts';
/** The services these routes use. */
export interface SourceRoutesDeps {
  store: Pick<Store, 'db'>;
  catalogue: CatalogueService;
  sources: SourcesService;
  harvester: Harvester;
  jobs: JobQueue;
}

/** `/api/v1/sources`: an institution's harvest sources — add, test, change, list and run them. */
export async function sourceRoutes(app: App, ctx: SourceRoutesDeps): Promise<void> {
  app.get(
    '/api/v1/sources',
    {
      schema: {
        tags: ['import'],
        summary: 'Sources of the institutions you edit (all for curators and admins)',
        response: { 200: Type.Array(Source), ...problemResponses },
      },
    },
    async (request) => {
      const actor = requireInstitutionActor(request, 'read');
      requireEditor(actor);
      return Promise.all(
        (await ctx.sources.list(visibleOrganisations(actor))).map((source) => sourceView(ctx, source)),
      );
    },
  );

  app.post(
    '/api/v1/sources/test',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['import'],
        summary: 'Test a source before adding it',
        description:
          'Identify, metadata formats, sets, and the first records as Leergoed would map them (nothing is stored), with warnings such as the share of records without a licence. Formats Leergoed does not map are reported with what the endpoint offers.',
        body: Type.Object(
          {
            type: Type.Optional(Type.Union(SOURCE_TYPES.map((t) => Type.Literal(t)))),
            url: Type.String({ maxLength: 2000, pattern: '^https?://' }),
            metadataPrefix: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
            set: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: {
          200: ConnectionPreview,
          ...problemResponses,
        },
      },
    },
    async (request) => {
      requireEditor(requireInstitutionActor(request, 'harvests:run'));
      return previewSource(ctx.catalogue, ctx.harvester, { ...request.body, type: request.body.type ?? 'oai-pmh' });
    },
  );

  app.post(
    '/api/v1/sources',
    {
      schema: {
        tags: ['import'],
        summary: 'Add a source for your institution (OAI-PMH, IIIF collection, file URL, NDE dataset description)',
        body: SourceBody,
        response: { 201: Source, ...problemResponses },
      },
    },
    async (request, reply) => {
      const source = await ctx.sources.create(requireInstitutionActor(request, 'harvests:run'), request.body);
      return reply.status(201).send(await sourceView(ctx, source));
    },
  );

  app.get(
    '/api/v1/sources/:id',
    {
      schema: {
        tags: ['import'],
        summary: 'A source with its harvest job and last run',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: { 200: Source, ...problemResponses },
      },
    },
    async (request) => {
      const actor = requireInstitutionActor(request, 'read');
      const source = await ctx.sources.get(request.params.id);
      if (!canSee(actor, source.organisation_id)) throw forbidden('This source belongs to another institution.');
      return sourceView(ctx, source);
    },
  );

  app.patch(
    '/api/v1/sources/:id',
    {
      schema: {
        tags: ['import'],
        summary: 'Change a source: pause (enabled=false), schedule, address, format, set',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: Type.Partial(Type.Omit(SourceBody, ['organisationId', 'type']), { additionalProperties: false }),
        response: { 200: Source, ...problemResponses },
      },
    },
    async (request) =>
      sourceView(
        ctx,
        await ctx.sources.update(requireInstitutionActor(request, 'harvests:run'), request.params.id, request.body),
      ),
  );

  app.post(
    '/api/v1/sources/:id/run',
    {
      schema: {
        tags: ['import'],
        summary: 'Harvest a source now (queued for the worker; one harvest per source at a time)',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: Type.Optional(
          Type.Object(
            { full: Type.Optional(Type.Boolean({ description: 'ignore the last harvest and fetch everything' })) },
            { additionalProperties: false },
          ),
        ),
        response: { 202: Type.Object({ jobId: Type.String(), created: Type.Boolean() }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const actor = requireInstitutionActor(request, 'harvests:run');
      const source = await ctx.sources.get(request.params.id);
      if (!canImportFor(actor, source.organisation_id))
        throw forbidden('Only editors of this institution may run its sources.');
      if (!source.enabled) throw badRequest('LG_SOURCE_PAUSED', 'This source is paused; enable it first.');
      return reply.status(202).send(
        await enqueueHarvest(ctx.jobs, source.id, {
          full: request.body?.full,
          startedBy: runStarter(actor, 'request'),
        }),
      );
    },
  );
}
