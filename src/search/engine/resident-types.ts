import { TERM_SCHEMES, type TermScheme } from './terms.ts';
import type { MatchedSet } from './search-index.ts';

export const STATUS_CODES: Record<string, number> = { draft: 1, published: 2, withdrawn: 3 };

/** One resource as the store gives it to the index. */
export interface ResidentRow {
  id: string;
  status: string;
  updated_at: string;
  created_at: string;
  sort_title: string;
  /** Its terms as `scheme<TAB>concept` lines (null for none). */
  terms: string | null;
  /** The search engine's key of its text and its quality, where the engine answers matches by key. */
  search_key: number | null;
  quality: number | null;
  /** Its indexed text as the search engine stores it (null: not indexed). */
  text: string | null;
}

/** What a selection asks: filters, text matches, facets and the page. */
export interface ResidentQuery {
  terms: Partial<Record<TermScheme, string[]>>;
  statuses: string[];
  /** The text matches with their scores (lower is better); null for every resource. */
  matches: MatchedSet | null;
  /** Resources a query's exclusions remove (`-word` without other words). */
  excluded: string[] | Int32Array | null;
  /** The schemes to count; empty for none. */
  facetSchemes: readonly TermScheme[];
  sort: 'relevance' | 'title' | 'newest';
  /** For title and newest: the page starts after this resource. */
  after: string | null;
  /** For relevance: how many best results to skip. */
  offset: number;
  /** How many ids the page holds. */
  limit: number;
}

export interface ResidentResult {
  total: number;
  counts: { scheme: string; concept_id: string; n: number }[];
  /** The page's resource ids in order; null when the order is being recomputed (the store must page). */
  page: string[] | null;
}

export const SCHEME_INDEX = new Map<string, number>(TERM_SCHEMES.map((s, i) => [s, i]));

/** How a selection counts facets: the cheaper way (`auto`), or one way (to compare them in tests). */
export type Counting = 'auto' | 'walk' | 'bits';
