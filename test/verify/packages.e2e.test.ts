// The contract kit as partners get it: @agora-chat-push/openapi and @agora-chat-push/mock packed with pnpm,
// installed with npm into a fresh project (with msw 2 and Jest's standalone `expect`), and all four tools used
// from there: the verify bin, toMatchContract under Jest's expect, the proxy bin with --record, and the msw
// handlers. A strict TypeScript consumer compiles against the shipped declarations of every new entry point.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listening, runBin } from '../mock/support.js';
import { expected, MATRIX, recordMatrix, sendCase, startDriftingUpstream, TOKEN, type Upstream } from './support.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const expectedCount = expected.length;

const sh = (command: string, args: string[], cwd: string, timeout = 240_000) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, args, { cwd, timeout, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (error) => (stderr += String(error)));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

const MATCHER = `
import { expect } from 'expect';
import { contractMatchers } from '@agora-chat-push/openapi/matchers';
import { createContractValidator, resolveRef } from '@agora-chat-push/openapi';

expect.extend(contractMatchers);
const v = createContractValidator();
const op = v.operation('getPushTemplate');
const response = resolveRef(v.document, v.document.paths[op.path][op.method].responses['200']);
const example = resolveRef(v.document, Object.values(response.content['application/json'].examples)[0]).value;

await expect({ status: 200, body: example }).toMatchContract('getPushTemplate');
await expect({ status: 200, body: { ...example, data: 'nope' } }).not.toMatchContract('getPushTemplate');
let message = '';
try {
  await expect({ status: 201, body: example }).toMatchContract('getPushTemplate');
} catch (error) {
  message = error.message;
}
console.log(JSON.stringify({ message }));
`;

const MSW = `
import { setupServer } from 'msw/node';
import { createSandboxHandlers } from '@agora-chat-push/mock/msw';

const baseUrl = 'https://a41.chat.agora.io';
const server = setupServer(...createSandboxHandlers({ baseUrl }));
server.listen({ onUnhandledRequest: 'error' });
const headers = { authorization: 'Bearer t', 'content-type': 'application/json' };
const url = baseUrl + '/org/app/users/user1/notification/language';
const set = await fetch(url, { method: 'PUT', headers, body: JSON.stringify({ translationLanguage: 'ZH' }) });
const got = await (await fetch(url, { headers })).json();
const denied = await fetch(url);
server.close();
console.log(JSON.stringify({ set: set.status, language: got.data.language, denied: denied.status }));
`;

const CONSUMER = `
import { expect } from 'expect';
import { contractMatchers } from '@agora-chat-push/openapi/matchers';
import { createExchangeChecker, verifyTraffic, type Report, type Violation } from '@agora-chat-push/openapi/verify';
import { createContractMatchers, type ContractMatchers } from '@agora-chat-push/openapi/matchers';
import { createSandboxHandlers, type SandboxHandlers } from '@agora-chat-push/mock/msw';
import { startProxy, type RunningProxy, type ProxySummary } from '@agora-chat-push/mock';

const checker = createExchangeChecker({ basePath: '/gw' });
const report: Promise<Report> = verifyTraffic('x.har');
const classes: Violation['class'][] = ['missing-token'];
const matchers: ContractMatchers<void> | undefined = undefined;
const { toMatchContract } = createContractMatchers();
const handlers: SandboxHandlers = createSandboxHandlers({ baseUrl: 'https://a41.chat.agora.io', rateLimit: 0 });
const proxy: Promise<RunningProxy> = startProxy({ upstream: 'https://a41.chat.agora.io', record: 'traffic.ndjson' });
const summary = (p: RunningProxy): ProxySummary => p.summary();
export { checker, report, classes, matchers, toMatchContract, handlers, proxy, summary };

// The Jest typing the README shows: the matcher on Jest's expect, typed.
declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends ContractMatchers<R> {}
}
expect.extend(contractMatchers);
export const typed: Promise<void> = expect({ status: 200, body: {} }).toMatchContract('getPushTemplate');
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    types: ['node'],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: true,
    noEmit: true,
  },
  files: ['consumer.ts'],
};

let work: string;
let app: string;
let upstream: Upstream;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'contract-kit-'));
  for (const pkg of ['openapi', 'mock']) {
    const pack = await sh('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', work], join(repoRoot, 'packages', pkg));
    expect(pack.status, pack.stdout + pack.stderr).toBe(0);
  }
  const tarballs = readdirSync(work)
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => join(work, f));
  expect(tarballs).toHaveLength(2);
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'partner-ci', private: true, type: 'module' }));
  const install = await sh('npm', ['install', '--no-audit', '--no-fund', ...tarballs, 'msw@2.15.0', 'expect@30.5.2', 'typescript@5.9.3', '@types/node@20'], app);
  expect(install.status, install.stdout + install.stderr).toBe(0);
  upstream = await startDriftingUpstream();
  writeFileSync(join(app, 'matrix.har'), JSON.stringify(await recordMatrix(upstream.url)));
}, 400_000);

afterAll(async () => {
  await upstream?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the contract kit from packed tarballs', () => {
  it('agora-chat-push-verify: exit 1 and one line per violation on the matrix HAR', async () => {
    const run = await sh(join(app, 'node_modules', '.bin', 'agora-chat-push-verify'), ['matrix.har'], app);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(expectedCount + 1);
    const sarif = await sh(join(app, 'node_modules', '.bin', 'agora-chat-push-verify'), ['matrix.har', '--format', 'sarif'], app);
    expect(JSON.parse(sarif.stdout).runs[0].results).toHaveLength(expectedCount);
  }, 60_000);

  it("toMatchContract under Jest's expect: passes, fails with .not, and names the rule", async () => {
    writeFileSync(join(app, 'matcher.mjs'), MATCHER);
    const run = await sh(process.execPath, ['matcher.mjs'], app);
    expect(run.status, run.stderr).toBe(0);
    const { message } = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(message).toContain('/response/status: expected one of 200');
    expect(message).toContain('found 201 [undocumented-status]');
  }, 60_000);

  it('agora-chat-push-mock --proxy --record: violations, exit 1 on SIGTERM, and a HAR verify reads back', async () => {
    const proxy = runBin(join(app, 'node_modules', '.bin', 'agora-chat-push-mock'), ['--proxy', upstream.url, '--port', '0', '--record', 'proxy.har'], { cwd: app });
    const url = await listening(proxy);
    for (const c of MATRIX) await sendCase(url, c);
    proxy.child.kill('SIGTERM');
    expect((await proxy.exit).code).toBe(1);
    expect(
      proxy
        .stderr()
        .split('\n')
        .filter((l) => l.startsWith('violation #')),
    ).toHaveLength(expectedCount);
    expect(proxy.stdout() + proxy.stderr()).not.toContain(TOKEN);
    const verify = await sh(join(app, 'node_modules', '.bin', 'agora-chat-push-verify'), ['proxy.har', '--format', 'json'], app);
    expect(verify.status).toBe(1);
    expect(JSON.parse(verify.stdout).violationCount).toBe(expectedCount);
  }, 60_000);

  it('the msw handlers: state, and the 401 without a token, in a project with msw 2', async () => {
    writeFileSync(join(app, 'msw.mjs'), MSW);
    const run = await sh(process.execPath, ['msw.mjs'], app);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toEqual({ set: 200, language: 'ZH', denied: 401 });
  }, 60_000);

  it('a strict TypeScript consumer compiles against the declarations of every new entry point', async () => {
    writeFileSync(join(app, 'consumer.ts'), CONSUMER);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    const tsc = await sh(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);
});
