import { Type } from 'typebox';
import { optionalActor, requireActor } from '../accounts/auth.ts';
import type { App } from '../kernel/http.ts';
import { problemResponses } from '../kernel/schema.ts';
import type { ReviewService } from './reviews.ts';
import { RUBRIC } from './rubric.ts';
import { Quality, Review, ReviewBody, Rubric, TrustedReviewer } from './schema.ts';
import type { QualityService } from './service.ts';

/** The services these routes use. */
export interface QualityRoutesDeps {
  quality: QualityService;
  reviews: ReviewService;
}

const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
const ReviewParams = Type.Object({ id: Type.String({ maxLength: 100 }), reviewId: Type.String({ maxLength: 100 }) });
const UserParams = Type.Object({ userId: Type.String({ maxLength: 100 }) });

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

  app.get(
    '/api/v1/quality/rubric',
    {
      schema: {
        tags: ['quality'],
        summary: 'The published review rubric: its dimensions, in Dutch and English, with what each score 0–3 means',
        response: { 200: Rubric, ...problemResponses },
      },
    },
    async () => RUBRIC,
  );

  app.post(
    '/api/v1/resources/:id/reviews',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['quality'],
        summary: 'Review a published resource or lesson version against the rubric (curators and trusted reviewers)',
        description:
          'Every dimension of the rubric once, each with a score of 0–3 (null: not applicable) and a written reason. A second review of the same version by the same reviewer replaces the first; a lesson review names the version it judged (default the latest).',
        params: Params,
        body: ReviewBody,
        response: { 201: Review, 409: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await ctx.reviews.write(requireActor(request), request.params.id, request.body)),
  );

  app.patch(
    '/api/v1/resources/:id/reviews/:reviewId',
    {
      schema: {
        tags: ['quality'],
        summary: 'Hide a review with a reason, or show it again (curators)',
        params: ReviewParams,
        body: Type.Object(
          {
            hidden: Type.Boolean(),
            reason: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await ctx.reviews.moderate(requireActor(request), request.params.id, request.params.reviewId, request.body);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/resources/:id/reviews/:reviewId',
    {
      schema: {
        tags: ['quality'],
        summary: 'Delete a review (its reviewer, or a curator)',
        params: ReviewParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await ctx.reviews.remove(requireActor(request), request.params.id, request.params.reviewId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/quality/reviewers',
    {
      schema: {
        tags: ['quality'],
        summary: 'Teachers whom curators trust to review (curators)',
        response: { 200: Type.Array(TrustedReviewer), ...problemResponses },
      },
    },
    async (request) => ctx.reviews.trusted(requireActor(request)),
  );

  app.put(
    '/api/v1/quality/reviewers/:userId',
    {
      schema: {
        tags: ['quality'],
        summary: 'Trust a teacher to review (curators; written to the audit log)',
        params: UserParams,
        response: { 204: Type.Null(), 409: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request, reply) => {
      await ctx.reviews.setTrust(requireActor(request), request.params.userId, true);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/quality/reviewers/:userId',
    {
      schema: {
        tags: ['quality'],
        summary: "Take back a teacher's trust to review (curators; written to the audit log)",
        params: UserParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await ctx.reviews.setTrust(requireActor(request), request.params.userId, false);
      return reply.status(204).send(null);
    },
  );
}
