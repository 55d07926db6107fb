import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import type { App } from '../src/kernel/http.ts';
import { buildServer } from '../src/app/server.ts';
import type { Actor } from '../src/accounts/model.ts';
import type { LessonDocument } from '../src/lessons/model.ts';
import { multipart } from './support/http.ts';
import { OaiTestServer } from './support/oai-server.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

/**
 * Every write the API offers, run as every kind of actor against a target that belongs to the
 * "owner" teacher or to institution A: who may and who may not. The list of writes comes from the
 * OpenAPI document, so a new endpoint without a line here fails this test.
 */

const ACTORS = [
  'anonymous',
  'owner',
  'teacher',
  'editorA',
  'editorB',
  'curator',
  'admin',
  'keyA',
  'keyB',
  'keyARead',
] as const;
type ActorName = (typeof ACTORS)[number];
const PERSONS: ActorName[] = ['owner', 'teacher', 'editorA', 'editorB', 'curator', 'admin'];
const EVERYONE: ActorName[] = [...ACTORS];
const password = 'een lang wachtwoord';

interface Fixture {
  ctx: AppContext;
  app: App;
  oai: OaiTestServer;
  orgA: string;
  orgB: string;
  users: Record<'owner' | 'teacher' | 'member' | 'editorA' | 'editorB' | 'curator' | 'admin', Actor>;
  headers: Record<ActorName, Record<string, string>>;
  published: string;
  suggestion: { resourceId: string; objectiveId: string };
  platformId: string;
}

/** A request to make: where, with what body, and (rarely) other headers than the actor's. */
interface Request {
  method: string;
  url: string;
  payload?: unknown;
  body?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

interface Case {
  /** Who may; everyone else is refused (401, 403, or 404 where the target is hidden from them). */
  allowed: ActorName[];
  /** Why, when the rule is not plain ownership. */
  note?: string;
  /** A fresh target for one actor's attempt. */
  setup(f: Fixture, actor: ActorName): Promise<Request>;
  /** The request ends the actor's session (signing in again, signing out everywhere): a new one after it. */
  renewsSession?: boolean;
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A fresh teacher who is a member (not an editor) of institution A. */
async function memberOfA(f: Fixture): Promise<string> {
  return (
    await f.ctx.accounts.createUser({
      email: `lid-${unique()}@rijksmuseum.test`,
      name: 'Lid van A',
      password,
      role: 'teacher',
      organisationIds: [f.orgA],
    })
  ).id;
}

async function resourceOfA(f: Fixture): Promise<string> {
  return (
    await f.ctx.catalogue.create(
      f.users.editorA,
      {
        kind: 'heritage',
        title: `Object ${unique()}`,
        rights: 'http://creativecommons.org/publicdomain/zero/1.0/',
      } as never,
      f.orgA,
    )
  ).id;
}

async function lessonOfOwner(
  f: Fixture,
  publish = false,
): Promise<{ id: string; revision: number; document: LessonDocument }> {
  const lesson = await f.ctx.lessons.create(f.users.owner, null);
  const section = lesson.document.sections[0]!;
  const document = {
    ...lesson.document,
    title: `Les ${unique()}`,
    sections: [
      {
        ...section,
        variants: [
          {
            ...section.variants[0]!,
            items: [{ id: 'i1', type: 'resource' as const, resourceId: f.published, note: '', use: 'link' as const }],
          },
        ],
      },
    ],
  };
  let view = await f.ctx.lessons.saveDraft(f.users.owner, lesson.id, document, lesson.revision);
  if (publish) view = await f.ctx.lessons.publish(f.users.owner, lesson.id, 'Eerste versie', view.revision);
  return { id: lesson.id, revision: view.revision, document: view.document };
}

/** A review body that scores every dimension of the rubric. */
const reviewBody = () => ({
  scores: ['alignment', 'explanation', 'tasks', 'technical', 'accessibility', 'openness'].map((dimension) => ({
    dimension,
    score: 2,
    reason: 'Voldoet aan wat de rubric vraagt.',
  })),
});

/** A review of the published resource by a fresh member of A whom the curator trusts. */
async function reviewOfMember(f: Fixture): Promise<string> {
  const userId = await memberOfA(f);
  await f.ctx.reviews.setTrust(f.users.curator, userId, true);
  const reviewer: Actor = { userId, role: 'teacher', organisationIds: [] };
  return (await f.ctx.reviews.write(reviewer, f.published, reviewBody())).id;
}

/** A fresh quality mark of institution A, which the admin lets issue marks. */
async function markOfA(f: Fixture): Promise<string> {
  await f.ctx.marks.setIssuer(f.users.admin, f.orgA, true);
  const mark = await f.ctx.marks.define(f.users.admin, {
    organisationId: f.orgA,
    name: `Keurmerk ${unique()}`,
    criteriaUrl: 'https://www.rijksmuseum.nl/keurmerk',
    validityMonths: 12,
  });
  return mark.id;
}

/** A community of the owner (its moderator) with a member, an item the owner added and a thread the owner started. */
async function communityOfOwner(f: Fixture) {
  const community = await f.ctx.communities.create(f.users.owner, {
    kind: 'subject',
    name: `Gemeenschap ${unique()}`,
    description: 'Voor de test',
    subjects: [],
    levels: [],
    region: null,
  });
  await f.ctx.communities.join(f.users.member, community.slug);
  await f.ctx.communities.addItem(f.users.owner, community.slug, f.published, 'Bruikbaar');
  const thread = await f.ctx.discussions.startThread(f.users.owner, community.slug, {
    title: 'Vraag',
    body: 'Wie weet het?',
  });
  return {
    slug: community.slug,
    member: f.users.member.userId,
    threadId: thread.thread.id,
    postId: thread.posts[0]!.id,
  };
}

async function sourceOfA(f: Fixture): Promise<string> {
  return (
    await f.ctx.sources.create(f.users.editorA, {
      organisationId: f.orgA,
      name: `Bron ${unique()}`,
      type: 'oai-pmh',
      url: f.oai.url,
      metadataPrefix: 'lom',
      set: 'surf',
    })
  ).id;
}

const CASES: Record<string, Case> = {
  'POST /api/v1/resources': {
    allowed: ['editorA', 'curator', 'admin', 'keyA'],
    setup: async (f) => ({
      method: 'POST',
      url: '/api/v1/resources',
      payload: { kind: 'heritage', title: `Nieuw ${unique()}`, organisationId: f.orgA },
    }),
  },
  'PATCH /api/v1/resources/{id}': {
    allowed: ['editorA', 'curator', 'admin', 'keyA'],
    setup: async (f) => ({
      method: 'PATCH',
      url: `/api/v1/resources/${await resourceOfA(f)}`,
      payload: { title: 'Gewijzigd' },
    }),
  },
  'POST /api/v1/resources/{id}/withdraw': {
    allowed: ['editorA', 'curator', 'admin', 'keyA'],
    setup: async (f) => ({
      method: 'POST',
      url: `/api/v1/resources/${await resourceOfA(f)}/withdraw`,
      payload: { reason: 'Test' },
    }),
  },
  'POST /api/v1/resources/{id}/objective-suggestions/{objectiveId}': {
    allowed: PERSONS,
    note: "curators and the resource's editors decide, any other signed-in person votes; keys never (a person's judgement)",
    setup: async (f) => ({
      method: 'POST',
      url: `/api/v1/resources/${f.suggestion.resourceId}/objective-suggestions/${f.suggestion.objectiveId}`,
      payload: { decision: 'rejected' },
    }),
  },
  'POST /api/v1/lessons': {
    allowed: PERSONS,
    setup: async () => ({ method: 'POST', url: '/api/v1/lessons', payload: {} }),
  },
  'PUT /api/v1/lessons/{id}/draft': {
    allowed: ['owner', 'curator', 'admin'],
    setup: async (f) => {
      const l = await lessonOfOwner(f);
      return {
        method: 'PUT',
        url: `/api/v1/lessons/${l.id}/draft`,
        payload: { revision: l.revision, document: { ...l.document, title: 'Overschreven' } },
      };
    },
  },
  'POST /api/v1/lessons/{id}/publish': {
    allowed: ['owner', 'curator', 'admin'],
    setup: async (f) => {
      const l = await lessonOfOwner(f);
      return {
        method: 'POST',
        url: `/api/v1/lessons/${l.id}/publish`,
        payload: { revision: l.revision, changeNote: 'Gepubliceerd' },
      };
    },
  },
  'POST /api/v1/lessons/{id}/fork': {
    allowed: PERSONS,
    note: 'a published lesson may be copied by any signed-in person',
    setup: async (f) => ({
      method: 'POST',
      url: `/api/v1/lessons/${(await lessonOfOwner(f, true)).id}/fork`,
      payload: {},
    }),
  },
  'POST /lti/login': {
    allowed: [],
    note: "protocol endpoint: only a registered platform's signed messages pass (test/lti.test.ts)",
    setup: async () => ({
      method: 'POST',
      url: '/lti/login',
      body: Buffer.from('iss=https%3A%2F%2Fonbekend.example&login_hint=x&target_link_uri=x'),
      contentType: 'application/x-www-form-urlencoded',
    }),
  },
  'POST /lti/launch': {
    allowed: [],
    note: "protocol endpoint: only a registered platform's signed id_token passes",
    setup: async () => ({
      method: 'POST',
      url: '/lti/launch',
      body: Buffer.from('id_token=nep&state=nep'),
      contentType: 'application/x-www-form-urlencoded',
    }),
  },
  'POST /api/v1/lti/platforms': {
    allowed: ['admin'],
    setup: async () => ({
      method: 'POST',
      url: '/api/v1/lti/platforms',
      payload: {
        name: `ELO ${unique()}`,
        issuer: `https://elo-${unique()}.example`,
        clientId: 'leergoed',
        deploymentIds: ['1'],
        authUrl: 'https://elo.example/auth',
        jwksUrl: 'https://elo.example/jwks',
      },
    }),
  },
  'DELETE /api/v1/lti/platforms/{id}': {
    allowed: ['admin'],
    setup: async (f) => ({
      method: 'DELETE',
      url: `/api/v1/lti/platforms/${(await f.ctx.lti.registerPlatform(f.users.admin, { name: `ELO ${unique()}`, issuer: `https://elo-${unique()}.example`, clientId: 'leergoed', deploymentIds: ['1'], authUrl: 'https://elo.example/auth', jwksUrl: 'https://elo.example/jwks' })).id}`,
    }),
  },
  'POST /api/v1/lti/deep-links/{id}': {
    allowed: EVERYONE,
    note: "the deep-link id is the credential (unguessable, short-lived, spent once): the LMS's teacher is not a Leergoed user (ADR 0012)",
    setup: async (f) => {
      const id = randomBytes(16).toString('base64url');
      await f.ctx.store.db
        .insertInto('lti_deep_link')
        .values({
          id,
          platform_id: f.platformId,
          deployment_id: '1',
          settings: JSON.stringify({
            deep_link_return_url: 'https://elo.example/return',
            accept_types: ['ltiResourceLink'],
            accept_multiple: true,
          }),
          expires_at: new Date(Date.now() + 600_000).toISOString(),
        })
        .execute();
      return { method: 'POST', url: `/api/v1/lti/deep-links/${id}`, payload: { resourceIds: [f.published] } };
    },
  },
  'POST /oai': {
    allowed: EVERYONE,
    note: 'reading (OAI-PMH by POST)',
    setup: async () => ({
      method: 'POST',
      url: '/oai',
      body: Buffer.from('verb=Identify'),
      contentType: 'application/x-www-form-urlencoded',
    }),
  },
  'POST /api/v1/session': {
    allowed: EVERYONE,
    note: 'signing in: the credentials are in the body',
    setup: async () => ({ method: 'POST', url: '/api/v1/session', payload: { email: 'docent@school.test', password } }),
    renewsSession: true,
  },
  'POST /api/v1/accounts': {
    allowed: EVERYONE,
    note: 'registering is open to anyone where the platform sends mail',
    setup: async () => ({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { email: `nieuw-${unique()}@school.test`, password, name: 'Nieuwe Docent' },
    }),
  },
  'POST /api/v1/accounts/verify': {
    allowed: [],
    note: 'the token from the mail is the proof',
    setup: async () => ({ method: 'POST', url: '/api/v1/accounts/verify', payload: { token: `geen-${unique()}` } }),
  },
  'POST /api/v1/password-reset': {
    allowed: EVERYONE,
    note: 'asking for a reset link tells nobody anything',
    setup: async () => ({ method: 'POST', url: '/api/v1/password-reset', payload: { email: 'docent@school.test' } }),
  },
  'POST /api/v1/password-reset/confirm': {
    allowed: [],
    note: 'the token from the mail is the proof',
    setup: async () => ({
      method: 'POST',
      url: '/api/v1/password-reset/confirm',
      payload: { token: `geen-${unique()}`, password: 'een heel nieuw wachtwoord' },
    }),
  },
  'PUT /api/v1/accounts/me/password': {
    allowed: PERSONS,
    note: 'your own, with the current password',
    setup: async () => ({
      method: 'PUT',
      url: '/api/v1/accounts/me/password',
      payload: { current: password, password },
    }),
  },
  'PUT /api/v1/accounts/me/email': {
    allowed: PERSONS,
    note: 'your own, with the current password; the new address confirms',
    setup: async () => ({
      method: 'PUT',
      url: '/api/v1/accounts/me/email',
      payload: { password, email: `ander-${unique()}@school.test` },
    }),
  },
  'DELETE /api/v1/accounts/me': {
    allowed: PERSONS,
    note: 'your own account (each attempt on a throwaway account of its own)',
    setup: async (f, actor) => {
      if (!PERSONS.includes(actor))
        return { method: 'DELETE', url: '/api/v1/accounts/me', payload: { credit: 'name' } };
      const email = `weg-${unique()}@school.test`;
      await f.ctx.accounts.createUser({ email, name: 'Vertrekkende Docent', password, role: 'teacher' });
      return {
        method: 'DELETE',
        url: '/api/v1/accounts/me',
        payload: { password, credit: 'anonymous' },
        headers: await session(f.app, email, `198.18.2.${counter % 250}`),
      };
    },
  },
  'PATCH /api/v1/admin/users/{id}': {
    allowed: ['admin'],
    setup: async (f) => {
      const { id } = await f.ctx.accounts.createUser({
        email: `gebruiker-${unique()}@school.test`,
        name: 'Een Gebruiker',
        password,
        role: 'teacher',
      });
      return { method: 'PATCH', url: `/api/v1/admin/users/${id}`, payload: { role: 'curator' } };
    },
  },
  'POST /api/v1/admin/organisations': {
    allowed: ['admin'],
    setup: async () => ({
      method: 'POST',
      url: '/api/v1/admin/organisations',
      payload: { name: `School ${unique()}`, kind: 'school', externalId: `BR${unique()}` },
    }),
  },
  'POST /api/v1/organisation-applications': {
    allowed: PERSONS,
    note: 'anyone signed in may ask for an organisation account',
    setup: async () => ({
      method: 'POST',
      url: '/api/v1/organisation-applications',
      payload: {
        name: `Museum ${unique()}`,
        kind: 'heritage',
        motivation: 'Wij willen onze collectie over de Gouden Eeuw met scholen delen.',
      },
    }),
  },
  'POST /api/v1/admin/organisation-applications/{id}/decision': {
    allowed: ['admin'],
    setup: async (f) => {
      const applicant = await f.ctx.accounts.createUser({
        email: `aanvrager-${unique()}@museum.test`,
        name: 'Aanvrager',
        password,
        role: 'teacher',
      });
      const application = await f.ctx.applications.apply(
        { userId: applicant.id, role: 'teacher', organisationIds: [] },
        {
          name: `Archief ${unique()}`,
          kind: 'heritage',
          motivation: 'Wij willen onze kaarten en foto’s met scholen delen.',
          lang: 'nl',
        },
      );
      return {
        method: 'POST',
        url: `/api/v1/admin/organisation-applications/${application.id}/decision`,
        payload: { decision: 'refuse', reason: 'Dit archief staat al op Leergoed onder een andere naam.' },
      };
    },
  },
  'POST /api/v1/organisations/{id}/invitations': {
    allowed: ['editorA', 'admin'],
    note: "institution A's team is managed by its editors",
    setup: async (f) => ({
      method: 'POST',
      url: `/api/v1/organisations/${f.orgA}/invitations`,
      payload: { email: `collega-${unique()}@rijksmuseum.test`, role: 'member' },
    }),
  },
  'DELETE /api/v1/organisations/{id}/invitations/{invitationId}': {
    allowed: ['editorA', 'admin'],
    setup: async (f) => {
      const email = `collega-${unique()}@rijksmuseum.test`;
      const team = await f.ctx.team.invite(f.users.editorA, f.orgA, { email, role: 'editor', lang: 'nl' });
      const invitation = team.invitations.find((i) => i.email === email)!;
      return { method: 'DELETE', url: `/api/v1/organisations/${f.orgA}/invitations/${invitation.id}` };
    },
  },
  'PATCH /api/v1/organisations/{id}/members/{userId}': {
    allowed: ['editorA', 'admin'],
    setup: async (f) => ({
      method: 'PATCH',
      url: `/api/v1/organisations/${f.orgA}/members/${await memberOfA(f)}`,
      payload: { role: 'editor' },
    }),
  },
  'DELETE /api/v1/organisations/{id}/members/{userId}': {
    allowed: ['editorA', 'admin'],
    setup: async (f) => ({ method: 'DELETE', url: `/api/v1/organisations/${f.orgA}/members/${await memberOfA(f)}` }),
  },
  'POST /api/v1/invitations/lookup': {
    allowed: [],
    note: 'the token from the mail is the proof',
    setup: async () => ({ method: 'POST', url: '/api/v1/invitations/lookup', payload: { token: `geen-${unique()}` } }),
  },
  'POST /api/v1/invitations/accept': {
    allowed: [],
    note: 'the token from the mail is the proof',
    setup: async () => ({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token: `geen-${unique()}`, name: 'Nieuwe Collega', password },
    }),
  },
  'POST /api/v1/resources/{id}/problem-reports': {
    allowed: EVERYONE,
    note: 'anybody reports a problem with a published resource ("Meld een probleem"); a key counts as nobody',
    setup: async (f) => ({
      method: 'POST',
      url: `/api/v1/resources/${f.published}/problem-reports`,
      payload: { category: 'metadata', message: 'De beschrijving hoort bij een ander object.' },
    }),
  },
  'PATCH /api/v1/curation/reports/{reportId}': {
    allowed: ['editorA', 'curator', 'admin'],
    note: "curators and the resource's institution handle a report on it",
    setup: async (f) => {
      const { id } = await f.ctx.curation.report(null, f.published, { category: 'other', message: 'Klopt niet.' });
      return { method: 'PATCH', url: `/api/v1/curation/reports/${id}`, payload: { status: 'resolved' } };
    },
  },
  'POST /api/v1/curation/suggestions/decisions': {
    allowed: ['editorA', 'curator', 'admin'],
    note: "curators and the resource's institution decide in bulk; nobody else (a teacher votes one by one); keys never",
    setup: async (f) => ({
      method: 'POST',
      url: '/api/v1/curation/suggestions/decisions',
      payload: { decision: 'rejected', items: [f.suggestion] },
    }),
  },
  'PUT /api/v1/resources/{id}/rating': {
    allowed: PERSONS,
    note: 'anyone signed in rates a published resource (one rating each)',
    setup: async (f) => ({ method: 'PUT', url: `/api/v1/resources/${f.published}/rating`, payload: { score: 4 } }),
  },
  'DELETE /api/v1/resources/{id}/rating': {
    allowed: PERSONS,
    note: 'your own rating only',
    setup: async (f, actor) => {
      if (PERSONS.includes(actor))
        await f.ctx.quality.rate(f.users[actor as keyof Fixture['users']], f.published, { score: 3 });
      return { method: 'DELETE', url: `/api/v1/resources/${f.published}/rating` };
    },
  },
  'POST /api/v1/resources/{id}/reviews': {
    allowed: ['curator', 'admin'],
    note: 'curators, and teachers a curator trusts (none here)',
    setup: async (f) => ({ method: 'POST', url: `/api/v1/resources/${f.published}/reviews`, payload: reviewBody() }),
  },
  'PATCH /api/v1/resources/{id}/reviews/{reviewId}': {
    allowed: ['curator', 'admin'],
    note: 'curators moderate reviews',
    setup: async (f) => ({
      method: 'PATCH',
      url: `/api/v1/resources/${f.published}/reviews/${await reviewOfMember(f)}`,
      payload: { hidden: true, reason: 'Bevat een persoonlijke opmerking' },
    }),
  },
  'DELETE /api/v1/resources/{id}/reviews/{reviewId}': {
    allowed: ['curator', 'admin'],
    note: 'the reviewer (a trusted member, not an actor here) or a curator',
    setup: async (f) => ({
      method: 'DELETE',
      url: `/api/v1/resources/${f.published}/reviews/${await reviewOfMember(f)}`,
    }),
  },
  'PUT /api/v1/quality/reviewers/{userId}': {
    allowed: ['curator', 'admin'],
    note: 'curators decide whom they trust to review',
    setup: async (f) => ({ method: 'PUT', url: `/api/v1/quality/reviewers/${await memberOfA(f)}` }),
  },
  'DELETE /api/v1/quality/reviewers/{userId}': {
    allowed: ['curator', 'admin'],
    note: 'curators decide whom they trust to review',
    setup: async (f) => {
      const userId = await memberOfA(f);
      await f.ctx.reviews.setTrust(f.users.curator, userId, true);
      return { method: 'DELETE', url: `/api/v1/quality/reviewers/${userId}` };
    },
  },
  'POST /api/v1/quality/marks': {
    allowed: ['editorA', 'admin'],
    note: 'the editors of an organisation that issues marks (A), named in the body',
    setup: async (f) => {
      await f.ctx.marks.setIssuer(f.users.admin, f.orgA, true);
      return {
        method: 'POST',
        url: '/api/v1/quality/marks',
        payload: {
          organisationId: f.orgA,
          name: `Keurmerk ${unique()}`,
          criteriaUrl: 'https://www.rijksmuseum.nl/keurmerk',
          validityMonths: 12,
        },
      };
    },
  },
  'PATCH /api/v1/quality/marks/{markId}': {
    allowed: ['editorA', 'admin'],
    note: "the issuer's editors",
    setup: async (f) => ({
      method: 'PATCH',
      url: `/api/v1/quality/marks/${await markOfA(f)}`,
      payload: { validityMonths: 24 },
    }),
  },
  'PUT /api/v1/quality/issuers/{organisationId}': {
    allowed: ['admin'],
    note: 'admins decide who issues marks',
    setup: async (f) => ({
      method: 'PUT',
      url: `/api/v1/quality/issuers/${(await f.ctx.accounts.findOrCreateOrganisation(`Uitgever ${unique()}`, 'other')).id}`,
    }),
  },
  'DELETE /api/v1/quality/issuers/{organisationId}': {
    allowed: ['admin'],
    note: 'admins decide who issues marks',
    setup: async (f) => {
      const id = (await f.ctx.accounts.findOrCreateOrganisation(`Uitgever ${unique()}`, 'other')).id;
      await f.ctx.marks.setIssuer(f.users.admin, id, true);
      return { method: 'DELETE', url: `/api/v1/quality/issuers/${id}` };
    },
  },
  'POST /api/v1/resources/{id}/marks': {
    allowed: ['editorA', 'admin'],
    note: "the issuer's editors award its marks (the mark is named in the body)",
    setup: async (f) => ({
      method: 'POST',
      url: `/api/v1/resources/${f.published}/marks`,
      payload: { markId: await markOfA(f) },
    }),
  },
  'PATCH /api/v1/resources/{id}/marks/{awardId}': {
    allowed: ['editorA', 'admin'],
    note: "the issuer's editors withdraw its marks",
    setup: async (f) => {
      const award = await f.ctx.marks.award(f.users.admin, f.published, { markId: await markOfA(f) });
      return {
        method: 'PATCH',
        url: `/api/v1/resources/${f.published}/marks/${award.id}`,
        payload: { withdrawn: true, reason: 'Voldoet niet meer aan de criteria' },
      };
    },
  },
  'DELETE /api/v1/accounts/me/sessions': {
    allowed: PERSONS,
    note: 'your own sessions',
    setup: async () => ({ method: 'DELETE', url: '/api/v1/accounts/me/sessions' }),
    renewsSession: true,
  },
  'DELETE /api/v1/session': {
    allowed: EVERYONE,
    note: "signing out ends only the caller's own session",
    setup: async () => ({ method: 'DELETE', url: '/api/v1/session', headers: {} }),
  },
  'PATCH /api/v1/accounts/me': {
    allowed: PERSONS,
    setup: async () => ({ method: 'PATCH', url: '/api/v1/accounts/me', payload: { name: `Naam ${unique()}` } }),
  },
  'POST /api/v1/organisations/{id}/api-keys': {
    allowed: ['editorA', 'admin'],
    setup: async (f) => ({
      method: 'POST',
      url: `/api/v1/organisations/${f.orgA}/api-keys`,
      payload: { name: `Sleutel ${unique()}`, scopes: ['read'] },
    }),
  },
  'DELETE /api/v1/organisations/{id}/api-keys/{keyId}': {
    allowed: ['editorA', 'admin'],
    setup: async (f) => ({
      method: 'DELETE',
      url: `/api/v1/organisations/${f.orgA}/api-keys/${(await f.ctx.apiKeys.create(f.users.editorA, f.orgA, `Sleutel ${unique()}`, ['read'])).id}`,
    }),
  },
  'POST /api/v1/communities': {
    allowed: PERSONS,
    setup: async () => ({
      method: 'POST',
      url: '/api/v1/communities',
      payload: {
        kind: 'subject',
        name: `Nieuw ${unique()}`,
        description: 'Test',
        subjects: [],
        levels: [],
        region: null,
      },
    }),
  },
  'PATCH /api/v1/communities/{slug}': {
    allowed: ['owner', 'curator', 'admin'],
    setup: async (f) => ({
      method: 'PATCH',
      url: `/api/v1/communities/${(await communityOfOwner(f)).slug}`,
      payload: { description: 'Gewijzigd' },
    }),
  },
  'POST /api/v1/communities/{slug}/members': {
    allowed: PERSONS,
    note: 'communities are open to join (ADR 0017)',
    setup: async (f) => ({
      method: 'POST',
      url: `/api/v1/communities/${(await communityOfOwner(f)).slug}/members`,
      payload: {},
    }),
  },
  'PUT /api/v1/communities/{slug}/members/{userId}': {
    allowed: ['owner', 'curator', 'admin'],
    setup: async (f) => {
      const c = await communityOfOwner(f);
      return {
        method: 'PUT',
        url: `/api/v1/communities/${c.slug}/members/${c.member}`,
        payload: { role: 'moderator' },
      };
    },
  },
  'DELETE /api/v1/communities/{slug}/members/{userId}': {
    allowed: ['owner', 'curator', 'admin'],
    note: 'moderators remove members (a member may leave: their own id)',
    setup: async (f) => {
      const c = await communityOfOwner(f);
      return { method: 'DELETE', url: `/api/v1/communities/${c.slug}/members/${c.member}` };
    },
  },
  'POST /api/v1/communities/{slug}/items': {
    allowed: ['owner', 'curator', 'admin'],
    note: 'members add to the collection; curators and admins moderate every community',
    setup: async (f) => ({
      method: 'POST',
      url: `/api/v1/communities/${(await communityOfOwner(f)).slug}/items`,
      payload: { resourceId: await resourceOfA(f), note: 'Ook goed' },
    }),
  },
  'DELETE /api/v1/communities/{slug}/items/{resourceId}': {
    allowed: ['owner', 'curator', 'admin'],
    setup: async (f) => ({
      method: 'DELETE',
      url: `/api/v1/communities/${(await communityOfOwner(f)).slug}/items/${f.published}`,
    }),
  },
  'POST /api/v1/communities/{slug}/threads': {
    allowed: ['owner', 'curator', 'admin'],
    setup: async (f) => ({
      method: 'POST',
      url: `/api/v1/communities/${(await communityOfOwner(f)).slug}/threads`,
      payload: { title: 'Nieuw', body: 'Tekst' },
    }),
  },
  'POST /api/v1/communities/{slug}/threads/{threadId}/posts': {
    allowed: ['owner', 'curator', 'admin'],
    setup: async (f) => {
      const c = await communityOfOwner(f);
      return {
        method: 'POST',
        url: `/api/v1/communities/${c.slug}/threads/${c.threadId}/posts`,
        payload: { body: 'Antwoord' },
      };
    },
  },
  'PATCH /api/v1/communities/{slug}/threads/{threadId}/posts/{postId}': {
    allowed: ['owner'],
    note: 'only the author edits a post',
    setup: async (f) => {
      const c = await communityOfOwner(f);
      return {
        method: 'PATCH',
        url: `/api/v1/communities/${c.slug}/threads/${c.threadId}/posts/${c.postId}`,
        payload: { body: 'Gewijzigd' },
      };
    },
  },
  'DELETE /api/v1/communities/{slug}/threads/{threadId}/posts/{postId}': {
    allowed: ['owner', 'curator', 'admin'],
    setup: async (f) => {
      const c = await communityOfOwner(f);
      return { method: 'DELETE', url: `/api/v1/communities/${c.slug}/threads/${c.threadId}/posts/${c.postId}` };
    },
  },
  'POST /api/v1/organisations/{id}/imports': {
    allowed: ['editorA', 'admin', 'keyA'],
    setup: async (f) => {
      const line = JSON.stringify({
        acno: `T${unique()}`,
        title: 'Een werk',
        all_artists: 'Onbekend',
        dateText: '1900',
      });
      const { body, contentType } = multipart(
        { source: 'Uploads A' },
        { name: 'werk.jsonl', bytes: Buffer.from(line) },
      );
      return { method: 'POST', url: `/api/v1/organisations/${f.orgA}/imports`, body, contentType };
    },
  },
  'POST /api/v1/organisations/{id}/imports/preview': {
    allowed: ['editorA', 'admin', 'keyA'],
    note: 'previewing stores nothing, but shows what only the institution may import',
    setup: async (f) => {
      const line = JSON.stringify({ acno: `T${unique()}`, title: 'Een werk', all_artists: 'Onbekend' });
      const { body, contentType } = multipart({}, { name: 'werk.jsonl', bytes: Buffer.from(line) });
      return { method: 'POST', url: `/api/v1/organisations/${f.orgA}/imports/preview`, body, contentType };
    },
  },
  'POST /api/v1/sources': {
    allowed: ['editorA', 'admin', 'keyA'],
    setup: async (f) => ({
      method: 'POST',
      url: '/api/v1/sources',
      payload: {
        organisationId: f.orgA,
        name: `Bron ${unique()}`,
        type: 'oai-pmh',
        url: f.oai.url,
        metadataPrefix: 'lom',
      },
    }),
  },
  'POST /api/v1/sources/test': {
    allowed: ['editorA', 'editorB', 'curator', 'admin', 'keyA', 'keyB'],
    note: 'testing a connection stores nothing: editors, curators, admins and keys that may run harvests',
    setup: async (f) => ({ method: 'POST', url: '/api/v1/sources/test', payload: { url: f.oai.url, set: 'surf' } }),
  },
  'PATCH /api/v1/sources/{id}': {
    allowed: ['editorA', 'admin', 'keyA'],
    setup: async (f) => ({
      method: 'PATCH',
      url: `/api/v1/sources/${await sourceOfA(f)}`,
      payload: { enabled: false },
    }),
  },
  'POST /api/v1/sources/{id}/run': {
    allowed: ['editorA', 'admin', 'keyA'],
    setup: async (f) => ({ method: 'POST', url: `/api/v1/sources/${await sourceOfA(f)}/run`, payload: {} }),
  },
  'POST /api/v1/imports/{id}/retry': {
    allowed: ['editorA', 'admin', 'keyA'],
    setup: async (f) => {
      const [report] = await f.ctx.imports.importPath(
        join(projectRoot, 'data', 'demo', 'edurep', 'ims-incomplete.xml'),
        { sourceName: 'Uploads A', organisation: { name: 'Rijksmuseum', kind: 'heritage' } },
      );
      return { method: 'POST', url: `/api/v1/imports/${report!.runId}/retry`, payload: {} };
    },
  },
  'POST /api/v1/events': {
    allowed: EVERYONE,
    note: 'an anonymous usage event',
    setup: async (f) => ({
      method: 'POST',
      url: '/api/v1/events',
      payload: { type: 'result_opened', resourceId: f.published, query: 'test' },
    }),
  },
};

/** The writes of the API document: every operation that is not GET or HEAD. */
function documentedWrites(app: App): string[] {
  const paths = (app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
  return Object.entries(paths)
    .flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((m) => m !== 'get' && m !== 'head')
        .map((m) => `${m.toUpperCase()} ${path}`),
    )
    .sort();
}

for (const kind of STORE_KINDS) {
  describe(`authorization matrix on ${kind}`, () => {
    const f = {} as Fixture;
    let cleanup: () => Promise<void>;

    before(async () => {
      let ctx: AppContext;
      // Mail is configured (jobs are queued, never sent here), so registration is open.
      ({ ctx, cleanup } = await testContext(kind, {
        mail: { smtpUrl: 'smtp://127.0.0.1:9', from: 'Leergoed <noreply@leergoed.test>' },
      }));
      f.ctx = ctx;
      f.oai = await new OaiTestServer().start();
      f.orgA = (await ctx.accounts.findOrCreateOrganisation('Rijksmuseum', 'heritage')).id;
      f.orgB = (await ctx.accounts.findOrCreateOrganisation('Tate', 'heritage')).id;
      await ctx.imports.importPath(join(projectRoot, 'data', 'demo', 'edurep'), {
        sourceName: 'Bron A',
        organisation: { name: 'Rijksmuseum', kind: 'heritage' },
      });
      const make = async (
        email: string,
        name: string,
        role: Actor['role'],
        organisationIds: string[] = [],
      ): Promise<Actor> => ({
        userId: (await ctx.accounts.createUser({ email, name, password, role, organisationIds })).id,
        role,
        organisationIds,
      });
      f.users = {
        owner: await make('docent@school.test', 'Eigenaar', 'teacher'),
        teacher: await make('collega@school.test', 'Collega', 'teacher'),
        member: await make('lid@school.test', 'Lid', 'teacher'),
        editorA: await make('redactie@rijksmuseum.test', 'Redactie A', 'institution_editor', [f.orgA]),
        editorB: await make('redactie@tate.test', 'Redactie B', 'institution_editor', [f.orgB]),
        curator: await make('curator@leergoed.test', 'Curator', 'curator'),
        admin: await make('beheer@leergoed.test', 'Beheer', 'admin'),
      };
      f.app = await buildServer(ctx, { logger: false });
      f.published = (
        await ctx.store.db
          .selectFrom('resource')
          .select('id')
          .where('status', '=', 'published')
          .orderBy('id')
          .executeTakeFirstOrThrow()
      ).id;
      for (const row of await ctx.store.db
        .selectFrom('resource')
        .select('id')
        .where('status', '=', 'published')
        .execute()) {
        const [suggestion] = (await ctx.catalogue.objectiveSuggestions(row.id, f.users.owner)) ?? [];
        if (suggestion) {
          f.suggestion = { resourceId: row.id, objectiveId: suggestion.objectiveId };
          break;
        }
      }
      assert.ok(f.suggestion, 'a resource with a suggested objective');
      f.platformId = (
        await ctx.lti.registerPlatform(f.users.admin, {
          name: 'ELO',
          issuer: 'https://elo.example',
          clientId: 'leergoed',
          deploymentIds: ['1'],
          authUrl: 'https://elo.example/auth',
          jwksUrl: 'https://elo.example/jwks',
        })
      ).id;
      const emails: Record<string, string> = {
        owner: 'docent@school.test',
        teacher: 'collega@school.test',
        editorA: 'redactie@rijksmuseum.test',
        editorB: 'redactie@tate.test',
        curator: 'curator@leergoed.test',
        admin: 'beheer@leergoed.test',
      };
      f.headers = { anonymous: {} } as Fixture['headers'];
      for (const [i, name] of PERSONS.entries())
        f.headers[name] = await session(f.app, emails[name]!, `192.0.2.${i + 1}`);
      const key = async (
        organisationId: string,
        maker: Actor,
        scopes: ('read' | 'records:write' | 'harvests:run')[],
      ) => ({
        authorization: `Bearer ${(await ctx.apiKeys.create(maker, organisationId, `sleutel ${scopes.join('+')}`, scopes)).key}`,
      });
      f.headers.keyA = await key(f.orgA, f.users.editorA, ['read', 'records:write', 'harvests:run']);
      f.headers.keyB = await key(f.orgB, f.users.editorB, ['read', 'records:write', 'harvests:run']);
      f.headers.keyARead = await key(f.orgA, f.users.editorA, ['read']);
    });
    after(async () => {
      await f.app?.close();
      await f.oai?.stop();
      await cleanup?.();
    });

    it('has a line for every write of the API document, and none for a write that is gone', () => {
      assert.deepEqual(Object.keys(CASES).sort(), documentedWrites(f.app));
    });

    for (const [operation, rule] of Object.entries(CASES)) {
      it(`${operation}: ${rule.allowed.length === ACTORS.length ? 'everyone' : rule.allowed.length === 0 ? 'no one without a signed message' : rule.allowed.join(', ')}${rule.note ? ` (${rule.note})` : ''}`, async () => {
        const outcomes: string[] = [];
        for (const [i, actor] of ACTORS.entries()) {
          const request = await rule.setup(f, actor);
          // Signing out ends the session it is sent with: a session of its own, so the others stay.
          const headers =
            request.method === 'DELETE' && request.url === '/api/v1/session' && PERSONS.includes(actor)
              ? await session(
                  f.app,
                  (
                    await f.ctx.store.db
                      .selectFrom('app_user')
                      .select('email')
                      .where('id', '=', f.users[actor as 'owner'].userId)
                      .executeTakeFirstOrThrow()
                  ).email,
                  `198.18.0.${i}`,
                )
              : f.headers[actor];
          const response = await f.app.inject({
            method: request.method as 'POST',
            url: request.url,
            remoteAddress: `198.51.100.${i + 1}`,
            headers: {
              ...headers,
              ...(request.contentType ? { 'content-type': request.contentType } : {}),
              ...request.headers,
            },
            ...(request.body
              ? { payload: request.body }
              : request.payload !== undefined
                ? { payload: request.payload as object }
                : {}),
          });
          if (rule.renewsSession && PERSONS.includes(actor))
            f.headers[actor] = await session(f.app, await emailOf(f, actor), `198.18.1.${i}`);
          const allowed = rule.allowed.includes(actor);
          const ok = allowed
            ? response.statusCode < 300
            : [400, 401, 403, 404].includes(response.statusCode) &&
              !(response.statusCode === 400 && rule.allowed.length > 0);
          if (!ok)
            outcomes.push(
              `${actor}: ${response.statusCode} (expected ${allowed ? 'success' : 'a refusal'}) ${response.body.slice(0, 200)}`,
            );
          if (!allowed && actor === 'anonymous' && rule.allowed.length > 0 && response.statusCode !== 401)
            outcomes.push(`anonymous: ${response.statusCode}, expected 401`);
        }
        assert.deepEqual(outcomes, []);
      });
    }
  });
}

async function emailOf(f: Fixture, actor: ActorName): Promise<string> {
  return (
    await f.ctx.store.db
      .selectFrom('app_user')
      .select('email')
      .where('id', '=', f.users[actor as 'owner'].userId)
      .executeTakeFirstOrThrow()
  ).email;
}

async function session(app: App, email: string, address: string): Promise<Record<string, string>> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    remoteAddress: address,
    payload: { email, password },
  });
  assert.equal(response.statusCode, 200, response.body);
  return {
    cookie: `lg_session=${response.cookies.find((c) => c.name === 'lg_session')!.value}`,
    'x-csrf-token': response.json().csrfToken,
  };
}
