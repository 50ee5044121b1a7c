/**
 * The client-side rate limiter: a sliding-window log per App Key and rate-limit budget, shared by every
 * client of the process (or browser tab). At most `limit` requests start in any window of `period` ms;
 * a request over the limit waits in a FIFO queue instead of failing.
 */

interface Waiter {
  limit: number;
  go: () => void;
  signal: AbortSignal | undefined;
  abort: () => void;
}

interface Window {
  capacity: number;
  period: number;
  /** Start times (ms) of the requests of the last period, a ring buffer of `capacity` slots from `head`. */
  times: number[];
  head: number;
  size: number;
  queue: Waiter[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

const windows = new Map<string, Window>();

/** Takes a slot now and returns 0, or returns how long (ms) until one is free. */
function take(w: Window, limit: number): number {
  const now = performance.now();
  while (w.size > 0 && (w.times[w.head] as number) <= now - w.period) {
    w.head = (w.head + 1) % w.capacity;
    w.size--;
  }
  if (w.size < limit) {
    w.times[(w.head + w.size++) % w.capacity] = now;
    return 0;
  }
  return (w.times[(w.head + w.size - limit) % w.capacity] as number) + w.period - now;
}

/** Lets queued requests start, in order, as slots free up. */
function drain(w: Window): void {
  w.timer = undefined;
  for (let waiter: Waiter | undefined; (waiter = w.queue[0]); ) {
    const wait = take(w, waiter.limit);
    if (wait > 0) {
      w.timer = setTimeout(drain, Math.ceil(wait), w);
      return;
    }
    w.queue.shift();
    waiter.go();
  }
}

/**
 * Waits (if needed) until a request of this App Key and budget may start. On the fast path it takes the slot
 * and returns `undefined` (no promise, no tick). Rejects with the signal's reason if it aborts while waiting.
 * @param key - the App Key and the budget
 * @param capacity - the documented limit of the budget (`x-rate-limit.limit`)
 * @param period - the period of the limit, in ms
 * @param limit - the limit this client keeps to (at most `capacity`)
 * @internal
 */
export function acquireSlot(
  key: string,
  capacity: number,
  period: number,
  limit: number,
  signal: AbortSignal | undefined,
): Promise<void> | undefined {
  let w = windows.get(key);
  if (!w) windows.set(key, (w = { capacity, period, times: [], head: 0, size: 0, queue: [], timer: undefined }));
  const win = w;
  limit = Math.min(limit, capacity);
  if (win.queue.length === 0 && take(win, limit) === 0) return undefined;
  return new Promise<void>((resolve, reject) => {
    const waiter: Waiter = {
      limit,
      signal,
      go: () => {
        signal?.removeEventListener('abort', waiter.abort);
        resolve();
      },
      abort: () => {
        const i = win.queue.indexOf(waiter);
        if (i >= 0) win.queue.splice(i, 1);
        reject(signal?.reason);
      },
    };
    if (signal?.aborted) return waiter.abort();
    signal?.addEventListener('abort', waiter.abort);
    win.queue.push(waiter);
    if (win.timer === undefined) drain(win);
  });
}
