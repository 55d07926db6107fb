import { stemmer as dutchStemmer } from '@orama/stemmers/dutch';
import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { eng as englishStopwords, nld as dutchStopwords } from 'stopword';

/**
 * Text analysis shared by both search engines and by highlighting: the index and the query see
 * the same tokens, so SQLite and PostgreSQL match the same resources.
 *
 * A word is folded (no diacritics, lower case), dropped when it is a Dutch or English stop word,
 * and stemmed with the Snowball stemmer of the text's language (Dutch unless the text is English).
 * A query word matches either stem, so "plantages" finds a Dutch "plantage" and "paintings" an
 * English "painting".
 */

export type AnalysisLanguage = 'nl' | 'en';

const STOPWORDS = new Set<string>([...dutchStopwords, ...englishStopwords]);

/** Folds text: no diacritics, lower case. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** One word of a text with where it stands in the original, for highlighting. */
export interface WordSpan {
  /** The folded word. */
  word: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The folded words of a text (letters and digits), at most 64 characters each. */
export function words(text: string): string[] {
  return (foldText(text).match(WORD) ?? []).map((w) => w.slice(0, 64));
}

/** The words of a text with their offsets in the original string (folding keeps offsets per word). */
export function wordSpans(text: string): WordSpan[] {
  const spans: WordSpan[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = foldText(match[0]).slice(0, 64);
    spans.push({ word, start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** The language whose stemmer fits a resource: English for English text, Dutch otherwise. */
export function analysisLanguage(language: string | null | undefined): AnalysisLanguage {
  return language?.toLowerCase().startsWith('en') ? 'en' : 'nl';
}

/**
 * Stems one folded word. Numbers and very short words stay as they are. Dutch plurals in "-es"
 * after a vowel-final stem ("plantages", "collages") lose their "s" first: Snowball Dutch leaves
 * them alone, which would keep "plantages" from matching "plantage"; so do "zeeën" and "knieën".
 */
export function stem(word: string, language: AnalysisLanguage): string {
  if (/^\p{N}+$/u.test(word)) return word;
  if (language === 'en') return word.length <= 3 ? word : englishStemmer(word);
  if (word.length <= 3) return normaliseDutchStem(word);
  // Plurals Snowball leaves alone: "plantages" (-es after a vowel-final stem), "zeeën", "knieën".
  const base =
    word.length > 5 && /[aeiou][bcdfgklmnprtvz]es$/.test(word)
      ? word.slice(0, -1)
      : word.length > 4 && /(ee|ie)en$/.test(word)
        ? word.slice(0, -2)
        : word;
  return normaliseDutchStem(dutchStemmer(base));
}

/**
 * Two steps Snowball Dutch leaves out, so spelling variants of one word meet: double vowels are
 * undoubled ("straat" and "straten", "hindoestaan" and "hindoestanen") and an adjective's final "s"
 * after a consonant goes ("Surinaams" and "Suriname", "Nederlands" and "Nederland").
 */
function normaliseDutchStem(stemmed: string): string {
  const single = stemmed.replace(/([aeou])\1/g, '$1');
  return single.length >= 6 && /[^aeiouys]s$/.test(single) ? single.slice(0, -1) : single;
}

/** The stems a query word may match: its Dutch and English stems (one when they agree). */
export function queryStems(word: string): string[] {
  const nl = stem(word, 'nl');
  const en = stem(word, 'en');
  return nl === en ? [nl] : [nl, en];
}

/** The index tokens of a text: folded words without stop words, stemmed, in order. */
export function analyze(text: string, language: AnalysisLanguage): string[] {
  const out: string[] = [];
  for (const word of words(text)) if (!isStopword(word)) out.push(stem(word, language));
  return out;
}

/** Damerau–Levenshtein distance (optimal string alignment), stopping early above `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** How many edits a correction of a word of this length may need: none below 4 letters, 1 up to 7, 2 beyond. */
export function allowedEdits(word: string): number {
  return word.length < 4 ? 0 : word.length <= 7 ? 1 : 2;
}
