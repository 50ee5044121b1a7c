// toMatchContract on what a service SENDS: a fetch Request (or a plain { method, url, headers, body }), its
// operation found by method and URL; the Bearer token, path parameters, Content-Type and body are checked, and a
// failure names each field with its rule.
import { contractMatchers, createContractMatchers, type ContractMatchers } from '@agora-chat-push/openapi/matchers';
import { describe, expect, it } from 'vitest';
import { failure } from '../verify/support.js';

declare module 'vitest' {
  interface Matchers<T = any> extends ContractMatchers<T> {}
}
expect.extend(contractMatchers);

const BASE = 'https://a41.chat.agora.io';
const settings = `${BASE}/hx/hxdemo/users/u1/notification/user/u1`;
const headers = { authorization: 'Bearer request-token-93b1', 'content-type': 'application/json' };
const put = (body: unknown, h: Record<string, string> = headers, url = settings) => new Request(url, { method: 'PUT', headers: h, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('toMatchContract on a Request', () => {
  it('passes a good request, and its body stays readable', async () => {
    const request = put({ type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 86400000 });
    await expect(request).toMatchContract();
    expect(await request.json()).toMatchObject({ type: 'NONE' });
  });

  it('passes a GET with a token and no body', async () => {
    await expect(new Request(settings, { headers: { authorization: 'Bearer x' } })).toMatchContract();
  });

  it('fails a bad body naming each field and its rule', async () => {
    const message = await failure(expect(put({ ignoreDurration: 5, ignoreInterval: '9-18', type: 'LOUD' })).toMatchContract());
    expect(message).toMatch(/^expected the request PUT \/hx\/hxdemo\/users\/u1\/notification\/user\/u1 to match the contract of setPushSettings:/);
    expect(message).toContain('/request/body/ignoreDurration: expected absent (not an allowed field), found 5 [request-body/additionalProperties]');
    expect(message).toMatch(/\/request\/body\/ignoreInterval: expected .*found "9-18" \[request-body\/pattern\]/);
    expect(message).toMatch(/\/request\/body\/type: expected one of .*found "LOUD" \[request-body\/enum\]/);
  });

  it('fails without a Bearer token, and never shows a credential', async () => {
    const none = await failure(expect(put({ type: 'NONE' }, { 'content-type': 'application/json' })).toMatchContract());
    expect(none).toContain('/request/headers/authorization: expected Authorization: Bearer <credentials>, found no Authorization header [missing-token]');
    const basic = await failure(expect(put({ type: 'NONE' }, { authorization: 'Basic c2VjcmV0LXVzZXI6cHc=', 'content-type': 'application/json' })).toMatchContract());
    expect(basic).toContain('found the scheme Basic [missing-token]');
    expect(basic).not.toContain('c2VjcmV0');
  });

  it('fails a Content-Type the operation does not take', async () => {
    const message = await failure(expect(put('type=NONE', { ...headers, 'content-type': 'application/x-www-form-urlencoded' })).toMatchContract());
    expect(message).toContain('/request/headers/content-type: expected application/json, found "application/x-www-form-urlencoded" [request-content-type]');
  });

  it('fails a body that is not JSON, and a required body that is missing', async () => {
    expect(await failure(expect(put('{"type": ')).toMatchContract())).toMatch(/\/request\/body: expected a JSON body, found not JSON/);
    const empty = new Request(`${BASE}/hx/hxdemo/users/u1/notification/language`, { method: 'PUT', headers });
    expect(await failure(expect(empty).toMatchContract())).toContain('/request/body: expected a request body, found absent [request-body/required]');
  });

  it('fails a path parameter that breaks its schema', async () => {
    const message = await failure(expect(put({ type: 'NONE' }, headers, `${BASE}/hx/hxdemo/users/u1/notification/channel/c1`)).toMatchContract());
    expect(message).toMatch(/\/request\/path\/type: expected one of .*found "channel" \[request-parameter\/enum\]/);
  });

  it('fails a method and path that are no operation', async () => {
    const message = await failure(expect(new Request(`${BASE}/hx/hxdemo/users/u1/notification/ringtone`, { headers })).toMatchContract());
    expect(message).toContain('/request/url: expected a documented path and method, found GET /hx/hxdemo/users/u1/notification/ringtone [undocumented-operation]');
  });

  it('checks the operation named, when one is', async () => {
    await expect(put({ type: 'NONE' })).toMatchContract('setPushSettings');
    expect(await failure(expect(put({ type: 'NONE' })).toMatchContract('setPushLanguage'))).toContain('is setPushSettings, not setPushLanguage');
  });

  it('works with .not, a plain request object and a base path', async () => {
    await expect(put({ nope: 1 })).not.toMatchContract();
    await expect({ method: 'put', url: '/hx/hxdemo/users/u1/notification/language', headers: { Authorization: 'Bearer t' }, body: { translationLanguage: 'en' } }).toMatchContract();
    const gateway = createContractMatchers({ basePath: '/gateway' });
    expect.extend({ toMatchGateway: gateway.toMatchContract });
    const request = new Request(`${BASE}/gateway/hx/hxdemo/users/u1/notification/language`, { headers });
    await (expect(request) as unknown as { toMatchGateway(): Promise<void> }).toMatchGateway();
  });

  it('says so when the body was already read', async () => {
    const request = put({ type: 'NONE' });
    await request.text();
    expect(await failure(expect(request).toMatchContract())).toMatch(/the Request body was already read; call the matcher before reading it, or pass { method, url, headers, body } instead/);
  });
});
