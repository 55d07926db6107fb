// `npm run bench:relevance`: nDCG@10 and recall@50 of the judged queries in
// bench/relevance/judgements.json over the demo corpus, for Leergoed on SQLite and on PostgreSQL
// and for MiniSearch (the in-memory library a developer would otherwise pick) with its usual
// settings. Prints a table and writes bench/results/relevance-<timestamp>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { projectRoot } from '../src/app/config.ts';
import { loadDemoCorpus } from '../src/harvest/demo.ts';
import { testContext } from '../test/support/stores.ts';
import { benchStores } from './support.ts';
import {
  grade,
  judgedRecords,
  loadJudgements,
  ndcg,
  recall,
  recordKey,
  type JudgedRecord,
} from '../test/support/relevance.ts';

const judgements = loadJudgements();
type Ranker = (q: string) => Promise<string[]>;
const results: { system: string; query: string; ndcg10: number; recall50: number }[] = [];

async function evaluate(system: string, rank: Ranker, gradesByQuery: Map<string, Map<string, number>>): Promise<void> {
  for (const j of judgements) {
    const ranked = await rank(j.q);
    const grades = gradesByQuery.get(j.id)!;
    results.push({ system, query: j.id, ndcg10: ndcg(ranked, grades, 10), recall50: recall(ranked, grades, 50) });
  }
}

const stores = await benchStores();
let gradesByQuery: Map<string, Map<string, number>> | null = null;
let corpus: JudgedRecord[] = [];
for (const kind of stores) {
  const { ctx, cleanup } = await testContext(kind);
  try {
    await loadDemoCorpus(ctx.store.db, ctx.imports, ctx.config.dataDir);
    if (!gradesByQuery) {
      corpus = await judgedRecords(ctx);
      gradesByQuery = new Map(judgements.map((j) => [j.id, new Map(corpus.map((r) => [r.key, grade(j, r)]))]));
    }
    await evaluate(
      `leergoed-${kind}`,
      async (q) => {
        const page = await ctx.search.list({ q, limit: 50, facets: false });
        return page.items.map(recordKey);
      },
      gradesByQuery,
    );
  } finally {
    await cleanup();
  }
}

// The baseline: MiniSearch over the same fields, title boosted, prefix and fuzzy matching on.
const mini = new MiniSearch<JudgedRecord>({
  idField: 'key',
  fields: ['title', 'keywords', 'subjects', 'description', 'creators'],
  storeFields: [],
});
mini.addAll(corpus);
await evaluate(
  'minisearch',
  async (q) =>
    mini
      .search(q, { boost: { title: 2 }, prefix: true, fuzzy: 0.2 })
      .slice(0, 50)
      .map((r) => String(r.id)),
  gradesByQuery!,
);

const systems = [...new Set(results.map((r) => r.system))];
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
console.log(`\n${judgements.length} judged queries over ${corpus.length} records\n`);
console.log(['query', ...systems.map((s) => `${s} nDCG@10 / R@50`)].join(' | '));
for (const j of judgements) {
  console.log(
    [
      j.id.padEnd(5),
      j.q.padEnd(34),
      ...systems.map((s) => {
        const r = results.find((x) => x.system === s && x.query === j.id)!;
        return `${r.ndcg10.toFixed(3)} / ${r.recall50.toFixed(3)}`;
      }),
    ].join(' | '),
  );
}
const summary = systems.map((s) => {
  const own = results.filter((r) => r.system === s);
  return { system: s, ndcg10: mean(own.map((r) => r.ndcg10)), recall50: mean(own.map((r) => r.recall50)) };
});
console.log('\nmean');
for (const s of summary)
  console.log(`${s.system.padEnd(18)} nDCG@10 ${s.ndcg10.toFixed(3)}  recall@50 ${s.recall50.toFixed(3)}`);
const baseline = summary.find((s) => s.system === 'minisearch')!;
for (const s of summary.filter((x) => x !== baseline)) {
  console.log(
    `${s.system} vs minisearch: nDCG@10 ×${(s.ndcg10 / baseline.ndcg10).toFixed(2)}, recall@50 ×${(s.recall50 / baseline.recall50).toFixed(2)}`,
  );
}
const dir = join(projectRoot, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `relevance-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ queries: judgements.length, records: corpus.length, summary, results }, null, 2));
console.log(`\nwritten to ${file}`);
