// ioredis is an optional peer of the Node-only subpath `@agora-chat-push/client/redis` alone: the main entry's
// browser bundle (what size-limit measures) never contains it, nor the store's Lua scripts.
import { describe, expect, it } from 'vitest';
import { bundleInputs } from './support.js';

describe('ioredis', () => {
  it('is not in the browser bundle of the main entry', async () => {
    const inputs = await bundleInputs('index.ts', 'browser');
    expect(inputs.some((i) => i.includes('openapi-fetch'))).toBe(true); // the bundle is real
    expect(inputs.filter((i) => /ioredis|src\/redis\.ts/.test(i))).toEqual([]);
  });

  it('is in the bundle of the redis subpath (the check above can fail)', async () => {
    const inputs = await bundleInputs('redis.ts', 'node');
    expect(inputs.some((i) => i.includes('ioredis'))).toBe(true);
    expect(inputs.some((i) => i.includes('openapi-fetch'))).toBe(false);
  });
});
