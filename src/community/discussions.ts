import type { Kysely } from 'kysely';
import type { Post, Thread } from './schema.ts';
import type { Static } from 'typebox';
import type { Actor } from '../accounts/model.ts';
import { AppError, forbidden, notFound, unauthenticated } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Database } from '../db/schema.ts';
import { renderTeacherText } from '../kernel/teacher-text.ts';
import {
  MAX_POSTS,
  text,
  encodeCursor,
  decodeCursor,
  LIMITS,
  canContribute,
  canReadDiscussions,
  canRemoveOwn,
  type Standing,
} from './model.ts';
import { communityRepository as repo, type PostRow, type ThreadRow } from './repository.ts';

import type { CommunityService } from './service.ts';

/** A thread as the API lists it (the type of its schema). */
export type ThreadSummary = Static<typeof Thread>;

/** A post as the API shows it (the type of its schema). */
export type PostView = Static<typeof Post>;

/** A community's discussions: threads and posts, readable by members, moderated by moderators. */
export class DiscussionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly communities: Pick<CommunityService, 'find'>,
    private readonly catalogue: Pick<CatalogueService, 'getMany'>,
  ) {}

  private readable(standing: Standing): void {
    if (!canReadDiscussions(standing))
      throw standing.actor
        ? forbidden("Discussions are for the community's members; join it first.")
        : unauthenticated();
  }

  private async summaries(rows: ThreadRow[]): Promise<ThreadSummary[]> {
    const names = await repo.namesOf(
      this.db,
      rows.map((r) => r.created_by),
    );
    const resources = await this.catalogue.getMany(
      rows.flatMap((r) => (r.resource_id ? [r.resource_id] : [])),
      null,
    );
    return rows.map((r) => {
      const resource = r.resource_id ? resources.get(r.resource_id) : undefined;
      return {
        id: r.id,
        title: r.title,
        resource: resource ? { id: resource.id, title: resource.title } : null,
        startedBy: { id: r.created_by, name: names.get(r.created_by) ?? '' },
        createdAt: r.created_at,
        lastPostAt: r.last_post_at,
        posts: r.post_count,
      };
    });
  }

  /** A page of the discussions, most recently active first (members); those about one resource when asked. */
  async threads(
    actor: Actor | null,
    slug: string,
    resourceId: string | null,
    cursor: string | null,
    limit: number,
  ): Promise<{ items: ThreadSummary[]; nextCursor: string | null }> {
    const { row, standing } = await this.communities.find(slug, actor);
    this.readable(standing);
    const rows = await repo.threads(
      this.db,
      row.id,
      resourceId,
      cursor === null ? null : decodeCursor(cursor),
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.summaries(page),
      nextCursor: rows.length > limit && last ? encodeCursor([last.last_post_at, last.id]) : null,
    };
  }

  /** Starts a discussion with its first post (members), optionally about a resource. */
  async startThread(
    actor: Actor | null,
    slug: string,
    input: { title: string; body: string; resourceId?: string | null },
  ): Promise<{ thread: ThreadSummary; posts: PostView[] }> {
    const { row, standing } = await this.communities.find(slug, actor);
    if (!canContribute(standing))
      throw actor ? forbidden('Join the community to start a discussion.') : unauthenticated();
    const title = text('title', input.title, LIMITS.threadTitle, 3);
    const body = text('body', input.body, LIMITS.post, 1);
    const resourceId = input.resourceId ?? null;
    if (resourceId !== null) {
      const resource = (await this.catalogue.getMany([resourceId], null)).get(resourceId);
      if (!resource) throw notFound('Resource', resourceId);
    }
    const now = nowIso();
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      await repo.insertThread(trx, {
        id,
        community_id: row.id,
        title,
        resource_id: resourceId,
        created_by: standing.actor!.userId,
        created_at: now,
        last_post_at: now,
        post_count: 1,
      });
      await repo.insertPost(trx, {
        id: newId(),
        thread_id: id,
        author_id: standing.actor!.userId,
        body,
        created_at: now,
        edited_at: null,
        removed_at: null,
        removed_by: null,
      });
    });
    return this.thread(actor, slug, id);
  }

  private async threadOf(communityId: string, threadId: string): Promise<ThreadRow> {
    const thread = await repo.findThread(this.db, threadId);
    if (!thread || thread.community_id !== communityId) throw notFound('Discussion', threadId);
    return thread;
  }

  /** A discussion with its posts in order; removed posts keep their place without their text. */
  async thread(
    actor: Actor | null,
    slug: string,
    threadId: string,
  ): Promise<{ thread: ThreadSummary; posts: PostView[] }> {
    const { row, standing } = await this.communities.find(slug, actor);
    this.readable(standing);
    const thread = await this.threadOf(row.id, threadId);
    const posts = await repo.posts(this.db, thread.id);
    const names = await repo.namesOf(
      this.db,
      posts.map((p) => p.author_id),
    );
    const [summary] = await this.summaries([thread]);
    return { thread: summary!, posts: posts.map((p) => this.postView(p, names.get(p.author_id) ?? '', standing)) };
  }

  private postView(post: PostRow, authorName: string, standing: Standing): PostView {
    const removed = post.removed_at !== null;
    return {
      id: post.id,
      author: { id: post.author_id, name: authorName },
      body: removed ? null : post.body,
      html: removed ? null : renderTeacherText(post.body),
      createdAt: post.created_at,
      editedAt: post.edited_at,
      removed,
      mayEdit: !removed && standing.actor?.userId === post.author_id && canContribute(standing),
      mayRemove: !removed && canRemoveOwn(standing, post.author_id) && canContribute(standing),
    };
  }

  /** Replies in a discussion (members). */
  async reply(actor: Actor | null, slug: string, threadId: string, body: string): Promise<PostView> {
    const { row, standing } = await this.communities.find(slug, actor);
    if (!canContribute(standing))
      throw actor ? forbidden('Join the community to take part in its discussions.') : unauthenticated();
    const thread = await this.threadOf(row.id, threadId);
    const clean = text('body', body, LIMITS.post, 1);
    const post: PostRow = {
      id: newId(),
      thread_id: thread.id,
      author_id: standing.actor!.userId,
      body: clean,
      created_at: nowIso(),
      edited_at: null,
      removed_at: null,
      removed_by: null,
    };
    await this.db.transaction().execute(async (trx) => {
      if ((await repo.countPosts(trx, thread.id)) >= MAX_POSTS)
        throw new AppError('LG_THREAD_FULL', 409, `A discussion holds at most ${MAX_POSTS} posts; start a new one.`);
      await repo.insertPost(trx, post);
      await repo.refreshThread(trx, thread.id);
    });
    return this.postView(post, (await repo.namesOf(this.db, [post.author_id])).get(post.author_id) ?? '', standing);
  }

  private async postOf(communityId: string, threadId: string, postId: string): Promise<PostRow> {
    await this.threadOf(communityId, threadId);
    const post = await repo.findPost(this.db, postId);
    if (!post || post.thread_id !== threadId) throw notFound('Post', postId);
    return post;
  }

  /** Changes a post's text (its author only). */
  async editPost(actor: Actor | null, slug: string, threadId: string, postId: string, body: string): Promise<PostView> {
    const { row, standing } = await this.communities.find(slug, actor);
    const post = await this.postOf(row.id, threadId, postId);
    if (post.removed_at !== null) throw new AppError('LG_POST_REMOVED', 409, 'This post was removed.');
    if (standing.actor?.userId !== post.author_id || !canContribute(standing))
      throw actor ? forbidden('Only its author may change a post.') : unauthenticated();
    const clean = text('body', body, LIMITS.post, 1);
    const editedAt = nowIso();
    await repo.updatePost(this.db, post.id, { body: clean, edited_at: editedAt });
    return this.postView(
      { ...post, body: clean, edited_at: editedAt },
      (await repo.namesOf(this.db, [post.author_id])).get(post.author_id) ?? '',
      standing,
    );
  }

  /** Removes a post (its author or a moderator): its text is gone, its place in the discussion stays. */
  async removePost(actor: Actor | null, slug: string, threadId: string, postId: string): Promise<void> {
    if (!actor) throw unauthenticated();
    const { row, standing } = await this.communities.find(slug, actor);
    const post = await this.postOf(row.id, threadId, postId);
    if (!canRemoveOwn(standing, post.author_id) || !canContribute(standing))
      throw forbidden('Only its author or a moderator may remove a post.');
    if (post.removed_at !== null) return;
    await this.db.transaction().execute(async (trx) => {
      await repo.updatePost(trx, post.id, { body: '', removed_at: nowIso(), removed_by: actor.userId });
      await repo.refreshThread(trx, post.thread_id);
    });
  }
}
