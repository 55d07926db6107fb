import { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { App } from '../kernel/http.ts';
import { API_EXAMPLES } from '../kernel/api-examples.ts';
import { media, problemResponses } from '../kernel/schema.ts';
import { KINDS, type Kind } from '../catalogue/model.ts';
import { changes, exportLines } from './export.ts';
import type { Store } from '../db/store.ts';
import type { CatalogueService } from '../catalogue/service.ts';

/** `GET /api/v1/export` (the whole catalogue as JSON Lines) and `GET /api/v1/changes` (the feed to mirror it). */
/** The services these routes use. */
export interface ExportRoutesDeps {
  store: Pick<Store, 'db'>;
  catalogue: CatalogueService;
}

export async function exportRoutes(app: App, ctx: ExportRoutesDeps): Promise<void> {
  app.get(
    '/api/v1/export',
    {
      schema: {
        tags: ['export'],
        summary:
          'Every published resource as JSON Lines (one resource a line, as GET /api/v1/resources/{id} shows it), streamed',
        description:
          'For a first copy of the catalogue; follow `GET /api/v1/changes` afterwards. Same as `leergoed export`.',
        querystring: Type.Object({ kind: Type.Optional(Type.Union(KINDS.map((k) => Type.Literal(k)))) }),
        response: {
          200: media('One resource a line', {
            'application/x-ndjson': { example: `${JSON.stringify(API_EXAMPLES.components.Resource)}\n` },
          }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) =>
      reply
        .type('application/x-ndjson; charset=utf-8')
        .header('content-disposition', 'attachment; filename="leergoed.jsonl"')
        .send(
          Readable.from(
            exportLines(ctx.store.db, ctx.catalogue, { kind: (request.query.kind as Kind | undefined) ?? null }),
          ),
        ),
  );

  const Change = Type.Object({
    id: Type.String(),
    type: Type.Union([Type.Literal('upsert'), Type.Literal('withdrawn')]),
    changedAt: Type.String(),
    resource: Type.Union([Type.Ref('Resource'), Type.Null()]),
  });
  app.get(
    '/api/v1/changes',
    {
      schema: {
        tags: ['export'],
        summary: 'The changes since a moment or a cursor: resources published, changed or withdrawn, oldest first',
        description:
          '`since` is an ISO date or time, or the `next` of the previous page. Follow `next` while `more` is true; keep the last `next` to ask again later. A resource changed several times appears once, at its latest state.',
        querystring: Type.Object({
          since: Type.String({ minLength: 1, maxLength: 500 }),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(Change), next: Type.String(), more: Type.Boolean() }),
          ...problemResponses,
        },
      },
    },
    async (request) => changes(ctx.store.db, ctx.catalogue, request.query.since, request.query.limit ?? 100),
  );
}
