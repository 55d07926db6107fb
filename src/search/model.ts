import type { Status } from '../catalogue/model.ts';
import type { ResourceView } from '../catalogue/view.ts';
import type { SortOrder } from './repository.ts';
import type { Segment } from './engine/highlight.ts';
import type { ScoreExplanation } from './engine/search-index.ts';
import type { TermScheme } from './engine/terms.ts';

/** How many results carry one value of a facet scheme. */
export type FacetCount = { scheme: string; concept_id: string; n: number };

/** A facet: counts per value over the current result set. */
export interface Facet {
  name: TermScheme;
  /** Counts estimated from a sample of the results (broad results only). */
  approximate: boolean;
  /** How many values the facet has (`values` may list fewer). */
  valueCount: number;
  values: {
    id: string;
    label: string;
    labelEn: string | null;
    parent: string | null;
    count: number;
    selected: boolean;
  }[];
}

/** A listed resource; with a text query also how it matched. */
export type ListItem = ResourceView & {
  match?: { title: Segment[]; snippet: Segment[] | null; explain?: ScoreExplanation };
};

/** What the search made of the query, and how to broaden an empty result. */
export interface QueryHelp {
  /** The query the results are for, when unknown words were corrected. */
  correctedQuery: string | null;
  /** No result had every word: these results have some of them. */
  relaxed: boolean;
  didYouMean: string | null;
  compounds: { word: string; parts: string[] }[];
  expansions: { word: string; words: string[] }[];
  synonyms: { words: string; alternatives: string[] }[];
  ignored: string[];
  broader: (
    | { type: 'remove-filter'; filter: TermScheme; value: string; label: string; labelEn: string | null; count: number }
    | { type: 'remove-word'; word: string; query: string; count: number }
  )[];
}

export interface ListQuery {
  q?: string;
  terms?: Partial<Record<TermScheme, string[]>>;
  /** `published` for everyone; editors may ask for drafts and withdrawn ones too. */
  statuses?: Status[];
  sort?: SortOrder;
  cursor?: string | null;
  limit?: number;
  facets?: boolean;
  /** At most this many values per facet (the most frequent, plus the selected ones); all when absent. */
  facetValues?: number;
  /** Return the parts of each result's score. */
  explain?: boolean;
}

export interface ListResult {
  items: ListItem[];
  total: number;
  facets: Facet[];
  nextCursor: string | null;
  query: QueryHelp;
}
