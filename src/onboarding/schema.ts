import { Type } from 'typebox';
import { MEMBER_ROLES, ORGANISATION_KINDS } from '../accounts/model.ts';
import { literals } from '../kernel/schema.ts';
import { APPLICATION_STATUSES } from './model.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Application = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  website: Nullable(Type.String()),
  externalId: Nullable(Type.String()),
  motivation: Type.String(),
  status: literals(APPLICATION_STATUSES),
  reason: Nullable(Type.String()),
  applicant: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  organisationId: Nullable(Type.String()),
});

export const ApplicationInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: literals(ORGANISATION_KINDS),
    website: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    externalId: Type.Optional(
      Nullable(Type.String({ maxLength: 100, description: 'The identifier a school login names it by (a BRIN)' })),
    ),
    motivation: Type.String({
      maxLength: 4000,
      description: 'Who applies, for which organisation, and what it brings',
    }),
    lang: Type.Optional(
      Type.Union([Type.Literal('nl'), Type.Literal('en')], { description: 'The language of the mailed decision' }),
    ),
  },
  { additionalProperties: false },
);

export const Team = Type.Object({
  organisation: Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }),
  members: Type.Array(
    Type.Object({ userId: Type.String(), name: Type.String(), role: literals(MEMBER_ROLES), since: Type.String() }),
  ),
  invitations: Type.Array(
    Type.Object({
      id: Type.String(),
      email: Type.String(),
      role: literals(MEMBER_ROLES),
      invitedBy: Nullable(Type.String()),
      createdAt: Type.String(),
      expiresAt: Type.String(),
    }),
  ),
});

export const InvitationOffer = Type.Object({
  organisation: Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }),
  role: literals(MEMBER_ROLES),
  email: Type.String(),
  hasAccount: Type.Boolean({ description: 'An account with the invited address exists: sign in with it to accept' }),
});
