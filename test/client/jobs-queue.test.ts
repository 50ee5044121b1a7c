// Waiting in the client's own rate-limit queue (issue 15.1): it does not count in `timeout` by default; an
// optional queue limit fails only calls that were never sent, with their own code and a message that says so.
// Fake timers and performance.now drive the limiter: 1,200 calls at 100/s take 12 s of fake time, no real time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatPushError, createChatPushClient } from '../../packages/client/src/index.js';
import { jsonResponse, successFor } from './support.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

let apps = 0;
/** A client on a fresh App Key (the limiter is shared per App Key in the process) whose `fetch` answers at once. */
function client(extra: Record<string, unknown> = {}) {
  const sent: number[] = [];
  const push = createChatPushClient({
    baseUrl: 'http://127.0.0.1:9',
    orgName: 'org',
    appName: `queue${++apps}`,
    token: 'tok',
    fetch: async (url, init) => {
      sent.push(performance.now());
      return jsonResponse(200, successFor(url, init));
    },
    ...extra,
  });
  return { push, sent };
}

/** Settles every call, advancing fake time a second at a time until none is pending. */
async function settleAll<T>(calls: Promise<T>[], maxSeconds = 60): Promise<PromiseSettledResult<T>[]> {
  let pending = calls.length;
  const all = Promise.allSettled(calls.map((c) => c.finally(() => pending--)));
  for (let s = 0; s < maxSeconds && pending > 0; s++) await vi.advanceTimersByTimeAsync(1_000);
  return all;
}

describe('the rate-limit queue and the timeout', () => {
  it('1,200 calls on one operation with default options all succeed (the queue wait is not in `timeout`)', async () => {
    const { push, sent } = client();
    const calls = Array.from({ length: 1_200 }, (_, i) => push.setSilentModeForAll(`user${i}`, { type: 'NONE' }));
    const results = await settleAll(calls);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed.map((r) => String((r as PromiseRejectedResult).reason)).slice(0, 3)).toEqual([]);
    expect(sent).toHaveLength(1_200);
    // Paced by the limiter: the last one left the queue about 11 s after the first.
    expect(sent.at(-1)! - sent[0]!).toBeGreaterThanOrEqual(11_000);
  });

  it('still times out a call whose answer does not come within `timeout` after it was sent', async () => {
    const push = createChatPushClient({
      baseUrl: 'http://127.0.0.1:9',
      orgName: 'org',
      appName: `queue${++apps}`,
      token: 'tok',
      timeout: 500,
      retry: false,
      fetch: (_url, init) => new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal!.reason))),
    });
    const [result] = await settleAll([push.getSilentModeForAll('user1')], 2);
    const error = (result as PromiseRejectedResult).reason as ChatPushError;
    expect(error).toBeInstanceOf(ChatPushError);
    expect(error.error).toBe('timeout');
  });

  it('with rateLimit.maxQueueWait, fails only the calls never sent, with queue_timeout and the wait in ms', async () => {
    const { push, sent } = client({ rateLimit: { maxQueueWait: 2_500 } });
    const calls = Array.from({ length: 400 }, (_, i) => push.setSilentModeForAll(`user${i}`, { type: 'NONE' }));
    const results = await settleAll(calls);
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const errors = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as ChatPushError);
    // 100 at once, then 100 a second: those sent within 2.5 s succeed; the rest were never sent.
    expect(ok).toBe(sent.length);
    expect(ok).toBeGreaterThanOrEqual(300);
    expect(ok).toBeLessThan(400);
    expect(errors.length).toBe(400 - ok);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ChatPushError);
      expect(error.error).toBe('queue_timeout');
      expect(error.status).toBe(0);
      expect(error.retryable).toBe(true);
      expect(error.message).toBe('setPushSettings failed: queue_timeout: not sent: waited 2500 ms in the rate-limit queue (rateLimit.maxQueueWait)');
    }
  });

  it('says "not sent" when the caller aborts a call still in the queue', async () => {
    const { push } = client();
    const first = Array.from({ length: 100 }, (_, i) => push.getSilentModeForAll(`user${i}`));
    const controller = new AbortController();
    const queued = push.getSilentModeForAll('late', { signal: controller.signal });
    controller.abort();
    const [result] = await settleAll([queued, ...first]);
    const error = (result as PromiseRejectedResult).reason as ChatPushError;
    expect(error.error).toBe('aborted');
    expect(error.message).toContain('not sent');
  });

  it('refuses a maxQueueWait that is not a number >= 0, naming the option', () => {
    expect(() => client({ rateLimit: { maxQueueWait: -1 } })).toThrow(/rateLimit\.maxQueueWait/);
  });
});
