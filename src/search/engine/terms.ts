/** The facet and filter dimensions stored in `resource_term`. */
export const TERM_SCHEMES = [
  'kind',
  'level',
  'subject',
  'objective',
  'type',
  'licence',
  'reusability',
  'institution',
  'language',
  'period',
  'image',
] as const;
export type TermScheme = (typeof TERM_SCHEMES)[number];
