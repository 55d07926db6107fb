// The import rules of docs/architecture.md, checked over every module of src/ (tests excluded):
// each folder imports only the folders below it in LAYERS (so no two folders import each other,
// directly or round about), nothing imports app/ (the assembly), kernel/ imports no other folder,
// no module imports another capability's repository (it calls that capability's service), and
// SQL lives only in repositories (and the store and full-text engines).
// `npm run lint` runs it; test/architecture.test.ts runs it too.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folders that are units of their own inside their parent (the search engine below the catalogue, the search service above it). */
const SUB_UNITS = ['search/engine'];

/** The unit a module belongs to: its folder under src/, or a sub-unit. */
export function unitOf(path: string): string {
  return SUB_UNITS.find((u) => path.startsWith(`${u}/`)) ?? path.split('/')[0]!;
}

/** Each unit of src/ with the units it may import. */
export const LAYERS: Record<string, string[]> = {
  kernel: [],
  db: ['kernel'],
  vocab: ['db', 'kernel'],
  'search/engine': ['vocab', 'db', 'kernel'],
  mail: ['kernel'],
  jobs: ['db', 'kernel'],
  accounts: ['mail', 'jobs', 'db', 'kernel'],
  insight: ['db', 'kernel'],
  catalogue: ['search/engine', 'insight', 'accounts', 'vocab', 'db', 'kernel'],
  search: ['catalogue', 'search/engine', 'insight', 'accounts', 'vocab', 'db', 'kernel'],
  harvest: ['catalogue', 'jobs', 'accounts', 'search/engine', 'vocab', 'db', 'kernel'],
  lessons: ['catalogue', 'accounts', 'search/engine', 'vocab', 'db', 'kernel'],
  community: ['lessons', 'catalogue', 'accounts', 'vocab', 'db', 'kernel'],
  privacy: ['accounts', 'db', 'kernel'],
  admin: ['accounts', 'db', 'kernel'],
  onboarding: ['admin', 'accounts', 'mail', 'jobs', 'db', 'kernel'],
  quality: ['lessons', 'admin', 'catalogue', 'accounts', 'db', 'kernel'],
  curation: ['admin', 'catalogue', 'accounts', 'vocab', 'db', 'kernel'],
  publish: [
    'quality',
    'community',
    'lessons',
    'harvest',
    'search',
    'catalogue',
    'insight',
    'accounts',
    'search/engine',
    'vocab',
    'db',
    'kernel',
  ],
  app: ['*'],
};

export interface Violation {
  file: string;
  imports: string;
  rule: string;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;

/** The relative imports of every module under `src` (tests excluded), as paths relative to `src`. */
export function moduleImports(src: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || entry.name.endsWith('.test.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    const from = relative(src, path);
    const targets: string[] = [];
    for (const m of readFileSync(path, 'utf8').matchAll(IMPORT)) {
      targets.push(relative(src, resolve(dirname(path), (m[1] ?? m[2])!)));
    }
    out.set(from, targets);
  }
  return out;
}

/** Folder-level cycles (strongly connected components with more than one folder). */
export function folderCycles(imports: Map<string, string[]>): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const [from, targets] of imports) {
    const a = unitOf(from);
    for (const t of targets) {
      const b = unitOf(t);
      if (a !== b) (edges.get(a) ?? edges.set(a, new Set()).get(a)!).add(b);
    }
  }
  // Tarjan's algorithm.
  let index = 0;
  const stack: string[] = [];
  const info = new Map<string, { index: number; low: number; onStack: boolean }>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    info.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!info.has(w)) {
        visit(w);
        info.get(v)!.low = Math.min(info.get(v)!.low, info.get(w)!.low);
      } else if (info.get(w)!.onStack) info.get(v)!.low = Math.min(info.get(v)!.low, info.get(w)!.index);
    }
    if (info.get(v)!.low === info.get(v)!.index) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        info.get(w)!.onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!info.has(v)) visit(v);
  return cycles;
}

/** Modules that may hold SQL: repositories, the store itself (dialects, migrations, backup) and the full-text engines. */
const SQL_HOMES = [/(^|\/)repository\.ts$/, /^db\//, /^search\/engine\/(fts5|postgres|search-index)\.ts$/];
const SQL = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`/;

/** Modules outside the SQL homes that hold SQL. */
export function sqlOutsideRepositories(src: string): string[] {
  const out: string[] = [];
  for (const file of moduleImports(src).keys()) {
    if (SQL_HOMES.some((home) => home.test(file))) continue;
    if (SQL.test(readFileSync(join(src, file), 'utf8'))) out.push(file);
  }
  return out.sort();
}

/** Every import that breaks a rule. */
export function importViolations(src: string): Violation[] {
  const imports = moduleImports(src);
  const violations: Violation[] = [];
  for (const [file, targets] of imports) {
    const folder = unitOf(file);
    for (const target of targets) {
      const to = unitOf(target);
      if (to === folder) continue;
      const allowed = LAYERS[folder];
      if (!allowed) violations.push({ file, imports: target, rule: `folder ${folder}/ is not in the layer table` });
      else if (to === 'app') violations.push({ file, imports: target, rule: 'nothing outside app/ imports app/' });
      else if (!allowed.includes('*') && !allowed.includes(to))
        violations.push({
          file,
          imports: target,
          rule: `${folder}/ may import only ${allowed.join(', ') || 'nothing'}`,
        });
      if (/(^|\/)repository\.ts$|\.repository\.ts$/.test(target) && folder !== 'app')
        violations.push({ file, imports: target, rule: "another capability's repository: call its service" });
    }
  }
  for (const cycle of folderCycles(imports))
    violations.push({ file: cycle.join(' ↔ '), imports: '', rule: 'folders import each other' });
  for (const file of sqlOutsideRepositories(src))
    violations.push({ file, imports: '', rule: 'SQL belongs in a repository module' });
  return violations;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const violations = importViolations(src);
  for (const v of violations) console.error(`${v.file}${v.imports ? ` → ${v.imports}` : ''}: ${v.rule}`);
  if (violations.length) {
    console.error(`${violations.length} import rule(s) broken (docs/architecture.md).`);
    process.exit(1);
  }
  console.log('Imports follow the layers of docs/architecture.md.');
}
