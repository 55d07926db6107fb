import { attr, child, children, streamElements, textOf, XmlError, type XmlElement } from '../xml/tree.ts';
import { DEFAULT_LIMITS, HttpError, decodeXml, safeFetch, type FetchLimits } from '../../kernel/fetch.ts';

const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';

/** An OAI-PMH protocol error (inside an HTTP 200 answer), with its code from the specification. */
export class OaiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a repository says of itself (Identify). */
export interface Identify {
  repositoryName: string;
  baseURL: string;
  protocolVersion: string;
  earliestDatestamp: string;
  deletedRecord: string;
  granularity: 'YYYY-MM-DD' | 'YYYY-MM-DDThh:mm:ssZ';
  adminEmails: string[];
}

export interface MetadataFormat {
  prefix: string;
  schema: string;
  namespace: string;
}
export interface OaiSet {
  spec: string;
  name: string;
}

/** Arguments of a first ListRecords/ListIdentifiers request. */
export interface ListArgs {
  metadataPrefix: string;
  set?: string | null;
  from?: string | null;
  until?: string | null;
}

/** One page of a list: its records were handed to the callback; this is what comes after. */
export interface ListPage {
  responseDate: string | null;
  /** The next token, or null on the last page. */
  resumptionToken: string | null;
  completeListSize: number | null;
  cursor: number | null;
  /** `noRecordsMatch`: an empty, successful list. */
  empty: boolean;
}

/** Retry behaviour: exponential backoff with jitter; the server's Retry-After is honoured (capped). */
export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 120_000 };

/** Spaces requests to one host: at most one every `intervalMs` (politeness), across all harvests in this process. */
export class HostThrottle {
  private readonly next = new Map<string, number>();
  constructor(private intervalMs: number) {}
  /** Changes the interval (the configuration's, set when the process's services are made). */
  setInterval(intervalMs: number): void {
    this.intervalMs = intervalMs;
  }
  async wait(url: string): Promise<void> {
    const host = new URL(url).host;
    const now = Date.now();
    const at = Math.max(now, this.next.get(host) ?? 0);
    this.next.set(host, at + this.intervalMs);
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }
}

/** The process's throttle (its interval is the configuration's `harvest.intervalMs`). */
export const sharedThrottle = new HostThrottle(250);

/** Options of a client. */
export interface OaiClientOptions {
  limits?: FetchLimits;
  retry?: RetryOptions;
  method?: 'GET' | 'POST';
  throttle?: HostThrottle;
  /** Told about every retry (for progress reports and logs). */
  onRetry?: (error: Error, attempt: number, delayMs: number) => void;
}

/** Backoff for attempt n (1-based): base · 2^(n-1), ±50% jitter, capped; a Retry-After wins. */
export function backoffDelay(attempt: number, retry: RetryOptions, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, retry.maxDelayMs);
  const exponential = retry.baseDelayMs * 2 ** (attempt - 1);
  return Math.min(retry.maxDelayMs, Math.round(exponential * (0.5 + Math.random())));
}

/** Whether an error may go away when the request is repeated. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof HttpError) return error.retryable;
  // A page cut off halfway (connection dropped) is worth another try; a malformed page usually too.
  return error instanceof XmlError && error.code === 'LG_XML_MALFORMED';
}

/**
 * An OAI-PMH 2.0 client: Identify, ListMetadataFormats, ListSets, ListRecords/ListIdentifiers pages and
 * GetRecord, over GET or POST. Responses are parsed as a stream: records reach the caller one by one.
 */
export class OaiPmhClient {
  private readonly limits: FetchLimits;
  private readonly retry: RetryOptions;
  private readonly throttle: HostThrottle;

  constructor(
    readonly baseUrl: string,
    private readonly options: OaiClientOptions = {},
  ) {
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.throttle = options.throttle ?? sharedThrottle;
  }

  /** The request URL (GET) of a verb and its arguments, for reports. */
  requestUrl(params: Record<string, string | null | undefined>): string {
    const url = new URL(this.baseUrl);
    for (const [k, v] of Object.entries(params)) if (v) url.searchParams.set(k, v);
    return url.toString();
  }

  /**
   * Sends one request and streams its answer through saxes, handing elements selected by `select`
   * to `onElement`. OAI-PMH errors become OaiError; retryable failures are retried with backoff.
   * `onElement` may be called again on a retry: callers keep their work transactional.
   */
  async request(
    params: Record<string, string | null | undefined>,
    select: (name: string, uri: string, depth: number) => boolean,
    onElement: (el: XmlElement, scope: Record<string, string>) => void | Promise<void>,
    beforeAttempt?: () => void,
    attempts = this.retry.attempts,
  ): Promise<{ responseDate: string | null }> {
    const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v)) as Record<string, string>;
    for (let attempt = 1; ; attempt++) {
      beforeAttempt?.();
      try {
        return await this.once(clean, select, onElement);
      } catch (error) {
        if (!isRetryable(error) || attempt >= attempts) throw error;
        const delay = backoffDelay(attempt, this.retry, error instanceof HttpError ? error.retryAfterMs : undefined);
        this.options.onRetry?.(error as Error, attempt, delay);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private async once(
    params: Record<string, string>,
    select: (name: string, uri: string, depth: number) => boolean,
    onElement: (el: XmlElement, scope: Record<string, string>) => void | Promise<void>,
  ): Promise<{ responseDate: string | null }> {
    await this.throttle.wait(this.baseUrl);
    const post = this.options.method === 'POST';
    const response = await safeFetch(
      post ? this.baseUrl : this.requestUrl(params),
      post ? { method: 'POST', body: new URLSearchParams(params).toString() } : {},
      this.limits,
    );
    let responseDate: string | null = null;
    let error: OaiError | null = null;
    const { rootName, rootUri } = await streamElements(
      decodeXml(response.body, response.headers.get('content-type')),
      (name, uri, depth) =>
        (depth === 1 && uri === OAI_NS && (name === 'responseDate' || name === 'error')) || select(name, uri, depth),
      async (el, scope) => {
        if (el.uri === OAI_NS && el.name === 'responseDate') {
          responseDate = textOf(el);
          return;
        }
        if (el.uri === OAI_NS && el.name === 'error') {
          error ??= new OaiError(attr(el, 'code') ?? 'unknown', textOf(el) || attr(el, 'code') || 'error');
          return;
        }
        await onElement(el, scope);
      },
    );
    if (rootName !== 'OAI-PMH' || rootUri !== OAI_NS)
      throw new OaiError('notOaiPmh', `${this.baseUrl} did not answer with an OAI-PMH document (root <${rootName}>).`);
    if (error) throw error;
    return { responseDate };
  }

  async identify(): Promise<Identify> {
    let found: XmlElement | null = null;
    await this.request(
      { verb: 'Identify' },
      (n, u, d) => d === 1 && u === OAI_NS && n === 'Identify',
      (el) => {
        found = el;
      },
    );
    const el = found as XmlElement | null;
    if (!el) throw new OaiError('badResponse', 'Identify answered without <Identify>.');
    const granularity =
      textOf(child(el, 'granularity')) === 'YYYY-MM-DDThh:mm:ssZ' ? 'YYYY-MM-DDThh:mm:ssZ' : 'YYYY-MM-DD';
    return {
      repositoryName: textOf(child(el, 'repositoryName')),
      baseURL: textOf(child(el, 'baseURL')),
      protocolVersion: textOf(child(el, 'protocolVersion')),
      earliestDatestamp: textOf(child(el, 'earliestDatestamp')),
      deletedRecord: textOf(child(el, 'deletedRecord')),
      granularity,
      adminEmails: children(el, 'adminEmail').map((e) => textOf(e)),
    };
  }

  async listMetadataFormats(): Promise<MetadataFormat[]> {
    const formats: MetadataFormat[] = [];
    await this.request(
      { verb: 'ListMetadataFormats' },
      (n, u, d) => d === 2 && u === OAI_NS && n === 'metadataFormat',
      (el) => {
        formats.push({
          prefix: textOf(child(el, 'metadataPrefix')),
          schema: textOf(child(el, 'schema')),
          namespace: textOf(child(el, 'metadataNamespace')),
        });
      },
      () => {
        formats.length = 0;
      },
    );
    return formats;
  }

  /** All sets (following resumption tokens, at most `maxPages` pages). */
  async listSets(maxPages = 50): Promise<OaiSet[]> {
    const sets: OaiSet[] = [];
    let token: string | null = null;
    for (let page = 0; page < maxPages; page++) {
      const pageSets: OaiSet[] = [];
      let next: string | null = null;
      try {
        await this.request(
          token ? { verb: 'ListSets', resumptionToken: token } : { verb: 'ListSets' },
          (n, u, d) => d === 2 && u === OAI_NS && (n === 'set' || n === 'resumptionToken'),
          (el) => {
            if (el.name === 'resumptionToken') next = textOf(el) || null;
            else pageSets.push({ spec: textOf(child(el, 'setSpec')), name: textOf(child(el, 'setName')) });
          },
          () => {
            pageSets.length = 0;
            next = null;
          },
        );
      } catch (error) {
        if (error instanceof OaiError && error.code === 'noSetHierarchy') return [];
        throw error;
      }
      sets.push(...pageSets);
      if (!next) break;
      token = next;
    }
    return sets;
  }

  /**
   * One page of ListRecords (or ListIdentifiers): each `<record>` (or `<header>`) is handed to
   * `onRecord` as it is parsed. `noRecordsMatch` is an empty page, not an error.
   */
  async listPage(
    verb: 'ListRecords' | 'ListIdentifiers',
    args: ListArgs | { resumptionToken: string },
    onRecord: (el: XmlElement, scope: Record<string, string>) => void | Promise<void>,
    options: { beforeAttempt?: () => void; retry?: boolean } = {},
  ): Promise<ListPage> {
    const params =
      'resumptionToken' in args
        ? { verb, resumptionToken: args.resumptionToken }
        : { verb, metadataPrefix: args.metadataPrefix, set: args.set, from: args.from, until: args.until };
    const item = verb === 'ListRecords' ? 'record' : 'header';
    let page: ListPage = {
      responseDate: null,
      resumptionToken: null,
      completeListSize: null,
      cursor: null,
      empty: false,
    };
    try {
      const { responseDate } = await this.request(
        params,
        (n, u, d) => d === 2 && u === OAI_NS && (n === item || n === 'resumptionToken'),
        async (el, scope) => {
          if (el.name === 'resumptionToken') {
            const size = attr(el, 'completeListSize');
            const cursor = attr(el, 'cursor');
            page = {
              ...page,
              resumptionToken: textOf(el) || null,
              completeListSize: count(size),
              cursor: count(cursor),
            };
          } else await onRecord(el, scope);
        },
        () => {
          page = { responseDate: null, resumptionToken: null, completeListSize: null, cursor: null, empty: false };
          options.beforeAttempt?.();
        },
        options.retry === false ? 1 : undefined,
      );
      return { ...page, responseDate };
    } catch (error) {
      if (error instanceof OaiError && error.code === 'noRecordsMatch')
        return { ...page, empty: true, resumptionToken: null };
      throw error;
    }
  }

  /** One record by identifier. */
  async getRecord(
    identifier: string,
    metadataPrefix: string,
    onRecord: (el: XmlElement, scope: Record<string, string>) => void | Promise<void>,
  ): Promise<void> {
    await this.request(
      { verb: 'GetRecord', identifier, metadataPrefix },
      (n, u, d) => d === 2 && u === OAI_NS && n === 'record',
      onRecord,
    );
  }
}

/** A count an attribute gives (completeListSize, cursor): a whole number, or null when it is none. */
function count(value: string | null): number | null {
  if (!value || !/^\s*\d{1,15}\s*$/.test(value)) return null;
  return Number(value);
}

/** A datestamp at the repository's granularity, for `from`. */
export function atGranularity(datestamp: string, granularity: Identify['granularity']): string {
  const iso = new Date(datestamp).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return granularity === 'YYYY-MM-DD' ? iso.slice(0, 10) : iso;
}
