import { allowedEdits, editDistance, isStopword, queryStems, stem, words } from './analysis.ts';
import type { Synonyms } from './synonyms.ts';

/**
 * The query language: words (all must match), "phrases", `-word` to exclude, `a OR b`, `prefix*`,
 * and field filters `titel:` / `title:` and `maker:` / `creator:` before a word or phrase.
 */

export type Field = 'title' | 'maker';

/** One clause of a parsed query. */
export interface Clause {
  kind: 'word' | 'phrase' | 'prefix';
  /** Folded words (one for `word` and `prefix`). */
  words: string[];
  field: Field | null;
  negate: boolean;
  /** The clause as the user typed it, for messages. */
  text: string;
}

/** A parsed query: groups of clauses; clauses in a group are alternatives (OR), groups all must hold. */
export interface ParsedQuery {
  groups: Clause[][];
  excluded: Clause[];
}

const FIELDS: Record<string, Field> = {
  titel: 'title',
  title: 'title',
  maker: 'maker',
  creator: 'maker',
  kunstenaar: 'maker',
  auteur: 'maker',
  author: 'maker',
};
const MAX_CLAUSES = 16;
/**
 * A word in at most this many documents is also searched as the parts of a compound that are more
 * common than itself: "slavernijverleden" (one record) also finds "slavernij" (83 records).
 */
const RARE_WORD_DOCS = 3;
/** A word this long or longer is also searched as the head of longer compounds, at most this many. */
const MIN_HEAD = 5;
const MAX_EXPANSIONS = 8;

/** Parses a query string. Never throws: stray quotes or operators are read as plainly as possible. */
export function parseQuery(input: string): ParsedQuery {
  const tokens: { text: string; quoted: boolean; negate: boolean; field: Field | null; raw: string }[] = [];
  const pattern = /(-)?(?:([\p{L}]+):)?(?:"([^"]*)"?|(\S+))/gu;
  for (const match of input.slice(0, 500).matchAll(pattern)) {
    const [raw, minus, fieldName, phrase, word] = match;
    const field = fieldName ? (FIELDS[fieldName.toLowerCase()] ?? null) : null;
    // An unknown "name:" prefix is part of the text ("10:30", "http:").
    const text = fieldName && !field ? `${fieldName} ${phrase ?? word ?? ''}` : (phrase ?? word ?? '');
    tokens.push({ text, quoted: phrase !== undefined, negate: !!minus, field, raw });
  }
  const groups: Clause[][] = [];
  const excluded: Clause[] = [];
  let joinNext = false;
  for (const token of tokens) {
    if (!token.quoted && token.text === 'OR' && !token.negate && !token.field) {
      joinNext = groups.length > 0;
      continue;
    }
    const clauses = clausesOf(token);
    if (clauses.length === 0) continue;
    if (token.negate) {
      excluded.push(...clauses);
      joinNext = false;
      continue;
    }
    if (joinNext && groups.length > 0 && clauses.length === 1) groups.at(-1)!.push(clauses[0]!);
    else for (const clause of clauses) groups.push([clause]);
    joinNext = false;
  }
  return { groups: groups.slice(0, MAX_CLAUSES), excluded: excluded.slice(0, MAX_CLAUSES) };
}

function clausesOf(token: {
  text: string;
  quoted: boolean;
  negate: boolean;
  field: Field | null;
  raw: string;
}): Clause[] {
  const folded = words(token.text);
  if (folded.length === 0) return [];
  const base = { field: token.field, negate: token.negate, text: token.raw };
  // Quoted, even one word is taken as written: no corrections, compound parts, expansions or synonyms.
  if (token.quoted) return [{ ...base, kind: 'phrase', words: folded }];
  if (!token.quoted && token.text.endsWith('*') && folded.length === 1 && folded[0]!.length >= 2)
    return [{ ...base, kind: 'prefix', words: folded }];
  // "wo2-monument" and the like: each word its own clause, like separate words.
  return folded.map((w) => ({ ...base, kind: 'word' as const, words: [w], text: folded.length === 1 ? token.raw : w }));
}

/** A synonym's words as the stems a query matches (stop words left out; Dutch stems). */
export function synonymStems(words: string[]): string[] {
  return words.filter((w) => !isStopword(w)).map((w) => stem(w, 'nl'));
}

/** A quoted phrase's words as the stem sequences a query matches: Dutch and English stems (once when equal); none for stop words only. */
export function phraseStems(words: string[]): string[][] {
  const kept = words.filter((w) => !isStopword(w));
  if (kept.length === 0) return [];
  return [...new Set([kept.map((w) => stem(w, 'nl')).join(' '), kept.map((w) => stem(w, 'en')).join(' ')])].map((s) =>
    s.split(' '),
  );
}

/**
 * The phrases of stems the synonyms bring into queries, and those a teacher typing a synonym
 * between quotes gets: worth keeping postings for (see `KnownPhrases`).
 */
export function synonymPhrases(synonyms: Synonyms): string[][] {
  return synonyms
    .expressions()
    .flatMap((words) => [synonymStems(words), ...phraseStems(words)])
    .filter((terms) => terms.length > 1);
}

/** What the index matches: a stem, a stem prefix, a phrase of stems, or all of several matchers. */
export type Matcher =
  | { type: 'term'; term: string }
  | { type: 'prefix'; prefix: string }
  | { type: 'phrase'; terms: string[] }
  | { type: 'all'; of: Matcher[] }
  | { type: 'any'; of: Matcher[] };

/** Alternatives, any of which satisfies the group, optionally restricted to a field. */
export interface MatchGroup {
  field: Field | null;
  any: Matcher[];
  /** The user's words this group came from, for explanations. */
  source: string;
}

/** A query ready for an engine: every `must` group matches (or with `combine: 'any'` at least one), no `mustNot` group does. */
export interface MatchPlan {
  must: MatchGroup[];
  combine: 'all' | 'any';
  mustNot: MatchGroup[];
  /** Corrections made for unknown words ("plantgae" → "plantage"). */
  corrections: { from: string; to: string }[];
  /** Compound words also searched as their parts. */
  compounds: { word: string; parts: string[] }[];
  /** Longer compounds that end in a query word, also searched (a "windmolen" is a "molen"). */
  expansions: { word: string; words: string[] }[];
  /** Words also searched as their synonyms. */
  synonyms: { words: string; alternatives: string[] }[];
  /** Stop words left out. */
  ignored: string[];
  /** Stems and prefixes to highlight in results. */
  highlight: { terms: string[]; prefixes: string[] };
}

/** What the planner may ask of the index's term dictionary. */
export interface Lexicon {
  /** Documents per stem, and a word as it appeared, for the stems that occur. */
  lookup(terms: string[]): Promise<Map<string, { docs: number; word: string }>>;
  /** Known stems close to an unknown one (candidates; the planner picks by edit distance). */
  similar(term: string): Promise<{ term: string; docs: number; word: string }[]>;
  /** The most frequent longer stems that end in this one (compounds with it as their head). */
  endingWith?(term: string, limit: number): Promise<{ term: string; docs: number; word: string }[]>;
}

export function isEmptyPlan(plan: MatchPlan): boolean {
  return plan.must.length === 0 && plan.mustNot.length === 0;
}

interface WordAlternatives {
  /** The word as searched: as typed, or its correction. */
  surface: string;
  stems: string[];
  compound: { parts: string[]; stems: string[] } | null;
}

/** Splits a long word into two known parts, allowing the Dutch linking "s", "e" and "en". */
function compoundSplits(word: string): { head: string; tail: string }[] {
  const splits: { head: string; tail: string }[] = [];
  if (word.length < 8 || /\p{N}/u.test(word)) return splits;
  for (let i = 3; i <= word.length - 4; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    splits.push({ head, tail });
    for (const link of ['s', 'en', 'e'])
      if (head.endsWith(link) && head.length - link.length >= 3)
        splits.push({ head: head.slice(0, -link.length), tail });
  }
  return splits;
}

/**
 * Turns a parsed query into a plan: words become their stems, synonyms and compound parts become
 * alternatives, and words the index has never seen are corrected to the closest known word.
 */
export async function planQuery(
  query: ParsedQuery,
  lexicon: Lexicon,
  synonyms: Synonyms,
  options: { correct?: boolean } = {},
): Promise<MatchPlan> {
  const plan: MatchPlan = {
    must: [],
    combine: 'all',
    mustNot: [],
    corrections: [],
    compounds: [],
    expansions: [],
    synonyms: [],
    ignored: [],
    highlight: { terms: [], prefixes: [] },
  };
  const allClauses = [...query.groups.flat(), ...query.excluded];
  // One dictionary lookup for every stem and compound part the query could use.
  const wanted = new Set<string>();
  for (const clause of allClauses) {
    if (clause.kind !== 'word') continue;
    const word = clause.words[0]!;
    for (const s of queryStems(word)) wanted.add(s);
    for (const { head, tail } of compoundSplits(word)) {
      wanted.add(stem(head, 'nl'));
      wanted.add(stem(tail, 'nl'));
    }
  }
  const known = wanted.size ? await lexicon.lookup([...wanted]) : new Map<string, { docs: number; word: string }>();
  const docs = (term: string) => known.get(term)?.docs ?? 0;

  const alternativesOf = async (word: string, correct: boolean): Promise<WordAlternatives | null> => {
    const stems = queryStems(word);
    let compound: WordAlternatives['compound'] = null;
    let best = 0;
    // Only an unknown or rare word is searched as its parts: a fallback, so a common compound keeps
    // its precision (a rare word's own records rank high: its idf is high).
    const wordDocs = Math.max(...stems.map(docs));
    for (const { head, tail } of wordDocs > RARE_WORD_DOCS ? [] : compoundSplits(word)) {
      const h = stem(head, 'nl');
      const t = stem(tail, 'nl');
      const score = Math.min(docs(h), docs(t));
      if (score > best) {
        best = score;
        compound = { parts: [head, tail], stems: [h, t] };
      }
    }
    if (compound && wordDocs > 0) {
      // A known compound widens only to a part more common than itself: "slavernijverleden" to
      // "slavernij", not to a "verleden" as rare as the compound (it would outrank the compound).
      const { parts, stems: partStems } = compound;
      const kept = [0, 1].filter((i) => docs(partStems[i]!) > wordDocs);
      compound = kept.length ? { parts: kept.map((i) => parts[i]!), stems: kept.map((i) => partStems[i]!) } : null;
    }
    if (stems.some((s) => docs(s) > 0) || compound || !correct) return { surface: word, stems, compound };
    // Unknown word, not a compound of known ones: the closest known word, if one is close enough.
    const target = stems[0]!;
    const max = allowedEdits(word);
    if (max === 0) return { surface: word, stems, compound };
    const candidates = (await lexicon.similar(target))
      .map((c) => ({ ...c, distance: editDistance(target, c.term, max) }))
      .filter((c) => c.distance <= max && c.docs > 0)
      .sort((a, b) => a.distance - b.distance || b.docs - a.docs || a.term.localeCompare(b.term));
    const chosen = candidates[0];
    if (!chosen) return null;
    plan.corrections.push({ from: word, to: chosen.word });
    return { surface: chosen.word, stems: [chosen.term], compound: null };
  };

  const toGroup = async (clause: Clause, correct = options.correct !== false): Promise<MatchGroup | null> => {
    const word = clause.words[0]!;
    if (clause.kind === 'prefix') {
      plan.highlight.prefixes.push(word);
      return { field: clause.field, any: [{ type: 'prefix', prefix: word }], source: clause.text };
    }
    if (clause.kind === 'phrase') {
      const sequences = phraseStems(clause.words);
      plan.highlight.terms.push(...sequences.flat());
      if (sequences.length === 0) return null;
      return {
        field: clause.field,
        any: sequences.map((terms) =>
          terms.length === 1 ? { type: 'term', term: terms[0]! } : { type: 'phrase', terms },
        ),
        source: clause.text,
      };
    }
    if (isStopword(word)) {
      plan.ignored.push(word);
      return null;
    }
    const alternatives = await alternativesOf(word, correct);
    if (!alternatives)
      return { field: clause.field, any: [{ type: 'term', term: queryStems(word)[0]! }], source: clause.text };
    const any: Matcher[] = alternatives.stems.map((term) => ({ type: 'term', term }));
    plan.highlight.terms.push(...alternatives.stems);
    // Dutch compounds name their kind last: "windmolen" and "suikermolen" are a "molen".
    const head = alternatives.stems[0]!;
    const surface = alternatives.surface;
    if (lexicon.endingWith && surface.length >= MIN_HEAD && head.length >= 3 && !/\p{N}/u.test(head)) {
      // The stem matched; the word as written must end in the query word (or a form of it), so a
      // "Cattermole" is no "molen".
      const singulars = [...new Set([surface, surface.replace(/s$/, ''), surface.replace(/en$/, '')])].filter(
        (f) => f.length >= 4,
      );
      const endings = singulars.flatMap((f) => [f, `${f}s`, `${f}en`]);
      const longer = (await lexicon.endingWith(head, MAX_EXPANSIONS * 3))
        .filter((l) => endings.some((e) => l.word.endsWith(e) && l.word.length >= e.length + 3))
        .slice(0, MAX_EXPANSIONS);
      if (longer.length) {
        any.push(...longer.map((l): Matcher => ({ type: 'term', term: l.term })));
        plan.highlight.terms.push(...longer.map((l) => l.term));
        plan.expansions.push({ word: surface, words: longer.map((l) => l.word) });
      }
    }
    if (alternatives.compound) {
      // Either part will do; documents with both rank higher.
      any.push(...alternatives.compound.stems.map((term): Matcher => ({ type: 'term', term })));
      plan.highlight.terms.push(...alternatives.compound.stems);
      plan.compounds.push({ word, parts: alternatives.compound.parts });
    }
    return { field: clause.field, any, source: clause.text };
  };

  // Synonyms apply to runs of plain words: the longest run that names a synonym entry wins.
  const groups = query.groups;
  const plainRun = (from: number) => {
    const run: string[] = [];
    for (let j = from; j < groups.length && run.length < synonyms.maxWords; j++) {
      const g = groups[j]!;
      if (g.length !== 1 || g[0]!.kind !== 'word' || g[0]!.field) break;
      run.push(g[0]!.words[0]!);
    }
    return run;
  };
  for (let i = 0; i < groups.length; i++) {
    const run = plainRun(i);
    let n = run.length;
    while (n > 0 && synonyms.alternatives(run.slice(0, n)).length === 0) n--;
    if (n > 0) {
      const own = run.slice(0, n);
      const parts: MatchGroup[] = [];
      for (const w of own) {
        // A word with synonyms is not "corrected": its synonyms say what it means.
        const g = await toGroup({ kind: 'word', words: [w], field: null, negate: false, text: w }, false);
        if (g) parts.push(g);
      }
      const any: Matcher[] = [];
      if (parts.length === 1) any.push(...parts[0]!.any);
      else if (parts.length > 1)
        any.push({
          type: 'all',
          of: parts.map((p): Matcher => (p.any.length === 1 ? p.any[0]! : { type: 'any', of: p.any })),
        });
      const alternatives = synonyms.alternatives(own);
      for (const alternative of alternatives) {
        const terms = synonymStems(alternative);
        if (terms.length === 0) continue;
        any.push(terms.length === 1 ? { type: 'term', term: terms[0]! } : { type: 'phrase', terms });
        plan.highlight.terms.push(...terms);
      }
      plan.synonyms.push({ words: own.join(' '), alternatives: alternatives.map((a) => a.join(' ')) });
      plan.must.push({ field: null, any: dedupe(any), source: own.join(' ') });
      i += n - 1;
      continue;
    }
    const group = groups[i]!;
    const parts: MatchGroup[] = [];
    for (const clause of group) {
      const g = await toGroup(clause);
      if (g) parts.push(g);
    }
    // A field restricts a whole group, so alternatives joined by OR are searched in every field.
    if (parts.length)
      plan.must.push({
        field: group.length === 1 ? parts[0]!.field : null,
        any: dedupe(parts.flatMap((p) => p.any)),
        source: parts.map((p) => p.source).join(' OR '),
      });
  }
  for (const clause of query.excluded) {
    const g = await toGroup({ ...clause, negate: false });
    if (g) plan.mustNot.push(g);
  }
  plan.highlight.terms = [...new Set(plan.highlight.terms)];
  return plan;
}

function dedupe(matchers: Matcher[]): Matcher[] {
  const seen = new Set<string>();
  return matchers.filter((m) => {
    const key = JSON.stringify(m);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every stem a plan's must groups use, for term statistics (idf). */
export function planTerms(group: MatchGroup): string[] {
  const out: string[] = [];
  const visit = (m: Matcher) => {
    if (m.type === 'term') out.push(m.term);
    else if (m.type === 'phrase') out.push(...m.terms);
    else if (m.type === 'all' || m.type === 'any') m.of.forEach(visit);
  };
  group.any.forEach(visit);
  return out;
}
