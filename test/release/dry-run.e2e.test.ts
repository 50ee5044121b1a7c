// release:dry-run (scripts/release-dry-run.ts) on a working tree with a pending breaking change and its
// changeset: the four tarballs at the next minor version, clean for publint and attw, installed with npm into
// a fresh project where the smoke program (client and the agora-chat-push command against the mock bin, validator on the bundle) passes.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyRepository } from '../../scripts/release-copy.js';
import { releaseDryRun } from '../../scripts/release-dry-run.js';
import { breakTheDescription, cleanUp, nextMinor, readJson, setChangesets, track } from './support.js';

afterAll(cleanUp);

describe('release:dry-run', () => {
  it('packs, checks, installs and smoke-tests the public packages at the next version, and publishes nothing', async () => {
    const source = track(copyRepository());
    const before = readJson<{ version: string }>(join(source, 'packages', 'openapi', 'package.json')).version;
    const next = nextMinor(before);
    // A request narrowed, and the changeset that covers it.
    breakTheDescription(source);
    setChangesets(source, [{ '@agora-chat-push/openapi': 'minor' }]);

    const lines: string[] = [];
    const result = await releaseDryRun({ source, log: (line) => lines.push(line) });
    const output = lines.join('\n');

    expect(result.versioned).toBe(next);
    expect(result.packages.map((p) => `${p.name}@${p.version}`).sort()).toEqual(
      ['@agora-chat-push/cli', '@agora-chat-push/client', '@agora-chat-push/mock', '@agora-chat-push/openapi'].map((name) => `${name}@${next}`),
    );
    const files = Object.fromEntries(result.packages.map((p) => [p.name, p.files.map((f) => f.path)]));
    expect(files['@agora-chat-push/openapi']).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/openapi.yaml', 'dist/openapi.json', 'dist/index.js', 'dist/index.d.ts']));
    expect(files['@agora-chat-push/mock']).toEqual(expect.arrayContaining(['dist/bin.js', 'dist/index.d.ts']));
    expect(files['@agora-chat-push/client']).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts']));
    expect(files['@agora-chat-push/cli']).toEqual(expect.arrayContaining(['dist/bin.js', 'README.md']));
    for (const p of result.packages)
      expect(
        p.files.every((f) => f.size > 0 || f.path.endsWith('.d.ts')),
        p.name,
      ).toBe(true);

    // The smoke program ran against the packed packages at the new version (info.version included).
    expect(JSON.parse(result.smoke)).toMatchObject({ version: next, template: 'test7', answerIssues: 0, cli: { data: { language: expect.any(String) } } });
    for (const name of ['openapi', 'client', 'mock', 'cli']) expect(output).toContain(`release:dry-run: @agora-chat-push/${name}@${next}: publint and attw clean`);
    expect(output).toMatch(new RegExp(`Would publish \\(nothing was published\\):\\n  @agora-chat-push/\\w+@${next.replace(/\./g, '\\.')}  \\d+ files, [\\d.]+ KiB packed, [\\d.]+ KiB unpacked`));
    // The working tree it released from is untouched: versions are applied in the throw-away copy only.
    expect(readJson<{ version: string }>(join(source, 'packages', 'client', 'package.json')).version).toBe(before);
  }, 900_000);
});
