import { Type } from 'typebox';
import { optionalActor, requireActor } from '../accounts/auth.ts';
import { notFound } from '../kernel/errors.ts';
import type { App } from '../kernel/http.ts';
import { problemResponses } from '../kernel/schema.ts';
import { type LessonDocument as LessonDocumentModel } from './model.ts';
import { LessonCheck, LessonIdParams, VersionQuery } from './schema.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import type { LessonService } from './service.ts';

const responses = { ...problemResponses, 409: Type.Ref('Problem') };

/** A lesson in the list of one's own lessons. */
export const LessonSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  status: Type.String(),
  version: Type.Union([Type.Integer(), Type.Null()]),
  updatedAt: Type.String(),
  forkedFrom: Type.Union([Type.String(), Type.Null()]),
});

/** The services these routes use. */
export interface LessonRoutesDeps {
  lessons: LessonService;
  vocab: Vocabularies;
}

/** `/api/v1/lessons`: make, save, check, publish, fork and list lessons. */
export async function lessonRoutes(app: App, ctx: LessonRoutesDeps): Promise<void> {
  const lessons = ctx.lessons;

  app.get(
    '/api/v1/lessons',
    {
      schema: {
        tags: ['lessons'],
        summary: "The signed-in user's lessons, drafts and published, most recently changed first",
        response: {
          200: Type.Object({
            items: Type.Array(LessonSummary),
          }),
          ...responses,
        },
      },
    },
    async (request) => ({ items: await lessons.mine(requireActor(request)) }),
  );

  app.post(
    '/api/v1/lessons',
    {
      schema: {
        tags: ['lessons'],
        summary: 'Start a lesson, empty or from a document',
        body: Type.Object({ document: Type.Optional(Type.Ref('LessonDocument')) }),
        response: { 201: Type.Ref('Lesson'), ...responses },
      },
    },
    async (request, reply) => {
      const view = await lessons.create(
        requireActor(request),
        (request.body.document as LessonDocumentModel | undefined) ?? null,
      );
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/api/v1/lessons/:id',
    {
      schema: {
        tags: ['lessons'],
        summary: 'A lesson: the draft to its maker, else the latest (or the asked) published version',
        params: LessonIdParams,
        querystring: VersionQuery,
        response: { 200: Type.Ref('Lesson'), ...responses },
      },
    },
    async (request) => {
      const view = await lessons.get(request.params.id, optionalActor(request), request.query.version ?? null);
      if (!view) throw notFound('Lesson', request.params.id);
      return view;
    },
  );

  app.put(
    '/api/v1/lessons/:id/draft',
    {
      schema: {
        tags: ['lessons'],
        summary: 'Save the draft (autosave); 409 when it was saved elsewhere since `revision`',
        params: LessonIdParams,
        body: Type.Object({ document: Type.Ref('LessonDocument'), revision: Type.Integer({ minimum: 1 }) }),
        response: { 200: Type.Ref('Lesson'), ...responses },
      },
    },
    async (request) =>
      lessons.saveDraft(
        requireActor(request),
        request.params.id,
        request.body.document as LessonDocumentModel,
        request.body.revision,
      ),
  );

  app.get(
    '/api/v1/lessons/:id/check',
    {
      schema: {
        tags: ['lessons'],
        summary: 'The licences the lesson may carry, its conflicts with the ways out, and its attribution list',
        params: LessonIdParams,
        querystring: VersionQuery,
        response: { 200: LessonCheck, ...responses },
      },
    },
    async (request) => lessons.check(request.params.id, optionalActor(request), request.query.version ?? null),
  );

  app.post(
    '/api/v1/lessons/:id/publish',
    {
      schema: {
        tags: ['lessons'],
        summary: 'Publish the draft as a new version with a change note',
        description:
          "Refused with 409 `LG_LESSON_LICENCE_CONFLICT` when the chosen licence does not fit what the lesson embeds (the problem's `detail` holds the check), and with 409 `LG_LESSON_CONFLICT` when the draft changed since `revision`.",
        params: LessonIdParams,
        body: Type.Object({ changeNote: Type.String({ maxLength: 2000 }), revision: Type.Integer({ minimum: 1 }) }),
        response: { 200: Type.Ref('Lesson'), ...responses },
      },
    },
    async (request) =>
      lessons.publish(requireActor(request), request.params.id, request.body.changeNote, request.body.revision),
  );

  app.get(
    '/api/v1/lessons/:id/versions',
    {
      schema: {
        tags: ['lessons'],
        summary: 'The published versions of a lesson, newest first',
        params: LessonIdParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                version: Type.Integer(),
                changeNote: Type.String(),
                publishedAt: Type.String(),
                publishedBy: Type.String(),
              }),
            ),
          }),
          ...responses,
        },
      },
    },
    async (request) => ({ items: await lessons.versions(request.params.id, optionalActor(request)) }),
  );

  app.post(
    '/api/v1/lessons/:id/fork',
    {
      schema: {
        tags: ['lessons'],
        summary: 'Make my own copy of a published lesson (a draft that says where it came from)',
        params: LessonIdParams,
        response: { 201: Type.Ref('Lesson'), ...responses },
      },
    },
    async (request, reply) => reply.status(201).send(await lessons.fork(requireActor(request), request.params.id)),
  );

  app.get(
    '/api/v1/lessons/:id/forks',
    {
      schema: {
        tags: ['lessons'],
        summary: 'The published copies colleagues made of a lesson',
        params: LessonIdParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                title: Type.String(),
                owner: Type.String(),
                publishedAt: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...responses,
        },
      },
    },
    async (request) => ({ items: await lessons.forks(request.params.id, optionalActor(request)) }),
  );

  app.get(
    '/api/v1/resources/:id/lessons',
    {
      schema: {
        tags: ['lessons'],
        summary: 'The published lessons that use a resource (embedded or linked)',
        params: LessonIdParams,
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })) }),
          ...responses,
        },
      },
    },
    async (request) => ({ items: await lessons.usingResource(request.params.id) }),
  );
}
