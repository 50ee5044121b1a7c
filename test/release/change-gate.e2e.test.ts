// The change gate (`api:gate [--base REF]`, scripts/gate.ts) in a throw-away git repository made from the working
// tree (no network): the description at the base against the working tree, and only the changesets added since
// the base. The repository's own pending changesets (a release cycle's worth, committed before the base) must
// not cover a new breaking change; each breaking change is named on the side it breaks.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pendingRelease, resolveBase, runChangeGate } from '../../scripts/gate.js';
import { copyRepository } from '../../scripts/release-copy.js';
import { cleanUp, track } from './support.js';

const OPENAPI = '@agora-chat-push/openapi';
const PUSH_MODE = join('openapi', 'components', 'schemas', 'PushMode.yaml');

let repo: string;
const git = (...args: string[]): string => {
  const result = spawnSync('git', ['-c', 'user.name=gate-test', '-c', 'user.email=gate-test@localhost', ...args], { cwd: repo, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
};
/** Removes `AT` from PushMode in the working tree (not committed): a request narrowed, an answer narrowed. */
const dropAt = (): void => {
  const file = join(repo, PUSH_MODE);
  const schema = parse(readFileSync(file, 'utf8')) as { enum: string[] };
  expect(schema.enum).toContain('AT');
  schema.enum = schema.enum.filter((value) => value !== 'AT');
  writeFileSync(file, stringify(schema));
};
const changeset = (name: string, bump: 'patch' | 'minor'): string => {
  const file = join(repo, '.changeset', `${name}.md`);
  writeFileSync(file, `---\n"${OPENAPI}": ${bump}\n---\n\nPush settings no longer accept the mode \`AT\`.\n`);
  return file;
};
/** Back to the committed main, nothing else in the working tree. */
const reset = (): void => {
  git('checkout', '-q', '-f', 'main');
  git('clean', '-q', '-fd', '--', 'openapi', '.changeset');
};

afterAll(cleanUp);

beforeAll(() => {
  // The working tree as one commit on main, node_modules linked (the bundler and redocly of this repository).
  repo = track(copyRepository({ git: true, linkNodeModules: true }));
});
beforeEach(reset);

describe('api:gate --base HEAD on an uncommitted breaking change', { timeout: 120_000 }, () => {
  it('fails without a changeset of its own, although the pending changesets of the cycle already ask for a minor bump', async () => {
    dropAt();
    // What made the old gate pass this change: the pending changesets (all committed before the base) give minor.
    expect((await pendingRelease(repo)).bump).toBe('minor');
    const result = await runChangeGate({ root: repo, base: 'HEAD' });
    expect(result.ok, result.markdown).toBe(false);
    expect(result.needed).toBe('minor');
    expect(result.added).toMatchObject({ bump: 'none', files: [] });
    expect(result.problem).toContain('`PushMode` (breaks requests)');
    expect(result.markdown).toMatch(/❌ The description changed since HEAD \([0-9a-f]{12}\) in a way that needs a \*\*minor\*\* bump/);
  });

  it('names the change on the side it breaks: the PUT request body, not only the GET answer redocly reports', async () => {
    dropAt();
    const { breaking, markdown } = await runChangeGate({ root: repo, base: 'HEAD' });
    expect(breaking).toHaveLength(1);
    const [change] = breaking;
    expect(change).toMatchObject({ schema: 'PushMode', breaks: ['request'] });
    expect(change!.places.request).toEqual(['`setPushSettings` body `type`']);
    expect(change!.places.answer).toEqual(expect.arrayContaining(['`getPushSettings` 200 answer `data.type`', '`setPushSettings` 200 answer `data.type`']));
    expect(markdown).toContain("- `PushMode`: Enum of `type` lost values: 'AT'. (`enum-values-removed`) — **breaks requests**: `setPushSettings` body `type`; answers (not broken by this change): ");
  });

  it('passes once a minor changeset is added with it (untracked), and fails with a patch one', async () => {
    dropAt();
    const patch = changeset('drop-at', 'patch');
    const withPatch = await runChangeGate({ root: repo, base: 'HEAD' });
    expect(withPatch.ok).toBe(false);
    expect(withPatch.added).toMatchObject({ bump: 'patch', files: ['.changeset/drop-at.md'] });
    rmSync(patch);
    changeset('drop-at', 'minor');
    const passed = await runChangeGate({ root: repo, base: 'HEAD' });
    expect(passed.ok, passed.markdown).toBe(true);
    expect(passed.markdown).toContain('✅ Needs a **minor** bump; the changesets added since the base give **minor** (.changeset/drop-at.md).');
  });

  it('passes an unchanged description with no changeset', async () => {
    const result = await runChangeGate({ root: repo, base: 'HEAD' });
    expect(result.ok, result.markdown).toBe(true);
    expect(result.needed).toBe('none');
    expect(result.report.changes).toEqual([]);
  });
});

describe('the base', { timeout: 120_000 }, () => {
  it('is HEAD on main, the merge base with main on a branch, the target branch on a pull request in CI', () => {
    const mainCommit = git('rev-parse', 'HEAD');
    expect(resolveBase(repo, undefined, {})).toMatchObject({ ref: 'HEAD', commit: mainCommit });
    git('checkout', '-q', '-b', 'feature');
    writeFileSync(join(repo, 'feature.txt'), 'a commit on the branch\n');
    git('add', 'feature.txt');
    git('commit', '-qm', 'feature');
    expect(resolveBase(repo, undefined, {})).toMatchObject({ ref: 'main', commit: mainCommit });
    expect(resolveBase(repo, undefined, { GITHUB_BASE_REF: 'main' })).toMatchObject({ ref: 'main', commit: mainCommit });
    expect(() => resolveBase(repo, undefined, { GITHUB_BASE_REF: 'release-9' })).toThrow('GITHUB_BASE_REF=release-9, but neither release-9 nor origin/release-9 is in the clone');
    expect(() => resolveBase(repo, 'no-such-ref', {})).toThrow('--base no-such-ref: not a commit');
  });

  it('on a branch: a change and its changeset committed since the merge base count; changesets from before do not', async () => {
    git('checkout', '-q', '-b', 'drop-at');
    dropAt();
    git('commit', '-qam', 'drop AT');
    const without = await runChangeGate({ root: repo, env: {} });
    expect(without.base.ref).toBe('main');
    expect(without.ok).toBe(false);
    changeset('drop-at', 'minor');
    git('add', '.changeset/drop-at.md');
    git('commit', '-qm', 'its changeset');
    const withIt = await runChangeGate({ root: repo, env: {} });
    expect(withIt.ok, withIt.markdown).toBe(true);
    expect(withIt.added.files).toEqual(['.changeset/drop-at.md']);
  });
});

describe('the command', { timeout: 120_000 }, () => {
  const tsx = () => join(repo, 'node_modules', '.bin', 'tsx');
  const gate = (...args: string[]) => spawnSync(tsx(), [join(repo, 'scripts', 'gate.ts'), ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, GITHUB_BASE_REF: '' } });

  it('`api:gate --base HEAD` exits 1 on the removal of AT with no changeset and names PushMode and the request side; 0 with a minor changeset', () => {
    dropAt();
    const failed = gate('--base', 'HEAD');
    expect(failed.status, failed.stderr).toBe(1);
    expect(failed.stdout).toContain('`PushMode` (breaks requests)');
    expect(failed.stdout).toContain('**breaks requests**: `setPushSettings` body `type`');
    changeset('drop-at', 'minor');
    const passed = gate('--base', 'HEAD');
    expect(passed.status, passed.stdout + passed.stderr).toBe(0);
  });

  it('says what is wrong with its arguments (exit 2)', () => {
    for (const [args, message] of [
      [['--base'], '--base needs a git ref'],
      [['--release', '--base', 'HEAD'], '--base is for the change gate'],
      [['--no-build'], '--no-build is for --release'],
      [['--bse', 'HEAD'], 'unknown argument --bse HEAD'],
    ] as const) {
      const run = gate(...args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
    }
  });
});
