/**
 * `runBulk`: runs one task per item of a (possibly endless, possibly async) list, a bounded number at a time, for
 * jobs such as "set do-not-disturb for every user of the database". It keeps the client's rate limiter busy
 * without holding the whole list or one pending promise per item in memory, reports progress, collects failures
 * instead of throwing, and stops when its signal aborts.
 */

/** What a task receives besides its item. */
export interface BulkTaskContext {
  /** The item's 0-based position in the list. */
  index: number;
  /**
   * Aborts when the run is aborted (its `signal`) or stopped (`maxFailures`): pass it on, e.g.
   * `push.setSilentModeForAll(user, settings, { signal })`, so calls in flight stop too.
   */
  signal: AbortSignal;
  /**
   * Counts the call's answers for {@link BulkProgress.rateLimited} and {@link BulkProgress.retries}: pass the
   * context as the call's options, e.g. `push.setSilentModeForAll(user, settings, context)` (it carries `signal` too).
   */
  onAttempt: (attempt: { status: number; retrying: boolean }) => void;
}

/** One item whose task threw (or rejected). */
export interface BulkFailure<T> {
  item: T;
  /** The item's 0-based position in the list. */
  index: number;
  /** What the task threw: a `ChatPushError` for a call of the client. */
  error: unknown;
}

/** How far a run is: what {@link BulkOptions.onProgress} receives. */
export interface BulkProgress {
  /** Items whose task has finished: succeeded, failed or cancelled. */
  done: number;
  /** Items whose task succeeded. */
  succeeded: number;
  /** Items whose task failed while the run went on. */
  failed: number;
  /**
   * Items whose task rejected after the run was aborted or stopped: not failures of the item, only not done
   * (a call of the client rejects with `aborted`, and says "not sent" when it had not been sent). Run them again.
   */
  cancelled: number;
  /** Tasks running now. */
  running: number;
  /** Answers `429` (over the rate limit) the tasks' calls received, retried or not (see {@link BulkTaskContext.onAttempt}). */
  rateLimited: number;
  /** Attempts the tasks' calls sent again (after a 429, a 503, a network failure or a refused token). */
  retries: number;
  /** The number of items, when known: `total` of the options, or the `length` / `size` of an array, Set or Map. */
  total: number | undefined;
  /** Items finished per second since the start (`0` before a second's worth of time has any result). */
  rate: number;
  /** Milliseconds since the start. */
  elapsed: number;
}

/** What {@link runBulk} resolves to. */
export interface BulkResult<T> extends BulkProgress {
  /** Every item whose task failed while the run went on, with its error, in the order they failed. */
  failures: BulkFailure<T>[];
  /** Every item whose task rejected after the run was aborted or stopped, with its error: run them again. */
  cancellations: BulkFailure<T>[];
  /**
   * Why the run ended before the end of the list: `'aborted'` (the signal aborted) or `'maxFailures'`;
   * `undefined` when every item was run.
   */
  stopped: 'aborted' | 'maxFailures' | undefined;
}

/** The options of {@link runBulk}. */
export interface BulkOptions {
  /**
   * How many tasks run at once (an integer, at least 1). Default `100`: enough to keep a budget of 100 calls/s
   * busy even when each call takes a second on the network. More than the rate limit allows only wait in the
   * client's queue: it is the limiter, not this number, that sets the pace.
   */
  concurrency?: number;
  /** Aborts the run: no new item is started, tasks in flight see their `signal` abort; resolves with `stopped: 'aborted'`. */
  signal?: AbortSignal | undefined;
  /** Called with the progress at most every `progressInterval` ms while the run goes on, and once at its end. */
  onProgress?: ((progress: BulkProgress) => void) | undefined;
  /** The least time between two `onProgress` calls, in ms. Default `250`; `0` calls it after every item. */
  progressInterval?: number;
  /** The number of items, for {@link BulkProgress.total} when the list cannot say (an iterator, a generator, a cursor). */
  total?: number | undefined;
  /**
   * Stops the run (like an abort) once more than this many items have failed, e.g. when every call answers
   * `401` because the token is wrong. Default `Infinity`.
   */
  maxFailures?: number;
  /** The clock, in ms (default `performance.now`); tests pass their own. */
  now?: () => number;
}

const sizeOf = (items: unknown): number | undefined => {
  if (Array.isArray(items)) return items.length;
  if (items instanceof Set || items instanceof Map) return items.size;
  return undefined;
};

const check = (name: string, value: number, ok: boolean, rule: string): void => {
  if (!ok) throw new RangeError(`runBulk: options.${name} must be ${rule}, got ${String(value)}`);
};

/**
 * Runs `task` for every item of `items` (an array, any iterable, or an async iterable such as a database
 * cursor or a generator reading a file), at most `concurrency` at a time, pulling the next item only when a
 * task finishes: memory stays bounded by `concurrency`, not by the length of the list. A task that throws
 * does not stop the run: its item and error land in `failures`. Resolves when every item has been run (or the
 * run was aborted or stopped, after the tasks in flight finished); rejects only when the list itself throws
 * (the items read so far have been run by then), `onProgress` throws, or an option is invalid.
 *
 * @example
 * ```ts
 * const result = await runBulk(userIds, (user, context) =>
 *   // the context carries the run's signal, and counts 429s and retries for the progress
 *   push.setSilentModeForAll(user, { ignoreInterval: '22:00-07:00' }, context),
 * );
 * for (const { item, error } of result.failures) console.error(item, String(error));
 * ```
 */
export async function runBulk<T>(items: Iterable<T> | AsyncIterable<T>, task: (item: T, context: BulkTaskContext) => unknown, options: BulkOptions = {}): Promise<BulkResult<T>> {
  const { concurrency = 100, progressInterval = 250, maxFailures = Infinity, onProgress, signal } = options;
  check('concurrency', concurrency, Number.isInteger(concurrency) && concurrency >= 1, 'an integer >= 1');
  check('progressInterval', progressInterval, progressInterval >= 0, 'a number >= 0');
  check('maxFailures', maxFailures, maxFailures >= 0, 'a number >= 0 (or Infinity)');
  if (typeof task !== 'function') throw new TypeError('runBulk: the task must be a function (item, { index, signal }) => ...');
  const iterable = items as Partial<Iterable<T> & AsyncIterable<T>> | null | undefined;
  const iterator: Iterator<T> | AsyncIterator<T> | undefined = iterable?.[Symbol.asyncIterator]?.() ?? iterable?.[Symbol.iterator]?.();
  if (!iterator) throw new TypeError('runBulk: items must be an iterable or an async iterable');
  const now = options.now ?? (() => performance.now());
  const total = options.total ?? sizeOf(items);

  // Each task gets its own signal, aborted when the run stops: one shared signal would collect a listener per
  // call in flight (and Node's "possible EventTarget memory leak" warning past 10).
  const tasks = new Set<AbortController>();
  let stopped: BulkResult<T>['stopped'];
  const stop = (why: 'aborted' | 'maxFailures', reason?: unknown): void => {
    if (stopped) return;
    stopped = why;
    for (const task of tasks) task.abort(reason);
  };
  const onAbort = (): void => stop('aborted', signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort);

  const started = now();
  const failures: BulkFailure<T>[] = [];
  const cancelled: BulkFailure<T>[] = [];
  let next = 0;
  let succeeded = 0;
  let running = 0;
  let exhausted = false;
  let lastReport = -Infinity;
  let rateLimited = 0;
  let retries = 0;
  const onAttempt = ({ status, retrying }: { status: number; retrying: boolean }): void => {
    if (status === 429) rateLimited++;
    if (retrying) retries++;
  };
  const progress = (): BulkProgress => {
    const elapsed = now() - started;
    const done = succeeded + failures.length + cancelled.length;
    return {
      done,
      succeeded,
      failed: failures.length,
      cancelled: cancelled.length,
      running,
      rateLimited,
      retries,
      total,
      rate: elapsed > 0 ? (done * 1000) / elapsed : 0,
      elapsed,
    };
  };
  const report = (final: boolean): void => {
    if (!onProgress) return;
    const t = now();
    if (!final && t - lastReport < progressInterval) return;
    lastReport = t;
    onProgress(progress());
  };

  // Items are pulled one at a time (an async iterator's `next()` is not called again before it settled).
  let pulling: Promise<unknown> = Promise.resolve();
  let broken = false;
  const pull = (): Promise<IteratorResult<T> | undefined> => {
    const result = pulling.then(async () => (exhausted || broken || stopped ? undefined : await iterator.next()));
    pulling = result.then(
      (step) => {
        if (step?.done) exhausted = true;
      },
      () => {
        broken = true;
      },
    );
    return result;
  };

  const worker = async (): Promise<void> => {
    try {
      await work();
    } catch (error) {
      broken = true; // the other workers stop pulling
      throw error;
    }
  };
  const work = async (): Promise<void> => {
    for (;;) {
      const step = await pull();
      if (!step || step.done) return;
      if (stopped) return; // the item was read but not run: the run stopped while it was being read
      const index = next++;
      const own = new AbortController();
      tasks.add(own);
      running++;
      try {
        await task(step.value, { index, signal: own.signal, onAttempt });
        succeeded++;
      } catch (error) {
        // Rejected because the run stopped (its signal aborted): cancelled, not a failure of the item.
        if (own.signal.aborted) cancelled.push({ item: step.value, index, error });
        else failures.push({ item: step.value, index, error });
        if (failures.length > maxFailures) stop('maxFailures', new Error(`runBulk: more than ${maxFailures} failures`));
      } finally {
        running--;
        tasks.delete(own);
      }
      report(false);
    }
  };

  try {
    const workers = Array.from({ length: concurrency }, worker);
    // A list that throws (or an onProgress that throws) ends the run: the workers stop pulling, the tasks in
    // flight finish, then it rejects.
    const outcome = await Promise.allSettled(workers);
    const thrown = outcome.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (thrown) throw thrown.reason;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Close the list when the run ends before its end (a generator's `finally`, a database cursor).
    if (!exhausted && !broken) await Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
  report(true);
  return { ...progress(), failures, cancellations: cancelled, stopped };
}
