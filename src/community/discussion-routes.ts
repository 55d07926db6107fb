import { Type } from 'typebox';
import { requireActor } from '../accounts/auth.ts';
import type { App } from '../kernel/http.ts';
import { NullableString } from '../kernel/schema.ts';
import { LIMITS } from './model.ts';
import type { DiscussionService } from './discussions.ts';
import { responses, Thread, Post, ThreadWithPosts, Slug, SlugAnd, PostParams, Body } from './schema.ts';

/** The services these routes use. */
export interface DiscussionRoutesDeps {
  discussions: DiscussionService;
}

/** `/api/v1/communities/{slug}/threads`: a community's discussions. */
export async function discussionRoutes(app: App, ctx: DiscussionRoutesDeps): Promise<void> {
  const discussions = ctx.discussions;

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
      discussions.threads(
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
      reply.status(201).send(await discussions.startThread(requireActor(request), request.params.slug, request.body)),
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
    async (request) => discussions.thread(requireActor(request), request.params.slug, request.params.threadId),
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
          await discussions.reply(
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
      discussions.editPost(
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
      await discussions.removePost(
        requireActor(request),
        request.params.slug,
        request.params.threadId,
        request.params.postId,
      );
      return reply.status(204).send(null);
    },
  );
}
