/**
 * A call's deadline: its timeout and the caller's `AbortSignal` folded into one signal, which every attempt,
 * backoff and limiter wait of the call listens to. The caller's abort reason is kept (it becomes the cause of
 * the `aborted` error); the timeout aborts with a `TimeoutError`.
 */
import type { OperationId } from './route.js';
import { type RetryOptions, mergeRetry } from './retry.js';

/** Per-call options, accepted as the last argument of every method of the client. */
export interface CallOptions {
  /** Aborts the call: it rejects with `error: 'aborted'`, the signal's reason as its `cause`. */
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
  /** The caller aborted (`signal` then carries the caller's reason). */
  aborted: boolean;
  retry: Required<RetryOptions> | undefined;
  /** Stops the timer and forgets the caller's signal. */
  done(): void;
}

/** Starts a call's clock. @internal */
export function startCall(
  op: OperationId,
  method: string,
  appKey: string,
  options: CallOptions | undefined,
  defaults: { timeout: number; retry: Required<RetryOptions> | undefined },
): Call {
  const ms = options?.timeout ?? defaults.timeout;
  const caller = options?.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  const call: Call = {
    op,
    method,
    appKey,
    signal: undefined,
    end: ms > 0 ? performance.now() + ms : Infinity,
    timedOut: false,
    aborted: false,
    retry: mergeRetry(defaults.retry, options?.retry),
    done: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
  function onAbort(): void {
    if (controller?.signal.aborted) return;
    call.aborted = true;
    controller?.abort(caller?.reason);
  }
  if (ms > 0 || caller) {
    controller = new AbortController();
    call.signal = controller.signal;
    if (ms > 0) {
      timer = setTimeout(() => {
        if (controller!.signal.aborted) return;
        call.timedOut = true;
        controller!.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError'));
      }, ms);
    }
    if (caller?.aborted) onAbort();
    else caller?.addEventListener('abort', onAbort);
  }
  return call;
}
