/**
 * `@agora-chat-push/client/redis` (Node only): a rate-limit store on Redis, so that every process calling the
 * service with one App Key (replicas, job workers, serverless instances) keeps the documented limit
 * together. It is a subpath of its own, and `ioredis` an optional peer dependency, so that the main entry and
 * browser bundles never load a Redis client.
 *
 * ```ts
 * import { createChatPushClient } from '@agora-chat-push/client';
 * import { createRedisRateLimitStore } from '@agora-chat-push/client/redis';
 * const store = createRedisRateLimitStore({ url: process.env.REDIS_URL });
 * const push = createChatPushClient({ baseUrl, orgName, appName, token, rateLimit: { store } });
 * // ... at shutdown
 * await store.close();
 * ```
 *
 * The rule is the in-process limiter's, kept atomically by Lua scripts on Redis's own clock (`TIME`), so that
 * the clocks of the processes do not matter: a request holds a slot (a member of a sorted set per App Key and
 * budget, scored with the time it frees) from right before it is sent until one period after its answer
 * arrived; at most `limit` slots are held at once. The service counts a request between its sending and its
 * answer, so however its windows are aligned (the service's, and the sandbox's fixed windows that open at the
 * first request), at most `limit` requests of all the processes fall in any of them.
 *
 * A slot in flight holds a lease (`lease`, renewed every third of it while the request runs): when a process
 * dies mid-request, its slots free themselves when the lease runs out, not never.
 * @packageDocumentation
 */
import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { OPERATIONS } from './generated/operations.js';
import type { RateLimitBudget, RateLimitSlot, RateLimitStore } from './store.js';

export type { RateLimitBudget, RateLimitSlot, RateLimitStore } from './store.js';

/** The options of {@link createRedisRateLimitStore}: `redis` or `url`. */
export interface RedisRateLimitStoreOptions {
  /** A connected ioredis client to use (the store never closes it). Not with `url`. */
  redis?: Redis | undefined;
  /** A Redis URL (`redis://127.0.0.1:6379/0`): the store opens its own connection, closed by `close()`. Not with `redis`. */
  url?: string | undefined;
  /**
   * The prefix of the store's keys (one sorted set per App Key and budget). Default `agora-chat-push:rate:`.
   * Processes share a budget when they use the same prefix on the same Redis.
   */
  prefix?: string | undefined;
  /**
   * How long a slot of a request in flight is held without news from its process, in ms (renewed every third of
   * it while the request runs). When a process dies mid-request its slots free after at most this long. At
   * least twice the longest period of the description (2,000 ms). Default `5000`.
   */
  lease?: number | undefined;
  /** The longest wait between two tries of a queued request, in ms (a slot freed early by an answer is seen by then). Default `50`. */
  pollInterval?: number | undefined;
}

/** The store: pass it as `rateLimit: { store }`; `close()` at shutdown. */
export interface RedisRateLimitStore extends RateLimitStore {
  /** Stops the lease renewals; closes the connection the store opened (`url`), never one it was given (`redis`). */
  close(): Promise<void>;
}

/** Redis's clock, in ms, inside a script (Redis 5+ replicates the effects of scripts, so TIME is allowed). */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS[1] the budget's sorted set; ARGV limit, period, slot id, lease. Frees the slots whose time has come;
 * takes one when fewer than `limit` are held (returns 0), else returns the ms until the one that would make
 * room frees (a held slot of a request in flight may free earlier, when its answer arrives).
 */
const ACQUIRE = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local limit = tonumber(ARGV[1])
local held = redis.call('ZCARD', KEYS[1])
if held < limit then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]) + tonumber(ARGV[2]))
  return 0
end
local nth = redis.call('ZRANGE', KEYS[1], held - limit, held - limit, 'WITHSCORES')
return math.max(1, tonumber(nth[2]) - now)`;

/**
 * KEYS[1]; ARGV slot id, period, lease. The answer arrived: the slot frees one period from now. (Added again if
 * its lease had run out: the request was counted all the same.)
 */
const RELEASE = `${NOW}
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + tonumber(ARGV[2]))
return 1`;

/** KEYS[1]; ARGV lease, slot ids: renews the leases of requests still in flight (only slots still held). */
const RENEW = `${NOW}
local until_ = now + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', until_, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 2)
return 1`;

/** KEYS[1]; ARGV slot id: a slot taken for a request that was not sent after all (aborted meanwhile). */
const CANCEL = `return redis.call('ZREM', KEYS[1], ARGV[1])`;

interface Script {
  lua: string;
  sha: string;
}
const script = (lua: string): Script => ({ lua, sha: createHash('sha1').update(lua).digest('hex') });
const SCRIPTS = { acquire: script(ACQUIRE), release: script(RELEASE), renew: script(RENEW), cancel: script(CANCEL) };

/** The shortest lease: twice the longest period of the description's rate limits (a second each today: 2,000 ms). */
const MIN_LEASE = 2 * Math.max(...Object.values(OPERATIONS).map((operation) => operation.period));

interface Waiter {
  limit: number;
  signal: AbortSignal | undefined;
  resolve: (slot: RateLimitSlot) => void;
  reject: (reason: unknown) => void;
  onAbort: () => void;
}

interface Budget {
  key: string;
  period: number;
  queue: Waiter[];
  pumping: boolean;
  /** Slots of requests in flight (taken, not released): their leases are renewed. */
  inflight: Set<string>;
}

function checkOptions(options: RedisRateLimitStoreOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createRedisRateLimitStore: pass the options { redis } or { url }, and optionally prefix, lease, pollInterval');
  }
  const { redis, url, prefix, lease, pollInterval } = options;
  if ((redis === undefined) === (url === undefined)) {
    throw new TypeError('createRedisRateLimitStore: pass either options.redis (an ioredis client) or options.url (redis://...), not both, not neither');
  }
  if (url !== undefined && !(typeof url === 'string' && /^rediss?:\/\//.test(url))) {
    throw new TypeError(
      `createRedisRateLimitStore: options.url must be a redis:// or rediss:// URL, got ${typeof url === 'string' ? JSON.stringify(url.replace(/\/\/[^@/]*@/, '//[redacted]@')) : typeof url}`,
    );
  }
  if (redis !== undefined && typeof (redis as { evalsha?: unknown }).evalsha !== 'function') {
    throw new TypeError('createRedisRateLimitStore: options.redis must be an ioredis client (new Redis(...))');
  }
  if (prefix !== undefined && typeof prefix !== 'string') throw new TypeError(`createRedisRateLimitStore: options.prefix must be a string, got ${typeof prefix}`);
  if (lease !== undefined && !(Number.isInteger(lease) && lease >= MIN_LEASE)) {
    throw new RangeError(`createRedisRateLimitStore: options.lease must be an integer of ms >= ${MIN_LEASE} (twice the longest period), got ${String(lease)}`);
  }
  if (pollInterval !== undefined && !(Number.isInteger(pollInterval) && pollInterval >= 1)) {
    throw new RangeError(`createRedisRateLimitStore: options.pollInterval must be an integer of ms >= 1, got ${String(pollInterval)}`);
  }
}

/**
 * Creates a rate-limit store on Redis for `rateLimit: { store }` of the client. Bad options throw here, naming
 * the option. A call whose slot cannot be had because Redis does not answer rejects with `client_error`
 * ("the rate-limit store failed (not sent)"), never sent.
 */
export function createRedisRateLimitStore(options: RedisRateLimitStoreOptions): RedisRateLimitStore {
  checkOptions(options);
  const prefix = options.prefix ?? 'agora-chat-push:rate:';
  const lease = options.lease ?? 5_000;
  const pollInterval = options.pollInterval ?? 50;
  const own = options.redis === undefined;
  // An own connection fails a command after one reconnection attempt instead of queueing it for long: the call
  // then says the store failed, rather than hanging in the rate-limit queue.
  const redis = options.redis ?? new Redis(options.url as string, { maxRetriesPerRequest: 1, lazyConnect: false });
  // A connection error reaches each call as its rejection ("the rate-limit store failed (not sent)"); without a
  // listener ioredis would also print every reconnection attempt's error on the console.
  if (own) redis.on('error', () => undefined);
  const instance = randomUUID();
  let seq = 0;
  const budgets = new Map<string, Budget>();
  let renewTimer: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const run = async (s: Script, key: string, args: (string | number)[]): Promise<unknown> => {
    try {
      return await redis.evalsha(s.sha, 1, key, ...args);
    } catch (error) {
      if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
      return redis.eval(s.lua, 1, key, ...args);
    }
  };

  const renew = (): void => {
    let any = false;
    for (const b of budgets.values()) {
      if (b.inflight.size === 0) continue;
      any = true;
      run(SCRIPTS.renew, b.key, [lease, ...b.inflight]).catch(() => undefined);
    }
    if (!any) {
      clearInterval(renewTimer);
      renewTimer = undefined;
    }
  };

  const grant = (b: Budget, id: string): RateLimitSlot => {
    b.inflight.add(id);
    if (!renewTimer) {
      renewTimer = setInterval(renew, Math.floor(lease / 3));
      renewTimer.unref?.();
    }
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        b.inflight.delete(id);
        // On a failure the lease frees the slot (later than one period after the answer: the safe side).
        run(SCRIPTS.release, b.key, [id, b.period, lease]).catch(() => undefined);
      },
    };
  };

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  /** Serves the budget's queue in order: one try at a time for the first waiter, polling while it is full. */
  const pump = async (b: Budget): Promise<void> => {
    if (b.pumping) return;
    b.pumping = true;
    try {
      while (b.queue.length > 0 && !closed) {
        const waiter = b.queue[0] as Waiter;
        const id = `${instance}:${++seq}`;
        let wait: number;
        try {
          wait = Number(await run(SCRIPTS.acquire, b.key, [waiter.limit, b.period, id, lease]));
        } catch (error) {
          // Redis failed: this waiter learns it; the next one tries again.
          if (b.queue[0] === waiter) b.queue.shift();
          waiter.signal?.removeEventListener('abort', waiter.onAbort);
          waiter.reject(new Error(`Redis did not answer (is it running, and is the URL right?): ${(error as Error)?.message ?? String(error)}`, { cause: error }));
          continue;
        }
        if (wait === 0) {
          if (b.queue[0] === waiter) {
            b.queue.shift();
            waiter.signal?.removeEventListener('abort', waiter.onAbort);
            waiter.resolve(grant(b, id));
          } else {
            // It aborted while its slot was being taken: give the slot back at once (never sent).
            run(SCRIPTS.cancel, b.key, [id]).catch(() => undefined);
          }
          continue;
        }
        await sleep(Math.min(Math.max(1, wait), pollInterval));
      }
    } finally {
      b.pumping = false;
    }
  };

  return {
    acquire({ key, limit, period }: RateLimitBudget, signal?: AbortSignal): Promise<RateLimitSlot> {
      if (closed) return Promise.reject(new Error('the Redis rate-limit store is closed'));
      if (signal?.aborted) return Promise.reject(signal.reason);
      const redisKey = `${prefix}${key}`;
      let b = budgets.get(redisKey);
      if (!b) budgets.set(redisKey, (b = { key: redisKey, period, queue: [], pumping: false, inflight: new Set() }));
      const budget = b;
      return new Promise<RateLimitSlot>((resolve, reject) => {
        const waiter: Waiter = {
          limit,
          signal,
          resolve,
          reject,
          onAbort: () => {
            const i = budget.queue.indexOf(waiter);
            if (i >= 0) budget.queue.splice(i, 1);
            reject(signal?.reason);
          },
        };
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
        budget.queue.push(waiter);
        void pump(budget);
      });
    },
    async close() {
      closed = true;
      clearInterval(renewTimer);
      renewTimer = undefined;
      for (const b of budgets.values()) {
        for (const waiter of b.queue.splice(0)) waiter.reject(new Error('the Redis rate-limit store was closed'));
      }
      if (own) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
