// appTokenProvider (@agora-chat-push/client/app-token): what it builds, when it renews, what it refuses at
// creation, and that the App Certificate never shows. The clock is always injected.
import agoraToken from 'agora-token';
import { describe, expect, it } from 'vitest';
import { type AppTokenProviderOptions, MAX_APP_TOKEN_TTL_SECONDS, appTokenProvider } from '../../packages/client/src/app-token.js';
import { APP_CERTIFICATE, APP_ID, ISSUED_AT, OTHER_CERTIFICATE, expectAbsent, parseToken } from './support.js';

// agora-token is CommonJS: Node gives its exports to an ES module as the default export only.
const { ChatTokenBuilder } = agoraToken;

/** A clock the test moves by hand (Unix ms). */
function clock(startSeconds = ISSUED_AT) {
  let ms = startSeconds * 1000;
  return {
    now: () => ms,
    advance(seconds: number) {
      ms += seconds * 1000;
    },
  };
}

const provider = (options: Partial<AppTokenProviderOptions> = {}, c = clock()) => appTokenProvider({ appId: APP_ID, appCertificate: APP_CERTIFICATE, now: c.now, ...options });

describe('appTokenProvider builds', () => {
  it('an AccessToken2 app token for the App ID, signed with the certificate, issued at the injected time', async () => {
    const { token } = await provider({ ttlSeconds: 3_600 })({ reason: 'initial' });
    expect(token).toMatch(/^007/);
    const parsed = parseToken(token);
    expect(parsed).toMatchObject({ appId: APP_ID, issueTs: ISSUED_AT, expire: 3_600, chat: [{ privileges: { 2: 3_600 }, userId: '' }] });
    expect(parsed.signedWith(APP_CERTIFICATE)).toBe(true);
    expect(parsed.signedWith(OTHER_CERTIFICATE)).toBe(false);
  });

  it('the same token as ChatTokenBuilder.buildAppToken, but for the issue time and the random salt', async () => {
    const official = parseToken(ChatTokenBuilder.buildAppToken(APP_ID, APP_CERTIFICATE, 600));
    const ours = parseToken((await provider({ ttlSeconds: 600 })()).token);
    const { issueTs: _a, signedWith: _b, ...officialFields } = official;
    const { issueTs: _c, signedWith: _d, ...ourFields } = ours;
    expect(ourFields).toEqual(officialFields);
  });

  it('a token valid for 24 h by default, renewed 5 minutes before it expires', async () => {
    const { token, expiresAt } = await provider()();
    expect(parseToken(token).expire).toBe(86_400);
    expect(expiresAt).toBe((ISSUED_AT + 86_400 - 300) * 1000);
  });

  it('expiresAt = issue time + ttlSeconds - renewBeforeSeconds (default a tenth of a short TTL)', async () => {
    expect((await provider({ ttlSeconds: 600 })()).expiresAt).toBe((ISSUED_AT + 600 - 60) * 1000);
    expect((await provider({ ttlSeconds: 600, renewBeforeSeconds: 0 })()).expiresAt).toBe((ISSUED_AT + 600) * 1000);
    expect((await provider({ ttlSeconds: 1 })()).expiresAt).toBe((ISSUED_AT + 1) * 1000);
  });

  it('the issue time from the clock in whole seconds (the token format counts seconds)', async () => {
    const { token, expiresAt } = await provider({ ttlSeconds: 600, renewBeforeSeconds: 0, now: () => ISSUED_AT * 1000 + 999 })();
    expect(parseToken(token).issueTs).toBe(ISSUED_AT);
    expect(expiresAt).toBe((ISSUED_AT + 600) * 1000);
  });
});

describe('appTokenProvider reuses and renews', () => {
  it('reuses the token until expiresAt, then builds a new one issued at the new time', async () => {
    const c = clock();
    const get = provider({ ttlSeconds: 600, renewBeforeSeconds: 60 }, c);
    const first = await get({ reason: 'initial' });
    c.advance(539);
    expect(await get({ reason: 'initial' })).toEqual(first);
    c.advance(1); // now = expiresAt
    const second = await get({ reason: 'expiring' });
    expect(second.token).not.toBe(first.token);
    expect(parseToken(second.token).issueTs).toBe(ISSUED_AT + 540);
    expect(second.expiresAt).toBe((ISSUED_AT + 540 + 540) * 1000);
  });

  it('builds a new token at once after a 401 (reason rejected), even when the old one is fresh', async () => {
    const get = provider();
    const first = await get({ reason: 'initial' });
    const second = await get({ reason: 'rejected' });
    expect(second.token).not.toBe(first.token);
    expect(await get({ reason: 'initial' })).toEqual(second);
  });

  it('shares one build among calls made while it runs', async () => {
    const get = provider();
    const tokens = await Promise.all([get({ reason: 'rejected' }), get({ reason: 'initial' }), get({ reason: 'rejected' }), get()]);
    // Each build has its own random salt, so one token means one build.
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
    const again = await get({ reason: 'rejected' });
    expect(again.token).not.toBe(tokens[0]!.token);
  });

  it('hands out a copy: changing what it returned does not change its cache', async () => {
    const get = provider();
    const first = await get();
    first.token = 'changed';
    first.expiresAt = 0;
    expect((await get()).token).toMatch(/^007/);
  });

  it('rejects a call whose clock reading cannot be a token issue time, and builds on the next call', async () => {
    let ms = Number.NaN;
    const get = provider({ now: () => ms });
    await expect(get()).rejects.toThrow(/now\(\) must return a Unix time in ms.*got NaN/);
    ms = 2 ** 32 * 1000;
    await expect(get()).rejects.toThrow(/got 4294967296000/);
    ms = ISSUED_AT * 1000;
    expect(parseToken((await get()).token).issueTs).toBe(ISSUED_AT);
  });
});

describe('appTokenProvider refuses bad options at creation', () => {
  const cases: [string, Partial<AppTokenProviderOptions> | unknown, RegExp][] = [
    ['no options', undefined, /pass the options \{ appId, appCertificate/],
    ['an App ID that is not a string', { appId: 42 }, /appId must be a string \(your project's App ID, 32 hexadecimal characters\), got number/],
    ['an App ID of 31 characters', { appId: APP_ID.slice(1) }, /appId must be your project's App ID, 32 hexadecimal characters; got 31 characters/],
    ['an App ID with a non-hex character', { appId: `${APP_ID.slice(1)}g` }, /appId .* got characters other than 0-9 and a-f/],
    ['a certificate that is missing', { appCertificate: undefined }, /appCertificate must be a string .* got undefined/],
    ['a certificate with a newline after it', { appCertificate: `${APP_CERTIFICATE}\n` }, /appCertificate .* got 33 characters \(with spaces around it\)/],
    ['a certificate with a non-hex character', { appCertificate: `${APP_CERTIFICATE.slice(1)}z` }, /appCertificate .* got characters other than 0-9 and a-f/],
    ['a TTL of 0', { ttlSeconds: 0 }, /ttlSeconds must be an integer from 1 to 86400 \(at most 24 h.*got 0/],
    ['a TTL over 24 h', { ttlSeconds: 86_401 }, /ttlSeconds must be an integer from 1 to 86400 .*got 86401/],
    ['a TTL in ms by mistake', { ttlSeconds: 86_400_000 }, /ttlSeconds .*got 86400000/],
    ['a fractional TTL', { ttlSeconds: 1.5 }, /ttlSeconds .*got 1.5/],
    ['a TTL given as a string', { ttlSeconds: '600' }, /ttlSeconds .*got string/],
    ['a renewal no earlier than the TTL', { ttlSeconds: 600, renewBeforeSeconds: 600 }, /renewBeforeSeconds must be an integer from 0 to 599 \(less than ttlSeconds\), got 600/],
    ['a negative renewal', { renewBeforeSeconds: -1 }, /renewBeforeSeconds .*got -1/],
    ['a clock that is not a function', { now: 5 }, /now must be a function returning Unix time in ms, got number/],
  ];
  for (const [name, patch, message] of cases) {
    it(`${name}`, () => {
      const options = patch === undefined ? undefined : { appId: APP_ID, appCertificate: APP_CERTIFICATE, ...(patch as object) };
      let error: unknown;
      try {
        appTokenProvider(options as AppTokenProviderOptions);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/^appTokenProvider: /);
      expect((error as Error).message).toMatch(message);
      expectAbsent(error, APP_CERTIFICATE);
      expectAbsent(error, APP_CERTIFICATE.slice(1));
    });
  }

  it('accepts the whole documented range: TTL 1 to 86 400 s, renewal 0 to TTL - 1', () => {
    expect(MAX_APP_TOKEN_TTL_SECONDS).toBe(86_400);
    for (const [ttlSeconds, renewBeforeSeconds] of [
      [1, 0],
      [86_400, 86_399],
      [3_600, undefined],
    ] as const) {
      expect(typeof provider({ ttlSeconds, renewBeforeSeconds })).toBe('function');
    }
  });
});

describe('the App Certificate', () => {
  it('is not in the inspection or the JSON of the provider, or of what it returns', async () => {
    const get = provider();
    expectAbsent(get, APP_CERTIFICATE);
    expectAbsent({ token: get }, APP_CERTIFICATE);
    expectAbsent(await get(), APP_CERTIFICATE);
  });

  it('is not in the token (AccessToken2 carries an HMAC made with it, not the certificate)', async () => {
    const { token } = await provider()();
    const inflated = (await import('node:zlib')).inflateSync(Buffer.from(token.slice(3), 'base64'));
    expect(inflated.toString('latin1').toLowerCase()).not.toContain(APP_CERTIFICATE.toLowerCase());
    expect(inflated.toString('hex')).not.toContain(Buffer.from(APP_CERTIFICATE).toString('hex'));
  });

  it('is not in the error of a failed build', async () => {
    const error = await provider({ now: () => -1 })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expectAbsent(error, APP_CERTIFICATE);
  });
});
