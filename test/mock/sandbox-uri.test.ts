// The answer's `uri` is an absolute URL (ERRATA E27) whatever the request held: path segments with characters a
// client may send but a URI may not carry (`|`, `^`, `[`, `"`, a stray `%`), and Host headers that are not a host
// (a space, `|`, a non-ASCII name, two headers joined). Each answer is checked against the description.
import { describe, expect, it } from 'vitest';
import { createSandboxCore, type CoreRequest } from '../../packages/mock/src/index.js';
import { validator } from './support.js';

const put = (url: string, headers: Record<string, string> = {}): CoreRequest => ({
  method: 'PUT',
  url,
  headers: { authorization: 'Bearer t', 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ translationLanguage: 'EU' }),
});

function answer(request: CoreRequest, baseUrl?: string): { status: number; body: Record<string, unknown> } {
  const core = createSandboxCore({ rateLimit: 0, now: () => 1_700_000_000_000, ...(baseUrl ? { baseUrl } : {}) });
  const response = core.handleSync(request);
  return { status: response.status, body: JSON.parse(response.body) as Record<string, unknown> };
}

describe('the sandbox answers with a uri that is a URI', () => {
  it.each([
    ['h|x', 'h%7Cx'],
    ['h{x}', 'h%7Bx%7D'],
    ['h^x', 'h%5Ex'],
    ['h[x]', 'h%5Bx%5D'],
    ['h"x', 'h%22x'],
    ['h%zz', 'h%25zz'],
    ['h%7Cx', 'h%7Cx'],
    ['h x', 'h%20x'],
  ])('org_name %s: 200, uri with the segment encoded once (%s), and the answer validates', (org, encoded) => {
    const { status, body } = answer(put(`/${org}/app/users/user1/notification/language`, { host: 'sandbox.test:4011' }));
    expect(status).toBe(200);
    expect(body.uri).toBe(`http://sandbox.test:4011/${encoded}/app/users/user1/notification/language`);
    expect(validator.validateResponse('setPushLanguage', 200, body)).toEqual([]);
  });

  it.each(['a b', 'a|b', 'é.example', 'a.test, b.test', '', 'a.test:99999999'])('Host %j: falls back to http://localhost', (host) => {
    const { body } = answer(put('/org/app/users/user1/notification/language', { host }));
    expect(body.uri).toBe('http://localhost/org/app/users/user1/notification/language');
    expect(validator.validateResponse('setPushLanguage', 200, body)).toEqual([]);
  });

  it.each(['127.0.0.1:4011', '[::1]:4011', 'a41.chat.agora.io', 'sandbox'])('Host %s: kept', (host) => {
    const { body } = answer(put('/org/app/users/user1/notification/language', { host }));
    expect(body.uri).toBe(`http://${host}/org/app/users/user1/notification/language`);
    expect(validator.validateResponse('setPushLanguage', 200, body)).toEqual([]);
  });

  it('uses baseUrl when set, and a full request URL is reduced to its path', () => {
    const { body } = answer(put('http://ignored.test/org/app/users/user1/notification/language'), 'https://a41.chat.agora.io');
    expect(body.uri).toBe('https://a41.chat.agora.io/org/app/users/user1/notification/language');
  });
});
