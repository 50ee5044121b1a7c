// The sandbox behaves as the published answers show the service does (issue "Fidelity", ERRATA E3, E15,
// E19, E21, E23): every answer is also checked against the description.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../packages/mock/src/index.js';
import { contractIssues, send, type Answer, type Send } from './support.js';

let sandbox: RunningSandbox;
const lines: string[] = [];
const now = 1_700_000_000_000;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: 0, now: () => now, log: (line) => lines.push(line) });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.reset();
  lines.length = 0;
});

async function call(options: Send): Promise<Answer> {
  const answer = await send(sandbox.url, options);
  expect(contractIssues(options.method ?? 'GET', options.path, answer), answer.text).toEqual([]);
  expect(answer.status, answer.text).toBe(200);
  return answer;
}

describe('the sandbox, as the service answers', () => {
  it('stores ignoreInterval "" (no daily time frame) and returns it, with the mode and the duration sent beside it', async () => {
    const path = '/org/app/users/alice/notification/user/alice';
    await call({ method: 'PUT', path, body: { type: 'NONE', ignoreInterval: '21:30-08:00' } });
    const set = await call({ method: 'PUT', path, body: { type: 'AT', ignoreInterval: '', ignoreDuration: 0 } });
    expect(set.body.data).toEqual({ type: 'AT', ignoreInterval: '', ignoreDuration: 0 });
    const read = await call({ path });
    expect(read.body.data).toEqual({ type: 'AT', ignoreInterval: '', ignoreDuration: 0 });
  });

  it('takes the display name and the display style in one body, and an empty body as a no-op', async () => {
    const both = await call({ method: 'PUT', path: '/org/app/users/tom', body: { nickname: 'Tom', notification_display_style: 1 } });
    expect(both.body.entities[0]).toMatchObject({ username: 'tom', nickname: 'Tom', notification_display_style: 1 });
    const none = await call({ method: 'PUT', path: '/org/app/users/tom', body: {} });
    expect(none.body.entities[0]).toMatchObject({ nickname: 'Tom', notification_display_style: 1 });
    const settings = await call({ method: 'PUT', path: '/org/app/users/tom/notification/user/tom', body: {} });
    expect(settings.body.data).toEqual({});
  });

  it('takes the legacy DND fields, answers them as the service does, and reports them deprecated in a header and a log line', async () => {
    const legacy = await call({
      method: 'PUT',
      path: '/org/app/users/alice',
      body: { notification_no_disturbing: 1, notification_no_disturbing_start: '1', notification_no_disturbing_end: '3' },
    });
    expect(legacy.body.entities[0]).toMatchObject({ notification_no_disturbing: true, notification_no_disturbing_start: 1, notification_no_disturbing_end: 3 });
    expect(legacy.headers.deprecation).toBe('true');
    expect(legacy.headers.warning).toMatch(/^299 - "deprecated: notification_no_disturbing, notification_no_disturbing_start, notification_no_disturbing_end; .*ignoreInterval/);
    expect(lines.filter((l) => l.startsWith('deprecated: updatePushDisplay sent notification_no_disturbing'))).toHaveLength(1);
    // Turned off as the third-party Go SDK does: false and empty hours.
    const off = await call({ method: 'PUT', path: '/org/app/users/alice', body: { notification_no_disturbing: false, notification_no_disturbing_start: '', notification_no_disturbing_end: '' } });
    expect(off.body.entities[0].notification_no_disturbing).toBe(false);
    expect(off.body.entities[0]).not.toHaveProperty('notification_no_disturbing_start');
    // A body without the legacy fields is not flagged.
    const plain = await call({ method: 'PUT', path: '/org/app/users/alice', body: { nickname: 'A' } });
    expect(plain.headers.deprecation).toBeUndefined();
  });

  it('answers GET .../notification/language with "action": "put", as every published answer of it does', async () => {
    await call({ method: 'PUT', path: '/org/app/users/alice/notification/language', body: { translationLanguage: 'en' } });
    const read = await call({ path: '/org/app/users/alice/notification/language' });
    expect(read.body).toMatchObject({ action: 'put', data: { language: 'en' } });
    const settings = await call({ path: '/org/app/users/alice/notification/user/alice' });
    expect(settings.body.action).toBe('get');
  });

  it('treats user IDs case-insensitively, and answers the ID as first registered', async () => {
    await call({ method: 'PUT', path: '/org/app/users/User1', body: { nickname: 'One' } });
    const again = await call({ method: 'PUT', path: '/org/app/users/user1', body: { notification_display_style: 0 } });
    expect(again.body.entities[0]).toMatchObject({ username: 'User1', nickname: 'One', notification_display_style: 0 });
    await call({ method: 'PUT', path: '/org/app/users/user1/notification/user/USER1', body: { ignoreInterval: '22:00-07:00' } });
    const appLevel = await call({ path: '/org/app/users/USER1/notification/user/user1' });
    expect(appLevel.body.data.ignoreInterval).toBe('22:00-07:00');
  });
});
