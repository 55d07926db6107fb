// `npm run bench:search [-- 100000 1000000]`: search latency at scale. Generates the catalogue from
// the real demo corpora (bench/search-corpus.ts), measures the import and a full index rebuild,
// the store size, then a fixed query mix with all facets through the HTTP API at concurrency 1
// and 8 (p50/p95/p99) and the server's peak RSS — on SQLite and PostgreSQL. The same first
// 100,000 documents go into MiniSearch in this process as the baseline. Prints a table and writes
// bench/results/search-<timestamp>.json. Not a test: nothing is asserted.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { projectRoot } from '../src/app/config.ts';
import { periodBuckets } from '../src/catalogue/prepare.ts';
import { licenceFacts, normaliseRights } from '../src/vocab/licences.ts';
import { openStore } from '../src/db/store.ts';
import { loadVocabularies } from '../src/vocab/vocabulary.ts';
import { testContext, type StoreKind } from '../test/support/stores.ts';
import { generate, loadStyles, type Style } from './search-corpus.ts';
import { benchStores, percentile, startServer } from './support.ts';

interface Row {
  store: string;
  size: number;
  measure: string;
  value: number;
  unit: string;
  detail?: string;
}
const rows: Row[] = [];

/** The query mix: every kind of search a teacher does, each with all facets computed. */
const QUERIES: Record<string, string> = {
  'one word': 'q=suriname',
  'two words': 'q=slavernij%20plantage',
  phrase: 'q=%22tot%20slaaf%20gemaakte%22',
  'rare word': 'q=kotomisi',
  'facets only': 'kind=heritage&period=1800',
  'deep facet filters': 'q=portret&kind=heritage&period=1800&period=1900&reusability=unknown&language=nl',
  typo: 'q=plantgae',
};

/** Requests per query at concurrency 1 (twice as many at 8); fewer for a quick look at 1,000,000. */
const REQUESTS = Number(process.env.LEERGOED_BENCH_REQUESTS ?? 60);

/** One request, read to the end; one retry when the connection was reset (an idle keep-alive closing). */
async function get(url: string): Promise<void> {
  try {
    await fetch(url).then((r) => r.arrayBuffer());
  } catch {
    await fetch(url).then((r) => r.arrayBuffer());
  }
}

function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function loadStore(
  kind: StoreKind,
  size: number,
  styles: Style[],
): Promise<{ url: string; drop(): Promise<void> }> {
  const test = await testContext(kind);
  const { ctx } = test;
  const started = performance.now();
  let seed = 1;
  for (const style of styles) {
    const count = Math.round(size * style.share);
    async function* records() {
      yield* generate(style, ctx.vocab, 0, count, seed);
    }
    await ctx.imports.importRecords(`bench-${style.name}`, records(), {
      sourceName: `Bench ${style.name}`,
      organisation: { name: style.organisation, kind: style.kind === 'heritage' ? 'heritage' : 'publisher' },
    });
    seed++;
  }
  const imported = (performance.now() - started) / 1000;
  rows.push({
    store: kind,
    size,
    measure: 'import (generate, map, store, index)',
    value: Math.round(size / imported),
    unit: 'records/s',
    detail: `${imported.toFixed(0)} s`,
  });
  const rebuild = performance.now();
  await ctx.catalogue.reindex();
  await ctx.store.dialect.analyze(ctx.store.db);
  rows.push({
    store: kind,
    size,
    measure: 'index build (full rebuild of terms and search index)',
    value: Math.round((performance.now() - rebuild) / 1000),
    unit: 's',
  });
  rows.push({
    store: kind,
    size,
    measure: 'store size',
    value: Math.round((await ctx.store.dialect.sizeBytes()) / 1e6),
    unit: 'MB',
  });
  // The store stays; the server below opens it.
  await ctx.close();
  return { url: test.url, drop: () => test.cleanup().catch(() => undefined) };
}

async function measureHttp(kind: StoreKind, size: number, url: string): Promise<void> {
  // From the start of the server process: readiness waits for the store, which the load keeps busy.
  const loading = performance.now();
  const { base, server, stop } = await startServer(url, { LEERGOED_WORKER: 'false' });
  try {
    // Searches go to the store until the in-memory index has loaded: measure once it has.
    for (;;) {
      const ready = (await (await fetch(`${base}/readyz`)).json()) as { memoryIndex?: string };
      if (ready.memoryIndex !== 'loading') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    rows.push({
      store: kind,
      size,
      measure: 'server start until the in-memory index is loaded',
      value: Number(((performance.now() - loading) / 1000).toFixed(1)),
      unit: 's',
    });
    // As the search page asks: every facet counted, its first eight values listed.
    const pathOf = (query: string) => `${base}/api/v1/resources?${query}&limit=20&facetValues=8`;
    // Warm up with the whole mix first: what follows a load (its garbage collected, code compiled)
    // falls here rather than on the first query measured.
    for (let i = 0; i < 5; i++) for (const query of Object.values(QUERIES)) await get(pathOf(query));
    for (const [name, query] of Object.entries(QUERIES)) {
      const path = pathOf(query);
      const total = ((await (await fetch(path)).json()) as { total: number }).total;
      for (let i = 0; i < 3; i++) await get(path);
      for (const concurrency of [1, 8]) {
        const times: number[] = [];
        const requests = concurrency === 1 ? REQUESTS : REQUESTS * 2;
        let next = 0;
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < requests) {
              next++;
              const t = performance.now();
              await get(path);
              times.push(performance.now() - t);
            }
          }),
        );
        times.sort((a, b) => a - b);
        const detail = `${total} results; p50 ${percentile(times, 50).toFixed(1)} p99 ${percentile(times, 99).toFixed(1)}`;
        rows.push({
          store: kind,
          size,
          measure: `${name} c${concurrency} p95`,
          value: Number(percentile(times, 95).toFixed(1)),
          unit: 'ms',
          detail,
        });
      }
    }
    rows.push({ store: kind, size, measure: 'server peak RSS', value: Math.round(peakRss(server.pid!)), unit: 'MB' });
  } finally {
    await stop();
  }
}

interface MiniDoc {
  id: string;
  title: string;
  description: string;
  keywords: string;
  creators: string;
  kind: string;
  period: string[];
  licence: string;
  reusability: string;
  language: string;
  image: string;
}

/** The baseline a developer might pick: MiniSearch in memory, facets counted over the hits in JavaScript. */
function baseline(size: number, styles: Style[]): void {
  const vocab = loadVocabularies(join(projectRoot, 'data'));
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const mini = new MiniSearch<MiniDoc>({
    fields: ['title', 'description', 'keywords', 'creators'],
    storeFields: ['kind', 'period', 'licence', 'reusability', 'language', 'image'],
  });
  let seed = 1;
  for (const style of styles) {
    const docs: MiniDoc[] = [];
    for (const record of generate(style, vocab, 0, Math.round(size * style.share), seed)) {
      if (record.mapped.status !== 'ok') continue;
      const input = record.mapped.input;
      docs.push({
        id: record.mapped.originalId,
        title: input.title,
        description: input.description ?? '',
        keywords: (input.keywords ?? []).join(' '),
        creators: (input.creators ?? []).map((c) => c.name).join(' '),
        kind: input.kind,
        period: periodBuckets(input.periodStart ?? null, input.periodEnd ?? null),
        licence: normaliseRights(input.rights).uri ?? 'missing',
        reusability: licenceFacts(normaliseRights(input.rights).uri)?.reusability ?? 'unknown',
        language: (input.language ?? '').slice(0, 2),
        image: input.thumbnail || input.iiifManifest ? 'yes' : 'no',
      });
    }
    mini.addAll(docs);
    seed++;
  }
  rows.push({
    store: 'minisearch',
    size,
    measure: 'index build (in memory)',
    value: Math.round((performance.now() - started) / 1000),
    unit: 's',
  });
  global.gc?.();
  rows.push({
    store: 'minisearch',
    size,
    measure: 'heap used by the index',
    value: Math.round((process.memoryUsage().heapUsed - heapBefore) / 1e6),
    unit: 'MB',
  });
  const search = (query: string) => {
    const params = new URLSearchParams(query);
    const q = params.get('q');
    const filters = [...params].filter(([k]) => k !== 'q');
    const hits = q
      ? mini.search(q, { prefix: true, fuzzy: 0.2, boost: { title: 2 }, combineWith: 'AND' })
      : mini.search(MiniSearch.wildcard);
    const matching = hits.filter((h) =>
      filters.every(([k]) => {
        const wanted = params.getAll(k);
        const value = h[k] as string | string[];
        return Array.isArray(value) ? value.some((v) => wanted.includes(v)) : wanted.includes(value);
      }),
    );
    const facets = new Map<string, number>();
    for (const h of matching)
      for (const f of ['kind', 'period', 'licence', 'reusability', 'language', 'image'])
        for (const v of [h[f]].flat()) facets.set(`${f}:${v}`, (facets.get(`${f}:${v}`) ?? 0) + 1);
    return { total: matching.length, top: matching.slice(0, 20), facets };
  };
  for (const [name, query] of Object.entries(QUERIES)) {
    const total = search(query).total;
    for (let i = 0; i < 3; i++) search(query);
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      search(query);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    rows.push({
      store: 'minisearch',
      size,
      measure: `${name} c1 p95`,
      value: Number(percentile(times, 95).toFixed(1)),
      unit: 'ms',
      detail: `${total} results; p50 ${percentile(times, 50).toFixed(1)} (in process, no HTTP)`,
    });
  }
}

process.env.LOG_LEVEL = 'silent';
const sizes = (process.argv.slice(2).length ? process.argv.slice(2) : ['100000']).map(Number);
const wanted = (process.env.LEERGOED_BENCH_STORES ?? 'sqlite,postgres').split(',');
const stores = await benchStores();
const styles = await loadStyles(loadVocabularies(join(projectRoot, 'data')));
const keptStore = process.env.LEERGOED_BENCH_STORE_URL;
if (keptStore) {
  // A store kept by an earlier run (LEERGOED_BENCH_KEEP): measure its queries again, nothing generated.
  const kind: StoreKind = keptStore.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  const kept = openStore(keptStore, projectRoot);
  const size = Number(
    (
      await kept.db
        .selectFrom('resource')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  await kept.close();
  console.error(`${kind}: measuring queries on the kept store of ${size} resources…`);
  await measureHttp(kind, size, keptStore);
}
for (const size of keptStore ? [] : sizes) {
  for (const kind of stores) {
    console.error(`${kind}: generating ${size} resources…`);
    const store = await loadStore(kind, size, styles);
    try {
      console.error(`${kind}: measuring queries…`);
      await measureHttp(kind, size, store.url);
    } finally {
      if (!process.env.LEERGOED_BENCH_KEEP) await store.drop();
      else console.error(`kept ${store.url}`);
    }
  }
}
if (!keptStore && (wanted.includes('minisearch') || !process.env.LEERGOED_BENCH_STORES)) {
  console.error('MiniSearch baseline over the first 100,000 documents…');
  baseline(Math.min(100_000, Math.max(...sizes)), styles);
}
console.table(
  rows.map((r) => ({
    store: r.store,
    size: r.size,
    measure: r.measure,
    value: r.value,
    unit: r.unit,
    detail: r.detail ?? '',
  })),
);
const ratios: Record<string, string> = {};
for (const r of rows.filter((x) => x.store === 'minisearch' && x.measure.endsWith('c1 p95'))) {
  for (const kind of stores) {
    const own = rows.find((x) => x.store === kind && x.size === r.size && x.measure === r.measure);
    if (own) ratios[`${kind} ${r.measure} vs minisearch`] = `${(own.value / r.value).toFixed(2)}×`;
  }
}
console.table(ratios);
const dir = join(projectRoot, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `search-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ rows, ratios }, null, 2));
console.error(`written to ${file}`);
