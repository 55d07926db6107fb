import type { Kysely } from 'kysely';
import { organisations } from '../accounts/organisations.ts';
import type { Database } from '../db/schema.ts';
import { findLicence } from '../vocab/licences.ts';
import type { Scheme } from '../vocab/model.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import type { TermScheme } from './engine/terms.ts';
import type { Facet, FacetCount } from './model.ts';
import type { ResourceFilters } from './repository.ts';

/** The facets a listing shows, in this order. */
export const FACET_SCHEMES: readonly TermScheme[] = [
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
];

function periodOrder(id: string): number {
  return id === 'before-1000' ? 0 : Number(id);
}

function ordinalSuffix(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

/** Facets with their values' labels (concepts, institutions, licences, centuries) in Dutch and English. */
export class FacetBuilder {
  constructor(
    private readonly db: () => Kysely<Database>,
    private readonly vocab: Vocabularies,
  ) {}

  /** The facets with their values' labels, in order; with `limit`, each lists only its `limit` most frequent values and the selected ones. */
  async facets(
    counts: FacetCount[],
    filters: ResourceFilters,
    sample: 1 | 16 | 256,
    limit: number | null,
  ): Promise<Facet[]> {
    const orgIds = counts.filter((c) => c.scheme === 'institution').map((c) => c.concept_id);
    const orgs = new Map((await organisations.byIds(this.db(), orgIds)).map((o) => [o.id, o.name]));
    return FACET_SCHEMES.map((name) => {
      const values = counts
        .filter((c) => c.scheme === name)
        .map((c) => ({
          id: c.concept_id,
          ...this.facetLabel(name, c.concept_id, orgs),
          parent: this.facetParent(name, c.concept_id),
          count: c.n,
          selected: false,
        }));
      // A selected value with no results left still shows, so it can be removed.
      for (const id of filters.terms[name] ?? []) {
        const value = values.find((v) => v.id === id);
        if (value) value.selected = true;
        else
          values.push({
            id,
            ...this.facetLabel(name, id, orgs),
            parent: this.facetParent(name, id),
            count: 0,
            selected: true,
          });
      }
      // The most frequent first (which also chooses the values a limit keeps); periods in time order.
      values.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
      const listed =
        limit === null || values.length <= limit ? values : values.filter((v, i) => i < limit || v.selected);
      if (name === 'period') listed.sort((a, b) => periodOrder(a.id) - periodOrder(b.id));
      return { name, values: listed, valueCount: values.length, approximate: sample > 1 };
    });
  }

  /** The broader value of a hierarchical facet value (levels, kerndoelen, leerdoelen), when it has one. */
  facetParent(scheme: TermScheme, id: string): string | null {
    if (scheme === 'level') return this.vocab.get('level', id)?.broader[0] ?? null;
    if (scheme === 'objective') return this.vocab.resolveAny(['kerndoel', 'leerdoel'], id)?.broader[0] ?? null;
    return null;
  }

  facetLabel(scheme: TermScheme, id: string, orgs: Map<string, string>): { label: string; labelEn: string | null } {
    const concept = (schemes: Scheme[]) => {
      const c = this.vocab.resolveAny(schemes, id);
      return c ? { label: c.labelNl, labelEn: c.labelEn } : null;
    };
    const fixed: Record<string, [string, string]> = {
      material: ['Leermateriaal', 'Learning material'],
      heritage: ['Erfgoed', 'Heritage'],
      lesson: ['Les', 'Lesson'],
      open: ['Open hergebruik', 'Open reuse'],
      restricted: ['Beperkt hergebruik', 'Restricted reuse'],
      permission: ['Toestemming nodig', 'Permission needed'],
      unknown: ['Onbekend', 'Unknown'],
      'before-1000': ['Voor 1000', 'Before 1000'],
      missing: ['Geen licentie vermeld', 'No licence stated'],
      yes: ['Met afbeelding', 'With image'],
      no: ['Zonder afbeelding', 'Without image'],
      nl: ['Nederlands', 'Dutch'],
      en: ['Engels', 'English'],
      de: ['Duits', 'German'],
      fr: ['Frans', 'French'],
    };
    switch (scheme) {
      case 'level':
        return concept(['level']) ?? { label: id, labelEn: null };
      case 'subject':
        return concept(['subject']) ?? { label: id, labelEn: null };
      case 'objective':
        return concept(['kerndoel', 'leerdoel']) ?? { label: id, labelEn: null };
      case 'type':
        return concept(['resource-type']) ?? { label: id, labelEn: null };
      case 'licence': {
        const c = findLicence(id);
        if (c) return { label: c.notation ?? c.labelNl, labelEn: c.notation ?? c.labelEn };
        break;
      }
      case 'institution':
        return { label: orgs.get(id) ?? id, labelEn: null };
      case 'period': {
        const century = Number(id) / 100 + 1;
        if (Number.isInteger(century))
          return { label: `${century}e eeuw`, labelEn: `${century}${ordinalSuffix(century)} century` };
        break;
      }
      default:
        break;
    }
    const f = fixed[id];
    return f ? { label: f[0], labelEn: f[1] } : { label: id, labelEn: null };
  }
}
