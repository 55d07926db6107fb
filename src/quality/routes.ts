import { Type } from 'typebox';
import { optionalActor, requireActor } from '../accounts/auth.ts';
import type { App } from '../kernel/http.ts';
import { media, problemResponses } from '../kernel/schema.ts';
import type { MarkService } from './marks.ts';
import type { ReviewService } from './reviews.ts';
import { RUBRIC } from './rubric.ts';
import {
  Award,
  Mark,
  MarkBody,
  MarkPatch,
  Quality,
  QualityReport,
  ReportQuery,
  Review,
  ReviewBody,
  Rubric,
  TrustedReviewer,
} from './schema.ts';
import type { QualityReportService } from './report.ts';
import type { QualityService } from './service.ts';

/** The services these routes use. */
export interface QualityRoutesDeps {
  quality: QualityService;
  reviews: ReviewService;
  marks: MarkService;
  qualityReport: QualityReportService;
}

const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
const ReviewParams = Type.Object({ id: Type.String({ maxLength: 100 }), reviewId: Type.String({ maxLength: 100 }) });
const UserParams = Type.Object({ userId: Type.String({ maxLength: 100 }) });
const MarkParams = Type.Object({ markId: Type.String({ maxLength: 100 }) });
const AwardParams = Type.Object({ id: Type.String({ maxLength: 100 }), awardId: Type.String({ maxLength: 100 }) });
const OrganisationParams = Type.Object({ organisationId: Type.String({ maxLength: 100 }) });

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

  app.get(
    '/api/v1/quality/report',
    {
      schema: {
        tags: ['quality'],
        summary:
          "An institution's data-quality report: per source and in all, records lacking a licence, picture, level, subject or description or with a broken link, the worst first",
        description:
          'As the latest automatic checks found. Curators see every institution (or the one they name); an institution’s editors their own. `GET /api/v1/quality/report.csv` downloads every record with a problem.',
        querystring: ReportQuery,
        response: { 200: QualityReport, ...problemResponses },
      },
    },
    async (request) => ctx.qualityReport.report(requireActor(request), request.query),
  );

  app.get(
    '/api/v1/quality/report.csv',
    {
      schema: {
        tags: ['quality'],
        summary: 'The data-quality report as CSV: every record with a problem, worst first, with the link to fix it',
        querystring: Type.Object(
          {
            organisationId: Type.Optional(Type.String({ maxLength: 100 })),
            sourceId: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: media('Every record with a problem, worst first', {
            'text/csv': {
              example:
                'id,title,kind,source,completeness,missing,broken_link,checked_at,fix_at\n01a2…,Slavenmarkt in Suriname,heritage,Rijksmuseum,0.63,licence level subject,no,2026-12-04T10:00:00.000Z,https://leergoed.example.nl/r/01a2…\n',
            },
          }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const csv = await ctx.qualityReport.csv(requireActor(request), request.query);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="leergoed-datakwaliteit.csv"');
      return reply.send(csv);
    },
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

  app.get(
    '/api/v1/quality/marks',
    {
      schema: {
        tags: ['quality'],
        summary: 'The quality marks (keurmerken) and who issues them',
        response: { 200: Type.Array(Mark), ...problemResponses },
      },
    },
    async () => ctx.marks.marks(),
  );

  app.post(
    '/api/v1/quality/marks',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['quality'],
        summary: "Define a quality mark for an organisation that issues marks (the organisation's editors)",
        body: MarkBody,
        response: { 201: Mark, 409: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await ctx.marks.define(requireActor(request), request.body)),
  );

  app.patch(
    '/api/v1/quality/marks/:markId',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['quality'],
        summary: "Change a mark's name, criteria, validity or logo (the issuer's editors; awards made stay as given)",
        params: MarkParams,
        body: MarkPatch,
        response: { 200: Mark, 409: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request) => ctx.marks.update(requireActor(request), request.params.markId, request.body),
  );

  app.get(
    '/api/v1/quality/marks/:markId/logo',
    {
      schema: {
        tags: ['quality'],
        summary: "A mark's logo (PNG, JPEG or WebP)",
        params: MarkParams,
        response: {
          200: media('The picture', { 'image/png': 'binary', 'image/jpeg': 'binary', 'image/webp': 'binary' }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const logo = await ctx.marks.logo(request.params.markId);
      return reply
        .header('content-type', logo.type)
        .header('cache-control', 'public, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'")
        .send(logo.bytes);
    },
  );

  app.get(
    '/api/v1/quality/issuers',
    {
      schema: {
        tags: ['quality'],
        summary: 'The organisations that issue quality marks',
        response: { 200: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })), ...problemResponses },
      },
    },
    async () => ctx.marks.issuers(),
  );

  app.put(
    '/api/v1/quality/issuers/:organisationId',
    {
      schema: {
        tags: ['quality'],
        summary: 'Let an organisation issue quality marks (admins; written to the audit log)',
        params: OrganisationParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await ctx.marks.setIssuer(requireActor(request), request.params.organisationId, true);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/quality/issuers/:organisationId',
    {
      schema: {
        tags: ['quality'],
        summary: 'Stop an organisation issuing marks; its awards stay as given (admins; written to the audit log)',
        params: OrganisationParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await ctx.marks.setIssuer(requireActor(request), request.params.organisationId, false);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/resources/:id/marks',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['quality'],
        summary: "Award a mark to a published resource or lesson version (the issuer's editors)",
        description:
          "The award lasts the mark's validity period. A lesson's award names the published version (default the latest); a newer version does not inherit it.",
        params: Params,
        body: Type.Object(
          {
            markId: Type.String({ maxLength: 100 }),
            lessonVersion: Type.Optional(Type.Union([Type.Null(), Type.Integer({ minimum: 1 })])),
          },
          { additionalProperties: false },
        ),
        response: { 201: Award, 409: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await ctx.marks.award(requireActor(request), request.params.id, request.body)),
  );

  app.patch(
    '/api/v1/resources/:id/marks/:awardId',
    {
      schema: {
        tags: ['quality'],
        summary: "Withdraw an awarded mark with a reason (the issuer's editors); it stays on record as withdrawn",
        params: AwardParams,
        body: Type.Object(
          { withdrawn: Type.Literal(true), reason: Type.String({ maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), 409: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request, reply) => {
      await ctx.marks.withdraw(requireActor(request), request.params.id, request.params.awardId, request.body.reason);
      return reply.status(204).send(null);
    },
  );
}
