// The token layer through the public client: when the provider is asked (and why), single-flight refresh,
// expiry by an injected clock. The service is a function standing in for fetch, so every step is in the
// test's hands: no sockets, no real time.
import { describe, expect, it } from 'vitest';
import { ChatPushError, type TokenContext, type TokenValue, createChatPushClient } from '../../packages/client/src/index.js';
import { deferred, jsonResponse, serviceError, settle, successFor } from './support.js';

/** A service that accepts only `valid` tokens; it records the token of every request. */
function service(valid: (token: string) => boolean) {
  const seen: string[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const token = new Headers(init.headers).get('authorization')!.replace(/^Bearer /, '');
    seen.push(token);
    return valid(token) ? jsonResponse(200, successFor(url, init)) : jsonResponse(401, serviceError('auth_bad_access_token', 'bad token', 'E'));
  };
  return { fetch, seen };
}

const client = (token: Parameters<typeof createChatPushClient>[0]['token'], fetch: ReturnType<typeof service>['fetch'], now?: () => number) =>
  createChatPushClient({
    baseUrl: 'http://sandbox.invalid',
    orgName: 'org',
    appName: 'app',
    token,
    fetch,
    rateLimit: false,
    retry: false,
    ...(now ? { now } : {}),
  });

describe('the token provider', () => {
  it('is asked once for 3 concurrent calls that get a 401, even when 401s arrive while it is still answering', async () => {
    // The refused answers are held back and released one by one, so the 2nd and 3rd arrive during the refresh.
    const held: (() => void)[] = [];
    const { fetch: answer, seen } = service((t) => t === 'fresh');
    const fetch = async (url: string, init: RequestInit): Promise<Response> => {
      const response = await answer(url, init);
      if (response.status === 401) await new Promise<void>((release) => held.push(release));
      return response;
    };
    const reasons: (TokenContext['reason'] | undefined)[] = [];
    const refresh = deferred<TokenValue>();
    // `context?.`: the provider also counts calls made without a context.
    const push = client((context?: TokenContext) => {
      reasons.push(context?.reason);
      return reasons.length === 1 ? 'stale' : refresh.promise;
    }, fetch);
    const calls = Array.from({ length: 3 }, () => push.getPreferredNotificationLanguage('user1'));
    await settle(5);
    expect(held).toHaveLength(3);
    for (const release of held) {
      release();
      await settle(5);
    }
    // A slow provider: it answers only now, after every 401 has arrived.
    refresh.resolve('fresh');
    expect(await Promise.all(calls)).toEqual(Array(3).fill({ language: 'EU' }));
    expect(reasons).toHaveLength(2);
    expect(reasons).toEqual(['initial', 'rejected']);
    expect(seen).toEqual(['stale', 'stale', 'stale', 'fresh', 'fresh', 'fresh']);
  });

  it('reuses a token until its expiresAt by the injected clock, then asks again with reason "expiring"', async () => {
    const { fetch, seen } = service(() => true);
    let now = 1_000_000;
    const reasons: TokenContext['reason'][] = [];
    const push = client(
      ({ reason }) => {
        reasons.push(reason);
        return { token: `t${reasons.length}`, expiresAt: now + 60_000 };
      },
      fetch,
      () => now,
    );
    await push.getPreferredNotificationLanguage('user1');
    now += 59_999;
    await push.getPreferredNotificationLanguage('user1');
    expect(reasons).toEqual(['initial']);
    now += 1;
    await push.getPreferredNotificationLanguage('user1');
    expect(reasons).toEqual(['initial', 'expiring']);
    expect(seen).toEqual(['t1', 't1', 't2']);
  });

  it('a plain () => string provider keeps working and is asked again only after a 401', async () => {
    const { fetch, seen } = service((t) => t !== 'first');
    let asked = 0;
    const push = client(() => (++asked === 1 ? 'first' : 'second'), fetch);
    await push.getPreferredNotificationLanguage('user1');
    await push.getPreferredNotificationLanguage('user1');
    expect(asked).toBe(2);
    expect(seen).toEqual(['first', 'second', 'second']);
  });

  it('a provider answer that is not a token rejects with client_error naming what is expected, never the value', async () => {
    const { fetch, seen } = service(() => true);
    for (const bad of ['', { token: '' }, { token: 'secret-value', expiresAt: 'tomorrow' }, null]) {
      const error = await client(() => bad as never, fetch)
        .getPreferredNotificationLanguage('user1')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChatPushError);
      expect(error).toMatchObject({ error: 'client_error', retryable: false });
      expect((error as ChatPushError).message).toContain('non-empty string or { token, expiresAt?');
      expect(JSON.stringify(error)).not.toContain('secret-value');
    }
    expect(seen).toEqual([]);
  });
});
