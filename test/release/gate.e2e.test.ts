// The release gate (scripts/gate.ts --release; the change gate is in change-gate.e2e.test.ts): `redocly diff` on real pairs of bundles, the bump they need,
// and the verdict against the pending changesets, in throw-away copies of the repository and on the
// repository itself (that last test is the gate's step in the README's test command).
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffBundles, neededBump, runGate, type Bump, type DiffReport } from '../../scripts/gate.js';
import { copyRepository } from '../../scripts/release-copy.js';
import { BASELINE, CHANGES, baselineYaml, changedBundle, cleanUp, repoRoot, setChangesets, track } from './support.js';

const OPENAPI = '@agora-chat-push/openapi';
const rules = (report: DiffReport) => report.changes.flatMap((c) => c.verdicts.map((v) => `${c.impact}:${v.ruleId}`));
const impacts = (report: DiffReport) => report.changes.map((c) => c.impact);

afterAll(cleanUp);

describe('redocly diff rates real pairs of bundles (0.1.0 against 0.1.0 with one change)', { timeout: 120_000 }, () => {
  it('a removed enum value of a request parameter is breaking: major, so a minor bump in 0.x', () => {
    const report = diffBundles(baselineYaml, changedBundle(CHANGES.requestEnumValueRemoved));
    expect(rules(report)).toEqual(['major:enum-values-removed']);
    expect(neededBump(report, '0.1.0')).toBe('minor');
    expect(neededBump(report, '1.0.0')).toBe('major');
  });

  it('an added optional answer field is not breaking: minor, so a patch bump in 0.x', () => {
    const report = diffBundles(baselineYaml, changedBundle(CHANGES.answerOptionalFieldAdded));
    expect(impacts(report)).toEqual(['minor']);
    expect(report.changes[0]!.path).toMatch(/\/responses\/200\/.*\/properties\/lang$/);
    expect(neededBump(report, '0.1.0')).toBe('patch');
    expect(neededBump(report, '1.0.0')).toBe('minor');
  });

  it('a new required request field is breaking', () => {
    const report = diffBundles(baselineYaml, changedBundle(CHANGES.requestRequiredFieldAdded));
    expect(rules(report)).toContain('major:required-properties-added');
    expect(neededBump(report, '0.1.0')).toBe('minor');
  });

  it('an answer field that may now be absent is breaking (an answer widened)', () => {
    const report = diffBundles(baselineYaml, changedBundle(CHANGES.answerFieldNoLongerRequired));
    expect(rules(report)).toContain('major:required-properties-removed');
    expect(neededBump(report, '0.1.0')).toBe('minor');
  });

  it('a reworded description needs a patch, and the same bundle needs nothing', () => {
    expect(neededBump(diffBundles(baselineYaml, changedBundle(CHANGES.descriptionReworded)), '0.1.0')).toBe('patch');
    const same = diffBundles(baselineYaml, baselineYaml);
    expect(same.changes).toEqual([]);
    expect(neededBump(same, '0.1.0')).toBe('none');
  });
});

describe('the gate in a throw-away copy of the repository', { timeout: 120_000 }, () => {
  let copy: string;
  const bundle = () => join(copy, 'packages', 'openapi', 'dist', 'openapi.yaml');
  const useBundle = (change: Parameters<typeof changedBundle>[0]) => copyFileSync(changedBundle(change), bundle());

  beforeAll(() => {
    copy = track(copyRepository());
  });

  it('fails on a breaking change without a changeset, and prints the change in Markdown', async () => {
    useBundle(CHANGES.requestEnumValueRemoved);
    setChangesets(copy, []);
    const result = await runGate({ root: copy });
    expect(result.ok).toBe(false);
    expect(result.needed).toBe('minor');
    expect(result.markdown).toContain(`## API changes since ${BASELINE}`);
    expect(result.markdown).toMatch(/❌ The description changed in a way that needs a \*\*minor\*\* bump .*give none/);
    expect(result.markdown).toContain(
      "| 🔴 major (breaking) | modified | `/{org_name}/{app_name}/users/{username}/notification/{type}/{key}` · path parameter `type` · `enum` | Enum of `ConversationType` lost values: 'chatgroup'.",
    );
  });

  it('fails on a breaking change when the pending changesets give only a patch', async () => {
    useBundle(CHANGES.requestRequiredFieldAdded);
    setChangesets(copy, [{ [OPENAPI]: 'patch' }, { '@agora-chat-push/client': 'patch' }]);
    const result = await runGate({ root: copy });
    expect(result.pending.bump).toBe('patch');
    expect(result.ok).toBe(false);
  });

  it('passes a breaking change with a minor changeset (0.1.0 -> 0.2.0)', async () => {
    useBundle(CHANGES.requestRequiredFieldAdded);
    setChangesets(copy, [{ [OPENAPI]: 'minor' }]);
    const result = await runGate({ root: copy });
    expect(result.ok, result.markdown).toBe(true);
    expect(result.pending).toMatchObject({ bump: 'minor', oldVersion: '0.1.0', newVersion: '0.2.0' });
    expect(result.markdown).toContain('✅ Needs a **minor** bump; the pending changesets give **minor** (0.1.0 → 0.2.0).');
  });

  it('counts a changeset of any package of the fixed group: one version for all of them', async () => {
    useBundle(CHANGES.requestEnumValueRemoved);
    setChangesets(copy, [{ '@agora-chat-push/mock': 'minor' }]);
    expect((await runGate({ root: copy })).ok).toBe(true);
  });

  it('passes a safe change (an optional answer field) with a patch changeset, and fails it with none', async () => {
    useBundle(CHANGES.answerOptionalFieldAdded);
    setChangesets(copy, [{ [OPENAPI]: 'patch' }]);
    const passed = await runGate({ root: copy });
    expect(passed.ok, passed.markdown).toBe(true);
    expect(passed.markdown).toContain('| 🟢 minor | added | `POST /{org_name}/{app_name}/notification/template` · 200 answer · `data.lang` |');
    setChangesets(copy, []);
    expect((await runGate({ root: copy })).ok).toBe(false);
  });

  it('fails when the packages are at a version that has no release folder (versions applied without the version command)', async () => {
    copyFileSync(baselineYaml, bundle());
    setChangesets(copy, []);
    const manifest = join(copy, 'packages', 'openapi', 'package.json');
    const original = readFileSync(manifest, 'utf8');
    writeFileSync(manifest, original.replace(/"version": "[^"]+"/, '"version": "0.2.0"'));
    try {
      const result = await runGate({ root: copy });
      expect(result.ok).toBe(false);
      expect(result.problem).toContain('is at 0.2.0 but the newest release folder is 0.1.0');
    } finally {
      writeFileSync(manifest, original);
    }
  });
});

describe('the repository', { timeout: 120_000 }, () => {
  it("the current bundle against the last release: the gate's verdict follows the pending bump", async () => {
    // The description as it is now (the lead's pending changes included), its changesets swapped in a copy.
    const copy = track(copyRepository());
    const now = await runGate({ root: copy });
    const order: Bump[] = ['none', 'patch', 'minor', 'major'];
    setChangesets(copy, []);
    expect((await runGate({ root: copy })).ok).toBe(now.needed === 'none');
    const enough = now.needed === 'none' ? 'patch' : (now.needed as 'patch' | 'minor' | 'major');
    setChangesets(copy, [{ [OPENAPI]: enough }]);
    expect((await runGate({ root: copy })).ok).toBe(true);
    if (order.indexOf(now.needed) >= order.indexOf('minor')) {
      setChangesets(copy, [{ [OPENAPI]: 'patch' }]);
      expect((await runGate({ root: copy })).ok).toBe(false);
    }
  });

  // The repository's own gate, worked out once for the two tests below (each run is a `redocly diff`).
  let ownGate: ReturnType<typeof runGate> | undefined;
  const gateOfRepository = (): ReturnType<typeof runGate> => (ownGate ??= runGate({ root: repoRoot }));

  it('passes its own gate: every description change since the last release is covered by a pending changeset', async () => {
    const result = await gateOfRepository();
    expect(result.ok, `\n${result.markdown}`).toBe(true);
  });

  it('the command (`api:gate --release --no-build`) prints the Markdown and exits with the verdict', async () => {
    const expected = await gateOfRepository();
    const run = spawnSync(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'scripts', 'gate.ts'), '--release', '--no-build'], { cwd: repoRoot, encoding: 'utf8' });
    expect(run.stdout).toBe(expected.markdown);
    expect(run.status).toBe(expected.ok ? 0 : 1);
    const usage = spawnSync(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'scripts', 'gate.ts'), '--release', '--nobuild'], { cwd: repoRoot, encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('unknown argument --nobuild');
  });
});
