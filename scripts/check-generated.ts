// Checks that the client's committed generated files (packages/client/src/generated/) are what the current
// bundle generates, without writing anything: it generates in memory and compares. The test command runs it
// after bundling and BEFORE the build, because the client's build regenerates the files: a check run after
// the build could never fail. Usage: tsx scripts/check-generated.ts   (exit 1 and the stale files when stale)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, generatedDir } from '../packages/client/scripts/generate.js';

/**
 * The generated files in `dir` (default: the committed ones) that differ from what the bundle generates
 * (`fresh`: what `generate()` returned, when the caller has it already).
 */
export async function staleGeneratedFiles(dir: string = generatedDir, fresh?: Awaited<ReturnType<typeof generate>>): Promise<string[]> {
  fresh ??= await generate();
  const stale: string[] = [];
  for (const [name, text] of Object.entries(fresh)) {
    let committed: string | undefined;
    try {
      committed = readFileSync(join(dir, name), 'utf8');
    } catch {
      committed = undefined;
    }
    if (committed !== text) stale.push(name);
  }
  return stale;
}

/** The sentence for a stale list: which files, and the command that fixes them. */
export const staleMessage = (stale: string[]): string =>
  `packages/client/src/generated/ is stale (${stale.join(', ')}): run ` + '`npx -y pnpm@12.4.2 --filter @agora-chat-push/client generate` and commit the result';

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const stale = await staleGeneratedFiles();
  if (stale.length > 0) {
    process.stderr.write(`${staleMessage(stale)}\n`);
    process.exit(1);
  }
}
