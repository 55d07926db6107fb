// `npm run bench:objectives`: precision and recall of the suggested learning objectives against
// alignments held out as ground truth. Two sets: (1) every record of the demo corpus that carries
// objectives in its source metadata (its objectives are hidden from the suggester, which sees the
// text only); (2) SLO's deprecated kerndoelen, whose own text should lead to the kerndoel that
// replaced them (SLO's replacedBy is the ground truth). Prints a table, writes
// bench/results/objectives-<timestamp>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/app/config.ts';
import { ObjectiveSuggester, type SuggestionText } from '../src/catalogue/objectives.ts';
import { loadDemoCorpus } from '../src/harvest/demo.ts';
import { loadVocabularies } from '../src/vocab/vocabulary.ts';
import { testContext } from '../test/support/stores.ts';

interface Case {
  text: SuggestionText;
  truth: Set<string>;
}
interface Score {
  set: string;
  cases: number;
  k: number;
  precision: number;
  recall: number;
  top1: number;
}

const vocab = loadVocabularies(join(projectRoot, 'data'));
const suggester = new ObjectiveSuggester(vocab);

function evaluate(set: string, cases: Case[], k: number): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let top1 = 0;
  for (const c of cases) {
    const ids = suggester.suggest(c.text, { limit: k }).map((s) => s.objectiveId);
    tp += ids.filter((id) => c.truth.has(id)).length;
    fp += ids.filter((id) => !c.truth.has(id)).length;
    fn += [...c.truth].filter((id) => !ids.includes(id)).length;
    if (ids[0] && c.truth.has(ids[0])) top1++;
  }
  return {
    set,
    cases: cases.length,
    k,
    precision: tp / Math.max(tp + fp, 1),
    recall: tp / Math.max(tp + fn, 1),
    top1: top1 / Math.max(cases.length, 1),
  };
}

// (1) Demo records with objectives in their metadata.
process.env.LEERGOED_TEST_PG_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const { ctx, cleanup } = await testContext('sqlite');
const aligned: Case[] = [];
try {
  await loadDemoCorpus(ctx.store.db, ctx.imports, ctx.config.dataDir);
  let cursor: string | null = null;
  do {
    const page = await ctx.search.list({ limit: 100, facets: false, cursor });
    for (const r of page.items) {
      const truth = new Set(r.objectives.filter((o) => o.alignment === 'source').map((o) => o.id));
      if (truth.size === 0) continue;
      aligned.push({
        truth,
        text: {
          title: r.title,
          description: r.description,
          keywords: r.keywords,
          labels: [...r.subjects, ...r.levels].map((c) => c.label),
          levels: r.levels.map((c) => c.id),
          language: r.language,
        },
      });
    }
    cursor = page.nextCursor;
  } while (cursor);
} finally {
  await cleanup();
}

// (2) Deprecated kerndoelen → the kerndoel that replaced them.
const replaced: Case[] = vocab
  .list('kerndoel')
  .filter((c) => c.deprecated && c.extra.type === 'kerndoel')
  .map((c) => ({
    truth: new Set(c.replacedBy.filter((id) => vocab.get('kerndoel', id)?.extra.type === 'kerndoel')),
    text: { title: c.labelNl, description: c.description, keywords: [], labels: [], levels: [], language: 'nl' },
  }))
  .filter((c) => c.truth.size > 0);

const scores: Score[] = [];
for (const k of [1, 3, 5]) {
  if (aligned.length) scores.push(evaluate('demo records with objectives in their metadata', aligned, k));
  scores.push(evaluate('SLO deprecated kerndoel → its replacement', replaced, k));
}
if (!aligned.length)
  console.warn('The demo corpus holds no records with objectives in their metadata: set (1) is empty.');
console.table(
  scores.map((s) => ({
    ...s,
    precision: s.precision.toFixed(3),
    recall: s.recall.toFixed(3),
    top1: s.top1.toFixed(3),
  })),
);
const dir = join(projectRoot, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `objectives-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ aligned: aligned.length, replaced: replaced.length, scores }, null, 2));
console.error(`written to ${file}`);
