// One contract suite for the sandbox, run against each adapter over its core: the node:http server
// (sandbox-http.test.ts) and the msw handlers (sandbox-msw.test.ts). Same requests, same expectations: state,
// validation, errors, rate limits, and every answer valid against the description.
import type { SandboxCoreOptions } from '@agora-chat-push/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractIssues, exampleBody, pathOf, TOKEN, validator } from '../mock/support.js';

/** A sandbox reached over fetch at `baseUrl`, whichever adapter serves it. */
export interface SandboxUnderTest {
  baseUrl: string;
  reset(): void;
  close(): Promise<void>;
}
export type StartSandbox = (options: SandboxCoreOptions) => Promise<SandboxUnderTest>;

interface Call {
  method?: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string | undefined>;
}
interface Got {
  status: number;
  headers: Headers;
  body: any;
}

export function sandboxContract(adapter: string, start: StartSandbox): void {
  let clock = Date.UTC(2026, 0, 1, 12);
  const now = () => clock;
  let open: SandboxUnderTest;
  let limited: SandboxUnderTest;
  let strict: SandboxUnderTest;

  beforeAll(async () => {
    open = await start({ rateLimit: 0, now });
    limited = await start({ rateLimit: 2, now });
    strict = await start({ rateLimit: 0, tokens: [TOKEN], users: ['user1'], now });
  });
  afterAll(async () => {
    await Promise.all([open?.close(), limited?.close(), strict?.close()]);
  });

  const call = async (target: SandboxUnderTest, c: Call): Promise<Got> => {
    const raw = c.body === undefined ? undefined : typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
    const headers = Object.fromEntries(
      Object.entries({
        authorization: `Bearer ${TOKEN}`,
        ...(raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...c.headers,
      }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const res = await fetch(`${target.baseUrl}${c.path}`, { method: c.method ?? 'GET', headers, ...(raw !== undefined ? { body: raw } : {}) });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const issues = contractIssues(c.method ?? 'GET', c.path, { status: res.status, body });
    expect(issues, `${adapter}: ${c.method ?? 'GET'} ${c.path} -> ${res.status} ${text}`).toEqual([]);
    return { status: res.status, headers: res.headers, body };
  };
  const op = (operationId: string, values: Record<string, string> = {}, body: unknown = exampleBody(operationId)): Call => ({
    method: validator.operation(operationId).method.toUpperCase(),
    path: pathOf(operationId, values),
    ...(body !== undefined ? { body } : {}),
  });

  describe(`the sandbox contract (${adapter})`, () => {
    it('answers every operation with a documented, valid 200 (templates once created)', async () => {
      await call(open, op('createPushTemplate'));
      for (const operation of validator.operations) {
        const got = await call(open, op(operation.operationId, { username: 'every-op' }));
        expect(got.status, operation.operationId).toBe(200);
        expect(got.headers.get('content-type')).toMatch(/^application\/json/);
        if (operation.operationId === 'deletePushTemplate') await call(open, op('createPushTemplate'));
      }
    });

    it('remembers: a language set is the language read back, per user', async () => {
      await call(open, op('setPushLanguage', { username: 'lang-a' }, { translationLanguage: 'ZH' }));
      expect((await call(open, op('getPushLanguage', { username: 'lang-a' }))).body.data.language).toBe('ZH');
      expect((await call(open, op('getPushLanguage', { username: 'lang-b' }))).body.data.language).toBe('');
    });

    it('answers DND as the time it ends, from its clock', async () => {
      const got = await call(open, op('setPushSettings', { username: 'dnd', type: 'user', key: 'dnd' }, { ignoreDuration: 60_000 }));
      expect(got.body.data.ignoreDuration).toBe(clock + 60_000);
    });

    it('keeps templates through create, get and delete; a deleted one is 400 entity_not_found', async () => {
      const name = { name: 'lifecycle1' };
      await call(open, op('createPushTemplate', {}, { ...(exampleBody('createPushTemplate') as object), ...name }));
      expect((await call(open, op('getPushTemplate', name))).status).toBe(200);
      expect((await call(open, op('deletePushTemplate', name))).status).toBe(200);
      const gone = await call(open, op('getPushTemplate', name));
      expect([gone.status, gone.body.error]).toEqual([400, 'entity_not_found']);
    });

    it('forgets everything on reset()', async () => {
      await call(open, op('setPushLanguage', { username: 'reset-me' }, { translationLanguage: 'EU' }));
      open.reset();
      expect((await call(open, op('getPushLanguage', { username: 'reset-me' }))).body.data.language).toBe('');
    });

    it('validates requests with the description: bad body, malformed JSON, wrong media type, oversize body', async () => {
      const invalid = await call(open, { ...op('setPushSettings'), body: { ignoreDuration: -1 } });
      expect([invalid.status, invalid.body.error]).toEqual([400, 'illegal_argument']);
      expect(invalid.body.error_description).toContain('ignoreDuration');
      const malformed = await call(open, { ...op('setPushLanguage'), body: '{"translationLanguage": ' });
      expect([malformed.status, malformed.body.error]).toEqual([400, 'json_parse']);
      const media = await call(open, { ...op('setPushLanguage'), headers: { 'content-type': 'text/plain' } });
      expect(media.status).toBe(415);
      const big = await call(open, { ...op('setPushLanguage'), body: `{"translationLanguage":"${'x'.repeat(70_000)}"}` });
      expect(big.status).toBe(413);
    });

    it('answers the service errors: no token, wrong token, unknown user, unknown path', async () => {
      const none = await call(strict, { ...op('getPushLanguage'), headers: { authorization: undefined } });
      expect([none.status, none.body.error]).toEqual([401, 'unauthorized']);
      const wrong = await call(strict, { ...op('getPushLanguage'), headers: { authorization: 'Bearer wrong' } });
      expect([wrong.status, wrong.body.error]).toEqual([401, 'auth_bad_access_token']);
      const nobody = await call(strict, op('getPushLanguage', { username: 'nobody' }));
      expect([nobody.status, nobody.body.error]).toEqual([400, 'required_property_not_found']);
      const route = await call(strict, { path: '/org/app/users/user1/notification/ringtone' });
      expect(route.status).toBe(404);
    });

    it('rate-limits per App Key with Retry-After, and opens the next window on its clock', async () => {
      const read = op('getPushLanguage', { org_name: 'rl', app_name: 'app' });
      expect((await call(limited, read)).status).toBe(200);
      expect((await call(limited, read)).status).toBe(200);
      const over = await call(limited, read);
      expect([over.status, over.body.error]).toEqual([429, 'reach_limit']);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Another App Key has its own budget.
      expect((await call(limited, op('getPushLanguage', { org_name: 'rl', app_name: 'other' }))).status).toBe(200);
      clock += 60_000;
      expect((await call(limited, read)).status).toBe(200);
    });
  });
}
