// The sandbox contract against the msw adapter (@agora-chat-push/mock/msw): the same suite, in process, with
// no socket: msw's setupServer intercepts fetch, and any request it has no handler for fails the test.
import { createSandboxHandlers } from '@agora-chat-push/mock/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxContract } from './contract.js';
import { TOKEN } from '../mock/support.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

let n = 0;
sandboxContract('msw handlers', async (options) => {
  const baseUrl = `https://sandbox-${++n}.push.test`;
  const handlers = createSandboxHandlers({ ...options, baseUrl });
  server.use(...handlers);
  return { baseUrl, reset: handlers.reset, close: async () => {} };
});

describe('the msw handlers', () => {
  it('answer under a base URL with a path prefix, and put it in uri', async () => {
    server.use(...createSandboxHandlers({ baseUrl: 'http://gateway.test/push/', rateLimit: 0 }));
    const res = await fetch('http://gateway.test/push/org/app/users/u1/notification/language', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { uri: string }).uri).toBe('http://gateway.test/push/org/app/users/u1/notification/language');
  });

  it('leave requests outside the base URL to other handlers', async () => {
    server.use(...createSandboxHandlers({ baseUrl: 'http://only-here.test' }));
    await expect(fetch('http://elsewhere.test/org/app/users/u1/notification/language')).rejects.toThrow();
  });

  it('reject a base URL that is not an absolute http(s) URL', () => {
    expect(() => createSandboxHandlers({ baseUrl: '/relative' })).toThrow('is not an absolute URL');
    expect(() => createSandboxHandlers({ baseUrl: 'ws://x.test' })).toThrow('must be an http:// or https:// URL');
  });
});
