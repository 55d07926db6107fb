import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Vocabularies } from '../../vocab/vocabulary.ts';
import { words } from './analysis.ts';

/**
 * Groups of equivalent expressions ("WO2" ~ "Tweede Wereldoorlog" ~ "second world war"): the
 * curated list in `data/search/synonyms.tsv` plus the Dutch and English labels of the subject
 * vocabulary ("geschiedenis" ~ "history").
 */
export class Synonyms {
  private readonly groups = new Map<string, string[][]>();
  /** The longest expression in words: how far the planner looks ahead. */
  maxWords = 1;

  constructor(groups: string[][]) {
    for (const group of groups) {
      const expressions = group.map((e) => words(e)).filter((w) => w.length > 0);
      if (expressions.length < 2) continue;
      for (const expression of expressions) {
        const key = expression.join(' ');
        const others = expressions.filter((e) => e.join(' ') !== key);
        const existing = this.groups.get(key) ?? [];
        for (const other of others) if (!existing.some((e) => e.join(' ') === other.join(' '))) existing.push(other);
        this.groups.set(key, existing);
        this.maxWords = Math.max(this.maxWords, expression.length);
      }
    }
  }

  /** The other expressions of the groups that `folded` (folded words) names; empty when none. */
  alternatives(folded: string[]): string[][] {
    return this.groups.get(folded.join(' ')) ?? [];
  }

  get size(): number {
    return this.groups.size;
  }

  /** Every expression of every group, as folded words. */
  expressions(): string[][] {
    return [...this.groups.keys()].map((key) => key.split(' '));
  }
}

/** Reads `synonyms.tsv`: one group per line, expressions separated by tabs, `#` comments. */
export function parseSynonyms(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) =>
      line
        .split('\t')
        .map((e) => e.trim())
        .filter(Boolean),
    );
}

export function loadSynonyms(dataDir: string, vocab: Vocabularies | null): Synonyms {
  const groups = parseSynonyms(readFileSync(join(dataDir, 'search', 'synonyms.tsv'), 'utf8'));
  if (vocab) {
    for (const concept of vocab.list('subject')) {
      if (concept.labelEn && concept.labelEn.toLowerCase() !== concept.labelNl.toLowerCase())
        groups.push([concept.labelNl, concept.labelEn]);
    }
  }
  return new Synonyms(groups);
}
