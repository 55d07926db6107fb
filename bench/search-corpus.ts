import { join } from 'node:path';
import { projectRoot } from '../src/app/config.ts';
import type { ResourceInput } from '../src/catalogue/model.ts';
import type { SourceRecord } from '../src/catalogue/view.ts';
import { readRecords } from '../src/harvest/formats.ts';
import { importableFiles, readImportFile } from '../src/harvest/service.ts';
import type { Vocabularies } from '../src/vocab/vocabulary.ts';

/**
 * Generates any number of catalogue records from the real demo corpora: real titles, sentences
 * of real descriptions, real keyword lists, makers, periods and licences, recombined; learning
 * materials get levels, subjects and kerndoelen drawn from the real SLO vocabularies. Seeded, so
 * every run (and the in-memory baseline) sees the same records.
 */
export interface Style {
  name: string;
  share: number;
  organisation: string;
  kind: 'heritage' | 'material';
  records: ResourceInput[];
  sentences: string[];
}

/** A small seeded generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function inputs(vocab: Vocabularies, path: string): Promise<ResourceInput[]> {
  const out: ResourceInput[] = [];
  for (const file of importableFiles(join(projectRoot, 'data', 'demo', path))) {
    for await (const record of readRecords(file.replace(/\.gz$/, ''), await readImportFile(file), {
      vocab,
      institution: null,
    })) {
      if (record.mapped.status === 'ok') out.push(record.mapped.input);
    }
  }
  return out;
}

function sentences(records: ResourceInput[]): string[] {
  return records.flatMap((r) =>
    (r.description ?? '')
      .split(/(?<=[.!?])\s+/)
      .map((s) => s.trim())
      .filter((s) => s.length > 20),
  );
}

export async function loadStyles(vocab: Vocabularies): Promise<Style[]> {
  const rijks = await inputs(vocab, 'rijksmuseum/Suriname_objecten_export.csv.gz');
  const tate = await inputs(vocab, 'tate/tate-artworks.jsonl.gz');
  const materials = [...(await inputs(vocab, 'edurep')), ...(await inputs(vocab, 'oai'))].filter((r) => r.title);
  return [
    {
      name: 'rijksmuseum',
      share: 0.4,
      organisation: 'Rijksmuseum',
      kind: 'heritage',
      records: rijks,
      sentences: sentences(rijks),
    },
    { name: 'tate', share: 0.4, organisation: 'Tate', kind: 'heritage', records: tate, sentences: sentences(tate) },
    {
      name: 'materials',
      share: 0.2,
      organisation: 'Kennisnet',
      kind: 'material',
      records: materials,
      sentences: [...sentences(materials), ...sentences(rijks).slice(0, 2000)],
    },
  ];
}

const OPEN_LICENCES = [
  'CC BY 4.0',
  'CC BY 4.0',
  'CC BY-SA 4.0',
  'CC BY-SA 4.0',
  'CC BY-NC-SA 4.0',
  'CC0 1.0',
  'CC BY-NC 4.0',
];

/** The records of one style, `count` of them, numbered from `first`. */
export function* generate(
  style: Style,
  vocab: Vocabularies,
  first: number,
  count: number,
  seed: number,
): Generator<SourceRecord> {
  const rnd = random(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)]!;
  const kerndoelen = vocab.list('kerndoel').filter((c) => c.extra.type === 'kerndoel' && !c.deprecated);
  const subjects = vocab.list('subject');
  for (let i = first; i < first + count; i++) {
    const base = pick(style.records);
    const other = pick(style.records);
    const title =
      rnd() < 0.35 && other.title !== base.title
        ? `${base.title.split(/[,:;(]/)[0]!.trim()} – ${other.title.split(/[,:;(]/)[0]!.trim()}`
        : base.title;
    const description = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(style.sentences)).join(' ');
    const keywords = [...(base.keywords ?? []), ...(rnd() < 0.5 ? (other.keywords ?? []).slice(0, 2) : [])];
    const input: ResourceInput = { ...base, title, description, keywords, extra: {} };
    if (style.kind === 'material') {
      const kerndoel = pick(kerndoelen);
      const levels = (kerndoel.extra.levels as string[] | undefined) ?? [];
      input.kind = 'material';
      input.objectives = rnd() < 0.7 ? [kerndoel.id] : [];
      input.levels = levels.slice(0, 1 + Math.floor(rnd() * 2));
      input.subjects = [pick(subjects).id];
      input.rights = pick(OPEN_LICENCES);
    } else if (rnd() < 0.15) {
      input.rights = pick(OPEN_LICENCES);
    }
    yield {
      mapped: { status: 'ok', originalId: `${style.name}-${i}`, input, warnings: [] },
      raw: JSON.stringify({ title, description }),
      format: 'bench-json',
    };
  }
}
