import { Type } from 'typebox';
import { optionalActor, requireActor } from '../accounts/auth.ts';
import type { App } from '../kernel/http.ts';
import { NullableString, problemResponses } from '../kernel/schema.ts';
import { COMMUNITY_KINDS, LIMITS, MEMBER_ROLES, type CommunityKind, type MemberRole } from './model.ts';
import type { CommunityService } from './service.ts';

const literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));
const responses = { ...problemResponses, 409: Type.Ref('Problem') };

const Concept = Type.Object({ id: Type.String(), label: Type.String(), labelEn: NullableString, uri: NullableString });
const Person = Type.Object(
  { id: Type.String(), name: Type.String() },
  { description: 'A user by name (never an e-mail address)' },
);
const Community = Type.Object({
  id: Type.String({ description: 'Stable identifier, never reused' }),
  slug: Type.String({ description: "The community's name in URLs (`/gemeenschappen/{slug}`); never changes" }),
  kind: literals(COMMUNITY_KINDS),
  name: Type.String(),
  description: Type.String(),
  subjects: Type.Array(Concept),
  levels: Type.Array(Concept),
  region: NullableString,
  counts: Type.Object({ members: Type.Integer(), items: Type.Integer(), threads: Type.Integer() }),
  setSpec: Type.String({ description: 'The OAI-PMH set of its collection' }),
  createdAt: Type.String(),
  myRole: Type.Union([literals(MEMBER_ROLES), Type.Null()], {
    description: "The signed-in user's role; null when not a member",
  }),
});
const CommunityInput = {
  name: Type.String({ minLength: 3, maxLength: LIMITS.name }),
  description: Type.String({ maxLength: LIMITS.description, description: 'What the community is for (plain text)' }),
  subjects: Type.Array(Type.String({ maxLength: 200 }), {
    maxItems: 20,
    description: 'Subject concept ids (or notations, URIs)',
  }),
  levels: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 30, description: 'Educational level concept ids' }),
  region: Type.Union([Type.String({ maxLength: LIMITS.region }), Type.Null()], {
    description: 'Required for a regional network',
  }),
};
const Item = Type.Object({
  resource: Type.Ref('Resource'),
  note: Type.String(),
  addedBy: Person,
  addedAt: Type.String(),
  mayRemove: Type.Boolean({ description: 'Whether the signed-in user may take it out' }),
});
const Thread = Type.Object({
  id: Type.String(),
  title: Type.String(),
  resource: Type.Union([Type.Object({ id: Type.String(), title: Type.String() }), Type.Null()]),
  startedBy: Person,
  createdAt: Type.String(),
  lastPostAt: Type.String(),
  posts: Type.Integer({ description: 'Posts not removed' }),
});
const Post = Type.Object({
  id: Type.String(),
  author: Person,
  body: Type.Union([Type.String(), Type.Null()], { description: 'The Markdown as written; null once removed' }),
  html: Type.Union([Type.String(), Type.Null()], {
    description: 'The Markdown as safe HTML (no raw HTML, no images); null once removed',
  }),
  createdAt: Type.String(),
  editedAt: NullableString,
  removed: Type.Boolean(),
  mayEdit: Type.Boolean(),
  mayRemove: Type.Boolean(),
});
const ThreadWithPosts = Type.Object({ thread: Thread, posts: Type.Array(Post) });

const Slug = Type.Object({ slug: Type.String({ maxLength: 60 }) });
const SlugAnd = <K extends string>(key: K) =>
  Type.Object({ slug: Type.String({ maxLength: 60 }), [key]: Type.String({ maxLength: 100 }) } as {
    slug: ReturnType<typeof Type.String>;
  } & Record<K, ReturnType<typeof Type.String>>);
const PostParams = Type.Object({
  slug: Type.String({ maxLength: 60 }),
  threadId: Type.String({ maxLength: 100 }),
  postId: Type.String({ maxLength: 100 }),
});
const Body = Type.Object(
  {
    body: Type.String({
      minLength: 1,
      maxLength: LIMITS.post,
      description: 'Markdown: paragraphs, emphasis, lists, quotes, links',
    }),
  },
  { additionalProperties: false },
);

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
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                role: literals(MEMBER_ROLES),
                joinedAt: Type.String(),
              }),
            ),
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

  app.get(
    '/api/v1/communities/:slug/threads',
    {
      schema: {
        tags: ['communities'],
        summary: 'The discussions, most recently active first (members)',
        params: Slug,
        querystring: Type.Object(
          {
            resource: Type.Optional(
              Type.String({ maxLength: 100, description: 'Only discussions about this resource' }),
            ),
            cursor: Type.Optional(Type.String({ maxLength: 1000 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.page, default: 30 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Thread), nextCursor: NullableString }), ...responses },
      },
    },
    async (request) =>
      communities.threads(
        requireActor(request),
        request.params.slug,
        request.query.resource ?? null,
        request.query.cursor ?? null,
        request.query.limit ?? 30,
      ),
  );

  app.post(
    '/api/v1/communities/:slug/threads',
    {
      schema: {
        tags: ['communities'],
        summary: 'Start a discussion with its first post, optionally about a resource (members)',
        params: Slug,
        body: Type.Object(
          {
            title: Type.String({ minLength: 3, maxLength: LIMITS.threadTitle }),
            body: Body.properties.body,
            resourceId: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: ThreadWithPosts, ...responses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await communities.startThread(requireActor(request), request.params.slug, request.body)),
  );

  app.get(
    '/api/v1/communities/:slug/threads/:threadId',
    {
      schema: {
        tags: ['communities'],
        summary: 'A discussion with its posts in order (members)',
        params: SlugAnd('threadId'),
        response: { 200: ThreadWithPosts, ...responses },
      },
    },
    async (request) => communities.thread(requireActor(request), request.params.slug, request.params.threadId),
  );

  app.post(
    '/api/v1/communities/:slug/threads/:threadId/posts',
    {
      schema: {
        tags: ['communities'],
        summary: 'Reply in a discussion (members)',
        description: '409 `LG_THREAD_FULL` after 1,000 posts.',
        params: SlugAnd('threadId'),
        body: Body,
        response: { 201: Post, ...responses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await communities.reply(
            requireActor(request),
            request.params.slug,
            request.params.threadId,
            request.body.body,
          ),
        ),
  );

  app.patch(
    '/api/v1/communities/:slug/threads/:threadId/posts/:postId',
    {
      schema: {
        tags: ['communities'],
        summary: 'Change your post',
        params: PostParams,
        body: Body,
        response: { 200: Post, ...responses },
      },
    },
    async (request) =>
      communities.editPost(
        requireActor(request),
        request.params.slug,
        request.params.threadId,
        request.params.postId,
        request.body.body,
      ),
  );

  app.delete(
    '/api/v1/communities/:slug/threads/:threadId/posts/:postId',
    {
      schema: {
        tags: ['communities'],
        summary: 'Remove a post (its author or a moderator); its place in the discussion stays',
        params: PostParams,
        response: { 204: Type.Null(), ...responses },
      },
    },
    async (request, reply) => {
      await communities.removePost(
        requireActor(request),
        request.params.slug,
        request.params.threadId,
        request.params.postId,
      );
      return reply.status(204).send(null);
    },
  );
}
