import type { Concept, Scheme } from './model.ts';
import { sloUri } from './model.ts';

/** A node as found in SLO's curriculum JSON files (only the fields we read). */
export interface SloNode {
  id: string;
  title: string;
  prefix?: string;
  description?: string;
  type?: string;
  kerndoelLabel?: string;
  niveau_id?: string[];
  kerndoel_id?: string[];
  kerndoel_domein_id?: string[];
  vakleergebied_id?: string[] | string;
  ldk_vakkern_id?: string[];
  ldk_vaksubkern_id?: string[];
  ldk_vakinhoud_id?: string[];
  replacedBy?: string[];
  types?: string[];
}

function concept(
  scheme: Scheme,
  node: SloNode,
  position: number,
  extra: Record<string, unknown>,
  labelNl = node.title,
): Concept {
  return {
    scheme,
    id: node.id,
    uri: sloUri(node.id),
    notation: node.prefix ?? null,
    labelNl: labelNl.trim(),
    labelEn: null,
    description: node.description?.trim() || null,
    broader: [],
    replacedBy: node.replacedBy ?? [],
    deprecated: node.replacedBy !== undefined,
    position,
    extra,
  };
}

/** Links children to parents: every id in `childIds` of a parent gets that parent as broader. */
function linkChildren(byId: Map<string, Concept>, parentId: string, childIds: string[] | undefined): void {
  for (const childId of childIds ?? []) {
    const child = byId.get(childId);
    if (child && !child.broader.includes(parentId)) child.broader.push(parentId);
  }
}

const LEVEL_TYPES_WITHOUT_TREE = new Set(['Referentieniveau', 'Beheersingsniveau']);
/** Programmes of secondary education that sit under "vo" (their codes do not say so). */
const UNDER_VO = new Set(['vmbo', 'havo', 'vwo', 'pro']);

/**
 * Builds the `level` scheme from SLO's niveaus. SLO gives no hierarchy, only codes: a level hangs
 * under the sector or programme whose code is its own rounded to tens, hundreds or thousands
 * (groep 5 = 1005 under po = 1000; havo 1 = 4201 under havo = 4200).
 */
export function levelConcepts(niveaus: SloNode[]): Concept[] {
  const concepts = niveaus.map((n, i) => concept('level', n, i, { type: n.type ?? null }));
  const parents = new Map<string, Concept>();
  for (const c of concepts) {
    const type = c.extra.type as string | null;
    if ((type === 'Sector' || type === 'Opleiding') && c.notation && !parents.has(c.notation))
      parents.set(c.notation, c);
  }
  const vo = concepts.find((c) => c.labelNl === 'vo');
  for (const c of concepts) {
    if (LEVEL_TYPES_WITHOUT_TREE.has(c.extra.type as string) || !c.notation || !/^\d{4}$/.test(c.notation)) continue;
    if (UNDER_VO.has(c.labelNl) && vo) {
      c.broader.push(vo.id);
      continue;
    }
    const code = Number(c.notation);
    for (const unit of [10, 100, 1000]) {
      const parent = parents.get(String(code - (code % unit)).padStart(4, '0'));
      if (parent && parent.id !== c.id) {
        c.broader.push(parent.id);
        break;
      }
    }
  }
  return concepts;
}

/**
 * Builds the `kerndoel` scheme: subject areas of the kerndoelen → domains → kerndoelen, plus the
 * deprecated nodes with their `replacedBy`.
 */
export function kerndoelConcepts(files: {
  kerndoelen: SloNode[];
  domeinen: SloNode[];
  vakleergebieden: SloNode[];
  deprecated: SloNode[];
}): Concept[] {
  const concepts: Concept[] = [];
  let position = 0;
  for (const n of files.vakleergebieden)
    concepts.push(concept('kerndoel', n, position++, { type: 'vakleergebied', subject: asArray(n.vakleergebied_id) }));
  for (const n of files.domeinen) concepts.push(concept('kerndoel', n, position++, { type: 'domein' }));
  for (const n of files.kerndoelen) {
    const label = n.prefix ? `${n.prefix}: ${n.kerndoelLabel ?? n.description ?? ''}`.replace(/: $/, '') : n.title;
    concepts.push({
      ...concept('kerndoel', n, position++, { type: 'kerndoel', levels: n.niveau_id ?? [], text: n.title }, label),
      description: n.title,
    });
  }
  for (const n of files.deprecated) {
    const type = (n.types?.[0] ?? 'kerndoel').replace(/^kerndoel_/, '');
    const label = n.prefix ? `${n.prefix}: ${n.kerndoelLabel ?? n.title}` : n.title;
    concepts.push(concept('kerndoel', { ...n, replacedBy: n.replacedBy ?? [] }, position++, { type }, label));
  }
  const byId = new Map(concepts.map((c) => [c.id, c]));
  for (const n of [...files.vakleergebieden, ...files.domeinen]) {
    linkChildren(byId, n.id, n.kerndoel_domein_id);
    linkChildren(byId, n.id, n.kerndoel_id);
  }
  return concepts;
}

/** Builds the `leerdoel` scheme from SLO's leerdoelenkaarten: vakleergebied → vakkern → vaksubkern → vakinhoud. */
export function leerdoelConcepts(files: {
  vakleergebieden: SloNode[];
  vakkernen: SloNode[];
  vaksubkernen: SloNode[];
  vakinhouden: SloNode[];
  deprecated: SloNode[];
}): Concept[] {
  const concepts: Concept[] = [];
  let position = 0;
  const add = (nodes: SloNode[], type: string) => {
    for (const n of nodes)
      concepts.push(concept('leerdoel', n, position++, { type, subject: asArray(n.vakleergebied_id) }));
  };
  add(files.vakleergebieden, 'vakleergebied');
  add(files.vakkernen, 'vakkern');
  add(files.vaksubkernen, 'vaksubkern');
  add(files.vakinhouden, 'vakinhoud');
  // Only deprecated map nodes (not vakbegrippen or doelniveaus) belong to this scheme.
  const mapTypes = new Set(['ldk_vakleergebied', 'ldk_vakkern', 'ldk_vaksubkern', 'ldk_vakinhoud']);
  for (const n of files.deprecated) {
    const type = n.types?.[0];
    if (!type || !mapTypes.has(type)) continue;
    concepts.push(
      concept('leerdoel', { ...n, replacedBy: n.replacedBy ?? [] }, position++, { type: type.replace(/^ldk_/, '') }),
    );
  }
  const byId = new Map(concepts.map((c) => [c.id, c]));
  for (const n of [...files.vakleergebieden, ...files.vakkernen, ...files.vaksubkernen]) {
    linkChildren(byId, n.id, n.ldk_vakkern_id);
    linkChildren(byId, n.id, n.ldk_vaksubkern_id);
    linkChildren(byId, n.id, n.ldk_vakinhoud_id);
  }
  return concepts;
}

/** Builds the `subject` scheme from SLO's vakleergebieden (curriculum-basis). */
export function subjectConcepts(vakleergebieden: SloNode[]): Concept[] {
  return vakleergebieden.map((n, i) => concept('subject', n, i, { levels: n.niveau_id ?? [], source: 'slo' }));
}

function asArray(value: string[] | string | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
