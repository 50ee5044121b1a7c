// The limiter on its own, with fake timers: which requests may start now and which wait, deterministically.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acquireSlot, limiterSize, releaseSlot, type Window } from '../../packages/client/src/limiter.js';
import { createContractValidator, PERIOD_MS } from '@agora-chat-push/openapi';
import { OPERATIONS } from '../../packages/client/src/generated/operations.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

let n = 0;
const fresh = () => `org#app-${++n} budget`;

describe('the rate limiter', () => {
  it('lets the first 100 requests of a budget start at once and queues the 101st until an answer is a period old', async () => {
    const key = fresh();
    const immediate = Array.from({ length: 100 }, () => acquireSlot(key, 1000, 100, undefined));
    expect(immediate.some((slot) => slot instanceof Promise)).toBe(false);
    const queued = acquireSlot(key, 1000, 100, undefined);
    expect(queued).toBeInstanceOf(Promise);
    let claimed = false;
    void (queued as Promise<() => Window>).then((take) => {
      take();
      claimed = true;
    });
    // No answer yet: every slot is still held, however long the requests take.
    await vi.advanceTimersByTimeAsync(5000);
    expect(claimed).toBe(false);
    releaseSlot(immediate[0] as Window);
    await vi.advanceTimersByTimeAsync(999);
    expect(claimed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(claimed).toBe(true);
  });

  it('holds a slot from the send until one period after the answer, so a slow answer delays the next send', async () => {
    const key = fresh();
    const first = acquireSlot(key, 1000, 1, undefined) as Window;
    let sentAt: number | undefined;
    void (acquireSlot(key, 1000, 1, undefined) as Promise<() => Window>).then((take) => {
      take();
      sentAt = performance.now();
    });
    const start = performance.now();
    await vi.advanceTimersByTimeAsync(300); // the first answer takes 300 ms
    releaseSlot(first);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sentAt! - start).toBe(1300);
  });

  it('keeps separate budgets of one App Key apart', () => {
    const a = fresh();
    const b = `${a}-other`;
    // Fills the budget: each of these 100 claims gets a slot at once (no promise to wait for).
    for (let i = 0; i < 100; i++) void acquireSlot(a, 1000, 100, undefined);
    expect(acquireSlot(b, 1000, 100, undefined)).not.toBeInstanceOf(Promise);
    expect(acquireSlot(a, 1000, 100, undefined)).toBeInstanceOf(Promise);
  });

  it('serves queued requests first in, first out, one claim at a time', async () => {
    const key = fresh();
    for (let i = 0; i < 2; i++) releaseSlot(acquireSlot(key, 1000, 2, undefined) as Window);
    const order: number[] = [];
    const waiting = [1, 2, 3].map((i) =>
      (acquireSlot(key, 1000, 2, undefined) as Promise<() => Window>).then((take) => {
        order.push(i);
        releaseSlot(take());
      }),
    );
    await vi.advanceTimersByTimeAsync(1000);
    expect(order).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
  });

  it('a lower limit (rateLimit.share) queues sooner on the same window', () => {
    const key = fresh();
    for (let i = 0; i < 50; i++) expect(acquireSlot(key, 1000, 50, undefined)).not.toBeInstanceOf(Promise);
    // A client keeping to the full limit still has room on the same App Key and budget...
    expect(acquireSlot(key, 1000, 100, undefined)).not.toBeInstanceOf(Promise);
    // ...while one keeping to half of it waits.
    expect(acquireSlot(key, 1000, 50, undefined)).toBeInstanceOf(Promise);
  });

  it('a queued request whose signal aborts rejects and leaves the queue', async () => {
    const key = fresh();
    releaseSlot(acquireSlot(key, 1000, 1, undefined) as Window);
    const controller = new AbortController();
    const aborted = acquireSlot(key, 1000, 1, controller.signal) as Promise<() => Window>;
    const next = acquireSlot(key, 1000, 1, undefined) as Promise<() => Window>;
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    let claimed = false;
    void next.then((take) => {
      take();
      claimed = true;
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(claimed).toBe(true);
  });

  it('forgets App Keys idle for a period: 100,000 App Keys, 1,000 a second, leave a few thousand windows', async () => {
    const before = limiterSize();
    for (let second = 0; second < 100; second++) {
      for (let i = 0; i < 1_000; i++) releaseSlot(acquireSlot(`org#idle-${second}-${i} budget`, 1000, 100, undefined) as Window);
      await vi.advanceTimersByTimeAsync(1000);
    }
    // Only the windows of the last seconds are live; the sweep keeps the map within twice the live ones.
    expect(limiterSize() - before).toBeLessThanOrEqual(4_000);
  });

  it('takes its limits from the description: every operation, its method, path and x-rate-limit', () => {
    // Derived from the bundle, not restated: a generator that drops or mangles a row fails here.
    const validator = createContractValidator();
    expect(Object.keys(OPERATIONS).sort()).toEqual(validator.operations.map((o) => o.operationId).sort());
    for (const op of validator.operations) {
      const { limit, period, budget } = op.rateLimit;
      expect(OPERATIONS[op.operationId as keyof typeof OPERATIONS], op.operationId).toMatchObject({
        method: op.method.toUpperCase(),
        // The table leaves out the leading /{org_name}/{app_name} every path has (bytes in every browser bundle).
        path: op.path.replace('/{org_name}/{app_name}', ''),
        // An operation whose budget is its own name carries ''.
        budget: budget === op.operationId ? '' : budget,
        limit,
        period: PERIOD_MS[period],
      });
    }
    // Setting the push display name and style is one operation of the description, with the shared budget.
    expect(OPERATIONS.updatePushDisplay.budget).toBe('push-display');
  });
});
