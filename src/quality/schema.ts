import { Type } from 'typebox';
import { literals } from '../kernel/schema.ts';
import { CHECK_KINDS, COMPLETENESS_FIELDS } from './model.ts';

const Status = Type.Union([Type.Literal('ok'), Type.Literal('warning'), Type.Literal('failed')]);

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
