// The sandbox's memory is bounded: every level (apps, users, settings, templates, rate-limit windows) has a
// cap and forgets its least recently used entry past it. Driven through the core (no sockets) with an
// injected clock; asserted on the sandbox's own counts (deterministic). The soak test (100,000 App Keys and a
// heap bound) is in sandbox-memory.e2e.test.ts: see there why.
import { describe, expect, it } from 'vitest';
import { createSandboxCore, type CoreRequest } from '../../packages/mock/src/index.js';

const AUTH = { authorization: 'Bearer t', 'content-type': 'application/json' };
const put = (url: string, body: unknown): CoreRequest => ({ method: 'PUT', url, headers: AUTH, body: JSON.stringify(body) });
const post = (url: string, body: unknown): CoreRequest => ({ method: 'POST', url, headers: AUTH, body: JSON.stringify(body) });
const get = (url: string): CoreRequest => ({ method: 'GET', url, headers: AUTH, body: undefined });

describe('sandbox memory', () => {
  it('caps users per app, settings per user and the global entry budget, forgetting the least recently used', () => {
    const core = createSandboxCore({
      rateLimit: 0,
      limits: { maxUsersPerApp: 50, maxSettingsPerUser: 3, maxEntries: 80 },
    });
    for (let i = 0; i < 200; i++) core.handleSync(put(`/org/app/users/user${i}/notification/language`, { translationLanguage: 'EU' }));
    expect(core.stats()).toMatchObject({ apps: 1, users: 50 });
    // user199 is recent; touch user150 so it outlives the users after it.
    core.handleSync(get('/org/app/users/user150/notification/language'));
    for (let i = 0; i < 10; i++) core.handleSync(put(`/org/app/users/alice/notification/chatgroup/g${i}`, { type: 'NONE' }));
    expect(core.stats().settings).toBe(3);
    for (let i = 0; i < 100; i++) core.handleSync(put(`/org2/app/users/user${i}/notification/language`, { translationLanguage: 'FR' }));
    const stats = core.stats();
    expect(stats.users + stats.settings + stats.templates).toBeLessThanOrEqual(80);
    // The least recently used app went first.
    expect(stats.apps).toBe(1);
  });

  it('caps templates per app and the characters of all patterns (1,000 large templates stay under the cap)', () => {
    const core = createSandboxCore({ rateLimit: 0, limits: { maxTemplatesPerApp: 20, maxTemplateChars: 1_000_000 } });
    const big = 'x'.repeat(30_000);
    for (let i = 0; i < 1_000; i++) {
      const answer = core.handleSync(post(`/org${i % 7}/app/notification/template`, { name: `t${i}`, title_pattern: big, content_pattern: big }));
      expect(answer.status).toBe(200);
    }
    const stats = core.stats();
    expect(stats.templateChars).toBeLessThanOrEqual(1_000_000);
    expect(stats.templates).toBeLessThanOrEqual(7 * 20);
    expect(stats.templates).toBeGreaterThan(0);
    // The last one created is there.
    expect(core.handleSync(get(`/org${999 % 7}/app/notification/template/t999`)).status).toBe(200);
  });

  it('a GET never creates state: reading 1,000 unknown App Keys and users leaves the sandbox empty', () => {
    const core = createSandboxCore({ rateLimit: 0 });
    for (let i = 0; i < 1_000; i++) {
      expect(core.handleSync(get(`/org${i}/app/users/u${i}/notification/language`)).status).toBe(200);
      expect(core.handleSync(get(`/org${i}/app/users/u${i}/notification/user/u${i}`)).status).toBe(200);
      expect(core.handleSync(get(`/org${i}/app/notification/template/t${i}`)).status).toBe(400);
    }
    expect(core.stats()).toMatchObject({ apps: 0, users: 0, settings: 0, templates: 0 });
  });

  it('sweeps ended rate-limit windows: a quiet second later only the new App Key holds one', () => {
    let now = 0;
    const core = createSandboxCore({ now: () => now });
    for (let i = 0; i < 5_000; i++) core.handleSync(get(`/org${i}/app/users/u/notification/language`));
    expect(core.stats().windows).toBe(5_000);
    now += 1_000;
    core.handleSync(get('/late/app/users/u/notification/language'));
    expect(core.stats().windows).toBe(1);
  });
});
