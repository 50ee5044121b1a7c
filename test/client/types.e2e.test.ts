// Runs the compiler on the client's compile-time tests (test/client/types/*.ts): they must type-check, and
// every line marked @ts-expect-error must really fail to compile without its marker.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support.js';

const typesDir = join(repoRoot, 'test', 'client', 'types');
const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const run = (project: string) => spawnSync(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', project], { encoding: 'utf8' });

describe('compile-time tests', () => {
  it('type-check under the strict base config (the @ts-expect-error lines are all rejected)', () => {
    const result = run(typesDir);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);

  it('the package sources (browser libs only, no Node types), its scripts and its bench type-check', () => {
    for (const project of ['tsconfig.json', 'tsconfig.tools.json']) {
      const result = run(join(repoRoot, 'packages', 'client', project));
      expect(result.stdout + result.stderr, project).toBe('');
      expect(result.status).toBe(0);
    }
  }, 120_000);

  it('fail on every line whose @ts-expect-error is removed', () => {
    const source = readFileSync(join(typesDir, 'client.types.ts'), 'utf8');
    const lines = source.split('\n');
    // Line numbers (1-based) of the statements the markers cover; the markers become plain comments.
    const covered = lines.flatMap((line, i) => (line.trimStart().startsWith('// @ts-expect-error') ? [i + 2] : []));
    expect(covered.length).toBeGreaterThanOrEqual(12);
    const mutated = lines.map((line) => line.replace('// @ts-expect-error', '// (marker removed)')).join('\n');
    const file = join(typesDir, `.mutated-${process.pid}.ts`);
    const project = join(typesDir, `.tsconfig-mutated-${process.pid}.json`);
    writeFileSync(file, mutated);
    writeFileSync(project, JSON.stringify({ extends: './tsconfig.json', include: [], files: [file] }));
    try {
      const result = run(project);
      expect(result.status).not.toBe(0);
      const failing = new Set([...result.stdout.matchAll(/\.mutated-\d+\.ts\((\d+),\d+\): error TS\d+/g)].map((m) => Number(m[1])));
      for (const line of covered) expect(failing, `line ${line}: ${lines[line - 1]?.trim()}`).toContain(line);
    } finally {
      rmSync(file, { force: true });
      rmSync(project, { force: true });
    }
  }, 120_000);
});
