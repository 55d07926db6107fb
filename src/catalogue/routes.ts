import { Type } from 'typebox';
import { optionalActor, optionalInstitutionActor, requireActor, requireInstitutionActor } from '../accounts/auth.ts';
import { AppError, notFound } from '../kernel/errors.ts';
import type { App } from '../kernel/http.ts';
import { media, problemResponses } from '../kernel/schema.ts';
import type { ResourceInput as ResourceInputModel } from './model.ts';
import { IdParams, ObjectiveSuggestions, ResourceInput, ResourcePatch } from './schema.ts';
import type { Store } from '../db/store.ts';
import type { CatalogueService } from './service.ts';

/** The services these routes use. */
export interface CatalogueRoutesDeps {
  store: Pick<Store, 'db'>;
  catalogue: CatalogueService;
}

/** `/api/v1/resources/{id}`: get, create, update, withdraw, the raw source record, objective suggestions (the list is search's). */
export async function catalogueRoutes(app: App, ctx: CatalogueRoutesDeps): Promise<void> {
  app.get(
    '/api/v1/resources/:id',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'One resource with its metadata, licence, attribution and provenance',
        description: 'A withdrawn resource answers 410 Gone with its tombstone in the body.',
        params: IdParams,
        response: { 200: Type.Ref('Resource'), 410: Type.Ref('Resource'), ...problemResponses },
      },
    },
    async (request, reply) => {
      const resource = await ctx.catalogue.get(request.params.id, {
        includeWithdrawn: true,
        actor: optionalInstitutionActor(request),
      });
      if (!resource) throw notFound('Resource', request.params.id);
      if (resource.status === 'withdrawn') return reply.status(410).send(resource);
      return resource;
    },
  );

  app.get(
    '/api/v1/resources/:id/raw',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'The source record a resource was imported from, as it was received',
        description:
          'A download (`Content-Disposition: attachment`), never a page: harvested markup is served inert, in a sandbox, not sniffed. It follows the resource: 404 for a draft only its editors see, 410 when withdrawn.',
        params: IdParams,
        response: {
          200: media(
            'The record in its own format: XML, JSON or a CSV row; the X-Leergoed-Format header names the format (nl-lom, lido, edm, oai_dc, iiif, tate-json, csv-…)',
            {
              'application/xml': {
                example:
                  '<lom xmlns="http://www.imsglobal.org/xsd/imsmd_v1p2"><general><title><langstring xml:lang="nl">De titel van een leerobject : over hoe je titels en ondertitels vastlegt</langstring></title>…</general>…</lom>',
              },
              'application/json': {
                json: {
                  acno: 'A00909',
                  title: 'The Death of Actaeon, with a Distant View of Montjovet, Val d’Aosta',
                  all_artists: 'Joseph Mallord William Turner',
                  dateText: 'c.1837',
                  medium: 'Oil paint on canvas',
                  classification: 'painting',
                },
              },
              'text/csv': {
                example:
                  'recordnummer;objectnummer;titel;…\n7462;SK-A-1671;Cornelis van Aerssen (1637-88), heer van Sommelsdijk. Sedert 1683 gouverneur van Suriname;…',
              },
            },
          ),
          410: Type.Ref('Problem'),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const resource = await ctx.catalogue.get(request.params.id, {
        includeWithdrawn: true,
        actor: optionalInstitutionActor(request),
      });
      if (!resource) throw notFound('Resource', request.params.id);
      if (resource.status === 'withdrawn')
        throw new AppError('LG_WITHDRAWN', 410, 'This resource was withdrawn; its source record is no longer served.');
      const raw = await ctx.catalogue.rawRecord(request.params.id);
      if (!raw) throw notFound('Raw record of resource', request.params.id);
      const json = raw.format === 'tate-json' || raw.format === 'iiif' || raw.format === 'jsonl';
      const [type, extension] = json
        ? ['application/json', 'json']
        : raw.format.startsWith('csv')
          ? ['text/csv', 'csv']
          : ['application/xml', 'xml'];
      // Harvested markup may hold scripts, event handlers and refreshes: a browser must never render it
      // as a page of this site. It downloads, and even opened it runs nothing and loads nothing.
      return reply
        .type(`${type}; charset=utf-8`)
        .header('x-leergoed-format', raw.format)
        .header('content-disposition', `attachment; filename="${resource.id}.${extension}"`)
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('x-content-type-options', 'nosniff')
        .send(raw.raw);
    },
  );

  app.post(
    '/api/v1/resources',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Create a resource',
        description:
          'Signed-in users; institution editors may create for their institution (`organisationId`). Cookie sessions send `X-CSRF-Token`.',
        body: ResourceInput,
        response: { 201: Type.Ref('Resource'), ...problemResponses },
      },
    },
    async (request, reply) => {
      const actor = requireInstitutionActor(request, 'records:write');
      const { organisationId, status, ...input } = request.body;
      const created = await ctx.catalogue.create(actor, input as ResourceInputModel, organisationId ?? null, status);
      return reply.status(201).header('location', `/api/v1/resources/${created.id}`).send(created);
    },
  );

  app.patch(
    '/api/v1/resources/:id',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Change fields of a resource',
        description:
          "Fields left out keep their value. Editors change their institution's resources; curators and admins any.",
        params: IdParams,
        body: ResourcePatch,
        response: { 200: Type.Ref('Resource'), ...problemResponses },
      },
    },
    async (request) => {
      const { status, ...patch } = request.body;
      return ctx.catalogue.update(
        requireInstitutionActor(request, 'records:write'),
        request.params.id,
        patch as Partial<ResourceInputModel>,
        status,
      );
    },
  );

  app.post(
    '/api/v1/resources/:id/withdraw',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Withdraw a resource',
        description:
          'The resource is no longer listed; its identifier keeps answering (410) so lessons that use it can say what happened.',
        params: IdParams,
        body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
        response: { 200: Type.Ref('Resource'), ...problemResponses },
      },
    },
    async (request) =>
      ctx.catalogue.withdraw(
        requireInstitutionActor(request, 'records:write'),
        request.params.id,
        request.body.reason ?? null,
      ),
  );

  app.get(
    '/api/v1/resources/:id/objective-suggestions',
    {
      schema: {
        tags: ['curriculum'],
        summary: "Learning objectives suggested from a resource's text, with the words that matched",
        description:
          'Kerndoelen and leerdoelen the resource is not aligned with yet, best first, and the decisions teachers or curators took on them.',
        params: IdParams,
        response: { 200: ObjectiveSuggestions, ...problemResponses },
      },
    },
    async (request) => {
      const suggestions = await ctx.catalogue.objectiveSuggestions(request.params.id, optionalActor(request));
      if (!suggestions) throw notFound('Resource', request.params.id);
      return {
        suggestions,
        mayDecide: await ctx.catalogue.mayDecideObjectives(request.params.id, optionalActor(request)),
      };
    },
  );

  app.post(
    '/api/v1/resources/:id/objective-suggestions/:objectiveId',
    {
      schema: {
        tags: ['curriculum'],
        summary: 'Confirm or reject a suggested learning objective (or vote on it)',
        description:
          "Curators, admins and whoever may edit the resource (the owning institution's editors, its maker) decide: a confirmed objective counts as an alignment (filters, facets, the curriculum browser); who decided and when is stored. Anyone else signed in votes: the vote is counted in `votes` for the deciders to see, and changes no alignment. Cookie sessions send `X-CSRF-Token`.",
        params: Type.Object({ id: Type.String({ maxLength: 100 }), objectiveId: Type.String({ maxLength: 100 }) }),
        body: Type.Object(
          { decision: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]) },
          { additionalProperties: false },
        ),
        response: { 200: ObjectiveSuggestions, ...problemResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        suggestions: await ctx.catalogue.decideObjective(
          actor,
          request.params.id,
          request.params.objectiveId,
          request.body.decision,
        ),
        mayDecide: await ctx.catalogue.mayDecideObjectives(request.params.id, actor),
      };
    },
  );
}
