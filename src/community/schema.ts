import { Type } from 'typebox';
import { NullableString, problemResponses, literals } from '../kernel/schema.ts';
import { COMMUNITY_KINDS, LIMITS, MEMBER_ROLES } from './model.ts';

// The HTTP shapes of communities and their discussions.

export const responses = { ...problemResponses, 409: Type.Ref('Problem') };

export const Concept = Type.Object({
  id: Type.String(),
  label: Type.String(),
  labelEn: NullableString,
  uri: NullableString,
});
export const Person = Type.Object(
  { id: Type.String(), name: Type.String() },
  { description: 'A user by name (never an e-mail address)' },
);
export const Community = Type.Object({
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
export const CommunityInput = {
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
export const Item = Type.Object({
  resource: Type.Ref('Resource'),
  note: Type.String(),
  addedBy: Person,
  addedAt: Type.String(),
  mayRemove: Type.Boolean({ description: 'Whether the signed-in user may take it out' }),
});
export const Thread = Type.Object({
  id: Type.String(),
  title: Type.String(),
  resource: Type.Union([Type.Object({ id: Type.String(), title: Type.String() }), Type.Null()]),
  startedBy: Person,
  createdAt: Type.String(),
  lastPostAt: Type.String(),
  posts: Type.Integer({ description: 'Posts not removed' }),
});
export const Post = Type.Object({
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
export const ThreadWithPosts = Type.Object({ thread: Thread, posts: Type.Array(Post) });

export const Slug = Type.Object({ slug: Type.String({ maxLength: 60 }) });
export const SlugAnd = <K extends string>(key: K) =>
  Type.Object({ slug: Type.String({ maxLength: 60 }), [key]: Type.String({ maxLength: 100 }) } as {
    slug: ReturnType<typeof Type.String>;
  } & Record<K, ReturnType<typeof Type.String>>);
export const PostParams = Type.Object({
  slug: Type.String({ maxLength: 60 }),
  threadId: Type.String({ maxLength: 100 }),
  postId: Type.String({ maxLength: 100 }),
});
export const Body = Type.Object(
  {
    body: Type.String({
      minLength: 1,
      maxLength: LIMITS.post,
      description: 'Markdown: paragraphs, emphasis, lists, quotes, links',
    }),
  },
  { additionalProperties: false },
);
