/**
 * The client-side rate limiter, per App Key and rate-limit budget, shared by every client of the process (or
 * browser tab). A request holds its slot from the moment it is sent until one period after its answer (or its
 * failure) arrived: the service counted it before it answered, so however its own window is aligned and
 * however the network delays each request, at most `limit` of this process's requests fall in any of its
 * windows. A request over the limit waits in a FIFO queue instead of failing.
 *
 * Waiters are woken one at a time and each takes its slot right before sending, so a busy event loop cannot
 * bunch sends together.
 */

interface Waiter {
  limit: number;
  go: () => void;
  abort: () => void;
}

/** The state of one App Key and budget. Opaque to callers: what {@link acquireSlot} hands out as a slot. */
export interface Window {
  period: number;
  /** Requests sent and not yet answered. */
  inflight: number;
  /** When the answers of the last period arrived (ms), oldest first. */
  times: number[];
  queue: Waiter[];
  timer: ReturnType<typeof setTimeout> | undefined;
  /** A waiter was woken and has not taken its slot yet. */
  waking: boolean;
}

const windows = new Map<string, Window>();
/** The map's size at which idle windows are swept next (amortized: it doubles with the live windows). */
let sweepAt = 64;

/** Windows held now (App Keys and budgets with requests in flight, queued, or answered within a period). @internal */
export const limiterSize = (): number => windows.size;

/** Forgets the windows with nothing in flight, nobody waiting and no answer within the last period. */
function sweep(): void {
  for (const [key, w] of windows) {
    if (w.inflight === 0 && w.queue.length === 0 && !w.waking && free(w, 1) === 0 && w.times.length === 0) windows.delete(key);
  }
  sweepAt = Math.max(64, windows.size * 2);
}

/**
 * Forgets answers older than the period; returns 0 when a slot is free, `Infinity` when only an answer can
 * free one, else how long (ms) until one is free.
 */
function free(w: Window, limit: number): number {
  const now = performance.now();
  const { times } = w;
  while (times.length > 0 && (times[0] as number) <= now - w.period) times.shift();
  const room = limit - w.inflight;
  return times.length < room ? 0 : room > 0 ? Math.max(1, (times[times.length - room] as number) + w.period - now) : Infinity;
}

/** Wakes the first waiter when a slot is free (or sets a timer for when one will be; an answer also wakes it). */
function drain(w: Window): void {
  clearTimeout(w.timer);
  w.timer = undefined;
  const waiter = w.queue[0];
  if (!waiter || w.waking) return;
  const wait = free(w, waiter.limit);
  if (wait === 0) {
    w.queue.shift();
    w.waking = true;
    waiter.go();
  } else if (wait !== Infinity) {
    w.timer = setTimeout(drain, Math.ceil(wait), w);
  }
}

/**
 * Takes a slot of this App Key and budget for a request about to be sent.
 *
 * On the fast path (a slot is free and nobody waits) it takes the slot and returns it: no promise, no tick.
 * Otherwise it returns a promise of a `take` function, to call right before sending, which takes the slot,
 * wakes the next waiter and returns the slot. The promise rejects with the signal's reason if it aborts first.
 * Every slot taken must be given back with {@link releaseSlot} when the answer (or the failure) arrives.
 * @param key - the App Key and the budget
 * @param period - the period of the limit, in ms
 * @param limit - the limit this client keeps to: the documented one (`x-rate-limit.limit`), or its share
 * @internal
 */
export function acquireSlot(key: string, period: number, limit: number, signal: AbortSignal | undefined): Window | Promise<() => Window> {
  let win = windows.get(key);
  if (!win) {
    if (windows.size >= sweepAt) sweep();
    windows.set(key, (win = { period, inflight: 0, times: [], queue: [], timer: undefined, waking: false }));
  }
  if (!win.waking && win.queue.length === 0 && free(win, limit) === 0) {
    win.inflight++;
    return win;
  }
  return new Promise((resolve, reject) => {
    const waiter: Waiter = {
      limit,
      // The abort listener stays after `go`: aborting then finds nothing to do. The signal is the call's own
      // (fetch.ts), which lives no longer than the call.
      go: () => {
        resolve(() => {
          win.inflight++;
          win.waking = false;
          drain(win);
          return win;
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

/** Gives a slot back when its request's answer (or failure) arrived: it frees one period from now. @internal */
export function releaseSlot(w: Window): void {
  w.inflight--;
  w.times.push(performance.now());
  drain(w);
}
