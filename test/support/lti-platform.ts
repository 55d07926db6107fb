import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, type JWK } from 'jose';
import { CLAIM } from '../../src/publish/lti/model.ts';

export const PLATFORM = { issuer: 'https://elo.school.test', clientId: 'leergoed-tool-1', deployment: 'deployment-7' };

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A test LMS for the browser: its OIDC authorization endpoint answers a login with a signed
 * LtiDeepLinkingRequest posted back to the tool (as platforms do, by an auto-submitting form), and
 * its deep-link return URL verifies the tool's answer against the tool's JWKS and shows what it got.
 */
export async function browserPlatform(toolBase: string) {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'elo-key', alg: 'RS256', use: 'sig' };
  const received: { type: string; url: string; title: string }[][] = [];
  const toolKeys = createRemoteJWKSet(new URL(`${toolBase}/lti/jwks`));
  let base = '';
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/jwks')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    if (url.pathname === '/auth') {
      const p = url.searchParams;
      const token = await new SignJWT({
        nonce: p.get('nonce'),
        [CLAIM.version]: '1.3.0',
        [CLAIM.deploymentId]: PLATFORM.deployment,
        [CLAIM.messageType]: 'LtiDeepLinkingRequest',
        [CLAIM.targetLinkUri]: `${toolBase}/lti/launch`,
        [CLAIM.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
        [CLAIM.deepLinkingSettings]: {
          deep_link_return_url: `${base}/return`,
          accept_types: ['ltiResourceLink'],
          accept_presentation_document_targets: ['iframe', 'window'],
          accept_multiple: true,
          data: 'course-12',
        },
      })
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid!, typ: 'JWT' })
        .setIssuer(PLATFORM.issuer)
        .setAudience(PLATFORM.clientId)
        .setSubject('teacher-9')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          `<!doctype html><html lang="en"><body><form method="post" action="${escape(p.get('redirect_uri')!)}"><input type="hidden" name="id_token" value="${token}"><input type="hidden" name="state" value="${escape(p.get('state')!)}"></form><script>document.forms[0].submit()</script></body></html>`,
        );
      return;
    }
    if (url.pathname === '/return' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      try {
        const { payload } = await jwtVerify(new URLSearchParams(body).get('JWT')!, toolKeys, {
          issuer: PLATFORM.clientId,
          audience: PLATFORM.issuer,
        });
        if (payload[CLAIM.data] !== 'course-12') throw new Error('data not echoed');
        const items = payload[CLAIM.contentItems] as { type: string; url: string; title: string }[];
        received.push(items);
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            `<!doctype html><html lang="en"><head><title>ELO</title></head><body><h1>Added to the course</h1><ul>${items.map((i) => `<li><a href="${escape(i.url)}">${escape(i.title)}</a></li>`).join('')}</ul></body></html>`,
          );
      } catch (error) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(`refused: ${(error as Error).message}`);
      }
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, server, received };
}
