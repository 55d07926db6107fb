import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

/** The people the test login knows, by login name (the subject): their claims. */
export const PEOPLE: Record<string, Record<string, unknown>> = {
  'juf-anna': {
    email: 'anna@basisschool-de-linde.test',
    email_verified: true,
    name: 'Juf Anna',
    schac_home_organization: '12AB',
    schac_home_organization_name: 'Basisschool De Linde',
  },
  'meester-bas': {
    email: 'bas@basisschool.test',
    email_verified: true,
    name: 'Meester Bas',
    schac_home_organization: '12AB',
  },
};

/** A real OpenID Connect provider (npm oidc-provider) on this machine, with its development login form. */
export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** ID tokens live this many seconds (set low to have one expire). */
  idTokenSeconds: number;
  /** Holds each token answer this long after the tokens are made (so they arrive old). */
  holdTokensMs: number;
  /** Starts answering, for the relying party's redirect URI (known once that server runs). */
  start(redirectUri: string): void;
  close(): Promise<void>;
}

export async function oidcProvider(): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test', use: 'sig', alg: 'RS256' };
  const settings: TestProvider = {
    issuer,
    clientId: 'leergoed-test',
    clientSecret: 'a-client-secret-of-enough-length-for-hs256',
    idTokenSeconds: 3600,
    holdTokensMs: 0,
    start(redirectUri) {
      const instance = provider(redirectUri);
      instance.use(async (ctx, next) => {
        await next();
        if (ctx.path === '/token' && settings.holdTokensMs)
          await new Promise((r) => setTimeout(r, settings.holdTokensMs));
      });
      server.on('request', instance.callback());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const provider = (redirectUri: string) =>
    new Provider(issuer, {
      clients: [
        {
          client_id: settings.clientId,
          client_secret: settings.clientSecret,
          redirect_uris: [redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      jwks: { keys: [jwk] },
      cookies: { keys: ['a-cookie-key-for-the-test-provider'] },
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['name', 'schac_home_organization', 'schac_home_organization_name'],
      },
      // The ID token carries the claims (a login page needs no userinfo call).
      conformIdTokenClaims: false,
      pkce: { required: () => true },
      features: { devInteractions: { enabled: true } },
      ttl: { IdToken: () => settings.idTokenSeconds },
      async findAccount(_ctx, id) {
        const claims = PEOPLE[id] ?? { name: id };
        return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
      },
    });
  return settings;
}
