// runBulk (packages/client/src/bulk.ts): a task per item of a long list, bounded, with progress, failures
// collected and an abort signal. Each test drives the tasks by hand (deferred promises) or with an injected clock:
// nothing waits on real time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatPushError, createChatPushClient, runBulk, type BulkProgress } from '../../packages/client/src/index.js';
import { deferred, type FaultServer, json, serviceError, settle, startFaultServer, success } from './support.js';

describe('runBulk', () => {
  it('runs every item of an async generator, never more than `concurrency` at once, never reading far ahead', async () => {
    let read = 0;
    let running = 0;
    let most = 0;
    let mostAhead = 0;
    let finished = 0;
    async function* users(): AsyncGenerator<string> {
      for (let i = 0; i < 1_000; i++) {
        read++;
        mostAhead = Math.max(mostAhead, read - finished);
        yield `user${i}`;
      }
    }
    const seen = new Set<string>();
    const result = await runBulk(
      users(),
      async (user) => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setImmediate(r)); // a turn of the event loop, like an answer arriving
        seen.add(user);
        running--;
        finished++;
      },
      { concurrency: 7 },
    );
    expect(seen.size).toBe(1_000);
    expect(most).toBe(7);
    // Read ahead of what finished: at most the tasks running, plus the one being read.
    expect(mostAhead).toBeLessThanOrEqual(8);
    expect(result).toMatchObject({ done: 1_000, succeeded: 1_000, failed: 0, failures: [], stopped: undefined, running: 0 });
  });

  it('holds no more pending promises than `concurrency` for a 100,000-item list', async () => {
    const gates: Array<() => void> = [];
    const job = runBulk(
      {
        [Symbol.iterator]: function* () {
          for (let i = 0; i < 100_000; i++) yield i;
        },
      },
      () => new Promise<void>((resolve) => gates.push(resolve)),
      { concurrency: 5 },
    );
    await settle();
    expect(gates).toHaveLength(5);
    let released = 0;
    while (gates.length > 0 && released < 100_000) {
      gates.shift()!();
      released++;
      if (gates.length === 0) await settle();
    }
    const result = await job;
    expect(result.succeeded).toBe(100_000);
  });

  it('collects each failure with its item and error instead of throwing, and goes on', async () => {
    const boom = new Error('no such user');
    const result = await runBulk(
      ['a', 'b', 'c', 'd'],
      (item) => {
        if (item === 'b') throw boom; // a synchronous throw
        if (item === 'd') return Promise.reject(new TypeError('later'));
        return undefined;
      },
      { concurrency: 2 },
    );
    expect(result.succeeded).toBe(2);
    expect(result.failed).toBe(2);
    expect(result.failures).toEqual([
      { item: 'b', index: 1, error: boom },
      { item: 'd', index: 3, error: expect.any(TypeError) },
    ]);
    expect(result.stopped).toBeUndefined();
  });

  it('reports done, failed and the rate from the clock, at most every progressInterval ms, and once at the end', async () => {
    let t = 0;
    const reports: BulkProgress[] = [];
    const result = await runBulk(
      Array.from({ length: 10 }, (_, i) => i),
      (i) => {
        t += 100; // each item takes 100 ms of the injected clock
        if (i % 5 === 4) throw new Error(`item ${i}`);
      },
      { concurrency: 1, now: () => t, progressInterval: 300, onProgress: (p) => reports.push(p) },
    );
    // Reports at 100 ms (the first), 400, 700, 1000, and the final one at 1000 ms.
    expect(reports.map((r) => r.elapsed)).toEqual([100, 400, 700, 1000, 1000]);
    expect(reports.at(-1)).toEqual({ done: 10, succeeded: 8, failed: 2, cancelled: 0, running: 0, rateLimited: 0, retries: 0, total: 10, rate: 10, elapsed: 1000 });
    expect(reports[1]).toMatchObject({ done: 4, failed: 0, rate: 10 });
    expect(result).toMatchObject({ done: 10, rate: 10, total: 10 });
  });

  it('takes the total from the options when the list cannot say', async () => {
    let last: BulkProgress | undefined;
    await runBulk(
      (function* () {
        yield 1;
        yield 2;
      })(),
      () => undefined,
      { total: 2, onProgress: (p) => (last = p) },
    );
    expect(last).toMatchObject({ total: 2, done: 2 });
    await runBulk(
      (function* () {
        yield 1;
      })(),
      () => undefined,
      { onProgress: (p) => (last = p) },
    );
    expect(last?.total).toBeUndefined();
  });

  it('stops on abort: no new item starts, tasks in flight see the signal, the list is closed', async () => {
    const controller = new AbortController();
    let closed = false;
    let started = 0;
    const seenAborted: boolean[] = [];
    function* ids(): Generator<number> {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    const job = runBulk(
      ids(),
      (_, { signal }) => {
        started++;
        return new Promise<void>((resolve, reject) => {
          signal.addEventListener('abort', () => {
            seenAborted.push(true);
            reject(signal.reason);
          });
          if (started === 3) controller.abort(new Error('user pressed Ctrl-C'));
          else if (started > 3) resolve();
        });
      },
      { concurrency: 3, signal: controller.signal },
    );
    const result = await job;
    expect(started).toBe(3);
    expect(seenAborted).toHaveLength(3);
    expect(closed).toBe(true);
    expect(result.stopped).toBe('aborted');
    // Rejected because the run stopped: cancelled (to run again), not failures of the items.
    expect(result.failures).toEqual([]);
    expect(result.cancellations.map((f) => f.index)).toEqual([0, 1, 2]);
    expect(result).toMatchObject({ failed: 0, cancelled: 3, done: 3 });
  });

  it('does not start anything when the signal has already aborted', async () => {
    let calls = 0;
    const result = await runBulk([1, 2, 3], () => void calls++, { signal: AbortSignal.abort() });
    expect(calls).toBe(0);
    expect(result).toMatchObject({ done: 0, stopped: 'aborted' });
  });

  it('stops after more than maxFailures failures (a wrong token fails every call)', async () => {
    let calls = 0;
    const result = await runBulk(
      Array.from({ length: 1_000 }, (_, i) => i),
      () => {
        calls++;
        throw new Error('401');
      },
      { concurrency: 1, maxFailures: 3 },
    );
    expect(calls).toBe(4);
    expect(result).toMatchObject({ failed: 4, stopped: 'maxFailures' });
  });

  it('rejects with the error of a list that throws, after the tasks in flight finished', async () => {
    const gate = deferred();
    let finished = 0;
    async function* broken(): AsyncGenerator<number> {
      yield 1;
      yield 2;
      await gate.promise;
      throw new Error('the cursor broke');
    }
    const job = runBulk(
      broken(),
      async () => {
        await gate.promise;
        finished++;
      },
      { concurrency: 3 },
    );
    gate.resolve();
    await expect(job).rejects.toThrow('the cursor broke');
    expect(finished).toBe(2);
  });

  it('names the option and the rule for a bad option, and refuses what is not a list', async () => {
    await expect(runBulk([1], () => undefined, { concurrency: 0 })).rejects.toThrow('runBulk: options.concurrency must be an integer >= 1, got 0');
    await expect(runBulk([1], () => undefined, { concurrency: 2.5 })).rejects.toThrow(/options\.concurrency/);
    await expect(runBulk([1], () => undefined, { maxFailures: -1 })).rejects.toThrow(/options\.maxFailures/);
    await expect(runBulk(42 as never, () => undefined)).rejects.toThrow('items must be an iterable or an async iterable');
    await expect(runBulk([1], 'set' as never)).rejects.toThrow('the task must be a function');
  });
});

describe('runBulk with the client', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer((request, res) => {
      const user = /\/users\/([^/]+)\//.exec(request.url)?.[1] ?? '';
      if (user === 'ghost') {
        json(res, 400, serviceError('required_property_not_found', 'no such user', 'x'));
        return;
      }
      json(res, 200, success(request));
    });
  });
  afterAll(() => server.close());

  it('sets DND for 300 users and hands back the one that failed as a ChatPushError', async () => {
    const push = createChatPushClient({ baseUrl: server.url, orgName: 'org', appName: 'app', token: 't', rateLimit: false });
    const users = Array.from({ length: 300 }, (_, i) => (i === 150 ? 'ghost' : `user${i}`));
    const result = await runBulk(users, (user, { signal }) => push.setSilentModeForAll(user, { type: 'NONE', ignoreDuration: 7_200_000 }, { signal }), { concurrency: 20 });
    expect(result.succeeded).toBe(299);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]!.item).toBe('ghost');
    expect(result.failures[0]!.error).toBeInstanceOf(ChatPushError);
    expect((result.failures[0]!.error as ChatPushError).isNotFound).toBe(true);
  });
});

describe('runBulk when onProgress throws', () => {
  it('stops reading the list and rejects with that error once the tasks in flight finished', async () => {
    let calls = 0;
    const job = runBulk(
      Array.from({ length: 1_000 }, (_, i) => i),
      async () => {
        calls++;
        await new Promise((r) => setImmediate(r));
      },
      {
        concurrency: 4,
        progressInterval: 0,
        onProgress: () => {
          throw new Error('the progress bar broke');
        },
      },
    );
    await expect(job).rejects.toThrow('the progress bar broke');
    expect(calls).toBeLessThanOrEqual(8);
  });
});
