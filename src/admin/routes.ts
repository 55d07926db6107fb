import { Type } from 'typebox';
import { requireActor } from '../accounts/auth.ts';
import { MEMBER_ROLES, ORGANISATION_KINDS, ROLES } from '../accounts/model.ts';
import type { App } from '../kernel/http.ts';
import { literals } from '../kernel/schema.ts';
import { problemResponses } from '../kernel/schema.ts';
import { auditCsv, type AdminService } from './service.ts';

/** The services these routes use. */
export interface AdminRoutesDeps {
  admin: AdminService;
}

export const AdminUser = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Type.String(),
  disabled: Type.Boolean(),
  verified: Type.Boolean(),
  createdAt: Type.String(),
  organisations: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), role: literals(MEMBER_ROLES) })),
});
export const Organisation = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  website: Type.Union([Type.String(), Type.Null()]),
  externalId: Type.Union([Type.String(), Type.Null()]),
});
export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Type.Object({ id: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]) }),
  action: Type.String(),
  target: Type.Object({ type: Type.String(), id: Type.String() }),
  detail: Type.Record(Type.String(), Type.Unknown(), { description: 'What changed: the name, and from and to' }),
});

/** Users, roles, organisations and the audit log, for administrators. */
export async function adminRoutes(app: App, ctx: AdminRoutesDeps): Promise<void> {
  app.get(
    '/api/v1/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Users with their role, state and organisations (administrators)',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: Type.Array(AdminUser), ...problemResponses },
      },
    },
    async (request) => ctx.admin.users(requireActor(request), request.query.q ?? null),
  );

  app.patch(
    '/api/v1/admin/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary: "Change a user's role, switch the account off or on, or set their organisations (administrators)",
        description:
          'Written to the audit log; the person is signed out everywhere, so their next session carries the new rights. Organisations that stay keep the role the person has there; new ones make an institution editor its `editor` and anyone else a `member` (roles within an organisation are changed at `/api/v1/organisations/{id}/members/{userId}`). 409 `LG_LAST_ADMIN` when it would leave no active administrator.',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: Type.Object(
          {
            role: Type.Optional(literals(ROLES)),
            disabled: Type.Optional(Type.Boolean()),
            organisationIds: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AdminUser, 409: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request) => ctx.admin.updateUser(requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/admin/organisations',
    {
      schema: {
        tags: ['admin'],
        summary: 'Organisations with their kind and login identifier (administrators)',
        response: { 200: Type.Array(Organisation), ...problemResponses },
      },
    },
    async (request) => ctx.admin.organisations(requireActor(request)),
  );

  app.post(
    '/api/v1/admin/organisations',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add an organisation: a school or an institution (administrators)',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            kind: literals(ORGANISATION_KINDS),
            website: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
            externalId: Type.Optional(
              Type.Union([
                Type.String({ maxLength: 200, description: 'The identifier a school login names it by (a BRIN)' }),
                Type.Null(),
              ]),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Organisation, 409: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await ctx.admin.createOrganisation(requireActor(request), request.body)),
  );

  app.get(
    '/api/v1/admin/audit',
    {
      schema: {
        tags: ['admin'],
        summary: 'The audit log: who changed what, when, newest first (administrators); `format=csv` downloads it',
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
          before: Type.Optional(Type.String({ maxLength: 40 })),
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
        }),
        response: { 200: Type.Array(AuditEntry), ...problemResponses },
      },
    },
    async (request, reply) => {
      const entries = await ctx.admin.auditLog(
        requireActor(request),
        request.query.limit ?? (request.query.format === 'csv' ? 5000 : 100),
        request.query.before ?? null,
      );
      if (request.query.format !== 'csv') return entries;
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="leergoed-auditlog.csv"');
      return reply.send(auditCsv(entries));
    },
  );
}
