import '@fastify/multipart';
import { Type } from 'typebox';
import { requireActor } from '../app/auth.ts';
import type { AppContext } from '../app/context.ts';
import { badRequest, forbidden, notFound } from '../app/errors.ts';
import type { App } from '../app/http.ts';
import { problemResponses } from '../app/schema.ts';
import { KINDS, type Kind } from '../catalogue/model.ts';

const Counts = {
  created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), withdrawn: Type.Integer(), failed: Type.Integer(),
};
const Report = Type.Object({
  runId: Type.String(), file: Type.String(), format: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(), error: Type.Union([Type.String(), Type.Null()]), ...Counts,
  failures: Type.Array(Type.Object({ originalId: Type.Union([Type.String(), Type.Null()]), reason: Type.String() })),
});
const Run = Type.Object({
  id: Type.String(), sourceId: Type.String(), format: Type.Union([Type.String(), Type.Null()]), location: Type.String(), status: Type.String(),
  startedAt: Type.String(), finishedAt: Type.Union([Type.String(), Type.Null()]), error: Type.Union([Type.String(), Type.Null()]), ...Counts,
});

/** Upload of files by institution editors, and the reports of import runs. */
export async function importRoutes(app: App, ctx: AppContext): Promise<void> {
  app.post('/api/v1/organisations/:id/imports', {
    schema: {
      tags: ['import'],
      summary: 'Import a file into an institution\'s collection',
      description: 'multipart/form-data with one `file` field (NL-LOM, OAI-PMH, LIDO, EDM or Dublin Core XML; a IIIF manifest, Tate record or JSON Lines; CSV; each optionally gzipped) and optional `source` (name of the source) and `kind`. Institution editors of the organisation and admins only. Running the same file again changes nothing.',
      consumes: ['multipart/form-data'],
      params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
      response: { 200: Report, 413: Type.Ref('Problem'), ...problemResponses },
    },
  }, async (request) => {
    const actor = requireActor(request);
    const organisationName = await ctx.imports.authorize(actor, request.params.id);
    if (!request.isMultipart()) throw badRequest('LG_IMPORT_NOT_MULTIPART', 'Send the file as multipart/form-data in a field named "file".');
    let file: { name: string; bytes: Buffer } | null = null;
    const fields: Record<string, string> = {};
    for await (const part of request.parts({ limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 10 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.file.truncated) throw badRequest('LG_IMPORT_TOO_LARGE', `The file is larger than ${ctx.config.maxUploadBytes} bytes.`);
        file = { name: part.filename || 'upload', bytes };
      } else {
        fields[part.fieldname] = String(part.value).slice(0, 500);
      }
    }
    if (!file) throw badRequest('LG_IMPORT_NO_FILE', 'Send the file in a field named "file".');
    if (fields.kind && !KINDS.includes(fields.kind as Kind)) throw badRequest('LG_BAD_KIND', `kind must be one of ${KINDS.join(', ')}.`);
    const sourceName = fields.source?.trim() || `${organisationName} – upload`;
    const bytes = file.name.endsWith('.gz') ? (await import('node:zlib')).gunzipSync(file.bytes, { maxOutputLength: ctx.config.maxUploadBytes * 10 }) : file.bytes;
    return ctx.imports.importBytes(file.name.replace(/\.gz$/, ''), bytes, { sourceName, organisation: { name: organisationName, kind: 'heritage' } }, { kind: fields.kind as Kind | undefined });
  });

  app.get('/api/v1/imports', {
    schema: {
      tags: ['import'],
      summary: 'Recent import runs',
      querystring: Type.Object({ source: Type.Optional(Type.String({ maxLength: 100 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }),
      response: { 200: Type.Array(Run), ...problemResponses },
    },
  }, async (request) => {
    const actor = requireActor(request);
    if (actor.role === 'teacher') throw forbidden('Import reports are for institution editors, curators and admins.');
    return (await ctx.imports.runs(request.query.source ?? null, request.query.limit ?? 50)).map(runView);
  });

  app.get('/api/v1/imports/:id', {
    schema: {
      tags: ['import'],
      summary: 'One import run with its failed records (reason and raw record)',
      params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
      response: {
        200: Type.Object({ run: Run, issues: Type.Array(Type.Object({ id: Type.String(), originalId: Type.Union([Type.String(), Type.Null()]), reason: Type.String(), rawRecord: Type.Union([Type.String(), Type.Null()]) })) }),
        ...problemResponses,
      },
    },
  }, async (request) => {
    const actor = requireActor(request);
    if (actor.role === 'teacher') throw forbidden('Import reports are for institution editors, curators and admins.');
    const found = await ctx.imports.run(request.params.id);
    if (!found) throw notFound('Import run', request.params.id);
    return { run: runView(found.run), issues: found.issues.map((i) => ({ id: i.id, originalId: i.original_id, reason: i.reason, rawRecord: i.raw_record })) };
  });
}

function runView(run: { id: string; source_id: string; format: string | null; location: string; status: string; started_at: string; finished_at: string | null; error: string | null; created: number; updated: number; unchanged: number; withdrawn: number; failed: number }) {
  return {
    id: run.id, sourceId: run.source_id, format: run.format, location: run.location.replace(/^.*[\\/]data[\\/]demo[\\/]/, 'data/demo/'), status: run.status,
    startedAt: run.started_at, finishedAt: run.finished_at, error: run.error,
    created: run.created, updated: run.updated, unchanged: run.unchanged, withdrawn: run.withdrawn, failed: run.failed,
  };
}
