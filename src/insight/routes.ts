import { Type } from 'typebox';
import { notFound } from '../kernel/errors.ts';
import type { App } from '../kernel/http.ts';
import { problemResponses } from '../kernel/schema.ts';
import { recordUsage } from './usage.ts';
import type { Store } from '../db/store.ts';

/** The services these routes use. */
export interface InsightRoutesDeps {
  store: Pick<Store, 'db'>;
  /** The catalogue, asked whether a resource exists (a port: insight sits below the catalogue). */
  catalogue: { get(id: string): Promise<unknown> };
}

/** `POST /api/v1/events`: the web application reports that a search result was opened. */
export async function insightRoutes(app: App, ctx: InsightRoutesDeps): Promise<void> {
  app.post(
    '/api/v1/events',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['insight'],
        summary: 'Record that a search result was opened',
        description: 'Anonymous: nothing about the visitor is stored, only the resource, the query and the day.',
        body: Type.Object(
          {
            type: Type.Literal('result_opened'),
            resourceId: Type.String({ maxLength: 100 }),
            query: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 202: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const exists = await ctx.catalogue.get(request.body.resourceId);
      if (!exists) throw notFound('Resource', request.body.resourceId);
      await recordUsage(ctx.store.db, {
        type: 'result_opened',
        resourceId: request.body.resourceId,
        query: request.body.query ?? null,
      });
      return reply.status(202).send(null);
    },
  );
}
