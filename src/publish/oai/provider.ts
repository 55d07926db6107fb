import type { Kysely } from 'kysely';
import { escapeHtml as x } from '../../kernel/html.ts';
import type { CatalogueService } from '../../catalogue/service.ts';
import type { ResourceView } from '../../catalogue/view.ts';
import { type PresentableRow } from '../../catalogue/rows.ts';
import { communitiesOf } from '../../community/service.ts';
import { oaiRepository, type Row, type Selection } from './repository.ts';
import type { Database } from '../../db/schema.ts';
import { FORMATS, formatOf } from './formats.ts';

/**
 * The OAI-PMH 2.0 provider: the six verbs with every error the protocol names, published resources
 * as records and withdrawn ones as deleted records (kept for good: `deletedRecord=persistent`),
 * sets per kind, per institution, per collection and per community, `from`/`until` at seconds
 * granularity, and stateless resumption tokens (the position in the list is in the token, so any
 * server of a cluster answers it, and the same token always gives the same page). A response is
 * produced record by record.
 */

export type OaiAnswerCode =
  | 'badArgument'
  | 'badResumptionToken'
  | 'badVerb'
  | 'cannotDisseminateFormat'
  | 'idDoesNotExist'
  | 'noRecordsMatch'
  | 'noMetadataFormats'
  | 'noSetHierarchy';

/** An OAI-PMH error this repository answers with (the harvester's `OaiError` is one a remote repository sent). */
class OaiAnswerError extends Error {
  constructor(
    readonly code: OaiAnswerCode,
    message: string,
  ) {
    super(message);
  }
}

const VERBS: Record<string, { required: string[]; optional: string[]; exclusive?: string }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken' },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
};

/** Records per page of ListRecords, and headers per page of ListIdentifiers. */
export const PAGE_SIZE = { ListRecords: 500, ListIdentifiers: 1000 } as const;
const TOKEN_LIFETIME_MS = 24 * 3600_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const KINDS = ['material', 'heritage', 'lesson'] as const;

export interface ProviderOptions {
  publicUrl: string;
  repositoryName: string;
  adminEmail: string;
  /** The namespace of the record identifiers (`oai:{namespace}:{id}`); a domain name, never changed. */
  namespace: string;
  /** Page sizes (the defaults are PAGE_SIZE). */
  pageSize?: { ListRecords: number; ListIdentifiers: number };
}

/** A list request in progress: what it selects and where the next page starts. */
interface ListState {
  verb: 'ListRecords' | 'ListIdentifiers';
  prefix: string;
  set: string | null;
  from: string | null;
  until: string | null;
  after: [string, string] | null;
  cursor: number;
  total: number | null;
}

/** What a list request selects (the repository turns it into SQL). */
function selectionOf(state: ListState): Selection {
  return {
    set: state.set,
    from: state.from,
    until: state.until,
    licensedHeritageOnly: formatOf(state.prefix)?.scope === 'licensed-heritage',
  };
}

/**
 * The set specs this repository has: kinds, institutions, collections (the sources institutions
 * bring in) and communities (their shared collections).
 */
const SET_SPEC =
  /^(kind(:(material|heritage|lesson))?|institution(:[\w.!~*'()-]+)?|collection(:[\w.!~*'()-]+)?|community(:[\w.!~*'()-]+)?)$/;

const datestamp = (iso: string) => `${iso.slice(0, 19)}Z`;

export class OaiProvider {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalogue: CatalogueService,
    private readonly options: ProviderOptions,
  ) {}

  get baseUrl(): string {
    return `${this.options.publicUrl}/oai`;
  }

  identifier(id: string): string {
    return `oai:${this.options.namespace}:${id}`;
  }

  /**
   * The response to a request's arguments (query string or form body; a repeated argument arrives
   * as an array), as XML text in pieces.
   */
  async *respond(args: Record<string, unknown>, now = new Date()): AsyncGenerator<string> {
    const responseDate = datestamp(now.toISOString());
    const head = (attrs: Record<string, string> | null) =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">\n<responseDate>${responseDate}</responseDate>\n<request${
        attrs
          ? Object.entries(attrs)
              .map(([k, v]) => ` ${k}="${x(v)}"`)
              .join('')
          : ''
      }>${x(this.baseUrl)}</request>\n`;
    let verb: string;
    let values: Record<string, string>;
    try {
      ({ verb, values } = this.checkArguments(args));
    } catch (error) {
      if (!(error instanceof OaiAnswerError)) throw error;
      yield head(null) + errorXml(error) + '</OAI-PMH>\n';
      return;
    }
    // Everything that can fail is decided before the first byte; then the body streams.
    let body: AsyncGenerator<string>;
    try {
      body = await this.verb(verb, values, now);
    } catch (error) {
      if (!(error instanceof OaiAnswerError)) throw error;
      const attrs = error.code === 'badArgument' || error.code === 'badVerb' ? null : { verb, ...values };
      yield head(attrs) + errorXml(error) + '</OAI-PMH>\n';
      return;
    }
    yield head({ verb, ...values });
    yield* body;
    yield '</OAI-PMH>\n';
  }

  /** The verb and its arguments, or badVerb / badArgument as the protocol says. */
  private checkArguments(args: Record<string, unknown>): { verb: string; values: Record<string, string> } {
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(args)) {
      if (Array.isArray(value))
        throw new OaiAnswerError(key === 'verb' ? 'badVerb' : 'badArgument', `The argument ${key} is repeated.`);
      if (typeof value !== 'string') throw new OaiAnswerError('badArgument', `The argument ${key} has no value.`);
      values[key] = value;
    }
    const verb = values.verb;
    delete values.verb;
    if (!verb) throw new OaiAnswerError('badVerb', 'No verb was given.');
    const spec = VERBS[verb];
    if (!spec) throw new OaiAnswerError('badVerb', `${verb} is not an OAI-PMH verb.`);
    const allowed = new Set([...spec.required, ...spec.optional, ...(spec.exclusive ? [spec.exclusive] : [])]);
    const unknown = Object.keys(values).filter((k) => !allowed.has(k));
    if (unknown.length) throw new OaiAnswerError('badArgument', `${verb} does not take ${unknown.join(', ')}.`);
    if (spec.exclusive && values[spec.exclusive] !== undefined) {
      if (Object.keys(values).length > 1)
        throw new OaiAnswerError('badArgument', `${spec.exclusive} is an exclusive argument.`);
      return { verb, values };
    }
    const missing = spec.required.filter((k) => values[k] === undefined);
    if (missing.length) throw new OaiAnswerError('badArgument', `${verb} needs ${missing.join(' and ')}.`);
    for (const key of ['from', 'until'] as const) {
      const v = values[key];
      if (v !== undefined && !DAY.test(v) && !SECONDS.test(v))
        throw new OaiAnswerError('badArgument', `${key} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.`);
      if (v !== undefined && Number.isNaN(Date.parse(v)))
        throw new OaiAnswerError('badArgument', `${key} is not a date.`);
    }
    if (values.from && values.until) {
      if (values.from.length !== values.until.length)
        throw new OaiAnswerError('badArgument', 'from and until must have the same granularity.');
      if (values.from > values.until) throw new OaiAnswerError('badArgument', 'from is later than until.');
    }
    return { verb, values };
  }

  private async verb(verb: string, values: Record<string, string>, now: Date): Promise<AsyncGenerator<string>> {
    switch (verb) {
      case 'Identify':
        return this.identify();
      case 'ListMetadataFormats':
        return this.listMetadataFormats(values.identifier);
      case 'ListSets':
        return this.listSets(values.resumptionToken);
      case 'GetRecord':
        return this.getRecord(values.identifier!, values.metadataPrefix!);
      default:
        return this.list(verb as ListState['verb'], values, now);
    }
  }

  private async identify(): Promise<AsyncGenerator<string>> {
    // The first in datestamp order (min() with a status condition would scan the status index instead).
    const earliest = await oaiRepository.earliestDatestamp(this.db);
    const { repositoryName, adminEmail, namespace } = this.options;
    const domain = /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/.test(namespace);
    const description = domain
      ? `<description><oai-identifier xmlns="http://www.openarchives.org/OAI/2.0/oai-identifier" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"><scheme>oai</scheme><repositoryIdentifier>${x(namespace)}</repositoryIdentifier><delimiter>:</delimiter><sampleIdentifier>${x(this.identifier('01a21c56-837a-753f-a7c5-c10e06394b91'))}</sampleIdentifier></oai-identifier></description>`
      : '';
    const first = earliest ?? new Date().toISOString();
    const baseUrl = this.baseUrl;
    return (async function* () {
      yield `<Identify><repositoryName>${x(repositoryName)}</repositoryName><baseURL>${x(baseUrl)}</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>${x(adminEmail)}</adminEmail><earliestDatestamp>${datestamp(first)}</earliestDatestamp><deletedRecord>persistent</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity>${description}</Identify>\n`;
    })();
  }

  private async listMetadataFormats(identifier: string | undefined): Promise<AsyncGenerator<string>> {
    let formats = FORMATS;
    if (identifier !== undefined) {
      const id = this.localId(identifier);
      const view = (await this.catalogue.getMany([id], null)).get(id);
      if (!view || view.status === 'draft')
        throw new OaiAnswerError('idDoesNotExist', `${identifier} is not an identifier of this repository.`);
      formats = FORMATS.filter((f) => view.status === 'withdrawn' || f.accepts(view));
      if (!formats.length) throw new OaiAnswerError('noMetadataFormats', `No format is available for ${identifier}.`);
    }
    return (async function* () {
      yield `<ListMetadataFormats>${formats.map((f) => `<metadataFormat><metadataPrefix>${f.prefix}</metadataPrefix><schema>${x(f.schema)}</schema><metadataNamespace>${x(f.namespace)}</metadataNamespace></metadataFormat>`).join('')}</ListMetadataFormats>\n`;
    })();
  }

  private async listSets(token: string | undefined): Promise<AsyncGenerator<string>> {
    if (token !== undefined)
      throw new OaiAnswerError(
        'badResumptionToken',
        'The list of sets comes in one piece; this token is not one of this repository.',
      );
    const { organisations, collections, communities } = await oaiRepository.setsWithRecords(this.db);
    const kindNames = { material: 'Leermateriaal', heritage: 'Erfgoed', lesson: 'Lessen' };
    const sets = [
      ['kind', 'Soort'],
      ...KINDS.map((k) => [`kind:${k}`, kindNames[k]]),
      ['institution', 'Instelling'],
      ...organisations.map((o) => [`institution:${o.id}`, o.name]),
      ['collection', 'Collectie'],
      ...collections.map((c) => [`collection:${c.id}`, c.organisation ? `${c.organisation}: ${c.name}` : c.name]),
      ['community', 'Gemeenschap'],
      ...communities.map((c) => [`community:${c.id}`, c.name]),
    ];
    return (async function* () {
      yield `<ListSets>${sets.map(([spec, name]) => `<set><setSpec>${x(spec!)}</setSpec><setName>${x(name!)}</setName></set>`).join('')}</ListSets>\n`;
    })();
  }

  private localId(identifier: string): string {
    const prefix = `oai:${this.options.namespace}:`;
    if (!identifier.startsWith(prefix))
      throw new OaiAnswerError('idDoesNotExist', `${identifier} is not an identifier of this repository.`);
    return identifier.slice(prefix.length);
  }

  private async getRecord(identifier: string, prefix: string): Promise<AsyncGenerator<string>> {
    const format = formatOf(prefix);
    if (!format) throw new OaiAnswerError('cannotDisseminateFormat', `${prefix} is not a format of this repository.`);
    const id = this.localId(identifier);
    const row = await oaiRepository.header(this.db, id);
    if (!row) throw new OaiAnswerError('idDoesNotExist', `${identifier} is not an identifier of this repository.`);
    const views =
      row.status === 'published' ? await this.catalogue.getMany([id], null) : new Map<string, ResourceView>();
    const view = views.get(id);
    if (view && !format.accepts(view))
      throw new OaiAnswerError('cannotDisseminateFormat', `${identifier} is not available as ${prefix}.`);
    const record = this.record(row, view, prefix, await communitiesOf(this.db, [id]));
    return (async function* () {
      yield `<GetRecord>${record}</GetRecord>\n`;
    })();
  }

  /** A record's header; `communities` maps resource ids to the communities whose collections hold them. */
  private header(row: Row, communities: Map<string, string[]>): string {
    const sets = [
      `kind:${row.kind}`,
      ...(row.organisation_id ? [`institution:${row.organisation_id}`] : []),
      ...(row.source_id ? [`collection:${row.source_id}`] : []),
      ...(communities.get(row.id) ?? []).map((id) => `community:${id}`),
    ];
    const deleted = row.status === 'withdrawn';
    return `<header${deleted ? ' status="deleted"' : ''}><identifier>${x(this.identifier(row.id))}</identifier><datestamp>${datestamp(row.updated_at)}</datestamp>${sets.map((s) => `<setSpec>${x(s)}</setSpec>`).join('')}</header>`;
  }

  private record(row: Row, view: ResourceView | undefined, prefix: string, communities: Map<string, string[]>): string {
    if (row.status === 'withdrawn' || !view) return `<record>${this.header(row, communities)}</record>`;
    return `<record>${this.header(row, communities)}<metadata>${formatOf(prefix)!.write(view, this.options.publicUrl)}</metadata></record>`;
  }

  private decodeToken(token: string, verb: ListState['verb']): ListState {
    try {
      const state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ListState & { v: number };
      const str = (v: unknown) => v === null || typeof v === 'string';
      if (
        state.v !== 1 ||
        state.verb !== verb ||
        typeof state.prefix !== 'string' ||
        !str(state.set) ||
        !str(state.from) ||
        !str(state.until) ||
        !Array.isArray(state.after) ||
        state.after.length !== 2 ||
        !state.after.every((a) => typeof a === 'string') ||
        !Number.isInteger(state.cursor) ||
        state.cursor < 0 ||
        !(state.total === null || Number.isInteger(state.total))
      )
        throw new Error('shape');
      if (!formatOf(state.prefix)) throw new Error('format');
      return state;
    } catch {
      throw new OaiAnswerError(
        'badResumptionToken',
        'This resumption token is not one this repository gave out, or it was damaged.',
      );
    }
  }

  private encodeToken(state: ListState): string {
    return Buffer.from(JSON.stringify({ v: 1, ...state })).toString('base64url');
  }

  private async list(
    verb: ListState['verb'],
    values: Record<string, string>,
    now: Date,
  ): Promise<AsyncGenerator<string>> {
    const state: ListState =
      values.resumptionToken !== undefined
        ? this.decodeToken(values.resumptionToken, verb)
        : {
            verb,
            prefix: values.metadataPrefix!,
            set: values.set ?? null,
            from: values.from ?? null,
            until: values.until ?? null,
            after: null,
            cursor: 0,
            total: null,
          };
    if (!formatOf(state.prefix))
      throw new OaiAnswerError('cannotDisseminateFormat', `${state.prefix} is not a format of this repository.`);
    if (state.set !== null && !SET_SPEC.test(state.set))
      throw new OaiAnswerError('badArgument', `There is no set ${state.set}.`);
    const size = (this.options.pageSize ?? PAGE_SIZE)[verb];
    // ListRecords reads the whole records in the same query; ListIdentifiers their headers only.
    const rows = await oaiRepository.page(this.db, selectionOf(state), verb === 'ListRecords', state.after, size + 1);
    // (A later page can be empty only when records changed since the token was made.)
    if (rows.length === 0) throw new OaiAnswerError('noRecordsMatch', 'No records match the request.');
    const total = state.total ?? (await oaiRepository.count(this.db, selectionOf(state)));
    const page = rows.slice(0, size);
    const more = rows.length > size;
    const views =
      verb === 'ListRecords'
        ? new Map(
            (await this.catalogue.present(page.filter((r) => r.status === 'published') as PresentableRow[])).map(
              (v) => [v.id, v],
            ),
          )
        : new Map<string, ResourceView>();
    const communities = await communitiesOf(
      this.db,
      page.map((r) => r.id),
    );
    const last = page[page.length - 1];
    const next: ListState | null =
      more && last ? { ...state, after: [last.updated_at, last.id], cursor: state.cursor + page.length, total } : null;
    const split = state.after !== null || more;
    const token = next
      ? `<resumptionToken expirationDate="${datestamp(new Date(now.getTime() + TOKEN_LIFETIME_MS).toISOString())}" completeListSize="${total}" cursor="${state.cursor}">${this.encodeToken(next)}</resumptionToken>`
      : split
        ? `<resumptionToken completeListSize="${total}" cursor="${state.cursor}"/>`
        : '';
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the generator function below has its own this
    const self = this;
    return (async function* () {
      // Records go out in pieces of about 64 kB: one write per record would cost more than writing it.
      let piece = `<${verb}>`;
      for (const row of page) {
        piece +=
          (verb === 'ListRecords'
            ? self.record(row, views.get(row.id), state.prefix, communities)
            : self.header(row, communities)) + '\n';
        if (piece.length >= 65_536) {
          yield piece;
          piece = '';
        }
      }
      yield `${piece}${token}</${verb}>\n`;
    })();
  }
}

function errorXml(error: OaiAnswerError): string {
  return `<error code="${error.code}">${x(error.message)}</error>\n`;
}
