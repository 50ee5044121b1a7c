// The client with appTokenProvider against the sandbox started with the matching app credentials: one clock,
// injected into all three (provider, client, sandbox), moved by hand.
import agoraToken from 'agora-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppTokenReason, appTokenProvider } from '../../packages/client/src/app-token.js';
import { ChatPushError, type TokenProvider, createChatPushClient } from '../../packages/client/src/index.js';
import { type RunningSandbox, startSandbox } from '../../packages/mock/src/index.js';
import { APP_CERTIFICATE, APP_ID, ISSUED_AT, OTHER_APP_ID, OTHER_CERTIFICATE, buildToken, expectAbsent, parseToken } from './support.js';

// agora-token is CommonJS: Node gives its exports to an ES module as the default export only.
const { ChatTokenBuilder } = agoraToken;

let ms = ISSUED_AT * 1000;
const now = (): number => ms;
const log: string[] = [];
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ appCredentials: { appId: APP_ID, appCertificate: APP_CERTIFICATE }, now, log: (line) => log.push(line) });
});
afterAll(async () => {
  await sandbox?.close();
});

/** A provider that records why the client asked it. */
function recorded(options: { appCertificate?: string; appId?: string } = {}) {
  const reasons: AppTokenReason[] = [];
  const provider = appTokenProvider({ appId: APP_ID, appCertificate: APP_CERTIFICATE, now, ...options });
  const token: TokenProvider = (context) => {
    reasons.push(context.reason);
    return provider(context);
  };
  return { token, reasons };
}

const client = (token: TokenProvider | string, appName: string) => createChatPushClient({ baseUrl: sandbox.url, orgName: 'tokens-org', appName, token, now, retry: false });

describe('the client with appTokenProvider, against the sandbox with the matching credentials', () => {
  it('calls succeed, with one token for many calls', async () => {
    const { token, reasons } = recorded();
    const push = client(token, 'ok-app');
    await push.setPreferredNotificationLanguage('user1', 'EU');
    expect(await push.getPreferredNotificationLanguage('user1')).toEqual({ language: 'EU' });
    await Promise.all([push.getSilentModeForAll('user1'), push.getSilentModeForAll('user2'), push.getSilentModeForAll('user3')]);
    expect(reasons).toEqual(['initial']);
  });

  it("with the clock moved past the token's expiry, the provider renews it and calls still succeed", async () => {
    const { token, reasons } = recorded();
    const push = client(token, 'renew-app');
    await push.setPreferredNotificationLanguage('user1', 'DE');
    // The first token is issued now for 24 h; move past its expiry.
    ms += 25 * 3_600_000;
    expect(await push.getPreferredNotificationLanguage('user1')).toEqual({ language: 'DE' });
    expect(reasons).toEqual(['initial', 'expiring']);
  });

  it('a token kept past its expiry is refused (what the renewal above avoids)', async () => {
    const stale = (await appTokenProvider({ appId: APP_ID, appCertificate: APP_CERTIFICATE, now, ttlSeconds: 600 })()).token;
    ms += 601_000;
    log.length = 0;
    const error = await client(stale, 'stale-app')
      .getSilentModeForAll('user1')
      .catch((e: unknown) => e);
    // Easemob's error table: an expired token is 401 unauthorized, not auth_bad_access_token.
    expect(error).toMatchObject({ status: 401, error: 'unauthorized', error_description: 'Unable to authenticate due to expired access token' });
    expect(log.filter((l) => l.startsWith('app token refused'))).toEqual(['app token refused: expired (getPushSettings, App Key tokens-org#stale-app)']);
  });

  it('a wrong certificate gets 401 and a clear ChatPushError, after one fresh token was tried', async () => {
    const { token, reasons } = recorded({ appCertificate: OTHER_CERTIFICATE });
    log.length = 0;
    const push = client(token, 'wrong-cert-app');
    const error = await push.getPushTemplate('t1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatPushError);
    expect(error).toMatchObject({ status: 401, error: 'auth_bad_access_token', operationId: 'getPushTemplate', retryable: false });
    expect((error as Error).message).toBe('getPushTemplate failed: 401 auth_bad_access_token: Unable to authenticate (check the app token)');
    expect(reasons).toEqual(['initial', 'rejected']);
    expect(log.filter((l) => l.startsWith('app token refused'))).toEqual([
      'app token refused: wrong signature (getPushTemplate, App Key tokens-org#wrong-cert-app)',
      'app token refused: wrong signature (getPushTemplate, App Key tokens-org#wrong-cert-app)',
    ]);
    for (const secret of [APP_CERTIFICATE, OTHER_CERTIFICATE]) {
      expectAbsent(error, secret);
      expectAbsent(push, secret);
      expectAbsent(log, secret);
    }
  });

  it('a token built for a user, not the app, is refused', async () => {
    const userToken = buildToken({ userId: 'user1', privileges: { 1: 3_600 }, issueTs: Math.floor(ms / 1000) });
    log.length = 0;
    const error = await client(userToken, 'user-token-app')
      .getSilentModeForAll('user1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, error: 'auth_bad_access_token' });
    expect(log[0]).toBe('app token refused: not an app token (getPushSettings, App Key tokens-org#user-token-app)');
    expectAbsent(log, userToken);
  });

  it('a token of another App ID is refused, and the log says so', async () => {
    log.length = 0;
    const { token } = recorded({ appId: OTHER_APP_ID });
    await expect(client(token, 'other-app').getSilentModeForAll('user1')).rejects.toMatchObject({ status: 401 });
    expect(log.filter((l) => l.startsWith('app token refused'))[0]).toMatch(/^app token refused: wrong App ID /);
  });

  it('a token that is no AccessToken2 is refused as corrupt, and the log says malformed', async () => {
    log.length = 0;
    const error = await client('not-a-token', 'malformed-app')
      .getSilentModeForAll('user1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, error: 'auth_bad_access_token', error_description: 'Unable to authenticate due to corrupt access token' });
    expect(log[0]).toBe('app token refused: malformed (getPushSettings, App Key tokens-org#malformed-app)');
    expectAbsent(log, 'not-a-token');
  });
});

describe('the sandbox with app credentials', () => {
  it('accepts a token of ChatTokenBuilder.buildAppToken issued at its clock', async () => {
    // Built on the wall clock: the sandbox's clock is set to the token's issue time.
    const official = ChatTokenBuilder.buildAppToken(APP_ID, APP_CERTIFICATE, 3_600);
    const issuedAt = parseToken(official).issueTs * 1000;
    const real = await startSandbox({ appCredentials: { appId: APP_ID, appCertificate: APP_CERTIFICATE }, now: () => issuedAt });
    try {
      const push = createChatPushClient({ baseUrl: real.url, orgName: 'o', appName: 'a', token: official });
      expect(await push.getPreferredNotificationLanguage('user1')).toEqual({ language: '' });
    } finally {
      await real.close();
    }
  });

  it('refuses to start with tokens or authorize as well', async () => {
    const appCredentials = { appId: APP_ID, appCertificate: APP_CERTIFICATE };
    await expect(startSandbox({ appCredentials, tokens: ['t'] })).rejects.toThrow(/appCredentials decides which tokens are accepted/);
    await expect(startSandbox({ appCredentials, authorize: () => ({ ok: true }) })).rejects.toThrow(/pass neither tokens nor authorize/);
  });

  it('refuses to start with credentials that are not 32 hex characters, without echoing the certificate', async () => {
    const error = await startSandbox({ appCredentials: { appId: APP_ID, appCertificate: `${APP_CERTIFICATE}0` } }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('app credentials: appCertificate must be 32 hexadecimal characters; got 33 characters');
    expectAbsent(error, APP_CERTIFICATE);
  });

  it('is what refuses a user token: without the option the sandbox accepts any token, as before', async () => {
    const open = await startSandbox({ now });
    try {
      const userToken = buildToken({ userId: 'user1', privileges: { 1: 3_600 } });
      const push = createChatPushClient({ baseUrl: open.url, orgName: 'o', appName: 'a', token: userToken });
      expect(await push.getPreferredNotificationLanguage('user1')).toEqual({ language: '' });
    } finally {
      await open.close();
    }
  });
});
