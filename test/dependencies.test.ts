import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import semver from 'semver';
import { projectRoot } from '../src/app/config.ts';

const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Every installed package's manifest, nested ones included. */
function installed(
  dir = join(projectRoot, 'node_modules'),
): { name: string; version: string; engines?: { node?: string } }[] {
  const found: { name: string; version: string; engines?: { node?: string } }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      found.push(...installed(path));
      continue;
    }
    const pkg = join(path, 'package.json');
    if (existsSync(pkg)) found.push(JSON.parse(readFileSync(pkg, 'utf8')));
    if (existsSync(join(path, 'node_modules'))) found.push(...installed(join(path, 'node_modules')));
  }
  return found;
}

describe('dependencies', () => {
  it('pins every dependency to an exact version', () => {
    for (const [name, version] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })) {
      assert.ok(semver.valid(version), `${name}@${version} is not an exact version`);
    }
  });

  it('installs only packages whose engines allow the oldest Node the project supports', () => {
    const oldest = semver.minVersion(manifest.engines.node)!.version;
    const refused = installed()
      .filter((p) => p.engines?.node && !semver.satisfies(oldest, p.engines.node))
      .map((p) => `${p.name}@${p.version} (node ${p.engines!.node})`);
    assert.deepEqual(refused, [], `these packages refuse Node ${oldest}`);
  });
});
