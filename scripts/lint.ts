// Lints the description with the strict rules of redocly.yaml: the source (openapi/openapi.yaml), the
// bundle (packages/openapi/dist/openapi.yaml, rebuilt first so it is never stale) and every other api
// listed there (the Arazzo workflows). Fails on any problem, warnings included.
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

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { ok, output } = lintAll();
  process.stdout.write(`${output}\n`);
  if (!ok) {
    process.stderr.write('lint: problems found (warnings count as failures)\n');
    process.exit(1);
  }
}
