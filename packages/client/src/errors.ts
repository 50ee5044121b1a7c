import type { components } from './generated/openapi.js';

/**
 * The body of every error answer of the service (the description's `ErrorResponse`): `error` is a stable,
 * machine-readable code to branch on; `error_description` is for people and can change.
 */
export type ErrorResponse = components['schemas']['ErrorResponse'];

/**
 * The codes the client itself gives to a failure that has no answer from the service (status `0`), or whose
 * answer is not what the description documents:
 * - `timeout`: the call took longer than its `timeout` (the wait in the client's rate-limit queue not counted);
 * - `queue_timeout`: the call was **not sent**: it waited longer than `rateLimit.maxQueueWait` in the client's
 *   rate-limit queue (safe to send again, whatever the method);
 * - `invalid_argument`: the call was **not sent**: an argument breaks a rule of the description that the client
 *   checks itself (a path parameter's `minLength`, `maxLength`, `pattern` or `enum`, such as a user ID of 1 to
 *   64 characters of `[A-Za-z0-9_.-]`; `ignoreInterval` on a conversation); the message names it and the rule;
 * - `aborted`: the caller's `AbortSignal` aborted it;
 * - `network_error`: no HTTP answer arrived (DNS failure, refused or reset connection, ...);
 * - `invalid_response`: a success status whose body is not the documented JSON envelope;
 * - `http_error`: an error status without the service's JSON error body (for example from a proxy);
 * - `client_error`: something else threw (for example an openapi-fetch middleware).
 */
export type ClientErrorCode = 'timeout' | 'queue_timeout' | 'invalid_argument' | 'aborted' | 'network_error' | 'invalid_response' | 'http_error' | 'client_error';

/** Everything a {@link ChatPushError} is built from. */
export interface ChatPushErrorInit {
  /** The HTTP status of the answer; `0` when there was none (network failure, timeout, abort). */
  status: number;
  /** The service's `error` code, or one of the {@link ClientErrorCode}s. */
  error: string;
  /** The service's `exception` (its internal exception class), when it sent one. */
  exception?: string | undefined;
  /** The service's `error_description`, or the client's own sentence. */
  error_description: string;
  /** The operation of the description that failed, e.g. `getPushTemplate`. */
  operationId: string;
  /** Whether the same call may succeed when sent again later. */
  retryable: boolean;
  /** How long (ms) the service asked to wait before retrying (`Retry-After`), when it said so. */
  retryAfter?: number | undefined;
  /** The underlying error (a network failure, an abort reason, a JSON syntax error, ...). */
  cause?: unknown;
  /** The answer, when there was one. */
  response?: Response | undefined;
  /** What to check, put in parentheses at the end of the message. Default: by status (401: the app token, ...). */
  hint?: string | undefined;
}

const HINTS: Record<number, string> = {
  401: 'check the app token',
  404: 'check baseUrl, orgName and appName',
  429: "over the App Key's rate limit: retry later",
};

/**
 * The error every method of the client rejects with: an error answer of the service, a network failure,
 * a timeout or an abort. Branch on {@link ChatPushError.error} (a stable code) or
 * {@link ChatPushError.isNotFound}; never on the message.
 *
 * It never contains the app token: not in its message, its fields, `JSON.stringify(error)` or
 * `util.inspect(error)`.
 */
export class ChatPushError extends Error {
  declare readonly name: 'ChatPushError';
  /** The HTTP status of the answer; `0` when there was none (network failure, timeout, abort). */
  declare readonly status: number;
  /**
   * The service's stable `error` code (`illegal_argument`, `entity_not_found`, `auth_bad_access_token`,
   * `reach_limit`, ...: see `ErrorResponse` in the description), or a {@link ClientErrorCode} when the
   * failure happened before or around the answer.
   */
  declare readonly error: string;
  /** The service's `exception`: the class of the exception inside the service, when it sent one. */
  declare readonly exception: string | undefined;
  /** What went wrong, for people (the service's `error_description`, or the client's own sentence). */
  declare readonly error_description: string;
  /** The operation of the description that failed, e.g. `getPushTemplate`. */
  declare readonly operationId: string;
  /**
   * Whether the same call may succeed when sent again later: `true` for `429` (the request was not
   * processed) and, for operations that are safe to repeat (PUT, GET, DELETE, or a POST opted in with
   * `retry.nonIdempotent`), for `503`, network failures and timeouts. The client has already retried
   * those as far as its `retry` options allow.
   */
  declare readonly retryable: boolean;
  /** How long (ms) the service asked to wait before retrying (its `Retry-After` header), when it said so. */
  declare readonly retryAfter: number | undefined;
  /** The answer of the service, when there was one (not enumerable, so logs stay short). */
  declare readonly response: Response | undefined;

  constructor({ cause, response, hint: given, ...fields }: ChatPushErrorInit) {
    const hint = given ?? HINTS[fields.status];
    super(
      `${fields.operationId} failed: ${fields.status ? `${fields.status} ` : ''}${fields.error}: ${fields.error_description}${hint ? ` (${hint})` : ''}`,
      cause === undefined ? undefined : { cause },
    );
    Object.assign(this, { name: 'ChatPushError', exception: undefined, retryAfter: undefined }, fields);
    Object.defineProperty(this, 'response', { value: response });
  }

  /**
   * `true` when the thing named in the call does not exist: a push template (`entity_not_found`) or the
   * user (`required_property_not_found`). The service answers both with HTTP **400**, not 404; a 404 means
   * the org/app or the URL is wrong (check `baseUrl`, `orgName`, `appName`).
   */
  get isNotFound(): boolean {
    return this.error === 'entity_not_found' || this.error === 'required_property_not_found';
  }

  /** The fields, for logs and `JSON.stringify`: everything but the cause and the response. */
  toJSON(): Omit<ChatPushErrorInit, 'cause' | 'response' | 'hint'> & { name: string; message: string } {
    return { ...this, message: this.message };
  }
}
