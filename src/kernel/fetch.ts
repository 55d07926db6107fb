import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, fetch as undiciFetch, type Dispatcher } from 'undici';

/** Limits on every remote request a harvest makes. */
export interface FetchLimits {
  /** Time for the whole request, body included. */
  timeoutMs: number;
  /** Largest body accepted (after decompression). */
  maxBytes: number;
  maxRedirects: number;
  /** Allow loopback, private, link-local and other non-public addresses (tests, intranets). */
  allowPrivateHosts: boolean;
  /** Hosts (`host` or `host:port`) the operator allows even when they are not public. */
  allowHosts?: string[];
}

export const DEFAULT_LIMITS: FetchLimits = {
  timeoutMs: 60_000,
  maxBytes: 100 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivateHosts: false,
  allowHosts: [],
};

/** Sets the operator's choices (from the configuration) that every fetch without limits of its own follows. */
export function configureFetchDefaults(options: Pick<FetchLimits, 'allowPrivateHosts' | 'allowHosts'>): void {
  DEFAULT_LIMITS.allowPrivateHosts = options.allowPrivateHosts;
  DEFAULT_LIMITS.allowHosts = [...(options.allowHosts ?? [])];
}

/** Whether the operator allowed this URL's host explicitly. */
function hostAllowed(url: URL, limits: FetchLimits): boolean {
  return !!limits.allowHosts?.some((h) => h === url.host || h === url.hostname);
}

export type HttpErrorCode =
  | 'LG_HARVEST_SSRF'
  | 'LG_HARVEST_BAD_URL'
  | 'LG_HARVEST_TIMEOUT'
  | 'LG_HARVEST_TOO_LARGE'
  | 'LG_HARVEST_HTTP'
  | 'LG_HARVEST_NETWORK'
  | 'LG_HARVEST_REDIRECTS';

/** A failed request, with whether trying again may help and how long the server asked to wait. */
export class HttpError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * Whether an address is public unicast (not loopback, private, link-local, metadata, reserved, …).
 * IPv6 forms that carry an IPv4 address are judged by that address: IPv4-mapped (`::ffff:a.b.c.d`)
 * and the deprecated IPv4-compatible `::a.b.c.d` (which URLs write as `[::7f00:1]`, a range the
 * address library calls unicast); NAT64, 6to4 and Teredo ranges are not unicast and are refused.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else if (v6.parts.slice(0, 6).every((part) => part === 0))
      parsed = ipaddr.fromByteArray(v6.toByteArray().slice(12));
  }
  return parsed.range() === 'unicast';
}

/** Checks a URL before any connection: http(s) only, no credentials, no non-public literal address. */
export function checkUrl(raw: string, limits: FetchLimits): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HttpError('LG_HARVEST_BAD_URL', `"${raw}" is not a URL.`, false);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new HttpError(
      'LG_HARVEST_BAD_URL',
      `Only http and https addresses can be harvested, not ${url.protocol}`,
      false,
    );
  if (url.username || url.password)
    throw new HttpError('LG_HARVEST_BAD_URL', 'Addresses with a user name or password are not accepted.', false);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!limits.allowPrivateHosts && !hostAllowed(url, limits) && isIP(host) && !isPublicAddress(host)) {
    throw new HttpError('LG_HARVEST_SSRF', `${url.hostname} is not a public address; harvesting it is refused.`, false);
  }
  return url;
}

/** DNS lookup that refuses names resolving to non-public addresses, so the connection goes where it was checked. */
function guardedLookup(
  hostname: string,
  options: object,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses as LookupAddress[];
    const refused = list.find((a) => !isPublicAddress(a.address));
    if (refused) {
      const ssrf = Object.assign(
        new Error(
          `${hostname} resolves to ${refused.address}, which is not a public address; harvesting it is refused.`,
        ),
        { code: 'LG_HARVEST_SSRF' },
      );
      return callback(ssrf, []);
    }
    const all = (options as { all?: boolean }).all;
    if (all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
}

const guardedAgent = new Agent({ connect: { lookup: guardedLookup as never }, keepAliveTimeout: 10_000 });
const openAgent = new Agent({ keepAliveTimeout: 10_000 });

/** A response whose body is read under the size limit. */
export interface LimitedResponse {
  status: number;
  url: string;
  /** The redirects followed on the way, in order. */
  redirects: { status: number; from: string; to: string }[];
  headers: Headers;
  body: AsyncIterable<Uint8Array>;
}

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

async function* limitedBody(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  url: string,
): AsyncIterable<Uint8Array> {
  if (!body) return;
  let total = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes)
      throw new HttpError('LG_HARVEST_TOO_LARGE', `The response of ${url} is larger than ${maxBytes} bytes.`, false);
    yield chunk;
  }
}

/**
 * Fetches a URL under the SSRF guard (checked again after every redirect and DNS resolution), with a
 * time limit and a size limit. 2xx answers are returned; others become an HttpError (5xx, 429 and
 * network failures retryable, with the server's Retry-After).
 */
export async function safeFetch(
  raw: string,
  init: { method?: 'GET' | 'POST' | 'HEAD'; body?: string; headers?: Record<string, string> } = {},
  limits: FetchLimits = DEFAULT_LIMITS,
): Promise<LimitedResponse> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let url = checkUrl(raw, limits);
  let method = init.method ?? 'GET';
  let body = init.body;
  const redirects: LimitedResponse['redirects'] = [];
  for (let hop = 0; ; hop++) {
    let response: Awaited<ReturnType<typeof undiciFetch>>;
    try {
      response = await undiciFetch(url, {
        method,
        body,
        redirect: 'manual',
        signal,
        headers: {
          'user-agent': 'Leergoed harvester (+https://leergoed.nl)',
          accept: 'application/xml, text/xml, application/json, application/ld+json, */*;q=0.5',
          'accept-encoding': 'gzip, deflate, br',
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...init.headers,
        },
        dispatcher: (limits.allowPrivateHosts || hostAllowed(url, limits) ? openAgent : guardedAgent) as Dispatcher,
      });
    } catch (error) {
      throw asHttpError(error, url.toString(), limits);
    }
    if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
      await response.body?.cancel().catch(() => undefined);
      if (hop >= limits.maxRedirects)
        throw new HttpError('LG_HARVEST_REDIRECTS', `More than ${limits.maxRedirects} redirects from ${raw}.`, false);
      const from = url.toString();
      url = checkUrl(new URL(response.headers.get('location')!, url).toString(), limits);
      redirects.push({ status: response.status, from, to: url.toString() });
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      continue;
    }
    if (response.status < 200 || response.status >= 300) {
      await response.body?.cancel().catch(() => undefined);
      const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new HttpError(
        'LG_HARVEST_HTTP',
        `${url} answered HTTP ${response.status}.`,
        retryable,
        response.status,
        retryAfter(response.headers.get('retry-after')),
      );
    }
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > limits.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new HttpError(
        'LG_HARVEST_TOO_LARGE',
        `The response of ${url} is ${length} bytes, more than the limit of ${limits.maxBytes}.`,
        false,
      );
    }
    const bodyStream = response.body as ReadableStream<Uint8Array> | null;
    return {
      status: response.status,
      url: url.toString(),
      redirects,
      headers: response.headers as unknown as Headers,
      body: wrapAbort(limitedBody(bodyStream, limits.maxBytes, url.toString()), url.toString(), limits),
    };
  }
}

async function* wrapAbort(
  body: AsyncIterable<Uint8Array>,
  url: string,
  limits: FetchLimits,
): AsyncIterable<Uint8Array> {
  try {
    yield* body;
  } catch (error) {
    throw asHttpError(error, url, limits);
  }
}

function asHttpError(error: unknown, url: string, limits: FetchLimits): HttpError {
  if (error instanceof HttpError) return error;
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return new HttpError('LG_HARVEST_TIMEOUT', `${url} did not answer within ${limits.timeoutMs} ms.`, true);
  const cause = e.cause ?? e;
  if (cause.code === 'LG_HARVEST_SSRF')
    return new HttpError('LG_HARVEST_SSRF', cause.message ?? 'Not a public address.', false);
  return new HttpError(
    'LG_HARVEST_NETWORK',
    `Could not reach ${url}: ${cause.message ?? e.message ?? 'network error'}`,
    true,
  );
}

/** Reads a whole (small) response body as bytes. */
export async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The charset of an XML response: Content-Type, else the XML declaration, else a BOM, else UTF-8. */
export function xmlCharset(contentType: string | null, head: Uint8Array): string {
  const fromHeader = /charset="?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];
  if (fromHeader) return fromHeader.toLowerCase();
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const prolog = Buffer.from(head.slice(0, 200)).toString('latin1');
  const declared = /<\?xml[^>]*encoding=["']([\w.:-]+)["']/i.exec(prolog)?.[1];
  return (declared ?? 'utf-8').toLowerCase();
}

/**
 * Decodes a byte stream to text in the document's charset (declared in the header or the XML
 * prolog). Undeclared documents are read as UTF-8; bytes that are not UTF-8 switch the rest of the
 * stream to Windows-1252, the charset undeclared legacy feeds are in.
 */
export async function* decodeXml(body: AsyncIterable<Uint8Array>, contentType: string | null): AsyncIterable<string> {
  let decoder: TextDecoder | null = null;
  let undeclared = false;
  for await (const chunk of body) {
    if (!decoder) {
      const charset = xmlCharset(contentType, chunk);
      undeclared =
        !/charset=/i.test(contentType ?? '') &&
        !/<\?xml[^>]*encoding=/i.test(Buffer.from(chunk.slice(0, 200)).toString('latin1')) &&
        charset === 'utf-8';
      try {
        decoder = new TextDecoder(charset, { fatal: undeclared });
      } catch {
        throw new HttpError('LG_HARVEST_HTTP', `The response is in an unknown character set "${charset}".`, false);
      }
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      decoder = new TextDecoder('windows-1252');
      undeclared = false;
      text = decoder.decode(chunk, { stream: true });
    }
    if (text) yield text;
  }
  if (decoder) {
    const rest = decoder.decode();
    if (rest) yield rest;
  }
}
