// The composite GitHub Action (action.yml at the repository root) cannot run here: it is validated offline
// against the action schema (@action-validator/cli), and its shell steps are run in order with bash as the runner
// would (RUNNER_TEMP, GITHUB_ENV, GITHUB_OUTPUT), installing agora-chat-push-verify from this package packed into
// a tarball (the `package` input), on a buggy pact, a clean one and a Chrome HAR.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HAR_CREATOR, toHarEntry } from '@agora-chat-push/openapi/verify';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUGGY, CLEAN, pactV2 } from '../verify/pacts.js';
import { exampleAnswer } from '../verify/support.js';
import { repoRoot } from './fixtures.js';

const actionFile = join(repoRoot, 'action.yml');
const validator = join(repoRoot, 'node_modules', '.bin', 'action-validator');
type Step = { name: string; id?: string; if?: string; run?: string; uses?: string; shell?: string; env?: Record<string, string>; with?: Record<string, string> };
const action = parse(readFileSync(actionFile, 'utf8')) as {
  inputs: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; steps: Step[] };
};

const tmp = mkdtempSync(join(tmpdir(), 'verify-action-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let tarball: string;

beforeAll(() => {
  // The package as npm would publish it (workspace: references rewritten by pnpm pack).
  const packed = spawnSync('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', tmp], { cwd: join(repoRoot, 'packages', 'openapi'), encoding: 'utf8' });
  expect(packed.status, `${packed.stdout}${packed.stderr}`).toBe(0);
  tarball = join(tmp, readdirSync(tmp).find((f) => f.endsWith('.tgz'))!);
}, 300_000);

/** `${{ inputs.x }}` and `${{ steps.verify.outputs.x }}` of an env value, from the inputs and outputs so far. */
const expand = (text: string, inputs: Record<string, string>): string => text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? '');

/** Runs the action's bash steps in order (the `uses:` upload step is skipped: it needs GitHub). */
function runAction(given: Record<string, string>) {
  const inputs: Record<string, string> = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
  Object.assign(inputs, given);
  const work = mkdtempSync(join(tmp, 'run-'));
  const files = { env: join(work, 'github-env'), output: join(work, 'github-output') };
  writeFileSync(files.env, '');
  writeFileSync(files.output, '');
  const runnerTemp = join(tmp, 'runner-temp');
  mkdirSync(runnerTemp, { recursive: true });
  const log: string[] = [];
  let failedAt: string | undefined;
  for (const step of action.runs.steps) {
    if (!step.run) continue;
    const outputs = Object.fromEntries(
      readFileSync(files.output, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('=') as [string, string]),
    );
    if (step.if) {
      // The two conditions the action uses, evaluated as the runner would.
      const wanted = /inputs\.fail-on-violation == 'true' && steps\.verify\.outputs\.exit-code == '1'/.test(step.if);
      if (wanted && !(inputs['fail-on-violation'] === 'true' && outputs['exit-code'] === '1')) continue;
    }
    const githubEnv = Object.fromEntries(
      readFileSync(files.env, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const env: NodeJS.ProcessEnv = { ...process.env, ...githubEnv, RUNNER_TEMP: runnerTemp, GITHUB_ENV: files.env, GITHUB_OUTPUT: files.output };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(v, inputs);
    const result = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', step.run], { cwd: work, env, encoding: 'utf8', timeout: 300_000 });
    log.push(`${step.name}: ${result.status}\n${result.stdout}${result.stderr}`);
    if (result.status !== 0) {
      failedAt = step.name;
      break;
    }
  }
  const outputs = Object.fromEntries(
    readFileSync(files.output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('=') as [string, string]),
  );
  const sarifPath = join(work, inputs['sarif-file']!);
  return { failedAt, outputs, log: log.join('\n'), work, sarif: existsSync(sarifPath) ? JSON.parse(readFileSync(sarifPath, 'utf8')) : undefined };
}

describe('action.yml', () => {
  it('is a valid composite action (offline schema check), and the check does reject a broken one', () => {
    const ok = spawnSync(validator, [actionFile], { encoding: 'utf8' });
    expect(ok.status, `${ok.stdout}${ok.stderr}`).toBe(0);
    const broken = join(tmp, 'action.yml');
    writeFileSync(broken, readFileSync(actionFile, 'utf8').replace('using: composite', 'using: compost'));
    expect(spawnSync(validator, [broken], { encoding: 'utf8' }).status).not.toBe(0);
  });

  it('uploads SARIF with code scanning, and passes inputs to scripts only through the environment', () => {
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with?.sarif_file).toBe('${{ inputs.sarif-file }}');
    for (const step of action.runs.steps) expect(step.run ?? '').not.toMatch(/\$\{\{/);
  });

  it('a buggy pact and a Chrome HAR: SARIF naming the fields, exit-code 1, the step fails', () => {
    const chrome = join(tmp, 'chrome.har');
    const entry = toHarEntry({
      startedDateTime: '2026-12-04T10:00:00.000Z',
      time: 3,
      method: 'GET',
      url: 'https://a41.chat.agora.io/hx/hxdemo/users/u1/notification/language',
      requestHeaders: [],
      status: 200,
      responseHeaders: [['content-type', 'application/json']],
      responseBody: JSON.stringify(exampleAnswer('getPushLanguage')),
    });
    writeFileSync(chrome, JSON.stringify({ log: { version: '1.2', creator: HAR_CREATOR, entries: [entry] } }));
    const buggy = join(tmp, 'buggy.json');
    writeFileSync(buggy, JSON.stringify(pactV2(BUGGY)));
    const r = runAction({ traffic: `${buggy}\n${chrome}`, ignore: 'missing-token', package: tarball, 'min-coverage': '1' });
    expect(r.outputs['exit-code'], r.log).toBe('1');
    expect(r.failedAt).toBe('Fail on violations');
    const messages = r.sarif.runs[0].results.map((x: { message: { text: string } }) => x.message.text).join('\n');
    for (const field of ['translationLanguage', 'ignoreDurration', 'ignoreInterval']) expect(messages).toContain(field);
    expect(messages).not.toContain('missing-token');
    expect(r.sarif.runs[0].properties.coverage.reachable.pairs).toBe(48);
  }, 300_000);

  it('a clean pact: exit-code 0, nothing fails; an input cannot run a command', () => {
    const clean = join(tmp, 'clean.json');
    writeFileSync(clean, JSON.stringify(pactV2(CLEAN)));
    const r = runAction({ traffic: `${clean} $(touch pwned)`, package: tarball, 'fail-on-violation': 'true' });
    // `$(touch pwned)` is a word of the file list, not a command: verify says it cannot read that file.
    expect(r.outputs['exit-code'], r.log).toBe('2');
    expect(existsSync(join(r.work, 'pwned'))).toBe(false);
    const ok = runAction({ traffic: clean, package: tarball });
    expect(ok.outputs['exit-code'], ok.log).toBe('0');
    expect(ok.failedAt).toBeUndefined();
    expect(ok.sarif.runs[0].results).toEqual([]);
  }, 300_000);
});
