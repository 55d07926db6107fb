import { isStopword, stem, wordSpans } from './analysis.ts';

/** A piece of text, marked when it matched the query. */
export interface Segment {
  text: string;
  mark: boolean;
}

export interface HighlightTerms {
  terms: string[];
  prefixes: string[];
}

function matcher(highlight: HighlightTerms): (word: string) => boolean {
  const terms = new Set(highlight.terms);
  return (word) => {
    if (isStopword(word)) return false;
    if (terms.has(stem(word, 'nl')) || terms.has(stem(word, 'en'))) return true;
    return highlight.prefixes.some((p) => word.startsWith(p));
  };
}

function segments(text: string, spans: { start: number; end: number }[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.start > at) out.push({ text: text.slice(at, span.start), mark: false });
    out.push({ text: text.slice(span.start, span.end), mark: true });
    at = span.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}

/** The whole text in segments, the words that match marked. */
export function highlightText(text: string, highlight: HighlightTerms): Segment[] {
  const matches = matcher(highlight);
  return segments(
    text,
    wordSpans(text).filter((s) => matches(s.word)),
  );
}

/**
 * A window of about `size` words of the text around the most matches, in segments, with "…"
 * where it was cut. Null when no word matches.
 */
export function snippet(text: string, highlight: HighlightTerms, size = 28): Segment[] | null {
  const matches = matcher(highlight);
  const spans = wordSpans(text);
  const hits = spans.map((s) => matches(s.word));
  if (!hits.some(Boolean)) return null;
  let best = 0;
  let bestCount = -1;
  let count = 0;
  for (let i = 0; i < spans.length; i++) {
    if (hits[i]) count++;
    if (i >= size && hits[i - size]) count--;
    if (count > bestCount) {
      bestCount = count;
      best = Math.max(0, i - size + 1);
    }
  }
  // Start a little before the first hit of the window, so the match has context.
  const firstHit = hits.indexOf(true, best);
  const from = Math.max(0, Math.min(best, firstHit - 4));
  const to = Math.min(spans.length, from + size);
  const start = from === 0 ? 0 : spans[from]!.start;
  const end = to >= spans.length ? text.length : spans[to - 1]!.end;
  const window = text.slice(start, end);
  const marked = spans
    .slice(from, to)
    .filter((_, i) => hits[from + i])
    .map((s) => ({ start: s.start - start, end: s.end - start }));
  const out = segments(window, marked);
  if (start > 0) out.unshift({ text: '… ', mark: false });
  if (end < text.length) out.push({ text: ' …', mark: false });
  return out;
}
