// The sandbox remembers what the service remembers, per org/app, and answers in the service's envelope.
// Every answer is checked against the description.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../packages/mock/src/index.js';
import { contractIssues, send, type Answer, type Send } from './support.js';

let sandbox: RunningSandbox;
/** The sandbox's clock (ms since the epoch): it moves only when a test moves it. */
let now = 1_700_000_000_000;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: 0, now: () => now });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => sandbox.reset());

/** Sends, checks the answer against the description, and returns it. */
async function call(options: Send): Promise<Answer> {
  const answer = await send(sandbox.url, options);
  expect(contractIssues(options.method ?? 'GET', options.path, answer), answer.text).toEqual([]);
  return answer;
}

describe('sandbox state', () => {
  it('keeps the push display name when the display style changes, and answers the style as an integer', async () => {
    await call({ method: 'PUT', path: '/org/app/users/alice', body: { nickname: 'Alice' } });
    const styled = await call({ method: 'PUT', path: '/org/app/users/alice', body: { notification_display_style: '1' } });
    expect(styled.status).toBe(200);
    expect(styled.body.entities[0]).toMatchObject({ username: 'alice', type: 'user', nickname: 'Alice', notification_display_style: 1 });
  });

  it('answers the DND end time (now + duration) as ignoreDuration, and the same on a later read', async () => {
    const set = await call({
      method: 'PUT',
      path: '/org/app/users/alice/notification/user/alice',
      body: { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 86_400_000 },
    });
    expect(set.body.data.ignoreDuration).toBe(now + 86_400_000);
    now += 60_000;
    const read = await call({ path: '/org/app/users/alice/notification/user/alice' });
    expect(read.body.data).toEqual({ type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: set.body.data.ignoreDuration });
  });

  it('keeps an ignoreDuration of 0 as 0 (no DND duration)', async () => {
    const set = await call({ method: 'PUT', path: '/org/app/users/alice/notification/user/alice', body: { ignoreDuration: 0 } });
    expect(set.body.data.ignoreDuration).toBe(0);
  });

  it('keeps a field that is not sent: changing the mode leaves the DND duration in force', async () => {
    const path = '/org/app/users/alice/notification/user/alice';
    const first = await call({ method: 'PUT', path, body: { ignoreDuration: 60_000 } });
    const second = await call({ method: 'PUT', path, body: { type: 'AT' } });
    expect(second.body.data).toEqual({ type: 'AT', ignoreDuration: first.body.data.ignoreDuration });
  });

  it('keeps conversation settings apart from the app level, and ignores ignoreInterval on a conversation', async () => {
    await call({ method: 'PUT', path: '/org/app/users/alice/notification/user/alice', body: { type: 'ALL' } });
    const group = await call({
      method: 'PUT',
      path: '/org/app/users/alice/notification/chatgroup/12312312321',
      body: { type: 'AT', ignoreInterval: '08:30-10:00' },
    });
    expect(group.body.data).toEqual({ type: 'AT' });
    expect((await call({ path: '/org/app/users/alice/notification/chatgroup/12312312321' })).body.data).toEqual({ type: 'AT' });
    expect((await call({ path: '/org/app/users/alice/notification/user/alice' })).body.data).toEqual({ type: 'ALL' });
    expect((await call({ path: '/org/app/users/alice/notification/user/bob' })).body.data).toEqual({});
  });

  it('remembers the preferred language, and answers the original language (empty) before any is set', async () => {
    expect((await call({ path: '/org/app/users/alice/notification/language' })).body.data).toEqual({ language: '' });
    const set = await call({ method: 'PUT', path: '/org/app/users/alice/notification/language', body: { translationLanguage: 'EU' } });
    expect(set.body.data).toEqual({ language: 'EU' });
    expect((await call({ path: '/org/app/users/alice/notification/language' })).body.data).toEqual({ language: 'EU' });
  });

  it('creates, reads and deletes a template; a missing one is 400 entity_not_found naming it', async () => {
    const template = { name: 'welcome1', title_pattern: 'Hello,{0}', content_pattern: 'Test,{0}' };
    const created = await call({ method: 'POST', path: '/org/app/notification/template', body: template });
    expect(created.body.data).toMatchObject(template);
    expect(created.body.data.createAt).toBe(created.body.data.updateAt);
    const read = await call({ path: '/org/app/notification/template/welcome1' });
    expect(read.body.data).toEqual(created.body.data);
    const deleted = await call({ method: 'DELETE', path: '/org/app/notification/template/welcome1' });
    expect(deleted.body).toMatchObject({ action: 'delete', data: created.body.data });
    for (const method of ['GET', 'DELETE']) {
      const missing = await call({ method, path: '/org/app/notification/template/welcome1' });
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({
        error: 'entity_not_found',
        exception: 'EntityNotFoundException',
        error_description: 'welcome1 template is not exist',
      });
    }
  });

  it('creating an existing template name replaces its patterns and keeps createAt', async () => {
    const first = await call({ method: 'POST', path: '/org/app/notification/template', body: { name: 't1', title_pattern: 'a', content_pattern: 'b' } });
    now += 5;
    const second = await call({ method: 'POST', path: '/org/app/notification/template', body: { name: 't1', title_pattern: 'c', content_pattern: 'd' } });
    expect(second.body.data).toMatchObject({ title_pattern: 'c', content_pattern: 'd', createAt: first.body.data.createAt });
    expect(second.body.data.updateAt).toBe(first.body.data.createAt + 5);
  });

  it('keeps each org/app apart: a template of one app does not exist in another', async () => {
    await call({ method: 'POST', path: '/org/app/notification/template', body: { name: 'shared', title_pattern: 'a', content_pattern: 'b' } });
    expect((await call({ path: '/org/app2/notification/template/shared' })).status).toBe(400);
    expect((await call({ path: '/org2/app/notification/template/shared' })).status).toBe(400);
    expect((await call({ path: '/org/app/notification/template/shared' })).status).toBe(200);
  });

  it('reset() forgets everything', async () => {
    await call({ method: 'PUT', path: '/org/app/users/alice/notification/language', body: { translationLanguage: 'EU' } });
    sandbox.reset();
    expect((await call({ path: '/org/app/users/alice/notification/language' })).body.data).toEqual({ language: '' });
  });
});

describe('sandbox envelope', () => {
  it('carries action, organization, applicationName, one application uuid per app, timestamp, duration, path and the full uri', async () => {
    const a = await call({ method: 'PUT', path: '/acme/chat/users/alice/notification/language', body: { translationLanguage: 'FR' } });
    const b = await call({ path: '/acme/chat/users/bob/notification/language' });
    const other = await call({ path: '/acme/other/users/bob/notification/language' });
    expect(a.body).toMatchObject({
      action: 'put',
      organization: 'acme',
      applicationName: 'chat',
      path: '/users',
      uri: `${sandbox.url}/acme/chat/users/alice/notification/language`,
    });
    expect(b.body.action).toBe('get');
    expect(a.body.application).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b.body.application).toBe(a.body.application);
    expect(other.body.application).not.toBe(a.body.application);
    expect(a.body.timestamp).toBe(now);
    expect(Number.isInteger(a.body.duration) && a.body.duration >= 0).toBe(true);
  });

  it('answers the template operations with the template path and the uri including the template name', async () => {
    await call({ method: 'POST', path: '/acme/chat/notification/template', body: { name: 'n1', title_pattern: 'a', content_pattern: 'b' } });
    const read = await call({ path: '/acme/chat/notification/template/n1?x=1' });
    expect(read.body).toMatchObject({ action: 'get', path: '/notification/template', uri: `${sandbox.url}/acme/chat/notification/template/n1` });
  });

  it('keeps one user uuid and created time across changes, and moves modified forward', async () => {
    const first = await call({ method: 'PUT', path: '/org/app/users/carol', body: { nickname: 'C' } });
    now += 5;
    const second = await call({ method: 'PUT', path: '/org/app/users/carol', body: { nickname: 'D' } });
    const [u1, u2] = [first.body.entities[0], second.body.entities[0]];
    expect(u2.uuid).toBe(u1.uuid);
    expect(u2.created).toBe(u1.created);
    expect(u2.modified).toBe(u1.modified + 5);
    expect(u2.activated).toBe(true);
  });
});

describe('sandbox options', () => {
  it('with tokens, accepts only those and answers another token with 401 auth_bad_access_token', async () => {
    const restricted = await startSandbox({ tokens: ['alpha', 'beta'] });
    try {
      const path = '/org/app/users/alice/notification/language';
      expect((await send(restricted.url, { path, headers: { authorization: 'Bearer beta' } })).status).toBe(200);
      const wrong = await send(restricted.url, { path, headers: { authorization: 'Bearer gamma' } });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toBe('auth_bad_access_token');
      expect(contractIssues('GET', path, wrong)).toEqual([]);
    } finally {
      await restricted.close();
    }
  });

  it('with users, answers another user with 400 required_property_not_found', async () => {
    const restricted = await startSandbox({ users: ['alice'] });
    try {
      const ok = await send(restricted.url, { path: '/org/app/users/alice/notification/language' });
      expect(ok.status).toBe(200);
      const path = '/org/app/users/mallory/notification/language';
      const missing = await send(restricted.url, { path });
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ error: 'required_property_not_found', exception: 'RequiredPropertyNotFoundException' });
      expect(contractIssues('GET', path, missing)).toEqual([]);
    } finally {
      await restricted.close();
    }
  });

  it('with appKeys, answers another org/app with 404 organization_application_not_found naming it', async () => {
    const restricted = await startSandbox({ appKeys: ['org#app'] });
    try {
      expect((await send(restricted.url, { path: '/org/app/users/alice/notification/language' })).status).toBe(200);
      const path = '/org/nope/users/alice/notification/language';
      const missing = await send(restricted.url, { path });
      expect(missing.status).toBe(404);
      expect(missing.body.error).toBe('organization_application_not_found');
      expect(missing.body.error_description).toContain('org/nope');
      expect(contractIssues('GET', path, missing)).toEqual([]);
    } finally {
      await restricted.close();
    }
  });

  it('logs one line per request without the Authorization header or its token', async () => {
    const lines: string[] = [];
    const logged = await startSandbox({ log: (line) => lines.push(line) });
    try {
      await send(logged.url, { path: '/org/app/users/alice/notification/language', headers: { authorization: 'Bearer very-secret-token' } });
      await send(logged.url, { path: '/org/app/users/alice/notification/language', headers: { authorization: 'Basic very-secret-token' } });
    } finally {
      await logged.close();
    }
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^GET \/org\/app\/users\/alice\/notification\/language 200 \d+ms$/);
    expect(lines.join('\n')).not.toMatch(/secret|authorization|bearer/i);
  });

  it('binds 127.0.0.1 by default and picks a free port with port 0', async () => {
    const a = await startSandbox();
    const b = await startSandbox({ port: 0 });
    try {
      expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(a.port).not.toBe(b.port);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('close() stops it: a later request is refused', async () => {
    const s = await startSandbox();
    await s.close();
    await s.close(); // idempotent
    await expect(send(s.url, { path: '/org/app/users/a/notification/language' })).rejects.toThrow(/ECONNREFUSED/);
  });
});
