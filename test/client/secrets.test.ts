// The app token never appears in an error, its message, its JSON, its inspection, or the client's.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatPushError, createChatPushClient } from '../../packages/client/src/index.js';
import { type FaultServer, json, serviceError, startFaultServer } from './support.js';

const TOKEN = '007eJxTYPi1SSn5uVHqrowwqoitJJ+uB0sEeSecret';

const servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Every way an error or a client gets printed, logged or serialized. */
const renderings = (value: unknown): string[] => [
  String(value),
  JSON.stringify(value) ?? '',
  inspect(value, { depth: 10, showHidden: true }),
  value instanceof Error ? `${value.message}\n${value.stack ?? ''}` : '',
];

const expectNoToken = (value: unknown, token = TOKEN): void => {
  for (const text of renderings(value)) expect(text).not.toContain(token);
};

describe('the app token', () => {
  it('is not in an error whose service answer echoes the Authorization header', async () => {
    const server = await startFaultServer((req, res) => json(res, 401, serviceError('auth_bad_access_token', `bad token: ${req.headers.authorization}`, `Exception for ${req.headers.authorization}`)));
    servers.push(server);
    const push = createChatPushClient({ baseUrl: server.url, orgName: 'org', appName: 'secret-app', token: TOKEN });
    const error = await push.getPreferredNotificationLanguage('user1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatPushError);
    // The server did receive it (the test would be vacuous otherwise) and echoed it back.
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect((error as ChatPushError).error_description).toContain('[redacted]');
    expectNoToken(error);
  });

  it('is not in an error of a token from an async provider, after its refresh', async () => {
    const server = await startFaultServer((req, res) => json(res, 401, serviceError('unauthorized', `got ${req.headers.authorization}`)));
    servers.push(server);
    let n = 0;
    const tokens = [`${TOKEN}-1`, `${TOKEN}-2`];
    const push = createChatPushClient({ baseUrl: server.url, orgName: 'org', appName: 'secret-app2', token: async () => tokens[n++]! });
    const error = await push.getSilentModeForAll('user1').catch((e: unknown) => e);
    expect(server.requests).toHaveLength(2);
    expectNoToken(error, tokens[1]);
    expectNoToken(error, tokens[0]);
  });

  it('is not in a network error, even from a fetch that puts the request headers in its message', async () => {
    const push = createChatPushClient({
      baseUrl: 'http://127.0.0.1:9',
      orgName: 'org',
      appName: 'secret-app3',
      token: TOKEN,
      retry: false,
      fetch: async (_url, init) => {
        throw new TypeError(`fetch failed with headers ${JSON.stringify(Object.fromEntries(new Headers(init.headers)))}`);
      },
    });
    const error = await push.getPushTemplate('t1').catch((e: unknown) => e);
    expect(error).toMatchObject({ error: 'network_error' });
    expect(String((error as Error).cause)).toContain('[redacted]');
    expectNoToken(error);
  });

  it('is not in a timeout error', async () => {
    const server = await startFaultServer(() => {});
    servers.push(server);
    const push = createChatPushClient({ baseUrl: server.url, orgName: 'org', appName: 'secret-app4', token: TOKEN, timeout: 50 });
    const error = await push.deletePushTemplate('t1').catch((e: unknown) => e);
    expect(error).toMatchObject({ error: 'timeout' });
    expectNoToken(error);
  });

  it('is not in the inspection or the JSON of the client', async () => {
    const push = createChatPushClient({ baseUrl: 'http://127.0.0.1:9', orgName: 'org', appName: 'secret-app5', token: TOKEN });
    expectNoToken(push);
    expect(inspect(push, { depth: 10, showHidden: true })).toContain('getPushTemplate');
  });

  it('JSON.stringify of an error keeps its fields, without the response or the cause', async () => {
    const error = new ChatPushError({
      status: 400,
      error: 'entity_not_found',
      exception: 'EntityNotFoundException',
      error_description: 'test7 template is not exist',
      operationId: 'getPushTemplate',
      retryable: false,
      cause: new Error('inner'),
      response: new Response('{}', { status: 400 }),
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ChatPushError',
      message: 'getPushTemplate failed: 400 entity_not_found: test7 template is not exist',
      status: 400,
      error: 'entity_not_found',
      exception: 'EntityNotFoundException',
      error_description: 'test7 template is not exist',
      operationId: 'getPushTemplate',
      retryable: false,
    });
    expect(error.isNotFound).toBe(true);
    expect(error.response?.status).toBe(400);
  });
});
