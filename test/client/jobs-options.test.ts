// Options are checked when the client is created (issue 15.3): an unset token, a baseUrl without http(s)://, a token
// that starts with "Bearer ", an orgName holding the whole App Key. Each error names the option and the fix, and
// never prints the token.
import { describe, expect, it } from 'vitest';
import { createChatPushClient, createChatPushFetch } from '../../packages/client/src/index.js';

const GOOD = { baseUrl: 'https://a41.chat.agora.io', orgName: 'agora-demo', appName: 'testapp', token: 'tok' };
const create = (extra: Record<string, unknown>) => () => createChatPushClient({ ...GOOD, ...extra } as never);

describe('options checked at creation', () => {
  it('accepts the documented forms: a string token, a token function, http:// for a local server', () => {
    expect(create({})).not.toThrow();
    expect(create({ token: async () => 'tok' })).not.toThrow();
    expect(create({ baseUrl: 'http://127.0.0.1:4011' })).not.toThrow();
    expect(create({ baseUrl: 'https://a41.chat.agora.io/' })).not.toThrow();
  });

  it('an unset token (process.env.X!) names the option and the fix', () => {
    expect(create({ token: undefined })).toThrow('options.token is undefined: pass the app token or a function returning one (is its environment variable set?)');
    expect(create({ token: '' })).toThrow('options.token is empty: pass the app token or a function returning one');
    expect(create({ token: '   ' })).toThrow(/options\.token is empty/);
  });

  it('a token that is neither a string nor a function is refused, with its type', () => {
    expect(create({ token: 42 })).toThrow('options.token must be a string, got a number: pass the app token or a function returning one');
    expect(create({ token: { value: 'x' } })).toThrow('options.token must be a string, got an object: pass the app token');
  });

  it('a token starting with "Bearer " is refused without printing it', () => {
    const secret = 'Bearer 007eJxTsecretsecret';
    let message = '';
    try {
      create({ token: secret })();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('options.token starts with "Bearer ": pass the token alone (the client adds "Bearer ")');
    expect(message).not.toContain('007eJxT');
    expect(create({ token: 'bearer 007eJxT' })).toThrow(/starts with "Bearer "/);
  });

  it('a baseUrl without http(s):// names the option and shows the fix', () => {
    expect(create({ baseUrl: 'a41.chat.agora.io' })).toThrow('options.baseUrl must start with https:// (or http://), got "a41.chat.agora.io": use "https://a41.chat.agora.io"');
    expect(create({ baseUrl: 'ftp://a41.chat.agora.io' })).toThrow(/options\.baseUrl must start with https:\/\/.*use "https:\/\/a41\.chat\.agora\.io"/);
    expect(create({ baseUrl: undefined })).toThrow('options.baseUrl is undefined: pass https:// and your REST API domain, e.g. "https://a41.chat.agora.io"');
    expect(create({ baseUrl: 'https://' })).toThrow(/options\.baseUrl is not a valid URL/);
  });

  it('http:// to the service itself is refused (the app token would travel in clear text); local servers keep it', () => {
    expect(create({ baseUrl: 'http://a41.chat.agora.io' })).toThrow(
      'options.baseUrl must use https:// for a41.chat.agora.io (the app token would be sent in clear text): use "https://a41.chat.agora.io"',
    );
    expect(create({ baseUrl: 'http://a1.easemob.com' })).toThrow(/must use https:\/\/ for a1\.easemob\.com/);
    expect(create({ baseUrl: 'http://localhost:4011' })).not.toThrow();
    expect(create({ baseUrl: 'http://mock:4010' })).not.toThrow();
  });

  it('fetch, middleware and retry of the wrong kind are refused at creation, naming the option', () => {
    expect(create({ fetch: 'nope' })).toThrow('options.fetch must be a function (url, init) => Promise<Response>, got a string: pass one, or leave it out for globalThis.fetch');
    expect(create({ middleware: {} })).toThrow('options.middleware must be an array of openapi-fetch middleware objects, got an object');
    expect(create({ middleware: [42] })).toThrow(/options\.middleware must be an array/);
    expect(create({ retry: { retries: 'three' } })).toThrow('options.retry.retries must be a whole number >= 0, got "three"');
    expect(create({ retry: { retries: -1 } })).toThrow('options.retry.retries must be a whole number >= 0, got -1');
    expect(create({ retry: { baseDelay: -5 } })).toThrow('options.retry.baseDelay must be a number of ms >= 0, got -5');
    expect(create({ retry: 3 })).toThrow('options.retry must be an object or false, got a number');
    expect(create({ retry: false, middleware: [], fetch: globalThis.fetch })).not.toThrow();
  });

  it('a baseUrl that already ends with /orgName/appName is refused (the client adds them)', () => {
    expect(create({ baseUrl: 'https://a41.chat.agora.io/agora-demo/testapp' })).toThrow(
      'options.baseUrl ends with /agora-demo/testapp: pass only "https://a41.chat.agora.io" (the client adds orgName and appName)',
    );
  });

  it('an orgName holding the whole App Key (org#app) names the option and the fix', () => {
    expect(create({ orgName: 'agora-demo#testapp', appName: 'testapp' })).toThrow('options.orgName holds a whole App Key ("agora-demo#testapp"): pass orgName: "agora-demo" and appName: "testapp"');
    expect(create({ appName: 'agora-demo#testapp' })).toThrow(/options\.appName holds a whole App Key/);
    expect(create({ orgName: 'a#b#c' })).toThrow('options.orgName must not contain "#"');
    expect(create({ orgName: '' })).toThrow('options.orgName is empty: pass the part of the App Key before "#"');
    expect(create({ appName: undefined })).toThrow(/options\.appName is undefined: pass the part of the App Key after "#"/);
  });

  it('a timeout that is not a number >= 0 is refused', () => {
    expect(create({ timeout: -1 })).toThrow('options.timeout must be a number of ms >= 0, got -1');
    expect(create({ timeout: '5000' })).toThrow('options.timeout must be a number of ms >= 0, got "5000"');
    expect(create({ timeout: Number.NaN })).toThrow(/options\.timeout must be a number/);
  });

  it('createChatPushFetch checks its token the same way', () => {
    expect(() => createChatPushFetch({ token: undefined as never })).toThrow(/options\.token is undefined/);
    expect(() => createChatPushFetch({ token: 'Bearer x' })).toThrow(/options\.token starts with "Bearer "/);
  });

  it('throws at creation, before any call: no call, no network error', () => {
    let fetched = false;
    expect(() => createChatPushClient({ ...GOOD, baseUrl: 'a41.chat.agora.io', fetch: async () => ((fetched = true), new Response()) })).toThrow(TypeError);
    expect(fetched).toBe(false);
  });
});
