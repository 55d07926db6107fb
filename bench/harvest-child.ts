// One harvest of the benchmark feed, in a process of its own so its RSS is the harvest's alone.
// Prints one JSON line: throughput and the RSS after each fifth of the feed.
import { HostThrottle } from '../src/harvest/protocols/oai-pmh.ts';
import { testContext, type StoreKind } from '../test/support/stores.ts';

const [store, url, set, total] = process.argv.slice(2) as [StoreKind, string, string, string];
const records = Number(total);
const { ctx, cleanup } = await testContext(
  store,
  {},
  {
    throttle: new HostThrottle(0),
    limits: { timeoutMs: 120_000, maxBytes: 1e9, maxRedirects: 3, allowPrivateHosts: true },
  },
);
try {
  const organisationId = (await ctx.accounts.findOrCreateOrganisation('Bench', 'publisher')).id;
  const source = await ctx.sources.create(
    { userId: 'bench', role: 'admin', organisationIds: [] },
    { organisationId, name: 'bench feed', type: 'oai-pmh', url, metadataPrefix: 'lom', set },
  );
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const rssAt: number[] = [];
  const started = performance.now();
  const result = await ctx.harvester.harvest(source.id, {
    onProgress: (p) => {
      const done = p.created + p.updated + p.unchanged + p.failed;
      while (rssAt.length < 5 && done >= ((rssAt.length + 1) * records) / 5)
        rssAt.push(Math.round(process.memoryUsage().rss / 1048576));
    },
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  process.stdout.write(
    JSON.stringify({
      status: result.status,
      error: result.error,
      pages: result.pages,
      records: result.created + result.updated + result.unchanged + result.failed,
      seconds,
      peakMb: Math.round(peak / 1048576),
      rssAtFifthsMb: rssAt,
      storeMb: Math.round((await ctx.store.dialect.sizeBytes()) / 1048576),
    }) + '\n',
  );
} finally {
  await cleanup();
}
