// The client refuses a call whose path parameters break the description's rules (minLength, maxLength, pattern,
// enum of each parameter's schema, generated into OPERATIONS[op].params): `invalid_argument`, the parameter and
// the rule named, nothing sent. The rules come from the bundle: a changed rule changes the generated table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContractValidator } from '@agora-chat-push/openapi';
import { generatedDir, operationsSource } from '../../packages/client/scripts/generate.js';
import { OPERATIONS } from '../../packages/client/src/generated/operations.js';
import { ChatPushError, createChatPushClient, createChatPushFetch, createClient, type paths, runBulk, type TokenProvider } from '../../packages/client/src/index.js';
import { appTokenProvider } from '../../packages/client/src/app-token.js';
import { type FaultServer, json, repoRoot, serveInTest, serviceError, success } from './support.js';

const serve = serveInTest;
let app = 0;
const client = (server: FaultServer, token: string | TokenProvider = 'test-token') =>
  createChatPushClient({ baseUrl: server.url, orgName: 'org', appName: `params${++app}`, token, retry: { baseDelay: 1, maxDelay: 2 } });
const rejection = (promise: Promise<unknown>): Promise<ChatPushError> =>
  promise.then(
    () => {
      throw new Error('resolved');
    },
    (e: unknown) => e as ChatPushError,
  );

describe('parameter rules from the description', () => {
  it('every path parameter rule of the table is the schema of that parameter in the bundle', () => {
    const validator = createContractValidator();
    for (const op of validator.operations) {
      const row = OPERATIONS[op.operationId as keyof typeof OPERATIONS];
      const names = op.pathParameters.filter((p) => p !== 'org_name' && p !== 'app_name');
      expect(Object.keys(row.params).sort(), op.operationId).toEqual(names.sort());
      for (const [name, rule] of Object.entries(row.params) as [string, Record<string, unknown>][]) {
        // What the rule refuses, the validator refuses too, and the reverse: one value per keyword.
        if (typeof rule.maxLength === 'number') {
          expect(validator.validateParameters(op.operationId, { [name]: 'a'.repeat(rule.maxLength + 1) })).not.toEqual([]);
        }
        if (Array.isArray(rule.enum)) expect(validator.validateParameters(op.operationId, { [name]: `${rule.enum[0]}x` })).not.toEqual([]);
      }
    }
    expect(OPERATIONS.setPushSettings.params.username).toMatchObject({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' });
    expect(OPERATIONS.setPushSettings.params.type).toEqual({ enum: ['user', 'chatgroup'] });
  });

  it('a changed rule in the description changes the generated table (the freshness check can fail)', () => {
    const description = JSON.parse(readFileSync(join(repoRoot, 'packages', 'openapi', 'dist', 'openapi.json'), 'utf8'));
    const committed = readFileSync(join(generatedDir, 'operations.ts'), 'utf8');
    expect(operationsSource(description)).toBe(committed);
    description.components.schemas.Username.maxLength = 32;
    expect(operationsSource(description)).toContain('"maxLength":32');
  });

  it.each([
    ['an empty user ID', '', /username: must have at least 1 character \(minLength 1\), got ""/],
    ['a user ID of 65 characters', 'a'.repeat(65), /username: must have at most 64 characters \(maxLength 64\), got 65/],
    ['a user ID with a space', 'a b', /username: must be a user ID: 1 to 64 characters, .* \(pattern \^\[A-Za-z0-9_\.-\]\+\$\), got "a b"/],
    ['a user ID that is not a string', 42, /username: must be a string \(type\), got number/],
  ])('refuses %s before sending, naming the parameter and the rule', async (_, username, message) => {
    const server = await serve((req, res) => json(res, 200, success(req)));
    const error = await rejection(client(server).setSilentModeForAll(username as string, { type: 'NONE' }));
    expect(error).toBeInstanceOf(ChatPushError);
    expect(error).toMatchObject({ status: 0, error: 'invalid_argument', operationId: 'setPushSettings', retryable: false });
    expect(error.error_description).toMatch(message);
    expect(error.error_description).toMatch(/not sent/);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a conversation type outside the enum and a template name with a dash, accepts the boundaries', async () => {
    const server = await serve((req, res) => json(res, 200, success(req)));
    const push = client(server);
    const type = await rejection(push.getSilentModeForConversation('u1', { type: 'group' as never, key: 'g1' }));
    expect(type.error_description).toMatch(/type: must be one of "user", "chatgroup" \(enum\), got "group"/);
    const name = await rejection(push.getPushTemplate('my-template'));
    expect(name).toMatchObject({ error: 'invalid_argument', operationId: 'getPushTemplate' });
    expect(name.error_description).toMatch(/name: must be the name of a push template: 1 to 64 letters and digits .*\(pattern/);
    expect(server.requests).toHaveLength(0);
    await push.setSilentModeForAll('a'.repeat(64), { type: 'NONE' });
    await push.getSilentModeForConversation('u1', { type: 'chatgroup', key: '12312312321' });
    expect(server.requests).toHaveLength(2);
  });

  it('the raw client refuses an empty path parameter too, before sending', async () => {
    const server = await serve((req, res) => json(res, 200, success(req)));
    const raw = createClient<paths>({ baseUrl: server.url, fetch: createChatPushFetch({ token: 't' }) });
    const error = await raw.GET('/{org_name}/{app_name}/users/{username}/notification/language', { params: { path: { org_name: 'o', app_name: 'a', username: '' } } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ error: 'invalid_argument', operationId: 'getPushLanguage' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('runBulk counts 429s and retries', () => {
  it('counts every 429 answer and every attempt sent again, through the task context', async () => {
    // Each user's first attempt answers 429 (Retry-After 0), the second succeeds; user "bad" always answers 400.
    const seen = new Set<string>();
    const server = await serve((req, res) => {
      if (req.url.includes('/bad/')) return json(res, 400, serviceError('illegal_argument', 'no'));
      if (!seen.has(req.url)) {
        seen.add(req.url);
        return json(res, 429, serviceError('reach_limit', 'slow down'), { 'retry-after': '0' });
      }
      json(res, 200, success(req));
    });
    const push = client(server);
    const result = await runBulk(['u1', 'u2', 'u3', 'bad'], (user, context) => push.setSilentModeForAll(user, { type: 'NONE' }, context));
    expect(result).toMatchObject({ succeeded: 3, failed: 1, rateLimited: 3, retries: 3 });
  });
});

describe('the 401 hint', () => {
  const APP_ID = '0123456789abcdef0123456789abcdef';
  const CERT = 'fedcba9876543210fedcba9876543210';
  it('names the App ID and App Certificate when the token comes from appTokenProvider', async () => {
    const server = await serve((_req, res) => json(res, 401, serviceError('auth_bad_access_token', 'bad token')));
    const error = await rejection(client(server, appTokenProvider({ appId: APP_ID, appCertificate: CERT })).getPushTemplate('t1'));
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/check the App ID and App Certificate/);
    expect(error.message).not.toContain(CERT);
  });

  it('says "check the app token" for a plain token', async () => {
    const server = await serve((_req, res) => json(res, 401, serviceError('auth_bad_access_token', 'bad token')));
    const error = await rejection(client(server).getPushTemplate('t1'));
    expect(error.message).toMatch(/\(check the app token\)$/);
  });
});
