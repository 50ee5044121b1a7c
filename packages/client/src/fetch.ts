/**
 * The resilient `fetch` under openapi-fetch: for each attempt of a call it waits for the rate limiter, adds
 * the app token, sends, and decides whether to send again. The jobs live apart: `token.ts` (the token and its
 * single-flight refresh), `retry.ts` (when and after how long), `deadline.ts` (timeout and the caller's
 * signal), `route.ts` (which operation a raw request is) and `limiter.ts` (the per-App-Key rate limit).
 */
import { ChatPushError } from './errors.js';
import { OPERATIONS } from './generated/operations.js';
import { acquireSlot, releaseSlot, type Window } from './limiter.js';
import { type Call, type CallOptions, startCall } from './deadline.js';
import { checkFetchOptions } from './options.js';
import { checkParams } from './params.js';
import type { RateLimitBudget, RateLimitSlot, RateLimitStore } from './store.js';
import { type RetryOptions, RETRY_DEFAULTS, backoff, mergeRetry, repeatable, retryAfterMs, retryableStatus, sleep } from './retry.js';
import { type OperationId, methodOf, route } from './route.js';
import { APP_TOKEN_PROVIDER, type TokenProvider, type UsedToken, createTokenSource } from './token.js';

export type { AttemptInfo, Call, CallOptions } from './deadline.js';
export type { RateLimitBudget, RateLimitSlot, RateLimitStore } from './store.js';
export type { RetryOptions } from './retry.js';
export type { OperationId } from './route.js';
export type { TokenContext, TokenProvider, TokenValue } from './token.js';
export { repeatable, retryAfterMs } from './retry.js';

/** The client-side rate limiter. */
export interface RateLimitOptions {
  /**
   * The share (more than 0, at most 1) of each documented per-App-Key limit this process may use, e.g. `0.5`
   * when two processes call the service with the same App Key. Default `1`: the description's 100 calls per
   * second, with setting the push display name and setting the display style sharing one budget.
   */
  share?: number;
  /**
   * The longest a call may wait in this queue, in ms, each time it waits. Past it, a call that was never sent
   * rejects with `error: 'queue_timeout'` ("not sent: waited N ms in the rate-limit queue"), safe to send again
   * later whatever its method. Default: no limit (a call waits its turn; the wait never counts in `timeout`).
   */
  maxQueueWait?: number;
  /**
   * Where the slots are kept: a store shared by every process that calls the service with this App Key (e.g.
   * `createRedisRateLimitStore` of `@agora-chat-push/client/redis`), so that together they keep the documented
   * limit. Default: this process only (no store; then use `share` when several processes share an App Key).
   */
  store?: RateLimitStore | undefined;
}

/** What the resilient `fetch` (auth, timeout, retries, rate limit) needs. */
export interface ChatPushFetchOptions {
  /**
   * The app token of your Agora Chat project (sent as `Authorization: Bearer <app token>`), or a
   * {@link TokenProvider} that returns one (optionally with its `expiresAt`). It never
   * appears in errors or messages, and openapi-fetch middleware never sees it (it is added below the middleware).
   */
  token: string | TokenProvider;
  /**
   * The most a call may take, in ms, from its start until its answer is read, retries and backoff included but
   * **not** the wait in the client's own rate-limit queue (see `rateLimit.maxQueueWait` for that); then it
   * rejects with `error: 'timeout'`. `0` for none. Default `10000`.
   */
  timeout?: number;
  /** Retries with exponential backoff and jitter, or `false` for none. See {@link RetryOptions}. */
  retry?: RetryOptions | false;
  /** The client-side rate limiter, or `false` to turn it off. See {@link RateLimitOptions}. */
  rateLimit?: RateLimitOptions | false;
  /** The `fetch` that sends each attempt. Default `globalThis.fetch`. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /**
   * The clock the token's `expiresAt` is compared with (and an HTTP-date `Retry-After`), in ms since the epoch.
   * Default `Date.now`.
   */
  now?: () => number;
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
  /** `Retry-After` of an answer, in ms, by the client's clock. */
  retryAfter(response: Response): number | undefined;
  /** The hint of a 401 when the token comes from `appTokenProvider` (the App ID and certificate to check). */
  readonly hint401: string | undefined;
  /** The resilient fetch for raw openapi-fetch calls: finds the operation from the method and the path. */
  fetch(request: Request): Promise<Response>;
}

/** An error and its cause, as text: `TypeError: fetch failed (Error: read ECONNRESET)`. */
const describe = (error: unknown): string => `${String(error)}${error instanceof Error && error.cause !== undefined ? ` (${String(error.cause)})` : ''}`;

/** The error of a call the client refuses before sending: an argument breaks a rule of the description. @internal */
export const invalidArgument = (op: OperationId, description: string): ChatPushError =>
  new ChatPushError({ status: 0, error: 'invalid_argument', error_description: description, operationId: op, retryable: false });

/** @internal */
export function createSender(options: ChatPushFetchOptions): Sender {
  checkFetchOptions(options);
  const { rateLimit, timeout = 10_000 } = options;
  const maxQueueWait = (rateLimit ? rateLimit.maxQueueWait : undefined) ?? Infinity;
  const now = options.now ?? Date.now;
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const retry = mergeRetry(RETRY_DEFAULTS, options.retry);
  const share = rateLimit === false ? 0 : (rateLimit?.share ?? 1);
  const store = rateLimit ? rateLimit.store : undefined;
  if (rateLimit !== false && !(share > 0 && share <= 1)) throw new RangeError('rateLimit.share must be > 0 and <= 1');
  // The token, or the pending call of its provider, lives only in this closure.
  const tokens = createTokenSource(options.token, now);
  const { redact } = tokens;

  const fail = (call: Call, cause: unknown): ChatPushError => {
    if (cause instanceof ChatPushError) return cause;
    const error = call.queueTimedOut ? 'queue_timeout' : call.timedOut ? 'timeout' : call.aborted ? 'aborted' : 'network_error';
    const reason = describe(cause);
    const safe = redact(reason);
    const queue = `waited ${maxQueueWait} ms in the rate-limit queue (rateLimit.maxQueueWait)`;
    return new ChatPushError({
      status: 0,
      error,
      error_description:
        error === 'queue_timeout'
          ? call.sent
            ? `retry not sent: ${queue}; an earlier attempt was sent`
            : `not sent: ${queue}`
          : error === 'timeout'
            ? `no answer within ${call.timeout} ms (timeout; the wait in the rate-limit queue is not counted)`
            : error === 'aborted'
              ? `aborted by the caller${call.sent ? '' : ' (not sent)'}`
              : `no answer (${safe}); check baseUrl and the network`,
      operationId: call.op,
      // A call never sent is safe to send again, whatever its method.
      retryable: error === 'queue_timeout' ? !call.sent || repeatable(call) : error !== 'aborted' && repeatable(call),
      // The caller's own reason, as they gave it. A fetch that echoes the request (headers included) in its
      // error must not carry the token further.
      cause: error === 'aborted' ? call.signal?.reason : safe === reason ? cause : new Error(safe),
    });
  };

  const storeFailed = (call: Call, cause: unknown): ChatPushError =>
    new ChatPushError({
      status: 0,
      error: 'client_error',
      error_description: `the rate-limit store failed (not sent): ${redact(describe(cause))}`,
      operationId: call.op,
      // Never sent: safe to send again once the store answers.
      retryable: true,
      cause,
    });

  const token = async (call: Call): Promise<UsedToken> => {
    try {
      return await tokens.get();
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
  };

  const pause = (ms: number, call: Call): Promise<void> =>
    sleep(ms, call.signal).catch((cause: unknown) => {
      throw fail(call, cause);
    });

  const send = async (request: Request, call: Call): Promise<Response> => {
    const { signal, retry } = call;
    const row = OPERATIONS[call.op];
    // Read by method, not by `request.body`: Firefox has no `Request.prototype.body`, so that test sent every write empty.
    const bytes = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
    const budget: RateLimitBudget | undefined = row && share ? { key: `${call.appKey} ${row.budget || call.op}`, limit: Math.max(1, Math.floor(row.limit * share)), period: row.period } : undefined;
    /** Tells the caller's onAttempt (a throwing observer does not break the call). */
    const notify = (attempt: number, status: number, retrying: boolean): void => {
      try {
        call.onAttempt?.({ attempt, status, retrying });
      } catch {}
    };
    const init: RequestInit = {
      method: request.method,
      body: bytes?.byteLength ? bytes : null,
    };
    if (signal) init.signal = signal;
    let refreshed = !tokens.refreshable;
    for (let attempt = 0; ; ) {
      let response: Response;
      let wait: number | undefined;
      let slot: Window | undefined;
      let shared: RateLimitSlot | undefined;
      let sent = false;
      const used = await token(call);
      try {
        const pending = !store && budget && acquireSlot(budget.key, budget.period, budget.limit, signal);
        if (store && budget) {
          // A shared store: every acquisition asks it (a round trip); the wait counts as time in the queue.
          const leave = call.enterQueue();
          try {
            shared = await store.acquire(budget, signal);
          } catch (cause) {
            throw signal?.aborted ? cause : storeFailed(call, cause);
          } finally {
            leave();
          }
        } else if (pending instanceof Promise) {
          // In the queue the timeout stops and the queue limit runs. A queued slot is taken right before the
          // request is sent: nothing awaits in between.
          const leave = call.enterQueue();
          try {
            slot = (await pending)();
          } finally {
            leave();
          }
        } else {
          slot = pending || undefined;
        }
        call.sending();
        sent = true;
        const headers = (init.headers = new Headers(request.headers));
        headers.set('authorization', `Bearer ${used.value}`);
        try {
          response = await fetchImpl(request.url, init);
          // The body is read here, so that a connection lost mid-answer is a network failure of this attempt
          // (retried like one), not a TypeError surfacing later in openapi-fetch.
          if (response.body && response.status >= 200) {
            const { status, statusText, headers } = response;
            response = new Response(await response.arrayBuffer(), { status, statusText, headers });
          }
        } finally {
          // The slot is held until one period after the answer: the service counted the request by then.
          if (slot) releaseSlot(slot);
          shared?.release();
        }
      } catch (cause) {
        const error = fail(call, cause);
        const n = attempt;
        const again = error.error === 'network_error' && error.retryable && !!retry && attempt < retry.retries && (wait = backoff(call, attempt++)) !== undefined;
        if (sent) notify(n, 0, again);
        if (!again) throw error;
        await pause(wait as number, call);
        continue;
      }
      const { status } = response;
      const n = attempt;
      if (status === 401 && !refreshed) {
        // The token was refused: ask the provider for a new one (once per call; concurrent calls share it).
        refreshed = true;
        tokens.rejected(used);
        notify(n, status, true);
      } else if (!(retry && attempt < retry.retries && retryableStatus(status, call)) || (wait = backoff(call, attempt++, retryAfterMs(response, now))) === undefined) {
        notify(n, status, false);
        return response;
      } else {
        notify(n, status, true);
      }
      // (The answer's body was read into memory with the attempt: nothing is left to drain before the next.)
      if (wait !== undefined) await pause(wait, call);
    }
  };

  const start = (op: OperationId, appKey: string, o: CallOptions | undefined): Call => startCall(op, methodOf(op), appKey, o, { timeout, retry, maxQueueWait });

  return {
    start,
    send,
    fail,
    redact,
    retryAfter: (response) => retryAfterMs(response, now),
    hint401:
      typeof options.token === 'function' && (options.token as unknown as Record<symbol, unknown>)[APP_TOKEN_PROVIDER] === true
        ? 'check the App ID and App Certificate given to appTokenProvider, and the clock'
        : undefined,
    async fetch(request) {
      const [op, appKey, params] = route(request.method, request.url);
      // A raw call breaking a parameter rule of the description is refused too, before sending.
      const problem = op ? checkParams(op, params) : undefined;
      if (problem) throw invalidArgument(op, problem);
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

/**
 * A `fetch` for openapi-fetch's `createClient<paths>({ baseUrl, fetch })` that adds what openapi-fetch lacks:
 * the app token (never visible to middleware), the per-App-Key rate limiter, retries with backoff and
 * `Retry-After`, and the timeout (for raw calls it lasts until the answer's headers arrive). It finds the
 * operation from the request's method and path. Failures without an answer reject with a {@link ChatPushError}.
 */
export function createChatPushFetch(options: ChatPushFetchOptions): (request: Request) => Promise<Response> {
  return createSender(options).fetch;
}
