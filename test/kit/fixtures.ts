// Partner projects for the kit tests: a folder with its own package.json and node_modules, where the tool
// versions under test (Jest 29/30, vitest 4/5, msw 2/3, swagger-mock-validator) are installed from the npm
// registry with npm, as a partner team would, never into this workspace. Installed once per set of versions and
// cached in the system's temp folder, one folder per checkout (not under node_modules: Jest finds no test file
// below a node_modules folder); the files of each test are written fresh for every run.
//
// This kit's packages are placed in the fixture's node_modules as a partner gets them from the registry:
// - @agora-chat-push/openapi: a link to packages/openapi (its own dependencies, Ajv, resolve from there);
// - @agora-chat-push/mock: a copy of package.json and dist/, so that its `import 'msw'` resolves to the
//   fixture's msw (the version under test), not to the workspace's.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
const cacheDir = process.env.AGORA_KIT_FIXTURES ?? join(tmpdir(), `agora-chat-push-kit-fixtures-${createHash('sha256').update(repoRoot).digest('hex').slice(0, 8)}`);

export interface Fixture {
  dir: string;
  /** Writes a file of the fixture (relative path), creating folders. */
  write(path: string, text: string): string;
  /** Runs a command in the fixture with this Node first on PATH; resolves with its exit code and output. */
  run(command: string, args: string[], options?: { timeout?: number; env?: Record<string, string> }): { status: number | null; output: string };
}

/**
 * A fixture project named `name` with these npm dependencies, installed (once) with npm running on `node`
 * (the Node under test: npm checks engines, and lifecycle scripts run on it).
 */
export function fixtureProject(
  name: string,
  dependencies: Record<string, string>,
  options: { node?: string; type?: 'module' | 'commonjs'; kit?: ('openapi' | 'mock')[]; ignoreScripts?: boolean } = {},
): Fixture {
  const node = options.node ?? process.execPath;
  const dir = join(cacheDir, name);
  const manifest = { name: `kit-fixture-${name}`, private: true, ...(options.type ? { type: options.type } : {}), dependencies };
  const stamp = join(dir, '.installed');
  const wanted = JSON.stringify({ manifest, node, ignoreScripts: options.ignoreScripts === true });
  const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH ?? ''}`, npm_config_update_notifier: 'false' };
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== wanted) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const args = ['install', '--no-audit', '--no-fund', ...(options.ignoreScripts ? ['--ignore-scripts'] : [])];
    const npm = spawnSync('npm', args, { cwd: dir, env, encoding: 'utf8', timeout: 600_000 });
    if (npm.status !== 0) {
      throw new Error(`fixture ${name}: npm install failed (${npm.status}): ${`${npm.error?.message ?? ''} ${npm.stderr}`.trim().split('\n').slice(-6).join(' | ')}`);
    }
    writeFileSync(stamp, wanted);
  }
  placeKit(dir, options.kit ?? []);
  return {
    dir,
    write(path, text) {
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    run(command, args, runOptions = {}) {
      const result = spawnSync(command, args, {
        cwd: dir,
        env: { ...env, ...(runOptions.env ?? {}) },
        encoding: 'utf8',
        timeout: runOptions.timeout ?? 170_000,
      });
      return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}` };
    },
  };
}

/** Puts the built kit packages into the fixture's node_modules (fresh each run: the build may have changed). */
function placeKit(dir: string, kit: ('openapi' | 'mock')[]): void {
  const scope = join(dir, 'node_modules', '@agora-chat-push');
  mkdirSync(scope, { recursive: true });
  if (kit.includes('openapi') || kit.includes('mock')) {
    rmSync(join(scope, 'openapi'), { recursive: true, force: true });
    symlinkSync(join(repoRoot, 'packages', 'openapi'), join(scope, 'openapi'), 'dir');
  }
  if (kit.includes('mock')) {
    const target = join(scope, 'mock');
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    cpSync(join(repoRoot, 'packages', 'mock', 'package.json'), join(target, 'package.json'));
    cpSync(join(repoRoot, 'packages', 'mock', 'dist'), join(target, 'dist'), { recursive: true });
  }
}
