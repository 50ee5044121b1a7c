// The shared rate-limit store on Redis (@agora-chat-push/client/redis) against a real redis-server (Debian's,
// started by scripts/redis.ts on a free loopback port) and the sandbox at the documented limit (100 calls/s per
// App Key and budget, fixed windows opened by the first call). Clients with stores of their own connections
// stand for processes: without a store each would keep 100/s for itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startSandbox } from '@agora-chat-push/mock';
import { createChatPushClient, runBulk } from '../../packages/client/src/index.js';
import { createRedisRateLimitStore, type RedisRateLimitStore } from '../../packages/client/src/redis.js';
import { type RunningRedis, startRedis } from '../../scripts/redis.js';

let redis: RunningRedis;
let sandbox: Awaited<ReturnType<typeof startSandbox>>;
const lines: string[] = [];
const stores: RedisRateLimitStore[] = [];

beforeAll(async () => {
  redis = await startRedis();
  sandbox = await startSandbox({ log: (line) => lines.push(line) });
});
afterAll(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await sandbox?.close();
  await redis?.stop();
});

const store = (prefix: string, options: { lease?: number } = {}): RedisRateLimitStore => {
  const s = createRedisRateLimitStore({ url: redis.url, prefix, ...options });
  stores.push(s);
  return s;
};

describe('the Redis rate-limit store', () => {
  it('keeps 4 clients with their own connections on one App Key within the sandbox limit: 0 x 429, every call done', async () => {
    lines.length = 0;
    const clients = Array.from({ length: 4 }, () =>
      createChatPushClient({
        baseUrl: sandbox.url,
        orgName: 'org',
        appName: 'shared',
        token: 't',
        // No retry: a 429 would show as a failure, not be hidden by a retry.
        retry: false,
        rateLimit: { store: store('t1:') },
      }),
    );
    const results = await Promise.all(
      clients.map((push, k) =>
        runBulk(
          Array.from({ length: 60 }, (_, i) => `user${k}_${i}`),
          (user, context) => push.setSilentModeForAll(user, { type: 'NONE' }, context),
          { concurrency: 40 },
        ),
      ),
    );
    for (const result of results) expect(result).toMatchObject({ succeeded: 60, failed: 0, rateLimited: 0 });
    expect(lines.filter((l) => / 429 /.test(l))).toEqual([]);
    expect(lines.filter((l) => /^PUT .* 200 /.test(l))).toHaveLength(240);
  }, 60_000);

  it('the sandbox does enforce the limit these tests rely on: 150 calls in one window draw 50 x 429', async () => {
    // (Processes without the store, each with its own in-process limiter, are measured in the benchmark: here
    // every client shares this process's limiter.) A sandbox whose clock stands still keeps every call in one
    // window, however slowly a busy machine serves them.
    const frozen = await startSandbox({ now: () => 1_000_000 });
    try {
      const push = createChatPushClient({ baseUrl: frozen.url, orgName: 'org', appName: 'nostore', token: 't', retry: false, rateLimit: false });
      const result = await runBulk(
        Array.from({ length: 150 }, (_, i) => `user${i}`),
        (user, context) => push.setSilentModeForAll(user, { type: 'NONE' }, context),
        { concurrency: 150 },
      );
      expect(result).toMatchObject({ succeeded: 100, failed: 50, rateLimited: 50 });
    } finally {
      await frozen.close();
    }
  }, 60_000);

  it('frees the slots of a process that died mid-request once their lease runs out', async () => {
    const dead = store('t3:', { lease: 2_000 });
    // 100 slots taken and never released: a process killed with 100 requests in flight.
    const budget = { key: 'org#app setPushSettings', limit: 100, period: 1_000 };
    for (let i = 0; i < 100; i++) await dead.acquire(budget);
    await dead.close(); // stops its lease renewals, as a death would
    // Right after the death its slots are still held (a request in flight may still be counted by the service) ...
    const client = new Redis(redis.url);
    try {
      expect(await client.zcard(`t3:${budget.key}`)).toBe(100);
    } finally {
      client.disconnect();
    }
    // ... and they free themselves when their lease runs out: a live process gets a slot (not never).
    const alive = store('t3:', { lease: 2_000 });
    const started = performance.now();
    const slot = await alive.acquire(budget);
    slot.release();
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 30_000);

  it('keeps no key without a slot: each budget key expires (PEXPIRE) after its last slot freed', async () => {
    const s = store('t4:');
    const slot = await s.acquire({ key: 'org#app x', limit: 10, period: 1_000 });
    slot.release();
    const client = new Redis(redis.url);
    try {
      const ttl = await client.pttl('t4:org#app x');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(6_000);
    } finally {
      client.disconnect();
    }
  });
});
