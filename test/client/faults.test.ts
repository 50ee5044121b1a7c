// Fault injection against a local node:http server: each test counts the requests that reached the server
// (nothing lost, no non-idempotent call sent twice) and checks what the caller saw.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatPushError, type ChatPushClientOptions, type Middleware, createChatPushClient, createChatPushFetch, createClient, type paths } from '../../packages/client/src/index.js';
import { type FaultServer, type Handler, json, serviceError, startFaultServer, success } from './support.js';

const servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const serve = async (handler: Handler): Promise<FaultServer> => {
  const server = await startFaultServer(handler);
  servers.push(server);
  return server;
};

let app = 0;
/** A client with fast backoff; a new App Key per client so no test shares a rate-limit window with another. */
const client = (server: FaultServer, options: Partial<ChatPushClientOptions> = {}) =>
  createChatPushClient({
    baseUrl: server.url,
    orgName: 'org',
    appName: `app${++app}`,
    token: 'test-token',
    retry: { baseDelay: 5, maxDelay: 20 },
    ...options,
  });

const rejection = async (promise: Promise<unknown>): Promise<ChatPushError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChatPushError);
  return error as ChatPushError;
};

describe('timeout and abort', () => {
  // The timeout on fake timers, with a fetch that never answers (it rejects with the signal's reason once the
  // call aborts, as fetch does): the request is sent before the timeout fires however busy the machine is.
  const silentService = () => {
    const sent: number[] = [];
    const fetch = (_url: string, init: RequestInit): Promise<Response> =>
      new Promise((_resolve, reject) => {
        sent.push(performance.now());
        init.signal?.addEventListener('abort', () => reject(init.signal!.reason));
      });
    return { fetch, sent };
  };
  const silentClient = (fetch: ReturnType<typeof silentService>['fetch'], timeout: number) =>
    createChatPushClient({ baseUrl: 'http://silent.invalid', orgName: 'org', appName: `silent${++app}`, token: 't', timeout, fetch });

  it('a call with no answer within its timeout rejects with error "timeout" after one request, not retried', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const service = silentService();
      const started = performance.now();
      const pending = rejection(silentClient(service.fetch, 150).getPreferredNotificationLanguage('user1'));
      await vi.advanceTimersByTimeAsync(149);
      expect(service.sent).toEqual([started]);
      await vi.advanceTimersByTimeAsync(1);
      const e = await pending;
      expect(e).toMatchObject({ status: 0, error: 'timeout', operationId: 'getPushLanguage', retryable: true });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(service.sent).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a per-call timeout overrides the client timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const service = silentService();
      let settled = false;
      const pending = rejection(silentClient(service.fetch, 60_000).getPushTemplate('t1', { timeout: 100 })).finally(() => (settled = true));
      await vi.advanceTimersByTimeAsync(99);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect((await pending).error).toBe('timeout');
      expect(service.sent).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the caller\'s AbortSignal aborts the call with error "aborted", not retryable', async () => {
    const server = await serve(() => {});
    const controller = new AbortController();
    const pending = client(server).getPreferredNotificationLanguage('user1', { signal: controller.signal });
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const e = await rejection(pending);
    expect(e).toMatchObject({ status: 0, error: 'aborted', retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it("keeps the caller's abort reason as the error's cause", async () => {
    const server = await serve(() => {});
    const controller = new AbortController();
    const pending = client(server).getPreferredNotificationLanguage('user1', { signal: controller.signal });
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    const reason = new Error('the user left the page');
    controller.abort(reason);
    const e = await rejection(pending);
    expect(e).toMatchObject({ error: 'aborted' });
    expect(e.cause).toBe(reason);
  });

  it('keeps the reason of a signal that was aborted before the call started', async () => {
    const server = await serve(() => {});
    const reason = { code: 'SHUTDOWN' };
    const e = await rejection(client(server).getPushTemplate('t1', { signal: AbortSignal.abort(reason) }));
    expect(e).toMatchObject({ error: 'aborted', retryable: false });
    expect(e.cause).toBe(reason);
    expect(server.requests).toHaveLength(0);
  });
});

describe('429 with Retry-After', () => {
  it('an idempotent call waits the Retry-After seconds, then is sent again and resolves', async () => {
    // Fake timers and a fetch standing in for the service: the wait is measured exactly, not on a busy clock.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const sent: number[] = [];
      const fetch = async (url: string, init: RequestInit): Promise<Response> => {
        sent.push(performance.now());
        const req = { method: String(init.method), url: new URL(url).pathname, headers: {}, body: '', at: 0 };
        return sent.length === 1
          ? new Response(JSON.stringify(serviceError('reach_limit', 'This request has reached API limit.')), { status: 429, headers: { 'retry-after': '1' } })
          : new Response(JSON.stringify(success(req)), { status: 200, headers: { 'content-type': 'application/json' } });
      };
      const push = createChatPushClient({ baseUrl: 'http://retry.invalid', orgName: 'org', appName: `retry${++app}`, token: 't', fetch });
      const language = push.getPreferredNotificationLanguage('user1');
      await vi.advanceTimersByTimeAsync(999);
      expect(sent).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(await language).toEqual({ language: 'EU' });
      expect(sent).toHaveLength(2);
      expect(sent[1]! - sent[0]!).toBe(1000);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the template POST is retried after a 429 (the service processed nothing) and resolves', async () => {
    const server = await serve((req, res, i) => (i === 0 ? json(res, 429, serviceError('reach_limit', 'This request has reached API limit.'), { 'retry-after': '0' }) : json(res, 200, success(req))));
    const template = await client(server).createPushTemplate({ name: 't1', title_pattern: 'a', content_pattern: 'b' });
    expect(template.name).toBe('test7');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
  });

  it('a template POST answered 429 on every attempt: retries + 1 requests, a retryable error with retryAfter', async () => {
    const server = await serve((_req, res) => json(res, 429, serviceError('reach_limit', 'This request has reached API limit.'), { 'retry-after': '0' }));
    const e = await rejection(client(server, { retry: { retries: 1, baseDelay: 1, maxDelay: 2 } }).createPushTemplate({ name: 't1', title_pattern: 'a', content_pattern: 'b' }));
    expect(e).toMatchObject({ status: 429, error: 'reach_limit', operationId: 'createPushTemplate', retryable: true, retryAfter: 0 });
    expect(server.requests).toHaveLength(2);
  });

  it('a Retry-After longer than retry.maxRetryAfter rejects at once instead of waiting', async () => {
    const server = await serve((_req, res) => json(res, 429, serviceError('reach_limit', 'limit'), { 'retry-after': '120' }));
    const e = await rejection(client(server).getSilentModeForAll('user1'));
    expect(e).toMatchObject({ status: 429, retryable: true, retryAfter: 120_000 });
    expect(server.requests).toHaveLength(1);
  });
});

describe('503', () => {
  it('a 503 then a success: the PUT is sent again with the same body and resolves', async () => {
    const server = await serve((req, res, i) => (i === 0 ? json(res, 503, serviceError('service_unavailable', 'busy')) : json(res, 200, success(req))));
    const settings = await client(server).setSilentModeForAll('user1', { type: 'NONE', ignoreDuration: 0 });
    expect(settings).toEqual({ type: 'NONE', ignoreDuration: 1647590149924 });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
    expect(JSON.parse(server.requests[1]!.body)).toEqual({ type: 'NONE', ignoreDuration: 0 });
  });

  it('503 on every attempt: retries + 1 requests, then a retryable error with status 503', async () => {
    const server = await serve((_req, res) => json(res, 503, serviceError('service_unavailable', 'busy')));
    const e = await rejection(client(server, { retry: { retries: 2, baseDelay: 1, maxDelay: 5 } }).deletePushTemplate('t1'));
    expect(e).toMatchObject({ status: 503, error: 'service_unavailable', retryable: true });
    expect(server.requests).toHaveLength(3);
  });

  it('the template POST is not sent twice after a 503', async () => {
    const server = await serve((req, res, i) => (i === 0 ? json(res, 503, serviceError('service_unavailable', 'busy')) : json(res, 200, success(req))));
    const e = await rejection(client(server).createPushTemplate({ name: 't1', title_pattern: 'a', content_pattern: 'b' }));
    expect(e).toMatchObject({ status: 503, retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('the template POST is retried after a 503 when the caller opts in with retry.nonIdempotent', async () => {
    const server = await serve((req, res, i) => (i === 0 ? json(res, 503, serviceError('service_unavailable', 'busy')) : json(res, 200, success(req))));
    const template = await client(server).createPushTemplate({ name: 't1', title_pattern: 'a', content_pattern: 'b' }, { retry: { nonIdempotent: true } });
    expect(template.name).toBe('test7');
    expect(server.requests).toHaveLength(2);
  });

  it('an error that is not retried (400) is sent once', async () => {
    const server = await serve((_req, res) => json(res, 400, serviceError('illegal_argument', 'nickname is too long', 'IllegalArgumentException')));
    const e = await rejection(client(server).updatePushNickname('user1', 'x'));
    expect(e).toMatchObject({ status: 400, error: 'illegal_argument', exception: 'IllegalArgumentException', retryable: false });
    expect(e.isNotFound).toBe(false);
    expect(server.requests).toHaveLength(1);
  });
});

describe('a reset connection', () => {
  it('a GET whose connection is reset is sent again and resolves', async () => {
    const server = await serve((req, res, i) => (i === 0 ? req && res.socket?.destroy() : json(res, 200, success(req))));
    expect(await client(server).getPushTemplate('test7')).toMatchObject({ name: 'test7' });
    expect(server.requests).toHaveLength(2);
  });

  it('a reset on every attempt rejects with error "network_error" after retries + 1 requests', async () => {
    const server = await serve((_req, res) => res.socket?.destroy());
    const e = await rejection(client(server, { retry: { retries: 1, baseDelay: 1, maxDelay: 2 } }).getSilentModeForAll('user1'));
    expect(e).toMatchObject({ status: 0, error: 'network_error', retryable: true, operationId: 'getPushSettings' });
    expect(e.cause).toBeInstanceOf(Error);
    expect(server.requests).toHaveLength(2);
  });

  it('the template POST whose connection is reset is not sent again', async () => {
    const server = await serve((req, res, i) => (i === 0 ? res.socket?.destroy() : json(res, 200, success(req))));
    const e = await rejection(client(server).createPushTemplate({ name: 't1', title_pattern: 'a', content_pattern: 'b' }));
    expect(e).toMatchObject({ status: 0, error: 'network_error', retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('a server that is not there rejects with error "network_error"', async () => {
    const server = await serve(() => {});
    await server.close();
    const e = await rejection(client(server, { retry: false }).getPreferredNotificationLanguage('user1'));
    expect(e).toMatchObject({ status: 0, error: 'network_error' });
  });
});

describe('401 and the token provider', () => {
  const authorized =
    (token: string): Handler =>
    (req, res) =>
      req.headers.authorization === `Bearer ${token}` ? json(res, 200, success(req)) : json(res, 401, serviceError('auth_bad_access_token', 'Unable to authenticate due to corrupt access token'));

  it('on a 401 the provider is asked again and the call is sent once more with the new token', async () => {
    const server = await serve(authorized('fresh'));
    const tokens = ['stale', 'fresh'];
    let asked = 0;
    const push = client(server, { token: async () => tokens[asked++]! });
    expect(await push.getPreferredNotificationLanguage('user1')).toEqual({ language: 'EU' });
    expect(asked).toBe(2);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer stale', 'Bearer fresh']);
    // The new token is kept for the next calls.
    await push.getPreferredNotificationLanguage('user1');
    expect(asked).toBe(2);
    expect(server.requests).toHaveLength(3);
  });

  it('the POST is also sent again after a 401 (the service did not process it) with the new token', async () => {
    const server = await serve(authorized('fresh'));
    const tokens = ['stale', 'fresh'];
    let asked = 0;
    const template = await client(server, { token: () => tokens[asked++]! }).createPushTemplate({ name: 't1', title_pattern: 'a', content_pattern: 'b' });
    expect(template.name).toBe('test7');
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer stale', 'Bearer fresh']);
  });

  it('a second 401 with the new token rejects: the call is retried only once', async () => {
    const server = await serve(authorized('never'));
    let asked = 0;
    const e = await rejection(client(server, { token: async () => `token-${++asked}` }).getSilentModeForAll('user1'));
    expect(e).toMatchObject({ status: 401, error: 'auth_bad_access_token', retryable: false });
    expect(asked).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('concurrent calls that get a 401 share one refresh of the provider', async () => {
    const server = await serve(authorized('fresh'));
    let asked = 0;
    const push = client(server, { token: async () => (asked++ === 0 ? 'stale' : 'fresh') });
    const results = await Promise.all(Array.from({ length: 5 }, () => push.getPreferredNotificationLanguage('user1')));
    expect(results).toHaveLength(5);
    expect(asked).toBe(2);
    expect(server.requests.filter((r) => r.headers.authorization === 'Bearer fresh')).toHaveLength(5);
  });

  it('a failing token provider rejects with error "client_error", sends nothing, and is asked again next call', async () => {
    const server = await serve(authorized('fresh'));
    let asked = 0;
    const push = client(server, {
      token: async () => {
        if (asked++ === 0) throw new Error('vault unreachable');
        return 'fresh';
      },
    });
    const e = await rejection(push.getPreferredNotificationLanguage('user1'));
    expect(e).toMatchObject({ status: 0, error: 'client_error', retryable: false });
    expect(e.error_description).toContain('vault unreachable');
    expect(server.requests).toHaveLength(0);
    expect(await push.getPreferredNotificationLanguage('user1')).toEqual({ language: 'EU' });
    expect(asked).toBe(2);
  });

  it('a string token is not retried after a 401', async () => {
    const server = await serve(authorized('other'));
    const e = await rejection(client(server).getPreferredNotificationLanguage('user1'));
    expect(e.status).toBe(401);
    expect(server.requests).toHaveLength(1);
  });
});

describe('the rate limiter', () => {
  // The client's own limiter, with fake timers and a fetch standing in for the service: which call is sent
  // when is decided by the limiter alone, not by how busy the machine is. The service's rule (at most 100
  // calls in any second) is checked on the send times the fake fetch records.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A service that answers every request at once, recording when each was sent; `hold` keeps answers back. */
  const fakeService = () => {
    const sent: number[] = [];
    const held: (() => void)[] = [];
    let hold = false;
    const fetch = async (url: string, init: RequestInit): Promise<Response> => {
      sent.push(performance.now());
      if (hold) await new Promise<void>((release) => held.push(release));
      const path = new URL(url).pathname;
      const req = { method: String(init.method), url: path, headers: {}, body: '', at: 0 };
      return new Response(JSON.stringify(success(req)), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    return { fetch, sent, held, hold: (on: boolean) => void (hold = on) };
  };
  const limited = (fetch: ReturnType<typeof fakeService>['fetch'], options: Partial<ChatPushClientOptions> = {}) =>
    createChatPushClient({ baseUrl: 'http://limiter.invalid', orgName: 'org', appName: `limited${++app}`, token: 't', retry: false, fetch, ...options });

  /** The most sends in any window of `window` ms. */
  const maxInWindow = (times: number[], window: number): number => {
    const sorted = [...times].sort((a, b) => a - b);
    let max = 0;
    for (let i = 0, j = 0; i < sorted.length; i++) {
      while (sorted[i]! - sorted[j]! >= window) j++;
      max = Math.max(max, i - j + 1);
    }
    return max;
  };

  it('a burst of 300 calls queues: all 300 resolve, 300 requests are sent, at most 100 in any second', async () => {
    const service = fakeService();
    const push = limited(service.fetch);
    const started = performance.now();
    const results = Promise.all(Array.from({ length: 300 }, () => push.getPreferredNotificationLanguage('user1')));
    await vi.advanceTimersByTimeAsync(3_000);
    expect((await results).filter((r) => r.language === 'EU')).toHaveLength(300);
    expect(service.sent).toHaveLength(300);
    expect(maxInWindow(service.sent, 1000)).toBe(100);
    // The 101st call starts one period after the first answers, the 201st two periods after.
    expect(service.sent[100]! - started).toBe(1000);
    expect(service.sent[200]! - started).toBe(2000);
  });

  it('setting the push display name and the display style share one budget of 100 per second', async () => {
    const service = fakeService();
    const push = limited(service.fetch);
    const started = performance.now();
    const calls = Promise.all(Array.from({ length: 300 }, (_, i) => (i % 2 ? push.updatePushNickname('user1', 'n') : push.updatePushDisplayStyle('user1', 1))));
    await vi.advanceTimersByTimeAsync(3_000);
    await calls;
    expect(service.sent).toHaveLength(300);
    expect(maxInWindow(service.sent, 1000)).toBe(100);
    expect(service.sent[200]! - started).toBe(2000);
  });

  it('two clients of one App Key share its budget; rateLimit.share keeps each under its part', async () => {
    const service = fakeService();
    const options = { appName: `shared-app${++app}`, rateLimit: { share: 0.5 } };
    const a = limited(service.fetch, options);
    const b = limited(service.fetch, options);
    const calls = Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).getPushTemplate('t1')));
    await vi.advanceTimersByTimeAsync(1_000);
    await calls;
    expect(service.sent).toHaveLength(100);
    expect(maxInWindow(service.sent, 1000)).toBe(50);
  });

  it('a call waiting in the limiter queue is not sent, can be aborted, and never reaches the service', async () => {
    const service = fakeService();
    service.hold(true);
    const push = limited(service.fetch);
    const first = Array.from({ length: 100 }, () => push.getPushTemplate('t1'));
    const controller = new AbortController();
    const queued = push.getPushTemplate('t1', { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(5_000);
    // The 101st waits in the queue: with no limiter it would have been sent by now.
    expect(service.sent).toHaveLength(100);
    controller.abort();
    const e = await rejection(queued);
    expect(e.error).toBe('aborted');
    service.hold(false);
    for (const release of service.held) release();
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all(first);
    expect(service.sent).toHaveLength(100);
  });
});

describe('middleware and the raw client', () => {
  it("users' openapi-fetch middleware runs once per call above the retries, and never sees the token", async () => {
    const server = await serve((req, res, i) => (i === 0 ? json(res, 503, serviceError('service_unavailable', 'busy')) : json(res, 200, success(req))));
    const seen: { phase: string; authorization: string | null; status?: number }[] = [];
    const trace: Middleware = {
      onRequest: ({ request }) => {
        seen.push({ phase: 'request', authorization: request.headers.get('authorization') });
        request.headers.set('x-trace', 'abc');
        return request;
      },
      onResponse: ({ request, response }) => {
        seen.push({ phase: 'response', authorization: request.headers.get('authorization'), status: response.status });
      },
    };
    const push = client(server, { middleware: [trace] });
    const late: string[] = [];
    push.raw.use({ onRequest: () => void late.push('used') });
    expect(await push.getPreferredNotificationLanguage('user1')).toEqual({ language: 'EU' });
    expect(seen).toEqual([
      { phase: 'request', authorization: null },
      { phase: 'response', authorization: null, status: 200 },
    ]);
    expect(late).toEqual(['used']);
    expect(server.requests).toHaveLength(2);
    expect(server.requests.map((r) => r.headers['x-trace'])).toEqual(['abc', 'abc']);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer test-token', 'Bearer test-token']);
  });

  it('the raw createClient<paths> with createChatPushFetch adds the token and retries', async () => {
    const server = await serve((req, res, i) => (i === 0 ? json(res, 503, serviceError('service_unavailable', 'busy')) : json(res, 200, success(req))));
    const raw = createClient<paths>({
      baseUrl: server.url,
      fetch: createChatPushFetch({ token: 'raw-token', retry: { baseDelay: 1, maxDelay: 2 } }),
    });
    const { data, response } = await raw.GET('/{org_name}/{app_name}/users/{username}/notification/language', {
      params: { path: { org_name: 'org', app_name: 'raw-app', username: 'user1' } },
    });
    expect(response.status).toBe(200);
    expect(data?.data.language).toBe('EU');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.headers.authorization).toBe('Bearer raw-token');
  });

  it('the raw client does not send the template POST twice', async () => {
    const server = await serve((req, res, i) => (i === 0 ? json(res, 503, serviceError('service_unavailable', 'busy')) : json(res, 200, success(req))));
    const raw = createClient<paths>({ baseUrl: server.url, fetch: createChatPushFetch({ token: 'raw-token' }) });
    const { error, response } = await raw.POST('/{org_name}/{app_name}/notification/template', {
      params: { path: { org_name: 'org', app_name: 'raw-app2' } },
      body: { name: 't1', title_pattern: 'a', content_pattern: 'b' },
    });
    expect(response.status).toBe(503);
    expect(error).toMatchObject({ error: 'service_unavailable' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('failures that are not the network', () => {
  it('a TypeError thrown by middleware is a client_error, not retried, not a network_error', async () => {
    const server = await serve((req, res) => json(res, 200, success(req)));
    const buggy: Middleware = {
      onRequest: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'id')");
      },
    };
    const e = await rejection(client(server, { middleware: [buggy] }).getPushTemplate('t1'));
    expect(e).toMatchObject({ status: 0, error: 'client_error', retryable: false });
    expect(e.error_description).toContain("reading 'id'");
    expect(e.error_description).not.toContain('check baseUrl and the network');
    expect(e.cause).toBeInstanceOf(TypeError);
    expect(server.requests).toHaveLength(0);
  });

  it('a connection lost while the answer body is read is a network_error, and a GET is sent again', async () => {
    const server = await serve((req, res, i) => {
      if (i > 0) return json(res, 200, success(req));
      // Headers and half the body, then the connection drops.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"path":"/users"');
      setImmediate(() => res.socket?.destroy());
    });
    expect(await client(server).getPreferredNotificationLanguage('user1')).toEqual({ language: 'EU' });
    expect(server.requests).toHaveLength(2);
  });

  it('the raw client rejects a path with a malformed %-escape in the App Key with a ChatPushError, not a URIError', async () => {
    const server = await serve((req, res) => json(res, 200, success(req)));
    const rawFetch = createChatPushFetch({ token: 'raw-token' });
    const error = await rawFetch(new Request(`${server.url}/org%E0%A4%A/app/users/user1/notification/language`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatPushError);
    expect(error).toMatchObject({ status: 0, error: 'client_error', operationId: 'getPushLanguage', retryable: false });
    expect((error as ChatPushError).error_description).toMatch(/%-escape.*org_name or app_name/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('answers that are not what the description documents', () => {
  it('a 200 whose body is not JSON rejects with error "invalid_response"', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>proxy</html>');
    });
    const e = await rejection(client(server).getPushTemplate('t1'));
    expect(e).toMatchObject({ error: 'invalid_response', operationId: 'getPushTemplate' });
    expect(server.requests).toHaveLength(1);
  });

  it('withResponse() rejects with the same ChatPushError (and leaves no unhandled rejection behind)', async () => {
    const server = await serve((_req, res) => json(res, 400, serviceError('entity_not_found', 't1 template is not exist', 'EntityNotFoundException')));
    const e = await rejection(client(server).getPushTemplate('t1').withResponse());
    expect(e).toMatchObject({ status: 400, error: 'entity_not_found', isNotFound: true });
    expect(e.response?.status).toBe(400);
  });

  it('a 200 without the payload rejects with error "invalid_response"', async () => {
    const server = await serve((_req, res) => json(res, 200, { action: 'get' }));
    const e = await rejection(client(server).getPreferredNotificationLanguage('user1'));
    expect(e).toMatchObject({ status: 200, error: 'invalid_response' });
  });

  it('an error status without the service error body rejects with error "http_error"', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('Bad Gateway');
    });
    const e = await rejection(client(server).getPushTemplate('t1'));
    expect(e).toMatchObject({ status: 502, error: 'http_error', retryable: false });
    expect(server.requests).toHaveLength(1);
  });
});
