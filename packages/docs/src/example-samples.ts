/**
 * One curl and one TypeScript sample per request example of the description, generated from the bundle at
 * build time, so that the sample a reader copies sends exactly the example the page shows beside it (and an
 * example the description gains gets its samples without anyone writing them).
 *
 * - The body is the example's `value`, verbatim.
 * - Path values: the parameter's own `example` (`user1`, `user2`, `test7`, ...), unless `samples/path-values.json`
 *   names other values for this example (e.g. the app-level settings example needs `key` = the username; the
 *   conversation example a group). The description states those in prose only; see the file for why.
 * - The TypeScript sample calls the client's raw, path-level client (`client.raw.PUT(path, ...)`), typed with
 *   the description's `paths`: it needs no knowledge of the client's method names, and `tsc` checks it.
 *
 * The files are written to samples/examples/ (not committed; `pnpm build` and the tests write them) with a
 * manifest giving each file its operation and label; src/samples.ts lists them beside the hand-written ones,
 * and samples/tsconfig.json type-checks them with those.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ApiModel, type OpenApiDocument, buildOperationModel } from '@agora-chat-push/openapi';
import type { SampleLanguage } from './samples.js';

/** The languages of the code samples by file extension, in the page's order: the tab's label and Redoc's `lang`. */
export const SAMPLE_LANGUAGES: Readonly<Record<string, { language: SampleLanguage; lang: string; label: string }>> = {
  sh: { language: 'curl', lang: 'curl', label: 'curl' },
  ts: { language: 'typescript', lang: 'TypeScript', label: 'TypeScript' },
};

type Node = Record<string, unknown>;

/** Where the generated samples go (a folder of samples/, so that module resolution finds the client). */
export const exampleSamplesDir: string = fileURLToPath(new URL('../samples/examples/', import.meta.url));
/** Path values per example name that differ from the parameters' own examples. */
export const pathValuesFile: string = fileURLToPath(new URL('../samples/path-values.json', import.meta.url));
export const MANIFEST = 'manifest.json';

export interface ExampleSample {
  operationId: string;
  /** The example's name in the description, e.g. `PushSettingsConversationRequest`. */
  example: string;
  /** The kebab-case form of `example`, used in the file name. */
  action: string;
  language: 'curl' | 'typescript';
  lang: string;
  /** `curl: <example summary>` or `TypeScript: <example summary>`. */
  label: string;
  /** The file name in samples/examples/. */
  file: string;
  source: string;
  /** What the sample sends, for the tests. */
  request: { method: string; path: string; pathValues: Record<string, string>; body: unknown };
}

/** Path values every sample takes from the environment (see the page's "Code samples" section). */
const FROM_ENV: Record<string, { shell: string; ts: string }> = {
  org_name: { shell: '$ORG', ts: 'ORG' },
  app_name: { shell: '$APP', ts: 'APP' },
};

const kebab = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();

/** Wraps prose into `# `/`// ` comment lines of at most `width` characters; code spans lose their backticks. */
function comment(prefix: string, text: string, width = 62): string[] {
  const words = text.replace(/`/g, '').replace(/\*\*?/g, '').replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(`${prefix}${line}`);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(`${prefix}${line}`);
  return lines;
}

function readPathValues(): Record<string, Record<string, string>> {
  if (!existsSync(pathValuesFile)) return {};
  const parsed = JSON.parse(readFileSync(pathValuesFile, 'utf8')) as Record<string, unknown>;
  const out: Record<string, Record<string, string>> = {};
  for (const [example, values] of Object.entries(parsed)) {
    if (example.startsWith('$')) continue; // "$comment"
    if (!values || typeof values !== 'object' || Array.isArray(values)) {
      throw new Error(`samples/path-values.json: "${example}" must map path parameter names to strings`);
    }
    out[example] = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
  }
  return out;
}

/**
 * The samples of every request example of `document` (the bundle), read through `model`, its operation model
 * (built here unless the caller has it). Throws naming what is missing.
 */
export function exampleSamples(document: Node, model: ApiModel = buildOperationModel(document as unknown as OpenApiDocument)): ExampleSample[] {
  const overrides = readPathValues();
  const used = new Set<string>();
  const samples: ExampleSample[] = [];
  for (const op of model.operations) {
    if (!op.requestBody) continue;
    const { operationId } = op;
    const parameters = op.parameters.filter((p) => p.in === 'path');
    for (const example of op.requestBody.examples) {
      const { name } = example;
      if (example.value === undefined) throw new Error(`${operationId}: the request example ${name} has no value`);
      const summary = String(example.summary ?? name);
      const override = overrides[name] ?? {};
      if (overrides[name]) used.add(name);
      const pathValues: Record<string, string> = {};
      for (const parameter of parameters) {
        const key = parameter.name;
        if (FROM_ENV[key]) continue;
        const value = override[key] ?? parameter.example ?? parameter.schema.resolved.example;
        if (value === undefined) {
          throw new Error(`${operationId}: the path parameter ${key} has no example: give it one in the description, ` + `or a value for ${name} in samples/path-values.json`);
        }
        pathValues[key] = String(value);
      }
      for (const key of Object.keys(override)) {
        if (!(key in pathValues)) throw new Error(`samples/path-values.json: ${name} names "${key}", not a path parameter of ${operationId}`);
      }
      const action = kebab(name);
      const request = { method: op.method.toUpperCase(), path: op.path, pathValues, body: example.value };
      const description = example.description ?? '';
      for (const [extension, kind] of Object.entries(SAMPLE_LANGUAGES)) {
        const source = (kind.language === 'curl' ? curlSample : typescriptSample)(summary, description, request);
        samples.push({
          operationId,
          example: name,
          action,
          language: kind.language,
          lang: kind.lang,
          label: `${kind.label}: ${summary}`,
          file: `${operationId}.${action}.${extension}`,
          source,
          request,
        });
      }
    }
  }
  const unused = Object.keys(overrides).filter((name) => !used.has(name));
  if (unused.length > 0) {
    throw new Error(`samples/path-values.json names request examples the description does not have: ${unused.join(', ')}`);
  }
  return samples;
}

/**
 * The lines every curl sample starts with (generated ones and the hand-written ones in samples/, which the
 * build checks): the four variables, each with a placeholder, so that a sample copied into a shell runs as it
 * is. A value already in the environment wins (`${VAR:-placeholder}`), as the tests set them.
 */
export const CURL_PREAMBLE: string = [
  '# Your values (see "Code samples"): replace the placeholders,',
  '# or export BASE_URL, ORG, APP and TOKEN before running this.',
  'BASE_URL="${BASE_URL:-https://a41.chat.agora.io}"',
  'ORG="${ORG:-your-org-name}"',
  'APP="${APP:-your-app-name}"',
  'TOKEN="${TOKEN:-your-app-token}"',
  '',
].join('\n');

function curlSample(summary: string, description: string, request: ExampleSample['request']): string {
  const url = request.path.replace(/\{([^}]+)\}/g, (_, key: string) => FROM_ENV[key]?.shell ?? request.pathValues[key] ?? `{${key}}`);
  const body = JSON.stringify(request.body, null, 2).replace(/\n/g, '\n  ');
  if (body.includes("'")) throw new Error(`${summary}: the example body has a single quote, which the curl sample cannot quote`);
  return [
    CURL_PREAMBLE,
    ...comment('# ', `${summary}. ${description}`),
    `curl -X ${request.method} \\`,
    `  "$BASE_URL${url}" \\`,
    '  -H "Authorization: Bearer $TOKEN" \\',
    "  -H 'Content-Type: application/json' \\",
    `  -d '${body}'`,
    '',
  ].join('\n');
}

function typescriptSample(summary: string, description: string, request: ExampleSample['request']): string {
  const path = [...Object.entries(FROM_ENV).map(([key, { ts }]) => `${key}: ${ts}`), ...Object.entries(request.pathValues).map(([key, value]) => `${key}: ${JSON.stringify(value)}`)];
  const body = JSON.stringify(request.body, null, 2).replace(/\n/g, '\n  ');
  return [
    '// npm i @agora-chat-push/client   (Node 20+; ESM: an .mts file,',
    '// or "type": "module" in package.json)',
    "import { createChatPushClient } from '@agora-chat-push/client';",
    '',
    '// BASE_URL, ORG, APP and TOKEN: see "Code samples".',
    'const { BASE_URL, ORG, APP, TOKEN } = process.env;',
    'if (!BASE_URL || !ORG || !APP || !TOKEN) {',
    "  throw new Error('Set BASE_URL, ORG, APP and TOKEN');",
    '}',
    'const client = createChatPushClient({',
    '  baseUrl: BASE_URL,',
    '  orgName: ORG,',
    '  appName: APP,',
    '  token: TOKEN,',
    '});',
    '',
    ...comment('// ', `${summary}. ${description}`),
    '// client.raw: the path-level client, typed from the description.',
    `const { data, error } = await client.raw.${request.method}(`,
    `  '${request.path}',`,
    '  {',
    '    params: {',
    `      path: { ${path.join(', ')} },`.replace(/^(.{60,}?), /, '$1,\n        '),
    '    },',
    `    body: ${body.replace(/\n/g, '\n  ')},`,
    '  },',
    ');',
    '// An error answer (4xx, 5xx) comes back in error, with its code.',
    'if (error) throw new Error(`${error.error}: ${error.error_description}`);',
    'console.log(JSON.stringify(data, null, 2));',
    '',
  ].join('\n');
}

/**
 * Writes the samples of `document` to samples/examples/ (with a manifest), replacing what was
 * there, and returns them. Cheap (no I/O but the files): the build and the tests call it.
 */
export function writeExampleSamples(document: Node, model?: ApiModel): ExampleSample[] {
  const samples = exampleSamples(document, model);
  // The folder's files, in memory: compared with what is there, written only when they differ.
  const files = new Map<string, string>(samples.map((sample) => [sample.file, sample.source]));
  files.set(
    MANIFEST,
    `${JSON.stringify(
      samples.map(({ operationId, example, action, language, lang, label, file }) => ({ operationId, example, action, language, lang, label, file })),
      null,
      2,
    )}\n`,
  );
  files.set('README.md', 'Generated by packages/docs/src/example-samples.ts from the request examples of the bundle; not committed.\n');
  // Same content: leave the folder (and its times) alone, so that the page is not rebuilt for nothing.
  const same =
    existsSync(exampleSamplesDir) &&
    readdirSync(exampleSamplesDir).length === files.size &&
    [...files].every(([name, text]) => existsSync(join(exampleSamplesDir, name)) && readFileSync(join(exampleSamplesDir, name), 'utf8') === text);
  if (!same) {
    // Written beside it, then renamed over it: a reader never sees half a folder.
    const tmp = `${exampleSamplesDir.replace(/[\\/]$/, '')}.${process.pid}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    for (const [name, text] of files) writeFileSync(join(tmp, name), text);
    rmSync(exampleSamplesDir, { recursive: true, force: true });
    renameSync(tmp, exampleSamplesDir);
  }
  return samples;
}
