// ignoreInterval on a conversation (issue 15.5): the description says it is valid only at the app level. From
// JavaScript (no types) the call used to be sent and silently do nothing; now it is rejected before it is sent,
// with the rule in the message. (The compile-time side: jobs-types.e2e.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatPushError, createChatPushClient } from '../../packages/client/src/index.js';
import { type FaultServer, json, startFaultServer, success } from './support.js';

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer((req, res) => json(res, 200, success(req)));
});
afterAll(() => server.close());

const client = () => createChatPushClient({ baseUrl: server.url, orgName: 'org', appName: 'interval', token: 'tok' });

describe('ignoreInterval on a conversation', () => {
  it('is rejected before it is sent, naming the field, the rule and the method to use', async () => {
    const before = server.requests.length;
    const settings = { type: 'NONE', ignoreInterval: '21:30-08:00' } as never;
    const error = await client()
      .setSilentModeForConversation('user1', { type: 'chatgroup', key: '12312312321' }, settings)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatPushError);
    expect(error).toMatchObject({ status: 0, error: 'invalid_argument', operationId: 'setPushSettings', retryable: false });
    expect((error as ChatPushError).message).toContain('ignoreInterval');
    expect((error as ChatPushError).message).toMatch(/valid only at the app level/i);
    expect((error as ChatPushError).message).toContain('setSilentModeForAll');
    expect((error as ChatPushError).message).toContain('not sent');
    expect(server.requests.length).toBe(before);
  });

  it('is rejected on a one-to-one chat too, and withResponse() rejects the same way', async () => {
    const settings = { ignoreInterval: '21:30-08:00' } as never;
    const error = await client()
      .setSilentModeForConversation('user1', { type: 'user', key: 'user2' }, settings)
      .withResponse()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ error: 'invalid_argument' });
  });

  it('is accepted when the "conversation" is the app level itself (type user, key = the username)', async () => {
    const settings = { ignoreInterval: '21:30-08:00' } as never;
    await expect(client().setSilentModeForConversation('user1', { type: 'user', key: 'user1' }, settings)).resolves.toBeDefined();
  });

  it('an absent or undefined ignoreInterval is fine, and setSilentModeForAll still sends it', async () => {
    const push = client();
    await expect(push.setSilentModeForConversation('user1', { type: 'chatgroup', key: '1' }, { type: 'AT', ignoreInterval: undefined } as never)).resolves.toBeDefined();
    await push.setSilentModeForAll('user1', { ignoreInterval: '21:30-08:00' });
    expect(JSON.parse(server.requests.at(-1)!.body)).toEqual({ ignoreInterval: '21:30-08:00' });
  });
});
