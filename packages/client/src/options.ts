/**
 * The options of the client, checked when it is created: a mistake that would only show at the first call (as a
 * confusing `client_error` or a retryable `network_error`), or would be sent as is, throws at once with the option
 * named and the fix. The token itself is never printed. (Messages are short: they ship in every browser bundle.)
 */

const kind = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : `a${typeof value === 'object' ? 'n' : ''} ${typeof value}`);

/** A required string option: set, a string, not blank. */
function text(name: string, value: unknown, fix: string): string {
  const problem = value == null ? `is ${String(value)}` : typeof value !== 'string' ? `must be a string, got ${kind(value)}` : value.trim() === '' ? 'is empty' : '';
  if (problem) throw new TypeError(`options.${name} ${problem}: ${fix}`);
  return value as string;
}

/** A number of ms >= 0, or `undefined`. */
function ms(name: string, value: unknown): void {
  if (value !== undefined && !(typeof value === 'number' && value >= 0)) {
    throw new RangeError(`options.${name} must be a number of ms >= 0, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  }
}

/** An optional whole number >= 0. */
function count(name: string, value: unknown): void {
  if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
    throw new RangeError(`options.${name} must be a whole number >= 0, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  }
}

/** Checks what the resilient fetch needs: the token, `timeout`, `retry`, `rateLimit.maxQueueWait`, `fetch`. @internal */
export function checkFetchOptions(options: { token?: unknown; timeout?: unknown; rateLimit?: unknown; retry?: unknown; fetch?: unknown }): void {
  const { token } = options;
  const fix = 'pass the app token or a function returning one';
  if (typeof token !== 'function') {
    // `process.env.AGORA_TOKEN!` of an unset variable is the usual undefined.
    text('token', token, token == null ? `${fix} (is its environment variable set?)` : fix);
    if (/^bearer\s/i.test(token as string)) throw new TypeError('options.token starts with "Bearer ": pass the token alone (the client adds "Bearer ")');
  }
  ms('timeout', options.timeout);
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new TypeError(`options.fetch must be a function (url, init) => Promise<Response>, got ${kind(options.fetch)}: pass one, or leave it out for globalThis.fetch`);
  }
  const { retry } = options;
  if (retry !== undefined && retry !== false) {
    if (typeof retry !== 'object' || retry === null) throw new TypeError(`options.retry must be an object or false, got ${kind(retry)}`);
    const r = retry as Record<string, unknown>;
    count('retry.retries', r.retries);
    for (const key of ['baseDelay', 'maxDelay', 'maxRetryAfter']) ms(`retry.${key}`, r[key]);
  }
  const rateLimit = options.rateLimit as { maxQueueWait?: unknown; store?: unknown } | false | undefined;
  if (rateLimit) ms('rateLimit.maxQueueWait', rateLimit.maxQueueWait);
  if (rateLimit && rateLimit.store !== undefined && typeof (rateLimit.store as { acquire?: unknown } | null)?.acquire !== 'function') {
    throw new TypeError(`options.rateLimit.store must have acquire(budget, signal), got ${kind(rateLimit.store)}: e.g. createRedisRateLimitStore from @agora-chat-push/client/redis`);
  }
}

/** Checks the options of `createChatPushClient` that its fetch does not have (the fetch checks its own). @internal */
export function checkClientOptions(options: { baseUrl?: unknown; orgName?: unknown; appName?: unknown; middleware?: unknown }): void {
  if (options.middleware !== undefined && !(Array.isArray(options.middleware) && options.middleware.every((m) => typeof m === 'object' && m !== null))) {
    throw new TypeError(`options.middleware must be an array of openapi-fetch middleware objects, got ${kind(options.middleware)}`);
  }
  const domain = 'pass https:// and your REST API domain, e.g. "https://a41.chat.agora.io"';
  const baseUrl = text('baseUrl', options.baseUrl, domain);
  const names = [
    ['orgName', text('orgName', options.orgName, 'pass the part of the App Key before "#"')],
    ['appName', text('appName', options.appName, 'pass the part of the App Key after "#"')],
  ] as const;
  for (const [name, value] of names) {
    const [org, app, ...rest] = value.split('#');
    if (app !== undefined) {
      throw new TypeError(
        org && app && rest.length === 0
          ? `options.${name} holds a whole App Key (${JSON.stringify(value)}): pass orgName: ${JSON.stringify(org)} and appName: ${JSON.stringify(app)}`
          : `options.${name} must not contain "#"`,
      );
    }
  }
  if (!/^https?:\/\//i.test(baseUrl)) {
    throw new TypeError(`options.baseUrl must start with https:// (or http://), got ${JSON.stringify(baseUrl)}: use ${JSON.stringify(`https://${baseUrl.replace(/^[\w+.-]*:\/*/, '')}`)}`);
  }
  let path: string;
  let origin: string;
  let protocol: string;
  let hostname: string;
  try {
    ({ origin, pathname: path, protocol, hostname } = new URL(baseUrl));
  } catch {
    throw new TypeError(`options.baseUrl is not a valid URL: ${domain}`);
  }
  // The service's own domains are https only: over http the app token would travel in clear text. Plain http
  // stays possible for a local mock, sandbox or proxy.
  if (protocol === 'http:' && /(^|\.)(agora\.io|easemob\.com)$/i.test(hostname)) {
    throw new TypeError(`options.baseUrl must use https:// for ${hostname} (the app token would be sent in clear text): use ${JSON.stringify(`https://${baseUrl.slice(7)}`)}`);
  }
  const tail = `/${names[0][1]}/${names[1][1]}`;
  if (path.replace(/\/+$/, '').endsWith(tail)) {
    throw new TypeError(`options.baseUrl ends with ${tail}: pass only ${JSON.stringify(origin + path.replace(/\/+$/, '').slice(0, -tail.length))} (the client adds orgName and appName)`);
  }
}
