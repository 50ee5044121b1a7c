// Generates the two committed files of src/generated/ from the bundled description
// (packages/openapi/dist/openapi.yaml, built by `pnpm build` at the root):
//   openapi.ts    - openapi-typescript's `paths` / `components` / `operations` types;
//   operations.ts - one row per operation: method, path template and its `x-rate-limit` (limit, period, budget),
//                   so the client's limiter reads the documented limits instead of hard-coding them.
// Usage: tsx scripts/generate.ts [--check]   (--check: exit 1 when a committed file differs, write nothing)
// test/client/generated.test.ts imports `generate()` to fail when the committed files are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { METHODS, PERIOD_MS } from '@agora-chat-push/openapi';
import openapiTS, { COMMENT_HEADER, astToString } from 'openapi-typescript';

const require = createRequire(import.meta.url);
/** Where the generated files are committed. */
export const generatedDir = fileURLToPath(new URL('../src/generated/', import.meta.url));

interface XRateLimit {
  limit: number;
  period: 'second' | 'minute';
  scope: 'app-key';
  budget: string;
}
interface Operation {
  operationId: string;
  'x-rate-limit'?: XRateLimit;
}
interface Description {
  paths: Record<string, Record<string, Operation | unknown>>;
}

/** Every path starts with the App Key's two segments; the table leaves them out (bytes in every browser bundle). */
const APP_PREFIX = '/{org_name}/{app_name}';

/** The operation table: what the limiter and the raw-request matcher need, from the description. */
export function operationsSource(description: Description): string {
  const rows: string[] = [];
  for (const [path, item] of Object.entries(description.paths)) {
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const rate = op['x-rate-limit'];
      if (!rate || rate.scope !== 'app-key' || !(rate.period in PERIOD_MS)) {
        throw new Error(`${op.operationId}: x-rate-limit must have limit, period (second|minute), scope app-key, budget`);
      }
      if (!path.startsWith(APP_PREFIX)) throw new Error(`${op.operationId}: the path must start with ${APP_PREFIX}`);
      rows.push(
        `  ${op.operationId}: [${JSON.stringify(method.toUpperCase())}, ${JSON.stringify(path.slice(APP_PREFIX.length))}, ` +
          `${JSON.stringify(rate.budget === op.operationId ? '' : rate.budget)}, ${rate.limit}, ${PERIOD_MS[rate.period]}],`,
      );
    }
  }
  return `${COMMENT_HEADER.replace('openapi-typescript', 'packages/client/scripts/generate.ts')}/**
 * Every operation of the description: [method, path template after \`/{org_name}/{app_name}\`, rate-limit budget
 * (\`''\`: the operation's own, named as the operation), limit, period in ms].
 * The limit, period and budget come from the operation's \`x-rate-limit\` extension: operations with the same
 * budget share one limit per App Key (\`org_name#app_name\`).
 * @internal
 */
export const OPERATIONS = {
${rows.join('\n')}
} as const;
`;
}

/** Regenerates both files in memory. */
export async function generate(): Promise<{ 'openapi.ts': string; 'operations.ts': string }> {
  const yamlFile = require.resolve('@agora-chat-push/openapi/openapi.yaml');
  const jsonFile = require.resolve('@agora-chat-push/openapi/openapi.json');
  const ast = await openapiTS(pathToFileURL(yamlFile), { silent: true });
  const description = JSON.parse(readFileSync(jsonFile, 'utf8')) as Description;
  return { 'openapi.ts': COMMENT_HEADER + astToString(ast), 'operations.ts': operationsSource(description) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const files = await generate();
  let stale = false;
  for (const [name, text] of Object.entries(files)) {
    const file = `${generatedDir}${name}`;
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {}
    if (current === text) continue;
    stale = true;
    if (check) process.stderr.write(`src/generated/${name} is stale: run \`pnpm --filter @agora-chat-push/client generate\`\n`);
    else writeFileSync(file, text);
  }
  if (check && stale) process.exit(1);
}
