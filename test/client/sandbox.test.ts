// The client against the stateful sandbox, whose rate limiter counts the documented limits in windows of
// its own: a burst paced by the client's limiter meets no 429, however the requests' delays vary, because
// a request holds its slot until one period after its answer (the service counted it before answering).
// The burst runs on fake time (the client's limiter and the sandbox's clock both read the faked
// performance.now), over real HTTP: 300 calls at 100 a second take 3 s of fake time and no real waiting.
import { startSandbox } from '@agora-chat-push/mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const lines: string[] = [];
    // A sandbox of its own, on the same fake clock as the client's limiter.
    const paced = await startSandbox({ log: (line) => lines.push(line), now: () => performance.now() });
    try {
      const push = createChatPushClient({ baseUrl: paced.url, orgName: 'burst-org', appName: 'burst-app', token: 't', retry: false });
      let pending = 300;
      const all = Promise.allSettled(Array.from({ length: 300 }, (_, i) => (i % 2 ? push.updatePushNickname('user1', 'n') : push.updatePushDisplayStyle('user1', 1)).finally(() => pending--)));
      // Fake time moves 50 ms a step; between steps the real event loop turns (setImmediate is not faked), so
      // the requests and answers under way travel (an answer may arrive some steps after its request: delays
      // vary, as they do on a network). 300 calls at 100/s need about 3 s of fake time: the bound (60 s of
      // fake time) only stops a hang.
      for (let step = 0; step < 1_200 && pending > 0; step++) {
        await vi.advanceTimersByTimeAsync(50);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const results = await all;
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      const mine = lines.filter((line) => line.includes('/burst-org/burst-app/'));
      expect(mine).toHaveLength(300);
      expect(mine.filter((line) => / 429 /.test(line))).toEqual([]);
      // Paced, not sent at once: the answers span the three periods of 100 calls.
      expect(performance.now()).toBeGreaterThanOrEqual(2_000);
    } finally {
      vi.useRealTimers();
      await paced.close();
    }
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
