// Checks the `engines.node` of an installed package's production dependency tree against a Node range: used by
// engines.test.ts (the workspace's install) and matrix.e2e.test.ts (an npm install of the packed packages).
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import semver from 'semver';

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export const read = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

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
