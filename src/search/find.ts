import { type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { words } from './engine/analysis.ts';
import type { Store } from '../db/store.ts';
import type { Concept, Scheme } from '../vocab/model.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import type { TermScheme } from './engine/terms.ts';
import type { ResourceFilters } from './repository.ts';
import type { SearchService } from './service.ts';
import type { CatalogueService } from '../catalogue/service.ts';

export interface Suggestions {
  titles: { id: string; title: string; kind: string }[];
  concepts: {
    scheme: 'subject' | 'objective' | 'level';
    id: string;
    label: string;
    labelEn: string | null;
    notation: string | null;
    count: number;
  }[];
  makers: { name: string; count: number }[];
}

export interface CurriculumNode {
  id: string;
  label: string;
  labelEn: string | null;
  notation: string | null;
  /** kerndoel scheme: vakleergebied, domein, kerndoel; leerdoel scheme: vakleergebied, vakkern, vaksubkern, vakinhoud. */
  type: string;
  text: string | null;
  /** Published resources aligned with this node or a node under it. */
  count: number;
  children: CurriculumNode[];
}

export interface CurriculumArea {
  id: string;
  label: string;
  labelEn: string | null;
  count: number;
  /** How many kerndoelen the area has at the chosen level. */
  kerndoelen: number;
}

export interface CurriculumLevel {
  id: string;
  label: string;
  labelEn: string | null;
  kerndoelen: number;
}

const SUGGEST_LIMIT = 6;
const LEVEL_NAMES_EN: Record<string, string> = {
  po: 'Primary education',
  'ob vo': 'Lower secondary education',
  'ob vmbo': 'Lower secondary, vmbo (years 1 and 2)',
  vso: 'Secondary special education',
  'so nl/ml': 'Special education',
  'so zml/mb': 'Special education (severe learning difficulties)',
  'vso am': 'Secondary special education, towards work',
  'vso db': 'Secondary special education, day activities',
  'vso vo': 'Secondary special education, towards further education',
  'fase 1': 'Primary, years 1–3',
  'fase 2': 'Primary, years 4–6',
  'fase 3': 'Primary, years 7–8',
  '1F': 'Language and arithmetic, fundamental level 1',
  '1S': 'Language and arithmetic, target level 1',
};

/** Autocomplete and the curriculum browser: finding by what teachers know (titles, makers, objectives). */
export class FindService {
  private readonly conceptIndex: {
    scheme: Suggestions['concepts'][number]['scheme'];
    concept: Concept;
    words: string[];
  }[];

  constructor(
    private readonly store: Store,
    private readonly vocab: Vocabularies,
    private readonly catalogue: CatalogueService,
    private readonly search: SearchService,
  ) {
    const entries: {
      scheme: Suggestions['concepts'][number]['scheme'];
      vocabScheme: Scheme;
      types: string[] | null;
    }[] = [
      { scheme: 'subject', vocabScheme: 'subject', types: null },
      { scheme: 'objective', vocabScheme: 'kerndoel', types: ['kerndoel'] },
      { scheme: 'objective', vocabScheme: 'leerdoel', types: ['vakkern', 'vaksubkern', 'vakinhoud'] },
      { scheme: 'level', vocabScheme: 'level', types: null },
    ];
    this.conceptIndex = entries.flatMap(({ scheme, vocabScheme, types }) =>
      vocab
        .list(vocabScheme)
        .filter((c) => !c.deprecated && (!types || types.includes(String(c.extra.type))))
        .map((concept) => ({
          scheme,
          concept,
          words: words(`${concept.labelNl} ${concept.labelEn ?? ''} ${concept.notation ?? ''}`),
        })),
    );
  }

  private get db(): Kysely<Database> {
    return this.store.db;
  }

  /** Titles, concepts and makers that start like the words typed (the last word as a prefix). */
  async suggest(q: string): Promise<Suggestions> {
    const typed = words(q).slice(0, 6);
    if (typed.length === 0 || typed.join('').length < 2) return { titles: [], concepts: [], makers: [] };
    const complete = typed.slice(0, -1);
    const last = typed.at(-1)!;
    const matchesWords = (candidate: string[]) =>
      complete.every((w) => candidate.includes(w)) && candidate.some((w) => w.startsWith(last));

    const fielded = (field: string) => [...complete.map((w) => `${field}:${w}`), `${field}:${last}*`].join(' ');
    const ids = async (field: string, limit: number) => {
      // The words as typed so far: no corrections while a word is still being written.
      const text = await this.search.planText(fielded(field), { correct: false });
      if (!text || text.plan.must.length === 0) return [];
      const filters: ResourceFilters = { terms: {}, statuses: ['published'], text };
      return this.search.topIds(filters, limit);
    };
    const [titleIds, makerIds] = await Promise.all([ids('titel', SUGGEST_LIMIT), ids('maker', 60)]);
    const rows = await this.catalogue.rowsByIds([...new Set([...titleIds, ...makerIds])]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const titles = titleIds
      .slice(0, SUGGEST_LIMIT)
      .map((id) => byId.get(id))
      .filter((r) => !!r)
      .map((r) => ({ id: r.id, title: r.title, kind: r.kind }));
    const makers = new Map<string, number>();
    for (const id of makerIds) {
      for (const creator of JSON.parse(byId.get(id)?.creators ?? '[]') as { name: string }[]) {
        if (matchesWords(words(creator.name))) makers.set(creator.name, (makers.get(creator.name) ?? 0) + 1);
      }
    }
    const concepts = this.conceptIndex
      .filter((entry) => matchesWords(entry.words))
      .sort((a, b) => a.concept.labelNl.length - b.concept.labelNl.length)
      .slice(0, 40);
    const counts = await this.alignedCounts(
      concepts.map((c) => c.concept.id),
      ['subject', 'objective', 'level'],
    );
    return {
      titles,
      makers: [...makers]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, SUGGEST_LIMIT)
        .map(([name, count]) => ({ name, count })),
      concepts: concepts
        .map(({ scheme, concept }) => ({
          scheme,
          id: concept.id,
          label: concept.labelNl,
          labelEn: concept.labelEn,
          notation: concept.notation,
          count: counts.get(concept.id) ?? 0,
        }))
        .sort((a, b) => Number(b.count > 0) - Number(a.count > 0) || a.label.length - b.label.length)
        .slice(0, SUGGEST_LIMIT),
    };
  }

  /** Published resources per concept id (terms include ancestors, so a node counts what lies under it). */
  private async alignedCounts(ids: string[] | null, schemes: TermScheme[]): Promise<Map<string, number>> {
    if (ids && ids.length === 0) return new Map();
    const counted = await this.search.conceptCounts(schemes);
    if (counted)
      return ids ? new Map(ids.filter((id) => counted.has(id)).map((id) => [id, counted.get(id)!])) : counted;
    return this.search.repository.publishedPerConcept(this.db, schemes, ids);
  }

  private kerndoelen(): Concept[] {
    return this.vocab.list('kerndoel').filter((c) => c.extra.type === 'kerndoel' && !c.deprecated);
  }

  /** The levels kerndoelen are set for (primary, lower secondary, special education), with how many. */
  levels(): CurriculumLevel[] {
    const counts = new Map<string, number>();
    for (const k of this.kerndoelen())
      for (const level of (k.extra.levels as string[] | undefined) ?? [])
        counts.set(level, (counts.get(level) ?? 0) + 1);
    return [...counts]
      .map(([id, n]) => {
        const c = this.vocab.get('level', id);
        // Level labels are codes ("ob vo"); their descriptions say what they are.
        const described = c?.description ? c.description.charAt(0).toUpperCase() + c.description.slice(1) : null;
        return {
          id,
          label: described ?? c?.labelNl ?? id,
          labelEn: LEVEL_NAMES_EN[c?.labelNl ?? ''] ?? c?.labelEn ?? null,
          kerndoelen: n,
          position: c?.position ?? 0,
        };
      })
      .sort((a, b) => a.position - b.position)
      .map(({ position: _, ...level }) => level);
  }

  private atLevel(level: string | null): (c: Concept) => boolean {
    return (c) => !level || ((c.extra.levels as string[] | undefined) ?? []).includes(level);
  }

  /** The subject areas of the kerndoelen at a level, with aligned resource counts. */
  async areas(level: string | null): Promise<CurriculumArea[]> {
    const counts = await this.alignedCounts(null, ['objective']);
    const kerndoelen = this.kerndoelen().filter(this.atLevel(level));
    const perArea = new Map<string, number>();
    for (const k of kerndoelen) for (const area of this.areasOf(k)) perArea.set(area, (perArea.get(area) ?? 0) + 1);
    return this.vocab
      .list('kerndoel')
      .filter((c) => c.extra.type === 'vakleergebied' && !c.deprecated && perArea.has(c.id))
      .sort((a, b) => a.position - b.position)
      .map((c) => ({
        id: c.id,
        label: c.labelNl,
        labelEn: c.labelEn,
        count: counts.get(c.id) ?? 0,
        kerndoelen: perArea.get(c.id)!,
      }));
  }

  /** The subject areas a kerndoel lies under (through its domain). */
  private areasOf(kerndoel: Concept): string[] {
    const out = new Set<string>();
    const visit = (id: string, depth: number) => {
      const c = this.vocab.get('kerndoel', id);
      if (!c || depth > 5) return;
      if (c.extra.type === 'vakleergebied') out.add(c.id);
      for (const parent of c.broader) visit(parent, depth + 1);
    };
    visit(kerndoel.id, 0);
    return [...out];
  }

  /**
   * One subject area: its domains and kerndoelen at the level, and the leerdoelenkaart of the same
   * subject (vakkern → vaksubkern → vakinhoud), every node with its aligned resource count.
   */
  async area(
    id: string,
    level: string | null,
  ): Promise<{ area: CurriculumArea; kerndoelen: CurriculumNode[]; leerdoelen: CurriculumNode[] } | null> {
    const area = this.vocab.get('kerndoel', id);
    if (!area || area.extra.type !== 'vakleergebied') return null;
    const counts = await this.alignedCounts(null, ['objective']);
    const inLevel = this.atLevel(level);
    const node = (c: Concept, children: CurriculumNode[]): CurriculumNode => ({
      id: c.id,
      label: c.labelNl,
      labelEn: c.labelEn,
      notation: c.notation,
      type: String(c.extra.type ?? ''),
      text: (c.extra.text as string | undefined) ?? c.description ?? null,
      count: counts.get(c.id) ?? 0,
      children,
    });
    const childrenOf = (scheme: Scheme, parentId: string) =>
      this.vocab
        .list(scheme)
        .filter((c) => !c.deprecated && c.broader.includes(parentId))
        .sort((a, b) => a.position - b.position);
    const kerndoelNodes = (parentId: string): CurriculumNode[] =>
      childrenOf('kerndoel', parentId).flatMap((c) => {
        if (c.extra.type === 'kerndoel') return inLevel(c) ? [node(c, [])] : [];
        const children = kerndoelNodes(c.id);
        return children.length ? [node(c, children)] : [];
      });
    const subjects = new Set((area.extra.subject as string[] | undefined) ?? []);
    const leerdoelNodes = (parentId: string, depth: number): CurriculumNode[] =>
      depth > 4 ? [] : childrenOf('leerdoel', parentId).map((c) => node(c, leerdoelNodes(c.id, depth + 1)));
    const maps = this.vocab
      .list('leerdoel')
      .filter(
        (c) =>
          c.extra.type === 'vakleergebied' &&
          !c.deprecated &&
          ((c.extra.subject as string[] | undefined) ?? []).some((s) => subjects.has(s)),
      );
    const kerndoelen = kerndoelNodes(area.id);
    return {
      area: {
        id: area.id,
        label: area.labelNl,
        labelEn: area.labelEn,
        count: counts.get(area.id) ?? 0,
        kerndoelen: countType(kerndoelen, 'kerndoel'),
      },
      kerndoelen,
      leerdoelen: maps.map((m) => node(m, leerdoelNodes(m.id, 0))),
    };
  }
}

function countType(nodes: CurriculumNode[], type: string): number {
  return nodes.reduce((n, c) => n + (c.type === type ? 1 : 0) + countType(c.children, type), 0);
}
