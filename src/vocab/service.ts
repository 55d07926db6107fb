import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { vocabRepository } from './repository.ts';
import type { Concept, Scheme } from './model.ts';
import type { Vocabularies } from './vocabulary.ts';

/** A concept with its children, for `format=tree`. */
export interface ConceptNode extends Concept {
  children: ConceptNode[];
}

/** Copies the bundled vocabularies into the store when they changed (by content hash). */
export async function seedVocabularies(db: Kysely<Database>, vocab: Vocabularies): Promise<boolean> {
  const hash = createHash('sha256').update(JSON.stringify(vocab.concepts)).digest('hex');
  if ((await vocabRepository.storedHash(db)) === hash) return false;
  await db.transaction().execute(async (trx) => {
    const rows = vocab.concepts.map((c) => ({
      scheme: c.scheme,
      id: c.id,
      uri: c.uri,
      notation: c.notation,
      label_nl: c.labelNl,
      label_en: c.labelEn,
      description: c.description,
      broader: JSON.stringify(c.broader),
      replaced_by: JSON.stringify(c.replacedBy),
      deprecated: c.deprecated ? 1 : 0,
      position: c.position,
      extra: JSON.stringify(c.extra),
    }));
    await vocabRepository.replaceConcepts(trx, rows, hash);
  });
  return true;
}

/** The concepts of a scheme as a forest: roots are concepts without a (known) parent. */
export function conceptTree(concepts: Concept[]): ConceptNode[] {
  const nodes = new Map(concepts.map((c) => [c.id, { ...c, children: [] as ConceptNode[] }]));
  const roots: ConceptNode[] = [];
  for (const node of nodes.values()) {
    const parents = node.broader.map((p) => nodes.get(p)).filter((p): p is ConceptNode => !!p);
    if (parents.length === 0) roots.push(node);
    for (const parent of parents) parent.children.push(node);
  }
  return roots;
}

/** Filters a scheme's concepts for the API. */
export function selectConcepts(
  vocab: Vocabularies,
  scheme: Scheme,
  options: { includeDeprecated: boolean; q?: string },
): Concept[] {
  const q = options.q?.toLowerCase().trim();
  return vocab
    .list(scheme)
    .filter(
      (c) =>
        (options.includeDeprecated || !c.deprecated) &&
        (!q ||
          c.labelNl.toLowerCase().includes(q) ||
          (c.labelEn ?? '').toLowerCase().includes(q) ||
          (c.notation ?? '').toLowerCase().includes(q)),
    );
}
