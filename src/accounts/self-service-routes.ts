import { Type } from 'typebox';
import type { App } from '../kernel/http.ts';
import { problemResponses } from '../kernel/schema.ts';
import { SESSION_COOKIE, requireActor } from './auth.ts';
import type { SelfService } from './self-service.ts';

/** The services these routes use. */
export interface SelfServiceRoutesDeps {
  selfService: SelfService;
}

const Email = Type.String({ minLength: 3, maxLength: 320 });
const Password = Type.String({
  minLength: 1,
  maxLength: 1024,
  description: 'At least 12 characters (NIST SP 800-63B)',
});
const Token = Type.String({ minLength: 1, maxLength: 200 });
const Lang = Type.Optional(
  Type.Union([Type.Literal('nl'), Type.Literal('en')], { description: 'The language of the mail (default nl)' }),
);
/**
 * Requests that send mail or check a password: few per address per minute (a school behind one
 * address still registers a team at once; one account's guesses are slowed per account as well).
 */
const SLOW = { rateLimit: { max: 20, timeWindow: '1 minute' } };

/** Register, confirm, reset, change address and password, sign out everywhere. */
export async function selfServiceRoutes(app: App, ctx: SelfServiceRoutesDeps): Promise<void> {
  const self = ctx.selfService;

  app.get(
    '/api/v1/accounts/registration',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Whether people can register themselves (only where the platform sends mail)',
        response: { 200: Type.Object({ open: Type.Boolean() }) },
      },
    },
    async () => ({ open: self.mailOpen }),
  );

  app.post(
    '/api/v1/accounts',
    {
      config: SLOW,
      schema: {
        tags: ['accounts'],
        summary: 'Register as a teacher',
        description:
          'Answers 202 and mails a confirmation link (`…/account/bevestigen?token=…`); sign-in works once it is followed. An address that has an account already gets a mail saying so, with the same answer here. 503 `LG_MAIL_UNAVAILABLE` where the platform sends no mail.',
        body: Type.Object(
          { email: Email, password: Password, name: Type.String({ minLength: 1, maxLength: 100 }), lang: Lang },
          { additionalProperties: false },
        ),
        response: { 202: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await self.register({ ...request.body, lang: request.body.lang ?? 'nl' });
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/api/v1/accounts/verify',
    {
      config: SLOW,
      schema: {
        tags: ['accounts'],
        summary: "Confirm an address with the mailed link's token (a new account, or a changed address)",
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: {
          200: Type.Object({ purpose: Type.Union([Type.Literal('verify'), Type.Literal('email')]) }),
          ...problemResponses,
        },
      },
    },
    async (request) => self.verify(request.body.token),
  );

  app.post(
    '/api/v1/password-reset',
    {
      config: SLOW,
      schema: {
        tags: ['accounts'],
        summary: 'Ask for a password reset link by mail',
        description:
          'Always 202: whether the address has an account is not told. The link (`…/wachtwoord-herstellen?token=…`) works once, for an hour.',
        body: Type.Object({ email: Email, lang: Lang }, { additionalProperties: false }),
        response: { 202: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await self.requestReset(request.body.email, request.body.lang ?? 'nl');
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/api/v1/password-reset/confirm',
    {
      config: SLOW,
      schema: {
        tags: ['accounts'],
        summary: "Set a new password with a reset link's token; every session of the account ends",
        body: Type.Object({ token: Token, password: Password }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await self.confirmReset(request.body.token, request.body.password);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/accounts/me/password',
    {
      config: SLOW,
      schema: {
        tags: ['accounts'],
        summary: 'Change your password (give the current one); your other sessions end',
        body: Type.Object({ current: Password, password: Password }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await self.changePassword(actor, request.sessionToken!, request.body.current, request.body.password);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/accounts/me/email',
    {
      config: SLOW,
      schema: {
        tags: ['accounts'],
        summary: 'Change your address: a confirmation link goes to the new one, the old one stays until then',
        body: Type.Object({ password: Password, email: Email, lang: Lang }, { additionalProperties: false }),
        response: { 202: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await self.changeEmail(actor, request.body.password, request.body.email, request.body.lang ?? 'nl');
      return reply.status(202).send(null);
    },
  );

  app.delete(
    '/api/v1/accounts/me/sessions',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Sign out everywhere: every session of your account ends, this one too',
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await self.signOutEverywhere(requireActor(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
}
