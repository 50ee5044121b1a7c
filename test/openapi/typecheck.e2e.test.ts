// The scripts and every test type-check under the strict base config (tsconfig.json at the root), so a
// change to the description's generated types or to a package API cannot silently break them.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/description.js';

describe('the repository', () => {
  it('type-checks scripts/ and test/ with the strict base config', () => {
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', join(repoRoot, 'tsconfig.json')], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 180_000);
});
