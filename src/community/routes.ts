import { Type } from 'typebox';
import { optionalActor, requireActor } from '../accounts/auth.ts';
import { literals } from '../kernel/schema.ts';
import type { App } from '../kernel/http.ts';
import { NullableString } from '../kernel/schema.ts';
import { COMMUNITY_KINDS, LIMITS, MEMBER_ROLES, type CommunityKind, type MemberRole } from './model.ts';
import type { CommunityService } from './service.ts';
import { responses, Community, CommunityInput, Item, Slug, SlugAnd } from './schema.ts';

/** A member of a community as its members list shows them. */
export const Member = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: literals(MEMBER_ROLES),
  joinedAt: Type.String(),
});

/** The services these routes use. */
export interface CommunityRoutesDeps {
  communities: CommunityService;
}

/** `/api/v1/communities`: subject communities and regional networks, their members, collections and discussions. */
export async function communityRoutes(app: App, ctx: CommunityRoutesDeps): Promise<void> {
  const communities = ctx.communities;

  app.get(
    '/api/v1/communities',
    {
      schema: {
        tags: ['communities'],
        summary:
          "Communities by name: all, of one kind, the signed-in user's, or those whose collection holds a resource",
        querystring: Type.Object(
          {
            kind: Type.Optional(literals(COMMUNITY_KINDS)),
            mine: Type.Optional(Type.Boolean({ description: "Only the signed-in user's communities" })),
            resource: Type.Optional(
              Type.String({ maxLength: 100, description: 'Only communities whose collection holds this resource' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Community) }), ...responses },
      },
    },
    async (request) => {
      const { kind, mine, resource } = request.query;
      return {
        items: await communities.list(optionalActor(request), {
          kind: kind as CommunityKind | undefined,
          mine,
          resource,
        }),
      };
    },
  );

  app.post(
    '/api/v1/communities',
    {
      schema: {
        tags: ['communities'],
        summary: 'Start a community; its maker becomes its first moderator',
        description:
          'Signed-in users. The slug is made from the name when left out; 409 `LG_SLUG_TAKEN` when another community has it.',
        body: Type.Object(
          { kind: literals(COMMUNITY_KINDS), slug: Type.Optional(Type.String({ maxLength: 60 })), ...CommunityInput },
          { additionalProperties: false },
        ),
        response: { 201: Community, ...responses },
      },
    },
    async (request, reply) => {
      const created = await communities.create(requireActor(request), {
        ...request.body,
        kind: request.body.kind as CommunityKind,
      });
      return reply.status(201).header('location', `/api/v1/communities/${created.slug}`).send(created);
    },
  );

  app.get(
    '/api/v1/communities/:slug',
    {
      schema: {
        tags: ['communities'],
        summary: 'A community',
        params: Slug,
        response: { 200: Community, ...responses },
      },
    },
    async (request) => communities.get(request.params.slug, optionalActor(request)),
  );

  app.patch(
    '/api/v1/communities/:slug',
    {
      schema: {
        tags: ['communities'],
        summary: 'Change a community (moderators); fields left out keep their value',
        params: Slug,
        body: Type.Partial(Type.Object(CommunityInput), { additionalProperties: false }),
        response: { 200: Community, ...responses },
      },
    },
    async (request) => communities.update(requireActor(request), request.params.slug, request.body),
  );

  app.get(
    '/api/v1/communities/:slug/members',
    {
      schema: {
        tags: ['communities'],
        summary: 'The members by role and name (for members)',
        params: Slug,
        response: {
          200: Type.Object({
            items: Type.Array(Member),
          }),
          ...responses,
        },
      },
    },
    async (request) => ({ items: await communities.members(requireActor(request), request.params.slug) }),
  );

  app.post(
    '/api/v1/communities/:slug/members',
    {
      schema: {
        tags: ['communities'],
        summary: 'Join the community (signed-in users; every community is open to join)',
        params: Slug,
        response: { 200: Community, ...responses },
      },
    },
    async (request) => communities.join(requireActor(request), request.params.slug),
  );

  app.put(
    '/api/v1/communities/:slug/members/:userId',
    {
      schema: {
        tags: ['communities'],
        summary: 'Make a member moderator or member (moderators)',
        description: '409 `LG_LAST_MODERATOR` when it would leave the community without a moderator.',
        params: SlugAnd('userId'),
        body: Type.Object({ role: literals(MEMBER_ROLES) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...responses },
      },
    },
    async (request, reply) => {
      await communities.setRole(
        requireActor(request),
        request.params.slug,
        request.params.userId,
        request.body.role as MemberRole,
      );
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/communities/:slug/members/:userId',
    {
      schema: {
        tags: ['communities'],
        summary: 'Leave the community (your own id), or remove a member (moderators)',
        description: '409 `LG_LAST_MODERATOR` for the last moderator while other members remain.',
        params: SlugAnd('userId'),
        response: { 204: Type.Null(), ...responses },
      },
    },
    async (request, reply) => {
      await communities.removeMember(requireActor(request), request.params.slug, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/communities/:slug/items',
    {
      schema: {
        tags: ['communities'],
        summary: 'The shared collection, most recently added first (public)',
        description:
          'Withdrawn resources stay listed with status `withdrawn`, so members can see what left; drafts never show.',
        params: Slug,
        querystring: Type.Object(
          {
            cursor: Type.Optional(Type.String({ maxLength: 1000 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.page, default: 24 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Item), nextCursor: NullableString }), ...responses },
      },
    },
    async (request) =>
      communities.items(
        optionalActor(request),
        request.params.slug,
        request.query.cursor ?? null,
        request.query.limit ?? 24,
      ),
  );

  app.post(
    '/api/v1/communities/:slug/items',
    {
      schema: {
        tags: ['communities'],
        summary: 'Add a published resource to the collection, with a note why (members)',
        description:
          "The resource gets a new datestamp: it is now in the community's OAI-PMH set. 409 `LG_ALREADY_IN_COLLECTION` when it is in already.",
        params: Slug,
        body: Type.Object(
          {
            resourceId: Type.String({ minLength: 1, maxLength: 100 }),
            note: Type.Optional(Type.String({ maxLength: LIMITS.note })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Item, ...responses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await communities.addItem(
            requireActor(request),
            request.params.slug,
            request.body.resourceId,
            request.body.note ?? null,
          ),
        ),
  );

  app.delete(
    '/api/v1/communities/:slug/items/:resourceId',
    {
      schema: {
        tags: ['communities'],
        summary: 'Take a resource out of the collection (who added it, or a moderator)',
        params: SlugAnd('resourceId'),
        response: { 204: Type.Null(), ...responses },
      },
    },
    async (request, reply) => {
      await communities.removeItem(requireActor(request), request.params.slug, request.params.resourceId);
      return reply.status(204).send(null);
    },
  );
}
