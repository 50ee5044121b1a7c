/**
 * A call's deadline: its timeout and the caller's `AbortSignal` folded into one signal, which every attempt,
 * backoff and limiter wait of the call listens to. The caller's abort reason is kept (it becomes the cause of
 * the `aborted` error); the timeout aborts with a `TimeoutError`.
 *
 * The timeout does not run while the call waits in the client's own rate-limit queue (a job of 1,500 calls on one
 * operation queues for 15 s at 100/s: none of it is the service's slowness). That wait has its own, optional
 * limit, `rateLimit.maxQueueWait`: past it, a call that was never sent fails with `queue_timeout`.
 */
import type { OperationId } from './route.js';
import { type RetryOptions, mergeRetry } from './retry.js';

/** Per-call options, accepted as the last argument of every method of the client. */
export interface CallOptions {
  /** Aborts the call: it rejects with `error: 'aborted'`, the signal's reason as its `cause`. */
  signal?: AbortSignal | undefined;
  /**
   * Overrides the client's `timeout` for this call (ms; `0` for none). Like the client's, it does not count the
   * wait in the client's rate-limit queue.
   */
  timeout?: number | undefined;
  /** Overrides (merged into) the client's `retry` options for this call, or `false` for no retry. */
  retry?: RetryOptions | false | undefined;
  /**
   * Called after each attempt of the call was answered or failed: its status (`0`: no answer) and whether the
   * client sends it again. `runBulk` passes one in its task context, to count 429s and retries.
   */
  onAttempt?: ((attempt: AttemptInfo) => void) | undefined;
}

/** What {@link CallOptions.onAttempt} receives. */
export interface AttemptInfo {
  /** The attempt's 0-based number. */
  attempt: number;
  /** The HTTP status of its answer; `0` when there was none (network failure, timeout). */
  status: number;
  /** Whether the client sends the call again (after a backoff). */
  retrying: boolean;
}

/** One call: its operation, its deadline (timeout and caller's signal together) and its retry options. @internal */
export interface Call {
  op: OperationId;
  method: string;
  appKey: string;
  /** Aborts when the caller aborts, the time is up, or the wait in the queue passes `maxQueueWait`. */
  signal: AbortSignal | undefined;
  /** The call's timeout, in ms (`0`: none). */
  timeout: number;
  /** When the time is up (`performance.now()` ms); it moves later by each wait in the rate-limit queue. */
  end: number;
  timedOut: boolean;
  /** The caller aborted (`signal` then carries the caller's reason). */
  aborted: boolean;
  /** A wait in the rate-limit queue passed `maxQueueWait`. */
  queueTimedOut: boolean;
  /** An attempt of the call has been sent (left the rate-limit queue). */
  sent: boolean;
  retry: Required<RetryOptions> | undefined;
  /** The caller's {@link CallOptions.onAttempt}. */
  onAttempt: ((attempt: AttemptInfo) => void) | undefined;
  /**
   * The call enters the rate-limit queue: the timeout stops running and the queue limit starts. Returns the
   * function to call when it leaves the queue (taking its slot, or not).
   */
  enterQueue(): () => void;
  /** The call is about to be sent. */
  sending(): void;
  /** Stops the timers and forgets the caller's signal. */
  done(): void;
}

/** What the client's options give every call. @internal */
export interface CallDefaults {
  timeout: number;
  retry: Required<RetryOptions> | undefined;
  /** The longest wait in the rate-limit queue, in ms (`Infinity`: none). */
  maxQueueWait: number;
}

/** Starts a call's clock. @internal */
export function startCall(op: OperationId, method: string, appKey: string, options: CallOptions | undefined, defaults: CallDefaults): Call {
  const ms = options?.timeout ?? defaults.timeout;
  const { maxQueueWait } = defaults;
  const caller = options?.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let queueTimer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  const call: Call = {
    op,
    method,
    appKey,
    signal: undefined,
    // biome-ignore lint/complexity/useMathMinMax: as `end` below, anything not > 0 (NaN too) means no timeout; Math.max(NaN, 0) is NaN.
    timeout: ms > 0 ? ms : 0,
    end: ms > 0 ? performance.now() + ms : Infinity,
    timedOut: false,
    aborted: false,
    queueTimedOut: false,
    sent: false,
    retry: mergeRetry(defaults.retry, options?.retry),
    onAttempt: options?.onAttempt,
    enterQueue() {
      const entered = performance.now();
      // The timeout pauses: what is left of it resumes when the call leaves the queue.
      clearTimeout(timer);
      if (controller && maxQueueWait !== Infinity) {
        queueTimer = setTimeout(() => {
          if (controller!.signal.aborted) return;
          call.queueTimedOut = true;
          controller!.abort(new DOMException(`waited ${maxQueueWait} ms in the rate-limit queue`, 'TimeoutError'));
        }, maxQueueWait);
      }
      let left = false;
      return () => {
        if (left || call.queueTimedOut) return;
        left = true;
        clearTimeout(queueTimer);
        const waited = performance.now() - entered;
        if (call.end !== Infinity) {
          call.end += waited;
          if (!controller?.signal.aborted) armTimeout(call.end - performance.now());
        }
      };
    },
    sending() {
      call.sent = true;
    },
    done: () => {
      clearTimeout(timer);
      clearTimeout(queueTimer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
  function onAbort(): void {
    if (controller?.signal.aborted) return;
    call.aborted = true;
    controller?.abort(caller?.reason);
  }
  function armTimeout(left: number): void {
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        if (controller!.signal.aborted) return;
        call.timedOut = true;
        controller!.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError'));
      },
      Math.max(0, left),
    );
  }
  if (ms > 0 || caller || maxQueueWait !== Infinity) {
    controller = new AbortController();
    call.signal = controller.signal;
    if (ms > 0) armTimeout(ms);
    if (caller?.aborted) onAbort();
    else caller?.addEventListener('abort', onAbort);
  }
  return call;
}
