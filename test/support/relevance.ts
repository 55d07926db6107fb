import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/app/config.ts';
import type { AppContext } from '../../src/app/context.ts';
import type { ResourceView } from '../../src/catalogue/view.ts';
import { foldText } from '../../src/search/engine/analysis.ts';

/** The fields a judgement looks at, as plain text. */
export interface JudgedRecord {
  key: string;
  title: string;
  keywords: string;
  subjects: string;
  description: string;
  creators: string;
}

type Concept = string | { in: (keyof JudgedRecord)[]; re: string };

export interface JudgedQuery {
  id: string;
  q: string;
  lang: 'nl' | 'en';
  need: string;
  concepts: Concept[];
}

export function loadJudgements(): JudgedQuery[] {
  return (
    JSON.parse(readFileSync(join(projectRoot, 'bench', 'relevance', 'judgements.json'), 'utf8')) as {
      queries: JudgedQuery[];
    }
  ).queries;
}

/** A record's grade for a query (0–3), by the rule in `judgements.json`. */
export function grade(query: JudgedQuery, record: JudgedRecord): number {
  const folded = Object.fromEntries(
    Object.entries(record).map(([k, v]) => [k, foldText(v)]),
  ) as unknown as JudgedRecord;
  const test = (concept: Concept, fields: (keyof JudgedRecord)[]) => {
    const re = new RegExp(typeof concept === 'string' ? concept : concept.re, 'u');
    const where = typeof concept === 'string' ? fields : concept.in;
    return where.some((f) => re.test(folded[f]));
  };
  const about: (keyof JudgedRecord)[] = ['title', 'keywords'];
  const anywhere: (keyof JudgedRecord)[] = ['title', 'keywords', 'subjects', 'description', 'creators'];
  if (query.concepts.every((c) => test(c, about))) return 3;
  if (query.concepts.every((c) => test(c, anywhere))) return 2;
  if (test(query.concepts[0]!, about)) return 1;
  return 0;
}

/** nDCG at k with gains 2^grade − 1; the ideal ranking is over every graded record. */
export function ndcg(ranked: string[], grades: Map<string, number>, k = 10): number {
  const dcg = (gains: number[]) => gains.slice(0, k).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...grades.values()].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(ranked.map((key) => grades.get(key) ?? 0)) / ideal;
}

/** Recall at k of the relevant records (grade ≥ 2), capped: found / min(k, relevant). */
export function recall(ranked: string[], grades: Map<string, number>, k = 50): number {
  const relevant = [...grades].filter(([, g]) => g >= 2).map(([key]) => key);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((key) => top.has(key)).length / Math.min(k, relevant.length);
}

/** A record's key across stores: its source and the source's identifier. */
export function recordKey(r: ResourceView): string {
  return `${r.provenance.source?.name}|${r.provenance.originalId}`;
}

/** Every published record of a store as the judge sees it. */
export async function judgedRecords(ctx: AppContext): Promise<JudgedRecord[]> {
  const out: JudgedRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await ctx.search.list({ limit: 100, facets: false, cursor });
    for (const r of page.items) {
      out.push({
        key: recordKey(r),
        title: r.title,
        keywords: r.keywords.join(' | '),
        subjects: [...r.subjects, ...r.objectives, ...r.resourceTypes].map((c) => c.label).join(' | '),
        description: r.description ?? '',
        creators: r.creators.map((c) => c.name).join(' | '),
      });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
