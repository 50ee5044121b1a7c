// One version for the public packages and the description, a release folder for it, a changelog in
// every public package, the changesets configuration, and well-formed pending changesets.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { newestRelease } from '../../scripts/gate.js';
import { readJson, releasesDir, repoRoot } from './support.js';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
}
const manifests = readdirSync(join(repoRoot, 'packages')).map((dir) => ({ dir, ...readJson<Manifest>(join(repoRoot, 'packages', dir, 'package.json')) }));
const publicPackages = manifests.filter((m) => !m.private);
const version = readJson<Manifest>(join(repoRoot, 'packages', 'openapi', 'package.json')).version;
/** Public packages with a CHANGELOG.md: released at least once (changesets writes it at a package's first version). */
const released = publicPackages.filter((m) => existsSync(join(repoRoot, 'packages', m.dir, 'CHANGELOG.md')));

describe('versions', () => {
  it('the public packages are @agora-chat-push/openapi, client, mock and cli, at one version', () => {
    expect(publicPackages.map((m) => m.name).sort()).toEqual(['@agora-chat-push/cli', '@agora-chat-push/client', '@agora-chat-push/mock', '@agora-chat-push/openapi']);
    expect(new Set(publicPackages.map((m) => m.version))).toEqual(new Set([version]));
  });

  it('a public package not released yet (no CHANGELOG.md) has a pending changeset that says it is its first release', () => {
    for (const m of publicPackages.filter((p) => !released.includes(p))) {
      const firsts = readdirSync(join(repoRoot, '.changeset'))
        .filter((f) => f.endsWith('.md') && f !== 'README.md')
        .map((f) => readFileSync(join(repoRoot, '.changeset', f), 'utf8'))
        .filter((text) => new RegExp(`^"${m.name}": minor$`, 'm').test(text) && /\n---\n\nFirst release \(unofficial\)/.test(text));
      expect(firsts, m.name).toHaveLength(1);
    }
  });

  it("the description's info.version is that version", () => {
    const source = parse(readFileSync(join(repoRoot, 'openapi', 'openapi.yaml'), 'utf8')) as { info: { version: unknown } };
    expect(String(source.info.version)).toBe(version);
  });

  it('the newest release folder is that version and holds its bundle as YAML and JSON, one document', () => {
    const newest = newestRelease(releasesDir);
    expect(newest.version).toBe(version);
    const yaml = parse(readFileSync(join(releasesDir, version, 'openapi.yaml'), 'utf8')) as { info: { version: string } };
    const json = readJson(join(releasesDir, version, 'openapi.json'));
    expect(json).toEqual(yaml);
    expect(yaml.info.version).toBe(version);
  });

  it('every released public package has a CHANGELOG.md in the changesets format whose newest entry is that version', () => {
    for (const m of released) {
      const changelog = readFileSync(join(repoRoot, 'packages', m.dir, 'CHANGELOG.md'), 'utf8');
      expect(changelog, m.name).toMatch(new RegExp(`^# ${m.name}\\n\\n## ${version.replace(/\./g, '\\.')}\\n\\n\\S`));
      // The oldest entry is the package's first release (0.1.0 for the first three; the cli's is its first version).
      const oldest = changelog.slice(changelog.lastIndexOf('\n## '));
      expect(oldest, m.name).toMatch(/^\n## \d+\.\d+\.\d+\n\n### Minor Changes\n\n- (\w+: )?First release \(unofficial\)/);
    }
    expect(released.map((m) => m.name)).toContain('@agora-chat-push/openapi');
    const openapi = readFileSync(join(repoRoot, 'packages', 'openapi', 'CHANGELOG.md'), 'utf8');
    const newestEntry = openapi.slice(openapi.indexOf(`## ${version}`)).split(/\n## /)[0];
    expect(newestEntry).toContain('\n### API changes\n\n');
  });
});

describe('changesets', () => {
  const config = readJson<Record<string, any>>(join(repoRoot, '.changeset', 'config.json'));

  it('is configured: the public packages fixed together, public access, base branch main, the default changelog, no commits', () => {
    expect(config.fixed).toEqual([['@agora-chat-push/openapi', '@agora-chat-push/client', '@agora-chat-push/mock', '@agora-chat-push/cli']]);
    expect([...config.fixed[0]].sort()).toEqual(publicPackages.map((m) => m.name).sort());
    expect(config).toMatchObject({ access: 'public', baseBranch: 'main', changelog: '@changesets/cli/changelog', commit: false, privatePackages: { version: false, tag: false } });
  });

  it('@changesets/cli is pinned to 2.31.x (3.x needs Node 22)', () => {
    const catalog = (parse(readFileSync(join(repoRoot, 'pnpm-workspace.yaml'), 'utf8')) as { catalog: Record<string, string> }).catalog;
    expect(catalog['@changesets/cli']).toMatch(/^2\.31\.\d+$/);
    expect(readJson<{ version: string }>(join(repoRoot, 'node_modules', '@changesets', 'cli', 'package.json')).version).toMatch(/^2\.31\./);
  });

  const pending = readdirSync(join(repoRoot, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');

  it('every pending changeset names public packages, a bump allowed at this version, and a sentence', () => {
    for (const file of pending) checkChangeset(file);
  });

  function checkChangeset(file: string): void {
    const text = readFileSync(join(repoRoot, '.changeset', file), 'utf8');
    const match = /^---\n([\s\S]*?)^---\n([\s\S]*)$/m.exec(text);
    expect(match, `${file}: front matter between --- lines, then the summary`).not.toBeNull();
    const bumps = (parse(match![1]!) ?? {}) as Record<string, string>;
    if (Object.keys(bumps).length === 0) return; // `changeset add --empty`: a change users do not see
    for (const [name, bump] of Object.entries(bumps)) {
      expect(
        publicPackages.map((m) => m.name),
        `${file} names ${name}`,
      ).toContain(name);
      // 0.x: a breaking change is a minor bump; 1.0.0 is a decision of its own, not a side effect of a changeset.
      expect(version.startsWith('0.') ? ['patch', 'minor'] : ['patch', 'minor', 'major'], `${file}: ${name}: ${bump}`).toContain(bump);
    }
    expect(match![2]!.trim().length, `${file}: a sentence for the changelog`).toBeGreaterThan(10);
  }
});

describe('release files', () => {
  it('CONTRIBUTING.md states the changeset rule, what is breaking, and the 0.x rule', () => {
    const text = readFileSync(join(repoRoot, 'CONTRIBUTING.md'), 'utf8');
    expect(text).toContain('## Every change comes with a changeset');
    expect(text).toMatch(/\*\*narrowing\*\* what is accepted/);
    expect(text).toMatch(/\*\*widening\*\* what an answer may contain/);
    expect(text).toContain('While the version is 0.x, a breaking change bumps the minor version');
  });

  it('the root scripts exist for the gate, the version command, the dry run and publishing', () => {
    const scripts = readJson<{ scripts: Record<string, string> }>(join(repoRoot, 'package.json')).scripts;
    expect(scripts).toMatchObject({
      'api:gate': 'tsx scripts/gate.ts',
      'version-packages': 'tsx scripts/release-version.ts',
      'release:dry-run': 'tsx scripts/release-dry-run.ts',
    });
    // Publishing re-checks the release gate (last release against the built bundle) before `changeset publish`.
    expect(scripts.release).toMatch(/gate\.ts --release --no-build && changeset publish$/);
    for (const file of ['gate.ts', 'release-version.ts', 'release-dry-run.ts']) expect(existsSync(join(repoRoot, 'scripts', file))).toBe(true);
  });
});
