// Harvest benchmark: a generated OAI-PMH feed (built from the real Edurep NL-LOM records) served by
// a local server in another process, harvested end to end into the store and search index. Reports
// records/s, peak RSS (sampled, with the RSS at a fifth of the feed to show it stays flat) and, beside
// it, the raw parse rate of the same feed (fetch + parse + map, no store).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../src/app/config.ts';
import { oaiRecord } from '../src/harvest/formats.ts';
import { OaiPmhClient, HostThrottle } from '../src/harvest/protocols/oai-pmh.ts';
import { testContext, type StoreKind } from '../test/support/stores.ts';

export interface BenchRow { store: string; measure: string; value: number; unit: string; detail?: string }

const PAGE = 500;

async function startServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'test', 'support', 'oai-server-main.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())));
  return { url, stop: () => child.kill('SIGTERM') };
}

function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  return { peak: () => peak, stop: () => clearInterval(timer) };
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Runs the harvest benchmark for `records` records on the given stores. */
export async function benchHarvest(stores: StoreKind[], records: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const pages = Math.ceil(records / PAGE);
  const set = `feed-${pages}x${PAGE}`;
  const server = await startServer();
  try {
    // The parser's limit: the same feed fetched, parsed and mapped, nothing stored.
    {
      const { ctx, cleanup } = await testContext('sqlite');
      const client = new OaiPmhClient(server.url, { limits: { timeoutMs: 120_000, maxBytes: 1e9, maxRedirects: 3, allowPrivateHosts: true }, throttle: new HostThrottle(0) });
      let count = 0;
      let token: string | null = null;
      const started = performance.now();
      do {
        const page = await client.listPage('ListRecords', token ? { resumptionToken: token } : { metadataPrefix: 'lom', set }, (el, scope) => { oaiRecord(el, scope, { vocab: ctx.vocab }); count++; });
        token = page.resumptionToken;
      } while (token);
      const seconds = (performance.now() - started) / 1000;
      rows.push({ store: '-', measure: `parse + map ${count} records (no store)`, value: Math.round(count / seconds), unit: 'records/s', detail: `${seconds.toFixed(1)} s` });
      await cleanup();
    }
    for (const store of stores) {
      const { ctx, cleanup } = await testContext(store, {}, { throttle: new HostThrottle(0), limits: { timeoutMs: 120_000, maxBytes: 1e9, maxRedirects: 3, allowPrivateHosts: true } });
      try {
        const organisationId = (await ctx.accounts.findOrCreateOrganisation('Bench', 'publisher')).id;
        const source = await ctx.sources.create({ userId: 'bench', role: 'admin', organisationIds: [] }, { organisationId, name: 'bench feed', type: 'oai-pmh', url: server.url, metadataPrefix: 'lom', set });
        const rss = rssSampler();
        let rssAtFifth = 0;
        const started = performance.now();
        const result = await ctx.harvester.harvest(source.id, {
          onProgress: (p) => { if (!rssAtFifth && p.created >= records / 5) rssAtFifth = process.memoryUsage().rss; },
        });
        const seconds = (performance.now() - started) / 1000;
        rss.stop();
        const done = result.created + result.updated + result.unchanged + result.failed;
        rows.push({ store, measure: `harvest ${done} records end to end`, value: Math.round(done / seconds), unit: 'records/s', detail: `${seconds.toFixed(1)} s, ${result.pages} pages, ${result.status}` });
        rows.push({ store, measure: 'harvest peak RSS', value: mb(rss.peak()), unit: 'MB', detail: `RSS at 20% of the feed: ${mb(rssAtFifth)} MB` });
        rows.push({ store, measure: 'store size after harvest', value: mb(await ctx.store.dialect.sizeBytes()), unit: 'MB' });
      } finally {
        await cleanup();
      }
    }
  } finally {
    server.stop();
  }
  return rows;
}
