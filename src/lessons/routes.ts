import { Type } from 'typebox';
import { optionalActor, requireActor } from '../accounts/auth.ts';
import { notFound } from '../kernel/errors.ts';
import type { App } from '../kernel/http.ts';
import { media, problemResponses } from '../kernel/schema.ts';
import { DEFAULT_LIMITS, readAll, safeFetch, type FetchLimits } from '../kernel/fetch.ts';
import { EXPORT_FORMATS, exportLesson, type RemoteFiles } from '../publish/lesson-export.ts';
import { NEEDS, type LessonDocument as LessonDocumentModel, type Need } from './model.ts';
import { LessonCheck, LessonIdParams, VersionQuery } from './schema.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import type { LessonService } from './service.ts';

const responses = { ...problemResponses, 409: Type.Ref('Problem') };

/** Images and manifests an export fetches: under the SSRF guard, 20 s and 10 MB each. */
function remoteFiles(allowPrivateHosts: boolean): RemoteFiles {
  const limits: FetchLimits = { ...DEFAULT_LIMITS, timeoutMs: 20_000, maxBytes: 10 * 1024 * 1024, allowPrivateHosts };
  return {
    bytes: async (url) => readAll((await safeFetch(url, { headers: { accept: 'image/*' } }, limits)).body),
    json: async (url) =>
      JSON.parse(
        (
          await readAll(
            (await safeFetch(url, { headers: { accept: 'application/ld+json, application/json' } }, limits)).body,
          )
        ).toString('utf8'),
      ),
  };
}

/** `/api/v1/lessons`: make, save, check, publish, fork and list lessons. */
/** The services these routes use. */
export interface LessonRoutesDeps {
  lessons: LessonService;
  vocab: Vocabularies;
  config: { publicUrl: string; harvest: { allowPrivateHosts: boolean } };
}

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
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                title: Type.String(),
                status: Type.String(),
                version: Type.Union([Type.Integer(), Type.Null()]),
                updatedAt: Type.String(),
                forkedFrom: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
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

  app.get(
    '/api/v1/lessons/:id/export',
    {
      schema: {
        tags: ['lessons'],
        summary:
          'A published lesson as an IMS Common Cartridge 1.3 (`imscc`) or an offline web package (`web`, a zip of static HTML)',
        description:
          'Exports the latest published version, or `version`. Images are included where the lesson embeds an item (its licence was checked at publishing) and linked otherwise; an image that cannot be fetched is linked and named in the package. `niveau` or `behoefte` export one variant of each section; without them every variant is included under its audience. 409 `LG_LESSON_NOT_PUBLISHED` before the first publish.',
        params: LessonIdParams,
        querystring: Type.Object({
          format: Type.Union(EXPORT_FORMATS.map((f) => Type.Literal(f))),
          version: Type.Optional(Type.Integer({ minimum: 1 })),
          niveau: Type.Optional(Type.String({ maxLength: 200 })),
          behoefte: Type.Optional(Type.Union(NEEDS.map((n) => Type.Literal(n)))),
        }),
        response: {
          200: media('The package, as an attachment', {
            'application/vnd.ims.imsccv1p3': 'binary',
            'application/zip': 'binary',
          }),
          ...responses,
        },
      },
    },
    async (request, reply) => {
      const { format, version, niveau, behoefte } = request.query;
      const { view, attribution } = await lessons.published(request.params.id, optionalActor(request), version ?? null);
      const language = view.document.language;
      const levelLabel = (id: string) => {
        const c = ctx.vocab.resolveAny(['level'], id);
        return (language === 'en' ? c?.labelEn : null) ?? c?.labelNl ?? id;
      };
      const variant =
        niveau || behoefte ? { level: niveau ?? null, need: (behoefte as Need | undefined) ?? null } : null;
      const result = await exportLesson(view, attribution, format, {
        publicUrl: ctx.config.publicUrl,
        levelLabel,
        remote: remoteFiles(ctx.config.harvest.allowPrivateHosts),
        variant,
        now: new Date().toISOString(),
      });
      if (result.notes.length)
        request.log.info({ lesson: view.id, notes: result.notes.length }, 'export linked images it could not include');
      return reply
        .type(result.contentType)
        .header('content-disposition', `attachment; filename="${result.filename}"`)
        .header('cache-control', 'no-cache')
        .send(Buffer.from(result.bytes));
    },
  );
}
