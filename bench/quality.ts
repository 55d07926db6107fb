// The quality checks at scale: the automatic checks of 100,000 generated records' metadata
// (LEERGOED_BENCH_QUALITY_RECORDS) and the link check of 10,000 of their links
// (LEERGOED_BENCH_QUALITY_LINKS) against a local web server, with this process's peak resident
// memory — on SQLite and PostgreSQL. The links are looked at without the politeness pause (one
// host, one request at a time): what is measured is the checker, not the pause. Not a test.
import { sql } from 'kysely';
import { DEFAULT_LIMITS } from '../src/kernel/fetch.ts';
import { LinkServer } from '../test/support/link-server.ts';
import { testContext, type StoreKind } from '../test/support/stores.ts';
import { generate, loadStyles } from './search-corpus.ts';

export interface QualityRow {
  store: string;
  measure: string;
  value: number;
  unit: string;
  detail?: string;
}

/** Samples this process's resident memory until stopped; returns the peak in MB. */
function sampleRss(): () => number {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return () => {
    clearInterval(timer);
    return Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024);
  };
}

export async function benchQuality(stores: StoreKind[], records: number, links: number): Promise<QualityRow[]> {
  const rows: QualityRow[] = [];
  const web = await new LinkServer(0).start();
  try {
    for (const kind of stores) {
      const test = await testContext(kind);
      try {
        const { ctx } = test;
        const styles = await loadStyles(ctx.vocab);
        let seed = 1;
        for (const style of styles) {
          const count = Math.round(records * style.share);
          async function* generated() {
            yield* generate(style, ctx.vocab, 0, count, seed);
          }
          await ctx.imports.importRecords(`bench-${style.name}`, generated(), {
            sourceName: `Bench ${style.name}`,
            organisation: { name: style.organisation, kind: style.kind === 'heritage' ? 'heritage' : 'publisher' },
          });
          seed++;
        }
        let stop = sampleRss();
        let started = performance.now();
        const checked = await ctx.quality.check(null);
        let seconds = (performance.now() - started) / 1000;
        rows.push({
          store: kind,
          measure: `metadata checks [${checked.checked}]`,
          value: Math.round(checked.checked / seconds),
          unit: 'records/s',
          detail: `${seconds.toFixed(1)} s, peak RSS ${stop()} MB, ${checked.failed} failed, ${checked.warnings} warnings`,
        });
        // Give `links` published resources a link to the local server, each its own address.
        const ids = await ctx.store.db
          .selectFrom('resource')
          .select('id')
          .where('status', '=', 'published')
          .orderBy('id')
          .limit(links)
          .execute();
        for (let i = 0; i < ids.length; i += 1000)
          await ctx.store.db
            .updateTable('resource')
            .set({ url: sql<string>`${`${web.base}/ok?`} || id` })
            .where(
              'id',
              'in',
              ids.slice(i, i + 1000).map((r) => r.id),
            )
            .execute();
        // The other resources' links (generated, on the web) are left out: only the local ones are due.
        await ctx.store.db
          .updateTable('resource')
          .set({ url: null })
          .where('url', 'not like', `${web.base}%`)
          .execute();
        stop = sampleRss();
        started = performance.now();
        const looked = await ctx.quality.checkLinksDue(links, {
          delayMs: 0,
          limits: { ...DEFAULT_LIMITS, allowPrivateHosts: true, timeoutMs: 15_000, maxBytes: 1024 * 1024 },
        });
        seconds = (performance.now() - started) / 1000;
        rows.push({
          store: kind,
          measure: `link checks [${looked.checked}]`,
          value: Math.round(looked.checked / seconds),
          unit: 'links/s',
          detail: `${seconds.toFixed(1)} s, peak RSS ${stop()} MB, one local host, no pause`,
        });
      } finally {
        await test.ctx.close().catch(() => undefined);
        await test.cleanup().catch(() => undefined);
      }
    }
  } finally {
    await web.stop();
  }
  return rows;
}
