import { DEFAULT_LIMITS, HttpError, safeFetch, type FetchLimits } from '../kernel/fetch.ts';
import type { CheckStatus } from './model.ts';

/**
 * What one look at a link found: `ok` (2xx, after any redirects), `gone` (a hard 404 or 410),
 * `dead` (the host does not exist or refuses), `unsure` (a timeout, 5xx, 429 or another answer that
 * may pass), `blocked` (not a public address: never fetched).
 */
export type LinkOutcome = 'ok' | 'gone' | 'dead' | 'unsure' | 'blocked';

export interface LinkLook {
  url: string;
  outcome: LinkOutcome;
  /** The HTTP status of the last answer, when there was one. */
  status: number | null;
  /** Where the link ends after its redirects. */
  finalUrl: string | null;
  redirects: { status: number; from: string; to: string }[];
  /** HEAD, or GET when the server does not answer HEAD properly. */
  method: 'HEAD' | 'GET';
  message: string | null;
}

/** By default a link counts as broken only when two looks this far apart both found it gone or dead. */
export const BROKEN_AFTER_MS = 2 * 24 * 60 * 60 * 1000;

/** Limits of a link check: short, small, and the operator's choices about private hosts. */
export const linkLimits = (): FetchLimits => ({
  ...DEFAULT_LIMITS,
  timeoutMs: 15_000,
  maxBytes: 1024 * 1024,
  maxRedirects: 5,
});

const HEADERS = { 'user-agent': 'Leergoed link check (+https://leergoed.nl)', accept: '*/*' };

/** Looks at a link through the guarded fetch: HEAD first, then GET when HEAD is refused or unsupported. */
export async function lookAtLink(url: string, limits: FetchLimits = linkLimits()): Promise<LinkLook> {
  const once = async (method: 'HEAD' | 'GET'): Promise<LinkLook> => {
    try {
      const response = await safeFetch(url, { method, headers: HEADERS }, limits);
      if (method === 'GET') {
        // Only the status matters: the body's first chunk starts the stream, whose end then cancels
        // the rest (so the connection is freed, not held until collected).
        const iterator = response.body[Symbol.asyncIterator]();
        await iterator.next().catch(() => undefined);
        await iterator.return?.(undefined);
      }
      return {
        url,
        outcome: 'ok',
        status: response.status,
        finalUrl: response.url,
        redirects: response.redirects,
        method,
        message: null,
      };
    } catch (error) {
      return { url, method, redirects: [], finalUrl: null, ...judge(error) };
    }
  };
  const head = await once('HEAD');
  // A server that refuses HEAD (405, 501, 403, 400) gets a GET; so does a 404/410 to HEAD, which
  // some servers answer wrongly: the GET's answer counts.
  if (head.outcome === 'gone' || (head.status !== null && [405, 501, 403, 400].includes(head.status))) {
    const get = await once('GET');
    return get.outcome === 'unsure' && head.outcome === 'gone' ? head : get;
  }
  return head;
}

function judge(error: unknown): Pick<LinkLook, 'outcome' | 'status' | 'message'> {
  if (!(error instanceof HttpError)) return { outcome: 'unsure', status: null, message: String(error) };
  if (error.code === 'LG_HARVEST_SSRF' || error.code === 'LG_HARVEST_BAD_URL')
    return { outcome: 'blocked', status: null, message: error.message };
  if (error.code === 'LG_HARVEST_HTTP' && (error.status === 404 || error.status === 410))
    return { outcome: 'gone', status: error.status, message: error.message };
  if (error.code === 'LG_HARVEST_NETWORK' && /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|getaddrinfo/.test(error.message))
    return { outcome: 'dead', status: null, message: error.message };
  return { outcome: 'unsure', status: error.status ?? null, message: error.message };
}

/**
 * The finding of a look, given the earlier looks at the same link (newest first): broken
 * (`failed`) only when it is gone or dead now and was gone or dead at a look at least
 * `brokenAfterMs` earlier with no working look in between; gone or dead once is a `warning`, as
 * is a link that cannot be checked (blocked); an unsure answer keeps the last finding.
 */
export function linkStatus(
  look: LinkLook,
  now: string,
  earlier: { status: CheckStatus; outcome: LinkOutcome; checkedAt: string }[],
  brokenAfterMs = BROKEN_AFTER_MS,
): { status: CheckStatus; firstFailedAt: string | null } {
  if (look.outcome === 'ok') return { status: 'ok', firstFailedAt: null };
  if (look.outcome === 'blocked') return { status: 'warning', firstFailedAt: null };
  if (look.outcome === 'unsure') {
    const last = earlier[0];
    return { status: last?.status ?? 'ok', firstFailedAt: null };
  }
  // Gone or dead: since when, without a working look in between?
  let since = now;
  for (const e of earlier) {
    if (e.outcome === 'ok') break;
    if (e.outcome === 'gone' || e.outcome === 'dead') since = e.checkedAt;
  }
  // Two looks it takes, always: the first gone or dead look is a warning whatever the interval.
  const broken = since !== now && Date.parse(now) - Date.parse(since) >= brokenAfterMs;
  return { status: broken ? 'failed' : 'warning', firstFailedAt: since };
}

/**
 * Looks at many links politely: one request at a time per host, `delayMs` apart, and at most
 * `hosts` hosts at once.
 */
export async function lookAtLinks(
  urls: string[],
  options: { delayMs?: number; hosts?: number; limits?: FetchLimits } = {},
): Promise<Map<string, LinkLook>> {
  const delayMs = options.delayMs ?? 1000;
  const byHost = new Map<string, string[]>();
  for (const url of new Set(urls)) {
    let host = '';
    try {
      host = new URL(url).host;
    } catch {
      host = '';
    }
    byHost.set(host, [...(byHost.get(host) ?? []), url]);
  }
  const found = new Map<string, LinkLook>();
  const queues = [...byHost.values()];
  const worker = async () => {
    for (let queue = queues.shift(); queue; queue = queues.shift()) {
      for (const [i, url] of queue.entries()) {
        if (i > 0 && delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        found.set(url, await lookAtLink(url, options.limits));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.hosts ?? 4) }, worker));
  return found;
}
