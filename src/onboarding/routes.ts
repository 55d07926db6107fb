import { Type } from 'typebox';
import { SESSION_COOKIE, optionalActor, requireActor } from '../accounts/auth.ts';
import { MEMBER_ROLES } from '../accounts/model.ts';
import type { AccountsService } from '../accounts/service.ts';
import type { App } from '../kernel/http.ts';
import { literals, problemResponses } from '../kernel/schema.ts';
import type { ApplicationService } from './applications.ts';
import { APPLICATION_STATUSES, DECISIONS } from './model.ts';
import { Application, ApplicationInput, InvitationOffer, Team } from './schema.ts';
import type { TeamService } from './team.ts';

/** The services these routes use. */
export interface OnboardingRoutesDeps {
  applications: ApplicationService;
  team: TeamService;
  accounts: AccountsService;
  config: { publicUrl: string };
}

const Lang = Type.Optional(
  Type.Union([Type.Literal('nl'), Type.Literal('en')], { description: 'The language of the mail (default nl)' }),
);
const Token = Type.String({ minLength: 1, maxLength: 200 });
const Id = Type.String({ maxLength: 100 });
/** Requests that send mail or take a token: few per person or address per minute. */
const SLOW = { rateLimit: { max: 20, timeWindow: '1 minute' } };

/** Organisations applying, administrators deciding, editors inviting colleagues and managing roles. */
export async function onboardingRoutes(app: App, ctx: OnboardingRoutesDeps): Promise<void> {
  const secure = ctx.config.publicUrl.startsWith('https://');

  app.post(
    '/api/v1/organisation-applications',
    {
      config: SLOW,
      schema: {
        tags: ['organisations'],
        summary: 'Ask for an organisation account for a school or institution (signed-in people)',
        description:
          'An administrator approves it (the organisation is made, the applicant becomes its editor) or refuses it with a reason; the decision is mailed.',
        body: ApplicationInput,
        response: { 201: Application, 409: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await ctx.applications.apply(requireActor(request), { ...request.body, lang: request.body.lang ?? 'nl' }),
        ),
  );

  app.get(
    '/api/v1/organisation-applications',
    {
      schema: {
        tags: ['organisations'],
        summary: "Applications: administrators see everyone's, anyone else their own",
        querystring: Type.Object({ status: Type.Optional(literals(APPLICATION_STATUSES)) }),
        response: { 200: Type.Array(Application), ...problemResponses },
      },
    },
    async (request) => ctx.applications.list(requireActor(request), request.query.status ?? null),
  );

  app.post(
    '/api/v1/admin/organisation-applications/:id/decision',
    {
      schema: {
        tags: ['admin'],
        summary: 'Approve or refuse an application (administrators); a refusal needs a reason',
        params: Type.Object({ id: Id }),
        body: Type.Object(
          {
            decision: literals(DECISIONS),
            reason: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Application, 409: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request) =>
      ctx.applications.decide(
        requireActor(request),
        request.params.id,
        request.body.decision,
        request.body.reason ?? null,
      ),
  );

  app.get(
    '/api/v1/organisations/:id/team',
    {
      schema: {
        tags: ['organisations'],
        summary: "An organisation's members with their roles and its open invitations (its editors, administrators)",
        params: Type.Object({ id: Id }),
        response: { 200: Team, ...problemResponses },
      },
    },
    async (request) => ctx.team.team(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/organisations/:id/invitations',
    {
      config: SLOW,
      schema: {
        tags: ['organisations'],
        summary: 'Invite a colleague by mail as editor or member (its editors, administrators)',
        description: `The link works ${14} days, once; inviting the address again replaces the earlier link. 503 \`LG_MAIL_UNAVAILABLE\` where the platform sends no mail.`,
        params: Type.Object({ id: Id }),
        body: Type.Object(
          { email: Type.String({ minLength: 3, maxLength: 320 }), role: literals(MEMBER_ROLES), lang: Lang },
          { additionalProperties: false },
        ),
        response: { 202: Team, 409: Type.Ref('Problem'), 503: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send(
        await ctx.team.invite(requireActor(request), request.params.id, {
          ...request.body,
          lang: request.body.lang ?? 'nl',
        }),
      ),
  );

  app.delete(
    '/api/v1/organisations/:id/invitations/:invitationId',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Withdraw an open invitation (its editors, administrators)',
        params: Type.Object({ id: Id, invitationId: Id }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await ctx.team.revoke(requireActor(request), request.params.id, request.params.invitationId);
      return reply.status(204).send(null);
    },
  );

  app.patch(
    '/api/v1/organisations/:id/members/:userId',
    {
      schema: {
        tags: ['organisations'],
        summary: "Change a member's role in the organisation (its editors, administrators)",
        description:
          'Written to the audit log; the person is signed out everywhere. 409 `LG_LAST_EDITOR` when no editor would remain.',
        params: Type.Object({ id: Id, userId: Id }),
        body: Type.Object({ role: literals(MEMBER_ROLES) }, { additionalProperties: false }),
        response: { 200: Team, 409: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await ctx.team.setRole(actor, request.params.id, request.params.userId, request.body.role);
      return ctx.team.team(actor, request.params.id);
    },
  );

  app.delete(
    '/api/v1/organisations/:id/members/:userId',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Take a member out of the organisation (its editors, administrators)',
        params: Type.Object({ id: Id, userId: Id }),
        response: { 204: Type.Null(), 409: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request, reply) => {
      await ctx.team.setRole(requireActor(request), request.params.id, request.params.userId, null);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/invitations/lookup',
    {
      config: SLOW,
      schema: {
        tags: ['organisations'],
        summary: "What an invitation's link offers (the token from the mail)",
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: { 200: InvitationOffer, ...problemResponses },
      },
    },
    async (request) => ctx.team.offer(request.body.token),
  );

  app.post(
    '/api/v1/invitations/accept',
    {
      config: SLOW,
      schema: {
        tags: ['organisations'],
        summary: 'Accept an invitation, signed in or with a new account for the invited address',
        description:
          'Signed in: the invitation is for your account. Not signed in: give `name` and `password` to make an account for the invited address (409 `LG_INVITATION_SIGN_IN` when it has one). Either way a new session is opened.',
        body: Type.Object(
          {
            token: Token,
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ organisationId: Type.String() }),
          409: Type.Ref('Problem'),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const { userId, organisationId } = await ctx.team.accept(
        optionalActor(request),
        request.body.token,
        request.body,
      );
      // The person's rights changed: a new session carries them (the old ones ended, this browser's too).
      if (request.sessionToken) await ctx.accounts.signOut(request.sessionToken);
      const { token, expires } = await ctx.accounts.openSession(userId);
      reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires });
      return { organisationId };
    },
  );
}
