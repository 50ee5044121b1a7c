// The runtime matrix (issue 22): the packages as users get them (`pnpm pack`, installed with npm into a fresh
// directory) on every runtime the README names.
// - the client (set the push language, read it back, a typed not-found error) on Node 20, 22 and 24, Bun,
//   Deno, workerd (miniflare), headless Chromium (playwright-core) and Firefox ESR (puppeteer-core over
//   WebDriver BiDi), all against one in-process sandbox;
// - the app-token subpath on the Node versions, Bun and Deno, against a sandbox that accepts only real tokens;
// - the sandbox bin (`agora-chat-push-mock --sandbox`) started under Node 20, 22 and 24, Bun and Deno, answering calls;
// - the `agora-chat-push` command on Node 20, 22 and 24 (the cli's engines), setting and reading a language.
// One pack, one npm install, one sandbox per run. The runtimes come from scripts/runtimes.ts (the test command
// installs them; a runtime that cannot be installed fails here too, never skips). It packs the built packages:
// `pnpm test` builds them first (run `pnpm build` before running this file alone).
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSandbox, type RunningSandbox } from '@agora-chat-push/mock';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRuntimes, RUNTIMES, type RuntimeName } from '../../scripts/runtimes.js';
import { contractIssues, listening, repoRoot, runBin, TOKEN } from '../mock/support.js';
import { checkEngines, read } from './engines.js';

const programs = join(import.meta.dirname, 'programs');
// Agora's published sample credentials (agora-token's own tests), as test/client/package.e2e.test.ts uses.
const APP_ID = '970CA35de60c44645bbae8a215061b33';
const APP_CERTIFICATE = '5CFd2fd1755d40ecb72977518be15d3b';
const CHROMIUM = '/usr/bin/chromium';
const FIREFOX = '/usr/bin/firefox-esr';

/** What programs/client.mjs reports when every call did what it should. */
const CLIENT_REPORT = { set: 'de', got: 'de', isChatPushError: true, isNotFound: true, error: 'entity_not_found', status: 400 };

interface Output {
  status: number | null;
  output: string;
}

/** Runs a command to its end without blocking this process (the sandboxes answer from here). */
const sh = (command: string, args: string[], cwd: string, timeout = 120_000, env: Record<string, string> = {}): Promise<Output> =>
  new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      timeout,
      env: { ...process.env, npm_config_update_notifier: 'false', DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1', ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => (output += String(error)));
    child.on('close', (status) => resolve({ status, output }));
  });

/** The last line of a program's output, as JSON (the line it prints), or the whole output in the failure. */
function report(run: Output): Record<string, unknown> {
  expect(run.status, run.output).toBe(0);
  const last = run.output.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last) as Record<string, unknown>;
  } catch {
    throw new Error(`the program printed no JSON line:\n${run.output}`);
  }
}

let work: string;
let app: string;
let paths: Record<RuntimeName, string>;
let sandbox: RunningSandbox;
let tokenSandbox: RunningSandbox;
let site: Server;
let origin: string;
let workerScript: string;

/**
 * Serves the browser bundle of programs/client.mjs and a page that loads it as a module and exposes its `run`
 * as `window.runMatrix` (a test's evaluate() cannot import(): vitest rewrites import() in the test's source).
 */
function serve(bundle: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/client.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(bundle);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>runtime matrix</title><script type="module">import { run } from '/client.js'; window.runMatrix = run;</script>`);
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Bundles a program of the app directory (which imports the installed, packed client) into one ES module. */
async function bundle(entry: string): Promise<string> {
  const result = await build({ entryPoints: [join(app, entry)], absWorkingDir: app, bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
  return result.outputFiles[0]!.text;
}

beforeAll(async () => {
  // Already installed by the test command (a no-op then); awaited below, after the packs and the install.
  const installing = ensureRuntimes();
  installing.catch(() => undefined); // rejects at the await below, not as an unhandled rejection before it
  work = mkdtempSync(join(tmpdir(), 'chat-push-runtimes-'));
  const packs = join(work, 'packs');
  mkdirSync(packs);
  // The mock's bin needs @agora-chat-push/openapi: the public packages, packed as they would be published
  // (the cli too, so that its installed tree is checked against its engines below).
  // One after the other: several npx starting at once can race in npx's own cache.
  const packed = ['openapi', 'client', 'mock', 'cli'];
  for (const pkg of packed) {
    const pack = await sh('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', packs], join(repoRoot, 'packages', pkg));
    expect(pack.status, pack.output).toBe(0);
  }
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'runtime-matrix', private: true, type: 'module' }));
  for (const file of readdirSync(programs)) copyFileSync(join(programs, file), join(app, file));
  const tarballs = readdirSync(packs).map((file) => join(packs, file));
  expect(tarballs).toHaveLength(packed.length);
  const install = await sh('npm', ['install', '--no-audit', '--no-fund', ...tarballs], app, 240_000);
  expect(install.status, install.output).toBe(0);
  paths = await installing;

  sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
  tokenSandbox = await startSandbox({ port: 0, host: '127.0.0.1', appCredentials: { appId: APP_ID, appCertificate: APP_CERTIFICATE } });
  const [browserBundle, worker] = await Promise.all([bundle('client.mjs'), bundle('worker.mjs')]);
  workerScript = worker;
  site = await serve(browserBundle);
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
}, 420_000);

afterAll(async () => {
  await sandbox?.close();
  await tokenSandbox?.close();
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The command line that runs `main.mjs` under a server runtime. */
function command(name: 'node20' | 'node22' | 'node24' | 'bun' | 'deno', args: string[]): [string, string[]] {
  if (name === 'deno') return [paths.deno, ['run', '--allow-net', '--allow-read', '--allow-env', '--allow-sys', 'main.mjs', ...args]];
  return [paths[name], ['main.mjs', ...args]];
}

const serverRuntimes = [
  ['node20', `node ${RUNTIMES.node20.version}`],
  ['node22', `node ${RUNTIMES.node22.version}`],
  ['node24', `node ${RUNTIMES.node24.version}`],
  ['bun', `bun ${RUNTIMES.bun.version}`],
  ['deno', `deno ${RUNTIMES.deno.version}`],
] as const;

describe.concurrent('the packed client', () => {
  it.for(serverRuntimes)('works on %s', async ([name, runtime]) => {
    const [bin, args] = command(name, ['client', sandbox.url, `rt-${name}`]);
    expect(report(await sh(bin, args, app))).toEqual({ runtime, ...CLIENT_REPORT });
  });

  it('works on workerd (miniflare)', async () => {
    // miniflare lives in the runtime cache, not in the workspace: the little of its API used here.
    const { Miniflare } = (await import(pathToFileURL(paths.miniflare).href)) as {
      Miniflare: new (options: {
        modules: boolean;
        script: string;
        compatibilityDate: string;
      }) => {
        dispatchFetch(url: string): Promise<Response>;
        dispose(): Promise<void>;
      };
    };
    // The worker's own fetch reaches the sandbox on 127.0.0.1 (miniflare allows local addresses).
    const mf = new Miniflare({ modules: true, script: workerScript, compatibilityDate: '2026-04-01' });
    try {
      const response = await mf.dispatchFetch(`http://worker/?base=${encodeURIComponent(sandbox.url)}&app=rt-workerd`);
      const text = await response.text();
      expect(response.status, text).toBe(200);
      expect(JSON.parse(text)).toEqual({ runtime: 'Cloudflare-Workers', ...CLIENT_REPORT });
    } finally {
      await mf.dispose();
    }
  });

  it('works in headless Chromium', async () => {
    const userDataDir = mkdtempSync(join(work, 'chromium-'));
    const browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => 'runMatrix' in window);
      const result = await page.evaluate(
        async ([base, appName]) => {
          const { runMatrix } = window as unknown as { runMatrix(base: string, app: string): Promise<object> };
          return { runtime: navigator.userAgent, ...(await runMatrix(base, appName)) };
        },
        [sandbox.url, 'rt-chromium'] as const,
      );
      expect(result).toEqual({ runtime: expect.stringMatching(/HeadlessChrome\/\d+/), ...CLIENT_REPORT });
    } finally {
      await browser.close();
    }
  });

  it('works in headless Firefox ESR (WebDriver BiDi)', async () => {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: FIREFOX,
      headless: true,
      userDataDir: mkdtempSync(join(work, 'firefox-')),
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => 'runMatrix' in window);
      const result = await page.evaluate(
        async (base, appName) => {
          const { runMatrix } = window as unknown as { runMatrix(base: string, app: string): Promise<object> };
          return { runtime: navigator.userAgent, ...(await runMatrix(base, appName)) };
        },
        sandbox.url,
        'rt-firefox',
      );
      expect(result).toEqual({ runtime: expect.stringMatching(/Firefox\/\d+/), ...CLIENT_REPORT });
    } finally {
      await browser.close();
    }
  });
});

describe.concurrent('the app-token subpath', () => {
  it.for(serverRuntimes)('builds tokens the sandbox accepts on %s', async ([name, runtime]) => {
    const [bin, args] = command(name, ['app-token', tokenSandbox.url, `rt-${name}`, APP_ID, APP_CERTIFICATE]);
    expect(report(await sh(bin, args, app))).toEqual({ runtime, version: '007', expiresInFuture: true, set: 'fr' });
  });
});

describe.concurrent('the sandbox bin', () => {
  it.for([
    // The mock's engines say Node >=20.16.0: each Node major of the matrix, then Bun and Deno.
    ['node20', (bin: string) => [paths.node20, [bin]]],
    ['node22', (bin: string) => [paths.node22, [bin]]],
    ['node24', (bin: string) => [paths.node24, [bin]]],
    ['bun', (bin: string) => [paths.bun, [bin]]],
    ['deno', (bin: string) => [paths.deno, ['run', '--allow-net', '--allow-read', '--allow-env', '--allow-sys', bin]]],
  ] as const)('starts under %s and answers calls', async ([, runner]) => {
    const [runtime, pre] = runner(join(app, 'node_modules', '@agora-chat-push', 'mock', 'dist', 'bin.js')) as [string, string[]];
    const bin = runBin(runtime, [...pre, '--sandbox', '--port', '0', '--token', TOKEN], {
      cwd: app,
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    });
    const url = await listening(bin, 60_000);
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const path = '/agora-demo/testapp/users/user1/notification/language';
    const put = await fetch(`${url}${path}`, { method: 'PUT', headers, body: JSON.stringify({ translationLanguage: 'de' }) });
    const putBody = (await put.json()) as { data?: unknown };
    expect(put.status, JSON.stringify(putBody)).toBe(200);
    expect(contractIssues('PUT', path, { status: put.status, body: putBody })).toEqual([]);
    const get = await fetch(`${url}${path}`, { headers });
    const getBody = (await get.json()) as { data?: unknown };
    expect(get.status, JSON.stringify(getBody)).toBe(200);
    expect(getBody.data).toEqual({ language: 'de' });
    const refused = await fetch(`${url}${path}`, { headers: { authorization: 'Bearer another-token' } });
    expect(refused.status).toBe(401);
    bin.child.kill('SIGTERM');
    expect(await bin.exit, bin.stderr()).toEqual({ code: 0, signal: null });
  });
});

// The cli's engines say Node >=20: the installed bin, as npm linked it, on each Node major of the matrix.
describe.concurrent('the agora-chat-push command', () => {
  it.for(serverRuntimes.filter(([name]) => name.startsWith('node')))('sets and reads a push language on %s', async ([name]) => {
    const bin = join(app, 'node_modules', '@agora-chat-push', 'cli', 'dist', 'bin.js');
    const env = { AGORA_CHAT_BASE_URL: sandbox.url, AGORA_CHAT_APP_KEY: 'agora-demo#testapp', AGORA_CHAT_TOKEN: TOKEN, AGORA_APP_ID: '', AGORA_APP_CERTIFICATE: '' };
    const user = `cli-${name}`;
    const set = await sh(paths[name], [bin, 'set-push-language', '--username', user, '--data', '{"translationLanguage":"de"}'], app, 60_000, env);
    expect(set.status, set.output).toBe(0);
    const got = await sh(paths[name], [bin, 'get-push-language', '--username', user], app, 60_000, env);
    expect(got.status, got.output).toBe(0);
    expect((JSON.parse(got.output) as { data?: unknown }).data).toEqual({ language: 'de' });
  });
});

describe('the npm install of the packed packages', () => {
  it.for(['client', 'mock', 'openapi', 'cli'])('@agora-chat-push/%s: every installed dependency allows the Node range the package declares', (name) => {
    const dir = join(app, 'node_modules', '@agora-chat-push', name);
    const range = read(dir).engines?.node;
    expect(range).toBeTypeOf('string');
    const report = checkEngines(dir, range!);
    expect(report.missing).toEqual([]);
    expect(report.conflicts.map((c) => `${c.path} declares node ${c.declares}, the package says ${range}`)).toEqual([]);
  });
});
