// The matchers in Jest's DEFAULT mode, CommonJS (no "type": "module", no transform settings, no
// --experimental-vm-modules): a partner's project with Jest 29 (on this Node) and Jest 30 (on Node 24, from the
// runtime matrix) requires `@agora-chat-push/openapi/matchers`, gets the CommonJS build through the package's
// `require` export condition, and checks a good and a bad `Request` and an answer.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureRuntimes } from '../../scripts/runtimes.js';
import { fixtureProject } from './fixtures.js';

const SPEC = `
const { toMatchContract } = require('@agora-chat-push/openapi/matchers');
expect.extend({ toMatchContract });

const url = 'https://a41.chat.agora.io/hx/hxdemo/users/u1/notification/user/u1';
const headers = { authorization: 'Bearer jest-token', 'content-type': 'application/json' };

test('the CommonJS build is what require() loads', () => {
  expect(require.resolve('@agora-chat-push/openapi/matchers')).toMatch(/matchers\\.cjs$/);
});

test('a good request passes', async () => {
  const request = new Request(url, { method: 'PUT', headers, body: JSON.stringify({ type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 0 }) });
  await expect(request).toMatchContract();
});

test('a bad request fails, naming the fields', async () => {
  const request = new Request(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ignoreDurration: 5, ignoreInterval: '9-18' }) });
  const failure = expect(request).toMatchContract();
  await expect(failure).rejects.toThrow(/\\/request\\/headers\\/authorization: .*missing-token/);
  await expect(failure).rejects.toThrow(/\\/request\\/body\\/ignoreDurration: expected absent/);
  await expect(failure).rejects.toThrow(/\\/request\\/body\\/ignoreInterval: .*found "9-18"/);
});

test('an answer missing a required field fails, and .not passes it', async () => {
  const answer = { status: 200, headers: { 'content-type': 'application/json' }, body: { data: { language: 'en' } } };
  await expect(expect(answer).toMatchContract('getPushLanguage')).rejects.toThrow(/\\/response\\/body\\/action: expected present/);
  await expect(answer).not.toMatchContract('getPushLanguage');
});
`;

/** Runs the spec in a Jest fixture; returns Jest's JSON report. */
function runJest(name: string, version: string, node?: string) {
  const fixture = fixtureProject(name, { jest: version }, { kit: ['openapi'], ...(node ? { node } : {}) });
  fixture.write('matchers.test.js', SPEC);
  const result = fixture.run(fixture.dir + '/node_modules/.bin/jest', ['--ci', '--json', '--outputFile=report.json', '--rootDir', fixture.dir]);
  let report: { numPassedTests: number; numFailedTests: number; testResults: { message: string }[] } | undefined;
  try {
    report = JSON.parse(readFileSync(`${fixture.dir}/report.json`, 'utf8'));
  } catch {
    report = undefined;
  }
  return { ...result, report };
}

let node24: string;
beforeAll(async () => {
  node24 = (await ensureRuntimes(['node24'])).node24;
}, 600_000);

describe('the matchers in Jest, default CommonJS mode', () => {
  it('Jest 29 (Node 20) loads them and runs all four checks', () => {
    const { status, output, report } = runJest('jest29', '^29.7.0');
    expect(report, output).toBeDefined();
    expect(report!.numFailedTests, output).toBe(0);
    expect(report!.numPassedTests).toBe(4);
    expect(status).toBe(0);
  }, 600_000);

  it('Jest 30 (Node 24) loads them and runs all four checks', () => {
    const { status, output, report } = runJest('jest30', '^30.0.0', node24);
    expect(report, output).toBeDefined();
    expect(report!.numFailedTests, output).toBe(0);
    expect(report!.numPassedTests).toBe(4);
    expect(status).toBe(0);
  }, 600_000);
});
