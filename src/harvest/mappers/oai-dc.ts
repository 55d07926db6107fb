import type { MappedRecord } from '../../catalogue/model.ts';
import { parsePeriod } from '../../catalogue/model.ts';
import { attr, children, textOf, type XmlElement } from '../xml/tree.ts';
import { httpUrl, preferLanguage, unique, type MapperContext } from './context.ts';

function values(dc: XmlElement, name: string): { lang: string | null; value: string }[] {
  return children(dc, name)
    .map((e) => ({ lang: attr(e, 'lang'), value: textOf(e) }))
    .filter((v) => v.value);
}

/** Maps a simple Dublin Core (`oai_dc:dc`) record. Rights are free text here more often than not. */
export function mapOaiDc(dc: XmlElement, ctx: MapperContext, originalId: string): MappedRecord {
  const title = preferLanguage(values(dc, 'title'));
  if (!title) return { status: 'failed', originalId, reason: 'Dublin Core record without dc:title' };
  const identifiers = values(dc, 'identifier').map((v) => v.value);
  const dates = values(dc, 'date').map((v) => v.value);
  const period = parsePeriod(dates.join(' '));
  const rights = values(dc, 'rights').map((v) => v.value);
  return {
    status: 'ok',
    originalId,
    warnings: [],
    input: {
      kind: ctx.defaultKind ?? 'heritage',
      title,
      description: preferLanguage(values(dc, 'description')),
      language: values(dc, 'language')[0]?.value.toLowerCase() ?? null,
      creators: unique(values(dc, 'creator').map((v) => v.value)).map((name) => ({ name, role: 'creator' })),
      publisher: values(dc, 'publisher')[0]?.value ?? ctx.institution ?? null,
      url: identifiers.map(httpUrl).find(Boolean) ?? null,
      formats: unique(values(dc, 'format').map((v) => v.value)),
      keywords: unique(
        [...values(dc, 'subject'), ...values(dc, 'type'), ...values(dc, 'coverage')].map((v) => v.value),
      ),
      // A URI among the rights values is the most precise; otherwise the first text.
      rights: rights.find((r) => /^https?:\/\//.test(r)) ?? rights[0] ?? null,
      dateCreated: dates[0] ?? null,
      periodStart: period.start,
      periodEnd: period.end,
      periodText: dates[0] ?? null,
      extra: {
        identifiers,
        source: values(dc, 'source').map((v) => v.value),
        relation: values(dc, 'relation').map((v) => v.value),
      },
    },
  };
}
