import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, type JWK } from 'jose';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import type { App } from '../src/kernel/http.ts';
import { buildServer } from '../src/app/server.ts';
import { CLAIM } from '../src/publish/lti/model.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const password = 'correct horse battery staple';
const ISSUER = 'https://elo.school.test';
const CLIENT_ID = 'leergoed-tool-1';
const DEPLOYMENT = 'deployment-7';
const PUBLIC = 'http://leergoed.test';

type Key = { kid: string; privateKey: CryptoKey; jwk: JWK };
async function key(kid: string): Promise<Key> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/**
 * A test LMS: publishes its JWKS (the keys can be rotated), signs id_tokens as the spec shapes them,
 * and takes Deep Linking responses at its return URL.
 */
async function testPlatform() {
  const published: JWK[] = [];
  const server: Server = createServer((req, res) => {
    if (req.url === '/jwks')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    server,
    published,
    /** An id_token: the LTI 1.3 core claims, then `claims` over them. */
    sign: (
      signer: Key,
      claims: Record<string, unknown>,
      options: { expiresIn?: string | number; issuedAt?: number } = {},
    ) => {
      const jwt = new SignJWT({
        [CLAIM.version]: '1.3.0',
        [CLAIM.deploymentId]: DEPLOYMENT,
        [CLAIM.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
        ...claims,
      })
        .setProtectedHeader({ alg: 'RS256', kid: signer.kid, typ: 'JWT' })
        .setIssuer(ISSUER)
        .setSubject('lms-user-42');
      if (!('aud' in claims)) jwt.setAudience(CLIENT_ID);
      jwt.setIssuedAt(options.issuedAt).setExpirationTime(options.expiresIn ?? '5m');
      return jwt.sign(signer.privateKey);
    },
  };
}

for (const kind of STORE_KINDS) {
  describe(`LTI 1.3 tool on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    let platform: Awaited<ReturnType<typeof testPlatform>>;
    let k1: Key;
    let lessonId = '';
    let heritageId = '';
    let admin: Record<string, string> = {};

    before(async () => {
      platform = await testPlatform();
      k1 = await key('platform-key-1');
      platform.published.push(k1.jwk);
      ({ ctx, cleanup } = await testContext(kind));
      await ctx.imports.importPath(join(projectRoot, 'data', 'demo', 'iiif', '0001-mvm-image_manifest.json'), {
        sourceName: 'IIIF Cookbook',
        organisation: { name: 'IIIF Consortium', kind: 'heritage' },
      });
      heritageId = (await ctx.store.db.selectFrom('resource').select('id').executeTakeFirstOrThrow()).id;
      const teacher = await ctx.accounts.createUser({
        email: 'anna@school.test',
        name: 'Anna de Vries',
        password,
        role: 'teacher',
      });
      await ctx.accounts.createUser({ email: 'admin@leergoed.test', name: 'Beheer', password, role: 'admin' });
      const actor = { userId: teacher.id, role: 'teacher' as const, organisationIds: [] };
      const lesson = await ctx.lessons.create(actor, null);
      const doc = {
        ...lesson.document,
        title: 'Een schilderij bekijken',
        sections: [
          {
            id: 's',
            title: 'Kijken',
            variants: [
              {
                id: 'v',
                audience: { levels: [], need: null },
                items: [{ type: 'text' as const, id: 't', markdown: 'Kijk goed.' }],
              },
            ],
          },
        ],
      };
      const saved = await ctx.lessons.saveDraft(actor, lesson.id, doc, lesson.revision);
      await ctx.lessons.publish(actor, lesson.id, 'Eerste versie', saved.revision);
      lessonId = lesson.id;
      app = await buildServer(ctx, { logger: false });
      const session = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: 'admin@leergoed.test', password },
      });
      admin = {
        cookie: `lg_session=${session.cookies.find((c) => c.name === 'lg_session')!.value}`,
        'x-csrf-token': session.json().csrfToken,
      };
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
      platform?.server.close();
    });

    /** A login initiation for `target`: the state and nonce the tool sent to the platform. */
    async function login(
      target = `${PUBLIC}/les/${lessonId}`,
    ): Promise<{ state: string; nonce: string; location: URL }> {
      const response = await app.inject({
        method: 'GET',
        url: `/lti/login?${new URLSearchParams({ iss: ISSUER, login_hint: 'lms-user-42', target_link_uri: target, lti_message_hint: 'hint-1', client_id: CLIENT_ID })}`,
      });
      assert.equal(response.statusCode, 302, response.body);
      const location = new URL(response.headers.location as string);
      return { state: location.searchParams.get('state')!, nonce: location.searchParams.get('nonce')!, location };
    }
    const launch = (idToken: string, state: string) =>
      app.inject({
        method: 'POST',
        url: '/lti/launch',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ id_token: idToken, state }).toString(),
      });
    const resourceLink = (nonce: string, extra: Record<string, unknown> = {}) => ({
      nonce,
      [CLAIM.messageType]: 'LtiResourceLinkRequest',
      [CLAIM.resourceLink]: { id: 'link-1', title: 'Les' },
      [CLAIM.targetLinkUri]: `${PUBLIC}/les/${lessonId}`,
      ...extra,
    });
    const refused = (response: Awaited<ReturnType<typeof launch>>, code: string) => {
      assert.equal(response.statusCode, 400, response.body);
      assert.match(response.headers['content-type'] as string, /text\/html/);
      assert.match(response.body, new RegExp(`<code>${code}</code>`));
    };

    it('lets only admins register a platform, with checked addresses', async () => {
      const body = {
        name: 'Test-ELO',
        issuer: ISSUER,
        clientId: CLIENT_ID,
        deploymentIds: [DEPLOYMENT],
        authUrl: `${platform.base}/auth`,
        jwksUrl: `${platform.base}/jwks`,
      };
      assert.equal((await app.inject({ method: 'POST', url: '/api/v1/lti/platforms', payload: body })).statusCode, 401);
      const bad = await app.inject({
        method: 'POST',
        url: '/api/v1/lti/platforms',
        headers: admin,
        payload: { ...body, jwksUrl: 'ftp://elo/jwks' },
      });
      assert.equal(bad.statusCode, 400, bad.body);
      const created = await app.inject({ method: 'POST', url: '/api/v1/lti/platforms', headers: admin, payload: body });
      assert.equal(created.statusCode, 201, created.body);
      assert.deepEqual(created.json().deploymentIds, [DEPLOYMENT]);
      assert.equal(
        (await app.inject({ method: 'POST', url: '/api/v1/lti/platforms', headers: admin, payload: body })).statusCode,
        409,
      );
      assert.equal(
        (await app.inject({ method: 'GET', url: '/api/v1/lti/platforms', headers: admin })).json().items.length,
        1,
      );
      const config = (await app.inject('/lti/config')).json();
      assert.equal(config.oidcInitiationUrl, `${PUBLIC}/lti/login`);
      assert.deepEqual(config.redirectUris, [`${PUBLIC}/lti/launch`]);
    });

    it('initiates the OIDC login with a state and a nonce, and refuses unknown platforms and foreign targets', async () => {
      const { state, nonce, location } = await login();
      assert.equal(location.origin + location.pathname, `${platform.base}/auth`);
      assert.deepEqual(Object.fromEntries([...location.searchParams].filter(([k]) => k !== 'state' && k !== 'nonce')), {
        scope: 'openid',
        response_type: 'id_token',
        response_mode: 'form_post',
        prompt: 'none',
        client_id: CLIENT_ID,
        redirect_uri: `${PUBLIC}/lti/launch`,
        login_hint: 'lms-user-42',
        lti_message_hint: 'hint-1',
      });
      assert.ok(state.length >= 32 && nonce.length >= 32 && state !== nonce);
      const unknown = await app.inject({
        method: 'POST',
        url: '/lti/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          iss: 'https://other.test',
          login_hint: 'x',
          target_link_uri: `${PUBLIC}/les/${lessonId}`,
        }).toString(),
      });
      refused(unknown, 'LG_LTI_UNKNOWN_PLATFORM');
      refused(
        await app.inject({
          method: 'GET',
          url: `/lti/login?${new URLSearchParams({ iss: ISSUER, login_hint: 'x', target_link_uri: 'https://evil.test/les/1' })}`,
        }),
        'LG_LTI_BAD_TARGET',
      );
    });

    it("launches a resource link into the pupil's view, and refuses a replay", async () => {
      const { state, nonce } = await login();
      const token = await platform.sign(k1, resourceLink(nonce));
      const response = await launch(token, state);
      assert.equal(response.statusCode, 303, response.body);
      assert.equal(response.headers.location, `${PUBLIC}/les/${lessonId}`);
      refused(await launch(token, state), 'LG_LTI_UNKNOWN_STATE');
      const again = await login();
      refused(await launch(token, again.state), 'LG_LTI_BAD_NONCE');
    });

    it('refuses expired tokens, other audiences, unknown deployments, bad signatures and unknown keys', async () => {
      let l = await login();
      refused(
        await launch(
          await platform.sign(k1, resourceLink(l.nonce), {
            issuedAt: Math.floor(Date.now() / 1000) - 3600,
            expiresIn: Math.floor(Date.now() / 1000) - 1800,
          }),
          l.state,
        ),
        'LG_LTI_EXPIRED_TOKEN',
      );
      l = await login();
      refused(
        await launch(await platform.sign(k1, resourceLink(l.nonce, { aud: 'another-tool' })), l.state),
        'LG_LTI_BAD_CLAIM',
      );
      l = await login();
      refused(
        await launch(
          await platform.sign(k1, resourceLink(l.nonce, { aud: [CLIENT_ID, 'another-tool'], azp: 'another-tool' })),
          l.state,
        ),
        'LG_LTI_BAD_AUDIENCE',
      );
      l = await login();
      refused(
        await launch(
          await platform.sign(k1, resourceLink(l.nonce, { [CLAIM.deploymentId]: 'deployment-unknown' })),
          l.state,
        ),
        'LG_LTI_UNKNOWN_DEPLOYMENT',
      );
      l = await login();
      const impostor = await key(k1.kid); // the platform's key id, another private key
      refused(await launch(await platform.sign(impostor, resourceLink(l.nonce)), l.state), 'LG_LTI_BAD_SIGNATURE');
      l = await login();
      refused(
        await launch(await platform.sign(await key('rogue'), resourceLink(l.nonce)), l.state),
        'LG_LTI_UNKNOWN_KEY',
      );
      l = await login();
      refused(
        await launch(
          await platform.sign(k1, resourceLink(l.nonce, { [CLAIM.targetLinkUri]: 'https://evil.test/x' })),
          l.state,
        ),
        'LG_LTI_BAD_TARGET',
      );
      l = await login();
      refused(await launch('not-a-jwt', l.state), 'LG_LTI_BAD_TOKEN');
    });

    it("follows the platform's key rotation", async () => {
      const k2 = await key('platform-key-2');
      platform.published.splice(0, platform.published.length, k2.jwk);
      await new Promise((r) => setTimeout(r, 2100)); // past the refetch cooldown
      const { state, nonce } = await login();
      const response = await launch(await platform.sign(k2, resourceLink(nonce)), state);
      assert.equal(response.statusCode, 303, response.body);
      const old = await login();
      refused(await launch(await platform.sign(k1, resourceLink(old.nonce)), old.state), 'LG_LTI_UNKNOWN_KEY');
      platform.published.splice(0, platform.published.length, k1.jwk, k2.jwk);
      k1 = k2;
    });

    it('answers a Deep Linking request with a signed response the platform can verify', async () => {
      const { state, nonce } = await login(`${PUBLIC}/lti/launch`);
      const token = await platform.sign(k1, {
        nonce,
        [CLAIM.messageType]: 'LtiDeepLinkingRequest',
        [CLAIM.targetLinkUri]: `${PUBLIC}/lti/launch`,
        [CLAIM.deepLinkingSettings]: {
          deep_link_return_url: `${platform.base}/deep-link-return`,
          accept_types: ['ltiResourceLink', 'link'],
          accept_presentation_document_targets: ['iframe', 'window'],
          accept_multiple: true,
          data: 'opaque-123',
        },
      });
      const response = await launch(token, state);
      assert.equal(response.statusCode, 303, response.body);
      const picker = new URL(response.headers.location as string, PUBLIC);
      assert.equal(picker.pathname, '/lti/kiezen');
      const id = picker.searchParams.get('verzoek')!;
      assert.deepEqual((await app.inject(`/api/v1/lti/deep-links/${id}`)).json(), {
        platform: 'Test-ELO',
        acceptMultiple: true,
        title: null,
      });
      const page = await app.inject(picker.pathname + picker.search);
      assert.match(
        String(page.headers['content-security-policy']),
        /frame-ancestors \*/,
        'the LMS may show the picker in its frame',
      );
      assert.equal(page.headers['x-frame-options'], undefined);
      assert.match(String((await app.inject('/zoeken')).headers['content-security-policy']), /frame-ancestors 'none'/);

      assert.equal(
        (
          await app.inject({
            method: 'POST',
            url: `/api/v1/lti/deep-links/${id}`,
            payload: { resourceIds: ['no-such-thing'] },
          })
        ).statusCode,
        400,
      );
      const answer = await app.inject({
        method: 'POST',
        url: `/api/v1/lti/deep-links/${id}`,
        payload: { resourceIds: [lessonId, heritageId] },
      });
      assert.equal(answer.statusCode, 200, answer.body);
      const { returnUrl, jwt } = answer.json();
      assert.equal(returnUrl, `${platform.base}/deep-link-return`);
      const keys = createLocalJWKSet((await app.inject('/lti/jwks')).json());
      const { payload, protectedHeader } = await jwtVerify(jwt, keys, {
        issuer: CLIENT_ID,
        audience: ISSUER,
        algorithms: ['RS256'],
      });
      assert.equal(protectedHeader.typ, 'JWT');
      assert.equal(payload[CLAIM.messageType], 'LtiDeepLinkingResponse');
      assert.equal(payload[CLAIM.version], '1.3.0');
      assert.equal(payload[CLAIM.deploymentId], DEPLOYMENT);
      assert.equal(payload[CLAIM.data], 'opaque-123');
      assert.ok(typeof payload.nonce === 'string' && typeof payload.exp === 'number');
      const items = payload[CLAIM.contentItems] as { type: string; url: string; title: string }[];
      assert.deepEqual(
        items.map((i) => [i.type, i.url, i.title]),
        [
          ['ltiResourceLink', `${PUBLIC}/les/${lessonId}`, 'Een schilderij bekijken'],
          ['ltiResourceLink', `${PUBLIC}/r/${heritageId}`, items[1]!.title],
        ],
      );
      assert.equal(
        (
          await app.inject({
            method: 'POST',
            url: `/api/v1/lti/deep-links/${id}`,
            payload: { resourceIds: [lessonId] },
          })
        ).statusCode,
        404,
        'a request is answered once',
      );
    });

    it('publishes its own keys, the retired one for a while after a rotation', async () => {
      const before = (await app.inject('/lti/jwks')).json().keys as JWK[];
      assert.equal(before.length, 1);
      assert.equal(before[0]!.d, undefined, 'no private part');
      await ctx.lti.rotateKey();
      const after = (await app.inject('/lti/jwks')).json().keys as JWK[];
      assert.equal(after.length, 2);
      assert.ok(after.some((k) => k.kid === before[0]!.kid));
      const stored = await ctx.store.db.selectFrom('lti_key').select('private_jwk').execute();
      for (const row of stored)
        assert.doesNotMatch(row.private_jwk, /"d"|"kty"/, 'the private key is stored encrypted');
    });
  });
}
