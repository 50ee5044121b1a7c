// `pnpm lint` lints and format-checks the TypeScript with Biome (scripts/lint.ts, biome.jsonc). On a temp copy
// of packages/client/src and the repository's Biome config (the real sources are never edited): formatted
// first with the repository's settings, the copy passes; a `debugger;` statement fails it, and so does a
// misformatted line.
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintTypeScript } from '../../scripts/lint.js';
import { cleanUp, repoRoot, tempDir } from './support.js';

afterAll(cleanUp);

describe('pnpm lint on the TypeScript (Biome)', { timeout: 120_000 }, () => {
  let copy: string;
  let file: string;
  let original: string;

  beforeAll(() => {
    copy = tempDir('biome-lint-');
    for (const name of ['biome.jsonc', '.gitignore']) cpSync(join(repoRoot, name), join(copy, name));
    cpSync(join(repoRoot, 'packages', 'client', 'src'), join(copy, 'packages', 'client', 'src'), { recursive: true });
    // The copy is not a git repository: Biome's VCS integration (for .gitignore) needs one.
    expect(spawnSync('git', ['init', '-q'], { cwd: copy }).status).toBe(0);
    // Formatted with the repository's settings, so this test does not depend on the tree being formatted.
    const format = spawnSync(join(repoRoot, 'node_modules', '.bin', 'biome'), ['format', '--write'], { cwd: copy, encoding: 'utf8' });
    expect(format.status, format.stderr).toBe(0);
    file = join(copy, 'packages', 'client', 'src', 'limiter.ts');
    original = readFileSync(file, 'utf8');
  });

  it('passes the copy as it is', () => {
    writeFileSync(file, original);
    const result = lintTypeScript(copy);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toMatch(/Checked \d+ files/);
  });

  it('fails on a debugger statement, naming the rule and the file', () => {
    writeFileSync(file, `${original}\nexport function stop(): void {\n  debugger;\n}\n`);
    const result = lintTypeScript(copy);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('lint/suspicious/noDebugger');
    expect(result.output).toContain('limiter.ts');
  });

  it('fails on a misformatted line (double quotes, no spaces), naming the file', () => {
    writeFileSync(file, `${original}\nexport const  misformatted={a:"b"}\n`);
    const result = lintTypeScript(copy);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/limiter\.ts format/);
    expect(result.output).not.toContain('lint/suspicious/noDebugger');
  });
});
