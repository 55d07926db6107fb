// `npm run api:examples`: records the examples of the API document from a real instance. It loads
// part of the demo corpus and the example lessons into a throwaway store, walks every JSON route
// once as a client would (the request bodies below are the request examples), and writes what the
// instance answered, shortened, to src/kernel/api-examples.json, which the server puts into the
// OpenAPI document. The test suite checks that every operation has its examples and that each
// still matches its schema; run this again after changing a route.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/app/config.ts';
import { buildServer } from '../src/app/server.ts';
import { loadDemoCommunities } from '../src/community/demo.ts';
import { loadDemoLessons } from '../src/lessons/demo.ts';
import { freePort } from '../test/support/browser.ts';
import { smtpSink } from '../test/support/smtp-sink.ts';
import { testContext } from '../test/support/stores.ts';
import { createWorker } from '../src/app/context.ts';

process.env.LEERGOED_CHECK_RESPONSES = 'true';
process.env.LEERGOED_TEST_PG_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const PUBLIC_URL = 'https://leergoed.example.nl';
const port = await freePort();
const local = `http://127.0.0.1:${port}`;
const sink = await smtpSink();
const { ctx, cleanup } = await testContext('sqlite', {
  publicUrl: PUBLIC_URL,
  mail: { smtpUrl: sink.url, from: 'Leergoed <noreply@leergoed.example.nl>' },
  oai: { namespace: 'leergoed.example.nl', adminEmail: 'beheer@leergoed.example.nl' },
});
const demo = (path: string) => join(projectRoot, 'data', 'demo', path);
await ctx.imports.importPath(demo('edurep'), {
  sourceName: 'Kennisnet voorbeelden',
  organisation: { name: 'Kennisnet', kind: 'publisher' },
});
await ctx.imports.importPath(demo('iiif'), {
  sourceName: 'IIIF Cookbook',
  organisation: { name: 'IIIF Consortium', kind: 'heritage' },
});
await ctx.imports.importPath(demo('rijksmuseum/Suriname_objecten_export.csv.gz'), {
  sourceName: 'Rijksmuseum Suriname',
  organisation: { name: 'Rijksmuseum', kind: 'heritage' },
});
await ctx.imports.importPath(demo('tate'), { sourceName: 'Tate', organisation: { name: 'Tate', kind: 'heritage' } });
const exampleLessons = await loadDemoLessons(ctx.catalogue, ctx.accounts, ctx.lessons);
await loadDemoCommunities(ctx.catalogue, ctx.accounts, ctx.communities, ctx.discussions);
const rijks = await ctx.accounts.findOrCreateOrganisation('Rijksmuseum', 'heritage');
const password = 'een lang wachtwoord';
await ctx.accounts.createUser({ email: 'beheer@leergoed.example.nl', name: 'Beheer', password, role: 'admin' });
await ctx.accounts.createUser({
  email: 'redactie@rijksmuseum.example.nl',
  name: 'Redactie Rijksmuseum',
  password,
  role: 'institution_editor',
  organisationIds: [rijks.id],
});
await ctx.accounts.createUser({ email: 'docent@school.example.nl', name: 'Docent', password, role: 'teacher' });
const app = await buildServer(ctx, { logger: false });
await app.listen({ port, host: '127.0.0.1' });

type Json = unknown;
const operations: Record<string, { body?: Json; responses: Record<string, Json> }> = {};
let headers: Record<string, string> = {};

/** One request as a client makes it; its answer is recorded as the example of that route and status. */
async function call(method: string, route: string, path: string, body?: Json): Promise<any> {
  const response = await app.inject({
    method: method as 'GET',
    url: path,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.statusCode >= 500) throw new Error(`${method} ${path}: ${response.statusCode} ${response.body}`);
  const key = `${method} ${route}`;
  const json = /json/.test(String(response.headers['content-type'])) && response.body ? response.json() : null;
  operations[key] ??= { responses: {} };
  if (body !== undefined && response.statusCode < 300) operations[key].body = body;
  if (json !== null) operations[key].responses[String(response.statusCode)] ??= json;
  return json;
}

async function signIn(email: string): Promise<void> {
  headers = {};
  const response = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
  const cookie = response.cookies.find((c) => c.name === 'lg_session')!;
  if (!cookie) throw new Error(`sign-in of ${email} failed: ${response.statusCode} ${response.body}`);
  headers = { cookie: `lg_session=${cookie.value}`, 'x-csrf-token': response.json().csrfToken };
}

// Reading, as anyone.
await call('GET', '/healthz', '/healthz');
await call('GET', '/readyz', '/readyz');
const list = await call('GET', '/api/v1/resources', '/api/v1/resources?q=slavernij%20suriname&limit=2&facetValues=5');
await call('GET', '/api/v1/resources', '/api/v1/resources?q=plantgae&kind=material');
const heritage = list.items[0].id as string;
await call('GET', '/api/v1/resources/:id', `/api/v1/resources/${heritage}`);
await call('GET', '/api/v1/resources/:id', '/api/v1/resources/0192f3c4-0000-7000-8000-000000000000');
await call('GET', '/api/v1/suggest', '/api/v1/suggest?q=plan');
const curriculum = await call('GET', '/api/v1/curriculum', '/api/v1/curriculum');
const po = curriculum.levels[0].id as string;
const area = (await call('GET', '/api/v1/curriculum', `/api/v1/curriculum?level=${po}`)).areas[0];
const areaDetail = await call('GET', '/api/v1/curriculum/:id', `/api/v1/curriculum/${area.id}?level=${po}`);
await call('GET', '/api/v1/vocabularies', '/api/v1/vocabularies');
await call('GET', '/api/v1/vocabularies/:scheme', '/api/v1/vocabularies/level?q=havo');
await call('GET', '/api/v1/organisations', '/api/v1/organisations');
await call('GET', '/api/v1/changes', '/api/v1/changes?since=2020-01-01&limit=2');
await call('GET', '/lti/jwks', '/lti/jwks');
await call('GET', '/lti/config', '/lti/config');
await call('POST', '/api/v1/events', '/api/v1/events', {
  type: 'result_opened',
  resourceId: heritage,
  query: 'slavernij suriname',
});
await call('POST', '/api/v1/resources', '/api/v1/resources', { kind: 'material', title: 'Zonder aanmelding' });

// A teacher joins: registers, confirms the mailed link, resets a forgotten password, changes it.
await call('GET', '/api/v1/accounts/registration', '/api/v1/accounts/registration');
await call('GET', '/api/v1/oidc', '/api/v1/oidc');
const joiner = { email: 'juf.nieuw@school.example.nl', password: 'fietsen langs de vecht', name: 'Juf Nieuw' };
await call('POST', '/api/v1/accounts', '/api/v1/accounts', { ...joiner, lang: 'nl' });
await call('POST', '/api/v1/accounts', '/api/v1/accounts', { ...joiner, password: 'welkom123' });
const mailed = async () => {
  await createWorker(ctx).drain();
  return new URL(/https?:\/\/\S+/.exec((await sink.next(joiner.email)).text)![0]).searchParams.get('token')!;
};
const verifyToken = await mailed();
await call('POST', '/api/v1/session', '/api/v1/session', { email: joiner.email, password: joiner.password });
await call('POST', '/api/v1/accounts/verify', '/api/v1/accounts/verify', { token: verifyToken });
await call('POST', '/api/v1/accounts/verify', '/api/v1/accounts/verify', { token: verifyToken });
await call('POST', '/api/v1/password-reset', '/api/v1/password-reset', { email: joiner.email, lang: 'nl' });
const resetToken = await mailed();
await call('POST', '/api/v1/password-reset/confirm', '/api/v1/password-reset/confirm', {
  token: resetToken,
  password: 'een nieuwe lange zin',
});
{
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email: joiner.email, password: 'een nieuwe lange zin' },
  });
  const cookie = response.cookies.find((c) => c.name === 'lg_session')!;
  headers = { cookie: `lg_session=${cookie.value}`, 'x-csrf-token': response.json().csrfToken };
}
await call('PUT', '/api/v1/accounts/me/password', '/api/v1/accounts/me/password', {
  current: 'niet mijn wachtwoord',
  password: 'weer een andere zin',
});
await call('PUT', '/api/v1/accounts/me/password', '/api/v1/accounts/me/password', {
  current: 'een nieuwe lange zin',
  password: 'weer een andere zin',
});
await call('PUT', '/api/v1/accounts/me/email', '/api/v1/accounts/me/email', {
  password: 'weer een andere zin',
  email: 'nieuw.adres@school.example.nl',
  lang: 'nl',
});
await call('DELETE', '/api/v1/accounts/me/sessions', '/api/v1/accounts/me/sessions');
{
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email: joiner.email, password: 'weer een andere zin' },
  });
  const cookie = response.cookies.find((c) => c.name === 'lg_session')!;
  headers = { cookie: `lg_session=${cookie.value}`, 'x-csrf-token': response.json().csrfToken };
}
await call('GET', '/api/v1/accounts/me/export', '/api/v1/accounts/me/export');
await call('DELETE', '/api/v1/accounts/me', '/api/v1/accounts/me', {
  password: 'weer een andere zin',
  credit: 'anonymous',
});
headers = {};

// A teacher: a resource of their own, objectives, lessons.
await call('POST', '/api/v1/session', '/api/v1/session', { email: 'docent@school.example.nl', password });
await signIn('docent@school.example.nl');
// A teacher rates what she used; the automatic checks have run on the catalogue.
await ctx.quality.check(null);
const rating = '/api/v1/resources/:id/rating';
await call('PUT', rating, `/api/v1/resources/${heritage}/rating`, { score: 6 });
await call('PUT', rating, `/api/v1/resources/${heritage}/rating`, {
  score: 4,
  comment: 'Sterke bron voor groep 7 en 8; laat leerlingen eerst zelf beschrijven wat ze zien.',
});
await call('GET', '/api/v1/resources/:id/quality', `/api/v1/resources/${heritage}/quality`);
await call('DELETE', rating, `/api/v1/resources/${heritage}/rating`);
await call('DELETE', rating, `/api/v1/resources/${heritage}/rating`);
await call('PUT', rating, `/api/v1/resources/${heritage}/rating`, { score: 4 });
await call('GET', '/api/v1/session', '/api/v1/session');
await call('PATCH', '/api/v1/accounts/me', '/api/v1/accounts/me', { name: 'docent@school.example.nl' });
await call('PATCH', '/api/v1/accounts/me', '/api/v1/accounts/me', { name: 'Docent Jansen' });
const level = (await ctx.vocab.list('level')).find((c) => c.labelNl.toLowerCase().includes('groep 7'))?.id;
const kerndoel = ctx.vocab.list('kerndoel').find((c) => c.notation === '52' || /kerndoel 52/i.test(c.labelNl))?.id;
const mine = await call('POST', '/api/v1/resources', '/api/v1/resources', {
  kind: 'material',
  title: 'Slavernijverleden in Suriname: een les met bronnen',
  description: 'Leerlingen onderzoeken met objecten uit het Rijksmuseum hoe tot slaaf gemaakten op plantages leefden.',
  language: 'nl',
  levels: level ? [level] : [],
  objectives: kerndoel ? [kerndoel] : [],
  keywords: ['slavernij', 'Suriname', 'plantage'],
  rights: 'cc-by-sa-40',
  url: 'https://school.example.nl/lessen/slavernijverleden',
});
await call('POST', '/api/v1/resources', '/api/v1/resources', { kind: 'material', title: '', url: 'ftp://example.nl' });
await call('PATCH', '/api/v1/resources/:id', `/api/v1/resources/${mine.id}`, {
  title: 'Slavernijverleden in Suriname (groep 7 en 8)',
});
const suggestions = await call(
  'GET',
  '/api/v1/resources/:id/objective-suggestions',
  `/api/v1/resources/${mine.id}/objective-suggestions`,
);
const suggested = suggestions.suggestions[0]?.objectiveId;
if (suggested)
  await call(
    'POST',
    '/api/v1/resources/:id/objective-suggestions/:objectiveId',
    `/api/v1/resources/${mine.id}/objective-suggestions/${suggested}`,
    { decision: 'accepted' },
  );
const example = exampleLessons[0]!;
const lesson = await call('GET', '/api/v1/lessons/:id', `/api/v1/lessons/${example}`);
await call('GET', '/api/v1/lessons/:id/check', `/api/v1/lessons/${example}/check`);
await call('GET', '/api/v1/lessons/:id/versions', `/api/v1/lessons/${example}/versions`);
await call('GET', '/api/v1/lessons/:id/forks', `/api/v1/lessons/${example}/forks`);
const used = lesson.resources?.[0]?.id;
if (used) await call('GET', '/api/v1/resources/:id/lessons', `/api/v1/resources/${used}/lessons`);
const fork = await call('POST', '/api/v1/lessons/:id/fork', `/api/v1/lessons/${example}/fork`);
const document = {
  ...fork.document,
  title: `${fork.document.title} (groep 8)`,
  sections: fork.document.sections.slice(0, 2),
};
const saved = await call('PUT', '/api/v1/lessons/:id/draft', `/api/v1/lessons/${fork.id}/draft`, {
  document,
  revision: fork.revision,
});
await call('PUT', '/api/v1/lessons/:id/draft', `/api/v1/lessons/${fork.id}/draft`, {
  document,
  revision: fork.revision,
});
await call('POST', '/api/v1/lessons/:id/publish', `/api/v1/lessons/${fork.id}/publish`, {
  changeNote: 'Ingekort voor groep 8.',
  revision: saved.revision,
});
await call('POST', '/api/v1/lessons', '/api/v1/lessons', {
  document: { ...document, title: 'Plantages in Suriname', sections: [] },
});
await call('GET', '/api/v1/lessons', '/api/v1/lessons');
// Communities: join one, add to its collection, take part in a discussion; start one.
await call('GET', '/api/v1/communities', '/api/v1/communities');
await call('GET', '/api/v1/communities/:slug', '/api/v1/communities/geschiedenis-onderbouw');
await call('GET', '/api/v1/communities/:slug/threads', '/api/v1/communities/geschiedenis-onderbouw/threads');
await call('POST', '/api/v1/communities/:slug/members', '/api/v1/communities/geschiedenis-onderbouw/members');
await call('GET', '/api/v1/communities/:slug/members', '/api/v1/communities/geschiedenis-onderbouw/members');
await call('GET', '/api/v1/communities/:slug/items', '/api/v1/communities/geschiedenis-onderbouw/items?limit=2');
await call('POST', '/api/v1/communities/:slug/items', '/api/v1/communities/geschiedenis-onderbouw/items', {
  resourceId: mine.id,
  note: 'Mijn les bij de bronnen van het Rijksmuseum, voor groep 7 en 8.',
});
await call('POST', '/api/v1/communities/:slug/items', '/api/v1/communities/geschiedenis-onderbouw/items', {
  resourceId: mine.id,
});
await call('GET', '/api/v1/communities', `/api/v1/communities?resource=${mine.id}`);
const threads = await call(
  'GET',
  '/api/v1/communities/:slug/threads',
  '/api/v1/communities/geschiedenis-onderbouw/threads',
);
const threadId = threads.items[0].id as string;
await call(
  'GET',
  '/api/v1/communities/:slug/threads/:threadId',
  `/api/v1/communities/geschiedenis-onderbouw/threads/${threadId}`,
);
const post = await call(
  'POST',
  '/api/v1/communities/:slug/threads/:threadId/posts',
  `/api/v1/communities/geschiedenis-onderbouw/threads/${threadId}/posts`,
  { body: 'Bij ons werkt het verhaal van de penning voor **George** goed als start.' },
);
await call(
  'PATCH',
  '/api/v1/communities/:slug/threads/:threadId/posts/:postId',
  `/api/v1/communities/geschiedenis-onderbouw/threads/${threadId}/posts/${post.id}`,
  { body: 'Bij ons werkt het verhaal van de penning voor **George** goed als start van de les.' },
);
const started = await call(
  'POST',
  '/api/v1/communities/:slug/threads',
  '/api/v1/communities/geschiedenis-onderbouw/threads',
  {
    title: 'Lessen over Suriname voor groep 7',
    body: 'Wie heeft ervaring met deze les in **groep 7**?',
    resourceId: mine.id,
  },
);
await call(
  'DELETE',
  '/api/v1/communities/:slug/threads/:threadId/posts/:postId',
  `/api/v1/communities/geschiedenis-onderbouw/threads/${started.thread.id}/posts/${started.posts[0].id}`,
);
await call(
  'DELETE',
  '/api/v1/communities/:slug/items/:resourceId',
  `/api/v1/communities/geschiedenis-onderbouw/items/${mine.id}`,
);
await call('PATCH', '/api/v1/communities/:slug', '/api/v1/communities/geschiedenis-onderbouw', { name: 'Overgenomen' });
const network = await call('POST', '/api/v1/communities', '/api/v1/communities', {
  kind: 'regional',
  name: 'Erfgoedonderwijs Twente',
  description: 'Scholen en musea in Twente werken samen aan erfgoedlessen.',
  subjects: [],
  levels: level ? [level] : [],
  region: 'Twente',
});
await call('POST', '/api/v1/communities', '/api/v1/communities', {
  kind: 'regional',
  name: 'Erfgoedonderwijs Twente',
  description: '',
  subjects: [],
  levels: [],
  region: 'Twente',
});
await call('PATCH', '/api/v1/communities/:slug', `/api/v1/communities/${network.slug}`, {
  description: 'Scholen en musea in Twente werken samen aan erfgoedlessen voor groep 7 en 8.',
});
const me = (await call('GET', '/api/v1/session', '/api/v1/session')).user.id as string;
await call('PUT', '/api/v1/communities/:slug/members/:userId', `/api/v1/communities/${network.slug}/members/${me}`, {
  role: 'moderator',
});
await call(
  'PUT',
  '/api/v1/communities/:slug/members/:userId',
  `/api/v1/communities/${network.slug}/members/${network.id}`,
  { role: 'moderator' },
);
await call(
  'DELETE',
  '/api/v1/communities/:slug/members/:userId',
  `/api/v1/communities/geschiedenis-onderbouw/members/${me}`,
);
await call('POST', '/api/v1/resources/:id/withdraw', `/api/v1/resources/${mine.id}/withdraw`, {
  reason: 'Vervangen door een nieuwe versie.',
});
await call('DELETE', '/api/v1/session', '/api/v1/session');

// An institution's editor: API keys, sources, imports.
await signIn('redactie@rijksmuseum.example.nl');
const key = await call('POST', '/api/v1/organisations/:id/api-keys', `/api/v1/organisations/${rijks.id}/api-keys`, {
  name: 'Collectiesysteem',
  scopes: ['read', 'records:write'],
});
await call('GET', '/api/v1/organisations/:id/api-keys', `/api/v1/organisations/${rijks.id}/api-keys`);
await call(
  'DELETE',
  '/api/v1/organisations/:id/api-keys/:keyId',
  `/api/v1/organisations/${rijks.id}/api-keys/${key.id}`,
);
// An upload: multipart/form-data with the file and the source's name.
const boundary = 'leergoed-example';
const file = readFileSync(demo('edurep/nllom-verplicht.xml'));
const multipart = Buffer.concat([
  Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\nRijksmuseum lesmateriaal\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lesmateriaal.xml"\r\nContent-Type: application/xml\r\n\r\n`,
  ),
  file,
  Buffer.from(`\r\n--${boundary}--\r\n`),
]);
const upload = await app.inject({
  method: 'POST',
  url: `/api/v1/organisations/${rijks.id}/imports`,
  headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
  payload: multipart,
});
operations['POST /api/v1/organisations/:id/imports'] = { responses: { [upload.statusCode]: upload.json() } };
const previewed = await app.inject({
  method: 'POST',
  url: `/api/v1/organisations/${rijks.id}/imports/preview`,
  headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
  payload: multipart,
});
operations['POST /api/v1/organisations/:id/imports/preview'] = {
  responses: { [previewed.statusCode]: previewed.json() },
};
await call('POST', '/api/v1/sources/test', '/api/v1/sources/test', {
  type: 'oai-pmh',
  url: `${local}/oai`,
  metadataPrefix: 'nl_lom',
  set: 'kind:heritage',
});
const source = await call('POST', '/api/v1/sources', '/api/v1/sources', {
  organisationId: rijks.id,
  name: 'Rijksmuseum OAI-PMH',
  type: 'oai-pmh',
  url: `${local}/oai`,
  metadataPrefix: 'nl_lom',
  set: 'kind:heritage',
  kind: 'heritage',
  schedule: '0 3 * * *',
});
await call('PATCH', '/api/v1/sources/:id', `/api/v1/sources/${source.id}`, { schedule: '0 4 * * 1', enabled: true });
await call('POST', '/api/v1/sources/:id/run', `/api/v1/sources/${source.id}/run`, { full: true });
await call('GET', '/api/v1/sources/:id', `/api/v1/sources/${source.id}`);
await call('GET', '/api/v1/sources', '/api/v1/sources');
const runs = await call('GET', '/api/v1/imports', '/api/v1/imports?limit=2');
await call('GET', '/api/v1/imports/:id', `/api/v1/imports/${runs[0].id}`);
await call('POST', '/api/v1/imports/:id/retry', `/api/v1/imports/${runs[0].id}/retry`);

// An admin: users, organisations and the audit log; LMS platforms.
await signIn('beheer@leergoed.example.nl');
const school = await call('POST', '/api/v1/admin/organisations', '/api/v1/admin/organisations', {
  name: 'Het Voorbeeldcollege',
  kind: 'school',
  website: 'https://www.voorbeeldcollege.nl',
  externalId: '99XX',
});
const docent = (await call('GET', '/api/v1/admin/users', '/api/v1/admin/users?q=docent'))[0].id as string;
await call('PATCH', '/api/v1/admin/users/:id', `/api/v1/admin/users/${docent}`, {
  role: 'curator',
  organisationIds: [school.id],
});
await call('GET', '/api/v1/admin/organisations', '/api/v1/admin/organisations');
await call('GET', '/api/v1/admin/audit', '/api/v1/admin/audit?limit=3');

// Curators and admins review against the rubric, trust teachers to review, moderate reviews.
await call('GET', '/api/v1/quality/rubric', '/api/v1/quality/rubric');
const reviewer = await ctx.accounts.createUser({
  email: 'visser@school.example.nl',
  name: 'Meester Visser',
  password,
  role: 'teacher',
});
const reviewers = '/api/v1/quality/reviewers/:userId';
await call('PUT', reviewers, `/api/v1/quality/reviewers/${reviewer.id}`);
await call('GET', '/api/v1/quality/reviewers', '/api/v1/quality/reviewers');
const reviews = '/api/v1/resources/:id/reviews';
const reasons: Record<string, [number | null, string]> = {
  alignment: [2, 'Past bij kerndoel 52: leerlingen leren over het slavernijverleden aan de hand van een echt object.'],
  explanation: [1, 'De beschrijving is juist maar kort; een leraar moet zelf context geven.'],
  tasks: [null, 'Een erfgoedobject zonder opdrachten: niet van toepassing.'],
  technical: [3, 'Afbeelding in hoge resolutie via IIIF, werkt op elk apparaat.'],
  accessibility: [1, 'De afbeelding heeft geen beschrijving voor wie niet kan zien.'],
  openness: [3, 'Publiek domein; vrij te gebruiken en aan te passen.'],
};
const scores = Object.entries(reasons).map(([dimension, [score, reason]]) => ({ dimension, score, reason }));
await call('POST', reviews, `/api/v1/resources/${heritage}/reviews`, { scores: scores.slice(1) });
const review = await call('POST', reviews, `/api/v1/resources/${heritage}/reviews`, {
  scores,
  summary: 'Bruikbaar als bron in groep 7 en 8, met eigen uitleg van de leraar.',
});
const oneReview = '/api/v1/resources/:id/reviews/:reviewId';
await call('PATCH', oneReview, `/api/v1/resources/${heritage}/reviews/${review.id}`, { hidden: true });
await call('PATCH', oneReview, `/api/v1/resources/${heritage}/reviews/${review.id}`, {
  hidden: true,
  reason: 'Verkeerd object beoordeeld',
});
await call('PATCH', oneReview, `/api/v1/resources/${heritage}/reviews/${review.id}`, { hidden: false });
await call('DELETE', reviewers, `/api/v1/quality/reviewers/${reviewer.id}`);
await call('DELETE', reviewers, `/api/v1/quality/reviewers/${reviewer.id}`);
await call('DELETE', oneReview, `/api/v1/resources/${heritage}/reviews/${review.id}`);
await call('DELETE', oneReview, `/api/v1/resources/${heritage}/reviews/${review.id}`);

// An admin lets a foundation issue quality marks, and (as its editors would) defines a mark, awards it and withdraws it.
const foundation = await ctx.accounts.findOrCreateOrganisation('Stichting Kwaliteit Leermiddelen', 'other');
const issuers = '/api/v1/quality/issuers/:organisationId';
await call('PUT', issuers, `/api/v1/quality/issuers/${foundation.id}`);
await call('GET', '/api/v1/quality/issuers', '/api/v1/quality/issuers');
const markBody = {
  organisationId: foundation.id,
  name: 'Keurmerk Open Leermateriaal',
  criteriaUrl: 'https://www.kwaliteitleermiddelen.example.nl/criteria',
  validityMonths: 24,
};
const mark = await call('POST', '/api/v1/quality/marks', '/api/v1/quality/marks', markBody);
await call('POST', '/api/v1/quality/marks', '/api/v1/quality/marks', markBody);
await call('PATCH', '/api/v1/quality/marks/:markId', `/api/v1/quality/marks/${mark.id}`, { validityMonths: 36 });
await call('GET', '/api/v1/quality/marks', '/api/v1/quality/marks');
const awards = '/api/v1/resources/:id/marks';
const award = await call('POST', awards, `/api/v1/resources/${heritage}/marks`, { markId: mark.id });
await call('POST', awards, `/api/v1/resources/${heritage}/marks`, { markId: mark.id });
const oneAward = '/api/v1/resources/:id/marks/:awardId';
await call('PATCH', oneAward, `/api/v1/resources/${heritage}/marks/${award.id}`, {
  withdrawn: true,
  reason: 'Het object heeft inmiddels een andere licentie.',
});
await call('PATCH', oneAward, `/api/v1/resources/${heritage}/marks/${award.id}`, {
  withdrawn: true,
  reason: 'Nog eens.',
});
await call('POST', awards, `/api/v1/resources/${heritage}/marks`, { markId: mark.id });
await call('GET', '/api/v1/resources/:id/quality', `/api/v1/resources/${heritage}/quality`);

// Curators work the queues: suggested objectives (decided one or many at once), failed checks,
// reviews to moderate and problems teachers reported.
await call('GET', '/api/v1/curation/summary', '/api/v1/curation/summary');
const queue = await call('GET', '/api/v1/curation/suggestions', '/api/v1/curation/suggestions?limit=2');
await call('GET', '/api/v1/curation/suggestions', '/api/v1/curation/suggestions?minScore=5');
const decisions = '/api/v1/curation/suggestions/decisions';
const [firstSuggestion] = (queue as { items: { resource: { id: string }; objective: { id: string } }[] }).items;
if (firstSuggestion)
  await call('POST', decisions, decisions, {
    decision: 'accepted',
    items: [{ resourceId: firstSuggestion.resource.id, objectiveId: firstSuggestion.objective.id }],
  });
await call('POST', decisions, decisions, { decision: 'accepted', items: [] });
await call('GET', '/api/v1/curation/checks', '/api/v1/curation/checks?kind=licence&limit=2');
await call('GET', '/api/v1/curation/reviews', '/api/v1/curation/reviews?limit=2');
const problemReports = '/api/v1/resources/:id/problem-reports';
const problem = await call('POST', problemReports, `/api/v1/resources/${heritage}/problem-reports`, {
  category: 'licence',
  message: 'Op de website van het museum staat dit object als publiek domein; hier staat geen licentie.',
});
await call('POST', problemReports, `/api/v1/resources/${heritage}/problem-reports`, { category: 'spam', message: '' });
await call('GET', '/api/v1/curation/reports', '/api/v1/curation/reports?limit=2');
const oneReport = '/api/v1/curation/reports/:reportId';
await call('PATCH', oneReport, `/api/v1/curation/reports/${problem.id}`, { status: 'dismissed' });
await call('PATCH', oneReport, `/api/v1/curation/reports/${problem.id}`, {
  status: 'resolved',
  note: 'Licentie nagevraagd en aangepast.',
});

// The data-quality report of one institution, and its CSV download.
await call('GET', '/api/v1/quality/report', `/api/v1/quality/report?limit=2`);
await call('GET', '/api/v1/quality/report.csv', '/api/v1/quality/report.csv');

// A museum joins: it applies, an admin decides, its editor invites colleagues and gives them roles.
await ctx.accounts.createUser({
  email: 'conservator@zuiderzeemuseum.example.nl',
  name: 'Anna Bakker',
  password,
  role: 'teacher',
});
await signIn('conservator@zuiderzeemuseum.example.nl');
const museumMotivation =
  'Wij zijn het Zuiderzeemuseum in Enkhuizen en delen onze collectie over visserij en het leven aan de Zuiderzee met scholen.';
const applied = await call('POST', '/api/v1/organisation-applications', '/api/v1/organisation-applications', {
  name: 'Zuiderzeemuseum',
  kind: 'heritage',
  website: 'https://www.zuiderzeemuseum.nl',
  externalId: null,
  motivation: museumMotivation,
  lang: 'nl',
});
const depot = await call('POST', '/api/v1/organisation-applications', '/api/v1/organisation-applications', {
  name: 'Zuiderzeemuseum Depot',
  kind: 'heritage',
  motivation: museumMotivation,
});
await call('GET', '/api/v1/organisation-applications', '/api/v1/organisation-applications');
await signIn('beheer@leergoed.example.nl');
await call('GET', '/api/v1/organisation-applications', '/api/v1/organisation-applications?status=pending');
const decision = '/api/v1/admin/organisation-applications/:id/decision';
await call('POST', decision, `/api/v1/admin/organisation-applications/${depot.id}/decision`, { decision: 'refuse' });
await call('POST', decision, `/api/v1/admin/organisation-applications/${depot.id}/decision`, {
  decision: 'refuse',
  reason: 'Het depot hoort bij het Zuiderzeemuseum zelf: één organisatie is genoeg.',
});
const museum = (
  await call('POST', decision, `/api/v1/admin/organisation-applications/${applied.id}/decision`, {
    decision: 'approve',
    reason: null,
  })
).organisationId as string;
await signIn('conservator@zuiderzeemuseum.example.nl');
await call('GET', '/api/v1/organisations/:id/team', `/api/v1/organisations/${museum}/team`);
const invitations = '/api/v1/organisations/:id/invitations';
const colleague = 'educatie@zuiderzeemuseum.example.nl';
await call('POST', invitations, `/api/v1/organisations/${museum}/invitations`, { email: colleague, role: 'member' });
await call('POST', invitations, `/api/v1/organisations/${museum}/invitations`, { email: 'geen-adres', role: 'editor' });
await createWorker(ctx).drain();
const invitationToken = new URL(/https?:\/\/\S+/.exec((await sink.next(colleague)).text)![0]).searchParams.get(
  'token',
)!;
const withdrawn = (
  await call('POST', invitations, `/api/v1/organisations/${museum}/invitations`, {
    email: 'stagiair@zuiderzeemuseum.example.nl',
    role: 'member',
    lang: 'en',
  })
).invitations[0].id as string;
await call(
  'DELETE',
  '/api/v1/organisations/:id/invitations/:invitationId',
  `/api/v1/organisations/${museum}/invitations/${withdrawn}`,
);
headers = {};
await call('POST', '/api/v1/invitations/lookup', '/api/v1/invitations/lookup', { token: invitationToken });
await call('POST', '/api/v1/invitations/accept', '/api/v1/invitations/accept', { token: invitationToken });
await call('POST', '/api/v1/invitations/accept', '/api/v1/invitations/accept', {
  token: invitationToken,
  name: 'Joke de Vries',
  password: 'de haven van enkhuizen',
});
await call('POST', '/api/v1/invitations/lookup', '/api/v1/invitations/lookup', { token: invitationToken });
await signIn('conservator@zuiderzeemuseum.example.nl');
const team = await call('GET', '/api/v1/organisations/:id/team', `/api/v1/organisations/${museum}/team`);
const anna = team.members.find((m: { name: string }) => m.name === 'Anna Bakker').userId as string;
const joke = team.members.find((m: { name: string }) => m.name === 'Joke de Vries').userId as string;
const member = '/api/v1/organisations/:id/members/:userId';
await call('PATCH', member, `/api/v1/organisations/${museum}/members/${anna}`, { role: 'member' });
await call('PATCH', member, `/api/v1/organisations/${museum}/members/${joke}`, { role: 'editor' });
await call('DELETE', member, `/api/v1/organisations/${museum}/members/${joke}`);
await signIn('beheer@leergoed.example.nl');

const platform = await call('POST', '/api/v1/lti/platforms', '/api/v1/lti/platforms', {
  name: 'Moodle van het Voorbeeldcollege',
  issuer: 'https://moodle.voorbeeldcollege.nl',
  clientId: 'leergoed-3f9a',
  deploymentIds: ['1'],
  authUrl: 'https://moodle.voorbeeldcollege.nl/mod/lti/auth.php',
  jwksUrl: 'https://moodle.voorbeeldcollege.nl/mod/lti/certs.php',
  tokenUrl: 'https://moodle.voorbeeldcollege.nl/mod/lti/token.php',
});
await call('GET', '/api/v1/lti/platforms', '/api/v1/lti/platforms');
await call('DELETE', '/api/v1/lti/platforms/:id', `/api/v1/lti/platforms/${platform.id}`);

/** Shortens an answer to what an example needs: two items of a list, the start of a long text. */
function shorten(value: Json, depth = 0): Json {
  if (Array.isArray(value)) return value.slice(0, depth === 0 ? 3 : 2).map((v) => shorten(v, depth + 1));
  if (typeof value === 'string')
    return value.length > 400 ? `${value.slice(0, 397)}…` : value.replaceAll(local, PUBLIC_URL);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shorten(v, depth + 1)]));
  return value;
}

// A deep linking request comes from an LMS's launch, which this walk does not make: its examples are written out.
operations['GET /api/v1/lti/deep-links/:id'] = {
  responses: {
    200: { platform: 'Moodle van het Voorbeeldcollege', acceptMultiple: true, title: 'Lesmateriaal kiezen' },
  },
};
operations['POST /api/v1/lti/deep-links/:id'] = {
  body: { resourceIds: [example, heritage] },
  responses: {
    200: {
      returnUrl: 'https://moodle.voorbeeldcollege.nl/mod/lti/contentitem_return.php?course=12&id=4',
      jwt: 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImxnLTIwMjYtMTEiLCJ0eXAiOiJKV1QifQ.eyJpc3MiOiJsZWVyZ29lZC0zZjlhIiwiYXVkIjoiaHR0cHM6Ly9tb29kbGUudm9vcmJlZWxkY29sbGVnZS5ubCJ9.c2lnbmF0dXJl',
    },
  },
};

// Nor does it log in from an LMS, or lose its store.
operations['POST /lti/login'] = {
  body: {
    iss: 'https://moodle.voorbeeldcollege.nl',
    login_hint: '2',
    target_link_uri: `${PUBLIC_URL}/lti/launch`,
    lti_message_hint: '{"cmid":4,"launchid":"ltilaunch1_861232"}',
    client_id: 'leergoed-3f9a',
    lti_deployment_id: '1',
  },
  responses: {},
};
operations['POST /lti/launch'] = {
  body: {
    id_token:
      'eyJhbGciOiJSUzI1NiIsImtpZCI6Im1vb2RsZS0xIiwidHlwIjoiSldUIn0.eyJpc3MiOiJodHRwczovL21vb2RsZS52b29yYmVlbGRjb2xsZWdlLm5sIn0.c2lnbmF0dXJl',
    state: 'Xq3sA0b9w2yKJcNf6hZpLr',
  },
  responses: {},
};
operations['POST /oai'] = {
  body: { verb: 'ListRecords', metadataPrefix: 'nl_lom', set: 'kind:lesson' },
  responses: {},
};
operations['GET /readyz']!.responses['503'] = {
  status: 'store unreachable',
  store: 'postgres',
  error: 'connect ECONNREFUSED 127.0.0.1:5432',
};

const components = {
  Problem: operations['POST /api/v1/resources']!.responses['400'],
  Resource: operations['GET /api/v1/resources/:id']!.responses['200'],
  ResourceList: operations['GET /api/v1/resources']!.responses['200'],
  Lesson: lesson,
  LessonDocument: lesson.document,
  ImportRun: runs[0],
  CurriculumNode: areaDetail.kerndoelen[0],
};

// An answer whose schema is a shared one (a Resource, a Lesson, a problem) has that schema's example.
const apiDocument = (await app.inject('/api/openapi.json')).json() as {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>
  >;
};
for (const [key, operation] of Object.entries(operations)) {
  const [method, route] = key.split(' ') as [string, string];
  const described = apiDocument.paths[route.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
  for (const status of Object.keys(operation.responses)) {
    const schema = described?.responses[status]?.content?.['application/json']?.schema;
    if (!schema || schema.$ref) delete operation.responses[status];
  }
}

// The API key made above is shown with its secret part replaced: an example is no place for a secret, even a dead one.
const made = operations['POST /api/v1/organisations/:id/api-keys']?.responses['201'] as { key?: string } | undefined;
if (made?.key) made.key = made.key.replace(/^(lg_[A-Za-z0-9]{8})_.*$/, `$1_${'voorbeeldsleutel'.padEnd(43, '0')}`);
// Mailed tokens are shown as placeholders: an example is no place for a secret, even a used one.
for (const key of [
  'POST /api/v1/accounts/verify',
  'POST /api/v1/password-reset/confirm',
  'POST /api/v1/invitations/lookup',
  'POST /api/v1/invitations/accept',
]) {
  const body = operations[key]?.body as { token?: string } | undefined;
  if (body?.token) body.token = 'de-code-uit-de-link-in-de-mail';
}
const out = { components: shorten(components, -1), operations: shorten(operations, -2) };
// A rubric dimension has exactly four levels, one per score: its example keeps them whole.
type RubricExample = { dimensions: { nl: { levels: unknown[] }; en: { levels: unknown[] } }[] };
const fullRubric = operations['GET /api/v1/quality/rubric']?.responses['200'] as RubricExample | undefined;
const shortRubric = (out.operations as Record<string, { responses: Record<string, unknown> }>)[
  'GET /api/v1/quality/rubric'
]?.responses['200'] as RubricExample | undefined;
shortRubric?.dimensions.forEach((d, i) => {
  d.nl.levels = fullRubric!.dimensions[i]!.nl.levels;
  d.en.levels = fullRubric!.dimensions[i]!.en.levels;
});
/** One example a line: a change of one route's answer is one changed line. */
const section = (entries: Record<string, unknown>) =>
  Object.entries(entries)
    .map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`)
    .join(',\n');
writeFileSync(
  join(projectRoot, 'src', 'kernel', 'api-examples.json'),
  `{\n "components": {\n${section(out.components as Record<string, unknown>)}\n },\n "operations": {\n${section(out.operations as Record<string, unknown>)}\n }\n}\n`,
);
console.log(`recorded ${Object.keys(operations).length} operations`);
await app.close();
await cleanup();
await sink.close();
