// The pure parts of the release scripts: the 0.x bump rule, the choice of the baseline, the Markdown of
// the changes, and the edits the version command makes to the description and the changelog.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bumpAtLeast, describePointer, neededBump, newestRelease, renderMarkdown, type DiffChange, type DiffReport } from '../../scripts/gate.js';
import { addApiChanges, fillEmptyEntry, setInfoVersion } from '../../scripts/release-version.js';
import { cleanUp, tempDir } from './support.js';

afterAll(cleanUp);

const change = (impact: DiffChange['impact'], extra: Partial<DiffChange> = {}): DiffChange => ({
  path: '#/paths/~1{org_name}~1{app_name}~1notification~1template/post/requestBody/content/application~1json/schema',
  kind: 'modified',
  impact,
  verdicts: [],
  ...extra,
});
const report = (...changes: DiffChange[]): DiffReport => ({
  reportVersion: '1',
  summary: {
    major: changes.filter((c) => c.impact === 'major').length,
    minor: changes.filter((c) => c.impact === 'minor').length,
    patch: changes.filter((c) => c.impact === 'patch').length,
  },
  changes,
});

describe('the bump a description change needs', () => {
  it('in 0.x: a breaking (major) change needs a minor bump, anything else a patch, nothing needs none', () => {
    expect(neededBump(report(change('patch'), change('major')), '0.4.2')).toBe('minor');
    expect(neededBump(report(change('minor')), '0.4.2')).toBe('patch');
    expect(neededBump(report(change('patch')), '0.4.2')).toBe('patch');
    expect(neededBump(report(), '0.4.2')).toBe('none');
  });

  it('from 1.0.0 on: the impact itself', () => {
    expect(neededBump(report(change('major')), '1.0.0')).toBe('major');
    expect(neededBump(report(change('minor'), change('patch')), '2.3.4')).toBe('minor');
  });

  it('a pending bump covers what it equals or exceeds', () => {
    expect(bumpAtLeast('minor', 'minor')).toBe(true);
    expect(bumpAtLeast('major', 'patch')).toBe(true);
    expect(bumpAtLeast('patch', 'minor')).toBe(false);
    expect(bumpAtLeast('none', 'patch')).toBe(false);
    expect(bumpAtLeast('none', 'none')).toBe(true);
  });
});

describe('the baseline', () => {
  it('is the newest release folder by version, not by name', () => {
    const dir = tempDir('releases-');
    for (const v of ['0.9.0', '0.10.0', '0.2.1', 'notes']) {
      mkdirSync(join(dir, v));
      writeFileSync(join(dir, v, 'openapi.yaml'), 'openapi: 3.1.0\n');
    }
    expect(newestRelease(dir)).toEqual({ version: '0.10.0', bundle: join(dir, '0.10.0', 'openapi.yaml') });
  });

  it('is an error, named, when there is no release folder or it has no bundle', () => {
    const dir = tempDir('releases-');
    expect(() => newestRelease(dir)).toThrow(/no release folder \(x\.y\.z\/\) in .*: the baseline of the gate is missing/);
    mkdirSync(join(dir, '1.0.0'));
    expect(() => newestRelease(dir)).toThrow(/1\.0\.0\/openapi\.yaml is missing/);
  });
});

describe('the Markdown of the changes', () => {
  it('names the operation, the part of it and the field for a pointer', () => {
    expect(describePointer('#/paths/~1a~1{b}/post/requestBody/content/application~1json/schema/properties/x/properties/y')).toBe('`POST /a/{b}` · request body · `x.y`');
    expect(describePointer('#/paths/~1a/get/responses/200/content/application~1json/schema/properties/data/properties/list/items')).toBe('`GET /a` · 200 answer · `data.list[]`');
    expect(describePointer('#/info/description')).toBe('info/description');
    const document = { paths: { '/a/{t}': { parameters: [{ $ref: '#/components/parameters/T' }] } }, components: { parameters: { T: { name: 't', in: 'path' } } } };
    expect(describePointer('#/paths/~1a~1{t}/parameters/0/schema', document)).toBe('`/a/{t}` · path parameter `t`');
  });

  it('lists breaking changes first, escapes table cells, and says when nothing changed', () => {
    const markdown = renderMarkdown(
      report(
        change('minor', { kind: 'added', path: '#/paths/~1a/get/responses/200/content/application~1json/schema/properties/z' }),
        change('major', {
          property: 'required',
          verdicts: [{ ruleId: 'required-properties-added', impact: 'major', message: 'a | b became required' }],
          revision: { pointer: '#/components/schemas/X/required' },
        }),
      ),
      '0.3.0',
    );
    const rows = markdown.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Impact') && !line.startsWith('| ---'));
    expect(rows[0]).toBe(
      '| 🔴 major (breaking) | modified | `POST /{org_name}/{app_name}/notification/template` · request body · `required` | a \\| b became required (`required-properties-added`) in `#/components/schemas/X/required` |',
    );
    expect(rows[1]).toMatch(/^\| 🟢 minor \| added \| `GET \/a` · 200 answer · `z` \|/);
    expect(markdown).toContain('Compared with the 0.3.0 description (`redocly diff`, diff-recommended rules): **1** major (breaking) · **1** minor · **0** patch.');
    expect(renderMarkdown(report(), '0.3.0')).toBe('None: the description is the same as in 0.3.0.\n');
  });
});

describe('the edits of the version command', () => {
  const SOURCE = 'openapi: 3.1.0\ninfo:\n  title: T\n  x-meta:\n    version: 5\n  version: 0.1.0\n  summary: S  # version: 9\npaths: {}\nx-version:\n  version: 7\n';

  it('sets info.version and changes no other byte', () => {
    expect(setInfoVersion(SOURCE, '0.2.0')).toBe(SOURCE.replace('  version: 0.1.0', '  version: 0.2.0'));
  });

  it('refuses a description whose info has no version line, naming what it looked for', () => {
    expect(() => setInfoVersion('openapi: 3.1.0\ninfo:\n  title: T\npaths: {}\nversion: 1\n', '0.2.0')).toThrow('no "  version:" line directly under "info:"');
  });

  const CHANGELOG = '# @agora-chat-push/openapi\n\n## 0.2.0\n\n### Minor Changes\n\n- abc1234: Narrowed.\n\n## 0.1.0\n\n### Minor Changes\n\n- First.\n';

  it('puts "API changes" at the end of the new entry, before the previous version', () => {
    expect(addApiChanges(CHANGELOG, '0.2.0', 'The table.\n')).toBe(
      '# @agora-chat-push/openapi\n\n## 0.2.0\n\n### Minor Changes\n\n- abc1234: Narrowed.\n\n### API changes\n\nThe table.\n\n## 0.1.0\n\n### Minor Changes\n\n- First.\n',
    );
    expect(() => addApiChanges(CHANGELOG, '0.3.0', 'x')).toThrow('no "## 0.3.0" entry');
  });

  it('says why a package with no change of its own has a new version, and leaves a filled entry alone', () => {
    const empty = '# @agora-chat-push/client\n\n## 0.2.0\n\n## 0.1.0\n\n- First.\n';
    expect(fillEmptyEntry(empty, '0.2.0')).toBe(
      '# @agora-chat-push/client\n\n## 0.2.0\n\n- No change of its own: released with description 0.2.0, as the packages share one version.\n\n## 0.1.0\n\n- First.\n',
    );
    expect(fillEmptyEntry(CHANGELOG, '0.2.0')).toBe(CHANGELOG);
  });
});
