// `client.call(operationId, path, body)`: any operation by its id, through the same run as the typed methods
// (parameter rules before sending, the payload out of the envelope, typed errors).
import { afterEach, describe, expect, it } from 'vitest';
import { ChatPushError, createChatPushClient } from '../../packages/client/src/index.js';
import { type FaultServer, json, startFaultServer, success } from './support.js';

const servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('client.call', () => {
  it('sends what the typed method sends and resolves to the same payload, with the envelope on withResponse()', async () => {
    const seen: string[] = [];
    const server = await startFaultServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.body ?? ''}`.trim());
      json(res, 200, success(req));
    });
    servers.push(server);
    const push = createChatPushClient({ baseUrl: server.url, orgName: 'org', appName: 'app', token: 't', retry: false });
    const typed = await push.setPreferredNotificationLanguage('u1', 'de');
    const generic = await push.call('setPushLanguage', { username: 'u1' }, { translationLanguage: 'de' });
    expect(generic).toEqual(typed);
    expect(seen[1]).toBe(seen[0]);
    const { envelope } = await push.call('getPushLanguage', { username: 'u1' }).withResponse();
    expect(envelope).toMatchObject({ data: { language: 'EU' } });
  });

  it('refuses a path parameter that breaks the description, before sending', async () => {
    let sent = 0;
    const server = await startFaultServer((req, res) => {
      sent += 1;
      json(res, 200, success(req));
    });
    servers.push(server);
    const push = createChatPushClient({ baseUrl: server.url, orgName: 'org', appName: 'app', token: 't', retry: false });
    const error = await push.call('getPushLanguage', { username: 'bad user' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatPushError);
    expect(error).toMatchObject({ error: 'invalid_argument', operationId: 'getPushLanguage' });
    expect(sent).toBe(0);
  });
});
