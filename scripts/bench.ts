// `pnpm bench`: builds every package, then runs each package's benchmark (packages/*/bench/run.ts) one
// after another, never in parallel (the machine is shared and has 2 cores), and prints their tables.
// Figures are ratios against a baseline measured in the same process; no test asserts on them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './root.js';
import { runPnpm } from './pnpm.js';

if (runPnpm(['-r', 'build']) !== 0) process.exit(1);

process.stdout.write(`# Benchmarks (${new Date().toISOString()}, node ${process.version})\n`);
let failed = false;
for (const pkg of ['openapi', 'client', 'mock', 'docs', 'cli']) {
  const script = join(root, 'packages', pkg, 'bench', 'run.ts');
  if (!existsSync(script)) {
    process.stderr.write(`bench: ${script} is missing\n`);
    failed = true;
    continue;
  }
  const run = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [script], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    process.stderr.write(`bench: ${pkg} failed (exit ${run.status})\n`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
