// `npm run bench`: import throughput per format, time from `serve` on an empty store to serving the
// demo corpus, and p50/p95 latency of list, search and get through HTTP — on SQLite and PostgreSQL.
// Prints a table and writes bench/results/catalogue-<timestamp>.json. Not a test: nothing is asserted.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/app/config.ts';
import { readImportFile, importableFiles } from '../src/harvest/service.ts';
import { freshDatabaseUrl, testContext, type StoreKind } from '../test/support/stores.ts';
import { benchStores, percentile, startServer } from './support.ts';
import { benchHarvest } from './harvest.ts';
import { benchOai } from './oai.ts';
import { benchLoad } from './load.ts';
import { benchQuality } from './quality.ts';

interface Row {
  store: string;
  measure: string;
  value: number;
  unit: string;
  detail?: string;
}
const rows: Row[] = [];
const demo = (path: string) => join(projectRoot, 'data', 'demo', path);

/** Formats with how often their files are imported (as separate sources) to reach enough records. */
const FORMATS: { format: string; path: string; repeat: number }[] = [
  { format: 'csv (Rijksmuseum)', path: 'rijksmuseum/Suriname_objecten_export.csv.gz', repeat: 1 },
  { format: 'tate-json (JSON Lines)', path: 'tate/tate-artworks.jsonl.gz', repeat: 1 },
  { format: 'nl-lom', path: 'edurep', repeat: 60 },
  { format: 'oai-pmh (nl_lom pages)', path: 'oai/edurep-oaipmh.initial.0.xml', repeat: 60 },
  { format: 'lido', path: 'lido', repeat: 150 },
  { format: 'edm', path: 'edm', repeat: 200 },
  { format: 'iiif manifest', path: 'iiif', repeat: 100 },
];

async function importThroughput(kind: StoreKind): Promise<void> {
  const { ctx, cleanup } = await testContext(kind);
  try {
    for (const { format, path, repeat } of FORMATS) {
      const files = await Promise.all(
        importableFiles(demo(path)).map(async (file) => ({ file, bytes: await readImportFile(file) })),
      );
      let records = 0;
      const started = performance.now();
      for (let i = 0; i < repeat; i++) {
        for (const { file, bytes } of files) {
          const report = await ctx.imports.importBytes(file.replace(/\.gz$/, ''), bytes, {
            sourceName: `${format} #${i}`,
            organisation: { name: 'Bench', kind: 'heritage' },
          });
          records += report.created + report.updated + report.unchanged + report.withdrawn + report.failed;
        }
      }
      const seconds = (performance.now() - started) / 1000;
      rows.push({
        store: kind,
        measure: `import ${format}`,
        value: Math.round(records / seconds),
        unit: 'records/s',
        detail: `${records} records in ${seconds.toFixed(1)} s`,
      });
      // Re-import of an unchanged file: the idempotent path.
      if (repeat === 1) {
        const again = performance.now();
        const { file, bytes } = files[0]!;
        const report = await ctx.imports.importBytes(file.replace(/\.gz$/, ''), bytes, {
          sourceName: `${format} #0`,
          organisation: { name: 'Bench', kind: 'heritage' },
        });
        const s = (performance.now() - again) / 1000;
        rows.push({
          store: kind,
          measure: `re-import unchanged ${format}`,
          value: Math.round(report.unchanged / s),
          unit: 'records/s',
          detail: `${report.unchanged} unchanged in ${s.toFixed(1)} s`,
        });
      }
    }
  } finally {
    await cleanup();
  }
}

async function serveAndLatency(kind: StoreKind): Promise<void> {
  const database = await freshDatabaseUrl(kind);
  const started = performance.now();
  const { base, stop } = await startServer(database.url, {}, 50);
  try {
    const ready = (await (await fetch(`${base}/readyz`)).json()) as { resources: number };
    rows.push({
      store: kind,
      measure: 'serve on empty store → demo corpus served',
      value: Math.round(performance.now() - started),
      unit: 'ms',
      detail: `${ready.resources} resources`,
    });

    const ids = (
      (await (await fetch(`${base}/api/v1/resources?limit=100&facets=false`)).json()) as { items: { id: string }[] }
    ).items.map((i) => i.id);
    const queries: Record<string, (i: number) => string> = {
      'list (first page, all facets)': () => '/api/v1/resources?limit=20',
      'list kind=heritage with facets': () => '/api/v1/resources?kind=heritage&limit=20',
      'search "suriname" with facets': () => '/api/v1/resources?q=suriname&limit=20',
      'search "portret vrouw"': () => '/api/v1/resources?q=portret%20vrouw&limit=20',
      'get one resource': (i) => `/api/v1/resources/${ids[i % ids.length]}`,
    };
    for (const [name, url] of Object.entries(queries)) {
      for (let i = 0; i < 20; i++) await fetch(base + url(i)).then((r) => r.arrayBuffer());
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t = performance.now();
        const response = await fetch(base + url(i));
        await response.arrayBuffer();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      rows.push({ store: kind, measure: `${name} p50`, value: Number(percentile(times, 50).toFixed(1)), unit: 'ms' });
      rows.push({ store: kind, measure: `${name} p95`, value: Number(percentile(times, 95).toFixed(1)), unit: 'ms' });
    }
  } finally {
    await stop();
    await database.drop();
  }
}

// LEERGOED_BENCH_STORES=sqlite (or postgres) measures one store only.
const stores = await benchStores();
process.env.LOG_LEVEL = 'silent';
// `npm run bench -- catalogue`, `-- harvest`, `-- oai`, `-- quality` or `-- load` runs one part; no argument runs all.
const parts = process.argv.slice(2);
const wants = (part: string) => parts.length === 0 || parts.includes(part);
if (wants('catalogue')) {
  for (const store of stores) {
    console.error(`measuring ${store}…`);
    await importThroughput(store);
    await serveAndLatency(store);
  }
}
if (wants('harvest')) {
  const records = Number(process.env.LEERGOED_BENCH_HARVEST_RECORDS ?? 100_000);
  console.error(`harvesting a feed of ${records} records…`);
  rows.push(...(await benchHarvest(stores, records)));
}
if (wants('oai')) {
  const size = Number(process.env.LEERGOED_BENCH_OAI_SIZE ?? 1_000_000);
  console.error(`OAI-PMH and export over ${size} resources…`);
  for (const row of await benchOai(stores, size))
    rows.push({
      store: row.store,
      measure: `${row.measure} [${row.size}]`,
      value: row.value,
      unit: row.unit,
      detail: row.detail,
    });
}
if (wants('quality')) {
  const records = Number(process.env.LEERGOED_BENCH_QUALITY_RECORDS ?? 100_000);
  const links = Number(process.env.LEERGOED_BENCH_QUALITY_LINKS ?? 10_000);
  console.error(`quality: checking ${records} records' metadata and ${links} links…`);
  rows.push(...(await benchQuality(stores, records, links)));
}
if (wants('load')) {
  const seconds = Number(process.env.LEERGOED_BENCH_LOAD_SECONDS ?? 60);
  const connections = (process.env.LEERGOED_BENCH_LOAD_CONNECTIONS ?? '50,200').split(',').map(Number);
  console.error(`load: ${connections.join(' and ')} connections, ${seconds} s each…`);
  rows.push(...(await benchLoad(stores, seconds, connections)));
}
console.table(
  rows.map((r) => ({ store: r.store, measure: r.measure, value: r.value, unit: r.unit, detail: r.detail ?? '' })),
);
mkdirSync(join(projectRoot, 'bench', 'results'), { recursive: true });
const file = join(projectRoot, 'bench', 'results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2));
console.log(`written ${file}`);
