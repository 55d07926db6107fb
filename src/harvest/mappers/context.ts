import type { Creator, Kind } from '../../catalogue/model.ts';
import type { Scheme } from '../../vocab/model.ts';
import type { Vocabularies } from '../../vocab/vocabulary.ts';

/** What every mapper may consult: the vocabularies, and the defaults of the source being imported. */
export interface MapperContext {
  vocab: Vocabularies;
  /** The kind to give records whose format does not say (oai_dc, CSV). */
  defaultKind?: Kind;
  /** The institution to credit when the record does not name one. */
  institution?: string | null;
}

/**
 * Collects concept ids for one scheme from source values, keeping what it cannot resolve as
 * warnings and in `unmapped`, so nothing found in a record is silently dropped.
 */
export class TermCollector {
  readonly ids: Record<'level' | 'subject' | 'objective' | 'type', string[]> = {
    level: [],
    subject: [],
    objective: [],
    type: [],
  };
  readonly unmapped: { field: string; value: string }[] = [];

  constructor(private readonly vocab: Vocabularies) {}

  /** Resolves `value` in `schemes` (first hit wins) and files it under `field`; returns whether it resolved. */
  add(
    field: 'level' | 'subject' | 'objective' | 'type',
    schemes: Scheme[],
    value: string,
    ...alternatives: string[]
  ): boolean {
    for (const candidate of [value, ...alternatives].filter(Boolean)) {
      const concept = this.vocab.resolveAny(schemes, candidate);
      if (concept) {
        if (!this.ids[field].includes(concept.id)) this.ids[field].push(concept.id);
        return true;
      }
    }
    this.unmapped.push({ field, value: [value, ...alternatives].filter(Boolean).join(' / ') });
    return false;
  }

  warnings(): string[] {
    return this.unmapped.map((u) => `Unmapped ${u.field}: ${u.value}`);
  }
}

/** Removes duplicates and empty values, keeping the first occurrence's order. */
export function unique(values: (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    const t = v?.replace(/\s+/g, ' ').trim();
    if (t && !seen.has(t.toLowerCase())) {
      seen.add(t.toLowerCase());
      out.push(t);
    }
  }
  return out;
}

/** Removes duplicate creators by name. */
export function uniqueCreators(creators: Creator[]): Creator[] {
  const seen = new Set<string>();
  return creators.filter((c) => {
    const key = `${c.name.toLowerCase()}|${c.role ?? ''}`;
    if (!c.name.trim() || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Picks the value in the preferred language from language-tagged values. */
export function preferLanguage(values: { lang: string | null; value: string }[], order = ['nl', 'en']): string | null {
  const clean = values.filter((v) => v.value.trim());
  for (const lang of order) {
    const hit = clean.find((v) => v.lang?.toLowerCase().startsWith(lang));
    if (hit) return hit.value.trim();
  }
  return clean[0]?.value.trim() ?? null;
}

/** Returns an http(s) URL, upgraded to https for hosts known to serve it, or null. */
export function httpUrl(value: string | null | undefined): string | null {
  const v = value?.trim();
  if (!v || !/^https?:\/\/[^\s]+$/i.test(v)) return null;
  try {
    return new URL(v).toString();
  } catch {
    return null;
  }
}
