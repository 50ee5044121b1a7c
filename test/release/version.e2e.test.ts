// The version command (scripts/release-version.ts) from a fresh clone: a breaking description change and a
// changeset give the next version to the public packages, their changelogs, info.version, the release
// folder and the API changes; without a matching changeset nothing is versioned.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGate } from '../../scripts/gate.js';
import { copyRepository } from '../../scripts/release-copy.js';
import { versionPackages } from '../../scripts/release-version.js';
import { breakTheDescription, cleanUp, nextMinor, readJson, setChangesets, track } from './support.js';

const PACKAGES = ['openapi', 'client', 'mock', 'cli'] as const;
const version = (root: string, pkg: string) => readJson<{ version: string }>(join(root, 'packages', pkg, 'package.json')).version;

afterAll(cleanUp);

describe('version-packages in a fresh clone with a breaking description change', () => {
  let clone: string;
  let before: string;
  const quiet = () => undefined;

  beforeAll(() => {
    clone = track(copyRepository({ git: true, linkNodeModules: true }));
    before = version(clone, 'openapi');
    // A request narrowed: `chatgroup` dropped from the conversation types.
    expect(breakTheDescription(clone)).toContain('chatgroup');
  });

  it('refuses to version when the pending changesets do not cover the change, and changes nothing', async () => {
    setChangesets(clone, [{ '@agora-chat-push/client': 'patch' }]);
    await expect(versionPackages(clone, quiet)).rejects.toThrow('the pending changesets do not cover the description changes');
    for (const pkg of PACKAGES) expect(version(clone, pkg)).toBe(before);
    expect(existsSync(join(clone, 'packages', 'openapi', 'releases', nextMinor(before)))).toBe(false);
  }, 300_000);

  it('with a minor changeset: the next minor version everywhere, the changelogs, info.version, the release folder', async () => {
    setChangesets(clone, []);
    writeFileSync(join(clone, '.changeset', 'drop-chatgroup.md'), '---\n"@agora-chat-push/openapi": minor\n---\n\nConversation settings no longer accept the type `chatgroup`.\n');
    const lines: string[] = [];
    const { version: applied } = await versionPackages(clone, (line) => lines.push(line));
    const next = nextMinor(before);
    expect(applied).toBe(next);
    for (const pkg of PACKAGES) expect(version(clone, pkg), pkg).toBe(next);
    expect(readJson<{ dependencies: Record<string, string> }>(join(clone, 'packages', 'mock', 'package.json')).dependencies['@agora-chat-push/openapi']).toBe('workspace:*');

    // info.version in the source (one line changed) and in the bundle of the release folder.
    const source = readFileSync(join(clone, 'openapi', 'openapi.yaml'), 'utf8');
    expect((parse(source) as { info: { version: string } }).info.version).toBe(next);
    expect(source).toContain(`\n  version: ${next}\n`);
    const release = join(clone, 'packages', 'openapi', 'releases', next);
    for (const file of ['openapi.yaml', 'openapi.json']) {
      expect(readFileSync(join(release, file), 'utf8')).toBe(readFileSync(join(clone, 'packages', 'openapi', 'dist', file), 'utf8'));
    }
    expect(readJson<{ info: { version: string } }>(join(release, 'openapi.json')).info.version).toBe(next);

    // The openapi changelog: the changeset's sentence, then the gate's Markdown under "API changes".
    const changelog = readFileSync(join(clone, 'packages', 'openapi', 'CHANGELOG.md'), 'utf8');
    const entry = changelog.slice(changelog.indexOf(`## ${next}`), changelog.indexOf(`## ${before}`));
    expect(entry).toMatch(/### Minor Changes\n\n- (\w+: )?Conversation settings no longer accept the type `chatgroup`\./);
    expect(entry).toContain('### API changes\n\nCompared with the');
    expect(entry).toContain("Enum of `ConversationType` lost values: 'chatgroup'. (`enum-values-removed`)");
    expect(changelog.startsWith(`# @agora-chat-push/openapi\n\n## ${next}\n`)).toBe(true);
    for (const pkg of ['client', 'mock', 'cli']) {
      const other = readFileSync(join(clone, 'packages', pkg, 'CHANGELOG.md'), 'utf8');
      expect(other, pkg).toMatch(new RegExp(`^# @agora-chat-push/${pkg}\\n\\n## ${next.replace(/\./g, '\\.')}\\n\\n\\S`));
    }
    expect(lines.join('\n')).toContain(`version-packages: ${before} -> ${next}`);
  }, 300_000);

  it('afterwards the gate passes with nothing pending: the new release folder is the baseline', async () => {
    const result = await runGate({ root: clone });
    expect(result.baseVersion).toBe(nextMinor(before));
    expect(result.needed).toBe('none');
    expect(result.pending.bump).toBe('none');
    expect(result.ok, result.markdown).toBe(true);
  }, 120_000);
});
