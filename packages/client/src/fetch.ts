import { ChatPushError } from './errors.js';
import { OPERATIONS } from './generated/operations.js';
import { acquireSlot, releaseSlot, type Window } from './limiter.js';

/** An operation id of the description, e.g. `getPushTemplate`. */
export type OperationId = keyof typeof OPERATIONS;

/**
 * Returns the app token. Called on the first request, then again only after the service answers `401`
 * (the call is then sent once more with the new token). Concurrent calls share one pending call.
 */
export type TokenProvider = () => string | Promise<string>;

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
   * Also retry the one call that is not idempotent, `createPushTemplate` (a POST): after a network failure
   * or a `503` the template may already exist, so a retry can answer `400`. Default `false`.
   */
  nonIdempotent?: boolean;
}

/** The client-side rate limiter. */
export interface RateLimitOptions {
  /**
   * The share (more than 0, at most 1) of each documented per-App-Key limit this process may use, e.g. `0.5`
   * when two processes call the service with the same App Key. Default `1`: the description's 100 calls per
   * second, with setting the push display name and setting the display style sharing one budget.
   */
  share?: number;
}

/** What the resilient `fetch` (auth, timeout, retries, rate limit) needs. */
export interface ChatPushFetchOptions {
  /**
   * The app token of your Agora Chat project (sent as `Authorization: Bearer <app token>`; user tokens are
   * not accepted), or a {@link TokenProvider} that returns one. It never appears in errors or messages, and
   * openapi-fetch middleware never sees it (it is added below the middleware).
   */
  token: string | TokenProvider;
  /**
   * The most a call may take, in ms, from its start (waiting for the rate limiter, retries and backoff
   * included) until its answer is read; then it rejects with `error: 'timeout'`. `0` for none. Default `10000`.
   */
  timeout?: number;
  /** Retries with exponential backoff and jitter, or `false` for none. See {@link RetryOptions}. */
  retry?: RetryOptions | false;
  /** The client-side rate limiter, or `false` to turn it off. See {@link RateLimitOptions}. */
  rateLimit?: RateLimitOptions | false;
  /** The `fetch` that sends each attempt. Default `globalThis.fetch`. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

/** Per-call options, accepted as the last argument of every method of the client. */
export interface CallOptions {
  /** Aborts the call: it rejects with `error: 'aborted'`. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's `timeout` for this call (ms; `0` for none). */
  timeout?: number | undefined;
  /** Overrides (merged into) the client's `retry` options for this call, or `false` for no retry. */
  retry?: RetryOptions | false | undefined;
}

/** One call: its operation, its deadline (timeout and caller's signal together) and its retry options. @internal */
export interface Call {
  op: OperationId;
  method: string;
  appKey: string;
  /** Aborts when the caller aborts or the time is up. */
  signal: AbortSignal | undefined;
  /** When the time is up (`performance.now()` ms). */
  end: number;
  timedOut: boolean;
  retry: Required<RetryOptions> | undefined;
  /** Stops the timer and forgets the caller's signal. */
  done(): void;
}

/** The parts of the resilient fetch the domain client uses. @internal */
export interface Sender {
  /** Starts a call. */
  start(op: OperationId, appKey: string, options: CallOptions | undefined): Call;
  /** Sends `request` for `call`: rate limit, auth, retries. Rejects only with a {@link ChatPushError}. */
  send(request: Request, call: Call): Promise<Response>;
  /** The error for a failure without an answer (network, timeout, abort); a ChatPushError passes unchanged. */
  fail(call: Call, cause: unknown): ChatPushError;
  /** Replaces the token wherever it appears in `text` (an answer could echo it). */
  redact(text: string): string;
  /** The resilient fetch for raw openapi-fetch calls: finds the operation from the method and the path. */
  fetch(request: Request): Promise<Response>;
}

const RETRY_DEFAULTS: Required<RetryOptions> = {
  retries: 3,
  baseDelay: 250,
  maxDelay: 8_000,
  maxRetryAfter: 30_000,
  nonIdempotent: false,
};

const mergeRetry = (
  base: Required<RetryOptions> | undefined,
  extra: RetryOptions | false | undefined,
): Required<RetryOptions> | undefined =>
  extra === false ? undefined : extra ? { ...(base ?? RETRY_DEFAULTS), ...extra } : base;

/** `Retry-After` in ms (seconds or an HTTP date), or `undefined`. @internal */
export function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

/** Whether a failed call may be sent again: the method is idempotent, or the caller opted in. @internal */
export const repeatable = (call: Call): boolean => call.method !== 'POST' || !!call.retry?.nonIdempotent;

const sleep = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
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

/** An error and its cause, as text: `TypeError: fetch failed (Error: read ECONNRESET)`. */
const describe = (error: unknown): string =>
  `${String(error)}${error instanceof Error && error.cause !== undefined ? ` (${String(error.cause)})` : ''}`;

/** @internal */
export function createSender(options: ChatPushFetchOptions): Sender {
  const { token, rateLimit, timeout = 10_000 } = options;
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const retry = mergeRetry(RETRY_DEFAULTS, options.retry);
  const share = rateLimit === false ? 0 : (rateLimit?.share ?? 1);
  if (rateLimit !== false && !(share > 0 && share <= 1)) throw new RangeError('rateLimit.share must be > 0 and <= 1');

  // The token, or the pending call of its provider, lives only in this closure.
  let pending: Promise<string> | undefined;
  let last = typeof token === 'string' ? token : '';
  const getToken = (): string | Promise<string> =>
    typeof token === 'string'
      ? token
      : (pending ??= (async () => (last = await token()))().catch((error: unknown) => {
          pending = undefined;
          throw error;
        }));
  const redact = (text: string): string => (last ? text.split(last).join('[redacted]') : text);

  const fail = (call: Call, cause: unknown): ChatPushError => {
    if (cause instanceof ChatPushError) return cause;
    const error = call.timedOut ? 'timeout' : call.signal?.aborted ? 'aborted' : 'network_error';
    const reason = describe(cause);
    const safe = redact(reason);
    return new ChatPushError({
      status: 0,
      error,
      error_description:
        error === 'timeout' ? 'no answer within `timeout` ms'
        : error === 'aborted' ? 'aborted by the caller'
        : `no answer (${safe}); check baseUrl and the network`,
      operationId: call.op,
      retryable: error !== 'aborted' && repeatable(call),
      // A fetch that echoes the request (headers included) in its error must not carry the token further.
      cause: safe === reason ? cause : new Error(safe),
    });
  };

  /** How long to wait before a retry, or `undefined` when the wait would pass the deadline or `maxRetryAfter`. */
  const delay = (call: Call, attempt: number, retryAfter?: number): number | undefined => {
    const { baseDelay, maxDelay, maxRetryAfter } = call.retry!;
    const exp = Math.min(maxDelay, baseDelay * 2 ** attempt);
    const wait = Math.max(retryAfter ?? 0, exp / 2 + (Math.random() * exp) / 2);
    return (retryAfter ?? 0) > maxRetryAfter || performance.now() + wait >= call.end ? undefined : wait;
  };

  const send = async (request: Request, call: Call): Promise<Response> => {
    const { signal, retry } = call;
    const row = OPERATIONS[call.op];
    const init: RequestInit = {
      method: request.method,
      body: request.body && (await request.arrayBuffer()),
    };
    if (signal) init.signal = signal;
    let refreshed = typeof token === 'string';
    for (let attempt = 0; ; ) {
      let response: Response;
      let used: string;
      let wait: number | undefined;
      let slot: Window | undefined;
      try {
        const value = getToken();
        used = typeof value === 'string' ? value : await value;
      } catch (cause) {
        throw new ChatPushError({
          status: 0,
          error: 'client_error',
          error_description: `the token provider failed: ${redact(describe(cause))}`,
          operationId: call.op,
          retryable: false,
          cause,
        });
      }
      try {
        const pending =
          row && share && acquireSlot(`${call.appKey} ${row[2] || call.op}`, row[4], Math.max(1, Math.floor(row[3] * share)), signal);
        // A queued slot is taken right before the request is sent: nothing awaits in between.
        slot = pending instanceof Promise ? (await pending)() : pending || undefined;
        const headers = (init.headers = new Headers(request.headers));
        headers.set('authorization', `Bearer ${used}`);
        try {
          response = await fetchImpl(request.url, init);
        } finally {
          // The slot is held until one period after the answer: the service counted the request by then.
          if (slot) releaseSlot(slot);
        }
      } catch (cause) {
        const error = fail(call, cause);
        if (error.error !== 'network_error' || !error.retryable || !retry || attempt >= retry.retries) throw error;
        if ((wait = delay(call, attempt++)) === undefined) throw error;
        await sleep(wait, signal).catch((cause: unknown) => {
          throw fail(call, cause);
        });
        continue;
      }
      const { status } = response;
      if (status === 401 && !refreshed) {
        // The token was refused: ask the provider for a new one (once per call; concurrent calls share it).
        refreshed = true;
        if (last === used) pending = undefined;
      } else if (
        !((status === 429 || status === 503) && retry && attempt < retry.retries && repeatable(call)) ||
        (wait = delay(call, attempt++, retryAfterMs(response))) === undefined
      ) {
        return response;
      }
      await response.arrayBuffer().catch(() => undefined);
      if (wait !== undefined) {
        await sleep(wait, signal).catch((cause: unknown) => {
          throw fail(call, cause);
        });
      }
    }
  };

  const start = (op: OperationId, appKey: string, o: CallOptions | undefined): Call => {
    const ms = o?.timeout ?? timeout;
    const caller = o?.signal;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    const abort = (): void => controller?.abort();
    const call: Call = {
      op,
      method: OPERATIONS[op]?.[0] ?? '',
      appKey,
      signal: undefined,
      end: ms > 0 ? performance.now() + ms : Infinity,
      timedOut: false,
      retry: mergeRetry(retry, o?.retry),
      done: () => {
        clearTimeout(timer);
        caller?.removeEventListener('abort', abort);
      },
    };
    if (ms > 0 || caller) {
      controller = new AbortController();
      call.signal = controller.signal;
      if (ms > 0) timer = setTimeout(() => ((call.timedOut = true), abort()), ms);
      if (caller?.aborted) abort();
      else caller?.addEventListener('abort', abort);
    }
    return call;
  };

  return {
    start,
    send,
    fail,
    redact,
    async fetch(request) {
      const [op, appKey] = route(request.method, request.url);
      const call = start(op, appKey, { signal: request.signal });
      call.method = request.method;
      try {
        return await send(request, call);
      } finally {
        call.done();
      }
    },
  };
}

/** The operation and the App Key of a request made with the raw client (`''` for a path not in the description). */
function route(method: string, url: string): [OperationId, string] {
  const path = new URL(url).pathname;
  for (const op in OPERATIONS) {
    const [m, rest] = OPERATIONS[op as OperationId];
    // The table's paths leave out the leading /{org_name}/{app_name}: they are the two captured segments.
    const match = m === method && new RegExp(`/([^/]+)/([^/]+)${rest.replace(/\{\w+\}/g, '[^/]+')}$`).exec(path);
    if (match) return [op as OperationId, decodeURIComponent(`${match[1]}#${match[2]}`)];
  }
  return ['' as OperationId, ''];
}

/**
 * A `fetch` for openapi-fetch's `createClient<paths>({ baseUrl, fetch })` that adds what openapi-fetch lacks:
 * the app token (never visible to middleware), the per-App-Key rate limiter, retries with backoff and
 * `Retry-After`, and the timeout (for raw calls it lasts until the answer's headers arrive). It finds the
 * operation from the request's method and path. Failures without an answer reject with a {@link ChatPushError}.
 */
export function createChatPushFetch(options: ChatPushFetchOptions): (request: Request) => Promise<Response> {
  return createSender(options).fetch;
}
