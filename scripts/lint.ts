// `pnpm lint`: everything that is linted, in one command; fails on any problem, warnings included.
//   1. the description, with the strict rules of redocly.yaml: the source (openapi/openapi.yaml), the bundle
//      (packages/openapi/dist/openapi.yaml, rebuilt first so it is never stale) and every other api listed there
//      (the Arazzo workflows);
//   2. the TypeScript of packages/, scripts/ and test/ with Biome (biome.jsonc): its lint rules, type-aware ones
//      included, and a format check (`pnpm format` writes the formatting).
// Usage: tsx scripts/lint.ts
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleDescription, root } from './bundle.js';

export interface LintResult {
  ok: boolean;
  output: string;
}

/** Lints every api of redocly.yaml; `rebundle: false` lints the bundle as it is (the tests check it is fresh). */
export function lintAll({ rebundle = true }: { rebundle?: boolean } = {}): LintResult {
  if (rebundle) bundleDescription();
  const run = spawnSync(join(root, 'node_modules', '.bin', 'redocly'), ['lint', '--format=stylish'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
  });
  // Drop the Node-20 deprecation banner redocly prints on every run; keep everything else.
  const output = `${run.stdout}${run.stderr}`
    .split('\n')
    .filter((line) => !/[║╔╚]/.test(line))
    .join('\n')
    .trim();
  const problems = /\b(error|warning)\b/i.test(output.replace(/validating .*\.\.\./g, ''));
  return { ok: run.status === 0 && !problems, output };
}

/**
 * Lints and format-checks the TypeScript with Biome (`biome ci`: no writes), in `dir` (default this repository;
 * a test passes a copy holding biome.jsonc and the files to check). Warnings fail too.
 */
export function lintTypeScript(dir: string = root): LintResult {
  const run = spawnSync(join(root, 'node_modules', '.bin', 'biome'), ['ci', '--error-on-warnings', '--colors=off', '--max-diagnostics=200'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? `could not run biome: ${run.error.message}` : ''}`.trim();
  return { ok: run.status === 0, output };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let failed = false;
  for (const [what, lint] of [
    ['the description (redocly lint)', () => lintAll()],
    ['the TypeScript (biome ci)', () => lintTypeScript()],
  ] as const) {
    const { ok, output } = lint();
    process.stdout.write(`${output}\n`);
    if (!ok) {
      process.stderr.write(`lint: problems found in ${what} (warnings count as failures)\n`);
      failed = true;
    }
  }
  if (failed) process.exit(1);
}
