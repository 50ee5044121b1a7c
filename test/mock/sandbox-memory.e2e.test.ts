// The sandbox's memory stays bounded under a long run of distinct App Keys and users: the caps of every level
// hold and the heap stays within a bound. Driven through the core (no sockets) with an injected clock.
// Why e2e and not fast: it is a soak test. 100,000 requests and four full garbage collections take 3-4 s on a
// quiet 2-core machine and over 15 s on a busy one (more than the rest of the memory tests together, and near the
// fast project's 30 s test timeout: it timed out once under load); what it checks is what the sandbox keeps, not
// how fast, so it runs where long runs belong (180 s timeout). The fast caps tests are in sandbox-memory.test.ts.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createSandboxCore, DEFAULT_LIMITS, type CoreRequest } from '../../packages/mock/src/index.js';

const AUTH = { authorization: 'Bearer t', 'content-type': 'application/json' };
const put = (url: string, body: unknown): CoreRequest => ({ method: 'PUT', url, headers: AUTH, body: JSON.stringify(body) });
const get = (url: string): CoreRequest => ({ method: 'GET', url, headers: AUTH, body: undefined });

// A full garbage collection before each reading, so the bound measures what the sandbox keeps, not garbage
// that has not been collected yet (which depends on the machine's load: a reading without it failed once at
// 70 MB on a busy machine). Node exposes `gc` to a new context once the flag is set at run time.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

describe('sandbox memory under a long run', () => {
  it('stays bounded through 100,000 distinct App Keys and users: the caps hold and the heap stays within 64 MB', () => {
    let now = 1_700_000_000_000;
    const core = createSandboxCore({ now: () => now });
    const before = heapUsed();
    let ok = 0;
    for (let i = 0; i < 100_000; i++) {
      // One request a millisecond: 100 seconds of traffic, so rate-limit windows open and end.
      now += 1;
      if (core.handleSync(put(`/org${i}/app/users/user${i}/notification/language`, { translationLanguage: 'EU' })).status === 200) ok++;
    }
    expect(ok).toBe(100_000);
    const stats = core.stats();
    expect(stats.apps).toBe(DEFAULT_LIMITS.maxApps);
    expect(stats.users).toBe(DEFAULT_LIMITS.maxApps);
    // Windows of the last second only (one per App Key and budget): ended ones were swept.
    expect(stats.windows).toBeLessThanOrEqual(1_000);
    expect(heapUsed() - before).toBeLessThan(64 * 1024 * 1024);
    // The most recent App Key is remembered; the first was forgotten.
    expect(JSON.parse(core.handleSync(get('/org99999/app/users/user99999/notification/language')).body).data).toEqual({ language: 'EU' });
    expect(JSON.parse(core.handleSync(get('/org0/app/users/user0/notification/language')).body).data).toEqual({ language: '' });
  });
});
