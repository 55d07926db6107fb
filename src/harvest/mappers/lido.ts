import type { Creator, MappedRecord } from '../../catalogue/model.ts';
import { parsePeriod } from '../../catalogue/model.ts';
import { attr, child, children, descendants, textOf, type XmlElement } from '../xml/tree.ts';
import { httpUrl, preferLanguage, unique, uniqueCreators, type MapperContext } from './context.ts';

/** The preferred appellation among `appellationValue`s (attribute `pref="preferred"` first, Dutch first). */
function appellation(el: XmlElement | null): string | null {
  const values = children(el, 'appellationValue');
  const preferred = values.filter((v) => (attr(v, 'pref') ?? 'preferred') === 'preferred');
  return preferLanguage(
    (preferred.length ? preferred : values).map((v) => ({ lang: attr(v, 'lang'), value: textOf(v) })),
  );
}

/** A rights type as LIDO 1.0 (`conceptID`/`term`) or 1.1 (`skos:Concept rdf:about`) writes it. */
function rightsOf(rightsType: XmlElement | null): string | null {
  if (!rightsType) return null;
  const concept = descendants(rightsType, 'Concept')[0];
  return (
    attr(concept, 'about') ?? (textOf(child(rightsType, 'conceptID')) || textOf(child(rightsType, 'term')) || null)
  );
}

function terms(el: XmlElement | null): string[] {
  if (!el) return [];
  const concepts = descendants(el, 'Concept').map((c) =>
    preferLanguage(descendants(c, 'prefLabel').map((l) => ({ lang: attr(l, 'lang'), value: textOf(l) }))),
  );
  return unique([...descendants(el, 'term').map((t) => textOf(t)), ...concepts]);
}

/**
 * Maps one LIDO record (1.0 or 1.1): titles, descriptions, object types, production events with
 * their actors and dates, subjects, the rights of the work and its images, the record source.
 */
export function mapLido(lido: XmlElement, ctx: MapperContext): MappedRecord {
  const recId = textOf(child(lido, 'lidoRecID')) || null;
  if (!recId) return { status: 'failed', originalId: null, reason: 'LIDO record without lidoRecID' };
  const descriptive = child(lido, 'descriptiveMetadata');
  const administrative = child(lido, 'administrativeMetadata');
  const identification = child(descriptive, 'objectIdentificationWrap');
  const title = preferLanguage(
    children(child(identification, 'titleWrap'), 'titleSet').map((s) => ({
      lang: attr(s, 'lang') ?? attr(descriptive, 'lang'),
      value: appellation(s) ?? '',
    })),
  );
  if (!title)
    return { status: 'failed', originalId: recId, reason: 'LIDO record without a title (titleSet/appellationValue)' };

  const creators: Creator[] = [];
  const dates: string[] = [];
  let earliest: number | null = null;
  let latest: number | null = null;
  for (const event of descendants(child(descriptive, 'eventWrap'), 'event')) {
    const eventType = terms(child(event, 'eventType')).join(' ').toLowerCase();
    const isProduction = /production|creation|vervaardiging|productie|herstellung/.test(eventType) || eventType === '';
    for (const actorInRole of descendants(event, 'actorInRole')) {
      const actor = child(actorInRole, 'actor');
      const name = appellation(child(actor, 'nameActorSet'));
      if (!name) continue;
      const uri =
        children(actor, 'actorID')
          .map((a) => textOf(a))
          .find((a) => /^https?:/.test(a)) ?? null;
      creators.push({
        name,
        role: terms(child(actorInRole, 'roleActor'))[0] ?? (isProduction ? 'creator' : eventType || null),
        uri,
      });
    }
    const eventDate = child(event, 'eventDate');
    const display = textOf(child(eventDate, 'displayDate'));
    if (display) dates.push(display);
    const early = parsePeriod(textOf(child(eventDate, 'date', 'earliestDate'))).start;
    const late = parsePeriod(textOf(child(eventDate, 'date', 'latestDate'))).end;
    if (isProduction && early !== null) earliest = earliest === null ? early : Math.min(earliest, early);
    if (isProduction && late !== null) latest = latest === null ? late : Math.max(latest, late);
  }
  const fallback = parsePeriod(dates.join(' '));

  const rightsWork = descendants(child(administrative, 'rightsWorkWrap'), 'rightsWorkSet');
  const recordWrap = child(administrative, 'recordWrap');
  const recordSource = child(recordWrap, 'recordSource');
  const resourceSets = descendants(child(administrative, 'resourceWrap'), 'resourceSet');
  const imageLinks = resourceSets
    .flatMap((s) => descendants(s, 'linkResource'))
    .map((l) => httpUrl(textOf(l)))
    .filter((u): u is string => !!u);
  const imageRights = resourceSets
    .map((s) => rightsOf(child(child(s, 'rightsResource'), 'rightsType')))
    .filter(Boolean);
  const recordRights = rightsOf(child(child(recordWrap, 'recordRights'), 'rightsType'));
  const credit = textOf(descendants(rightsWork[0] ?? null, 'creditLine')[0]) || null;

  return {
    status: 'ok',
    originalId: recId,
    warnings: [],
    input: {
      kind: 'heritage',
      title,
      description: preferLanguage(
        descendants(child(identification, 'objectDescriptionWrap'), 'descriptiveNoteValue').map((d) => ({
          lang: attr(d, 'lang'),
          value: textOf(d),
        })),
      ),
      language: attr(descriptive, 'lang'),
      creators: uniqueCreators(creators),
      publisher: appellation(child(recordSource, 'legalBodyName')) ?? ctx.institution ?? null,
      url:
        httpUrl(textOf(descendants(recordWrap, 'recordInfoLink')[0])) ??
        httpUrl(textOf(child(lido, 'objectPublishedID'))) ??
        httpUrl(recId),
      thumbnail: imageLinks[0] ?? null,
      keywords: unique([
        ...terms(child(descriptive, 'objectClassificationWrap')),
        ...descendants(child(descriptive, 'objectRelationWrap'), 'subjectConcept').flatMap((s) => terms(s)),
      ]),
      rights: rightsOf(child(rightsWork[0] ?? null, 'rightsType')) ?? imageRights[0] ?? null,
      metadataLicence: recordRights,
      requiredStatement: credit,
      dateCreated: dates[0] ?? null,
      periodStart: earliest ?? fallback.start,
      periodEnd: latest ?? fallback.end,
      periodText: dates[0] ?? null,
      extra: {
        imageRights,
        images: imageLinks,
        recordSourceWebsite: textOf(child(recordSource, 'legalBodyWeblink')) || null,
      },
    },
  };
}
