import { json, type ResourceRow } from './rows.ts';
import type { Kind } from './model.ts';
import type { Warning } from './view.ts';
import type { TermScheme } from '../search/engine/terms.ts';
import sanitizeHtml from 'sanitize-html';
import { badRequest } from '../kernel/errors.ts';
import { type SearchDocument } from '../search/engine/search-index.ts';
import { licenceFacts, normaliseRights } from '../vocab/licences.ts';
import { type Scheme } from '../vocab/model.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import { parsePeriod, sortTitle, type ResourceInput } from './model.ts';

const FIELD_LIMITS = { title: 1000, description: 20000, keyword: 200, list: 200 };

const HTML_FREE: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {} };

/** Harvested text may carry HTML: keep the text, drop every tag. */
export function plainText(value: string | null | undefined, limit: number): string | null {
  if (!value) return null;
  // Only text that can hold markup or entities goes through the HTML sanitiser (it is the costly part).
  if (!/[<&]/.test(value)) {
    const text = value.replace(/[ \t]+/g, ' ').trim();
    return text ? text.slice(0, limit) : null;
  }
  const text = sanitizeHtml(value, HTML_FREE)
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .trim();
  return text ? text.slice(0, limit) : null;
}

/**
 * The period facet's buckets of a date range: centuries from 1000 ("1600" is 1600–1699), one
 * bucket before that; at most twelve, so a vague "3000 BC–1900" range does not fill every bucket.
 */
export function periodBuckets(start: number | null, end: number | null): string[] {
  if (start === null) return [];
  const last = Math.min(end ?? start, new Date().getFullYear());
  const buckets: string[] = [];
  if (start < 1000) buckets.push('before-1000');
  for (let century = Math.max(1000, Math.floor(start / 100) * 100); century <= last; century += 100)
    buckets.push(String(century));
  return buckets.length > 12 ? [] : buckets;
}

/** Ancestors of concepts (levels under "po", kerndoelen under their domain), for filtering by a broader node. */
export function withAncestors(vocab: Vocabularies, schemes: Scheme[], ids: string[]): string[] {
  const out = new Set<string>();
  const visit = (id: string, depth: number) => {
    if (out.has(id) || depth > 10) return;
    out.add(id);
    for (const scheme of schemes) for (const parent of vocab.get(scheme, id)?.broader ?? []) visit(parent, depth + 1);
  };
  for (const id of ids) visit(id, 0);
  return [...out];
}

/** Turns an input into a row, its filter terms and its search text. Pure apart from the clock. */
export function prepareResource(
  vocab: Vocabularies,
  input: ResourceInput,
  organisationId: string | null,
  organisationName: string | null,
) {
  const title = plainText(input.title, FIELD_LIMITS.title);
  if (!title) throw badRequest('LG_TITLE_REQUIRED', 'A resource needs a title.');
  const rights = normaliseRights(input.rights);
  const metadataRights = normaliseRights(input.metadataLicence);
  const facts = licenceFacts(rights.uri);
  const period =
    input.periodStart !== undefined || input.periodEnd !== undefined
      ? { start: input.periodStart ?? null, end: input.periodEnd ?? input.periodStart ?? null }
      : parsePeriod(input.dateCreated);
  const warnings: Warning[] = [];
  if (rights.status === 'missing')
    warnings.push({ code: 'LG_W_NO_LICENCE', message: 'No licence or rights statement' });
  if (rights.status === 'unknown')
    warnings.push({ code: 'LG_W_UNKNOWN_LICENCE', message: `Licence not recognised: "${rights.raw}"` });
  if (!input.description) warnings.push({ code: 'LG_W_NO_DESCRIPTION', message: 'No description' });
  const list = (values: string[] | undefined) => (values ?? []).slice(0, FIELD_LIMITS.list);
  const keywords = list(input.keywords)
    .map((k) => plainText(k, FIELD_LIMITS.keyword))
    .filter((k): k is string => !!k);
  const creators = (input.creators ?? [])
    .slice(0, FIELD_LIMITS.list)
    .map((c) => ({ name: plainText(c.name, 500) ?? '', role: c.role ?? null, uri: c.uri ?? null }))
    .filter((c) => c.name);
  const levels = list(input.levels);
  const subjects = list(input.subjects);
  const objectives = list(input.objectives);
  const types = list(input.resourceTypes);
  const language = input.language?.toLowerCase().slice(0, 35) ?? null;
  const description = plainText(input.description, FIELD_LIMITS.description);
  const row = {
    kind: input.kind,
    title,
    sort_title: sortTitle(title),
    description,
    language,
    creators: JSON.stringify(creators),
    publisher: plainText(input.publisher, 500),
    organisation_id: organisationId,
    url: input.url ?? null,
    thumbnail: input.thumbnail ?? null,
    iiif_manifest: input.iiifManifest ?? null,
    formats: JSON.stringify(list(input.formats)),
    resource_types: JSON.stringify(types),
    levels: JSON.stringify(levels),
    subjects: JSON.stringify(subjects),
    objectives: JSON.stringify(objectives),
    keywords: JSON.stringify(keywords),
    licence_uri: rights.uri,
    rights_raw: rights.raw,
    rights_status: rights.status,
    metadata_licence_uri: metadataRights.uri,
    access: input.access ?? 'open',
    required_statement: plainText(input.requiredStatement, 2000),
    date_created: input.dateCreated ?? null,
    date_modified: input.dateModified ?? null,
    period_start: period.start,
    period_end: period.end,
    period_text: input.periodText ?? null,
    warnings: JSON.stringify(warnings),
    extra: JSON.stringify(input.extra ?? {}),
  };
  const terms: { scheme: TermScheme; conceptId: string }[] = [
    { scheme: 'kind', conceptId: input.kind },
    ...withAncestors(vocab, ['level'], levels).map((id) => ({ scheme: 'level' as const, conceptId: id })),
    ...subjects.map((id) => ({ scheme: 'subject' as const, conceptId: id })),
    ...withAncestors(vocab, ['kerndoel', 'leerdoel'], objectives).map((id) => ({
      scheme: 'objective' as const,
      conceptId: id,
    })),
    ...types.map((id) => ({ scheme: 'type' as const, conceptId: id })),
    { scheme: 'licence', conceptId: rights.uri ?? rights.status },
    { scheme: 'reusability', conceptId: facts?.reusability ?? 'unknown' },
    ...(organisationId ? [{ scheme: 'institution' as const, conceptId: organisationId }] : []),
    ...(language ? [{ scheme: 'language' as const, conceptId: language.slice(0, 2) }] : []),
    { scheme: 'image', conceptId: input.thumbnail || input.iiifManifest ? 'yes' : 'no' },
  ];
  for (const bucket of periodBuckets(period.start, period.end)) terms.push({ scheme: 'period', conceptId: bucket });
  const labels = (schemes: Scheme[], ids: string[]) =>
    ids
      .map((id) => {
        const c = vocab.resolveAny(schemes, id);
        return c ? [c.labelNl, c.labelEn ?? '', c.notation ?? ''].join(' ') : '';
      })
      .join(' ');
  const checks = [
    (description?.length ?? 0) >= 80,
    !!(input.thumbnail || input.iiifManifest),
    rights.status === 'ok',
    creators.length > 0,
    levels.length + subjects.length + objectives.length > 0,
    keywords.length + types.length > 0,
    period.start !== null || !!input.dateCreated,
  ];
  const search: Omit<SearchDocument, 'id'> = {
    language,
    title,
    concepts: [
      keywords.join(' '),
      labels(['subject'], subjects),
      labels(['kerndoel', 'leerdoel'], objectives),
      labels(['resource-type'], types),
    ].join(' '),
    maker: creators.map((c) => c.name).join(' '),
    description: description ?? '',
    other: [
      input.publisher ?? '',
      organisationName ?? '',
      input.periodText ?? '',
      labels(['level'], levels),
      ((input.extra?.alternativeTitles as string[] | undefined) ?? []).join(' '),
    ].join(' '),
    quality: checks.filter(Boolean).length / checks.length,
  };
  return { row, terms, search };
}

/** The input a stored row was made from, for partial updates. */
export function inputOfRow(row: ResourceRow): ResourceInput {
  return {
    kind: row.kind as Kind,
    title: row.title,
    description: row.description,
    language: row.language,
    creators: json(row.creators, []),
    publisher: row.publisher,
    url: row.url,
    thumbnail: row.thumbnail,
    iiifManifest: row.iiif_manifest,
    formats: json(row.formats, []),
    resourceTypes: json(row.resource_types, []),
    levels: json(row.levels, []),
    subjects: json(row.subjects, []),
    objectives: json(row.objectives, []),
    keywords: json(row.keywords, []),
    rights: row.licence_uri ?? row.rights_raw,
    metadataLicence: row.metadata_licence_uri,
    access: row.access as ResourceInput['access'],
    requiredStatement: row.required_statement,
    dateCreated: row.date_created,
    dateModified: row.date_modified,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    periodText: row.period_text,
    extra: json(row.extra, {}),
  };
}
