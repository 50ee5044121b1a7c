// The description generates clean code in the generators partner teams use (issue 13), not only in ours:
// @hey-api/openapi-ts, orval 7 (fetch client) and openapi-zod-client generate from the built bundle
// (packages/openapi/dist/openapi.json) into a scratch folder; the output names every schema as the description
// does, with no clash suffix; it type-checks under the strict base config together with one small partner
// program per generator (test/interop/programs/); the zod answer schemas keep every answer's payload and reject
// an answer that breaks a rule; and each program runs against the sandbox of @agora-chat-push/mock.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSandbox, type RunningSandbox } from '@agora-chat-push/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../support/description.js';
import { bundleJson, clashSuffixed, exportedNames, repoRoot, runTool } from './support.js';

interface Document {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { examples?: Record<string, { $ref?: string; value?: unknown }> }> }> }>>;
  components: { schemas: Record<string, unknown>; examples: Record<string, { value: unknown }> };
}
const description = loadBundle<Document>();
const schemaNames = Object.keys(description.components.schemas);

const TOKEN = 'interop-app-token';
let dir = '';
const out = { heyApi: '', orval: '', zod: '' };
let orvalLog = '';
let sandbox: RunningSandbox | undefined;

beforeAll(async () => {
  mkdirSync(join(repoRoot, '.artifacts'), { recursive: true });
  // Under the repository, so that the generated code resolves zod, axios and @zodios/core from its node_modules.
  dir = mkdtempSync(join(repoRoot, '.artifacts', 'interop-'));
  cpSync(join(repoRoot, 'test', 'interop', 'programs'), dir, { recursive: true });
  out.heyApi = join(dir, 'hey-api');
  out.orval = join(dir, 'orval');
  out.zod = join(dir, 'openapi-zod-client');

  runTool('openapi-ts', ['--input', bundleJson, '--output', out.heyApi], dir);
  writeFileSync(
    join(dir, 'orval.config.cjs'),
    `module.exports = ${JSON.stringify({
      api: {
        input: bundleJson,
        output: {
          target: join(out.orval, 'api.ts'),
          client: 'fetch',
          mode: 'single',
          override: { mutator: { path: join(dir, 'orval-fetch.ts'), name: 'customFetch' } },
        },
      },
    })};\n`,
  );
  orvalLog = runTool('orval', ['--config', join(dir, 'orval.config.cjs')], dir);
  mkdirSync(out.zod);
  runTool('openapi-zod-client', [bundleJson, '--output', join(out.zod, 'client.ts')], dir);
  sandbox = await startSandbox({ tokens: [TOKEN] });
}, 240_000);

afterAll(async () => {
  await sandbox?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const generatedFiles = (folder: string): string[] =>
  readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(folder, f));

describe('the generated names', () => {
  it('hey-api: a type per schema, named as the schema, and no clash suffix (Username2, GetPushSettingsResponse2)', () => {
    const names = exportedNames(join(out.heyApi, 'types.gen.ts'));
    expect(schemaNames.filter((n) => !names.includes(n))).toEqual([]);
    expect(clashSuffixed(names)).toEqual([]);
  });

  it('orval: a type per schema, named as the schema, no clash suffix, and no warning about the document', () => {
    const names = generatedFiles(out.orval).flatMap(exportedNames);
    expect(schemaNames.filter((n) => !names.includes(n))).toEqual([]);
    expect(clashSuffixed(names)).toEqual([]);
    // orval 7 printed swagger-parser's `#/servers/0/variables/host must NOT have unevaluated properties` before.
    expect(orvalLog).not.toMatch(/must NOT|warn|error/i);
  });

  it('openapi-zod-client: a zod schema per schema, named as the schema, no clash suffix', async () => {
    const { schemas } = (await import(pathToFileURL(join(out.zod, 'client.ts')).href)) as { schemas: Record<string, unknown> };
    const names = Object.keys(schemas);
    // openapi-zod-client emits the schemas that operations use; the bare path-parameter value schemas are inlined.
    const inlined = ['Username', 'ConversationType', 'ConversationKey'];
    expect(schemaNames.filter((n) => !names.includes(n) && !inlined.includes(n))).toEqual([]);
    expect(clashSuffixed(names)).toEqual([]);
  });

  it('the clash check finds a clash suffix where there is one', () => {
    expect(clashSuffixed(['Username', 'Username2', 'updatePushDisplayResponse', 'updatePushDisplayResponse200', 'Int32'])).toEqual(['Username2']);
  });
});

describe('the generated code', () => {
  it('type-checks under the strict base config, with one partner program per generator', () => {
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: join(repoRoot, 'tsconfig.base.json'),
        // The base config, `strict` and `noUncheckedIndexedAccess` included, with two exceptions the generators'
        // own code needs: hey-api's runtime (core/*.gen.ts) does not compile under `exactOptionalPropertyTypes`, and
        // orval imports its mutator without a file extension, which only bundler resolution accepts.
        compilerOptions: {
          noEmit: true,
          types: [],
          declaration: false,
          sourceMap: false,
          exactOptionalPropertyTypes: false,
          module: 'ESNext',
          moduleResolution: 'Bundler',
        },
        include: ['**/*.ts'],
      }),
    );
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '--pretty', 'false', '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 180_000);

  it('orval types the display style as the integer or the string, with names for both (no NUMBER_0 twice)', () => {
    const api = readFileSync(join(out.orval, 'api.ts'), 'utf8');
    expect(api).not.toContain('NUMBER_0');
    expect(api).toMatch(/export const DisplayStyleCode = \{\s*MESSAGE_HIDDEN: 0,\s*MESSAGE_SHOWN: 1,\s*\} as const/);
    expect(api).toMatch(/export const DisplayStyleCodeString = \{\s*MESSAGE_HIDDEN_STRING: '0',\s*MESSAGE_SHOWN_STRING: '1',\s*\} as const/);
  });
});

describe('openapi-zod-client answer schemas', () => {
  interface ZodLike {
    safeParse(value: unknown): { success: boolean; data?: unknown };
  }
  interface Endpoint {
    alias: string;
    response: ZodLike;
  }
  const load = async (): Promise<{ schemas: Record<string, ZodLike>; endpoints: Endpoint[] }> => {
    const module = (await import(pathToFileURL(join(out.zod, 'client.ts')).href)) as { schemas: Record<string, ZodLike>; api: { api: Endpoint[] } };
    return { schemas: module.schemas, endpoints: module.api.api };
  };
  const examplesOf = (operationId: string): [string, Record<string, unknown>][] => {
    for (const item of Object.values(description.paths)) {
      for (const operation of Object.values(item)) {
        if (operation?.operationId !== operationId) continue;
        const examples = operation.responses['200']?.content?.['application/json']?.examples ?? {};
        return Object.entries(examples).map(([name, e]) => {
          const ref = e.$ref?.replace('#/components/examples/', '');
          return [name, (ref ? description.components.examples[ref]?.value : e.value) as Record<string, unknown>];
        });
      }
    }
    return [];
  };

  it('reject an answer that breaks a rule of its payload (data.type "BOGUS", a template without content_pattern)', async () => {
    const { schemas, endpoints } = await load();
    const [[, settings] = ['', {}]] = examplesOf('getPushSettings');
    const bogus = { ...settings, data: { ...(settings.data as object), type: 'BOGUS' } };
    expect(schemas.PushSettingsEnvelope?.safeParse(settings).success).toBe(true);
    expect(schemas.PushSettingsEnvelope?.safeParse(bogus).success).toBe(false);
    expect(endpoints.find((e) => e.alias === 'getPushSettings')?.response.safeParse(bogus).success).toBe(false);
    const [[, template] = ['', {}]] = examplesOf('getPushTemplate');
    const { content_pattern: _dropped, ...partial } = template.data as Record<string, unknown>;
    expect(schemas.PushTemplateEnvelope?.safeParse({ ...template, data: partial }).success).toBe(false);
  });

  it("keep every answer's payload: each 200 example parses with its data or entities, and fails without them", async () => {
    const { endpoints } = await load();
    expect(endpoints.map((e) => e.alias).sort()).toEqual(
      Object.values(description.paths)
        .flatMap((item) => Object.values(item).flatMap((o) => (typeof o.operationId === 'string' ? [o.operationId] : [])))
        .sort(),
    );
    let checked = 0;
    for (const endpoint of endpoints) {
      const examples = examplesOf(endpoint.alias);
      expect(examples.length, endpoint.alias).toBeGreaterThan(0);
      for (const [name, value] of examples) {
        const payload = 'entities' in value ? 'entities' : 'data';
        const parsed = endpoint.response.safeParse(value);
        expect(parsed.success, `${endpoint.alias} ${name}`).toBe(true);
        expect((parsed.data as Record<string, unknown>)[payload], `${endpoint.alias} ${name}`).toEqual(value[payload]);
        const { [payload]: _payload, ...bare } = value;
        expect(endpoint.response.safeParse(bare).success, `${endpoint.alias} ${name} without ${payload}`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(9);
  });
});

describe('a partner program per generator, against the sandbox', () => {
  it.each(['hey-api', 'orval', 'openapi-zod-client'])('%s: sets the display style (the integer), sets and reads the push settings', async (program) => {
    const { run } = (await import(pathToFileURL(join(dir, `${program}.ts`)).href)) as {
      run(baseUrl: string, token: string): Promise<{ user: Record<string, unknown>; settings: Record<string, unknown> }>;
    };
    const { user, settings } = await run(sandbox?.url ?? '', TOKEN);
    expect(user).toMatchObject({ username: 'user1', notification_display_style: 1 });
    expect(settings).toMatchObject({ type: 'NONE', ignoreInterval: '21:30-08:00' });
  });
});
