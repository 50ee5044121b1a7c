/**
 * The sandbox's check of real Agora Chat app tokens: parses and verifies an AccessToken2 (`007…`) token with
 * Agora's official library (`agora-token`) against one App ID and App Certificate, and says why it refuses
 * one. Pure: the clock is injected; nothing is logged, and no answer contains the token or the certificate.
 */
import { createRequire } from 'node:module';
import type { AuthorizeContext, AuthorizeResult } from './sandbox/core.js';

/** The part of agora-token's `src/AccessToken2.js` used here (the package types only its builders). */
interface AgoraAccessToken2 {
  kChatServiceType: number;
  ServiceChat: { readonly kPrivilegeApp: number };
  AccessToken2: new () => {
    /** The App ID the token names (a Buffer once parsed). */
    appId: { toString(): string };
    /** Unix time (s) the token was issued. */
    issueTs: number;
    /** Seconds after `issueTs` the token expires. */
    expire: number;
    /** Parses a `007…` token; `false` when it is not one. */
    from_string(token: string): boolean;
    /** Whether the parsed token was signed with this certificate. */
    verifySignature(appCertificate: string): boolean;
    /** The parsed services of one type; `__privileges` maps a privilege to seconds after `issueTs`. */
    getServices(serviceType: number): { __privileges: Record<number, number> }[];
  };
}
// agora-token is CommonJS; its AccessToken2 (parse and verify) is not exported by its index. Loaded on the first
// verifier, so that the bin can check `--app-credentials` (and run Prism) without loading it.
let agora: AgoraAccessToken2 | undefined;
const loadAgora = (): AgoraAccessToken2 => (agora ??= createRequire(import.meta.url)('agora-token/src/AccessToken2.js') as AgoraAccessToken2);

/** The App ID and App Certificate of the Agora project whose app tokens the sandbox accepts. */
export interface AppCredentials {
  /** The App ID: 32 hexadecimal characters. */
  appId: string;
  /** The App Certificate: 32 hexadecimal characters. Never logged or put in an error. */
  appCertificate: string;
}

/**
 * Why a token is refused: `malformed` (not an AccessToken2 token), `wrong App ID` (built for another
 * project), `wrong signature` (signed with another certificate, or altered), `not an app token` (no chat app
 * privilege: a user token, or a token for another Agora service), `expired` (the token or its privilege).
 */
export type AppTokenRejection = 'expired' | 'wrong signature' | 'wrong App ID' | 'not an app token' | 'malformed';

/** The verdict on one token. */
export type AppTokenVerdict = { ok: true } | { ok: false; reason: AppTokenRejection };

/** Options of {@link createAppTokenVerifier}. */
export interface AppTokenVerifierOptions {
  /** The clock, in Unix ms. Default `Date.now`. */
  now?: (() => number) | undefined;
}

const HEX32 = /^[0-9a-fA-F]{32}$/;

/** Throws a clear error for an App ID or certificate that is not 32 hex characters, without its value. */
function checkHex32(field: 'appId' | 'appCertificate', value: unknown): string {
  if (typeof value !== 'string' || !HEX32.test(value)) {
    const got = typeof value !== 'string' ? (value === null ? 'null' : typeof value) : value.length !== 32 ? `${value.length} characters` : 'characters other than 0-9 and a-f';
    throw new RangeError(`app credentials: ${field} must be 32 hexadecimal characters; got ${got}`);
  }
  return value;
}

/** Checks credentials given from code: `{ appId, appCertificate }`, each 32 hex characters. */
export function checkAppCredentials(credentials: AppCredentials): AppCredentials {
  if (typeof credentials !== 'object' || credentials === null) {
    throw new TypeError('app credentials must be { appId, appCertificate }');
  }
  return { appId: checkHex32('appId', credentials.appId), appCertificate: checkHex32('appCertificate', credentials.appCertificate) };
}

/** Parses `<appId>:<appCertificate>` (the bin's `--app-credentials`); errors never contain the certificate. */
export function parseAppCredentials(text: string): AppCredentials {
  const parts = text.split(':');
  if (parts.length !== 2) {
    throw new RangeError(`--app-credentials must be <appId>:<appCertificate> (two parts separated by one ":"), got ${parts.length} part${parts.length === 1 ? '' : 's'}`);
  }
  return checkAppCredentials({ appId: parts[0]!, appCertificate: parts[1]! });
}

/**
 * Returns a function that checks an app token: an AccessToken2 token for this App ID, signed with this
 * certificate, with the chat app privilege (`ServiceChat.kPrivilegeApp`, what `ChatTokenBuilder.buildAppToken`
 * puts in), whose validity and privilege have not run out at `now()` (issue time + the seconds in the token).
 * Throws at creation when the credentials are not 32 hex characters each.
 */
export function createAppTokenVerifier(credentials: AppCredentials, options: AppTokenVerifierOptions = {}): (token: string) => AppTokenVerdict {
  const { appId, appCertificate } = checkAppCredentials(credentials);
  const { AccessToken2, ServiceChat, kChatServiceType } = loadAgora();
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new TypeError(`now must be a function returning Unix time in ms, got ${typeof now}`);
  const refuse = (reason: AppTokenRejection): AppTokenVerdict => ({ ok: false, reason });

  /** What a token says for all time: why it is refused, or when (Unix ms) it stops being valid. */
  const judge = (token: string): AppTokenRejection | number => {
    const parsed = new AccessToken2();
    if (!parsed.from_string(token)) return 'malformed';
    // Compared as written: an App ID is the Console's 32 hex characters, and the token carries it verbatim.
    if (parsed.appId.toString() !== appId) return 'wrong App ID';
    if (!parsed.verifySignature(appCertificate)) return 'wrong signature';
    const privileges = parsed
      .getServices(kChatServiceType)
      .map((service) => service.__privileges[ServiceChat.kPrivilegeApp])
      .filter((seconds): seconds is number => typeof seconds === 'number');
    if (privileges.length === 0) return 'not an app token';
    // The token and its privilege both count in seconds from the issue time; the earlier end wins.
    return (parsed.issueTs + Math.min(parsed.expire, ...privileges)) * 1000;
  };

  // Parsing and checking the HMAC costs about 18 µs, more than the rest of a sandbox request: the verdicts of
  // the last tokens seen are kept (a client sends the same token until it renews it); only the expiry is
  // checked again, against the clock, each time.
  const seen = new Map<string, AppTokenRejection | number>();
  const SEEN_MAX = 256;

  return function verifyAppToken(token: string): AppTokenVerdict {
    if (typeof token !== 'string') return refuse('malformed');
    let verdict = seen.get(token);
    if (verdict === undefined) {
      verdict = judge(token);
      if (seen.size >= SEEN_MAX) seen.clear();
      seen.set(token, verdict);
    }
    if (typeof verdict === 'string') return refuse(verdict);
    return now() >= verdict ? refuse('expired') : { ok: true };
  };
}

/** What the sandbox's `authorize` hook answers (the shape of `AuthorizeResult` in the sandbox core). */
export type AppTokenAuthorization = AuthorizeResult;

/**
 * The `error_description` of the `401 auth_bad_access_token` answer for each refusal, in the service's words
 * (Easemob's REST error table, `docs/document/server-side/error.md` of easemob/easemob-doc, "Token 相关错误码"):
 * a token that cannot be read is "corrupt"; a readable one the service did not issue is refused with
 * "Unable to authenticate"; an expired one "due to expired access token". The precise reason goes to the log.
 */
const SERVICE_WORDS: Record<AppTokenRejection, string> = {
  malformed: 'Unable to authenticate due to corrupt access token',
  'wrong App ID': 'Unable to authenticate',
  'wrong signature': 'Unable to authenticate',
  'not an app token': 'Unable to authenticate',
  expired: 'Unable to authenticate due to expired access token',
};

/**
 * The sandbox's `authorize` hook for `appCredentials` / `--app-credentials`: accepts the app tokens
 * {@link createAppTokenVerifier} accepts; for any other it logs `app token refused: <reason>` with the operation
 * and the App Key (never the token) and answers the service's sentence.
 */
export function appTokenAuthorizer(
  credentials: AppCredentials,
  options: AppTokenVerifierOptions & { log?: ((line: string) => void) | undefined } = {},
): (token: string, context: Pick<AuthorizeContext, 'appKey' | 'operationId'>) => AppTokenAuthorization {
  const verify = createAppTokenVerifier(credentials, options);
  const { log } = options;
  return (token, context) => {
    const verdict = verify(token);
    if (verdict.ok) return verdict;
    if (log) log(`app token refused: ${verdict.reason} (${context.operationId}, App Key ${context.appKey})`);
    // An expired token is `401 unauthorized` in the service's table; every other refusal `auth_bad_access_token`.
    return { ok: false, reason: SERVICE_WORDS[verdict.reason], error: verdict.reason === 'expired' ? 'unauthorized' : 'auth_bad_access_token' };
  };
}
