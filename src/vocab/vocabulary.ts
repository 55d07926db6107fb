import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse/sync';
import { kerndoelConcepts, leerdoelConcepts, levelConcepts, subjectConcepts, type SloNode } from './curriculum.ts';
import { licenceConcepts } from './licences.ts';
import type { Concept, Scheme } from './model.ts';
import { extractUuid, foldLabel, obkUri } from './model.ts';
import { resourceTypeConcepts } from './resource-types.ts';
import { decodeUtf8OrLatin1 } from '../kernel/encoding.ts';

/** A row of Kennisnet's mapping tables from old NL-LOM (vdex) vocabularies to OBK. */
export interface ObkMapping {
  purpose: string;
  vocabulary: string;
  term: string;
  obkId: string;
  obkLabel: string;
  obkPurpose: string;
}

/** All vocabularies, indexed for the lookups mappers and services need. Immutable once built. */
export class Vocabularies {
  readonly concepts: Concept[];
  private readonly byScheme = new Map<Scheme, Map<string, Concept>>();
  /** Alias (folded) → concept id, per scheme: OBK ids, vdex terms, labels and notations. */
  private readonly aliases = new Map<Scheme, Map<string, string>>();

  constructor(concepts: Concept[], mappings: ObkMapping[]) {
    this.concepts = concepts;
    for (const c of concepts) {
      let map = this.byScheme.get(c.scheme);
      if (!map) this.byScheme.set(c.scheme, (map = new Map()));
      map.set(c.id, c);
      this.addAlias(c.scheme, c.labelNl, c.id);
      if (c.notation) this.addAlias(c.scheme, c.notation, c.id);
      if (c.uri) this.addAlias(c.scheme, c.uri, c.id);
    }
    for (const m of mappings) {
      const scheme = schemeOfObkPurpose(m.obkPurpose);
      if (!scheme) continue;
      const target = this.get(scheme, m.obkId) ? m.obkId : this.aliasTarget(scheme, m.obkLabel);
      if (!target) continue;
      this.addAlias(scheme, m.obkId, target);
      this.addAlias(scheme, `${m.vocabulary}#${m.term}`, target);
    }
  }

  private addAlias(scheme: Scheme, alias: string, id: string): void {
    let map = this.aliases.get(scheme);
    if (!map) this.aliases.set(scheme, (map = new Map()));
    const key = foldLabel(alias);
    if (!map.has(key)) map.set(key, id);
  }

  private aliasTarget(scheme: Scheme, alias: string): string | undefined {
    return this.aliases.get(scheme)?.get(foldLabel(alias));
  }

  /** The concepts of one scheme, in their published order. */
  list(scheme: Scheme): Concept[] {
    return [...(this.byScheme.get(scheme)?.values() ?? [])];
  }

  get(scheme: Scheme, id: string): Concept | undefined {
    return this.byScheme.get(scheme)?.get(id);
  }

  /**
   * Resolves a value found in a record (an id, URI, OBK id, `vocabulary#term` or label) to the
   * current concept of a scheme, following `replacedBy` from deprecated ids. Returns null when the
   * value is not known: callers keep the original and flag it.
   */
  resolve(scheme: Scheme, value: string): Concept | null {
    const uuid = extractUuid(value);
    const direct = (uuid && this.get(scheme, uuid)) || this.get(scheme, value);
    const id = direct?.id ?? (uuid && this.aliasTarget(scheme, uuid)) ?? this.aliasTarget(scheme, value);
    if (!id) return null;
    return this.current(scheme, id);
  }

  /** Follows `replacedBy` to a concept that is not deprecated (the first replacement, cycles guarded). */
  current(scheme: Scheme, id: string): Concept | null {
    let concept = this.get(scheme, id);
    const seen = new Set<string>();
    while (concept?.deprecated && concept.replacedBy.length > 0 && !seen.has(concept.id)) {
      seen.add(concept.id);
      const next = concept.replacedBy.map((r) => this.get(scheme, r)).find(Boolean);
      if (!next) break;
      concept = next;
    }
    return concept ?? null;
  }

  /** Resolves a value against several schemes in order; the first hit wins. */
  resolveAny(schemes: Scheme[], value: string): Concept | null {
    for (const scheme of schemes) {
      const hit = this.resolve(scheme, value);
      if (hit) return hit;
    }
    return null;
  }
}

function schemeOfObkPurpose(purpose: string): Scheme | null {
  switch (purpose.trim()) {
    case 'educational level':
    case 'skill level':
      return 'level';
    case 'discipline':
      return 'subject';
    case 'educational objective':
      return 'kerndoel';
    default:
      return null;
  }
}

/** Parses one of Kennisnet's mapping tables (`;`-separated; some are Latin-1). */
export function parseObkMapping(bytes: Buffer): ObkMapping[] {
  const text = decodeUtf8OrLatin1(bytes);
  const rows = parseCsv(text, {
    delimiter: ';',
    columns: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
    relax_column_count: true,
  }) as Record<string, string>[];
  return rows
    .filter((r) => r['obk.begrip.identifier'])
    .map((r) => ({
      purpose: r['lom.classification.purpose'] ?? '',
      vocabulary: r['vocabulaire.identifier'] ?? '',
      term: r['term.identifier'] ?? '',
      obkId: (r['obk.begrip.identifier'] ?? '').toLowerCase(),
      obkLabel: r['obk.begrip.aanduiding'] ?? '',
      obkPurpose: r['obk.begrip.purpose'] ?? '',
    }));
}

function readJson<T>(dir: string, name: string): T {
  const path = join(dir, name);
  const bytes = readFileSync(path);
  return JSON.parse((name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')) as T;
}

/**
 * Concepts known only to OBK — old vdex disciplines with no SLO vakleergebied of the same name, levels
 * such as speciaal basisonderwijs — become concepts of their own, identified by their OBK id.
 */
function obkOnlyConcepts(mappings: ObkMapping[], slo: Concept[], obkPurpose: string, scheme: Scheme): Concept[] {
  const ids = new Set(slo.map((c) => c.id));
  const labels = new Set(slo.map((c) => foldLabel(c.labelNl)));
  const concepts: Concept[] = [];
  for (const m of mappings) {
    if (m.obkPurpose.trim() !== obkPurpose || ids.has(m.obkId) || labels.has(foldLabel(m.obkLabel))) continue;
    ids.add(m.obkId);
    concepts.push({
      scheme,
      id: m.obkId,
      uri: obkUri(m.obkId),
      notation: null,
      labelNl: m.obkLabel,
      labelEn: null,
      description: null,
      broader: [],
      replacedBy: [],
      deprecated: false,
      position: slo.length + concepts.length,
      extra: { source: 'obk' },
    });
  }
  return concepts;
}

/** Loads every vocabulary from the bundled files in `data/vocab`. */
export function loadVocabularies(dataDir: string): Vocabularies {
  const slo = join(dataDir, 'vocab', 'slo');
  const mappingDir = join(dataDir, 'vocab', 'edurep-mapping');
  const mappings = readdirSync(mappingDir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .flatMap((f) => parseObkMapping(readFileSync(join(mappingDir, f))));

  const levels = levelConcepts(readJson<SloNode[]>(slo, 'niveaus.json'));
  const subjects = subjectConcepts(readJson<SloNode[]>(slo, 'basis.vakleergebieden.json'));
  const concepts: Concept[] = [
    ...levels,
    ...obkOnlyConcepts(mappings, levels, 'educational level', 'level'),
    ...subjects,
    ...obkOnlyConcepts(mappings, subjects, 'discipline', 'subject'),
    ...kerndoelConcepts({
      kerndoelen: readJson(slo, 'kerndoelen.json'),
      domeinen: readJson(slo, 'kerndoelen.domeinen.json'),
      vakleergebieden: readJson(slo, 'kerndoelen.vakleergebieden.json'),
      deprecated: readJson(slo, 'kerndoelen.deprecated.json'),
    }),
    ...leerdoelConcepts({
      vakleergebieden: readJson(slo, 'ldk.vakleergebieden.json'),
      vakkernen: readJson(slo, 'ldk.vakkernen.json'),
      vaksubkernen: readJson(slo, 'ldk.vaksubkernen.json.gz'),
      vakinhouden: readJson(slo, 'ldk.vakinhouden.json.gz'),
      deprecated: readJson(slo, 'ldk.deprecated.json.gz'),
    }),
    ...resourceTypeConcepts(),
    ...licenceConcepts(),
  ];
  return new Vocabularies(concepts, mappings);
}
