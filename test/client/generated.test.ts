// The committed generated files of packages/client (openapi-typescript's types and the operation table with
// the rate limits) must match what the current bundle generates: the test fails when they are stale.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate, generatedDir, operationsSource } from '../../packages/client/scripts/generate.js';
import { staleGeneratedFiles } from '../../scripts/check-generated.js';
import { repoRoot } from './support.js';

describe('generated files of the client', () => {
  it('src/generated/openapi.ts and operations.ts are what the current bundle generates', async () => {
    const fresh = await generate();
    for (const [name, text] of Object.entries(fresh)) {
      const committed = readFileSync(join(generatedDir, name), 'utf8');
      // On failure: run `npx -y pnpm@12.4.2 --filter @agora-chat-push/client generate` and commit.
      expect(committed, `src/generated/${name} is stale`).toBe(text);
    }
  }, 60_000);

  it('the check can fail: a changed x-rate-limit in the description changes operations.ts', () => {
    const description = JSON.parse(readFileSync(join(repoRoot, 'packages', 'openapi', 'dist', 'openapi.json'), 'utf8'));
    const committed = readFileSync(join(generatedDir, 'operations.ts'), 'utf8');
    expect(operationsSource(description)).toBe(committed);
    description.paths['/{org_name}/{app_name}/users/{username}'].put['x-rate-limit'].limit = 50;
    expect(operationsSource(description)).not.toBe(committed);
  });

  it('the pre-build check (scripts/check-generated.ts, run by the test command before the build) names a stale file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'generated-'));
    try {
      cpSync(generatedDir, dir, { recursive: true });
      const fresh = await generate();
      expect(await staleGeneratedFiles(dir, fresh)).toEqual([]);
      const file = join(dir, 'operations.ts');
      writeFileSync(file, readFileSync(file, 'utf8').replace('budget: "push-display", limit: 100', 'budget: "push-display", limit: 50'));
      expect(await staleGeneratedFiles(dir, fresh)).toEqual(['operations.ts']);
      rmSync(join(dir, 'openapi.ts'));
      expect(await staleGeneratedFiles(dir, fresh)).toEqual(['openapi.ts', 'operations.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses an operation without a usable x-rate-limit', () => {
    const description = JSON.parse(readFileSync(join(repoRoot, 'packages', 'openapi', 'dist', 'openapi.json'), 'utf8'));
    delete description.paths['/{org_name}/{app_name}/notification/template'].post['x-rate-limit'];
    expect(() => operationsSource(description)).toThrow(/createPushTemplate: x-rate-limit/);
  });

  it('the types export paths, components and operations for every operation of the description', () => {
    const types = readFileSync(join(generatedDir, 'openapi.ts'), 'utf8');
    for (const name of ['export interface paths', 'export interface components', 'export interface operations']) {
      expect(types).toContain(name);
    }
    for (const op of ['updatePushDisplay', 'setPushSettings', 'getPushSettings', 'setPushLanguage', 'getPushLanguage', 'createPushTemplate', 'getPushTemplate', 'deletePushTemplate']) {
      expect(types).toContain(`    ${op}: {`);
    }
  });
});
