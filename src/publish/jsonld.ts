import type { ResourceView } from '../catalogue/view.ts';
import type { CommunityView, ItemView } from '../community/service.ts';
import { RUBRIC } from '../quality/rubric.ts';
import type { QualityView } from '../quality/service.ts';

/**
 * The quality signals a public page states, each apart: teachers' ratings as `aggregateRating`
 * (1–5), reviews against the rubric as `review`s with a `Rating` per dimension (0–3, its
 * `reviewAspect` the dimension), and valid quality marks as `award`s naming their issuer.
 */
function qualityJsonLd(quality: QualityView | undefined): Record<string, unknown> {
  if (!quality) return {};
  const { rating } = quality;
  const reviews = quality.reviews.filter((r) => r.status === 'published');
  const marks = quality.marks.filter((m) => m.status === 'valid' && m.current);
  const dimension = (key: string) => RUBRIC.dimensions.find((d) => d.key === key)?.nl.name ?? key;
  return {
    aggregateRating:
      rating.count > 0 && rating.average !== null
        ? {
            '@type': 'AggregateRating',
            ratingValue: rating.average,
            ratingCount: rating.count,
            bestRating: 5,
            worstRating: 1,
          }
        : undefined,
    review: reviews.length
      ? reviews.map((r) => ({
          '@type': 'Review',
          author: { '@type': 'Person', name: r.reviewer.name },
          datePublished: r.createdAt,
          reviewBody: r.summary ?? undefined,
          reviewRating: r.scores
            .filter((s) => s.score !== null)
            .map((s) => ({
              '@type': 'Rating',
              reviewAspect: dimension(s.dimension),
              ratingValue: s.score,
              bestRating: RUBRIC.scale.max,
              worstRating: RUBRIC.scale.min,
              ratingExplanation: s.reason,
            })),
        }))
      : undefined,
    award: marks.length
      ? marks.map((m) => `Keurmerk ${m.mark.name} (${m.mark.issuer.name}), geldig tot ${m.expiresAt.slice(0, 10)}`)
      : undefined,
  };
}

/**
 * The schema.org JSON-LD of a resource: a `LearningResource` (LRMI) for learning material and
 * lessons, a `VisualArtwork` or `CreativeWork` for heritage objects, with licence, levels,
 * curriculum alignments as `DefinedTerm`s, makers and provider, and (given) its quality signals.
 */
export function resourceJsonLd(
  resource: ResourceView,
  pageUrl: string,
  quality?: QualityView,
): Record<string, unknown> {
  const heritageType =
    resource.kind === 'heritage'
      ? resource.keywords.some((k) =>
          /schilderij|painting|tekening|drawing|prent|print|foto|photo|pastel|miniatuur/i.test(k),
        )
        ? 'VisualArtwork'
        : 'CreativeWork'
      : null;
  const definedTerm = (c: { id: string; label: string; uri: string | null }, set: string) => ({
    '@type': 'DefinedTerm',
    '@id': c.uri ?? undefined,
    name: c.label,
    termCode: c.id,
    inDefinedTermSet: set,
  });
  const doc: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': heritageType ?? 'LearningResource',
    '@id': pageUrl,
    url: pageUrl,
    name: resource.title,
    description: resource.description ?? undefined,
    inLanguage: resource.language ?? undefined,
    identifier: resource.id,
    license: resource.licence.uri ?? undefined,
    isAccessibleForFree: resource.access === 'open',
    creator: resource.creators.length
      ? resource.creators.map((c) => ({ '@type': 'Person', name: c.name, '@id': c.uri ?? undefined }))
      : undefined,
    publisher: resource.publisher ? { '@type': 'Organization', name: resource.publisher } : undefined,
    provider: resource.institution ? { '@type': 'Organization', name: resource.institution.name } : undefined,
    image: resource.thumbnail ?? undefined,
    sameAs: resource.url ?? undefined,
    dateCreated: resource.dates.created ?? undefined,
    keywords: resource.keywords.length ? resource.keywords.join(', ') : undefined,
    learningResourceType: resource.resourceTypes.length ? resource.resourceTypes.map((t) => t.label) : undefined,
    educationalLevel: resource.levels.length
      ? resource.levels.map((l) => definedTerm(l, 'https://opendata.slo.nl/curriculum/niveaus'))
      : undefined,
    about: resource.subjects.length
      ? resource.subjects.map((s) => definedTerm(s, 'https://opendata.slo.nl/curriculum/vakleergebieden'))
      : undefined,
    teaches: resource.objectives.length
      ? resource.objectives.map((o) => definedTerm(o, 'https://opendata.slo.nl/curriculum/kerndoelen'))
      : undefined,
    temporalCoverage: resource.dates.period.text ?? undefined,
    creditText: resource.attribution.nl.text,
    copyrightNotice: resource.requiredStatement ?? undefined,
    ...qualityJsonLd(quality),
  };
  return JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
}

/**
 * The schema.org JSON-LD of a community's page: a `CollectionPage` about its subjects and levels,
 * whose main entity is the `ItemList` of its shared collection (the first page of it).
 */
export function communityJsonLd(
  community: CommunityView,
  items: ItemView[],
  pageUrl: string,
  resourceUrl: (id: string) => string,
): Record<string, unknown> {
  const definedTerm = (c: { id: string; label: string; uri: string | null }, set: string) => ({
    '@type': 'DefinedTerm',
    '@id': c.uri ?? undefined,
    name: c.label,
    termCode: c.id,
    inDefinedTermSet: set,
  });
  const listed = items.filter((i) => i.resource.status === 'published');
  const doc = {
    '@context': 'https://schema.org',
    '@type': 'CollectionPage',
    '@id': pageUrl,
    url: pageUrl,
    name: community.name,
    description: community.description || undefined,
    inLanguage: 'nl',
    about: community.subjects.length
      ? community.subjects.map((s) => definedTerm(s, 'https://opendata.slo.nl/curriculum/vakleergebieden'))
      : undefined,
    educationalLevel: community.levels.length
      ? community.levels.map((l) => definedTerm(l, 'https://opendata.slo.nl/curriculum/niveaus'))
      : undefined,
    spatialCoverage: community.region ? { '@type': 'Place', name: community.region } : undefined,
    mainEntity: {
      '@type': 'ItemList',
      numberOfItems: community.counts.items,
      itemListElement: listed.map((item, index) => ({
        '@type': 'ListItem',
        position: index + 1,
        url: resourceUrl(item.resource.id),
        name: item.resource.title,
      })),
    },
  };
  return JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
}

/** Serialises JSON-LD for a `<script>` element: `<` escaped so the data cannot close the element. */
export function jsonLdScript(doc: Record<string, unknown>): string {
  return `<script type="application/ld+json">${JSON.stringify(doc).replace(/</g, '\\u003c')}</script>`;
}
