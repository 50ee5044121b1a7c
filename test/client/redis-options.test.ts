// The Redis store's options are checked when it is created (the option named), and a store that cannot reach
// Redis makes a call fail as "not sent", never sent, instead of hanging or passing as a network error.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ChatPushError, createChatPushClient } from '../../packages/client/src/index.js';
import { createRedisRateLimitStore } from '../../packages/client/src/redis.js';
import { json, serveInTest, success } from './support.js';

/** A loopback port nobody listens on. */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('createRedisRateLimitStore options', () => {
  it.each([
    [{}, /either options.redis .* or options.url/],
    [{ url: 'redis://x', redis: {} }, /either options.redis/],
    [{ url: 'http://127.0.0.1:6379' }, /options.url must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ redis: { get: () => 1 } }, /options.redis must be an ioredis client/],
    [{ url: 'redis://127.0.0.1:1', lease: 500 }, /options.lease must be an integer of ms >= 2000/],
    [{ url: 'redis://127.0.0.1:1', pollInterval: 0 }, /options.pollInterval must be an integer of ms >= 1/],
    [{ url: 'redis://127.0.0.1:1', prefix: 3 }, /options.prefix must be a string/],
  ])('%j is refused with the option named', (options, message) => {
    expect(() => createRedisRateLimitStore(options as never)).toThrow(message);
  });

  it('never shows the password of a URL in its error', () => {
    expect(() => createRedisRateLimitStore({ url: 'http://user:s3cret@host' })).toThrow(/\[redacted\]/);
    expect(() => createRedisRateLimitStore({ url: 'http://user:s3cret@host' })).not.toThrow(/s3cret/);
  });

  it('the client refuses a store without acquire()', () => {
    expect(() => createChatPushClient({ baseUrl: 'http://127.0.0.1:1', orgName: 'o', appName: 'a', token: 't', rateLimit: { store: {} as never } })).toThrow(
      /options.rateLimit.store must have acquire/,
    );
  });
});

describe('a store that cannot reach Redis', () => {
  it('fails the call with client_error "the rate-limit store failed (not sent)", and nothing is sent', async () => {
    const server = await serveInTest((req, res) => json(res, 200, success(req)));
    const store = createRedisRateLimitStore({ url: `redis://127.0.0.1:${await closedPort()}` });
    try {
      const push = createChatPushClient({ baseUrl: server.url, orgName: 'o', appName: 'a', token: 't', rateLimit: { store } });
      const error = await push.setSilentModeForAll('user1', { type: 'NONE' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChatPushError);
      expect(error).toMatchObject({ status: 0, error: 'client_error', retryable: true });
      expect((error as ChatPushError).error_description).toMatch(
        /^the rate-limit store failed \(not sent\): Error: Redis did not answer \(is it running, and is the URL right\?\): .*(ECONNREFUSED|max retries)/,
      );
      expect(server.requests).toHaveLength(0);
    } finally {
      await store.close();
    }
  }, 20_000);
});
