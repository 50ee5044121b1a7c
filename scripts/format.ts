// `pnpm format`: writes Biome's formatting (biome.jsonc) into the TypeScript of packages/, scripts/ and test/.
// `pnpm lint` checks the same formatting without writing. Usage: tsx scripts/format.ts
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './root.js';

const run = spawnSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write'], { cwd: root, stdio: 'inherit' });
if (run.error) process.stderr.write(`format: could not run biome: ${run.error.message}\n`);
process.exit(run.status ?? 1);
