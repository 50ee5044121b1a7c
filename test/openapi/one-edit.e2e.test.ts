// One edit of the description reaches every artifact (issue 20): in a copy of the repository, an optional
// boolean `silent` added to the push-settings request and answer schemas, then `pnpm build` and no code edit,
// gives the field in the client's generated types, on the docs page and in reference.md, and in the
// sandbox's behaviour (validated, stored, answered on the next read).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { repoRoot } from '../support/description.js';

const PNPM = ['-y', 'pnpm@12.4.2'];
let copy: string;

/** The repository's files as git sees them (tracked, and new files not ignored), without node_modules or builds. */
function copyRepository(to: string): void {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    try {
      cpSync(join(repoRoot, file), join(to, file));
    } catch (error) {
      // A file git still lists but the work tree deleted (an uncommitted removal) is left out, as a clone would.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd: copy, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Adds an optional `silent` boolean to a schema file of the description. */
function addSilent(schema: string): void {
  const file = join(copy, 'openapi', 'components', 'schemas', `${schema}.yaml`);
  const node = parse(readFileSync(file, 'utf8')) as { properties: Record<string, unknown> };
  node.properties.silent = { type: 'boolean', description: 'Whether pushes arrive without sound.' };
  writeFileSync(file, stringify(node));
}

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'one-edit-'));
  copyRepository(copy);
  // The store is warm after the repository's own install: an offline install links, it downloads nothing.
  run('npx', [...PNPM, 'install', '--offline', '--frozen-lockfile', '--ignore-scripts']);
  addSilent('PushSettingsUpdate');
  addSilent('PushSettings');
  run('npx', [...PNPM, 'build']);
}, 600_000);

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('one edit of the description, then pnpm build', () => {
  it('types `silent?: boolean` in the client for the request and the answer', () => {
    const types = readFileSync(join(copy, 'packages', 'client', 'src', 'generated', 'openapi.ts'), 'utf8');
    for (const schema of ['PushSettingsUpdate', 'PushSettings']) {
      const block = new RegExp(`\\n        ${schema}: \\{[\\s\\S]*?\\n        \\};`).exec(types)?.[0] ?? '';
      expect(block, schema).toMatch(/silent\?: boolean;/);
    }
  });

  it('shows `silent` on the docs page and in reference.md', () => {
    const dist = join(copy, 'packages', 'docs', 'dist');
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).toContain('Whether pushes arrive without sound.');
    const reference = readFileSync(join(dist, 'reference.md'), 'utf8');
    expect(reference).toMatch(/silent/);
    expect(reference).toContain('Whether pushes arrive without sound.');
  });

  it('makes the sandbox check, store and answer `silent`', async () => {
    const mock = (await import(pathToFileURL(join(copy, 'packages', 'mock', 'dist', 'index.js')).href)) as typeof import('../../packages/mock/src/index.js');
    const core = mock.createSandboxCore({ rateLimit: 0, now: () => 1_700_000_000_000 });
    const url = '/org/app/users/alice/notification/chatgroup/g1';
    const headers = { authorization: 'Bearer t', 'content-type': 'application/json' };
    const bad = await core.handle({ method: 'PUT', url, headers, body: '{"silent":"yes"}' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('silent');
    const set = await core.handle({ method: 'PUT', url, headers, body: '{"type":"AT","silent":true}' });
    expect(set.status).toBe(200);
    const read = await core.handle({ method: 'GET', url, headers, body: undefined });
    expect(JSON.parse(read.body).data).toMatchObject({ type: 'AT', silent: true });
  });
});
