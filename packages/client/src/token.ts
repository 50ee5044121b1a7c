/**
 * The app token: a string, or a provider asked for one when the client has none, when the one it has reaches
 * its `expiresAt`, or when the service refused it (`401`). Asking is single-flight: however many calls need a
 * token at once, and however many `401`s arrive while the provider is still answering, the provider is asked
 * once per token the client gives up.
 */

/**
 * Marks a provider made by `appTokenProvider` (app-token.ts), so that a 401 names the App ID and certificate.
 * `Symbol.for`: two copies of the package still agree. @internal
 */
export const APP_TOKEN_PROVIDER: unique symbol = Symbol.for('@agora-chat-push/client appTokenProvider') as never;

/** Why the client asks the {@link TokenProvider} for a token. */
export interface TokenContext {
  /**
   * `initial`: the client has no token yet (or the last ask failed); `expiring`: the token reached its
   * `expiresAt`; `rejected`: the service answered `401` to it.
   */
  reason: 'initial' | 'expiring' | 'rejected';
}

/** A token, and optionally when it stops being valid (Unix time in ms, as `Date.now()`). */
export type TokenValue = string | { token: string; expiresAt?: number | undefined };

/**
 * Returns the app token. Called on the first request, then again only when the token reaches its
 * `expiresAt` or after the service answers `401` (the call is then sent once more with the new token).
 * Concurrent calls share one pending call. A plain `() => string` works too.
 */
export type TokenProvider = (context: TokenContext) => TokenValue | Promise<TokenValue>;

/** A token as one request used it: `generation` tells a refused token from a newer one. @internal */
export interface UsedToken {
  value: string;
  generation: number;
}

/** @internal */
export interface TokenSource {
  /** The token for the next request (asks the provider when there is none, or it expired). */
  get(): UsedToken | Promise<UsedToken>;
  /** The service refused `used`: the next {@link TokenSource.get} asks for a new one, unless a newer is known. */
  rejected(used: UsedToken): void;
  /** Whether a refused token can be replaced (a provider, not a string). */
  readonly refreshable: boolean;
  /** Replaces the tokens the client has held where they appear in `text` (an answer could echo one). */
  redact(text: string): string;
}

import { createRedactor } from './redact.js';

/** How many past tokens are still redacted from texts (an answer to a request sent with an older one). */
const REMEMBERED = 4;

/** Checks what a provider returned; the message never contains the value (it may be a secret). */
function parseValue(value: unknown): { token: string; expiresAt: number | undefined } {
  const { token, expiresAt } = (typeof value === 'string' ? { token: value } : (value ?? {})) as { token?: unknown; expiresAt?: unknown };
  if (typeof token !== 'string' || !token || !(expiresAt === undefined || Number.isFinite(expiresAt))) {
    throw new TypeError('the token provider must return a non-empty string or { token, expiresAt?: epoch ms }');
  }
  return { token, expiresAt: expiresAt as number | undefined };
}

/** @internal */
export function createTokenSource(token: string | TokenProvider, now: () => number): TokenSource {
  // A string is a provider that is never asked again (a refused string token stays refused).
  const refreshable = typeof token !== 'string';
  const provider: TokenProvider = refreshable ? token : () => token;
  let current: (UsedToken & { expiresAt: number | undefined }) | undefined;
  let pending: Promise<UsedToken> | undefined;
  let reason: TokenContext['reason'] = 'initial';
  let generation = 0;
  const redactor = createRedactor(REMEMBERED);
  if (typeof token === 'string') redactor.add(token);

  const ask = (why: TokenContext['reason']): Promise<UsedToken> =>
    (pending = (async () => {
      const { token: value, expiresAt } = parseValue(await provider({ reason: why }));
      redactor.add(value);
      current = { value, generation: ++generation, expiresAt };
      reason = 'initial';
      pending = undefined;
      return current;
    })().catch((error: unknown) => {
      // The next call asks again, for the same reason.
      pending = undefined;
      throw error;
    }));

  return {
    get() {
      // biome-ignore lint/nursery/noMisusedPromises: `pending` is a promise or undefined (no refresh under way): the test is whether there is one.
      if (pending) return pending;
      if (current && (current.expiresAt === undefined || now() < current.expiresAt)) return current;
      return ask(current ? 'expiring' : reason);
    },
    rejected(used) {
      // A refresh under way, or a token newer than the refused one: the next get() has (or will have) it.
      if (!refreshable || pending || current?.generation !== used.generation) return;
      current = undefined;
      reason = 'rejected';
    },
    refreshable,
    // Where the token stands (a short test token), or anywhere (a real one): see redact.ts.
    redact: redactor.redact,
  };
}
