import { availableParallelism } from 'node:os';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Runtime configuration, read from the environment (see README "Configuration"). */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  publicUrl: string;
  secret: string;
  logLevel: string;
  /** Whether `LOG_LEVEL` was set (commands keep their own quieter default otherwise). */
  logLevelSet: boolean;
  /** Folder with the built web application (index.html and assets). */
  webRoot: string;
  /** Folder with bundled vocabularies and the demo corpus. */
  dataDir: string;
  /** Load the demo corpus into an empty store on `serve`. */
  loadDemo: boolean;
  /** Largest upload accepted by the import endpoint, in bytes. */
  maxUploadBytes: number;
  /** Harvest limits: private hosts allowed (off by default), time and size per request. */
  harvest: {
    allowPrivateHosts: boolean;
    /** Hosts allowed even when they are not public (`LEERGOED_HARVEST_ALLOW_HOSTS`, comma-separated). */
    allowHosts: string[];
    timeoutMs: number;
    maxBytes: number;
    /** Milliseconds between two requests to one host. */
    intervalMs: number;
  };
  /** Trust `X-Forwarded-*` from a reverse proxy (`LEERGOED_TRUST_PROXY`). */
  trustProxy: boolean;
  /** Check every response against its schema (`LEERGOED_CHECK_RESPONSES`; the test suite sets it). */
  checkResponses: boolean;
  /** Connections in the PostgreSQL pool of each process (`LEERGOED_PG_POOL`). */
  pgPoolSize: number;
  /** Run jobs in the serving process (`LEERGOED_WORKER`, default true; false when separate workers do). */
  runWorker: boolean;
  /** Outgoing mail: the SMTP server (`LEERGOED_SMTP_URL`; null: no mail, so no self-service registration) and the sender. */
  mail: { smtpUrl: string | null; from: string };
  /** School and institution login by OpenID Connect (`LEERGOED_OIDC_*`), or null when not configured. */
  oidc: {
    issuer: string;
    clientId: string;
    clientSecret: string;
    name: string;
    organisationClaim: string;
    organisationNameClaim: string;
  } | null;
  /** The first administrator's password for `leergoed admin create` (`LEERGOED_ADMIN_PASSWORD`). */
  adminPassword: string | null;
  /** HTTP processes of `serve` (1: one process does everything). */
  webProcesses: number;
  /** Results up to this many get exact facet counts; larger ones estimates from a sample. */
  exactFacetsUpTo: number;
  /** Keep the catalogue's filter terms in memory for counts, facets and pages (ADR 0014). */
  /** The in-memory index: off, filters and sort positions only, or with text postings too (ADR 0014, 0015). */
  memoryIndex: 'off' | 'filters' | 'full';
  /** Requests a client (a verified API key, else a verified user, else an address) may make to /api and /oai per minute. */
  rateLimitPerMinute: number;
  /** Days raw usage events are kept before they are deleted. */
  eventRetentionDays: number;
  /** Links of resources the worker checks on each tick (`LEERGOED_LINK_CHECKS_PER_TICK`, 0: none). */
  linkChecksPerTick: number;
  /** Hours between two looks that found a link gone before it counts as broken (`LEERGOED_LINK_CONFIRM_HOURS`, default 48). */
  linkConfirmHours: number;
  /** OAI-PMH: the identifier namespace (`oai:{namespace}:{id}`, never change it) and the admin e-mail. */
  oai: { namespace: string; adminEmail: string };
}

/** The project root: two levels above this file both in `src/app` and in `dist/server/app`. */
export const projectRoot = findProjectRoot();

function findProjectRoot(): string {
  let dir = dirname(new URL(import.meta.url).pathname);
  for (let i = 0; i < 6; i++) {
    if (existsSync(resolve(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/** Reads the configuration from `env`, generating and storing a secret on first start when absent. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const host = env.HOST ?? '127.0.0.1';
  const databaseUrl = env.DATABASE_URL ?? 'sqlite:./data/leergoed.sqlite';
  const webProcesses =
    env.LEERGOED_WEB_PROCESSES === 'auto' ? availableParallelism() : Number(env.LEERGOED_WEB_PROCESSES ?? 1);
  if (!Number.isInteger(webProcesses) || webProcesses < 1 || webProcesses > 64)
    throw new Error(
      `LEERGOED_WEB_PROCESSES must be a number from 1 to 64 or "auto", got "${env.LEERGOED_WEB_PROCESSES}"`,
    );
  const exactFacetsUpTo = Number(env.LEERGOED_EXACT_FACETS_UP_TO ?? 20_000);
  if (!Number.isInteger(exactFacetsUpTo) || exactFacetsUpTo < 0)
    throw new Error(`LEERGOED_EXACT_FACETS_UP_TO must be a whole number, got "${env.LEERGOED_EXACT_FACETS_UP_TO}"`);
  const memorySetting = env.LEERGOED_MEMORY_INDEX ?? 'true';
  const memoryIndex =
    memorySetting === 'true'
      ? 'full'
      : memorySetting === 'false'
        ? 'off'
        : memorySetting === 'filters'
          ? 'filters'
          : null;
  if (!memoryIndex)
    throw new Error(`LEERGOED_MEMORY_INDEX must be "true", "filters" or "false", got "${env.LEERGOED_MEMORY_INDEX}"`);
  const publicUrl = (env.LEERGOED_PUBLIC_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`).replace(
    /\/$/,
    '',
  );
  return {
    port,
    host,
    databaseUrl,
    publicUrl,
    secret: env.LEERGOED_SECRET ?? storedSecret(resolve(projectRoot, 'data', 'secret')),
    logLevel: env.LOG_LEVEL ?? 'info',
    logLevelSet: env.LOG_LEVEL !== undefined,
    webRoot: resolve(projectRoot, env.LEERGOED_WEB_ROOT ?? 'dist/web'),
    dataDir: resolve(projectRoot, 'data'),
    loadDemo: (env.LEERGOED_DEMO ?? 'true') !== 'false',
    maxUploadBytes: Number(env.LEERGOED_MAX_UPLOAD_BYTES ?? 50 * 1024 * 1024),
    harvest: {
      allowPrivateHosts: env.LEERGOED_ALLOW_PRIVATE_HOSTS === 'true',
      timeoutMs: Number(env.LEERGOED_HARVEST_TIMEOUT_MS ?? 60_000),
      maxBytes: Number(env.LEERGOED_HARVEST_MAX_BYTES ?? 100 * 1024 * 1024),
      allowHosts: (env.LEERGOED_HARVEST_ALLOW_HOSTS ?? '')
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean),
      intervalMs: Number(env.LEERGOED_HARVEST_INTERVAL_MS ?? 250),
    },
    trustProxy: env.LEERGOED_TRUST_PROXY === 'true',
    checkResponses: env.LEERGOED_CHECK_RESPONSES === 'true',
    pgPoolSize: positiveInteger('LEERGOED_PG_POOL', env.LEERGOED_PG_POOL, 10),
    runWorker: env.LEERGOED_WORKER !== 'false',
    adminPassword: env.LEERGOED_ADMIN_PASSWORD ?? null,
    oidc: oidcConfig(env),
    mail: {
      smtpUrl: env.LEERGOED_SMTP_URL || null,
      from: env.LEERGOED_MAIL_FROM || `Leergoed <noreply@${mailDomain(publicUrl)}>`,
    },
    webProcesses,
    exactFacetsUpTo,
    memoryIndex,
    rateLimitPerMinute: Number(env.LEERGOED_RATE_LIMIT ?? 3000),
    eventRetentionDays: positiveInteger('LEERGOED_EVENT_RETENTION_DAYS', env.LEERGOED_EVENT_RETENTION_DAYS, 30),
    linkChecksPerTick:
      env.LEERGOED_LINK_CHECKS_PER_TICK === '0'
        ? 0
        : positiveInteger('LEERGOED_LINK_CHECKS_PER_TICK', env.LEERGOED_LINK_CHECKS_PER_TICK, 20),
    linkConfirmHours:
      env.LEERGOED_LINK_CONFIRM_HOURS === '0'
        ? 0
        : positiveInteger('LEERGOED_LINK_CONFIRM_HOURS', env.LEERGOED_LINK_CONFIRM_HOURS, 48),
    oai: {
      namespace: env.LEERGOED_OAI_NAMESPACE ?? new URL(publicUrl).hostname,
      adminEmail:
        env.LEERGOED_ADMIN_EMAIL ??
        (new URL(publicUrl).hostname.includes('.')
          ? `beheer@${new URL(publicUrl).hostname}`
          : 'beheer@localhost.localdomain'),
    },
  };
}

/** The OpenID Connect login, when its issuer is set (then its client id and secret must be too). */
function oidcConfig(env: NodeJS.ProcessEnv): Config['oidc'] {
  const issuer = env.LEERGOED_OIDC_ISSUER;
  if (!issuer) return null;
  if (!/^https?:\/\//.test(issuer)) throw new Error(`LEERGOED_OIDC_ISSUER must be an http(s) URL, got "${issuer}"`);
  const clientId = env.LEERGOED_OIDC_CLIENT_ID;
  const clientSecret = env.LEERGOED_OIDC_CLIENT_SECRET;
  if (!clientId || !clientSecret)
    throw new Error(
      'LEERGOED_OIDC_ISSUER is set: LEERGOED_OIDC_CLIENT_ID and LEERGOED_OIDC_CLIENT_SECRET must be set too',
    );
  return {
    issuer,
    clientId,
    clientSecret,
    name: env.LEERGOED_OIDC_NAME || 'schoolaccount',
    organisationClaim: env.LEERGOED_OIDC_ORGANISATION_CLAIM || 'schac_home_organization',
    organisationNameClaim: env.LEERGOED_OIDC_ORGANISATION_NAME_CLAIM || 'schac_home_organization_name',
  };
}

/** The domain of the default sender: the public host, or one that mail servers accept for a local one. */
function mailDomain(publicUrl: string): string {
  const host = new URL(publicUrl).hostname;
  return host.includes('.') && !/^[\d.]+$/.test(host) ? host : 'localhost.localdomain';
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1, got "${value}"`);
  return n;
}

function storedSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
