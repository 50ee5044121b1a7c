/**
 * Redaction: what `agora-chat-push-verify` prints and what the proxy records never carries a secret.
 * - the `Authorization` header keeps its scheme only (`Bearer [REDACTED]`), so a recorded exchange still
 *   shows that a token was sent; cookies and API-key headers are replaced whole;
 * - query parameters whose name says secret (`token`, `access_token`, `secret`, `signature`, ...) and any
 *   user:password in a URL are replaced;
 * - in bodies, string values under such names, and every occurrence of a token seen in the exchange's
 *   `Authorization` header, are replaced.
 */

/** What stands in for a secret. */
export const REDACTED = '[REDACTED]';

const SECRET_HEADERS = new Set(['cookie', 'set-cookie', 'proxy-authorization', 'x-api-key', 'x-auth-token', 'x-access-token']);
/** Names of query parameters and body fields that hold secrets. `key` alone is not one: this API's conversation key is a path value. */
const SECRET_NAME = /token|secret|passw|signature|^sig$|credential|certificate|^auth|api[-_]?key|access[-_]?key|private[-_]?key/i;

/** The token of an `Authorization` header (`Bearer abc` -> `abc`), if any. */
export function tokenOf(authorization: string | undefined): string | undefined {
  const m = /^\s*\S+\s+(\S.*?)\s*$/.exec(authorization ?? '');
  return m?.[1] && m[1] !== REDACTED ? m[1] : undefined;
}

/** The secrets an exchange's `Authorization` header carries (its token, if any), for `scrub` and the redact functions. */
export function secretsOf(authorization: string | undefined): string[] {
  const token = tokenOf(authorization);
  return token === undefined ? [] : [token];
}

/** Replaces every occurrence of each secret in `text` (longest first, so no part of a secret survives). */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** A header value as it may be shown: secrets replaced, the Authorization scheme kept. */
export function redactHeader(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'authorization') {
    const scheme = /^\s*(\S+)\s+\S/.exec(value)?.[1];
    return scheme ? `${scheme} ${REDACTED}` : value.trim() === '' ? value : REDACTED;
  }
  return SECRET_HEADERS.has(lower) || SECRET_NAME.test(lower) ? REDACTED : value;
}

/** A URL as it may be shown: user:password removed, secret query values replaced, known secrets scrubbed. */
export function redactUrl(url: string, secrets: readonly string[] = []): string {
  let out = url;
  try {
    const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(url);
    const parsed = new URL(url, 'http://relative.invalid');
    if (parsed.username || parsed.password) {
      parsed.username = '';
      parsed.password = '';
    }
    for (const name of new Set(parsed.searchParams.keys())) {
      if (SECRET_NAME.test(name)) parsed.searchParams.set(name, REDACTED);
    }
    out = absolute ? parsed.href : `${parsed.pathname}${parsed.search}${parsed.hash}`;
    out = out.replace(/%5BREDACTED%5D/g, REDACTED);
  } catch {
    // Not a URL: shown as it is, with known secrets scrubbed below.
  }
  return scrub(out, secrets);
}

/** `value` with secret-named fields replaced; `replaced.count` counts the values that were not REDACTED already. */
function redactJson(value: unknown, replaced: { count: number }): unknown {
  if (Array.isArray(value)) return value.map((item) => redactJson(item, replaced));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (!SECRET_NAME.test(k) || (typeof v !== 'string' && typeof v !== 'number')) return [k, redactJson(v, replaced)];
        if (v !== REDACTED) replaced.count++;
        return [k, REDACTED];
      }),
    );
  }
  return value;
}

/** A body as it may be recorded: JSON fields named like secrets replaced, known secrets scrubbed anywhere. */
export function redactBody(text: string, secrets: readonly string[] = []): string {
  let out = text;
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const replaced = { count: 0 };
      const redacted = redactJson(JSON.parse(text), replaced);
      // Re-serialise only when something changed, so a body is otherwise recorded byte for byte.
      if (replaced.count > 0) out = JSON.stringify(redacted);
    } catch {
      // Not JSON: only the scrub below applies.
    }
  }
  return scrub(out, secrets);
}
