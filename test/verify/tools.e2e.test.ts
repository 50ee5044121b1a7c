// The tool comparison the READMEs state, run on the test matrix (the drifting upstream): which
// violation classes Redocly CLI's experimental `drift` and `proxy` commands and Prism's proxy mode catch, next to
// this kit's verify. When a tool changes what it catches, this test fails and the README table must be updated
// (packages/openapi/README.md, "Why not Redocly drift or Prism proxy").
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { descriptionUrl } from '@agora-chat-push/openapi';
import { verifyTraffic } from '@agora-chat-push/openapi/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATRIX, recordMatrix, sendCase, startDriftingUpstream, TOKEN, type Upstream } from './support.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const redocly = join(repoRoot, 'node_modules', '.bin', 'redocly');
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
const spec = fileURLToPath(descriptionUrl);
const tmp = mkdtempSync(join(tmpdir(), 'tools-'));
let upstream: Upstream;
let harFile: string;

/** The matrix exchanges (by index) that carry a violation. */
const drifting = MATRIX.flatMap((c, i) => (c.expected.length ? [i] : []));
const byName = (name: string) => MATRIX.findIndex((c) => c.name === name);

interface RedoclyProblem {
  exchangeIndex: number;
  ruleId: string;
}

beforeAll(async () => {
  upstream = await startDriftingUpstream();
  harFile = join(tmp, 'matrix.har');
  writeFileSync(harFile, JSON.stringify(await recordMatrix(upstream.url)));
});
afterAll(async () => {
  await upstream?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const freePort = async (): Promise<number> => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
};
const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', timeout: 1_000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.end();
  });

describe('which violation classes each tool catches on the test matrix', () => {
  it('agora-chat-push-verify: all seven, one finding each, none on the clean exchange', async () => {
    const report = await verifyTraffic(harFile);
    expect([...new Set(report.violations.map((v) => v.exchange))]).toEqual(drifting);
    expect(report.violationCount).toBe(drifting.length);
  });

  it('redocly drift (CLI 2.77, experimental): misses the undocumented status and the wrong answer Content-Type', async () => {
    const result = await promisify(execFile)(redocly, ['drift', harFile, '--api', spec, '--match-mode', 'basepath', '--format', 'json'], { env, cwd: tmp }).catch((e: { stdout: string }) => e);
    const problems = (JSON.parse(result.stdout) as { problems: RedoclyProblem[] }).problems;
    const caught = [...new Set(problems.map((p) => p.exchangeIndex))].sort();
    expect(caught).toEqual(drifting.filter((i) => i !== byName('an undocumented status') && i !== byName('a wrong answer Content-Type')));
  }, 60_000);

  it('redocly proxy (CLI 2.77, experimental): the same misses, and the token lands unredacted in its HAR', async () => {
    const port = await freePort();
    const har = join(tmp, 'redocly-proxy.har');
    const child = spawn(redocly, ['proxy', '--target', upstream.url, '--port', String(port), '--har', har, '--api', spec, '--match-mode', 'basepath', '--format', 'json'], { env, cwd: tmp });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    try {
      const deadline = Date.now() + 30_000;
      while (!(await answers(port))) {
        if (Date.now() > deadline) throw new Error(`redocly proxy did not start: ${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      for (const c of MATRIX) await sendCase(`http://127.0.0.1:${port}`, c);
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('close', r));
    }
    const json = output.slice(output.indexOf('{'), output.lastIndexOf('}') + 1);
    // Its own probe request (GET /) is exchange 0 in its log: shift by one.
    const problems = (JSON.parse(json) as { problems: (RedoclyProblem & { path: string })[] }).problems.filter((p) => p.path !== '/');
    const paths = [...new Set(problems.map((p) => `${p.path} ${p.ruleId}`))];
    expect(paths.some((p) => p.includes('drift-status'))).toBe(false);
    expect(paths.some((p) => p.includes('drift-content-type'))).toBe(false);
    expect(paths.some((p) => p.includes('drift-type'))).toBe(true);
    expect(readFileSync(har, 'utf8')).toContain(`Bearer ${TOKEN}`);
  }, 90_000);

  it('prism proxy (the installed Prism, 5.12): catches all seven, but adds an sl-violations header the client sees and reports the wrong Content-Type twice', async () => {
    const require = createRequire(join(repoRoot, 'packages', 'mock', 'package.json'));
    const { createLogger } = require('@stoplight/prism-core');
    const { getHttpOperationsFromSpec } = require('@stoplight/prism-http');
    const { createServer: createPrism } = require('@stoplight/prism-http-server');
    const operations = await getHttpOperationsFromSpec(spec);
    const logger = createLogger('tools', { level: 'silent' });
    const prism = createPrism(operations, {
      components: { logger },
      cors: false,
      config: { checkSecurity: true, validateRequest: true, validateResponse: true, errors: false, upstreamProxy: undefined, isProxy: true, upstream: new URL(upstream.url), mock: { dynamic: false } },
    });
    const url = String(await prism.listen(0, '127.0.0.1')).replace('0.0.0.0', '127.0.0.1');
    try {
      const findings: number[] = [];
      for (const c of MATRIX) {
        const res = await sendCase(url, c);
        const header = res.headers.get('sl-violations');
        findings.push(header ? (JSON.parse(header) as unknown[]).length : 0);
      }
      expect(findings.flatMap((n, i) => (n > 0 ? [i] : []))).toEqual(drifting);
      expect(findings[byName('a wrong answer Content-Type')]).toBe(2);
    } finally {
      await prism.close();
    }
  }, 60_000);
});
