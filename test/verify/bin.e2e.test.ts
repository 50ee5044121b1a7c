// The agora-chat-push-verify bin as a partner's CI runs it (the built file, a new process per case): exit codes
// 0/1/2, one-line messages with no stack trace for bad input, the formats, the token never printed, and a
// 100,000-exchange HAR checked in a heap far smaller than the file.
import { spawn } from 'node:child_process';
import { createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATRIX, matrixFolder, TOKEN } from './support.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const bin = join(repoRoot, 'packages', 'openapi', 'dist', 'verify', 'bin.js');
const { tmp, write, record, close } = matrixFolder('verify-bin-');
let har: { log: { entries: any[] } };
let harFile: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
const run = (args: string[], nodeArgs: string[] = [], timeout = 60_000): Promise<Run> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, bin, ...args], { cwd: tmp, timeout });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
const expectOneLineError = (r: Run, pattern: RegExp): void => {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^agora-chat-push-verify: /);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
};

beforeAll(async () => {
  ({ har, harFile } = await record());
});
afterAll(close);

describe('exit codes and formats', () => {
  it('exits 1 on the drifting traffic and prints one line per violation, then the summary', async () => {
    const r = await run([harFile]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    const expected = MATRIX.flatMap((c, i) => c.expected.map((e) => ({ i, e })));
    expect(lines).toHaveLength(expected.length + 1);
    expected.forEach(({ i, e }, n) => {
      expect(lines[n]).toMatch(new RegExp(`^#${i} ${MATRIX[i]!.method} `));
      expect(lines[n]).toContain(`${e.pointer}: expected `);
      expect(lines[n]).toContain(`[${e.class}${e.keyword ? `/${e.keyword}` : ''}]`);
    });
    expect(lines.at(-1)).toMatch(new RegExp(`matrix\\.har: ${MATRIX.length} exchanges, ${expected.length} violations \\(`));
    expect(r.stderr).toBe('');
  });

  it('exits 0 on clean traffic', async () => {
    const clean = write('clean.har', JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [har.log.entries[0]] } }));
    const r = await run([clean, '--coverage']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('1 exchange, 0 violations');
    expect(r.stdout).toMatch(/getPushLanguage\s+GET\s+exercised: 200×1/);
  });

  it('writes JSON and SARIF documents with the same violations', async () => {
    const json = await run([harFile, '--format', 'json', '--coverage']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.violationCount).toBe(MATRIX.flatMap((c) => c.expected).length);
    expect(report.coverage.operations).toHaveLength(8);
    const sarif = await run([harFile, '--format', 'sarif']);
    expect(sarif.code).toBe(1);
    const doc = JSON.parse(sarif.stdout);
    expect(doc.version).toBe('2.1.0');
    expect(doc.runs[0].results.map((r: any) => r.message.text)).toEqual(report.violations.map((v: any) => v.message));
  });

  it('reads NDJSON (the proxy log) by its extension or by its first line', async () => {
    const lines = `${har.log.entries.map((e) => JSON.stringify(e)).join('\n')}\n`;
    for (const name of ['traffic.ndjson', 'traffic.log']) {
      const r = await run([write(name, lines), '--format', 'json']);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).exchanges).toBe(MATRIX.length);
    }
  });

  it('reports a HAR whose answer is not JSON as a violation (exit 1), not as a bad file', async () => {
    const entry = structuredClone(har.log.entries[0]);
    entry.response.content.text = '{"truncated": ';
    const r = await run([write('bad-body.har', JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [entry] } }))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\/response\/body: expected a JSON body, found not JSON .* \[response-body\/json\]/);
  });
});

describe('bad input: exit 2 with one line', () => {
  it('an empty file', async () => expectOneLineError(await run([write('empty.har', '')]), /empty\.har: is empty$/m));
  it('a JSON that is not HAR', async () => expectOneLineError(await run([write('other.json', '{"openapi": "3.1.0", "paths": {}}')]), /other\.json: is not a HAR file: it has no "log" object/));
  it('a truncated file', async () => {
    const text = JSON.stringify(har, null, 2);
    expectOneLineError(await run([write('cut.har', text.slice(0, text.length - 200))]), /cut\.har: is truncated: it ends/);
  });
  it('a file that is not JSON', async () => expectOneLineError(await run([write('notes.txt', 'hello\n')]), /notes\.txt: is not JSON/));
  it('a missing file', async () => expectOneLineError(await run(['missing.har']), /missing\.har: cannot read: no such file/));
  it('no file', async () => expectOneLineError(await run([]), /give the traffic files to check \(\.har, \.ndjson, or pact \.json files\)/));
  it('two files: both are checked (several files per run), one summary each', async () => {
    const r = await run([harFile, harFile]);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/matrix\.har: \d+ exchanges, \d+ violations/g)).toHaveLength(2);
  });
  it('two files, one unreadable: exit 2 naming it', async () => expectOneLineError(await run([harFile, 'missing.har']), /missing\.har: cannot read: no such file/));
  it('an unknown format', async () => expectOneLineError(await run([harFile, '--format', 'xml']), /--format must be text, json, sarif, junit, got "xml"/));
  it('an unknown flag', async () => expectOneLineError(await run([harFile, '--covrage']), /Unknown option '--covrage'/));
  it('a base path that is not a path', async () => expectOneLineError(await run([harFile, '--base-path', 'gw']), /--base-path must be a path starting with "\/"/));
  it('prints its usage with --help and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes: 0 no violation, 1 at least one violation (or a coverage below --min-coverage), 2 usage error or unreadable file.');
  });
});

describe('secrets', () => {
  it('never prints the token found in a raw recording, in any format', async () => {
    const raw = structuredClone(har);
    for (const e of raw.log.entries) {
      e.request.headers = [...e.request.headers.filter((h: any) => h.name.toLowerCase() !== 'authorization'), { name: 'Authorization', value: `Bearer ${TOKEN}` }];
      e.request.url += `?token=${TOKEN}`;
      if (e.request.postData) e.request.postData.text = JSON.stringify({ translationLanguage: TOKEN });
    }
    const file = write('raw.har', JSON.stringify(raw));
    for (const format of ['text', 'json', 'sarif']) {
      const r = await run([file, '--format', format, '--coverage']);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
    }
  });
});

describe('a 100,000-exchange HAR', () => {
  it('is checked in a heap smaller than the file (bounded memory), with every violation counted', async () => {
    const file = join(tmp, 'large.har');
    const out = createWriteStream(file);
    const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
    await write('{\n  "log": {\n    "version": "1.2",\n    "creator": {"name": "test", "version": "1"},\n    "entries": [\n');
    const clean = JSON.stringify(har.log.entries[0]);
    const drifting = JSON.stringify(har.log.entries[1]); // one response-body violation each
    const N = 100_000;
    for (let i = 0; i < N; i++) await write(`${i ? ',\n' : ''}      ${i % 10 === 0 ? drifting : clean}`);
    await write('\n    ]\n  }\n}\n');
    await new Promise<void>((r) => out.end(r));
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(64 * 1024 * 1024);
    // A 48 MB old space cannot hold the file, let alone the parsed document.
    const r = await run([file, '--format', 'json'], ['--max-old-space-size=48'], 240_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.exchanges).toBe(N);
    expect(report.violationCount).toBe(N / 10);
  }, 300_000);
});
