import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { projectRoot } from '../src/app/config.ts';
import type { AppContext } from '../src/app/context.ts';
import type { App } from '../src/kernel/http.ts';
import { buildServer } from '../src/app/server.ts';
import type { MappedRecord } from '../src/catalogue/model.ts';
import { readRecords } from '../src/harvest/formats.ts';
import { OaiPmhClient, HostThrottle } from '../src/harvest/protocols/oai-pmh.ts';
import { parseXml, serializeXml, type XmlElement } from '../src/harvest/xml/tree.ts';
import { parseQuery } from '../src/search/engine/query.ts';
import { vocab } from './support/mapping.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

/**
 * Fuzzing of every parser and mapper with fast-check: real records from data/demo, mutated (text
 * cut, doubled and spliced, elements dropped, doubled and emptied, values replaced by any Unicode,
 * numbers, dates and markup), and arbitrary input. The properties: no crash, no hang (each run has
 * a time limit), and a clear outcome: records with a status, or an error with a stable code.
 * The number of runs is bounded so the suite stays quick; FUZZ_RUNS raises it for a longer search.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const TIME_LIMIT_MS = 5000;
const demo = (path: string) => readFileSync(join(projectRoot, 'data', 'demo', path));

/** Whether an error is a clear one: an Error with a stable code (LG_… or an OAI-PMH error code) and a message. */
function clearError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return (
    error instanceof Error &&
    typeof e.code === 'string' &&
    e.code.length > 0 &&
    typeof e.message === 'string' &&
    e.message.length > 0 &&
    !(error instanceof TypeError) &&
    !(error instanceof RangeError) &&
    !(error instanceof SyntaxError)
  );
}

/** Whether a mapped record is well formed: a status, and for an ok record a title and a kind. */
function wellFormed(mapped: MappedRecord): boolean {
  if (mapped.status === 'failed') return typeof mapped.reason === 'string' && mapped.reason.length > 0;
  if (mapped.status === 'deleted') return typeof mapped.originalId === 'string';
  return (
    mapped.status === 'ok' &&
    typeof mapped.input.title === 'string' &&
    mapped.input.title.trim().length > 0 &&
    ['material', 'heritage', 'lesson'].includes(mapped.input.kind) &&
    typeof mapped.originalId === 'string'
  );
}

/** Reads a file as an import does; resolves to the outcome, which must be records or a clear error. */
async function readOutcome(name: string, bytes: Buffer): Promise<void> {
  try {
    for await (const record of readRecords(name, bytes, { vocab, institution: 'Fuzzmuseum' })) {
      assert.ok(wellFormed(record.mapped), `an ill-formed record: ${JSON.stringify(record.mapped).slice(0, 300)}`);
      assert.equal(typeof record.raw, 'string');
    }
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    assert.ok(clearError(error), `not a clear error: ${(error as Error)?.stack ?? String(error)}`);
  }
}

/** Text that stresses parsers: markup, entities, control characters, surrogates, numbers, dates. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '&amp;',
    '&nbsp;',
    '&#0;',
    '&#x1F600;',
    ']]>',
    '<![CDATA[x]]>',
    '<',
    '&',
    '"\'',
    '\u0000',
    '\uD800',
    '\uFFFF',
    'NaN',
    '-1',
    '1e309',
    '99999999999999999999',
    '0000-00-00',
    '2026-13-45T25:61:61Z',
    '1600/1700',
    'c. 1850 - c. 1900',
    'javascript:alert(1)',
    'http://',
    'https://[::1]/x',
    'ftp://x',
    'x'.repeat(5000),
  ),
  fc.integer().map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

/** Mutations of a text document: cut it, double a part of it, splice hostile text in, or wrap it deeply. */
function textMutation(text: string) {
  const at = fc.integer({ min: 0, max: text.length });
  return fc.oneof(
    at.map((i) => text.slice(0, i)),
    fc.tuple(at, at).map(([a, b]) => text.slice(0, Math.max(a, b)) + text.slice(Math.min(a, b))),
    fc.tuple(at, hostileText).map(([i, s]) => text.slice(0, i) + s + text.slice(i)),
    fc.tuple(at, at).map(([a, b]) => text.slice(0, Math.min(a, b)) + text.slice(Math.max(a, b))),
    fc
      .integer({ min: 1, max: 400 })
      .map((n) => text.replace(/(<\?xml[^>]*>)?/, (decl) => `${decl}${'<x>'.repeat(n)}`) + '</x>'.repeat(n)),
    fc.constant(text.replace('<?xml', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><?xml')),
  );
}

/** Mutations of an XML tree: an element dropped, doubled or emptied; a text or attribute replaced. */
function treeMutation(root: XmlElement, scope: Record<string, string>) {
  const nodes: XmlElement[] = [];
  const walk = (n: XmlElement) => {
    nodes.push(n);
    n.children.forEach(walk);
  };
  walk(root);
  const pick = fc.integer({ min: 0, max: nodes.length - 1 });
  const operation = fc.tuple(fc.constantFrom('drop', 'double', 'empty', 'text', 'attribute'), pick, hostileText);
  return fc.array(operation, { minLength: 1, maxLength: 6 }).map((operations) => {
    const copy = structuredClone(root);
    const all: XmlElement[] = [];
    const collect = (n: XmlElement) => {
      all.push(n);
      n.children.forEach(collect);
    };
    collect(copy);
    for (const [kind, index, value] of operations) {
      const node = all[index % all.length]!;
      const parent = all.find((p) => p.children.includes(node));
      if (kind === 'drop' && parent) parent.children = parent.children.filter((c) => c !== node);
      if (kind === 'double' && parent) parent.children.splice(parent.children.indexOf(node), 0, structuredClone(node));
      if (kind === 'empty') {
        node.children = [];
        node.text = '';
      }
      if (kind === 'text') node.text = value;
      if (kind === 'attribute')
        node.attributes = {
          ...node.attributes,
          'xml:lang': value,
          [Object.keys(node.attributes)[0] ?? 'rdf:resource']: value,
        };
    }
    return serializeXml(copy, scope);
  });
}

/** A real document, and its parsed tree for structural mutations. */
async function corpus(path: string): Promise<{ text: string; tree: XmlElement }> {
  const text = demo(path).toString('utf8');
  return { text, tree: await parseXml(text) };
}

const XML_FORMATS: [string, string][] = [
  ['NL-LOM', 'edurep/nllom-aanbevolen.xml'],
  ['NL-LOM (IMS)', 'edurep/ims-complete.xml'],
  ['oai_dc', 'oai/metis_sampleOaiRecord_getrecord_oai_dc.xml'],
  ['LIDO', 'lido/kmska_lido.xml'],
  ['EDM', 'edm/metis_Item_35834473_edm_valid.xml'],
  ['OAI-PMH page', 'oai/edurep-oaipmh.initial.0.xml'],
  ['OAI-PMH deletions', 'oai/edurep-oaipmh.delta.0.xml'],
];

describe('fuzzing the parsers and mappers', () => {
  for (const [format, path] of XML_FORMATS) {
    it(`${format}: mutated text of a real record is read, or refused with a clear error`, async () => {
      const { text } = await corpus(path);
      await fc.assert(
        fc.asyncProperty(textMutation(text), async (mutated) => readOutcome('fuzz.xml', Buffer.from(mutated))),
        { numRuns: RUNS, timeout: TIME_LIMIT_MS, markInterruptAsFailure: true },
      );
    });

    it(`${format}: a real record with elements dropped, doubled, emptied and values replaced is mapped or failed with a reason`, async () => {
      const { tree } = await corpus(path);
      await fc.assert(
        fc.asyncProperty(treeMutation(tree, {}), async (mutated) => readOutcome('fuzz.xml', Buffer.from(mutated))),
        { numRuns: RUNS, timeout: TIME_LIMIT_MS, markInterruptAsFailure: true },
      );
    });
  }

  it('IIIF manifests: any value at any place is mapped or failed with a reason, never a crash', async () => {
    const manifests = [
      'iiif/0001-mvm-image_manifest.json',
      'iiif/0008-rights_manifest.json',
      'iiif/0234-provider_manifest.json',
      'iiif/0299-region_manifest.json',
    ].map((p) =>
      JSON.parse(
        demo(p)
          .toString('utf8')
          .replaceAll('{{ id.path }}', 'https://iiif.example/m')
          .replaceAll('{{ id.url }}', 'https://iiif.example'),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...manifests).chain(mutatedJson), async (manifest) =>
        readOutcome('fuzz.json', Buffer.from(JSON.stringify(manifest))),
      ),
      { numRuns: RUNS * 2, timeout: TIME_LIMIT_MS, markInterruptAsFailure: true },
    );
  });

  it('Tate records: any value at any place is mapped or failed with a reason, never a crash', async () => {
    const records = gunzipSync(demo('tate/tate-artworks.jsonl.gz'))
      .toString('utf8')
      .split('\n')
      .slice(0, 50)
      .map((l) => JSON.parse(l));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...records).chain(mutatedJson), { minLength: 1, maxLength: 5 }),
        async (lines) => readOutcome('fuzz.jsonl', Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n'))),
      ),
      { numRuns: RUNS * 2, timeout: TIME_LIMIT_MS, markInterruptAsFailure: true },
    );
  });

  it('JSON files (IIIF, Tate, JSON Lines): mutated text is read, or refused with a clear error', async () => {
    const texts = [
      demo('iiif/0001-mvm-image_manifest.json').toString('utf8'),
      gunzipSync(demo('tate/tate-artworks.jsonl.gz')).toString('utf8').split('\n').slice(0, 5).join('\n'),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1 }).chain((i) => textMutation(texts[i]!).map((t) => [i, t] as const)),
        async ([i, mutated]) => {
          await readOutcome(i === 0 ? 'fuzz.json' : 'fuzz.jsonl', Buffer.from(mutated));
        },
      ),
      { numRuns: RUNS, timeout: TIME_LIMIT_MS, markInterruptAsFailure: true },
    );
  });

  it('CSV: real rows with cells replaced, quotes and delimiters thrown in, and arbitrary text are read or refused clearly', async () => {
    const lines = gunzipSync(demo('rijksmuseum/Suriname_objecten_export.csv.gz')).toString('utf8').split('\n');
    const header = lines[0]!;
    const rows = lines.slice(1, 40);
    const cell = fc.oneof(hostileText, fc.constantFrom('"', '""', ';', ',', '\n', '\r\n', '"a;b"', '"open'));
    const row = fc
      .tuple(fc.constantFrom(...rows), fc.array(fc.tuple(fc.nat(), cell), { maxLength: 5 }))
      .map(([line, changes]) => {
        const cells = line.split(';');
        for (const [at, value] of changes) cells[at % cells.length] = value;
        return cells.join(';');
      });
    const file = fc.oneof(
      fc.array(row, { minLength: 0, maxLength: 20 }).map((r) => [header, ...r].join('\n')),
      fc.string({ unit: 'binary', maxLength: 2000 }),
      textMutation([header, ...rows.slice(0, 10)].join('\n')),
    );
    await fc.assert(
      fc.asyncProperty(file, async (text) => readOutcome('fuzz.csv', Buffer.from(text))),
      { numRuns: RUNS, timeout: TIME_LIMIT_MS, markInterruptAsFailure: true },
    );
  });

  it('any bytes under any name are read or refused with a clear error', async () => {
    const name = fc.constantFrom('x.xml', 'x.json', 'x.jsonl', 'x.csv', 'x.tsv', 'x', 'x.txt');
    await fc.assert(
      fc.asyncProperty(name, fc.uint8Array({ maxLength: 3000 }), async (n, bytes) =>
        readOutcome(n, Buffer.from(bytes)),
      ),
      { numRuns: RUNS, timeout: TIME_LIMIT_MS, markInterruptAsFailure: true },
    );
  });

  it('the search query parser takes any text', () => {
    const query = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc
        .array(
          fc.constantFrom(
            '"',
            '-',
            'OR',
            'AND',
            '*',
            'titel:',
            'maker:',
            '(',
            ')',
            'slavernij',
            ' ',
            'ö',
            '\u0000',
            '""',
            '-"',
            'OR OR',
          ),
          { maxLength: 40 },
        )
        .map((p) => p.join('')),
    );
    fc.assert(
      fc.property(query, (q) => {
        const parsed = parseQuery(q);
        assert.ok(parsed && typeof parsed === 'object');
      }),
      { numRuns: RUNS * 5 },
    );
  });
});

describe('fuzzing the OAI-PMH client with mutated pages from a server', () => {
  let server: Server;
  let body = '';
  let url = '';
  before(async () => {
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/oai`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads a mutated ListRecords page, or fails with a clear error', async () => {
    const page = demo('oai/edurep-oaipmh.initial.0.xml').toString('utf8');
    const client = new OaiPmhClient(url, {
      limits: { timeoutMs: 3000, maxBytes: 5e6, maxRedirects: 0, allowPrivateHosts: true },
      throttle: new HostThrottle(0),
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const mutations = fc.oneof(
      textMutation(page),
      fc
        .tuple(hostileText, hostileText)
        .map(([size, token]) =>
          page.replace(
            /<resumptionToken[^>]*>[^<]*<\/resumptionToken>/,
            `<resumptionToken completeListSize="${size.replace(/["<&]/g, '')}" cursor="x">${token.replace(/[<&]/g, '')}</resumptionToken>`,
          ),
        ),
    );
    await fc.assert(
      fc.asyncProperty(mutations, async (mutated) => {
        body = mutated;
        try {
          const result = await client.listPage(
            'ListRecords',
            { metadataPrefix: 'lom', set: null, from: null },
            () => undefined,
            { retry: false },
          );
          assert.ok(
            result.completeListSize === null || Number.isSafeInteger(result.completeListSize),
            `completeListSize ${result.completeListSize}`,
          );
          assert.ok(result.cursor === null || Number.isSafeInteger(result.cursor), `cursor ${result.cursor}`);
          assert.ok(result.resumptionToken === null || typeof result.resumptionToken === 'string');
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
          assert.ok(clearError(error), `not a clear error: ${(error as Error)?.stack ?? String(error)}`);
        }
      }),
      { numRuns: RUNS, timeout: TIME_LIMIT_MS, markInterruptAsFailure: true },
    );
  });
});

for (const kind of STORE_KINDS) {
  describe(`fuzzing the search API on ${kind}`, () => {
    let ctx: AppContext;
    let app: App;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      await ctx.imports.importPath(join(projectRoot, 'data', 'demo', 'edurep'), {
        sourceName: 'Kennisnet',
        organisation: { name: 'Kennisnet', kind: 'publisher' },
      });
      app = await buildServer(ctx, { logger: false });
    });
    after(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('imports mutated records of every kind into the store: each applied or quarantined, the run completed or failed with a code', async () => {
      const sources = [
        ['x.xml', demo('edurep/nllom-aanbevolen.xml').toString('utf8')],
        ['x.xml', demo('oai/edurep-oaipmh.initial.1.xml').toString('utf8')],
        ['x.xml', demo('lido/vkc_lido.xml').toString('utf8')],
        [
          'x.jsonl',
          gunzipSync(demo('tate/tate-artworks.jsonl.gz')).toString('utf8').split('\n').slice(0, 3).join('\n'),
        ],
      ] as const;
      const mutated = fc
        .integer({ min: 0, max: sources.length - 1 })
        .chain((i) => textMutation(sources[i]![1]).map((text) => [sources[i]![0], text] as const));
      await fc.assert(
        fc.asyncProperty(mutated, async ([name, text]) => {
          const report = await ctx.imports.importBytes(name, Buffer.from(text), {
            sourceName: 'Fuzz',
            organisation: { name: 'Fuzzmuseum', kind: 'heritage' },
          });
          assert.ok(
            report.status === 'completed' || /^LG_[A-Z_]+: /.test(report.error ?? ''),
            JSON.stringify(report).slice(0, 400),
          );
          const run = (await ctx.imports.run(report.runId))!.run;
          assert.equal(run.status, report.status);
          assert.equal(
            run.created + run.updated + run.unchanged + run.withdrawn + run.failed,
            report.created + report.updated + report.unchanged + report.withdrawn + report.failed,
          );
        }),
        { numRuns: Math.ceil(RUNS / 3), timeout: TIME_LIMIT_MS * 2, markInterruptAsFailure: true },
      );
    });

    it('answers any query text and any filter value with 200 or a 400 problem, never a server error', async () => {
      const text = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc
          .array(
            fc.constantFrom(
              '"',
              '-',
              'OR',
              '*',
              'titel:',
              'maker:',
              'exercises',
              'leer',
              ' ',
              '\u0000',
              'ë',
              '%',
              '_',
              '\\',
              "'",
            ),
            { maxLength: 30 },
          )
          .map((p) => p.join('')),
      );
      const parameter = fc.constantFrom(
        'q',
        'level',
        'subject',
        'objective',
        'licence',
        'period',
        'institution',
        'sort',
        'cursor',
        'limit',
        'facetValues',
      );
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(parameter, text), { minLength: 1, maxLength: 4 }), async (params) => {
          const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
          const response = await app.inject(`/api/v1/resources?${query}`);
          assert.ok(
            response.statusCode === 200 || response.statusCode === 400,
            `${query}: ${response.statusCode} ${response.body.slice(0, 300)}`,
          );
          if (response.statusCode === 400) assert.equal(response.json().status, 400);
        }),
        { numRuns: RUNS, timeout: TIME_LIMIT_MS * 2, markInterruptAsFailure: true },
      );
    });
  });
}

/** A JSON value mutated: a value at some place replaced by any JSON or hostile text, removed, or the whole wrapped. */
function mutatedJson(value: unknown): fc.Arbitrary<unknown> {
  const any = fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileText, fc.constant(null), fc.constant([]), fc.constant({}));
  return fc
    .array(
      fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), fc.constantFrom('replace', 'remove', 'wrap'), any),
      { minLength: 1, maxLength: 5 },
    )
    .map((ops) => {
      let root = structuredClone(value);
      for (const [path, op, replacement] of ops) {
        if (op === 'wrap' && path.length === 1) {
          root = path[0]! % 2 ? [root] : { value: root };
          continue;
        }
        let node: unknown = root;
        for (let depth = 0; depth < path.length - 1; depth++) {
          if (!node || typeof node !== 'object') break;
          const keys = Object.keys(node);
          if (keys.length === 0) break;
          node = (node as Record<string, unknown>)[keys[path[depth]! % keys.length]!];
        }
        if (!node || typeof node !== 'object') continue;
        const keys = Object.keys(node);
        if (keys.length === 0) continue;
        const key = keys[path.at(-1)! % keys.length]!;
        if (op === 'remove') delete (node as Record<string, unknown>)[key];
        else (node as Record<string, unknown>)[key] = replacement;
      }
      return root;
    });
}
