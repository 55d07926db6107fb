import { analyze, isStopword, stem, words } from '../search/engine/analysis.ts';
import type { Concept } from '../vocab/model.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';

/** A learning objective suggested for a text, with the words that led to it. */
export interface ObjectiveSuggestion {
  objectiveId: string;
  score: number;
  /** The words of the resource that matched the objective's description. */
  matchedWords: string[];
}

/** The text of a resource the suggester reads. */
export interface SuggestionText {
  title: string;
  description: string | null;
  keywords: string[];
  /** Subject and level labels, which count like keywords. */
  labels: string[];
  /** Level ids of the resource: kerndoelen of other levels are left out. */
  levels: string[];
  /**
   * The language of the text (`nl`, `en`, …). The objectives are written in Dutch: a text known to be
   * in another language gets no suggestions (its words would match Dutch ones by accident: an
   * English "war" is the stem of the Dutch "waar"). Unknown: read as Dutch, unless it reads as English.
   */
  language?: string | null;
}

interface Profile {
  concept: Concept;
  weights: Map<string, number>;
  norm: number;
  levels: Set<string>;
  /** The stems of the objective's own label: a text naming all of them needs no second word. */
  label: Set<string>;
}

/** Function words only English has, and only Dutch: to tell an English text without a language tag. */
const ENGLISH_WORDS = new Set([
  'the',
  'of',
  'and',
  'with',
  'by',
  'from',
  'was',
  'were',
  'taken',
  'this',
  'that',
  'which',
  'his',
  'her',
  'its',
  'on',
  'at',
  'an',
  'around',
  'for',
  'is',
  'are',
]);
const DUTCH_WORDS = new Set([
  'de',
  'het',
  'een',
  'en',
  'van',
  'op',
  'met',
  'voor',
  'bij',
  'uit',
  'naar',
  'zijn',
  'door',
  'werd',
  'wordt',
  'is',
  'in',
  'aan',
  'als',
  'ook',
  'om',
  'niet',
  'die',
  'dat',
]);

/** Whether an untagged text reads as English: more English-only function words than Dutch ones, and at least two. */
export function readsAsEnglish(text: string): boolean {
  let english = 0;
  let dutch = 0;
  for (const word of text.toLowerCase().split(/[^a-zà-ÿ]+/)) {
    if (ENGLISH_WORDS.has(word) && !DUTCH_WORDS.has(word)) english++;
    else if (DUTCH_WORDS.has(word) && !ENGLISH_WORDS.has(word)) dutch++;
  }
  return english >= 2 && english > dutch;
}

/** Whether a language tag says Dutch, another language, or nothing (und, mul, n/a, none). */
function languageOf(tag: string | null | undefined): 'nl' | 'other' | 'unknown' {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (['nl', 'nld', 'dut'].includes(primary)) return 'nl';
  return /^[a-z]{2,3}$/.test(primary) && !['und', 'mul', 'zxx', 'mis'].includes(primary) ? 'other' : 'unknown';
}

/** Stems that say nothing about a kerndoel's subject (every kerndoel speaks of pupils learning). */
const CURRICULUM_WORDS = new Set([
  'leerling',
  'ler',
  'leren',
  'kunnen',
  'kennis',
  'mak',
  'gebruik',
  'verschill',
  'onder',
  'and',
  'daarbij',
  'eigen',
  'leert',
  'leerlingen',
  'krijg',
  'wer',
  'omgaan',
]);

/**
 * Suggests learning objectives (kerndoelen, and leerdoelen of the leerdoelenkaarten) for a resource
 * from its text: each objective has a profile of the stems of its text and of the nodes above it
 * (domain, subject area; vakkern), weighted by how rare they are among kerndoelen
 * (idf); a resource's stems (title and keywords counting double) score against every profile,
 * cosine-like. Pure: the same text gives the same suggestions.
 */
export class ObjectiveSuggester {
  private readonly profiles: Profile[];
  private readonly idf = new Map<string, number>();

  constructor(vocab: Vocabularies) {
    // Kerndoelen, and the leerdoelen of the leerdoelenkaarten down to their contents.
    const kerndoelen = [
      ...vocab.list('kerndoel').filter((c) => c.extra.type === 'kerndoel' && !c.deprecated),
      ...vocab
        .list('leerdoel')
        .filter((c) => (c.extra.type === 'vakinhoud' || c.extra.type === 'vaksubkern') && !c.deprecated),
    ];
    const ancestorsText = (c: Concept, depth = 0): string =>
      depth > 4
        ? ''
        : c.broader
            .map((id) => {
              const parent = vocab.get(c.scheme, id);
              return parent ? `${parent.labelNl} ${ancestorsText(parent, depth + 1)}` : '';
            })
            .join(' ');
    const stemsOf = (c: Concept) =>
      analyze(
        `${c.labelNl} ${String(c.extra.text ?? c.description ?? '')} ${c.labelNl} ${ancestorsText(c)}`,
        'nl',
      ).filter((s) => s.length > 2 && !CURRICULUM_WORDS.has(s) && !/^\d+$/.test(s));
    const docs = kerndoelen.map((c) => ({ concept: c, stems: stemsOf(c) }));
    const df = new Map<string, number>();
    for (const d of docs) for (const s of new Set(d.stems)) df.set(s, (df.get(s) ?? 0) + 1);
    for (const [s, n] of df) this.idf.set(s, Math.log(1 + kerndoelen.length / n));
    this.profiles = docs.map(({ concept, stems }) => {
      const weights = new Map<string, number>();
      for (const s of stems) weights.set(s, (weights.get(s) ?? 0) + this.idf.get(s)!);
      const norm = Math.sqrt([...weights.values()].reduce((sum, w) => sum + w * w, 0)) || 1;
      return {
        concept,
        weights,
        norm,
        levels: new Set((concept.extra.levels as string[] | undefined) ?? []),
        label: new Set(
          analyze(concept.labelNl, 'nl').filter((s) => s.length > 2 && !CURRICULUM_WORDS.has(s) && !/^\d+$/.test(s)),
        ),
      };
    });
  }

  /** Up to `limit` suggestions with a score of at least `threshold` (0–1), best first. */
  suggest(text: SuggestionText, options: { limit?: number; threshold?: number } = {}): ObjectiveSuggestion[] {
    const limit = options.limit ?? 3;
    const threshold = options.threshold ?? 0.12;
    const weights = new Map<string, number>();
    const surface = new Map<string, string>();
    const language = languageOf(text.language);
    if (language === 'other') return [];
    // An untagged text that reads as English is English: its words would match Dutch ones by accident
    // (the English "taken" is the Dutch "taken", tasks).
    if (language === 'unknown' && readsAsEnglish(`${text.title} ${text.description ?? ''}`)) return [];
    const languages: ('nl' | 'en')[] = ['nl'];
    const add = (value: string, weight: number) => {
      for (const word of words(value)) {
        if (isStopword(word)) continue;
        for (const s of new Set(languages.map((l) => stem(word, l)))) {
          if (!this.idf.has(s)) continue;
          weights.set(s, (weights.get(s) ?? 0) + weight * this.idf.get(s)!);
          if (!surface.has(s)) surface.set(s, word);
        }
      }
    };
    add(text.title, 2);
    add(text.keywords.join(' '), 2);
    add(text.labels.join(' '), 2);
    add(text.description ?? '', 1);
    const norm = Math.sqrt([...weights.values()].reduce((sum, w) => sum + w * w, 0));
    if (norm === 0) return [];
    const levels = new Set(text.levels);
    const scored: ObjectiveSuggestion[] = [];
    for (const profile of this.profiles) {
      if (levels.size > 0 && profile.levels.size > 0 && ![...levels].some((l) => profile.levels.has(l))) continue;
      let dot = 0;
      const matched: string[] = [];
      for (const [s, w] of weights) {
        const p = profile.weights.get(s);
        if (p === undefined) continue;
        dot += w * p;
        matched.push(surface.get(s)!);
      }
      if (dot === 0) continue;
      // One word is weak evidence ("foto" for the photoelectric effect): a suggestion needs two
      // different words, unless the one word is the objective's whole label ("slavernij").
      const stems = new Set([...weights.keys()].filter((s) => profile.weights.has(s)));
      if (stems.size < 2 && !(profile.label.size > 0 && [...profile.label].every((s) => stems.has(s)))) continue;
      const score = dot / (norm * profile.norm);
      if (score >= threshold)
        scored.push({
          objectiveId: profile.concept.id,
          score: Math.round(score * 1000) / 1000,
          matchedWords: [...new Set(matched)].slice(0, 12),
        });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
