// The package as a user gets it: `pnpm pack`, installed with npm into a fresh directory, compiled by a strict
// TypeScript consumer (skipLibCheck off, so the shipped .d.ts are checked too) and run against the Prism
// mock. Also publint and attw on the package.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMock } from '@agora-chat-push/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, repoRoot } from './support.js';

const CONSUMER = `
import {
  ChatPushError,
  type ChatPushClient,
  type Middleware,
  type PushSettings,
  createChatPushClient,
  createChatPushFetch,
  createClient,
  type paths,
} from '@agora-chat-push/client';
import { type AppToken, appTokenProvider } from '@agora-chat-push/client/app-token';

declare const process: { argv: string[] };
const baseUrl = process.argv[2] ?? '';
const options = { baseUrl, orgName: 'agora-demo', appName: 'testapp', token: async () => 'consumer-token' };

const push: ChatPushClient = createChatPushClient(options);
const settings: PushSettings = await push.setSilentModeForAll('user1', { type: 'NONE', ignoreInterval: '21:30-08:00' });
const { envelope, response } = await push.getPreferredNotificationLanguage('user1').withResponse();
const nickname = (await push.updatePushNickname('user1', 'testuser')).nickname;

const raw = createClient<paths>({ baseUrl, fetch: createChatPushFetch({ token: 'consumer-token' }) });
const template = await raw.GET('/{org_name}/{app_name}/notification/template/{name}', {
  params: { path: { org_name: 'agora-demo', app_name: 'testapp', name: 'test7' } },
});

const missing: Middleware = {
  onRequest: ({ request }) => {
    request.headers.set('Prefer', 'code=400, example=ErrorTemplateNotFound');
    return request;
  },
};
const error: unknown = await createChatPushClient({ ...options, middleware: [missing] })
  .getPushTemplate('nope')
  .then(() => undefined, (e: unknown) => e);

// Agora's published sample credentials (agora-token's own tests): the Prism mock accepts any bearer token.
const appToken = appTokenProvider({ appId: '970CA35de60c44645bbae8a215061b33', appCertificate: '5CFd2fd1755d40ecb72977518be15d3b' });
const built: AppToken = await appToken({ reason: 'initial' });
const viaAppToken = await createChatPushClient({ ...options, token: appToken }).getPreferredNotificationLanguage('user1');

console.log(JSON.stringify({
  settings,
  status: response.status,
  action: envelope.action,
  language: envelope.data.language,
  nickname,
  template: template.data?.data.name,
  isNotFound: error instanceof ChatPushError && error.isNotFound,
  error: error instanceof ChatPushError ? error.error : String(error),
  appToken: built.token.slice(0, 3),
  viaAppToken: viaAppToken.language,
}));
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022', 'DOM'],
    types: [],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: false,
    outDir: 'out',
  },
  files: ['consumer.ts'],
};

/** Runs a command without blocking this process (the mock answers the consumer from here). */
const sh = (command: string, args: string[], cwd: string, timeout = 240_000) =>
  new Promise<{ status: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, { cwd, timeout, env: { ...process.env, npm_config_update_notifier: 'false' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => (output += String(error)));
    child.on('close', (status) => resolve({ status, output }));
  });

let work: string;
let tarball: string;
let mock: Awaited<ReturnType<typeof startMock>>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'chat-push-client-'));
  // dist as the sources are now (what `pnpm build` does after generating), then the tarball pnpm would publish.
  const tsc = await sh(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], clientDir);
  expect(tsc.output).toBe('');
  const pack = await sh('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', work], clientDir);
  expect(pack.status, pack.output).toBe(0);
  tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
  mock = await startMock({ port: 0, host: '127.0.0.1' });
}, 240_000);

afterAll(async () => {
  await mock?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('installs with npm into a fresh directory, compiles under a strict consumer and runs against the mock', async () => {
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    writeFileSync(join(app, 'consumer.ts'), CONSUMER);
    const install = await sh('npm', ['install', '--no-audit', '--no-fund', tarball, 'typescript@5.9.3'], app);
    expect(install.status, install.output).toBe(0);
    const compile = await sh(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app);
    expect(compile.output).toBe('');
    expect(compile.status).toBe(0);
    const run = await sh(process.execPath, [join(app, 'out', 'consumer.js'), mock.url], app, 60_000);
    expect(run.status, run.output).toBe(0);
    expect(JSON.parse(run.output.trim().split('\n').at(-1)!)).toEqual({
      settings: { type: 'NONE', ignoreDuration: 1647590149924, ignoreInterval: '21:30-08:00' },
      status: 200,
      // The published answer of GET .../language says "put" (ERRATA E3); Prism answers that example.
      action: 'put',
      language: 'EU',
      nickname: 'testuser',
      template: 'test7',
      isNotFound: true,
      error: 'entity_not_found',
      appToken: '007',
      viaAppToken: 'EU',
    });
  }, 300_000);

  it('ships ESM, its declarations and its sources, and no tests or scripts', async () => {
    const list = await sh('tar', ['-tzf', tarball], work);
    const files = list.output
      .trim()
      .split('\n')
      .map((f) => f.replace(/^package\//, ''));
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/app-token.js',
        'dist/app-token.d.ts',
        'dist/redis.js',
        'dist/redis.d.ts',
        'src/generated/openapi.ts',
      ]),
    );
    expect(files.filter((f) => f.startsWith('scripts/') || f.startsWith('bench/') || f.includes('.test.'))).toEqual([]);
  });

  it('is clean for publint (strict)', async () => {
    const result = await sh('npx', ['publint', '--strict', '--pack', 'npm'], clientDir);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain('All good!');
  }, 120_000);

  it('stays within its size budget (size-limit: min+gzip, openapi-fetch included)', async () => {
    // --json: the human report changes with the terminal (colours, CI=true), the JSON does not.
    const result = await sh('npx', ['size-limit', '--json'], clientDir);
    expect(result.status, result.output).toBe(0);
    const checks = JSON.parse(result.output.slice(result.output.indexOf('[\n'), result.output.lastIndexOf(']') + 1)) as { name: string; passed: boolean; size: number; sizeLimit: number }[];
    expect(checks.map((c) => c.name)).toEqual(['createChatPushClient + ChatPushError, openapi-fetch included (min+gzip)', 'everything the package exports (min+gzip)']);
    for (const check of checks) {
      expect(check.size, check.name).toBeGreaterThan(2_600); // openapi-fetch alone is 2.6 kB: the bundle is real
      expect(check.size, check.name).toBeLessThanOrEqual(check.sizeLimit);
      expect(check.passed, check.name).toBe(true);
    }
  }, 120_000);

  it('bundles for a browser with no Node-only import', async () => {
    // esbuild is a devDependency of the client package, resolved from there.
    interface Esbuild {
      build(options: Record<string, unknown>): Promise<{ errors: unknown[]; outputFiles: { text: string }[] }>;
    }
    const { build } = createRequire(join(clientDir, 'package.json'))('esbuild') as Esbuild;
    const out = await build({
      entryPoints: [join(clientDir, 'dist', 'index.js')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(out.errors).toEqual([]);
    expect(out.outputFiles[0]!.text).not.toMatch(/from ["']node:|require\(["']node:/);
  });

  it('is clean for attw --pack (ESM-only profile)', async () => {
    const result = await sh('npx', ['attw', '--pack', '.', '--profile', 'esm-only'], clientDir);
    expect(result.status, result.output).toBe(0);
  }, 120_000);
});
