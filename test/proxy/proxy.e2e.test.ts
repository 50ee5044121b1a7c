// The proxy from its bin, and the clean run: every Arazzo workflow through the proxy against the sandbox
// reports zero violations (and its recording verifies clean), while the drifting upstream behind the bin
// gives exactly the matrix's violations, a summary and exit code 1 on SIGTERM.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verifyTraffic } from '@agora-chat-push/openapi/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '@agora-chat-push/mock';
import { startProxy } from '../../packages/mock/src/proxy.js';
import { listening, repoRoot, runBin, type BinRun } from '../mock/support.js';
import { expected, MATRIX, sendCase, startDriftingUpstream, TOKEN, validator, type Upstream } from '../verify/support.js';

const mockBin = join(repoRoot, 'packages', 'mock', 'dist', 'bin.js');
const verifyBin = join(repoRoot, 'packages', 'openapi', 'dist', 'verify', 'bin.js');
const redocly = join(repoRoot, 'node_modules', '.bin', 'redocly');
const workflowFile = join(repoRoot, 'packages', 'openapi', 'dist', 'workflows', 'push-settings.arazzo.yaml');
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
const tmp = mkdtempSync(join(tmpdir(), 'proxy-e2e-'));
let upstream: Upstream;

beforeAll(async () => {
  upstream = await startDriftingUpstream();
});
afterAll(async () => {
  await upstream?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** The mock bin with `args` on port 0 in the temp folder, once it is listening. */
async function startBin(args: string[]): Promise<BinRun & { url: string }> {
  const run = runBin(process.execPath, [mockBin, '--port', '0', ...args], { cwd: tmp });
  return { ...run, url: await listening(run) };
}

describe('agora-chat-push-mock --proxy', () => {
  it('prints a line per violation, a summary on SIGTERM, exits 1, and records NDJSON that verify reads back', async () => {
    const record = join(tmp, 'traffic.ndjson');
    const proxy = await startBin(['--proxy', upstream.url, '--record', record]);
    expect(proxy.stdout()).toContain(`validating proxy to ${upstream.url}`);
    for (const c of MATRIX) await sendCase(proxy.url, c);
    proxy.child.kill('SIGTERM');
    expect((await proxy.exit).code).toBe(1);
    const lines = proxy
      .stderr()
      .trimEnd()
      .split('\n')
      .filter((l) => l.startsWith('violation #'));
    expect(lines).toHaveLength(expected.length);
    expect(proxy.stdout()).toMatch(new RegExp(`proxy: ${MATRIX.length} exchanges, ${expected.length} violations \\(.*\\); recorded in ${record.replace(/[.]/g, '\\.')}`));
    expect(proxy.stdout()).toContain('stopped (SIGTERM)');
    for (const text of [proxy.stdout(), proxy.stderr(), readFileSync(record, 'utf8')]) expect(text).not.toContain(TOKEN);
    const verify = await promisify(execFile)(process.execPath, [verifyBin, record, '--format', 'json']).catch((e: { code: number; stdout: string }) => e);
    expect((verify as { code: number }).code).toBe(1);
    expect(JSON.parse(verify.stdout).violationCount).toBe(expected.length);
  }, 60_000);

  it('exits 0 on SIGINT when nothing was violated', async () => {
    const proxy = await startBin(['--proxy', upstream.url]);
    await sendCase(proxy.url, MATRIX[0]!);
    proxy.child.kill('SIGINT');
    expect((await proxy.exit).code).toBe(0);
    expect(proxy.stdout()).toContain('proxy: 1 exchange, 0 violations');
  }, 60_000);

  for (const [args, message] of [
    [['--record', 'x.har'], '--record works only with --proxy'],
    [['--proxy', 'ftp://example.org'], '--proxy must be an http:// or https:// URL'],
    [['--proxy', 'http://127.0.0.1:1', '--sandbox'], '--proxy and --sandbox exclude each other'],
  ] as const) {
    it(`rejects ${args.join(' ')} with exit 2`, async () => {
      const run = await promisify(execFile)(process.execPath, [mockBin, ...args]).catch((e: { code: number; stderr: string }) => e);
      expect((run as { code: number }).code).toBe(2);
      expect(run.stderr).toContain(message);
    });
  }
});

describe('the clean run: the Arazzo workflows through the proxy against the sandbox', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ tokens: [TOKEN] });
  });
  afterAll(() => sandbox?.close());

  it('passes every workflow with zero violations, and its HAR verifies clean', async () => {
    const lines: string[] = [];
    const record = join(tmp, 'workflows.har');
    const proxy = await startProxy({ upstream: sandbox.url, log: (l) => lines.push(l), record });
    let output = '';
    let code = 0;
    try {
      const result = await promisify(execFile)(
        redocly,
        ['respect', workflowFile, '--server', `pushSettings=${proxy.url}`, '--input', 'org=hx', '--input', 'app=hxdemo', '--input', 'username=user1', '--input', `token=${TOKEN}`],
        { cwd: tmp, env, maxBuffer: 16 * 1024 * 1024 },
      ).catch((e: { code: number; stdout: string; stderr: string }) => e);
      code = (result as { code?: number }).code ?? 0;
      output = result.stdout + result.stderr;
    } finally {
      await proxy.close();
    }
    expect(code, output).toBe(0);
    expect(lines).toEqual([]);
    const summary = proxy.summary();
    expect(summary.exchanges).toBeGreaterThanOrEqual(validator.operations.length);
    expect(summary.violations).toBe(0);
    const report = await verifyTraffic(record);
    expect(report.exchanges).toBe(summary.exchanges);
    expect(report.violationCount).toBe(0);
    // Every operation was called through the proxy.
    expect(report.coverage.operationsNeverCalled).toEqual([]);
    expect(readFileSync(record, 'utf8')).not.toContain(TOKEN);
  }, 120_000);
});
