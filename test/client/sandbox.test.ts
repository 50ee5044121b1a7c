// The client against the stateful sandbox, whose rate limiter counts the documented limits in windows of
// its own: a burst paced by the client's limiter meets no 429, however the requests' delays vary, because
// a request holds its slot until one period after its answer (the service counted it before answering).
import { startSandbox } from '@agora-chat-push/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatPushClient } from '../../packages/client/src/index.js';

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
const answered: string[] = [];
beforeAll(async () => {
  sandbox = await startSandbox({ log: (line) => answered.push(line) });
});
afterAll(async () => {
  await sandbox?.close();
});

describe('the client against the sandbox', () => {
  it('paces a burst of 300 calls on the shared display budget so that the sandbox answers none with 429', async () => {
    const push = createChatPushClient({ baseUrl: sandbox.url, orgName: 'burst-org', appName: 'burst-app', token: 't', retry: false });
    const results = await Promise.allSettled(
      Array.from({ length: 300 }, (_, i) => (i % 2 ? push.updatePushNickname('user1', 'n') : push.updatePushDisplayStyle('user1', 1))),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const mine = answered.filter((line) => line.includes('/burst-org/burst-app/'));
    expect(mine).toHaveLength(300);
    expect(mine.filter((line) => / 429 /.test(line))).toEqual([]);
  }, 30_000);

  it('keeps state across calls: what one call sets, the next reads', async () => {
    const push = createChatPushClient({ baseUrl: sandbox.url, orgName: 'state-org', appName: 'state-app', token: 't' });
    await push.setSilentModeForConversation('user1', { type: 'chatgroup', key: '42' }, { type: 'AT', ignoreDuration: 60_000 });
    const settings = await push.getSilentModeForConversation('user1', { type: 'chatgroup', key: '42' });
    expect(settings.type).toBe('AT');
    expect(settings.ignoreDuration).toBeGreaterThan(Date.now());
    await push.createPushTemplate({ name: 'welcome', title_pattern: 'Hi {0}', content_pattern: '{$msg}' });
    await push.deletePushTemplate('welcome');
    const missing = await push.getPushTemplate('welcome').catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 400, error: 'entity_not_found', isNotFound: true });
  });
});
