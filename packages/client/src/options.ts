/**
 * The options of the client, checked when it is created: a mistake that would only show at the first call (as a
 * confusing `client_error` or a retryable `network_error`), or would be sent as is, throws at once with the option
 * named and the fix. The token itself is never printed.
 */

const kind = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;

/** A required string option: set, a string, not blank. */
function requireString(name: string, value: unknown, what: string): string {
  if (value === undefined || value === null) throw new TypeError(`options.${name} is ${String(value)}: ${what}`);
  if (typeof value !== 'string') throw new TypeError(`options.${name} must be a string, got ${kind(value)}: ${what}`);
  if (value.trim() === '') throw new TypeError(`options.${name} is an empty string: ${what}`);
  return value;
}

/** A number of ms >= 0 (or `undefined`). */
function checkMs(name: string, value: unknown, rule: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new RangeError(`options.${name} must be a number of ms >= 0 (${rule}), got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  }
}

/** Checks what the resilient fetch needs: the token, `timeout`, `rateLimit.maxQueueWait`. @internal */
export function checkFetchOptions(options: {
  token?: unknown;
  timeout?: unknown;
  rateLimit?: unknown;
}): void {
  const { token } = options;
  if (token === undefined || token === null) {
    throw new TypeError(
      `options.token is ${String(token)}: pass the app token (a string) or a function that returns one; ` +
        'if it comes from an environment variable, that variable is not set',
    );
  }
  if (typeof token !== 'string' && typeof token !== 'function') {
    throw new TypeError(`options.token must be a string or a function that returns one, got ${kind(token)}`);
  }
  if (typeof token === 'string') {
    if (token.trim() === '') throw new TypeError('options.token is an empty string: pass the app token (a string) or a function that returns one');
    if (/^bearer\s/i.test(token)) {
      throw new TypeError('options.token starts with "Bearer ": pass the app token alone; the client adds "Bearer " itself');
    }
  }
  checkMs('timeout', options.timeout, '0: none');
  const rateLimit = options.rateLimit as { maxQueueWait?: unknown } | false | undefined;
  if (rateLimit) checkMs('rateLimit.maxQueueWait', rateLimit.maxQueueWait, 'the longest wait in the rate-limit queue');
}

/** Checks the options of `createChatPushClient` (the fetch's included). @internal */
export function checkClientOptions(options: {
  baseUrl?: unknown;
  orgName?: unknown;
  appName?: unknown;
  token?: unknown;
  timeout?: unknown;
  rateLimit?: unknown;
}): void {
  const where = 'pass https:// and the REST API domain of your project (Agora Console, Chat project, "REST API" field), e.g. "https://a41.chat.agora.io"';
  const baseUrl = requireString('baseUrl', options.baseUrl, where);
  const orgName = requireString('orgName', options.orgName, 'pass the part of the App Key before "#" (org_name#app_name)');
  const appName = requireString('appName', options.appName, 'pass the part of the App Key after "#" (org_name#app_name)');
  for (const [name, value] of [['orgName', orgName], ['appName', appName]] as const) {
    const parts = value.split('#');
    if (parts.length === 2 && parts[0] && parts[1]) {
      throw new TypeError(
        `options.${name} holds a whole App Key (${JSON.stringify(value)}): pass orgName: ${JSON.stringify(parts[0])} and appName: ${JSON.stringify(parts[1])}`,
      );
    }
    if (parts.length > 1) throw new TypeError(`options.${name} must not contain "#", got ${JSON.stringify(value)}: the App Key is orgName#appName`);
  }
  if (!/^https?:\/\//i.test(baseUrl)) {
    const fixed = `https://${baseUrl.replace(/^[a-z][a-z0-9+.-]*:\/*/i, '')}`;
    throw new TypeError(
      `options.baseUrl must start with https:// (or http:// for a local server), got ${JSON.stringify(baseUrl)}: use ${JSON.stringify(fixed)}`,
    );
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`options.baseUrl is not a valid URL (${JSON.stringify(baseUrl)}): ${where}`);
  }
  const tail = `/${orgName}/${appName}`;
  if (url.pathname.replace(/\/+$/, '').endsWith(tail)) {
    const origin = `${url.origin}${url.pathname.replace(/\/+$/, '').slice(0, -tail.length)}`;
    throw new TypeError(
      `options.baseUrl ends with ${tail}: pass only https:// and the domain (${JSON.stringify(origin)}); the client adds orgName and appName`,
    );
  }
  checkFetchOptions(options);
}
