// The GitHub Actions workflows cannot run here: they are validated against the workflow schema
// (@action-validator/cli, offline), and checked for what they must do: ci.yml runs exactly the README's
// test command on Node 20 and 22; release.yml versions, publishes with provenance, attaches the bundle and
// deploys the docs page.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, readJson, repoRoot, tempDir } from './support.js';

const workflows = join(repoRoot, '.github', 'workflows');
const validator = join(repoRoot, 'node_modules', '.bin', 'action-validator');
const validate = (file: string) => spawnSync(validator, [file], { encoding: 'utf8' });

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, unknown>; if?: string };
type Job = { steps: Step[]; strategy?: { matrix?: Record<string, unknown> }; container?: { image: string }; permissions?: Record<string, string>; needs?: string; if?: string };
const load = (name: string) => parse(readFileSync(join(workflows, name), 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job> };

afterAll(cleanUp);

/** The README's test command: the line under "# install, build and run every test" in its sh block. */
function readmeTestCommand(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const match = /# install, build and run every test[^\n]*\n([^\n]+)\n/.exec(readme);
  if (!match) throw new Error('README.md has no "# install, build and run every test" line followed by the command');
  return match[1]!.trim();
}

describe('the workflow files', { timeout: 120_000 }, () => {
  it.each(['ci.yml', 'release.yml'])('%s is a valid GitHub Actions workflow', (name) => {
    const result = validate(join(workflows, name));
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  });

  it('the validator does reject a broken workflow (a step list misspelt)', () => {
    const broken = join(tempDir('workflow-'), 'ci.yml');
    writeFileSync(broken, readFileSync(join(workflows, 'ci.yml'), 'utf8').replace('    steps:\n', '    stepz:\n'));
    const result = validate(broken);
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain("Additional property 'stepz' is not allowed");
  });
});

describe('ci.yml', { timeout: 120_000 }, () => {
  const ci = load('ci.yml');

  it("runs exactly the README's test command, as the test job's only command", () => {
    const command = readmeTestCommand();
    expect(command).toBe('npx -y pnpm@12.4.2 install && npx -y pnpm@12.4.2 test');
    const runs = ci.jobs.test!.steps.filter((step) => step.run !== undefined).map((step) => step.run!.trim());
    expect(runs).toEqual([command]);
    // ...and the CI script of this workplace runs it too.
    expect(readFileSync(join(repoRoot, '.ci', 'run'), 'utf8')).toContain(command);
  });

  it('on Node 20 and 22, in Debian (the test command installs Debian chromium), on pushes to main and pull requests', () => {
    expect(ci.jobs.test!.strategy?.matrix?.node).toEqual([20, 22]);
    expect(ci.jobs.test!.container?.image).toBe('node:${{ matrix.node }}-bookworm');
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
  });

  it('checks pull requests for changesets against the fetched base branch (no local main in a CI checkout)', () => {
    const runs = ci.jobs.changesets!.steps.map((step) => step.run ?? '').join('\n');
    expect(runs).toContain('git fetch --no-tags origin "${{ github.base_ref }}:refs/remotes/origin/${{ github.base_ref }}"');
    expect(runs).toContain('changeset status --since "origin/${{ github.base_ref }}"');
    expect(runs).toContain('npx -y pnpm@12.4.2 api:gate');
    // The change gate finds the target branch itself (GITHUB_BASE_REF): no --base, which would hide a wrong default.
    expect(runs).not.toContain('api:gate --base');
  });

  it('lints (the description and the TypeScript) on every push and pull request', () => {
    expect(ci.jobs.lint?.if).toBeUndefined();
    expect(ci.jobs.lint!.steps.map((step) => step.run ?? '').join('\n')).toContain('npx -y pnpm@12.4.2 lint');
  });
});

describe('release.yml', { timeout: 120_000 }, () => {
  const release = load('release.yml');
  const job = release.jobs.release!;
  const scripts = readJson<{ scripts: Record<string, string> }>(join(repoRoot, 'package.json')).scripts;

  it('lets the changesets action open the version PR with version-packages, and publish with release', () => {
    const action = job.steps.find((step) => step.uses?.startsWith('changesets/action@'));
    expect(action?.with).toMatchObject({ version: 'pnpm version-packages', publish: 'pnpm release', createGithubReleases: true });
    expect(scripts['version-packages']).toBeDefined();
    expect(scripts.release).toContain('changeset publish');
    // changesets runs `pnpm publish` from PATH: the pinned pnpm is installed globally first.
    expect(job.steps.map((s) => s.run ?? '').join('\n')).toContain('npm install -g pnpm@12.4.2');
  });

  it('publishes with npm provenance (OIDC id-token, NPM_CONFIG_PROVENANCE)', () => {
    expect(job.permissions).toMatchObject({ 'id-token': 'write', contents: 'write', 'pull-requests': 'write' });
    const action = job.steps.find((step) => step.uses?.startsWith('changesets/action@'));
    expect(action?.env).toMatchObject({ NPM_CONFIG_PROVENANCE: 'true', NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
  });

  it('attaches openapi.yaml and openapi.json to the GitHub release of @agora-chat-push/openapi', () => {
    const upload = job.steps.find((step) => step.run?.includes('gh release upload'));
    expect(upload?.if).toBe("steps.changesets.outputs.published == 'true'");
    expect(upload?.run).toContain('gh release upload "@agora-chat-push/openapi@$version" packages/openapi/dist/openapi.yaml packages/openapi/dist/openapi.json');
  });

  it('deploys packages/docs/dist to GitHub Pages after a publish', () => {
    expect(job.steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact@'))?.with).toEqual({ path: 'packages/docs/dist' });
    const pages = release.jobs.pages!;
    expect(pages.needs).toBe('release');
    expect(pages.if).toBe("needs.release.outputs.published == 'true'");
    expect(pages.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    expect(pages.steps.some((step) => step.uses?.startsWith('actions/deploy-pages@'))).toBe(true);
  });
});
