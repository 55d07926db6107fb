import { Type } from 'typebox';
import { NullableString } from '../kernel/schema.ts';
import { SOURCE_TYPES } from './sources.ts';
import { KINDS } from '../catalogue/model.ts';

// The HTTP shapes of sources, import runs and their reports.

export const Counts = {
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  withdrawn: Type.Integer(),
  failed: Type.Integer(),
};
export const Report = Type.Object({
  runId: Type.String(),
  file: Type.String(),
  format: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  error: Type.Union([Type.String(), Type.Null()]),
  ...Counts,
  failures: Type.Array(Type.Object({ originalId: Type.Union([Type.String(), Type.Null()]), reason: Type.String() })),
});
export const Run = Type.Object(
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
export const Source = Type.Object({
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
export const SourceBody = Type.Object(
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

/** One import run with its quarantined records (reason and raw record). */
export const RunReport = Type.Object({
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
});

/** What a connection test found: the repository, its formats and sets, a sample of mapped records, and warnings. */
export const ConnectionPreview = Type.Object({
  ok: Type.Boolean(),
  error: Type.Union([Type.String(), Type.Null()], { description: 'What went wrong as `CODE: message`' }),
  problem: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()], {
    description: 'The same, as a code and a message apart',
  }),
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
});

export const UploadPreviewSchema = Type.Object(
  {
    format: Type.Union([Type.String(), Type.Null()]),
    csv: Type.Union([Type.Object({ columns: Type.Array(Type.String()), delimiter: Type.String() }), Type.Null()]),
    records: Type.Array(
      Type.Object({
        originalId: Type.Union([Type.String(), Type.Null()]),
        status: Type.Union([Type.Literal('ok'), Type.Literal('deleted'), Type.Literal('failed')]),
        title: Type.Union([Type.String(), Type.Null()]),
        licence: Type.Union([Type.String(), Type.Null()]),
        reason: Type.Union([Type.String(), Type.Null()]),
        warnings: Type.Array(Type.String()),
      }),
    ),
    error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
  },
  { description: 'What the import would make of the file: nothing is stored' },
);
