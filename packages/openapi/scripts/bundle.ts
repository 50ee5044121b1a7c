// Bundles the multi-file description (openapi/openapi.yaml) into one file for every consumer:
//   packages/openapi/dist/openapi.yaml and openapi.json (the same document),
//   plus ERRATA.md, EXTENSIONS.md and the Arazzo workflows, so the npm package ships them too.
// A component renaming conflict (two files with one name) fails the build instead of producing `X-2`.
// The answer envelopes are then merged into flat objects (./merge-envelopes.ts says why and when that is exact),
// and the one merged document is written as YAML and JSON.
// It lives in the package that publishes the bundle (its `build` runs it); the source is the repository's openapi/.
// Usage: tsx scripts/bundle.ts [OUT_DIR]   (default: packages/openapi/dist)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { mergeEnvelopes } from './merge-envelopes.js';

/** The repository's root (the description is in its openapi/ folder). */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const redocly = join(root, 'node_modules', '.bin', 'redocly');

/**
 * `source`: the folder holding openapi/ and redocly.yaml; default this repository. The breaking-change gate
 * (scripts/gate.ts) passes a folder with openapi/ as it was at a git ref, to bundle both sides the same way.
 */
export function bundleDescription(outDir = join(root, 'packages', 'openapi', 'dist'), source = root): void {
  mkdirSync(outDir, { recursive: true });
  // Built in a scratch folder beside outDir, then renamed into place file by file: a test or a server
  // reading dist/ while the bundle is rebuilt sees the old file or the new one, never half of one.
  const scratch = mkdtempSync(join(outDir, '.bundle-'));
  try {
    const yamlFile = join(scratch, 'openapi.yaml');
    execFileSync(redocly, ['bundle', 'source', '--output', yamlFile, '--component-renaming-conflicts-severity', 'error', '--lint-config', 'error'], {
      cwd: source,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    const document = parse(readFileSync(yamlFile, 'utf8')) as Parameters<typeof mergeEnvelopes>[0];
    mergeEnvelopes(document);
    // lineWidth 0: long lines stay whole, as Redocly writes them; `pnpm lint` checks this YAML file.
    writeFileSync(yamlFile, stringify(document, { lineWidth: 0 }));
    writeFileSync(join(scratch, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
    for (const doc of ['ERRATA.md', 'EXTENSIONS.md']) cpSync(join(source, 'openapi', doc), join(scratch, doc));
    const workflows = join(source, 'openapi', 'workflows');
    const files = ['openapi.yaml', 'openapi.json', 'ERRATA.md', 'EXTENSIONS.md'];
    if (existsSync(workflows)) {
      mkdirSync(join(outDir, 'workflows'), { recursive: true });
      mkdirSync(join(scratch, 'workflows'));
      for (const file of readdirSync(workflows)) {
        cpSync(join(workflows, file), join(scratch, 'workflows', file));
        files.push(join('workflows', file));
      }
    }
    for (const file of files) renameSync(join(scratch, file), join(outDir, file));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    bundleDescription(process.argv[2] ? resolve(process.argv[2]) : undefined);
  } catch (error) {
    const e = error as { stderr?: Buffer; stdout?: Buffer; message: string };
    process.stderr.write(`bundle failed:\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? e.message}\n`);
    process.exit(1);
  }
}
