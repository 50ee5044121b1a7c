/**
 * Removes the app token from text the client passes on (an answer's `error_description` or `exception`, a
 * fetch error's message), raw or URL-encoded. A token of at least {@link ANYWHERE} characters (a real app token
 * has over a hundred) is removed wherever it appears, even glued to other text; a shorter one (a test token
 * such as `t`) only where it stands on its own — as the Authorization header, in quotes, after `=` — so that
 * "Unable to authenticate" stays readable with the token `a`.
 */

/** Characters a token is made of (base64, base64url, and `.` of JWT-like tokens): a token is not inside a run of them. */
const TOKEN_CHAR = 'A-Za-z0-9+/_.\\-';

/** From this length on, a token is removed wherever it appears: no word of a message contains it by chance. */
const ANYWHERE = 8;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** @internal */
export interface Redactor {
  /** Also redacts this token from now on (a token provider's new token). Keeps the last few. */
  add(token: string): void;
  /** `text` with every standalone occurrence of a known token replaced by `[redacted]`. */
  redact(text: string): string;
}

/** @internal */
export function createRedactor(keep = 4): Redactor {
  const tokens: string[] = [];
  let anywhere: RegExp | undefined;
  let alone: RegExp | undefined;
  const union = (forms: string[]): string => forms.map(escapeRegExp).join('|');
  return {
    add(token) {
      if (!token || tokens.includes(token)) return;
      tokens.push(token);
      if (tokens.length > keep) tokens.shift();
      // The raw token and its URL-encoded form, longest first.
      const forms = [...new Set(tokens.flatMap((t) => [t, encodeURIComponent(t)]))].sort((a, b) => b.length - a.length);
      const long = forms.filter((f) => f.length >= ANYWHERE);
      const short = forms.filter((f) => f.length < ANYWHERE);
      anywhere = long.length > 0 ? new RegExp(union(long), 'g') : undefined;
      // A short form must stand on its own: not preceded by a token character (`=` may precede: `token=...`), not
      // followed by one (nor by `=`, padding of a longer token). A captured prefix instead of a lookbehind
      // (Safari before 16.4 has none).
      alone = short.length > 0 ? new RegExp(`(^|[^${TOKEN_CHAR}])(?:${union(short)})(?![${TOKEN_CHAR}=])`, 'g') : undefined;
    },
    redact(text) {
      const out = anywhere ? text.replace(anywhere, '[redacted]') : text;
      return alone ? out.replace(alone, '$1[redacted]') : out;
    },
  };
}
