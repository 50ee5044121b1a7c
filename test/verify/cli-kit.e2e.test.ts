// The bin's partner-kit options, as a partner's CI runs them (the built file, a new process per case): Pact files,
// --ignore, --format junit, several files per run, --min-coverage over the reachable pairs, coverage in SARIF.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { HAR_CREATOR, toHarEntry } from '@agora-chat-push/openapi/verify';
import { afterAll, describe, expect, it } from 'vitest';
import { BUGGY, CLEAN, pactV2, pactV4 } from './pacts.js';
import { exampleAnswer, matrixFolder } from './support.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const bin = join(repoRoot, 'packages', 'openapi', 'dist', 'verify', 'bin.js');
const { tmp, write, close } = matrixFolder('verify-kit-');
afterAll(close);

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: tmp, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** One exchange as HAR records it, the answer being the description's example. */
const exchange = (opts: { path: string; status?: number; authorization?: string }) =>
  toHarEntry({
    startedDateTime: '2026-12-04T10:00:00.000Z',
    time: 12,
    method: 'GET',
    url: `https://a41.chat.agora.io${opts.path}`,
    requestHeaders: opts.authorization ? [['authorization', opts.authorization]] : [],
    status: opts.status ?? 200,
    responseHeaders: [['content-type', 'application/json']],
    responseBody: JSON.stringify(exampleAnswer('getPushLanguage')),
  });
const har = (...entries: unknown[]) => JSON.stringify({ log: { version: '1.2', creator: HAR_CREATOR, entries } }, null, 2);

const clean = write('clean.pact.json', JSON.stringify(pactV2(CLEAN), null, 2));
const buggy = write('buggy.pact.json', JSON.stringify(pactV4(BUGGY), null, 2));
// What current Chrome exports: no Authorization header in the HAR (devtools leaves it out).
const chrome = write('chrome.har', har(exchange({ path: '/hx/hxdemo/users/u1/notification/language' }), exchange({ path: '/hx/hxdemo/users/u2/notification/language' })));
const undocumented = write(
  'status.har',
  har(
    exchange({ path: '/hx/hxdemo/users/u1/notification/language', authorization: 'Bearer t-1' }),
    exchange({ path: '/hx/hxdemo/users/u2/notification/language', authorization: 'Bearer t-1', status: 202 }),
  ),
);

describe('Pact files', () => {
  it('a clean pact exits 0', () => {
    const r = run(clean);
    expect(r.stdout).toMatch(/clean\.pact\.json: 4 exchanges, 0 violations/);
    expect(r.code).toBe(0);
  });

  it('a buggy pact exits 1 naming translationLanguage, ignoreDurration and ignoreInterval', () => {
    const r = run(buggy);
    expect(r.code).toBe(1);
    for (const field of ['translationLanguage', 'ignoreDurration', 'ignoreInterval']) expect(r.stdout).toContain(`/${field}: expected`);
  });
});

describe('--ignore', () => {
  it('a HAR without Authorization fails on missing-token, and passes with --ignore missing-token', () => {
    const strict = run(chrome);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/2 violations \(missing-token 2\)/);
    const lenient = run(chrome, '--ignore', 'missing-token');
    expect(lenient.stdout).toMatch(/2 exchanges, 0 violations\n {2}2 violations of ignored rules not reported/);
    expect(lenient.code).toBe(0);
  });

  it('takes several rules, and a rule with its keyword', () => {
    const r = run(buggy, '--ignore', 'response-unknown-field', '--ignore', 'request-body/additionalProperties');
    expect(r.stdout).toMatch(/1 violation \(response-body 1\)/);
    expect(r.code).toBe(1);
  });

  it('rejects a rule id it does not know, listing the rules (exit 2)', () => {
    const r = run(chrome, '--ignore', 'missing-tokens');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^agora-chat-push-verify: --ignore "missing-tokens" is not a rule id; the rules are undocumented-operation, missing-token, /);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('--format junit', () => {
  it('gives a testsuite per file with a failure for an undocumented status', () => {
    const r = run(undocumented, clean, '--format', 'junit');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="agora-chat-push-verify" tests="6" failures="1">/);
    const suites = [...r.stdout.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)"/g)].map((m) => m.slice(1));
    expect(suites).toEqual([
      [undocumented, '2', '1'],
      [clean, '4', '0'],
    ]);
    const failure = /<testcase name="#1 GET [^"]+ -&gt; 202" classname="[^"]+\.getPushLanguage">\n\s+<failure message="([^"]+)" type="undocumented-status">/.exec(r.stdout);
    expect(failure?.[1]).toBe('/response/status: expected one of 200, 400, 401, 403, 404, 429, 500, found 202');
    expect(r.stdout).toMatch(/<testcase name="#0 GET [^"]+ -&gt; 200" classname="[^"]+\.getPushLanguage"\/>/);
  });

  it('never writes the token', () => {
    expect(run(undocumented, '--format', 'junit').stdout).not.toContain('t-1');
  });
});

describe('several files and --min-coverage', () => {
  it('checks every file given, with one summary each', () => {
    const r = run(clean, buggy);
    expect(r.stdout).toMatch(/clean\.pact\.json: 4 exchanges, 0 violations/);
    expect(r.stdout).toMatch(/buggy\.pact\.json: 2 exchanges, 3 violations/);
    expect(r.code).toBe(1);
    const json = JSON.parse(run(clean, buggy, '--format', 'json').stdout);
    expect(json.files.map((f: { source: string }) => f.source)).toEqual([clean, buggy]);
    expect(json.violationCount).toBe(3);
  });

  it('fails below the threshold over the pairs a test can reach (429 and 5xx left out), across all files', () => {
    // clean.pact.json exercises getPushLanguage 200 and 404, setPushSettings 200, getPushSettings 200: 4 of 48.
    const below = run(clean, '--min-coverage', '10');
    expect(below.stdout).toMatch(/coverage 8\.3% of the 48 \(operation, status\) pairs a test can reach is below --min-coverage 10%; never exercised: updatePushDisplay 200, /);
    expect(below.code).toBe(1);
    const met = run(clean, '--min-coverage', '8');
    expect(met.stdout).toMatch(/coverage 8\.3% of the 48 .* is at or above --min-coverage 8%/);
    expect(met.code).toBe(0);
    // Two files count together: the Chrome HAR adds nothing new, the status HAR neither (202 is undocumented).
    expect(run(clean, chrome, '--ignore', 'missing-token', '--min-coverage', '8.3').code).toBe(0);
  });

  it('rejects a threshold that is not a percentage (exit 2)', () => {
    for (const bad of ['abc', '101', '-1', '']) {
      // The `=` form: parseArgs reads a separate "-1" as an option of its own.
      const r = run(clean, `--min-coverage=${bad}`);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/--min-coverage must be a percentage from 0 to 100/);
    }
  });

  it('states the coverage in SARIF, and a result of the rule min-coverage when below it', () => {
    const sarif = JSON.parse(run(clean, '--format', 'sarif', '--min-coverage', '50').stdout);
    const [runOut] = sarif.runs;
    expect(runOut.properties.coverage.reachable).toMatchObject({ pairs: 48, exercised: 4 });
    expect(runOut.properties.coverage.minCoverage).toBe(0.5);
    expect(runOut.results).toHaveLength(1);
    expect(runOut.results[0].ruleId).toBe('min-coverage');
    expect(runOut.tool.driver.rules[runOut.results[0].ruleIndex].id).toBe('min-coverage');
    const met = JSON.parse(run(clean, '--format', 'sarif', '--min-coverage', '5').stdout);
    expect(met.runs[0].results).toEqual([]);
    expect(met.runs[0].properties.coverage.reachable.exercised).toBe(4);
  });
});
