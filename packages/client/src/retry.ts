/**
 * When a failed attempt is sent again, and after how long: exponential backoff with jitter, `Retry-After`,
 * the call's deadline. A `429` means the service processed nothing, so any method is retried after it; a
 * `503`, a network failure or a timeout may come after the service acted, so only idempotent methods (or a
 * POST the caller opted in with `retry.nonIdempotent`) are.
 */

/** When and how often a failed call is sent again. */
export interface RetryOptions {
  /**
   * How many times a call is sent again after a `429`, a `503` or a network failure (not counting the first
   * attempt). Default `3`.
   */
  retries?: number;
  /**
   * The backoff before the first retry, in ms; it doubles for each further retry, with jitter (a random
   * 50-100 % of it). Default `250`.
   */
  baseDelay?: number;
  /** The longest backoff, in ms. Default `8000`. */
  maxDelay?: number;
  /**
   * The longest `Retry-After` the client waits for, in ms: when the service asks for a longer pause, the call
   * rejects at once (with `retryAfter` on the error). Default `30000`.
   */
  maxRetryAfter?: number;
  /**
   * Also retry the one call that is not idempotent, `createPushTemplate` (a POST), after a network failure
   * or a `503`: the template may already exist, so a retry can answer `400`. Default `false`. (After a `429`
   * every call is retried: the service processed nothing.)
   */
  nonIdempotent?: boolean;
}

/** @internal */
export const RETRY_DEFAULTS: Required<RetryOptions> = {
  retries: 3,
  baseDelay: 250,
  maxDelay: 8_000,
  maxRetryAfter: 30_000,
  nonIdempotent: false,
};

/** The options of a call: the client's, with the call's merged in (`false`: no retry). @internal */
export const mergeRetry = (base: Required<RetryOptions> | undefined, extra: RetryOptions | false | undefined): Required<RetryOptions> | undefined =>
  extra === false ? undefined : extra ? { ...(base ?? RETRY_DEFAULTS), ...extra } : base;

/** `Retry-After` in ms (seconds or an HTTP date), or `undefined`. @internal */
export function retryAfterMs(response: Response, now: () => number = Date.now): number | undefined {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now();
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

/** What {@link repeatable} and {@link backoff} read of a call. @internal */
export interface RetryCall {
  method: string;
  retry: Required<RetryOptions> | undefined;
  /** When the call's time is up (`performance.now()` ms). */
  end: number;
}

/** Whether a call that may have reached the service can be sent again: idempotent, or opted in. @internal */
export const repeatable = (call: RetryCall): boolean => call.method !== 'POST' || !!call.retry?.nonIdempotent;

/** Whether an answer with this status is worth sending again (retry budget aside). @internal */
export const retryableStatus = (status: number, call: RetryCall): boolean => status === 429 || (status === 503 && repeatable(call));

/**
 * How long to wait before retry number `attempt + 1`, or `undefined` when the wait would pass the deadline or
 * `maxRetryAfter`. @internal
 */
export function backoff(call: RetryCall, attempt: number, retryAfter?: number): number | undefined {
  const { baseDelay, maxDelay, maxRetryAfter } = call.retry!;
  const exp = Math.min(maxDelay, baseDelay * 2 ** attempt);
  const wait = Math.max(retryAfter ?? 0, exp / 2 + (Math.random() * exp) / 2);
  return (retryAfter ?? 0) > maxRetryAfter || performance.now() + wait >= call.end ? undefined : wait;
}

/** Waits `ms`; rejects with the signal's reason when it aborts first. @internal */
export const sleep = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise((resolve, reject) => {
    const abort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort);
  });
