import '@fastify/multipart';
import { canSee, requireEditor, runView, visibleOrganisations } from './views.ts';
import { Type } from 'typebox';
import { requireInstitutionActor } from '../accounts/auth.ts';
import { AppError, badRequest, forbidden, notFound } from '../kernel/errors.ts';
import { cleanText } from '../kernel/text.ts';
import { gunzipBounded } from './compression.ts';
import type { ImportError } from './formats.ts';
import type { CsvColumnMapping } from './mappers/csv.ts';
import { previewUpload } from './upload-preview.ts';
import type { FastifyRequest } from 'fastify';
import type { App } from '../kernel/http.ts';
import { withComponentExample } from '../kernel/api-examples.ts';
import { problemResponses } from '../kernel/schema.ts';
import { KINDS, type Kind } from '../catalogue/model.ts';
import { runStarter } from './service.ts';
import type { Store } from '../db/store.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { ImportService } from './service.ts';
import type { SourcesService } from './sources.ts';
import type { Harvester } from './harvester.ts';
import type { JobQueue } from '../jobs/queue.ts';

import { Report, Run, RunReport, UploadPreviewSchema } from './schema.ts';
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

/** The multipart body of an upload and its preview. */
const UploadBody = Type.Object(
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
    mapping: Type.Optional(
      Type.String({
        maxLength: 16_384,
        description:
          'For a CSV: the column mapping as JSON (see docs/import.md); without it a known header is recognised',
      }),
    ),
  },
  { examples: [{ file: '(lesmateriaal.xml)', source: 'Rijksmuseum lesmateriaal', kind: 'material' }] },
);

/**
 * Reads an upload: one file (unpacked when `.gz`, within limits), its fields, and the CSV column
 * mapping given as JSON in `mapping`.
 */
async function readUpload(
  request: FastifyRequest,
  maxUploadBytes: number,
): Promise<{
  file: { name: string; bytes: Buffer };
  fields: Record<string, string>;
  bytes: Buffer;
  csvMapping?: CsvColumnMapping;
}> {
  if (!request.isMultipart())
    throw badRequest('LG_IMPORT_NOT_MULTIPART', 'Send the file as multipart/form-data in a field named "file".');
  let file: { name: string; bytes: Buffer } | null = null;
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts({
      limits: { fileSize: maxUploadBytes, files: 1, fields: 10, fieldSize: 16_384 },
    })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.file.truncated)
          throw new AppError('LG_IMPORT_TOO_LARGE', 413, `The file is larger than ${maxUploadBytes} bytes.`);
        file = { name: cleanText(part.filename || 'upload').slice(0, 300), bytes };
      } else {
        fields[part.fieldname] = cleanText(String(part.value)).slice(0, 500);
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const e = error as { statusCode?: number; code?: string; message?: string };
    if (e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413)
      throw new AppError('LG_IMPORT_TOO_LARGE', 413, `The file is larger than ${maxUploadBytes} bytes.`);
    // A body cut off in the middle, or not multipart at all past its header: the client's to send again.
    throw badRequest(
      'LG_IMPORT_BAD_UPLOAD',
      `The upload could not be read (${e.message ?? 'invalid multipart body'}); send the file again.`,
    );
  }
  if (!file) throw badRequest('LG_IMPORT_NO_FILE', 'Send the file in a field named "file".');
  if (fields.kind && !KINDS.includes(fields.kind as Kind))
    throw badRequest('LG_BAD_KIND', `kind must be one of ${KINDS.join(', ')}.`);
  if (fields.kind && !KINDS.includes(fields.kind as Kind))
    throw badRequest('LG_BAD_KIND', `kind must be one of ${KINDS.join(', ')}.`);
  let bytes = file.bytes;
  if (file.name.endsWith('.gz')) {
    try {
      bytes = await gunzipBounded(file.bytes, file.name, maxUploadBytes * 10);
    } catch (error) {
      const e = error as ImportError;
      throw new AppError(e.code, e.code === 'LG_IMPORT_TOO_LARGE' ? 413 : 400, e.message);
    }
  }
  return { file, fields, bytes, csvMapping: fields.mapping ? parseMapping(fields.mapping) : undefined };
}

/** A CSV column mapping sent as JSON: its shape is checked here, its columns against the file when read. */
function parseMapping(json: string): CsvColumnMapping {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw badRequest('LG_IMPORT_CSV_MAPPING', 'The column mapping is not valid JSON.', { field: 'mapping' });
  }
  const m = value as Partial<CsvColumnMapping> | null;
  const text = (v: unknown) => v === undefined || typeof v === 'string';
  const ok =
    !!m &&
    typeof m === 'object' &&
    typeof m.id === 'string' &&
    typeof m.title === 'string' &&
    [
      'description',
      'creators',
      'url',
      'thumbnail',
      'rights',
      'language',
      'dateStart',
      'dateEnd',
      'levels',
      'subjects',
      'objectives',
      'iconclass',
    ].every((k) => text((m as Record<string, unknown>)[k])) &&
    (m.keywords === undefined || (Array.isArray(m.keywords) && m.keywords.every((k) => typeof k === 'string'))) &&
    (m.keep === undefined || (Array.isArray(m.keep) && m.keep.every((k) => typeof k === 'string')));
  if (!ok)
    throw badRequest(
      'LG_IMPORT_CSV_MAPPING',
      'The column mapping needs the columns of "id" and "title", and column names (text) for the other fields.',
      { field: 'mapping' },
    );
  return {
    ...m,
    name: typeof m.name === 'string' && m.name ? m.name.slice(0, 100) : 'upload',
    delimiter: typeof m.delimiter === 'string' && m.delimiter.length === 1 ? m.delimiter : ',',
    multiValueSeparator: typeof m.multiValueSeparator === 'string' ? m.multiValueSeparator.slice(0, 5) : '|',
    kind: m.kind && KINDS.includes(m.kind) ? m.kind : 'heritage',
  } as CsvColumnMapping;
}

/** Upload of files by institution editors, and the reports of import runs. */
export async function importRoutes(app: App, ctx: ImportRoutesDeps): Promise<void> {
  app.post(
    '/api/v1/organisations/:id/imports',
    {
      config: {
        documentedBody: UploadBody,
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
      const { file, fields, bytes, csvMapping } = await readUpload(request, ctx.config.maxUploadBytes);
      const sourceName = fields.source?.trim() || `${organisation.name} – upload`;
      // The file is kept with its run until the run completes: an interrupted upload can be run again.
      return ctx.imports.importBytes(
        file.name.replace(/\.gz$/, ''),
        bytes,
        { sourceName, organisation, startedBy: runStarter(actor, 'upload') },
        { kind: fields.kind as Kind | undefined, keep: true, csvMapping },
      );
    },
  );

  app.post(
    '/api/v1/organisations/:id/imports/preview',
    {
      config: { documentedBody: UploadBody },
      schema: {
        tags: ['import'],
        summary: "Preview a file before importing it: its format, a CSV's columns, the first records as mapped",
        description:
          'The same multipart body as the import. Stores nothing. For a CSV, send the column mapping you are choosing as `mapping` (JSON) and see the records it makes; without one, the columns are listed and a known header is recognised.',
        consumes: ['multipart/form-data'],
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: { 200: UploadPreviewSchema, 413: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request) => {
      const actor = requireInstitutionActor(request, 'records:write');
      const organisation = await ctx.imports.authorize(actor, request.params.id);
      const { file, fields, bytes, csvMapping } = await readUpload(request, ctx.config.maxUploadBytes);
      return previewUpload(
        file.name.replace(/\.gz$/, ''),
        bytes,
        { vocab: ctx.catalogue.vocab, institution: organisation.name },
        { kind: fields.kind as Kind | undefined, csvMapping },
      );
    },
  );

  app.addSchema(withComponentExample(Run));

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
          200: RunReport,
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
