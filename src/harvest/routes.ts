import '@fastify/multipart';
import { Type } from 'typebox';
import { requireInstitutionActor } from '../accounts/auth.ts';
import { AppError, badRequest, forbidden, notFound } from '../kernel/errors.ts';
import { cleanText } from '../kernel/text.ts';
import { gunzipBounded } from './compression.ts';
import type { ImportError } from './formats.ts';
import { canImportFor } from '../accounts/model.ts';
import type { App } from '../kernel/http.ts';
import { withComponentExample } from '../kernel/api-examples.ts';
import { problemResponses } from '../kernel/schema.ts';
import { KINDS, type Kind } from '../catalogue/model.ts';
import type { InstitutionActor } from '../accounts/model.ts';
import { enqueueHarvest } from './jobs.ts';
import { previewSource } from './preview.ts';
import { SOURCE_TYPES } from './sources.ts';
import { harvestRepository, type ImportRunView, type SourceRow } from './repository.ts';
import { runStarter } from './service.ts';
import type { Store } from '../db/store.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { ImportService } from './service.ts';
import type { SourcesService } from './sources.ts';
import type { Harvester } from './harvester.ts';
import type { JobQueue } from '../jobs/queue.ts';

const Counts = {
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  withdrawn: Type.Integer(),
  failed: Type.Integer(),
};
const Report = Type.Object({
  runId: Type.String(),
  file: Type.String(),
  format: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  error: Type.Union([Type.String(), Type.Null()]),
  ...Counts,
  failures: Type.Array(Type.Object({ originalId: Type.Union([Type.String(), Type.Null()]), reason: Type.String() })),
});
const Run = Type.Object(
  {
    id: Type.String(),
    sourceId: Type.String(),
    kind: Type.String({ description: 'file or harvest' }),
    format: Type.Union([Type.String(), Type.Null()]),
    location: Type.String(),
    status: Type.String(),
    startedAt: Type.String(),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
    ...Counts,
    pages: Type.Integer(),
    completeListSize: Type.Union([Type.Integer(), Type.Null()]),
    requestFrom: Type.Union([Type.String(), Type.Null()]),
    heartbeatAt: Type.Union([Type.String(), Type.Null()]),
    startedBy: Type.Object(
      {
        trigger: Type.String({
          description:
            'upload, request (run now), schedule, cli, retry or demo; unknown for runs from before Leergoed recorded it',
        }),
        person: Type.Union([Type.String(), Type.Null()], { description: 'the display name of who started it' }),
        apiKey: Type.Union([Type.String(), Type.Null()], { description: 'the name of the API key that started it' }),
      },
      { description: 'Who started the run' },
    ),
  },
  { $id: 'ImportRun' },
);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Source = Type.Object({
  id: Type.String(),
  organisationId: NullableString,
  name: Type.String(),
  type: Type.String(),
  url: NullableString,
  metadataPrefix: NullableString,
  set: NullableString,
  schedule: NullableString,
  enabled: Type.Boolean(),
  kind: NullableString,
  harvestFrom: NullableString,
  nextRunAt: NullableString,
  createdAt: Type.String(),
  updatedAt: NullableString,
  job: Type.Union([
    Type.Object({
      id: Type.String(),
      status: Type.String(),
      runAt: Type.String(),
      attempts: Type.Integer(),
      lastError: NullableString,
    }),
    Type.Null(),
  ]),
  lastRun: Type.Union([Type.Ref('ImportRun'), Type.Null()]),
});
const SourceBody = Type.Object(
  {
    organisationId: Type.String({ maxLength: 100 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: Type.Union(
      SOURCE_TYPES.map((t) => Type.Literal(t)),
      {
        description:
          'oai-pmh: an OAI-PMH endpoint; iiif-collection: a IIIF collection (v2 or v3), walked to its manifests; file-url: a file (CSV, XML, JSON) fetched whole; nde-dataset: an NDE dataset description whose distribution points to one of those',
      },
    ),
    url: Type.String({ maxLength: 2000, pattern: '^https?://' }),
    metadataPrefix: Type.Optional(
      Type.Union([
        Type.String({ minLength: 1, maxLength: 100, description: 'OAI-PMH only (required there)' }),
        Type.Null(),
      ]),
    ),
    set: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
    schedule: Type.Optional(
      Type.Union([Type.String({ maxLength: 100, description: 'cron, e.g. "0 3 * * *"' }), Type.Null()]),
    ),
    enabled: Type.Optional(Type.Boolean()),
    kind: Type.Optional(
      Type.Union([Type.Union(KINDS.map((k) => Type.Literal(k))), Type.Null()], {
        description:
          'The kind of records whose format does not say it (NL-LOM, oai_dc, CSV): material, heritage or lesson',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The services these routes use. */
export interface ImportRoutesDeps {
  store: Pick<Store, 'db'>;
  catalogue: CatalogueService;
  imports: ImportService;
  sources: SourcesService;
  harvester: Harvester;
  jobs: JobQueue;
  config: { maxUploadBytes: number };
}

/** Upload of files by institution editors, and the reports of import runs. */
export async function importRoutes(app: App, ctx: ImportRoutesDeps): Promise<void> {
  app.post(
    '/api/v1/organisations/:id/imports',
    {
      config: {
        documentedBody: Type.Object(
          {
            file: Type.String({
              format: 'binary',
              description: 'The file, at most LEERGOED_MAX_UPLOAD_BYTES; `.gz` is unpacked',
            }),
            source: Type.Optional(
              Type.String({
                maxLength: 500,
                description: 'The name of the source the records belong to; default "{institution} – upload"',
              }),
            ),
            kind: Type.Optional(
              Type.Union(
                KINDS.map((k) => Type.Literal(k)),
                { description: 'The kind of records whose format does not say it' },
              ),
            ),
          },
          { examples: [{ file: '(lesmateriaal.xml)', source: 'Rijksmuseum lesmateriaal', kind: 'material' }] },
        ),
      },
      schema: {
        tags: ['import'],
        summary: "Import a file into an institution's collection",
        description:
          'multipart/form-data with one `file` field (NL-LOM, OAI-PMH, LIDO, EDM or Dublin Core XML; a IIIF manifest, Tate record or JSON Lines; CSV; each optionally gzipped) and optional `source` (name of the source) and `kind`. Institution editors of the organisation and admins only. Running the same file again changes nothing.',
        consumes: ['multipart/form-data'],
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: { 200: Report, 413: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request) => {
      const actor = requireInstitutionActor(request, 'records:write');
      const organisation = await ctx.imports.authorize(actor, request.params.id);
      if (!request.isMultipart())
        throw badRequest('LG_IMPORT_NOT_MULTIPART', 'Send the file as multipart/form-data in a field named "file".');
      let file: { name: string; bytes: Buffer } | null = null;
      const fields: Record<string, string> = {};
      try {
        for await (const part of request.parts({
          limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 10, fieldSize: 4096 },
        })) {
          if (part.type === 'file') {
            const bytes = await part.toBuffer();
            if (part.file.truncated)
              throw new AppError(
                'LG_IMPORT_TOO_LARGE',
                413,
                `The file is larger than ${ctx.config.maxUploadBytes} bytes.`,
              );
            file = { name: cleanText(part.filename || 'upload').slice(0, 300), bytes };
          } else {
            fields[part.fieldname] = cleanText(String(part.value)).slice(0, 500);
          }
        }
      } catch (error) {
        if (error instanceof AppError) throw error;
        const e = error as { statusCode?: number; code?: string; message?: string };
        if (e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413)
          throw new AppError('LG_IMPORT_TOO_LARGE', 413, `The file is larger than ${ctx.config.maxUploadBytes} bytes.`);
        // A body cut off in the middle, or not multipart at all past its header: the client's to send again.
        throw badRequest(
          'LG_IMPORT_BAD_UPLOAD',
          `The upload could not be read (${e.message ?? 'invalid multipart body'}); send the file again.`,
        );
      }
      if (!file) throw badRequest('LG_IMPORT_NO_FILE', 'Send the file in a field named "file".');
      if (fields.kind && !KINDS.includes(fields.kind as Kind))
        throw badRequest('LG_BAD_KIND', `kind must be one of ${KINDS.join(', ')}.`);
      const sourceName = fields.source?.trim() || `${organisation.name} – upload`;
      let bytes = file.bytes;
      if (file.name.endsWith('.gz')) {
        try {
          bytes = await gunzipBounded(file.bytes, file.name, ctx.config.maxUploadBytes * 10);
        } catch (error) {
          const e = error as ImportError;
          throw new AppError(e.code, e.code === 'LG_IMPORT_TOO_LARGE' ? 413 : 400, e.message);
        }
      }
      // The file is kept with its run until the run completes: an interrupted upload can be run again.
      return ctx.imports.importBytes(
        file.name.replace(/\.gz$/, ''),
        bytes,
        { sourceName, organisation, startedBy: runStarter(actor, 'upload') },
        { kind: fields.kind as Kind | undefined, keep: true },
      );
    },
  );

  app.addSchema(withComponentExample(Run));

  /** Editors see their institutions' sources; curators and admins all. */
  const visibleOrganisations = (actor: InstitutionActor): string[] | null =>
    actor.role === 'admin' || actor.role === 'curator' ? null : actor.organisationIds;
  const canSee = (actor: InstitutionActor, organisationId: string | null) => {
    const orgs = visibleOrganisations(actor);
    return orgs === null || (organisationId !== null && orgs.includes(organisationId));
  };
  const sourceView = async (source: SourceRow) => {
    const job = await ctx.jobs.activeBySingleton(`harvest:${source.id}`);
    const [lastRun] = await harvestRepository.listRuns(ctx.store.db, source.id, 1);
    return {
      id: source.id,
      organisationId: source.organisation_id,
      name: source.name,
      type: source.type,
      url: source.url,
      metadataPrefix: source.metadata_prefix,
      set: source.set_spec,
      schedule: source.schedule,
      enabled: source.enabled === 1,
      kind: source.default_kind,
      harvestFrom: source.harvest_from,
      nextRunAt: source.next_run_at,
      createdAt: source.created_at,
      updatedAt: source.updated_at,
      job: job
        ? { id: job.id, status: job.status, runAt: job.run_at, attempts: job.attempts, lastError: job.last_error }
        : null,
      lastRun: lastRun ? runView(lastRun) : null,
    };
  };
  const requireEditor = (actor: InstitutionActor) => {
    if (actor.role === 'teacher') throw forbidden('Sources are managed by institution editors, curators and admins.');
  };

  app.get(
    '/api/v1/sources',
    {
      schema: {
        tags: ['import'],
        summary: 'Sources of the institutions you edit (all for curators and admins)',
        response: { 200: Type.Array(Source), ...problemResponses },
      },
    },
    async (request) => {
      const actor = requireInstitutionActor(request, 'read');
      requireEditor(actor);
      return Promise.all((await ctx.sources.list(visibleOrganisations(actor))).map(sourceView));
    },
  );

  app.post(
    '/api/v1/sources/test',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['import'],
        summary: 'Test a source before adding it',
        description:
          'Identify, metadata formats, sets, and the first records as Leergoed would map them (nothing is stored), with warnings such as the share of records without a licence. Formats Leergoed does not map are reported with what the endpoint offers.',
        body: Type.Object(
          {
            type: Type.Optional(Type.Union(SOURCE_TYPES.map((t) => Type.Literal(t)))),
            url: Type.String({ maxLength: 2000, pattern: '^https?://' }),
            metadataPrefix: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
            set: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            error: NullableString,
            identify: Type.Union([
              Type.Object({
                repositoryName: Type.String(),
                baseURL: Type.String(),
                protocolVersion: Type.String(),
                earliestDatestamp: Type.String(),
                deletedRecord: Type.String(),
                granularity: Type.String(),
                adminEmails: Type.Array(Type.String()),
              }),
              Type.Null(),
            ]),
            formats: Type.Array(
              Type.Object({
                prefix: Type.String(),
                schema: Type.String(),
                namespace: Type.String(),
                mapped: Type.Boolean(),
              }),
            ),
            sets: Type.Array(Type.Object({ spec: Type.String(), name: Type.String() })),
            metadataPrefix: NullableString,
            records: Type.Array(
              Type.Object({
                originalId: NullableString,
                status: Type.String(),
                title: NullableString,
                licence: NullableString,
                reason: NullableString,
                warnings: Type.Array(Type.String()),
              }),
            ),
            warnings: Type.Array(
              Type.Object({ code: Type.String(), message: Type.String(), percent: Type.Optional(Type.Integer()) }),
            ),
            dataset: Type.Optional(
              Type.Object({
                name: NullableString,
                chosen: NullableString,
                distributions: Type.Array(
                  Type.Object({
                    url: Type.String(),
                    mediaTypes: Type.Array(Type.String()),
                    description: NullableString,
                    harvestAs: NullableString,
                  }),
                ),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      requireEditor(requireInstitutionActor(request, 'harvests:run'));
      return previewSource(ctx.catalogue, ctx.harvester, { ...request.body, type: request.body.type ?? 'oai-pmh' });
    },
  );

  app.post(
    '/api/v1/sources',
    {
      schema: {
        tags: ['import'],
        summary: 'Add a source for your institution (OAI-PMH, IIIF collection, file URL, NDE dataset description)',
        body: SourceBody,
        response: { 201: Source, ...problemResponses },
      },
    },
    async (request, reply) => {
      const source = await ctx.sources.create(requireInstitutionActor(request, 'harvests:run'), request.body);
      return reply.status(201).send(await sourceView(source));
    },
  );

  app.get(
    '/api/v1/sources/:id',
    {
      schema: {
        tags: ['import'],
        summary: 'A source with its harvest job and last run',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: { 200: Source, ...problemResponses },
      },
    },
    async (request) => {
      const actor = requireInstitutionActor(request, 'read');
      const source = await ctx.sources.get(request.params.id);
      if (!canSee(actor, source.organisation_id)) throw forbidden('This source belongs to another institution.');
      return sourceView(source);
    },
  );

  app.patch(
    '/api/v1/sources/:id',
    {
      schema: {
        tags: ['import'],
        summary: 'Change a source: pause (enabled=false), schedule, address, format, set',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: Type.Partial(Type.Omit(SourceBody, ['organisationId', 'type']), { additionalProperties: false }),
        response: { 200: Source, ...problemResponses },
      },
    },
    async (request) =>
      sourceView(
        await ctx.sources.update(requireInstitutionActor(request, 'harvests:run'), request.params.id, request.body),
      ),
  );

  app.post(
    '/api/v1/sources/:id/run',
    {
      schema: {
        tags: ['import'],
        summary: 'Harvest a source now (queued for the worker; one harvest per source at a time)',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: Type.Optional(
          Type.Object(
            { full: Type.Optional(Type.Boolean({ description: 'ignore the last harvest and fetch everything' })) },
            { additionalProperties: false },
          ),
        ),
        response: { 202: Type.Object({ jobId: Type.String(), created: Type.Boolean() }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const actor = requireInstitutionActor(request, 'harvests:run');
      const source = await ctx.sources.get(request.params.id);
      if (!canImportFor(actor, source.organisation_id))
        throw forbidden('Only editors of this institution may run its sources.');
      if (!source.enabled) throw badRequest('LG_SOURCE_PAUSED', 'This source is paused; enable it first.');
      return reply.status(202).send(
        await enqueueHarvest(ctx.jobs, source.id, {
          full: request.body?.full,
          startedBy: runStarter(actor, 'request'),
        }),
      );
    },
  );

  app.post(
    '/api/v1/imports/:id/retry',
    {
      schema: {
        tags: ['import'],
        summary: 'Retry a run: import an interrupted or failed upload again, or map its quarantined records again',
        description:
          'A failed upload whose file is still kept (an import cut off by a restart, a store outage) is imported again as a new run, reported in `rerun`; unchanged records stay unchanged. Otherwise the quarantined records of the run are mapped again with the current mappers (after a mapping fix) and those that now map are stored.',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: {
          200: Type.Object({
            retried: Type.Integer(),
            resolved: Type.Integer(),
            stillFailing: Type.Integer(),
            rerun: Type.Optional(Report),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => ctx.imports.retry(requireInstitutionActor(request, 'records:write'), request.params.id),
  );

  app.get(
    '/api/v1/imports',
    {
      schema: {
        tags: ['import'],
        summary: 'Recent import runs',
        querystring: Type.Object({
          source: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        }),
        response: { 200: Type.Array(Type.Ref('ImportRun')), ...problemResponses },
      },
    },
    async (request) => {
      const actor = requireInstitutionActor(request, 'read');
      requireEditor(actor);
      return (
        await ctx.imports.runs(request.query.source ?? null, request.query.limit ?? 50, visibleOrganisations(actor))
      ).map(runView);
    },
  );

  app.get(
    '/api/v1/imports/:id',
    {
      schema: {
        tags: ['import'],
        summary: 'One import run with its failed records (reason and raw record)',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: {
          200: Type.Object({
            run: Type.Ref('ImportRun'),
            fileKept: Type.Boolean({
              description: 'The uploaded file is kept (the run did not complete): retrying imports it again',
            }),
            issues: Type.Array(
              Type.Object({
                id: Type.String(),
                originalId: Type.Union([Type.String(), Type.Null()]),
                reason: Type.String(),
                rawRecord: Type.Union([Type.String(), Type.Null()]),
                resolvedAt: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const actor = requireInstitutionActor(request, 'read');
      requireEditor(actor);
      const found = await ctx.imports.run(request.params.id);
      if (!found) throw notFound('Import run', request.params.id);
      const source = await ctx.sources.get(found.run.source_id);
      if (!canSee(actor, source.organisation_id)) throw forbidden('This run belongs to another institution.');
      return {
        run: runView(found.run),
        fileKept: await ctx.imports.hasKeptFile(found.run.id),
        issues: found.issues.map((i) => ({
          id: i.id,
          originalId: i.original_id,
          reason: i.reason,
          rawRecord: i.raw_record,
          resolvedAt: i.resolved_at,
        })),
      };
    },
  );
}

function runView(run: ImportRunView) {
  return {
    id: run.id,
    sourceId: run.source_id,
    kind: run.kind,
    format: run.format,
    pages: run.pages,
    completeListSize: run.complete_list_size,
    requestFrom: run.request_from,
    heartbeatAt: run.heartbeat_at,
    location: run.location.replace(/^.*[\\/]data[\\/]demo[\\/]/, 'data/demo/'),
    status: run.status,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
    error: run.error,
    created: run.created,
    updated: run.updated,
    unchanged: run.unchanged,
    withdrawn: run.withdrawn,
    failed: run.failed,
    startedBy: { trigger: run.trigger ?? 'unknown', person: run.started_by_name, apiKey: run.started_by_key_name },
  };
}
