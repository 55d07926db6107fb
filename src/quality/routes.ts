import { Type } from 'typebox';
import { optionalActor, requireActor } from '../accounts/auth.ts';
import type { App } from '../kernel/http.ts';
import { problemResponses } from '../kernel/schema.ts';
import { Quality } from './schema.ts';
import type { QualityService } from './service.ts';

/** The services these routes use. */
export interface QualityRoutesDeps {
  quality: QualityService;
}

const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** A resource's quality signals, and teachers' ratings. */
export async function qualityRoutes(app: App, ctx: QualityRoutesDeps): Promise<void> {
  app.get(
    '/api/v1/resources/:id/quality',
    {
      schema: {
        tags: ['quality'],
        summary: "A resource's quality: the automatic checks with their history, completeness, teachers' ratings",
        description:
          'Each signal apart, never blended into one number. `completeness.missing` names the fields that are absent (title, description, language, licence, maker, level, subject, resourceType, image).',
        params: Params,
        response: { 200: Quality, ...problemResponses },
      },
    },
    async (request) => ctx.quality.quality(request.params.id, optionalActor(request)),
  );

  app.put(
    '/api/v1/resources/:id/rating',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['quality'],
        summary:
          'Rate a published resource from 1 to 5, with an optional comment (signed in; one per person, editable)',
        params: Params,
        body: Type.Object(
          {
            score: Type.Integer({ minimum: 1, maximum: 5 }),
            comment: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Quality, 409: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request) => ctx.quality.rate(requireActor(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/resources/:id/rating',
    {
      schema: {
        tags: ['quality'],
        summary: 'Take back your rating of a resource',
        params: Params,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await ctx.quality.unrate(requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
