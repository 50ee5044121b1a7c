// Rate limits come from each operation's x-rate-limit: per App Key, one counter per budget (the push
// display name and the display style share one). Past a limit: 429 reach_limit with Retry-After.
// Every sandbox here runs on an injected clock that only moves when a test moves it: a burst lands in one
// window however slow the machine is, and a new window opens exactly when the test steps past the period.
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../packages/mock/src/index.js';
import { contractIssues, exampleBody, pathOf, send, validator, type Answer } from './support.js';

const running: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});
/** The sandboxes' clock (ms since the epoch). */
let now = 1_700_000_000_000;
const start = async (options: Parameters<typeof startSandbox>[0] = {}): Promise<RunningSandbox> => {
  const s = await startSandbox({ now: () => now, ...options });
  running.push(s);
  return s;
};

/** Sends `count` requests of one operation, `concurrency` at a time, and returns the answers in order. */
async function burst(base: string, operationId: string, count: number, values: Record<string, string> = {}): Promise<Answer[]> {
  const op = validator.operation(operationId);
  const answers: Answer[] = [];
  const concurrency = 10;
  for (let i = 0; i < count; i += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, count - i) }, () => send(base, { method: op.method.toUpperCase(), path: pathOf(operationId, values), body: exampleBody(operationId) }));
    answers.push(...(await Promise.all(batch)));
  }
  return answers;
}

const budgetOf = (operationId: string) => validator.operation(operationId).rateLimit;

describe('sandbox rate limits (from x-rate-limit)', () => {
  it('every operation has a documented per-second or per-minute limit per App Key', () => {
    for (const op of validator.operations) {
      expect(op.rateLimit, op.operationId).toMatchObject({ scope: 'app-key' });
      expect(op.rateLimit.limit).toBeGreaterThan(0);
    }
  });

  it('answers calls past the documented limit with 429 reach_limit and Retry-After', async () => {
    const s = await start();
    const { limit, period } = budgetOf('getPushLanguage');
    expect(period).toBe('second'); // the burst below must fit in one window
    const answers = await burst(s.url, 'getPushLanguage', limit + 20);
    const ok = answers.filter((a) => a.status === 200).length;
    const limited = answers.filter((a) => a.status === 429);
    expect(ok).toBe(limit);
    expect(limited).toHaveLength(20);
    const last = limited.at(-1)!;
    expect(last.body).toMatchObject({ error: 'reach_limit', exception: 'EasemobReachLimitException', error_description: 'This request has reached API limit.' });
    // The clock did not move: the whole window (1 s) is left.
    expect(last.headers['retry-after']).toBe('1');
    expect(contractIssues('GET', pathOf('getPushLanguage'), last)).toEqual([]);
  });

  it('the push display name and the display style share one budget', async () => {
    const s = await start({ rateLimit: 10 });
    expect(budgetOf('updatePushDisplay').budget).toBe('push-display');
    const path = pathOf('updatePushDisplay');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const body = i % 2 === 0 ? { nickname: 'n' } : { notification_display_style: 1 };
      statuses.push((await send(s.url, { method: 'PUT', path, body })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429, 429]);
  });

  it('keeps budgets apart: one operation over its limit leaves the others answering', async () => {
    const s = await start({ rateLimit: 5 });
    const statuses = (await burst(s.url, 'getPushSettings', 6)).map((a) => a.status);
    expect(statuses.at(-1)).toBe(429);
    expect((await burst(s.url, 'getPushLanguage', 1))[0]!.status).toBe(200);
    expect((await burst(s.url, 'setPushSettings', 1))[0]!.status).toBe(200);
  });

  it('keeps App Keys apart: another org/app has its own counters', async () => {
    const s = await start({ rateLimit: 5 });
    expect((await burst(s.url, 'getPushLanguage', 6)).at(-1)!.status).toBe(429);
    expect((await burst(s.url, 'getPushLanguage', 1, { app_name: 'other' }))[0]!.status).toBe(200);
    expect((await burst(s.url, 'getPushLanguage', 1, { org_name: 'other' }))[0]!.status).toBe(200);
  });

  it('counts the calls of an App Key whatever the user', async () => {
    const s = await start({ rateLimit: 3 });
    const statuses: number[] = [];
    for (const username of ['a', 'b', 'c', 'd']) statuses.push((await burst(s.url, 'getPushLanguage', 1, { username }))[0]!.status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('opens a new window once the period has passed', async () => {
    const s = await start({ rateLimit: 2 });
    expect((await burst(s.url, 'getPushLanguage', 3)).map((a) => a.status)).toEqual([200, 200, 429]);
    now += 999;
    const late = (await burst(s.url, 'getPushLanguage', 1))[0]!;
    expect(late.status).toBe(429);
    // Retry-After counts the whole seconds left in the window: 1 ms is still one second.
    expect(late.headers['retry-after']).toBe('1');
    now += 1;
    expect((await burst(s.url, 'getPushLanguage', 1))[0]!.status).toBe(200);
  });

  it('rateLimit 0 turns rate limiting off', async () => {
    const s = await start({ rateLimit: 0 });
    const answers = await burst(s.url, 'getPushLanguage', budgetOf('getPushLanguage').limit * 3);
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });

  it('every operation answers 429 past its limit, and the 429 validates against the description', async () => {
    const s = await start({ rateLimit: 1 });
    // create the template first so that the template calls under the limit succeed
    await send(s.url, { method: 'POST', path: pathOf('createPushTemplate'), body: exampleBody('createPushTemplate') });
    for (const op of validator.operations) {
      if (op.operationId === 'createPushTemplate') {
        const second = (await burst(s.url, op.operationId, 1))[0]!;
        expect(second.status).toBe(429);
        continue;
      }
      const [first, second] = await burst(s.url, op.operationId, 2);
      expect(first!.status, op.operationId).toBeLessThan(429);
      expect(second!.status, op.operationId).toBe(429);
      expect(contractIssues(op.method, pathOf(op.operationId), second!), op.operationId).toEqual([]);
    }
  });
});
