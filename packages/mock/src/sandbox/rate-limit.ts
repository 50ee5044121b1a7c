/**
 * The sandbox's rate limiter: fixed windows per App Key and budget, as the description's `x-rate-limit`
 * states them (operations with one `budget` share one limit). The clock is injected, so tests step time
 * instead of waiting for it. Windows live in a Map in the order they opened: expired ones are swept from the
 * front, and past `maxWindows` the oldest is dropped.
 */
import { PERIOD_MS, type RateLimit } from '@agora-chat-push/openapi';

export interface RateLimiterOptions {
  /** The clock (ms). */
  now: () => number;
  /** Calls per period for every budget instead of the documented limit; `0` turns limits off. */
  override?: number | undefined;
  /** The most windows kept at once. */
  maxWindows: number;
}

interface RateWindow {
  end: number;
  count: number;
}

export function createRateLimiter({ now, override, maxWindows }: RateLimiterOptions) {
  let windows = new Map<string, RateWindow>();

  /** Drops the windows that have ended (the front of the map is the oldest opened). */
  const sweep = (at: number): void => {
    for (const [key, window] of windows) {
      // With one period for every budget (the description's case) the front is always the oldest; a window of
      // a longer period in front only delays the sweep of shorter ones behind it, and the cap still holds.
      if (window.end > at) return;
      windows.delete(key);
    }
  };

  return {
    /**
     * Counts a call against its budget. Returns the seconds to wait (for `Retry-After`) when the call is over
     * the limit, else `undefined`.
     */
    take(appKey: string, rateLimit: RateLimit): number | undefined {
      const limit = override ?? rateLimit.limit;
      if (limit === 0) return undefined;
      const at = now();
      const period = PERIOD_MS[rateLimit.period];
      const key = `${appKey}\u0000${rateLimit.budget}`;
      let window = windows.get(key);
      if (!window || at >= window.end) {
        if (window) windows.delete(key);
        sweep(at);
        while (windows.size >= maxWindows) windows.delete(windows.keys().next().value as string);
        window = { end: at + period, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      return window.count > limit ? Math.max(1, Math.ceil((window.end - at) / 1000)) : undefined;
    },
    /** Windows held now. */
    size: (): number => windows.size,
    reset(): void {
      windows = new Map();
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
