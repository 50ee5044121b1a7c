// Generates the committed files of src/generated/ from the bundled description
// (packages/openapi/dist/openapi.yaml, built by `pnpm build` at the root):
//   openapi.ts    - openapi-typescript's `paths` / `components` / `operations` types;
//   operations.ts - one record per operation: method, path template, its `x-rate-limit` (limit, period, budget),
//                   so the client's limiter reads the documented limits instead of hard-coding them, and the
//                   rules of its path parameters (minLength, maxLength, pattern, enum), checked before sending;
//   values.ts     - the runtime list of every string enum of components.schemas (`PushMode` -> `PUSH_MODES`),
//                   with a type guard (`isPushMode`), for values that come from a database or a form.
// Usage: tsx scripts/generate.ts [--check]   (--check: exit 1 when a committed file differs, write nothing)
// test/client/generated.test.ts imports `generate()` to fail when the committed files are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PERIOD_MS, buildOperationModel, loadDescription, type OpenApiDocument, patternMeaning, type SchemaNode } from '@agora-chat-push/openapi';
import openapiTS, { COMMENT_HEADER, astToString } from 'openapi-typescript';

/** The header of the files this script writes itself (openapi.ts keeps openapi-typescript's). */
const HEADER = COMMENT_HEADER.replace('openapi-typescript', 'packages/client/scripts/generate.ts');
/** Where the generated files are committed. */
export const generatedDir = fileURLToPath(new URL('../src/generated/', import.meta.url));

interface Description {
  paths: Record<string, Record<string, unknown>>;
  components?: {
    schemas?: Record<string, { enum?: unknown[]; description?: string; title?: string; properties?: Record<string, { description?: string }> }>;
  };
}

/** Every path starts with the App Key's two segments; the table leaves them out (bytes in every browser bundle). */
const APP_PREFIX = '/{org_name}/{app_name}';

/** The rules of a parameter's schema that the client checks before sending (JSON Schema keywords). */
export interface ParameterRule {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** The pattern's meaning, from the schema's description: `must be a user ID: 1 to 64 characters, ...`. */
  meaning?: string;
  enum?: string[];
}

/**
 * What a pattern means, for people: the contract validator's own wording of its pattern messages ("must be a user
 * ID: 1 to 64 characters, ..."), so an error of the client reads as the sandbox's; without backticks, which a
 * message printed in a terminal does not render. A regex alone is not a message.
 */
const meaningOf = (schema: SchemaNode): string | undefined => patternMeaning(schema)?.replace(/`/g, '');

/** The rules of a schema the client checks itself: string length, pattern (with its meaning), enum. */
function ruleOf(schema: SchemaNode): ParameterRule {
  const rule: ParameterRule = {};
  if (typeof schema.minLength === 'number') rule.minLength = schema.minLength;
  if (typeof schema.maxLength === 'number') rule.maxLength = schema.maxLength;
  if (typeof schema.pattern === 'string') {
    rule.pattern = schema.pattern;
    const meaning = meaningOf(schema);
    if (meaning) rule.meaning = meaning;
  }
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string')) rule.enum = schema.enum as string[];
  return rule;
}

/** The operation table: what the limiter, the raw-request matcher and the parameter checks need, from the description. */
export function operationsSource(description: Description): string {
  const rows: string[] = [];
  // One constant per schema component (`Username`), shared by every parameter using it; inline rules otherwise.
  const shared = new Map<string, string>();
  for (const op of buildOperationModel(description as unknown as OpenApiDocument).operations) {
    // The model has checked it (limit, period, scope app-key, budget): it throws naming the operation otherwise.
    const rate = op.rateLimit;
    if (!op.path.startsWith(APP_PREFIX)) throw new Error(`${op.operationId}: the path must start with ${APP_PREFIX}`);
    const params: string[] = [];
    for (const p of op.parameters) {
      // The App Key's two segments are checked once, when the client is created (options.orgName, options.appName).
      if (p.in !== 'path' || p.name === 'org_name' || p.name === 'app_name') continue;
      const rule = JSON.stringify(ruleOf(p.schema.resolved));
      if (rule === '{}') continue;
      let ref = rule;
      const { component } = p.schema;
      if (component) {
        const known = shared.get(component);
        if (known !== undefined && known !== rule) throw new Error(`${component}: one component, two rules`);
        shared.set(component, rule);
        ref = component;
      }
      params.push(`${p.name}: ${ref}`);
    }
    rows.push(
      `  ${op.operationId}: { method: ${JSON.stringify(op.method.toUpperCase())}, path: ${JSON.stringify(op.path.slice(APP_PREFIX.length))}, ` +
        `budget: ${JSON.stringify(rate.budget === op.operationId ? '' : rate.budget)}, limit: ${rate.limit}, period: ${PERIOD_MS[rate.period]}, ` +
        `params: {${params.length ? ` ${params.join(', ')} ` : ''}} },`,
    );
  }
  const constants = [...shared].map(([name, rule]) => `const ${name}: ParameterRule = ${rule};\n`).join('');
  return `${HEADER}/**
 * The rules of a path parameter the client checks before sending (the JSON Schema keywords of its schema in the
 * description): \`minLength\` and \`maxLength\` (in characters), \`pattern\` (a regular expression), \`enum\`.
 * @internal
 */
export interface ParameterRule {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  /** What the pattern means, for people (from the schema's description). */
  readonly meaning?: string;
  readonly enum?: readonly string[];
}

${constants}
/**
 * Every operation of the description: its method, path template after \`/{org_name}/{app_name}\`, rate-limit
 * \`budget\` (\`''\`: the operation's own, named as the operation), \`limit\`, \`period\` in ms, and the rules of its
 * path parameters (\`params\`, the App Key's two segments left out).
 * The limit, period and budget come from the operation's \`x-rate-limit\` extension: operations with the same
 * budget share one limit per App Key (\`org_name#app_name\`).
 * @internal
 */
export const OPERATIONS = {
${rows.join('\n')}
} as const;
`;
}

/** `PushMode` -> `PUSH_MODE`. */
const screaming = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/**
 * The runtime lists of the description's string enums: `PUSH_MODES` and `isPushMode` from
 * `components.schemas.PushMode.enum`, typed against the generated type so the two cannot drift.
 */
export function valuesSource(description: Description): string {
  const blocks: string[] = [];
  for (const [name, schema] of Object.entries(description.components?.schemas ?? {})) {
    const values = schema.enum;
    if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) continue;
    const list = `${screaming(name)}S`;
    const doc = (schema.description ?? schema.title ?? name)
      .trim()
      .split('\n')
      .map((l) => ` * ${l}`.trimEnd());
    blocks.push(`/**
 * Every value of the description's \`${name}\`, in its order, for checking values read at run time.
 *
${doc.join('\n')}
 */
export const ${list} = [${values.map((v) => JSON.stringify(v)).join(', ')}] as const satisfies readonly components['schemas'][${JSON.stringify(name)}][];

/** Whether \`value\` is one of {@link ${list}} (a \`${name}\` of the description). */
export const is${name} = (value: unknown): value is components['schemas'][${JSON.stringify(name)}] =>
  (${list} as readonly unknown[]).includes(value);
`);
  }
  // The rule the client checks at run time before sending (ignoreInterval only at the app level), in the
  // description's words, so its error message follows the description.
  const interval = description.components?.schemas?.PushSettingsUpdate?.properties?.ignoreInterval?.description;
  if (!interval) throw new Error('PushSettingsUpdate.ignoreInterval has no description: the client quotes it in its errors');
  const plain = interval
    .replace(/\*\*|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  blocks.push(`/** The description of \`PushSettingsUpdate.ignoreInterval\`, quoted by the client's run-time check. @internal */
export const IGNORE_INTERVAL_RULE = ${JSON.stringify(plain)};
`);
  return `${HEADER}import type { components } from './openapi.js';

${blocks.join('\n')}`;
}

/** Regenerates every file in memory. */
export async function generate(): Promise<{ 'openapi.ts': string; 'operations.ts': string; 'values.ts': string }> {
  // The bundle, read and parsed once: openapi-typescript takes the object (it does not change it).
  const description = loadDescription() as unknown as Description;
  const ast = await openapiTS(description as never, { silent: true });
  return {
    'openapi.ts': COMMENT_HEADER + astToString(ast),
    'operations.ts': operationsSource(description),
    'values.ts': valuesSource(description),
  };
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
