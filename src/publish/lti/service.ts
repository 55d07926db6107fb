import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import {
  SignJWT,
  createLocalJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/model.ts';
import { AppError, badRequest, forbidden, notFound, unauthenticated } from '../../kernel/errors.ts';
import { newId, nowIso } from '../../kernel/ids.ts';
import type { CatalogueService } from '../../catalogue/service.ts';
import type { Database, LtiPlatformTable } from '../../db/schema.ts';
import { readAll, safeFetch, type FetchLimits } from '../../kernel/fetch.ts';
import { ltiRepository } from './repository.ts';
import {
  CLAIM,
  LOGIN_TTL_MS,
  DEEP_LINK_TTL_MS,
  MAX_TOKEN_AGE,
  JWKS_COOLDOWN_MS,
  JWKS_MAX_AGE_MS,
  ltiError,
  view,
  type PlatformInput,
  type PlatformView,
  type LaunchResult,
  type DeepLinkingSettings,
} from './model.ts';

/**
 * Leergoed as an LTI 1.3 tool: platforms registered by an admin, OIDC login initiation, launch
 * validation (signature against the platform's JWKS with key rotation, nonce, state, audience,
 * expiry, deployment), the tool's own JWKS, and Deep Linking 2.0 responses. No user data of the LMS
 * is stored: a launch only opens the pupil's view of a lesson or resource.
 */
export class LtiService {
  private readonly jwks = new Map<string, { set: ReturnType<typeof createLocalJWKSet>; fetchedAt: number }>();
  private readonly wrapKey: Buffer;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalogue: CatalogueService,
    private readonly publicUrl: string,
    secret: string,
    private readonly limits: FetchLimits,
  ) {
    this.wrapKey = Buffer.from(hkdfSync('sha256', secret, 'leergoed', 'lti private keys', 32));
  }

  get launchUrl(): string {
    return `${this.publicUrl}/lti/launch`;
  }
  get loginUrl(): string {
    return `${this.publicUrl}/lti/login`;
  }
  get jwksUrl(): string {
    return `${this.publicUrl}/lti/jwks`;
  }

  // --- platforms -------------------------------------------------------------------------------

  async registerPlatform(actor: Actor | null, input: PlatformInput): Promise<PlatformView> {
    requireAdmin(actor);
    const clean = this.checkPlatform(input);
    const existing = await ltiRepository.platformByIssuerAndClient(this.db, clean.issuer, clean.clientId);
    if (existing)
      throw new AppError(
        'LG_LTI_PLATFORM_EXISTS',
        409,
        `A platform with issuer ${clean.issuer} and client id ${clean.clientId} is already registered.`,
        { id: existing.id },
      );
    const row: LtiPlatformTable = {
      id: newId(),
      name: clean.name,
      issuer: clean.issuer,
      client_id: clean.clientId,
      deployment_ids: JSON.stringify(clean.deploymentIds),
      auth_url: clean.authUrl,
      jwks_url: clean.jwksUrl,
      token_url: clean.tokenUrl ?? null,
      created_at: nowIso(),
    };
    await ltiRepository.insertPlatform(this.db, row);
    return view(row);
  }

  async platforms(actor: Actor | null): Promise<PlatformView[]> {
    requireAdmin(actor);
    return (await ltiRepository.platforms(this.db)).map(view);
  }

  async removePlatform(actor: Actor | null, id: string): Promise<void> {
    requireAdmin(actor);
    if (!(await ltiRepository.deletePlatform(this.db, id))) throw notFound('LTI platform', id);
    this.jwks.delete(id);
  }

  private checkPlatform(input: PlatformInput): Required<PlatformInput> {
    const name = input.name.trim();
    const issuer = input.issuer.trim();
    const clientId = input.clientId.trim();
    const deploymentIds = [...new Set(input.deploymentIds.map((d) => d.trim()).filter(Boolean))];
    if (!name || !issuer || !clientId)
      throw badRequest('LG_VALIDATION', 'A platform needs a name, an issuer and a client id.');
    if (deploymentIds.length === 0)
      throw badRequest('LG_VALIDATION', 'A platform needs at least one deployment id.', { field: 'deploymentIds' });
    const url = (field: string, value: string) => {
      let parsed: URL;
      try {
        parsed = new URL(value);
      } catch {
        throw badRequest('LG_VALIDATION', `${field} is not a URL: ${value}`, { field });
      }
      if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && this.limits.allowPrivateHosts))
        throw badRequest('LG_VALIDATION', `${field} must be an https address.`, { field });
      return parsed.toString();
    };
    return {
      name,
      issuer,
      clientId,
      deploymentIds,
      authUrl: url('authUrl', input.authUrl),
      jwksUrl: url('jwksUrl', input.jwksUrl),
      tokenUrl: input.tokenUrl ? url('tokenUrl', input.tokenUrl) : null,
    };
  }

  // --- the tool's keys -------------------------------------------------------------------------

  /** The tool's public keys: the current one and those retired less than a day ago. */
  async publicKeys(): Promise<JSONWebKeySet> {
    await this.currentKey();
    const since = new Date(Date.now() - 24 * 3600_000).toISOString();
    const keys = await ltiRepository.publicKeys(this.db, since);
    return { keys: keys.map((k) => JSON.parse(k) as JWK) };
  }

  /** Makes a new signing key and retires the current one (still published for a day). */
  async rotateKey(): Promise<string> {
    await ltiRepository.retireKeys(this.db, nowIso());
    return (await this.currentKey()).kid;
  }

  private async currentKey(): Promise<{ kid: string; key: CryptoKey }> {
    let row = await ltiRepository.currentKey(this.db);
    if (!row) {
      const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
      const kid = newId();
      const pub = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
      row = {
        kid,
        public_jwk: JSON.stringify(pub),
        private_jwk: this.seal(JSON.stringify(await exportJWK(privateKey))),
        created_at: nowIso(),
        retired_at: null,
      };
      await ltiRepository.insertKey(this.db, row);
    }
    return {
      kid: row.kid,
      key: (await importJWK(JSON.parse(this.open(row.private_jwk)) as JWK, 'RS256')) as CryptoKey,
    };
  }

  private seal(text: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.wrapKey, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
  }

  private open(sealed: string): string {
    const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.wrapKey, iv!);
    decipher.setAuthTag(tag!);
    return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
  }

  // --- login and launch ------------------------------------------------------------------------

  /**
   * OIDC login initiation (third-party initiated login): finds the platform by issuer (and client
   * id when sent), keeps a state and a nonce, and answers the platform's authorization URL to go to.
   */
  async login(params: Record<string, string | undefined>): Promise<string> {
    const {
      iss,
      login_hint: loginHint,
      target_link_uri: target,
      lti_message_hint: messageHint,
      client_id: clientId,
      lti_deployment_id: deploymentId,
    } = params;
    if (!iss || !loginHint || !target)
      throw ltiError('LG_LTI_BAD_LOGIN', 'A login initiation needs iss, login_hint and target_link_uri.');
    const candidates = await ltiRepository.platformsByIssuer(this.db, iss, clientId);
    if (candidates.length === 0)
      throw ltiError(
        'LG_LTI_UNKNOWN_PLATFORM',
        `No platform with issuer ${iss}${clientId ? ` and client id ${clientId}` : ''} is registered here.`,
      );
    if (candidates.length > 1)
      throw ltiError(
        'LG_LTI_AMBIGUOUS_PLATFORM',
        `Several registrations have issuer ${iss}; the platform must send client_id.`,
      );
    const platform = candidates[0]!;
    if (deploymentId && !(JSON.parse(platform.deployment_ids) as string[]).includes(deploymentId))
      throw ltiError('LG_LTI_UNKNOWN_DEPLOYMENT', `Deployment ${deploymentId} is not registered for this platform.`);
    this.ownTarget(target);
    const state = randomBytes(24).toString('base64url');
    const nonce = randomBytes(24).toString('base64url');
    await ltiRepository.insertLogin(
      this.db,
      { state, nonce, platform_id: platform.id, expires_at: new Date(Date.now() + LOGIN_TTL_MS).toISOString() },
      nowIso(),
    );
    const url = new URL(platform.auth_url);
    const auth: Record<string, string> = {
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.client_id,
      redirect_uri: this.launchUrl,
      login_hint: loginHint,
      state,
      nonce,
      ...(messageHint ? { lti_message_hint: messageHint } : {}),
    };
    for (const [k, v] of Object.entries(auth)) url.searchParams.set(k, v);
    return url.toString();
  }

  /** The target of a launch must be a page of this site (a lesson or a resource). */
  private ownTarget(target: string): string {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw ltiError('LG_LTI_BAD_TARGET', `target_link_uri is not a URL: ${target}`);
    }
    const own = new URL(this.publicUrl);
    if (url.origin !== own.origin || !/^\/(les|r)\/[^/]+$|^\/lti\/launch$/.test(url.pathname))
      throw ltiError('LG_LTI_BAD_TARGET', `target_link_uri ${target} is not a lesson or resource of ${own.origin}.`);
    return url.toString();
  }

  /**
   * Validates a launch (the id_token the platform posted with the state): the state is known and
   * unused, the signature checks against the platform's JWKS (fetched again once for a key id it
   * does not know yet: key rotation), issuer, audience (and azp), expiry and age, nonce, version,
   * deployment and message type. The state is spent whatever the outcome: a replay fails.
   */
  async launch(idToken: string | undefined, state: string | undefined): Promise<LaunchResult> {
    if (!idToken || !state) throw ltiError('LG_LTI_BAD_LAUNCH', 'A launch needs id_token and state.');
    const login = await ltiRepository.takeLogin(this.db, state);
    if (!login)
      throw ltiError(
        'LG_LTI_UNKNOWN_STATE',
        'This launch is unknown or was already used; start it again from the LMS.',
      );
    if (login.expires_at < nowIso())
      throw ltiError('LG_LTI_EXPIRED_STATE', 'The login took too long; start it again from the LMS.');
    const platform = await ltiRepository.platform(this.db, login.platform_id);
    const claims = await this.verify(idToken, platform);
    if (claims.nonce !== login.nonce)
      throw ltiError('LG_LTI_BAD_NONCE', 'The id_token does not carry the nonce of this login.');
    const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (audience.length > 1 && claims.azp !== platform.client_id)
      throw ltiError('LG_LTI_BAD_AUDIENCE', 'The id_token has several audiences but its azp is not this tool.');
    if (claims[CLAIM.version] !== '1.3.0')
      throw ltiError('LG_LTI_BAD_VERSION', `LTI version ${String(claims[CLAIM.version])} is not 1.3.0.`);
    const deployment = claims[CLAIM.deploymentId];
    if (typeof deployment !== 'string' || !(JSON.parse(platform.deployment_ids) as string[]).includes(deployment))
      throw ltiError(
        'LG_LTI_UNKNOWN_DEPLOYMENT',
        `Deployment ${String(deployment)} is not registered for this platform.`,
      );
    const type = claims[CLAIM.messageType];
    if (type === 'LtiResourceLinkRequest') {
      const link = claims[CLAIM.resourceLink] as { id?: unknown } | undefined;
      if (!link || typeof link.id !== 'string')
        throw ltiError('LG_LTI_BAD_LAUNCH', 'A resource link launch needs a resource_link claim with an id.');
      const target = claims[CLAIM.targetLinkUri];
      if (typeof target !== 'string')
        throw ltiError('LG_LTI_BAD_LAUNCH', 'A resource link launch needs a target_link_uri claim.');
      return { kind: 'resource', target: this.ownTarget(target) };
    }
    if (type === 'LtiDeepLinkingRequest') {
      const settings = claims[CLAIM.deepLinkingSettings] as DeepLinkingSettings | undefined;
      if (!settings || typeof settings.deep_link_return_url !== 'string' || !Array.isArray(settings.accept_types))
        throw ltiError(
          'LG_LTI_BAD_LAUNCH',
          'A deep linking request needs deep_linking_settings with deep_link_return_url and accept_types.',
        );
      try {
        new URL(settings.deep_link_return_url);
      } catch {
        throw ltiError('LG_LTI_BAD_LAUNCH', 'deep_link_return_url is not a URL.');
      }
      if (!settings.accept_types.some((t) => t === 'ltiResourceLink' || t === 'link'))
        throw ltiError(
          'LG_LTI_NOTHING_ACCEPTED',
          'The platform accepts neither LTI resource links nor links; Leergoed has nothing else to offer.',
        );
      const id = randomBytes(24).toString('base64url');
      await ltiRepository.insertDeepLink(
        this.db,
        {
          id,
          platform_id: platform.id,
          deployment_id: deployment,
          settings: JSON.stringify(settings),
          expires_at: new Date(Date.now() + DEEP_LINK_TTL_MS).toISOString(),
        },
        nowIso(),
      );
      return { kind: 'deep-link', id };
    }
    throw ltiError(
      'LG_LTI_UNKNOWN_MESSAGE',
      `Message type ${String(type)} is not supported (LtiResourceLinkRequest, LtiDeepLinkingRequest).`,
    );
  }

  private async verify(idToken: string, platform: LtiPlatformTable): Promise<JWTPayload & Record<string, unknown>> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(idToken).kid;
    } catch {
      throw ltiError('LG_LTI_BAD_TOKEN', 'The id_token is not a JWT.');
    }
    const options = {
      issuer: platform.issuer,
      audience: platform.client_id,
      algorithms: ['RS256'],
      maxTokenAge: MAX_TOKEN_AGE,
      clockTolerance: 5,
    };
    for (let attempt = 0; ; attempt++) {
      const keys = await this.platformKeys(platform, attempt > 0);
      try {
        return (await jwtVerify(idToken, keys, options)).payload as JWTPayload & Record<string, unknown>;
      } catch (error) {
        if (error instanceof joseErrors.JWKSNoMatchingKey && attempt === 0) continue;
        if (error instanceof joseErrors.JWTExpired) throw ltiError('LG_LTI_EXPIRED_TOKEN', 'The id_token has expired.');
        if (error instanceof joseErrors.JWTClaimValidationFailed)
          throw ltiError('LG_LTI_BAD_CLAIM', `The id_token's ${error.claim} claim is not right: ${error.reason}.`);
        if (error instanceof joseErrors.JWKSNoMatchingKey)
          throw ltiError('LG_LTI_UNKNOWN_KEY', `The platform's keys do not include ${kid ?? 'the signing key'}.`);
        if (error instanceof joseErrors.JWSSignatureVerificationFailed)
          throw ltiError('LG_LTI_BAD_SIGNATURE', "The id_token's signature does not verify.");
        if (error instanceof joseErrors.JOSEError)
          throw ltiError('LG_LTI_BAD_TOKEN', `The id_token is not valid: ${error.message}`);
        throw error;
      }
    }
  }

  /** The platform's JWKS, cached; fetched again when `refresh` (an unknown kid) and not just fetched. */
  private async platformKeys(
    platform: LtiPlatformTable,
    refresh: boolean,
  ): Promise<ReturnType<typeof createLocalJWKSet>> {
    const cached = this.jwks.get(platform.id);
    const age = cached ? Date.now() - cached.fetchedAt : Infinity;
    if (cached && age < JWKS_MAX_AGE_MS && (!refresh || age < JWKS_COOLDOWN_MS)) return cached.set;
    let body: unknown;
    try {
      body = JSON.parse(
        (
          await readAll(
            (await safeFetch(platform.jwks_url, { headers: { accept: 'application/json' } }, this.limits)).body,
          )
        ).toString('utf8'),
      );
    } catch (error) {
      if (cached) return cached.set;
      throw new AppError(
        'LG_LTI_JWKS_UNREACHABLE',
        502,
        `The platform's keys could not be fetched from ${platform.jwks_url}: ${(error as Error).message}`,
      );
    }
    if (!body || typeof body !== 'object' || !Array.isArray((body as JSONWebKeySet).keys))
      throw new AppError('LG_LTI_JWKS_INVALID', 502, `${platform.jwks_url} is not a JWK set.`);
    const set = createLocalJWKSet(body as JSONWebKeySet);
    this.jwks.set(platform.id, { set, fetchedAt: Date.now() });
    return set;
  }

  // --- deep linking ----------------------------------------------------------------------------

  /** What the picker shows of a deep-linking request. */
  async deepLinkRequest(id: string): Promise<{ platform: string; acceptMultiple: boolean; title: string | null }> {
    const { settings, platform } = await this.deepLink(id);
    return {
      platform: platform.name,
      acceptMultiple: settings.accept_multiple !== false,
      title: settings.title ?? null,
    };
  }

  private async deepLink(
    id: string,
  ): Promise<{ settings: DeepLinkingSettings; platform: LtiPlatformTable; deploymentId: string }> {
    const row = await ltiRepository.deepLink(this.db, id);
    if (!row || row.expires_at < nowIso()) throw notFound('Deep linking request', id);
    const platform = await ltiRepository.platform(this.db, row.platform_id);
    return { settings: JSON.parse(row.settings) as DeepLinkingSettings, platform, deploymentId: row.deployment_id };
  }

  /**
   * Answers a deep-linking request with the chosen lessons or resources (published ones): a signed
   * LtiDeepLinkingResponse to post to the platform's return URL. The request is spent.
   */
  async deepLinkResponse(id: string, resourceIds: string[]): Promise<{ returnUrl: string; jwt: string }> {
    const { settings, platform, deploymentId } = await this.deepLink(id);
    if (resourceIds.length === 0) throw badRequest('LG_VALIDATION', 'Choose at least one lesson or resource.');
    if (settings.accept_multiple === false && resourceIds.length > 1)
      throw badRequest('LG_LTI_ONE_ONLY', 'This LMS accepts one item at a time.');
    const found = await this.catalogue.getMany(resourceIds, null);
    const missing = resourceIds.filter((rid) => found.get(rid)?.status !== 'published');
    if (missing.length)
      throw badRequest('LG_LTI_UNKNOWN_RESOURCE', `Not published here: ${missing.join(', ')}.`, { resources: missing });
    const asLtiLink = settings.accept_types.includes('ltiResourceLink');
    const items = resourceIds.map((rid) => {
      const r = found.get(rid)!;
      const url = `${this.publicUrl}/${r.kind === 'lesson' ? 'les' : 'r'}/${rid}`;
      const base = { title: r.title, ...(r.description ? { text: r.description.slice(0, 500) } : {}), url };
      return asLtiLink ? { type: 'ltiResourceLink', ...base } : { type: 'link', ...base };
    });
    const { kid, key } = await this.currentKey();
    const jwt = await new SignJWT({
      [CLAIM.messageType]: 'LtiDeepLinkingResponse',
      [CLAIM.version]: '1.3.0',
      [CLAIM.deploymentId]: deploymentId,
      [CLAIM.contentItems]: items,
      ...(settings.data !== undefined ? { [CLAIM.data]: settings.data } : {}),
      nonce: randomBytes(16).toString('base64url'),
    })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(platform.client_id)
      .setAudience(platform.issuer)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);
    await ltiRepository.deleteDeepLink(this.db, id);
    return { returnUrl: settings.deep_link_return_url, jwt };
  }
}

function requireAdmin(actor: Actor | null): void {
  if (!actor) throw unauthenticated();
  if (actor.role !== 'admin') throw forbidden('Only admins register LMS platforms.');
}
