// The client sends a request's body on every runtime (issue 22). Firefox has no `Request.prototype.body`: a
// client that asks `request.body` whether there is a body sends every PUT and POST empty there. Here Node's
// Request is made to look like Firefox's (its `body` getter answers undefined) and the bytes that reach the
// `fetch` are checked, for a write of each method with a body and for reads without one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatPushClient } from '../../packages/client/src/index.js';

interface Sent {
  method: string;
  url: string;
  body: string | null;
}

const sent: Sent[] = [];
const answer = (data: unknown): Response => new Response(JSON.stringify({ action: 'put', data, timestamp: 1, duration: 0 }), { status: 200, headers: { 'content-type': 'application/json' } });

const push = createChatPushClient({
  baseUrl: 'http://127.0.0.1:9',
  orgName: 'agora-demo',
  appName: 'testapp',
  token: 'test-token',
  retry: false,
  rateLimit: false,
  fetch: async (url, init) => {
    const body = init.body == null ? null : new TextDecoder().decode(init.body as ArrayBuffer);
    sent.push({ method: init.method ?? 'GET', url, body });
    if (url.endsWith('/notification/language')) return answer({ language: 'EU' });
    if (url.includes('/notification/template')) return answer({ name: 'hello', createdAt: 1, updatedAt: 1, title_pattern: 'T', content_pattern: 'C' });
    return answer({ nickname: 'testuser' });
  },
});

const bodyGetter = Object.getOwnPropertyDescriptor(Request.prototype, 'body');
beforeAll(() => {
  expect(bodyGetter?.get, 'Node has Request.prototype.body: the test replaces it').toBeTypeOf('function');
  // As in Firefox (no such property): reading it gives undefined.
  Object.defineProperty(Request.prototype, 'body', { configurable: true, get: () => undefined });
});
afterAll(() => {
  if (bodyGetter) Object.defineProperty(Request.prototype, 'body', bodyGetter);
});

describe('the request body where Request has no body property (Firefox)', () => {
  it('looks like Firefox: a Request with a body reports no body property', () => {
    expect(new Request('http://127.0.0.1/', { method: 'PUT', body: '{}' }).body).toBeUndefined();
  });

  it('sends the JSON body of a PUT', async () => {
    sent.length = 0;
    await push.setPreferredNotificationLanguage('user1', 'EU');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.method).toBe('PUT');
    expect(JSON.parse(sent[0]?.body ?? 'null')).toEqual({ translationLanguage: 'EU' });
  });

  it('sends the JSON body of a POST', async () => {
    sent.length = 0;
    await push.createPushTemplate({ name: 'hello', title_pattern: 'T', content_pattern: 'C' });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.method).toBe('POST');
    expect(JSON.parse(sent[0]?.body ?? 'null')).toEqual({ name: 'hello', title_pattern: 'T', content_pattern: 'C' });
  });

  it('sends no body with a GET', async () => {
    sent.length = 0;
    await push.getPreferredNotificationLanguage('user1');
    expect(sent).toEqual([{ method: 'GET', url: expect.stringMatching(/\/users\/user1\/notification\/language$/), body: null }]);
  });
});
