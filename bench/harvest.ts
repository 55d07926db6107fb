// Harvest benchmark: a generated OAI-PMH feed (built from the real Edurep NL-LOM records) served by
// a local server in another process, harvested end to end into the store and search index. Reports
// records/s, peak RSS of the harvesting process (a child of its own; with the RSS after each fifth of the
// feed, to show whether it stays flat) and, beside
// it, the raw parse rate of the same feed (fetch + parse + map, no store).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../src/app/config.ts';
import { oaiRecord } from '../src/harvest/formats.ts';
import { OaiPmhClient, HostThrottle } from '../src/harvest/protocols/oai-pmh.ts';
import { testContext, type StoreKind } from '../test/support/stores.ts';

export interface BenchRow {
  store: string;
  measure: string;
  value: number;
  unit: string;
  detail?: string;
}

const PAGE = 500;

async function startServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(projectRoot, 'test', 'support', 'oai-server-main.ts')],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())));
  return { url, stop: () => child.kill('SIGTERM') };
}

/** Runs the harvest benchmark for `records` records on the given stores. */
export async function benchHarvest(stores: StoreKind[], records: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const pages = Math.ceil(records / PAGE);
  const set = `feed-${pages}x${PAGE}`;
  const server = await startServer();
  try {
    // The parser's limit: the same feed fetched, parsed and mapped, nothing stored.
    if (process.env.LEERGOED_BENCH_PARSE !== 'false') {
      const { ctx, cleanup } = await testContext('sqlite');
      const client = new OaiPmhClient(server.url, {
        limits: { timeoutMs: 120_000, maxBytes: 1e9, maxRedirects: 3, allowPrivateHosts: true },
        throttle: new HostThrottle(0),
      });
      let count = 0;
      let token: string | null = null;
      const started = performance.now();
      do {
        const page = await client.listPage(
          'ListRecords',
          token ? { resumptionToken: token } : { metadataPrefix: 'lom', set },
          (el, scope) => {
            oaiRecord(el, scope, { vocab: ctx.vocab });
            count++;
          },
        );
        token = page.resumptionToken;
      } while (token);
      const seconds = (performance.now() - started) / 1000;
      rows.push({
        store: '-',
        measure: `parse + map ${count} records (no store)`,
        value: Math.round(count / seconds),
        unit: 'records/s',
        detail: `${seconds.toFixed(1)} s`,
      });
      await cleanup();
    }
    for (const store of stores) {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(projectRoot, 'bench', 'harvest-child.ts'),
          store,
          server.url,
          set,
          String(pages * PAGE),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
      );
      let output = '';
      child.stdout.on('data', (d) => {
        output += d;
      });
      await new Promise((resolve) => child.once('exit', resolve));
      const result = JSON.parse(output.trim().split('\n').pop()!) as {
        status: string;
        error: string | null;
        pages: number;
        records: number;
        seconds: number;
        peakMb: number;
        rssAtFifthsMb: number[];
        storeMb: number;
      };
      rows.push({
        store,
        measure: `harvest ${result.records} records end to end`,
        value: Math.round(result.records / result.seconds),
        unit: 'records/s',
        detail: `${result.seconds.toFixed(1)} s, ${result.pages} pages, ${result.status}${result.error ? `: ${result.error}` : ''}`,
      });
      rows.push({
        store,
        measure: 'harvest peak RSS (harvesting process alone)',
        value: result.peakMb,
        unit: 'MB',
        detail: `RSS after each fifth of the feed: ${result.rssAtFifthsMb.join(', ')} MB`,
      });
      rows.push({ store, measure: 'store size after harvest', value: result.storeMb, unit: 'MB' });
    }
  } finally {
    server.stop();
  }
  return rows;
}
