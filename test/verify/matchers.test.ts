// toMatchContract from @agora-chat-push/openapi/matchers, registered with vitest's expect.extend: it passes on
// documented answers, fails naming the pointer and the rule on drifting ones, and works with .not, with a fetch
// Response (whose body stays readable) and with a plain { status, headers, body }.
import { contractMatchers, createContractMatchers, type ContractMatchers } from '@agora-chat-push/openapi/matchers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleAnswer, failure, startDriftingUpstream, TOKEN, type Upstream } from './support.js';

declare module 'vitest' {
  interface Matchers<T = any> extends ContractMatchers<T> {}
}

expect.extend(contractMatchers);

let upstream: Upstream;
const get = (user: string) => fetch(`${upstream.url}/hx/hxdemo/users/${user}/notification/language`, { headers: { authorization: `Bearer ${TOKEN}` } });

beforeAll(async () => {
  upstream = await startDriftingUpstream();
});
afterAll(() => upstream?.close());

describe('toMatchContract', () => {
  it('passes on a documented answer named by operation, and the body stays readable', async () => {
    const res = await get('clean');
    await expect(res).toMatchContract('getPushLanguage');
    // The body is the description's example, read once more after the matcher read it.
    expect(await res.json()).toEqual(exampleAnswer('getPushLanguage'));
  });

  it('passes when the operation is named by the request', async () => {
    const res = await get('clean');
    await expect(res).toMatchContract({ method: 'GET', url: res.url });
  });

  it('fails on a field of the wrong type, naming the pointer, the rule, the expected and the found value', async () => {
    const message = await failure(expect(await get('drift-type')).toMatchContract('getPushLanguage'));
    expect(message).toContain('to match the contract of getPushLanguage');
    expect(message).toContain('/response/body/data/language: expected string, found 42 [response-body/type]');
  });

  it('fails on a missing required field, an undocumented status and a wrong Content-Type', async () => {
    expect(await failure(expect(await get('drift-required')).toMatchContract('getPushLanguage'))).toContain('/response/body/data: expected present, found absent [response-body/required]');
    expect(await failure(expect(await get('drift-status')).toMatchContract('getPushLanguage'))).toMatch(/\/response\/status: expected one of 200, .*, found 202 \[undocumented-status\]/);
    expect(await failure(expect(await get('drift-content-type')).toMatchContract('getPushLanguage'))).toContain(
      '/response/headers/content-type: expected application/json, found "text/plain;charset=UTF-8" [response-content-type]',
    );
  });

  it('works with .not', async () => {
    await expect(await get('drift-type')).not.toMatchContract('getPushLanguage');
    const message = await failure(expect(await get('clean')).not.toMatchContract('getPushLanguage'));
    expect(message).toContain('not to match the contract of getPushLanguage, but it does');
  });

  it('takes a plain { status, headers, body } with the body parsed or as text', async () => {
    const body = exampleAnswer('getPushTemplate');
    await expect({ status: 200, body }).toMatchContract('getPushTemplate');
    await expect({ status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).toMatchContract('getPushTemplate');
    await expect({ status: 200, body: { ...body, data: 'nope' } }).not.toMatchContract('getPushTemplate');
    const error = exampleAnswer('getPushTemplate', '400');
    await expect({ status: 400, body: error }).toMatchContract('getPushTemplate');
  });

  it('finds the operation from the URL alone when only one operation has that path', async () => {
    const body = exampleAnswer('createPushTemplate');
    await expect({ status: 200, body, url: 'https://a41.chat.agora.io/hx/hxdemo/notification/template' }).toMatchContract();
  });

  it('asks for the operation when the URL is shared by several, or missing', async () => {
    expect(await failure(expect(await get('clean')).toMatchContract())).toContain('several operations answer at this URL (getPushLanguage, setPushLanguage): name one');
    expect(await failure(expect({ status: 200, body: {} }).toMatchContract())).toContain('the answer carries no URL');
  });

  it('rejects what is not an answer, and an unknown operation, with a clear message', async () => {
    expect(await failure(expect('200 OK').toMatchContract('getPushLanguage'))).toContain(
      'expected a fetch Response or Request, { status, headers, body } or { method, url, headers, body }, got string',
    );
    expect(await failure(expect({ body: {} }).toMatchContract())).toContain('got an object with neither a numeric status nor a method and URL');
    expect(await failure(expect({ status: 200, body: {} }).toMatchContract('getPushLangauge'))).toContain('"getPushLangauge" is not an operation of the description');
  });

  it('says what to do with a Response whose body was already read, instead of a raw TypeError', async () => {
    const res = await get('clean');
    await res.text();
    expect(await failure(expect(res).toMatchContract('getPushLanguage'))).toBe(
      'toMatchContract: the Response body was already read; call the matcher before reading it, or pass { status, headers, body } instead',
    );
  });

  it('takes a base path for URLs behind a gateway prefix', async () => {
    const { toMatchContract } = createContractMatchers({ basePath: '/gw' });
    const result = await toMatchContract({ status: 200, body: exampleAnswer('createPushTemplate'), url: 'http://h/gw/hx/hxdemo/notification/template' });
    expect(result.pass, result.message()).toBe(true);
  });
});
