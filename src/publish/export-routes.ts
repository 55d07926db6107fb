import { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { App } from '../kernel/http.ts';
import { API_EXAMPLES } from '../kernel/api-examples.ts';
import { media, problemResponses } from '../kernel/schema.ts';
import { KINDS, type Kind } from '../catalogue/model.ts';
import { changes, exportLines } from './export.ts';
import { EXPORT_FORMATS, exportLesson, type RemoteFiles } from './lesson-export.ts';
import { optionalActor } from '../accounts/auth.ts';
import { DEFAULT_LIMITS, readAll, safeFetch, type FetchLimits } from '../kernel/fetch.ts';
import { NEEDS, type Need } from '../lessons/model.ts';
import { LessonIdParams } from '../lessons/schema.ts';
import type { LessonService } from '../lessons/service.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import type { Store } from '../db/store.ts';
import type { CatalogueService } from '../catalogue/service.ts';

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

/** The services these routes use. */
export interface ExportRoutesDeps {
  store: Pick<Store, 'db'>;
  catalogue: CatalogueService;
  lessons: Pick<LessonService, 'published'>;
  vocab: Vocabularies;
  config: { publicUrl: string; harvest: { allowPrivateHosts: boolean } };
}

/**
 * `GET /api/v1/export` (the whole catalogue as JSON Lines), `GET /api/v1/changes` (the feed to mirror it)
 * and `GET /api/v1/lessons/{id}/export` (a published lesson as a package).
 */
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
          ...problemResponses,
          409: Type.Ref('Problem'),
        },
      },
    },
    async (request, reply) => {
      const { format, version, niveau, behoefte } = request.query;
      const { view, attribution } = await ctx.lessons.published(
        request.params.id,
        optionalActor(request),
        version ?? null,
      );
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
