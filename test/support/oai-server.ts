import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { projectRoot } from '../../src/app/config.ts';
import { fillCookbookTemplate } from '../../src/harvest/mappers/iiif.ts';

const fixture = (name: string) => readFileSync(join(projectRoot, 'data', 'demo', 'oai', name), 'utf8');
const FIRST_TOKEN = 'c1576069959151499|u|f1970-01-01T00:00:00Z|mlom|ssurf';

/** A fault the server applies to the next matching request. */
export type Fault =
  | { kind: 'status'; status: number; retryAfter?: number }
  | { kind: 'truncate' }
  | { kind: 'slow'; ms: number }
  | { kind: 'badToken' }
  | { kind: 'repeatToken' }
  | { kind: 'xxe' }
  | { kind: 'hang' };

const OAI_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">';
const envelope = (verb: string, body: string) =>
  `${OAI_HEAD}<responseDate>2020-02-06T18:10:23Z</responseDate><request verb="${verb}">http://localhost/oai</request><${verb}>${body}</${verb}></OAI-PMH>`;
const oaiError = (code: string, text: string) =>
  `${OAI_HEAD}<responseDate>2020-02-06T18:10:23Z</responseDate><request>http://localhost/oai</request><error code="${code}">${text}</error></OAI-PMH>`;

/** Real NL-LOM records of the Edurep pages, as templates for generated feeds. */
function recordTemplates(): string[] {
  const pages = [fixture('edurep-oaipmh.initial.0.xml'), fixture('edurep-oaipmh.initial.1.xml')];
  return pages.flatMap((p) => [...p.matchAll(/<record>\s*<header>[\s\S]*?<\/record>/g)].map((m) => m[0]));
}

/**
 * Builds page `page` of a generated feed of `pages` × `size` records from the real records: each copy
 * gets its own identifier and a numbered title, so every record is distinct.
 */
export function feedPage(pages: number, size: number, page: number): string {
  const templates = recordTemplates().filter((t) => !t.includes('status="deleted"'));
  const records: string[] = [];
  for (let i = 0; i < size; i++) {
    const n = page * size + i;
    const template = templates[n % templates.length]!;
    records.push(
      template
        .replace(/(<identifier>)([^<]+)(<\/identifier>)/, `$1$2:copy-${n}$3`)
        .replace(/(<(?:\w+:)?title>\s*<(?:\w+:)?langstring[^>]*>)([^<]*)/, `$1$2 (${n})`)
        .replace(/(urn:uuid:[0-9a-f-]+)/, `$1-${n}`),
    );
  }
  const token =
    page + 1 < pages
      ? `<resumptionToken completeListSize="${pages * size}" cursor="${page * size}">feed:${pages}x${size}:${page + 1}</resumptionToken>`
      : `<resumptionToken completeListSize="${pages * size}" cursor="${page * size}"/>`;
  return `${OAI_HEAD}<responseDate>2021-01-01T00:00:00Z</responseDate><request verb="ListRecords">http://localhost/oai</request><ListRecords>${records.join('\n')}${token}</ListRecords></OAI-PMH>`;
}

/**
 * A local OAI-PMH endpoint serving the real fixtures: the Edurep sequence (initial page → token →
 * last page; a request with `from` gets the delta page with deletions), the Europeana oai_dc record,
 * and generated feeds (`set=feed-<pages>x<size>`). Faults can be queued for the next list request.
 */
export class OaiTestServer {
  private server: Server | null = null;
  readonly faults: Fault[] = [];
  readonly requests: { method: string; params: Record<string, string> }[] = [];
  port = 0;
  /** A delay before every answer (to observe or interrupt a running harvest). */
  delayMs = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/oai`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as { port: number }).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let params = Object.fromEntries(url.searchParams);
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
    }
    this.requests.push({ method: req.method ?? 'GET', params });
    if (url.pathname === '/redirect-to-metadata') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      return;
    }
    const other = this.document(url.pathname);
    if (other) {
      res.writeHead(200, { 'content-type': other.type }).end(other.body);
      return;
    }
    if (url.pathname !== '/oai') {
      res.writeHead(404).end();
      return;
    }
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const isList = params.verb === 'ListRecords';
    // Token faults wait for a request that carries a token.
    const next = this.faults[0];
    const applies = isList && next && (!['badToken', 'repeatToken'].includes(next.kind) || params.resumptionToken);
    const fault = applies ? this.faults.shift() : undefined;
    if (fault?.kind === 'status') {
      res
        .writeHead(fault.status, fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {})
        .end('busy');
      return;
    }
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'hang') return; // never answers
    let body = this.answer(params, fault);
    if (fault?.kind === 'truncate') body = body.slice(0, Math.floor(body.length / 2));
    const gzip = (req.headers['accept-encoding'] ?? '').includes('gzip');
    const bytes = gzip ? gzipSync(body) : Buffer.from(body);
    res
      .writeHead(200, { 'content-type': 'text/xml; charset=utf-8', ...(gzip ? { 'content-encoding': 'gzip' } : {}) })
      .end(bytes);
  }

  /** Manifests listed in the local IIIF collections (the cookbook manifests); `hidden` drops one (to see it withdrawn). */
  manifests = [
    '0001-mvm-image_manifest.json',
    '0008-rights_manifest.json',
    '0234-provider_manifest.json',
    '0299-region_manifest.json',
  ];

  /**
   * Other documents: IIIF collections (v3 and a paged v2) over the cookbook manifests, the demo files,
   * and dataset descriptions — the real NDE ones and one pointing at this server's OAI-PMH endpoint.
   */
  private document(path: string): { type: string; body: string | Buffer } | null {
    const base = `http://127.0.0.1:${this.port}`;
    const json = (value: unknown) => ({ type: 'application/ld+json', body: JSON.stringify(value) });
    if (path === '/iiif/collection.json') {
      return json({
        '@context': 'http://iiif.io/api/presentation/3/context.json',
        id: `${base}${path}`,
        type: 'Collection',
        label: { nl: ['Kookboek'] },
        items: [
          ...this.manifests.map((m) => ({ id: `${base}/iiif/manifests/${m}`, type: 'Manifest', label: { en: [m] } })),
          { id: `${base}/iiif/collection-v2.json`, type: 'Collection' },
        ],
      });
    }
    if (path === '/iiif/collection-v2.json')
      return json({
        '@context': 'http://iiif.io/api/presentation/2/context.json',
        '@id': `${base}${path}`,
        '@type': 'sc:Collection',
        first: `${base}/iiif/collection-v2-page-1.json`,
      });
    if (path === '/iiif/collection-v2-page-1.json')
      return json({
        '@id': `${base}${path}`,
        '@type': 'sc:Collection',
        manifests: [{ '@id': `${base}/iiif/manifests/0008-rights_manifest.json`, '@type': 'sc:Manifest' }],
        next: `${base}/iiif/collection-v2-page-2.json`,
      });
    if (path === '/iiif/collection-v2-page-2.json')
      return json({
        '@id': `${base}${path}`,
        '@type': 'sc:Collection',
        manifests: [{ '@id': `${base}/iiif/manifests/missing.json`, '@type': 'sc:Manifest' }],
      });
    const manifest = /^\/iiif\/manifests\/([\w.-]+\.json)$/.exec(path);
    if (manifest && manifest[1] !== 'missing.json') {
      return {
        type: 'application/ld+json',
        body: fillCookbookTemplate(
          readFileSync(join(projectRoot, 'data', 'demo', 'iiif', manifest[1]!), 'utf8'),
          manifest[1]!,
        ),
      };
    }
    const file = /^\/files\/([\w-]+\/[\w.-]+)$/.exec(path);
    if (file)
      return {
        type: file[1]!.endsWith('.csv') ? 'text/csv' : 'application/xml',
        body: readFileSync(join(projectRoot, 'data', 'demo', file[1]!)),
      };
    const nde = /^\/nde\/([\w.-]+\.jsonld)$/.exec(path);
    if (nde?.[1] === 'oai-dataset.jsonld') {
      return json({
        '@context': 'https://schema.org',
        '@type': 'Dataset',
        '@id': `${base}/nde/oai-dataset`,
        name: 'Edurep SURF (test)',
        license: 'https://creativecommons.org/publicdomain/zero/1.0/',
        distribution: [
          {
            '@type': 'DataDownload',
            contentUrl: `${base}/sparql`,
            usageInfo: 'https://www.w3.org/TR/sparql11-protocol/',
          },
          {
            '@type': 'DataDownload',
            contentUrl: `${base}/oai`,
            encodingFormat: 'application/xml',
            usageInfo: 'http://www.openarchives.org/OAI/2.0/',
          },
        ],
      });
    }
    if (nde)
      return { type: 'application/ld+json', body: readFileSync(join(projectRoot, 'test', 'fixtures', 'nde', nde[1]!)) };
    return null;
  }

  private answer(params: Record<string, string>, fault: Fault | undefined): string {
    switch (params.verb) {
      case 'Identify':
        return envelope(
          'Identify',
          '<repositoryName>Edurep (test)</repositoryName><baseURL>http://localhost/oai</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>beheer@example.org</adminEmail><earliestDatestamp>1970-01-01T00:00:00Z</earliestDatestamp><deletedRecord>persistent</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity>',
        );
      case 'ListMetadataFormats':
        return envelope(
          'ListMetadataFormats',
          [
            'lom|http://www.imsglobal.org/xsd/imsmd_v1p2p4.xsd|http://www.imsglobal.org/xsd/imsmd_v1p2',
            'oai_dc|http://www.openarchives.org/OAI/2.0/oai_dc.xsd|http://www.openarchives.org/OAI/2.0/oai_dc/',
            'didl|http://standards.iso.org/ittf/PubliclyAvailableStandards/MPEG-21_schema_files/did/didl.xsd|urn:mpeg:mpeg21:2002:02-DIDL-NS',
          ]
            .map((f) => f.split('|'))
            .map(
              ([p, s, n]) =>
                `<metadataFormat><metadataPrefix>${p}</metadataPrefix><schema>${s}</schema><metadataNamespace>${n}</metadataNamespace></metadataFormat>`,
            )
            .join(''),
        );
      case 'ListSets':
        return envelope(
          'ListSets',
          '<set><setSpec>surf</setSpec><setName>SURF</setName></set><set><setSpec>europeana</setSpec><setName>Europeana</setName></set>',
        );
      case 'ListRecords':
        break;
      default:
        return oaiError('badVerb', 'Illegal verb');
    }
    if (fault?.kind === 'xxe')
      return '<?xml version="1.0"?><!DOCTYPE OAI-PMH [<!ENTITY x SYSTEM "file:///etc/passwd">]><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>&x;</ListRecords></OAI-PMH>';
    const token = params.resumptionToken;
    if (token) {
      if (fault?.kind === 'badToken') return oaiError('badResumptionToken', 'The token has expired');
      if (fault?.kind === 'repeatToken') return fixture('edurep-oaipmh.initial.0.xml');
      if (token === FIRST_TOKEN) return fixture('edurep-oaipmh.initial.1.xml');
      const feed = /^feed:(\d+)x(\d+):(\d+)$/.exec(token);
      if (feed) return feedPage(Number(feed[1]), Number(feed[2]), Number(feed[3]));
      return oaiError('badResumptionToken', 'Unknown token');
    }
    if (params.set === 'rijks') {
      // The Rijksmuseum's quirks: EDM served under a prefix advertised with the oai_dc schema, and a whole
      // second record nested inside <metadata>. The payload is the real Rijksmuseum EDM record.
      const edm = readFileSync(
        join(projectRoot, 'data', 'demo', 'edm', 'europeana-oaipmh-getRecord-rijksmuseum-90402_BK_1978_399.rdf.xml'),
        'utf8',
      ).replace(/^<\?xml[^>]*>\s*/, '');
      const header =
        '<header><identifier>oai:rijksmuseum.nl:BK-1978-399</identifier><datestamp>2020-01-01T00:00:00Z</datestamp></header>';
      return `${OAI_HEAD}<responseDate>2021-01-01T00:00:00Z</responseDate><request verb="ListRecords">http://localhost/oai</request><ListRecords><record>${header}<metadata><record xmlns="http://www.openarchives.org/OAI/2.0/">${header}<metadata>${edm}</metadata></record></metadata></record><resumptionToken/></ListRecords></OAI-PMH>`;
    }
    if (params.set === 'dupes') {
      // The same real record twice in one page (seen in the wild), and once more changed.
      const [real] = recordTemplates().filter((t) => !t.includes('status="deleted"'));
      return `${OAI_HEAD}<responseDate>2021-01-01T00:00:00Z</responseDate><request verb="ListRecords">http://localhost/oai</request><ListRecords>${real}${real}<resumptionToken/></ListRecords></OAI-PMH>`;
    }
    if (params.set === 'mixed') {
      // A real record, and the same record with its payload in a format we do not map (MODS).
      const [real] = recordTemplates().filter((t) => !t.includes('status="deleted"'));
      const mods = real!
        .replace(/<identifier>([^<]+)<\/identifier>/, '<identifier>$1:mods</identifier>')
        .replace(
          /<metadata>[\s\S]*<\/metadata>/,
          '<metadata><mods xmlns="http://www.loc.gov/mods/v3"><titleInfo><title>Exercises</title></titleInfo></mods></metadata>',
        );
      return `${OAI_HEAD}<responseDate>2021-01-01T00:00:00Z</responseDate><request verb="ListRecords">http://localhost/oai</request><ListRecords>${real}${mods}<resumptionToken/></ListRecords></OAI-PMH>`;
    }
    const feed = /^feed-(\d+)x(\d+)$/.exec(params.set ?? '');
    if (feed) return feedPage(Number(feed[1]), Number(feed[2]), 0);
    if (params.metadataPrefix === 'oai_dc') return fixture('metis_sampleOaiRecord_getrecord_oai_dc.xml');
    if (params.metadataPrefix !== 'lom') return oaiError('cannotDisseminateFormat', `No ${params.metadataPrefix}`);
    if (params.from && params.from > '2030') return oaiError('noRecordsMatch', 'Nothing changed');
    return params.from ? fixture('edurep-oaipmh.delta.0.xml') : fixture('edurep-oaipmh.initial.0.xml');
  }
}
