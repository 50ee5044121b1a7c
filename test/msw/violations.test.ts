// The msw handlers keep the contract violations of the requests they saw, so a service that swallows the 400 it
// got still fails its test: the list (cleared by reset()), the onViolation callback, the sandbox's own refusals,
// and the token never shown.
import { createSandboxHandlers, type SandboxViolation } from '@agora-chat-push/mock/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN } from '../mock/support.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

let n = 0;
function sandbox(options: { onViolation?: (v: SandboxViolation) => void; limits?: never } = {}) {
  const baseUrl = `https://violations-${++n}.push.test`;
  const handlers = createSandboxHandlers({ baseUrl, rateLimit: 0, ...options });
  server.use(...handlers);
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}${path}`, init)
      .then((r) => r.status)
      .catch(() => 0);
  return { handlers, call, baseUrl };
}
const json = (method: string, body: unknown, token: string | undefined = TOKEN): RequestInit => ({
  method,
  headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const settings = '/hx/hxdemo/users/u1/notification/user/u1';

describe('the violations the msw handlers saw', () => {
  it('none for good requests', async () => {
    const { handlers, call } = sandbox();
    expect(await call(settings, json('PUT', { type: 'NONE', ignoreInterval: '', ignoreDuration: 0 }))).toBe(200);
    expect(await call(settings, { headers: { authorization: `Bearer ${TOKEN}` } })).toBe(200);
    expect(handlers.violations).toEqual([]);
  });

  it('a swallowed 400: each field with its rule, the status and the exchange', async () => {
    const { handlers, call, baseUrl } = sandbox();
    await call(settings, json('PUT', { type: 'NONE' }));
    await call(settings, json('PUT', { ignoreDurration: 5, ignoreInterval: '9-18' })); // the service ignores this 400
    expect(handlers.violations.map((v) => [v.exchange, v.status, v.pointer, `${v.class}/${v.keyword}`])).toEqual([
      [1, 400, '/request/body/ignoreDurration', 'request-body/additionalProperties'],
      [1, 400, '/request/body/ignoreInterval', 'request-body/pattern'],
    ]);
    expect(handlers.violations[0]!.message).toBe(
      `#1 PUT ${baseUrl}${settings} (setPushSettings): /request/body/ignoreDurration: expected absent (not an allowed field), found 5 [request-body/additionalProperties]`,
    );
  });

  it('a missing token and an undocumented path', async () => {
    const { handlers, call } = sandbox();
    expect(await call(settings)).toBe(401);
    expect(await call('/hx/hxdemo/users/u1/notification/ringtone', { headers: { authorization: `Bearer ${TOKEN}` } })).toBe(404);
    expect(handlers.violations.map((v) => [v.status, v.class])).toEqual([
      [401, 'missing-token'],
      [404, 'undocumented-operation'],
    ]);
  });

  it("the sandbox's own refusal when no schema rule explains it", async () => {
    const { handlers, call } = sandbox();
    // Over the body size limit of the sandbox (a rule of the service, not of a schema).
    const status = await call('/hx/hxdemo/users/u1/notification/language', json('PUT', { translationLanguage: 'x'.repeat(2_000_000) }));
    expect(status).toBe(413);
    expect(handlers.violations.map((v) => [v.status, v.class, v.keyword, v.pointer])).toEqual([[413, 'request-body', 'status-413', '/request']]);
  });

  it('onViolation sees each as it happens; an error it throws does not reach msw', async () => {
    const seen: string[] = [];
    const { handlers, call } = sandbox({
      onViolation: (v) => {
        seen.push(v.pointer);
        throw new Error('the test wants to know');
      },
    });
    expect(await call(settings, json('PUT', { type: 'LOUD' }))).toBe(400);
    expect(seen).toEqual(['/request/body/type']);
    expect(handlers.violations).toHaveLength(1);
  });

  it('reset() forgets them, with the state', async () => {
    const { handlers, call } = sandbox();
    await call(settings, json('PUT', { type: 'LOUD' }));
    expect(handlers.violations).toHaveLength(1);
    handlers.reset();
    expect(handlers.violations).toEqual([]);
    await call(settings, json('PUT', { type: 'LOUD' }));
    expect(handlers.violations[0]!.exchange).toBe(0);
  });

  it('never shows the token', async () => {
    const { handlers, call } = sandbox();
    await call(`${settings}?access_token=${TOKEN}`, json('PUT', `{"type": "${TOKEN}"}`));
    expect(handlers.violations.length).toBeGreaterThan(0);
    expect(JSON.stringify(handlers.violations)).not.toContain(TOKEN);
  });
});
