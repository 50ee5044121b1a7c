/**
 * The client-side rate limiter: a sliding-window log per App Key and rate-limit budget, shared by every
 * client of the process (or browser tab). At most `limit` requests are sent in any window of `period` ms;
 * a request over the limit waits in a FIFO queue instead of failing.
 *
 * A slot is stamped when its request is sent, not when it is granted: waiters are woken one at a time and
 * each one claims its slot right before sending, so a busy event loop cannot bunch sends together.
 */

interface Waiter {
  limit: number;
  go: () => void;
  abort: () => void;
}

interface Window {
  capacity: number;
  period: number;
  /** Send times (ms) of the requests of the last period, a ring buffer of `capacity` slots from `head`. */
  times: number[];
  head: number;
  size: number;
  queue: Waiter[];
  timer: ReturnType<typeof setTimeout> | undefined;
  /** A waiter was woken and has not claimed its slot yet. */
  waking: boolean;
}

const windows = new Map<string, Window>();

/** Forgets sends older than the period; returns 0 when a slot is free, else how long (ms) until one is. */
function free(w: Window, limit: number): number {
  const now = performance.now();
  while (w.size > 0 && (w.times[w.head] as number) <= now - w.period) {
    w.head = (w.head + 1) % w.capacity;
    w.size--;
  }
  return w.size < limit ? 0 : Math.max(1, (w.times[(w.head + w.size - limit) % w.capacity] as number) + w.period - now);
}

/** Takes a slot, stamped now. */
function stamp(w: Window): void {
  w.times[(w.head + w.size++) % w.capacity] = performance.now();
}

/** Wakes the first waiter when a slot is free (or sets a timer for when one will be). */
function drain(w: Window): void {
  w.timer = undefined;
  const waiter = w.queue[0];
  if (!waiter || w.waking) return;
  const wait = free(w, waiter.limit);
  if (wait > 0) {
    w.timer = setTimeout(drain, Math.ceil(wait), w);
  } else {
    w.queue.shift();
    w.waking = true;
    waiter.go();
  }
}

/**
 * Takes a slot of this App Key and budget for a request about to be sent.
 *
 * On the fast path (a slot is free and nobody waits) it takes the slot and returns `undefined`: no promise,
 * no tick. Otherwise it returns a promise of a `claim` function, to call right before sending: it stamps
 * the slot and wakes the next waiter. The promise rejects with the signal's reason if it aborts first.
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
): Promise<() => void> | undefined {
  let w = windows.get(key);
  if (!w) windows.set(key, (w = { capacity, period, times: [], head: 0, size: 0, queue: [], timer: undefined, waking: false }));
  const win = w;
  limit = Math.min(limit, capacity);
  if (!win.waking && win.queue.length === 0 && free(win, limit) === 0) {
    stamp(win);
    return undefined;
  }
  return new Promise((resolve, reject) => {
    const waiter: Waiter = {
      limit,
      go: () => {
        signal?.removeEventListener('abort', waiter.abort);
        resolve(() => {
          stamp(win);
          win.waking = false;
          drain(win);
        });
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
