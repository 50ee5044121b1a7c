// @agora-chat-push/openapi is publishable: publint finds nothing, and the packed files are the ones its
// README promises (the bundle in YAML and JSON, the errata, the extensions, the validator).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { publint } from 'publint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/description.js';

const pkgDir = join(repoRoot, 'packages', 'openapi');

describe('@agora-chat-push/openapi', () => {
  it('passes publint with no message, suggestions included', async () => {
    const { messages } = await publint({ pkgDir, level: 'suggestion', strict: true, pack: 'npm' }); // 'npm': pnpm is not on PATH inside vitest
    expect(messages).toEqual([]);
  });

  it('packs the bundle, the errata, the extensions, the validator and the README', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: pkgDir, encoding: 'utf8' });
    const [{ files, name }] = JSON.parse(out) as [{ name: string; files: { path: string }[] }];
    expect(name).toBe('@agora-chat-push/openapi');
    const paths = files.map((f) => f.path);
    for (const file of [
      'dist/openapi.yaml',
      'dist/openapi.json',
      'dist/ERRATA.md',
      'dist/EXTENSIONS.md',
      'dist/workflows/push-settings.arazzo.yaml',
      'dist/index.js',
      'dist/index.d.ts',
      'README.md',
      'package.json',
    ]) {
      expect(paths).toContain(file);
    }
  });

  it('resolves its documented entry points through package exports', async () => {
    const { createRequire } = await import('node:module');
    const require = createRequire(join(repoRoot, 'package.json'));
    for (const entry of ['openapi.yaml', 'openapi.json', 'ERRATA.md', 'EXTENSIONS.md', 'workflows/push-settings.arazzo.yaml', 'package.json']) {
      expect(require.resolve(`@agora-chat-push/openapi/${entry}`)).toContain(join('packages', 'openapi'));
    }
    const mod = await import('@agora-chat-push/openapi');
    expect(typeof mod.createContractValidator).toBe('function');
  });
});
