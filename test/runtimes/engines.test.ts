// Truthful `engines` (issue 22): every package says which Node it runs on, and no package says less than its
// installed production dependencies declare. For each package of packages/*, this walks the dependency tree
// as installed (dependencies and installed optionalDependencies, found as Node finds them: node_modules folders
// up from each package's real path) and checks that every Node version the package's `engines.node` allows is
// allowed by each dependency's `engines.node` (semver.subset). A dependency without `engines.node` declares no
// limit. The runtime matrix (matrix.e2e.test.ts) proves the floor itself: its oldest Node is the floor's.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { RUNTIMES } from '../../scripts/runtimes.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const packagesDir = join(repoRoot, 'packages');

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const read = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** The folder of the installed package `name` as `require` from `fromDir` would find it, or undefined. */
function locate(fromDir: string, name: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

export interface EngineConflict {
  /** The chain of packages from the workspace package to the dependency, `a > b@1.0.0 > c@2.0.0`. */
  path: string;
  declares: string;
}

export interface EngineReport {
  conflicts: EngineConflict[];
  /** Required dependencies that are not installed (a broken install, not a pass). */
  missing: string[];
  /** How many distinct installed packages were checked. */
  checked: number;
}

/** Walks the production dependency tree of the package in `dir` and checks each `engines.node` against `range`. */
export function checkEngines(dir: string, range: string): EngineReport {
  const conflicts: EngineConflict[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const walk = (pkgDir: string, chain: string): void => {
    const manifest = read(pkgDir);
    const optional = manifest.optionalDependencies ?? {};
    for (const name of new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(optional)])) {
      const found = locate(pkgDir, name);
      if (!found) {
        if (!(name in optional)) missing.push(`${chain} > ${name}`);
        continue;
      }
      if (seen.has(found)) continue;
      seen.add(found);
      const dependency = read(found);
      const path = `${chain} > ${dependency.name}@${dependency.version}`;
      const declares = dependency.engines?.node;
      if (declares !== undefined && !(semver.validRange(declares) && semver.subset(range, declares))) conflicts.push({ path, declares });
      walk(found, path);
    }
  };
  walk(realpathSync(dir), read(dir).name);
  return { conflicts, missing, checked: seen.size };
}

const packages = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
  .map((entry) => ({ dir: join(packagesDir, entry.name), manifest: read(join(packagesDir, entry.name)) }));

describe('engines.node of every package', () => {
  it('finds the packages', () => {
    expect(packages.map((p) => p.manifest.name).sort()).toEqual(['@agora-chat-push/client', '@agora-chat-push/docs', '@agora-chat-push/mock', '@agora-chat-push/openapi']);
  });

  it.for(packages.map((p) => [p.manifest.name, p] as const))('%s declares a valid range whose floor the matrix runs', ([, { manifest }]) => {
    const range = manifest.engines?.node;
    expect(range, `${manifest.name} has no engines.node`).toBeTypeOf('string');
    expect(semver.validRange(range!), `${manifest.name}: engines.node "${range}" is not a semver range`).not.toBeNull();
    // The floor is a Node the runtime matrix runs the packages on (test/runtimes/matrix.e2e.test.ts): the
    // oldest Node of scripts/runtimes.ts is inside the range, and nothing older is.
    const floor = semver.minVersion(range!)!.version;
    expect(semver.satisfies(RUNTIMES.node20.version, range!), `${manifest.name}: the matrix's Node ${RUNTIMES.node20.version} is outside ${range}`).toBe(true);
    expect(semver.lte(floor, RUNTIMES.node20.version)).toBe(true);
  });

  it.for(packages.map((p) => [p.manifest.name, p] as const))('%s is not below what its installed dependencies declare', ([, { dir, manifest }]) => {
    const report = checkEngines(dir, manifest.engines?.node ?? '*');
    expect(report.missing, 'dependencies that are not installed').toEqual([]);
    expect(report.conflicts.map((c) => `${c.path} declares node ${c.declares}, the package says ${manifest.engines?.node}`)).toEqual([]);
  });
});

describe('the check itself', () => {
  it('finds a dependency that declares more than the range, anywhere in the tree', () => {
    // The mock's tree holds Prism: a range down to Node 18 must be refused by something in it.
    const mock = packages.find((p) => p.manifest.name === '@agora-chat-push/mock')!;
    const report = checkEngines(mock.dir, '>=18');
    expect(report.checked).toBeGreaterThan(20);
    expect(report.conflicts.length).toBeGreaterThan(0);
    expect(report.conflicts[0]!.path.startsWith('@agora-chat-push/mock > ')).toBe(true);
  });

  it('accepts what a dependency allows and refuses what it does not (semver.subset)', () => {
    expect(semver.subset('>=20.16', '>=18')).toBe(true);
    expect(semver.subset('>=20', '>=20.16.0')).toBe(false);
    expect(semver.subset('>=20.19', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(semver.subset('^20.19.0 || >=22.12.0', '^20.19.0 || >=22.12.0')).toBe(true);
  });
});
