import type { Creator, MappedRecord } from '../../catalogue/model.ts';
import { parsePeriod } from '../../catalogue/model.ts';
import { attr, children, textOf, type XmlElement } from '../xml/tree.ts';
import { httpUrl, preferLanguage, unique, uniqueCreators, type MapperContext } from './context.ts';

type Values = { lang: string | null; value: string }[];

const EDM = 'http://www.europeana.eu/schemas/edm/';

/** Literal values and resource references of a property across several descriptions (optionally of one namespace). */
function property(nodes: XmlElement[], name: string, namespace?: string): Values {
  return nodes
    .flatMap((n) => children(n, name))
    .filter((e) => !namespace || e.uri === namespace)
    .map((e) => ({
      lang: attr(e, 'lang'),
      value: attr(e, 'resource') ?? textOf(e),
    }))
    .filter((v) => v.value);
}

/** Labels of contextual entities (Agent, Place, TimeSpan, Concept) by their `rdf:about`. */
function contextLabels(rdf: XmlElement): Map<string, string> {
  const labels = new Map<string, string>();
  for (const entity of rdf.children) {
    const about = attr(entity, 'about');
    if (!about || !['Agent', 'Place', 'TimeSpan', 'Concept'].includes(entity.name)) continue;
    const label = preferLanguage(property([entity], 'prefLabel'));
    if (label) labels.set(about, label);
  }
  return labels;
}

/**
 * Maps an EDM record (`rdf:RDF` with `edm:ProvidedCHO`, `ore:Aggregation`, `ore:Proxy` and
 * contextual entities). Descriptive properties are read from the CHO and the provider's proxy;
 * `edm:rights` of the aggregation is the licence; references to contextual entities become labels.
 */
export function mapEdm(rdf: XmlElement, ctx: MapperContext, originalId?: string): MappedRecord {
  const cho = children(rdf, 'ProvidedCHO')[0];
  const aggregation = children(rdf, 'Aggregation')[0];
  const choId = attr(cho, 'about');
  const id = originalId ?? choId;
  if (!cho || !id)
    return { status: 'failed', originalId: id ?? null, reason: 'EDM record without edm:ProvidedCHO (rdf:about)' };
  if (!aggregation) return { status: 'failed', originalId: id, reason: 'EDM record without ore:Aggregation' };
  const proxies = children(rdf, 'Proxy').filter((p) => textOf(children(p, 'europeanaProxy')[0]) !== 'true');
  const described = [cho, ...proxies];
  const labels = contextLabels(rdf);
  const label = (v: { value: string }) => labels.get(v.value) ?? (/^https?:\/\//.test(v.value) ? null : v.value);

  // EDM asks for dc:title or dc:description; without a title, the alternative title or the description's start stands in.
  const description = preferLanguage(property(described, 'description'));
  const titleWarnings: string[] = [];
  let title = preferLanguage(property(described, 'title'));
  if (!title) {
    title = preferLanguage(property(described, 'alternative')) ?? (description ? truncate(description, 120) : null);
    if (title) titleWarnings.push('No dc:title; the title shown is taken from dcterms:alternative or dc:description');
  }
  if (!title)
    return { status: 'failed', originalId: id, reason: 'EDM record with neither dc:title nor dc:description' };
  const creators: Creator[] = property(described, 'creator').map((v) => ({
    name: label(v) ?? '',
    role: 'creator',
    uri: /^https?:/.test(v.value) ? v.value : null,
  }));
  const dates = [...property(described, 'date'), ...property(described, 'created')]
    .map(label)
    .filter((d): d is string => !!d);
  const temporal = property(described, 'temporal')
    .map(label)
    .filter((d): d is string => !!d);
  const period = parsePeriod([...dates, ...temporal].join(' '));
  const dataProvider = property([aggregation], 'dataProvider').map(label).find(Boolean) ?? null;
  const rights = property([aggregation], 'rights', EDM)[0]?.value ?? null;
  const thumbnail = property([aggregation], 'object')[0]?.value ?? null;
  const shownBy = property([aggregation], 'isShownBy')[0]?.value ?? null;
  return {
    status: 'ok',
    originalId: id,
    warnings: [...titleWarnings, ...(rights ? [] : ['EDM aggregation without the mandatory edm:rights'])],
    input: {
      kind: 'heritage',
      title,
      description,
      language: property(described, 'language')[0]?.value.toLowerCase() ?? null,
      creators: uniqueCreators(creators),
      publisher: dataProvider ?? ctx.institution ?? null,
      url: httpUrl(property([aggregation], 'isShownAt')[0]?.value) ?? httpUrl(choId),
      thumbnail: httpUrl(thumbnail ?? shownBy),
      formats: unique(property(described, 'format').map(label)),
      keywords: unique(
        [...property(described, 'subject'), ...property(described, 'type'), ...property(described, 'medium')].map(
          label,
        ),
      ),
      rights,
      dateCreated: dates[0] ?? null,
      periodStart: period.start,
      periodEnd: period.end,
      periodText:
        preferLanguage(property(described, 'coverage').filter((v) => !/^https?:/.test(v.value))) ??
        temporal[0] ??
        dates[0] ??
        null,
      extra: {
        providedCHO: choId,
        provider: property([aggregation], 'provider').map(label).find(Boolean) ?? null,
        isShownBy: shownBy,
        spatial: unique(property(described, 'spatial').map(label)),
      },
    },
  };
}

function truncate(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : length)}…`;
}
