import { Type } from 'typebox';
import { literals } from '../kernel/schema.ts';
import { CHECK_KINDS, COMPLETENESS_FIELDS } from './model.ts';
import { REPORT_PROBLEMS } from './report.ts';
import { RUBRIC_DIMENSIONS } from './rubric.ts';

const Status = Type.Union([Type.Literal('ok'), Type.Literal('warning'), Type.Literal('failed')]);

// Null first: with type coercion on, a null tried against the integer first would become 0.
const Score = Type.Union([Type.Null(), Type.Integer({ minimum: 0, maximum: 3 })], {
  description: '0 to 3, or null: not applicable',
});

/** A review against the rubric: who, which rubric version, which version of the resource, a score and reason per dimension. */
export const Review = Type.Object({
  id: Type.String(),
  reviewer: Type.Object({ name: Type.String() }),
  rubric: Type.Object({ id: Type.String(), version: Type.Integer() }),
  judged: Type.Object({
    lessonVersion: Type.Union([Type.Integer(), Type.Null()], {
      description: 'The published lesson version judged (lessons)',
    }),
    recordModifiedAt: Type.String({ description: 'When the record as judged was last changed' }),
    current: Type.Boolean({ description: 'Whether it judged the version shown now' }),
  }),
  scores: Type.Array(Type.Object({ dimension: literals(RUBRIC_DIMENSIONS), score: Score, reason: Type.String() })),
  summary: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('published'), Type.Literal('hidden')]),
  hiddenReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  mine: Type.Boolean(),
});

export const ReviewBody = Type.Object(
  {
    scores: Type.Array(
      Type.Object(
        {
          dimension: Type.String({ maxLength: 40 }),
          score: Score,
          reason: Type.String({ maxLength: 2000 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 20, description: 'Every dimension of the rubric once' },
    ),
    summary: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
    lessonVersion: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
        description: 'Lessons: the version judged (default the latest)',
      }),
    ),
  },
  { additionalProperties: false },
);

const Text = Type.Object({
  name: Type.String(),
  question: Type.String(),
  levels: Type.Array(Type.String(), { minItems: 4, maxItems: 4, description: 'What 0, 1, 2 and 3 mean' }),
});

/** The published review rubric. */
export const Rubric = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  publishedAt: Type.String(),
  basedOn: Type.Object({ name: Type.String(), url: Type.String() }),
  scale: Type.Object({ min: Type.Integer(), max: Type.Integer() }),
  dimensions: Type.Array(Type.Object({ key: literals(RUBRIC_DIMENSIONS), nl: Text, en: Text })),
});

export const TrustedReviewer = Type.Object({ userId: Type.String(), name: Type.String(), grantedAt: Type.String() });

/** A quality mark (keurmerk) and its issuer. */
export const Mark = Type.Object({
  id: Type.String(),
  name: Type.String(),
  issuer: Type.Object({ id: Type.String(), name: Type.String() }),
  criteriaUrl: Type.String({ description: 'Where the issuer publishes what the mark stands for' }),
  validityMonths: Type.Integer({ description: 'How long an award lasts' }),
  logoUrl: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

// Null first, as above: tried against the string first, a null would become "".
const Logo = Type.Union([Type.Null(), Type.String({ maxLength: 140_000 })], {
  description: 'Base64 of a PNG, JPEG or WebP picture of at most 100 kB (a data: URL is accepted); null removes it',
});

export const MarkBody = Type.Object(
  {
    organisationId: Type.String({ maxLength: 100, description: 'The issuing organisation (one you are an editor of)' }),
    name: Type.String({ minLength: 2, maxLength: 100 }),
    criteriaUrl: Type.String({ maxLength: 500 }),
    validityMonths: Type.Integer({ minimum: 1, maximum: 120 }),
    logo: Type.Optional(Logo),
  },
  { additionalProperties: false },
);

export const MarkPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
    criteriaUrl: Type.Optional(Type.String({ maxLength: 500 })),
    validityMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 120 })),
    logo: Type.Optional(Logo),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** A mark awarded to a resource or to one published lesson version. */
export const Award = Type.Object({
  id: Type.String(),
  mark: Mark,
  lessonVersion: Type.Union([Type.Integer(), Type.Null()]),
  current: Type.Boolean({
    description: 'False when a newer lesson version is published: it does not inherit the mark',
  }),
  awardedAt: Type.String(),
  expiresAt: Type.String(),
  status: Type.Union([Type.Literal('valid'), Type.Literal('expired'), Type.Literal('withdrawn')]),
  withdrawnAt: Type.Union([Type.String(), Type.Null()]),
  withdrawnReason: Type.Union([Type.String(), Type.Null()]),
  mayWithdraw: Type.Boolean(),
});

/** What is known of a resource's quality: each signal apart. */
export const Quality = Type.Object({
  checks: Type.Array(
    Type.Object({
      kind: literals(CHECK_KINDS),
      status: Status,
      detail: Type.Record(Type.String(), Type.Unknown(), { description: 'What the latest run found' }),
      checkedAt: Type.String(),
      history: Type.Array(Type.Object({ status: Status, checkedAt: Type.String() }), {
        description: 'Every run, newest first',
      }),
    }),
  ),
  completeness: Type.Object({
    score: Type.Number({ minimum: 0, maximum: 1, description: 'Present fields over the fields that apply' }),
    missing: Type.Array(literals(COMPLETENESS_FIELDS)),
  }),
  reviews: Type.Array(Review, {
    description: 'Reviews against the rubric, newest first (curators also see hidden ones)',
  }),
  mayReview: Type.Boolean({ description: 'Whether the signed-in person may write a review' }),
  marks: Type.Array(Award, {
    description: 'Quality marks awarded, newest first, each with its status (valid, expired, withdrawn)',
  }),
  awardableMarks: Type.Array(Mark, { description: 'The marks the signed-in person may award' }),
  rating: Type.Object({
    average: Type.Union([Type.Number(), Type.Null()]),
    count: Type.Integer(),
    mine: Type.Union([
      Type.Object({ score: Type.Integer(), comment: Type.Union([Type.String(), Type.Null()]) }),
      Type.Null(),
    ]),
    comments: Type.Array(
      Type.Object({ name: Type.String(), score: Type.Integer(), comment: Type.String(), updatedAt: Type.String() }),
    ),
  }),
});

const ReportCounts = Type.Object(
  Object.fromEntries(REPORT_PROBLEMS.map((p) => [p, Type.Integer()])) as Record<
    (typeof REPORT_PROBLEMS)[number],
    ReturnType<typeof Type.Integer>
  >,
);

/** An institution's data-quality report: counts per source and in all, the worst records first. */
export const QualityReport = Type.Object({
  organisationIds: Type.Union([Type.Array(Type.String()), Type.Null()], {
    description: 'The organisations reported on; null: every one (curators)',
  }),
  sourceId: Type.Union([Type.String(), Type.Null()]),
  generatedAt: Type.String(),
  records: Type.Integer({ description: 'Published records reported on' }),
  unchecked: Type.Integer({ description: 'Records the automatic checks have not seen yet' }),
  withProblems: Type.Integer(),
  totals: ReportCounts,
  sources: Type.Array(
    Type.Object({
      id: Type.Union([Type.String(), Type.Null()]),
      name: Type.Union([Type.String(), Type.Null()]),
      records: Type.Integer(),
      withProblems: Type.Integer(),
      problems: ReportCounts,
    }),
  ),
  worst: Type.Object({
    total: Type.Integer(),
    items: Type.Array(
      Type.Object({
        id: Type.String(),
        title: Type.String(),
        kind: Type.String(),
        source: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
        score: Type.Union([Type.Number(), Type.Null()]),
        missing: Type.Array(Type.String()),
        brokenLink: Type.Boolean(),
        checkedAt: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  }),
});

export const ReportQuery = Type.Object(
  {
    organisationId: Type.Optional(Type.String({ maxLength: 100 })),
    sourceId: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
