import { Type } from 'typebox';
import { NullableString } from '../kernel/schema.ts';
import { LESSON_LICENCES } from './licence-mix.ts';
import { LESSON_LIMITS, NEEDS } from './model.ts';

const Id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' });
const Text = (maxLength: number) => Type.String({ maxLength });
const Coordinate = Type.Number({ minimum: 0, maximum: 1_000_000 });
const Url = Type.String({ minLength: 1, maxLength: 2000 });
const Use = Type.Union([Type.Literal('embed'), Type.Literal('link')], {
  description: '`embed`: shown in the lesson and its exports; `link`: only pointed at.',
});

const Region = Type.Object(
  { x: Coordinate, y: Coordinate, w: Coordinate, h: Coordinate },
  { description: "A rectangle in the canvas's pixel coordinates." },
);
const Annotation = Type.Union([
  Type.Object({ kind: Type.Literal('point'), x: Coordinate, y: Coordinate, text: Text(500) }),
  Type.Object({
    kind: Type.Literal('rect'),
    x: Coordinate,
    y: Coordinate,
    w: Coordinate,
    h: Coordinate,
    text: Text(500),
  }),
]);

const LessonItem = Type.Union([
  Type.Object(
    { type: Type.Literal('resource'), id: Id, resourceId: Id, note: Text(LESSON_LIMITS.text), use: Use },
    { description: "A catalogue resource with the teacher's note (Markdown)." },
  ),
  Type.Object(
    {
      type: Type.Literal('detail'),
      id: Id,
      resourceId: Id,
      manifest: Url,
      canvas: Url,
      region: Type.Union([Region, Type.Null()]),
      caption: Text(1000),
      annotations: Type.Array(Annotation, { maxItems: LESSON_LIMITS.annotations }),
      use: Use,
    },
    { description: 'A detail of a heritage object: a region of an IIIF canvas with a caption and annotations.' },
  ),
  Type.Object(
    { type: Type.Literal('text'), id: Id, markdown: Text(LESSON_LIMITS.text) },
    { description: "The teacher's own text (a safe Markdown subset)." },
  ),
  Type.Object(
    {
      type: Type.Literal('task'),
      id: Id,
      task: Type.Union([
        Type.Object({
          kind: Type.Literal('open'),
          question: Text(2000),
          answer: Text(4000),
        }),
        Type.Object({
          kind: Type.Literal('choice'),
          question: Text(2000),
          options: Type.Array(
            Type.Object({
              text: Text(500),
              correct: Type.Boolean(),
              feedback: Text(1000),
            }),
            { maxItems: LESSON_LIMITS.options },
          ),
        }),
      ]),
    },
    { description: 'A task: an open question, or multiple choice with feedback per option.' },
  ),
  Type.Object(
    {
      type: Type.Literal('closed'),
      id: Id,
      title: Text(500),
      url: Text(2000),
      publisher: Text(200),
      method: Text(200),
      chapter: Text(200),
      note: Text(LESSON_LIMITS.text),
    },
    { description: 'A link to closed (commercial) material: linked, never copied.' },
  ),
]);

const Variant = Type.Object({
  id: Id,
  audience: Type.Object(
    {
      levels: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 30 }),
      need: Type.Union([...NEEDS.map((n) => Type.Literal(n)), Type.Null()]),
    },
    { description: 'Who the variant is for; both empty: everyone else.' },
  ),
  items: Type.Array(LessonItem, { maxItems: LESSON_LIMITS.items }),
});

export const LessonDocument = Type.Object(
  {
    title: Text(300),
    summary: Text(4000),
    language: Type.Union([Type.Literal('nl'), Type.Literal('en')]),
    levels: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 30 }),
    subjects: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 30 }),
    objectives: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 60 }),
    durationMinutes: Type.Union([Type.Integer({ minimum: 1, maximum: 6000 }), Type.Null()]),
    licence: Type.String({ description: `One of: ${LESSON_LICENCES.join(', ')}` }),
    sections: Type.Array(
      Type.Object({
        id: Id,
        title: Text(300),
        variants: Type.Array(Variant, { minItems: 1, maxItems: LESSON_LIMITS.variants }),
      }),
      { maxItems: LESSON_LIMITS.sections },
    ),
  },
  {
    $id: 'LessonDocument',
    description:
      'A lesson: its facts and its ordered sections, each with one or more variants. A draft is saved as it is, empty fields included; completeness (a title, questions with text, a right option, links that are http(s)) is checked when it is published.',
  },
);

/** An object shaped as the catalogue's resource view has it (licence, attribution), or null. */
const CatalogueObject = Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]);

export const Lesson = Type.Object(
  {
    id: Type.String(),
    status: Type.Union([Type.Literal('draft'), Type.Literal('published')]),
    owner: Type.Object({ id: Type.String(), name: Type.String() }),
    canEdit: Type.Boolean(),
    revision: Type.Integer({
      description: 'Pass it back when saving or publishing; a newer one means someone else saved.',
    }),
    version: Type.Union([Type.Integer(), Type.Null()]),
    shows: Type.Object({ draft: Type.Boolean(), version: Type.Union([Type.Integer(), Type.Null()]) }),
    document: Type.Ref('LessonDocument'),
    resources: Type.Array(
      Type.Object({
        id: Type.String(),
        state: Type.Union([Type.Literal('available'), Type.Literal('withdrawn'), Type.Literal('missing')]),
        title: NullableString,
        kind: NullableString,
        url: NullableString,
        thumbnail: NullableString,
        iiifManifest: NullableString,
        licence: CatalogueObject,
        attribution: CatalogueObject,
        withdrawnReason: NullableString,
      }),
    ),
    html: Type.Record(Type.String(), Type.String(), {
      description: "The teacher's texts and notes as safe HTML, by item id.",
    }),
    forkedFrom: Type.Union([
      Type.Object({
        id: Type.String(),
        version: Type.Union([Type.Integer(), Type.Null()]),
        title: Type.String(),
        authors: Type.Array(Type.String()),
      }),
      Type.Null(),
    ]),
    forkCount: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    publishedAt: NullableString,
  },
  { $id: 'Lesson' },
);

export const LicenceProblem = Type.Object({
  item: Type.String(),
  code: Type.String(),
  nl: Type.String(),
  en: Type.String(),
});
export const Remedy = Type.Object({
  type: Type.String(),
  item: Type.Optional(Type.String()),
  licences: Type.Optional(Type.Array(Type.String())),
});

export const LessonCheck = Type.Object({
  licence: Type.Object({
    allowed: Type.Array(Type.String()),
    recommended: NullableString,
    verdicts: Type.Array(
      Type.Object({ licence: Type.String(), allowed: Type.Boolean(), problems: Type.Array(LicenceProblem) }),
    ),
    conflicts: Type.Array(
      Type.Object({ item: Type.String(), problems: Type.Array(LicenceProblem), remedies: Type.Array(Remedy) }),
    ),
    chosen: Type.Union([
      Type.Object({
        licence: Type.String(),
        allowed: Type.Boolean(),
        problems: Type.Array(LicenceProblem),
        remedies: Type.Array(Remedy),
      }),
      Type.Null(),
    ]),
    notes: Type.Array(LicenceProblem),
  }),
  attribution: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('resource'), Type.Literal('closed'), Type.Literal('based-on')]),
      itemIds: Type.Array(Type.String()),
      resourceId: NullableString,
      nl: Type.String(),
      en: Type.String(),
    }),
  ),
});

export const LessonIdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
export const VersionQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) });
