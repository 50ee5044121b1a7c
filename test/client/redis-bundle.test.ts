// ioredis is an optional peer of the Node-only subpath `@agora-chat-push/client/redis` alone: the main entry's
// browser bundle (what size-limit measures) never contains it, nor the store's Lua scripts.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientDir } from './support.js';

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ errors: unknown[]; metafile: { inputs: Record<string, unknown> } }>;
}
// esbuild is a devDependency of the client package, resolved from there.
const { build } = createRequire(join(clientDir, 'package.json'))('esbuild') as Esbuild;

const inputsOf = async (entry: string, platform: 'browser' | 'node'): Promise<string[]> => {
  const out = await build({ entryPoints: [join(clientDir, 'src', entry)], bundle: true, platform, format: 'esm', write: false, metafile: true, logLevel: 'silent' });
  expect(out.errors).toEqual([]);
  return Object.keys(out.metafile.inputs);
};

describe('ioredis', () => {
  it('is not in the browser bundle of the main entry', async () => {
    const inputs = await inputsOf('index.ts', 'browser');
    expect(inputs.some((i) => i.includes('openapi-fetch'))).toBe(true); // the bundle is real
    expect(inputs.filter((i) => /ioredis|src\/redis\.ts/.test(i))).toEqual([]);
  });

  it('is in the bundle of the redis subpath (the check above can fail)', async () => {
    const inputs = await inputsOf('redis.ts', 'node');
    expect(inputs.some((i) => i.includes('ioredis'))).toBe(true);
    expect(inputs.some((i) => i.includes('openapi-fetch'))).toBe(false);
  });
});
