// The msw handlers and the matchers in a partner's project, with the versions partner teams use: vitest 4 +
// msw 2 on this Node (20), and vitest 5 + msw 3 on Node 24 (both need Node 22.12+). The partner's service calls
// the API with plain fetch and swallows errors; its test still fails on the 400 it swallowed, because the
// handlers keep the violations they saw.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureRuntimes } from '../../scripts/runtimes.js';
import { fixtureProject } from './fixtures.js';

const SERVICE = `
// The partner's service: sets do-not-disturb with plain fetch, and swallows whatever goes wrong.
export async function quietNights(baseUrl, token, user, body) {
  try {
    await fetch(\`\${baseUrl}/hx/hxdemo/users/\${user}/notification/user/\${user}\`, {
      method: 'PUT',
      headers: { authorization: \`Bearer \${token}\`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    // swallowed
  }
}
`;

const SPEC = `
import { createSandboxHandlers } from '@agora-chat-push/mock/msw';
import { toMatchContract } from '@agora-chat-push/openapi/matchers';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { quietNights } from './service.js';

expect.extend({ toMatchContract });
const baseUrl = 'https://a41.chat.agora.io';
const seen = [];
const handlers = createSandboxHandlers({ baseUrl, onViolation: (v) => seen.push(v) });
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => { handlers.reset(); seen.length = 0; });
afterAll(() => server.close());

it('a good call leaves no violation, and the answer matches the contract', async () => {
  await quietNights(baseUrl, 'tok', 'u1', { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 0 });
  expect(handlers.violations).toEqual([]);
  const answer = await fetch(baseUrl + '/hx/hxdemo/users/u1/notification/user/u1', { headers: { authorization: 'Bearer tok' } });
  // A Response does not say which method got it; at a URL with a GET and a PUT the operation is named.
  await expect(answer).toMatchContract('getPushSettings');
});

it('a swallowed 400 is in the violations, naming the fields', async () => {
  await quietNights(baseUrl, 'tok', 'u1', { ignoreDurration: 5, ignoreInterval: '9-18' });
  expect(handlers.violations.map((v) => v.pointer)).toEqual(['/request/body/ignoreDurration', '/request/body/ignoreInterval']);
  expect(handlers.violations.every((v) => v.status === 400)).toBe(true);
  expect(seen).toEqual(handlers.violations);
});

it('reset() forgets the violations', async () => {
  await quietNights(baseUrl, 'tok', 'u1', { ignoreDurration: 5 });
  expect(handlers.violations).toHaveLength(1);
  handlers.reset();
  expect(handlers.violations).toEqual([]);
});

it('the matcher checks a Request the service would send', async () => {
  const good = new Request(baseUrl + '/hx/hxdemo/users/u1/notification/language', { method: 'PUT', headers: { authorization: 'Bearer tok', 'content-type': 'application/json' }, body: JSON.stringify({ translationLanguage: 'en' }) });
  await expect(good).toMatchContract();
  const bad = new Request(baseUrl + '/hx/hxdemo/users/u1/notification/language', { method: 'PUT', headers: { authorization: 'Bearer tok', 'content-type': 'application/json' }, body: JSON.stringify({ language: 'en' }) });
  await expect(expect(bad).toMatchContract()).rejects.toThrow(/\\/request\\/body\\/language: expected absent/);
});
`;

function runVitest(name: string, deps: Record<string, string>, node?: string) {
  const fixture = fixtureProject(name, deps, { type: 'module', kit: ['openapi', 'mock'], ...(node ? { node } : {}) });
  fixture.write('service.js', SERVICE);
  fixture.write('partner.test.js', SPEC);
  const result = fixture.run(`${fixture.dir}/node_modules/.bin/vitest`, ['run', '--reporter=verbose', '--root', fixture.dir], { env: { NO_COLOR: '1' } });
  const version = fixture.run('node', ['-e', "console.log(require('vitest/package.json').version, require('msw/package.json').version, process.version)"]);
  return { ...result, versions: version.output.trim() };
}

let node24: string;
beforeAll(async () => {
  node24 = (await ensureRuntimes(['node24'])).node24;
}, 600_000);

describe('the msw handlers and matchers in a partner project', () => {
  it('vitest 4 + msw 2 on Node 20', () => {
    const { status, output, versions } = runVitest('vitest4-msw2', { vitest: '^4.1.0', msw: '^2.10.0' });
    expect(versions).toMatch(/^4\.\S+ 2\.\S+ v20\./);
    expect(output).toMatch(/4 passed/);
    expect(status, output).toBe(0);
  }, 600_000);

  it('vitest 5 + msw 3 on Node 24', () => {
    const { status, output, versions } = runVitest('vitest5-msw3', { vitest: '^5.0.0', msw: '^3.0.0' }, node24);
    expect(versions).toMatch(/^5\.\S+ 3\.\S+ v24\./);
    expect(output).toMatch(/4 passed/);
    expect(status, output).toBe(0);
  }, 600_000);
});
