import { Type } from 'typebox';
import { literals } from '../kernel/schema.ts';
import { MAX_BULK, QUEUED_CHECKS, REPORT_CATEGORIES, REPORT_STATUSES } from './model.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** The record a queue item is about, with the start of its description as evidence. */
const QueueResource = Type.Object({
  id: Type.String(),
  title: Type.String(),
  kind: Type.String(),
  excerpt: Nullable(Type.String()),
  organisation: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  sourceId: Nullable(Type.String()),
});

export const Summary = Type.Object(
  {
    suggestions: Type.Integer(),
    checks: Type.Integer(),
    reviews: Type.Integer(),
    reports: Type.Integer(),
  },
  { description: 'How much waits in each queue of the actor (their institutions, or all for curators)' },
);

export const SuggestionPage = Type.Object({
  kind: Type.Literal('suggestions'),
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      resource: QueueResource,
      objective: Type.Object({
        id: Type.String(),
        label: Type.String(),
        notation: Nullable(Type.String()),
        scheme: Type.Union([Type.Literal('kerndoel'), Type.Literal('leerdoel')]),
      }),
      score: Type.Number({ description: 'The suggester’s score, 0 to 1' }),
      matchedWords: Type.Array(Type.String(), { description: 'The evidence: words of the record that matched' }),
      votes: Type.Object({ accepted: Type.Integer(), rejected: Type.Integer() }),
      suggestedAt: Type.String(),
    }),
  ),
});

export const CheckPage = Type.Object({
  kind: Type.Literal('checks'),
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      resource: QueueResource,
      kind: Type.String({ description: 'The check that failed: completeness, licence or link' }),
      detail: Type.Record(Type.String(), Type.Unknown()),
      checkedAt: Type.String(),
    }),
  ),
});

export const ReviewPage = Type.Object({
  kind: Type.Literal('reviews'),
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      resource: QueueResource,
      id: Type.String(),
      reviewer: Type.String(),
      summary: Nullable(Type.String()),
      scores: Type.Unknown(),
      createdAt: Type.String(),
    }),
  ),
});

export const Report = Type.Object({
  resource: QueueResource,
  id: Type.String(),
  category: literals(REPORT_CATEGORIES),
  message: Type.String(),
  status: literals(REPORT_STATUSES),
  createdAt: Type.String(),
  handledAt: Nullable(Type.String()),
  handledNote: Nullable(Type.String()),
});

export const ReportPage = Type.Object({
  kind: Type.Literal('reports'),
  total: Type.Integer(),
  items: Type.Array(Report),
});

export const QueueQuery = Type.Object(
  {
    organisationId: Type.Optional(Type.String({ maxLength: 100 })),
    sourceId: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_BULK, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);

export const SuggestionQuery = Type.Object(
  {
    ...QueueQuery.properties,
    objectiveId: Type.Optional(Type.String({ maxLength: 200 })),
    minScore: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  },
  { additionalProperties: false },
);

export const CheckQuery = Type.Object(
  { ...QueueQuery.properties, kind: Type.Optional(literals(QUEUED_CHECKS)) },
  { additionalProperties: false },
);

export const ReportQuery = Type.Object(
  { ...QueueQuery.properties, status: Type.Optional(literals(REPORT_STATUSES)) },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]),
    items: Type.Array(
      Type.Object(
        { resourceId: Type.String({ maxLength: 100 }), objectiveId: Type.String({ maxLength: 200 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_BULK },
    ),
  },
  { additionalProperties: false },
);

export const ReportBody = Type.Object(
  { category: literals(REPORT_CATEGORIES), message: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);

export const ReportPatch = Type.Object(
  { status: literals(REPORT_STATUSES), note: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))) },
  { additionalProperties: false },
);
