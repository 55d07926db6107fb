// The open platform's throughput: a full OAI-PMH ListRecords harvest (nl_lom and oai_dc, following
// every resumption token) and the JSON Lines export, through HTTP from the built server, over a
// generated catalogue (LEERGOED_BENCH_OAI_SIZE, default 1,000,000 resources), with the server's
// resident memory sampled all along — on SQLite and PostgreSQL. Not a test: nothing is asserted.
import { readFileSync } from 'node:fs';
import type { AppContext } from '../src/app/context.ts';
import { testContext, type StoreKind } from '../test/support/stores.ts';
import { generate, loadStyles } from './search-corpus.ts';
import { startServer } from './support.ts';

export interface OaiRow {
  store: string;
  size: number;
  measure: string;
  value: number;
  unit: string;
  detail?: string;
}

function rss(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function generated(
  kind: StoreKind,
  size: number,
): Promise<{ url: string; community: string; drop(): Promise<void> }> {
  const test = await testContext(kind);
  const styles = await loadStyles(test.ctx.vocab);
  // Indexing the empty store records the index version, so the server does not rebuild it at start.
  await test.ctx.catalogue.reindex();
  let seed = 1;
  for (const style of styles) {
    const count = Math.round(size * style.share);
    async function* records() {
      yield* generate(style, test.ctx.vocab, 0, count, seed);
    }
    await test.ctx.imports.importRecords(`bench-${style.name}`, records(), {
      sourceName: `Bench ${style.name}`,
      organisation: { name: style.organisation, kind: style.kind === 'heritage' ? 'heritage' : 'publisher' },
    });
    seed++;
  }
  const community = await seedCommunities(test.ctx, size);
  await test.ctx.store.dialect.analyze(test.ctx.store.db);
  await test.ctx.close();
  return { url: test.url, community, drop: () => test.cleanup().catch(() => undefined) };
}

/**
 * Twenty communities sharing one resource in a hundred between them, as shared collections do, so
 * that each record's header is looked up in a table with rows. Returns the first one's id.
 */
async function seedCommunities(ctx: AppContext, size: number): Promise<string> {
  const db = ctx.store.db;
  const user = await ctx.accounts.createUser({
    email: 'bench@leergoed.invalid',
    name: 'Bench',
    password: 'a bench password that nobody uses',
    role: 'teacher',
  });
  const now = new Date().toISOString();
  const ids = Array.from({ length: 20 }, (_, n) => `bench-community-${String(n).padStart(2, '0')}`);
  await db
    .insertInto('community')
    .values(
      ids.map((id, n) => ({
        id,
        slug: id,
        kind: 'subject',
        name: `Gemeenschap ${n + 1}`,
        description: '',
        subjects: '[]',
        levels: '[]',
        region: null,
        created_by: user.id,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  const resources = await db.selectFrom('resource').select('id').orderBy('id').execute();
  const items = resources
    .filter((_, i) => i % 100 === 0)
    .map((r, i) => ({
      community_id: ids[i % ids.length]!,
      resource_id: r.id,
      note: '',
      added_by: user.id,
      added_at: now,
    }));
  for (let i = 0; i < items.length; i += 1000)
    await db
      .insertInto('community_item')
      .values(items.slice(i, i + 1000))
      .execute();
  console.error(`oai: ${items.length} of ${size} resources in ${ids.length} community collections`);
  return ids[0]!;
}

/** Reads a response body to the end, counting what `count` finds in it; samples the server's memory meanwhile. */
async function drain(response: Response, count: (text: string) => number, sample: () => void): Promise<number> {
  const decoder = new TextDecoder();
  let n = 0;
  let tail = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    const text = tail + decoder.decode(chunk, { stream: true });
    const cut = text.lastIndexOf('\n');
    n += count(text.slice(0, cut + 1));
    tail = text.slice(cut + 1);
    sample();
  }
  return n + count(tail);
}

export async function benchOai(stores: StoreKind[], size: number): Promise<OaiRow[]> {
  const rows: OaiRow[] = [];
  for (const kind of stores) {
    console.error(`oai: generating ${size} resources on ${kind}…`);
    const started = performance.now();
    const store = await generated(kind, size);
    rows.push({
      store: kind,
      size,
      measure: 'generate and import',
      value: Math.round((performance.now() - started) / 1000),
      unit: 's',
    });
    try {
      rows.push(...(await measureStore(kind, size, store.url, store.community)));
    } finally {
      await store.drop();
    }
  }
  return rows;
}

/** The harvests and the export over a store of `size` resources, through the built server. */
export async function measureStore(
  kind: StoreKind,
  size: number,
  url: string,
  community: string | null = null,
): Promise<OaiRow[]> {
  const rows: OaiRow[] = [];
  const { base, server, stop } = await startServer(url, { LEERGOED_WORKER: 'false', LEERGOED_RATE_LIMIT: '100000000' });
  try {
    const idle = rss(server.pid!).now;
    let highest = idle;
    const sample = () => {
      highest = Math.max(highest, rss(server.pid!).now);
    };
    // The memory as the first harvest goes on, at every tenth of the catalogue: flat, or growing with it?
    const progress: string[] = [];
    for (const prefix of ['nl_lom', 'oai_dc']) {
      const t = performance.now();
      let records = 0;
      let pages = 0;
      let token: string | null = null;
      do {
        if (prefix === 'nl_lom' && records >= ((progress.length + 1) * size) / 10)
          progress.push(`${(progress.length + 1) * 10}%: ${Math.round(rss(server.pid!).now)} MB`);
        const url: string = token
          ? `${base}/oai?verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`
          : `${base}/oai?verb=ListRecords&metadataPrefix=${prefix}`;
        // Read as it arrives, as a harvester does: records are counted while the rest is still coming.
        let last = '';
        records += await drain(
          await fetch(url),
          (text) => {
            last = (last + text).slice(-4096);
            return (text.match(/<record>/g) ?? []).length;
          },
          sample,
        );
        token = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(last)?.[1] ?? null;
        pages++;
      } while (token);
      const seconds = (performance.now() - t) / 1000;
      rows.push({
        store: kind,
        size,
        measure: `ListRecords ${prefix} (whole catalogue, ${pages} pages)`,
        value: Math.round(records / seconds),
        unit: 'records/s',
        detail: `${records} records in ${seconds.toFixed(0)} s`,
      });
    }
    if (community) {
      // A harvester of one community's collection: the set's records among all the others.
      const t = performance.now();
      let records = 0;
      let token: string | null = null;
      do {
        const url: string = token
          ? `${base}/oai?verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`
          : `${base}/oai?verb=ListRecords&metadataPrefix=oai_dc&set=community:${community}`;
        const text = await (await fetch(url)).text();
        records += (text.match(/<record>/g) ?? []).length;
        token = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(text)?.[1] ?? null;
        sample();
      } while (token);
      const seconds = (performance.now() - t) / 1000;
      rows.push({
        store: kind,
        size,
        measure: 'ListRecords oai_dc of one community set',
        value: Math.round(records / seconds),
        unit: 'records/s',
        detail: `${records} records in ${seconds.toFixed(1)} s`,
      });
    }
    const t = performance.now();
    const lines = await drain(await fetch(`${base}/api/v1/export`), (text) => (text.match(/\n/g) ?? []).length, sample);
    const seconds = (performance.now() - t) / 1000;
    rows.push({
      store: kind,
      size,
      measure: 'JSON Lines export (GET /api/v1/export)',
      value: Math.round(lines / seconds),
      unit: 'records/s',
      detail: `${lines} lines in ${seconds.toFixed(0)} s`,
    });
    rows.push({
      store: kind,
      size,
      measure: 'server RSS: idle → highest during harvests and export',
      value: Math.round(highest),
      unit: 'MB',
      detail: `idle ${Math.round(idle)} MB, peak (VmHWM) ${Math.round(rss(server.pid!).peak)} MB`,
    });
    rows.push({
      store: kind,
      size,
      measure: 'server RSS along the nl_lom harvest',
      value: Math.round(rss(server.pid!).now),
      unit: 'MB',
      detail: progress.join(', '),
    });
  } finally {
    await stop();
  }
  return rows;
}
