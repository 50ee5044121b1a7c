/**
 * `@agora-chat-push/client/app-token` (Node only): builds, caches and renews the Agora Chat **app token** from
 * your project's App ID and App Certificate, with Agora's official builder (`agora-token`). It is a subpath of
 * its own so that the main entry, and the browser bundle, never load `agora-token` or Node's `crypto`/`zlib`.
 *
 * ```ts
 * import { createChatPushClient } from '@agora-chat-push/client';
 * import { appTokenProvider } from '@agora-chat-push/client/app-token';
 * const push = createChatPushClient({ baseUrl, orgName, appName, token: appTokenProvider({ appId, appCertificate }) });
 * ```
 * @packageDocumentation
 */
/// <reference path="./agora-token.d.ts" />
import { AccessToken2, ServiceChat } from 'agora-token/src/AccessToken2.js';
import { APP_TOKEN_PROVIDER, type TokenContext } from './token.js';

/**
 * The longest validity of an app token, in seconds (24 h): Agora documents it as the maximum for Chat app
 * tokens ("Secure authentication with tokens", token types table). The token format itself stores the
 * validity as an unsigned 32-bit number of seconds.
 */
export const MAX_APP_TOKEN_TTL_SECONDS = 86_400;

/** Why the client asks for a token: it has none yet, its token reached `expiresAt`, or the service answered `401`. */
export type AppTokenReason = TokenContext['reason'];

/** What the provider resolves to: the token, and when (Unix ms) the client should ask for a new one. */
export interface AppToken {
  /** The AccessToken2 app token (`007…`), for `Authorization: Bearer <token>`. */
  token: string;
  /**
   * When to stop using it (Unix time, ms): `renewBeforeSeconds` before the token itself expires
   * (issue time + `ttlSeconds`). The client asks the provider again (reason `expiring`) from then on.
   */
  expiresAt: number;
}

/** The options of {@link appTokenProvider}. */
export interface AppTokenProviderOptions {
  /** The App ID of your Agora project: 32 hexadecimal characters (Agora Console, your project, *App ID*). */
  appId: string;
  /**
   * The App Certificate of the same project: 32 hexadecimal characters (Agora Console, your project,
   * *Security*, *Primary Certificate*). It stays in the provider: it is never sent, logged or put in an error.
   */
  appCertificate: string;
  /**
   * How long each token is valid, in seconds: an integer from 1 to 86 400 (24 h, the most Agora accepts for
   * an app token). Default `86_400`.
   */
  ttlSeconds?: number | undefined;
  /**
   * How many seconds before a token expires it is replaced by a new one (so that a call sent just before
   * the expiry, or a clock a little behind the service's, does not get a `401`): an integer from 0 to
   * `ttlSeconds - 1`. Default: 300 (5 minutes), or a tenth of `ttlSeconds` when that is shorter.
   */
  renewBeforeSeconds?: number | undefined;
  /** The clock, in Unix ms (tests inject one). Default `Date.now`. Tokens are issued at this time. */
  now?: (() => number) | undefined;
}

/**
 * The provider {@link appTokenProvider} returns: a `TokenProvider`, to pass as the client's `token` option.
 * The client calls it with the reason it needs a token; it resolves to {@link AppToken}. Called without a
 * context (outside the client), it answers as for `initial`.
 */
export type AppTokenProvider = (context?: TokenContext) => Promise<AppToken>;

const HEX32 = /^[0-9a-fA-F]{32}$/;
/** The largest issue time (seconds) the token's unsigned 32-bit field holds. */
const UINT32_MAX = 0xff_ff_ff_ff;

/** Checks an App ID or certificate without ever putting its value in the message. */
function checkHex32(field: 'appId' | 'appCertificate', value: unknown): string {
  const what = field === 'appId' ? "your project's App ID" : "your project's App Certificate";
  if (typeof value !== 'string') {
    throw new TypeError(`appTokenProvider: ${field} must be a string (${what}, 32 hexadecimal characters), got ${value === null ? 'null' : typeof value}`);
  }
  if (!HEX32.test(value)) {
    const problem = value.length !== 32 ? `${value.length} characters${value.trim().length !== value.length ? ' (with spaces around it)' : ''}` : 'characters other than 0-9 and a-f';
    throw new RangeError(`appTokenProvider: ${field} must be ${what}, 32 hexadecimal characters; got ${problem}`);
  }
  return value;
}

function checkInteger(field: string, value: unknown, min: number, max: number, rule: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const got = typeof value === 'number' ? String(value) : typeof value;
    throw new RangeError(`appTokenProvider: ${field} must be an integer from ${min} to ${max} (${rule}), got ${got}`);
  }
  return value;
}

/**
 * Returns a token provider for the client's `token` option: it builds an Agora Chat app token (AccessToken2
 * with the chat app privilege, exactly what `ChatTokenBuilder.buildAppToken` of `agora-token` builds) from the
 * App ID and App Certificate, reuses it until `renewBeforeSeconds` before it expires, then builds a new one.
 * After a `401` (reason `rejected`) it builds a new one at once. Calls made while a token is being built
 * share that build.
 *
 * Bad options throw here (a `TypeError` or `RangeError` naming the option), not at the first call; no
 * message ever contains the App Certificate.
 *
 * @example
 * ```ts
 * const token = appTokenProvider({ appId: process.env.AGORA_APP_ID!, appCertificate: process.env.AGORA_APP_CERTIFICATE! });
 * const push = createChatPushClient({ baseUrl, orgName, appName, token });
 * ```
 */
export function appTokenProvider(options: AppTokenProviderOptions): AppTokenProvider {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('appTokenProvider: pass the options { appId, appCertificate, ttlSeconds?, renewBeforeSeconds?, now? }');
  }
  const appId = checkHex32('appId', options.appId);
  const appCertificate = checkHex32('appCertificate', options.appCertificate);
  const ttl = checkInteger('ttlSeconds', options.ttlSeconds ?? MAX_APP_TOKEN_TTL_SECONDS, 1, MAX_APP_TOKEN_TTL_SECONDS, 'at most 24 h: the longest validity of an Agora Chat app token');
  const renewBefore = checkInteger('renewBeforeSeconds', options.renewBeforeSeconds ?? Math.min(300, Math.floor(ttl / 10)), 0, ttl - 1, 'less than ttlSeconds');
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new TypeError(`appTokenProvider: now must be a function returning Unix time in ms, got ${typeof now}`);

  /** Builds one token issued now; the certificate lives only in this closure. */
  const build = (): AppToken => {
    const ms = now();
    const issuedAt = Math.floor(ms / 1000);
    if (typeof ms !== 'number' || !Number.isFinite(ms) || issuedAt < 1 || issuedAt > UINT32_MAX - ttl) {
      throw new RangeError(`appTokenProvider: now() must return a Unix time in ms (the token stores it in 32 bits), got ${String(ms)}`);
    }
    // These lines are ChatTokenBuilder.buildAppToken of agora-token, with the issue time from `now` instead of
    // the wall clock: the provider, its renewals and the token's own expiry then follow one clock.
    const accessToken = new AccessToken2(appId, appCertificate, issuedAt, ttl);
    const chat = new ServiceChat();
    chat.add_privilege(ServiceChat.kPrivilegeApp, ttl);
    accessToken.add_service(chat);
    const token = accessToken.build();
    // Not reachable with the checks above: build() answers '' only for an App ID or certificate that is not 32 hex.
    if (!token) throw new Error('appTokenProvider: agora-token built no token');
    return { token, expiresAt: (issuedAt + ttl - renewBefore) * 1000 };
  };

  let current: AppToken | undefined;
  let pending: Promise<AppToken> | undefined;
  const renew = (): Promise<AppToken> =>
    (pending ??= Promise.resolve()
      .then(() => (current = build()))
      .finally(() => {
        pending = undefined;
      }));

  const appToken: AppTokenProvider = async (context) => {
    const fresh = current !== undefined && context?.reason !== 'rejected' && now() < current.expiresAt;
    const { token, expiresAt } = fresh ? current! : await renew();
    return { token, expiresAt };
  };
  // A 401 then says to check the App ID and certificate, not only "the app token".
  Object.defineProperty(appToken, APP_TOKEN_PROVIDER, { value: true });
  return appToken;
}
