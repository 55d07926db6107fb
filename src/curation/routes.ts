import { Type } from 'typebox';
import { optionalActor, requireActor } from '../accounts/auth.ts';
import type { App } from '../kernel/http.ts';
import { problemResponses } from '../kernel/schema.ts';
import {
  CheckPage,
  CheckQuery,
  DecisionBody,
  QueueQuery,
  Report,
  ReportBody,
  ReportPage,
  ReportPatch,
  ReportQuery,
  ReviewPage,
  SuggestionPage,
  SuggestionQuery,
  Summary,
} from './schema.ts';
import type { CurationService } from './service.ts';

const tags = ['curation'];

/** The curation workspace's queues and decisions, and "Meld een probleem" on every resource. */
export async function curationRoutes(app: App, ctx: { curation: CurationService }): Promise<void> {
  app.get(
    '/api/v1/curation/summary',
    {
      schema: {
        tags,
        summary: 'How much waits in each curation queue (curators: all institutions; editors: their own)',
        querystring: Type.Object(
          { organisationId: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: Summary, ...problemResponses },
      },
    },
    async (request) => ctx.curation.summary(requireActor(request), request.query.organisationId ?? null),
  );

  app.get(
    '/api/v1/curation/suggestions',
    {
      schema: {
        tags,
        summary: 'Suggested learning objectives waiting for a decision, best first, with their evidence',
        description:
          'Filter by institution, source, objective and a lowest score; a decided suggestion (accepted or rejected) is not listed again.',
        querystring: SuggestionQuery,
        response: { 200: SuggestionPage, ...problemResponses },
      },
    },
    async (request) => ctx.curation.suggestions(requireActor(request), request.query),
  );

  app.post(
    '/api/v1/curation/suggestions/decisions',
    {
      schema: {
        tags,
        summary: 'Accept or reject suggested objectives, one or many (at most 200) at once',
        description:
          'The actor must decide on every resource named (curators; the owning institution’s editors), or nothing is written (403). Every decision records who and when.',
        body: DecisionBody,
        response: { 200: Type.Object({ decided: Type.Integer() }), ...problemResponses },
      },
    },
    async (request) => ctx.curation.decide(requireActor(request), request.body.items, request.body.decision),
  );

  app.get(
    '/api/v1/curation/checks',
    {
      schema: {
        tags,
        summary: 'Records whose latest automatic check failed, newest finding first',
        querystring: CheckQuery,
        response: { 200: CheckPage, ...problemResponses },
      },
    },
    async (request) =>
      ctx.curation.checks(requireActor(request), { ...request.query, checkKind: request.query.kind ?? null }),
  );

  app.get(
    '/api/v1/curation/reviews',
    {
      schema: {
        tags,
        summary:
          'New reviews no curator looked at yet (curators); approve or hide them with PATCH …/reviews/{reviewId}',
        querystring: QueueQuery,
        response: { 200: ReviewPage, ...problemResponses },
      },
    },
    async (request) => ctx.curation.reviews(requireActor(request), request.query),
  );

  app.get(
    '/api/v1/curation/reports',
    {
      schema: {
        tags,
        summary: 'Problems reported on records, open ones first by age (or those resolved or dismissed)',
        querystring: ReportQuery,
        response: { 200: ReportPage, ...problemResponses },
      },
    },
    async (request) => ctx.curation.reports(requireActor(request), request.query),
  );

  app.patch(
    '/api/v1/curation/reports/:reportId',
    {
      schema: {
        tags,
        summary: 'Resolve or dismiss a reported problem (a dismissal needs a note), or open it again',
        params: Type.Object({ reportId: Type.String({ maxLength: 100 }) }),
        body: ReportPatch,
        response: { 200: Report, ...problemResponses },
      },
    },
    async (request) => ctx.curation.handleReport(requireActor(request), request.params.reportId, request.body),
  );

  app.post(
    '/api/v1/resources/:id/problem-reports',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Report a problem with a published resource (signed in or not)',
        description:
          'The message reaches the curators and the owning institution’s editors, never the public. Do not put personal data in it.',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: ReportBody,
        response: {
          201: Type.Object({ id: Type.String(), status: Type.Literal('open') }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const created = await ctx.curation.report(optionalActor(request), request.params.id, request.body);
      return reply.status(201).send(created as { id: string; status: 'open' });
    },
  );
}
