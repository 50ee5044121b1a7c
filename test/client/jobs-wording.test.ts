// Error wording (issue 15.6): a bad ignoreInterval says what the rule is (HH:MM-HH:MM, hours 00-23,
// minutes 00-59) instead of printing the regex, and a bad user ID on an app-level call names `username`, not the
// `key` the caller never passed. The wording comes from the description's schema descriptions.
import { startSandbox } from '@agora-chat-push/mock';
import { createContractValidator } from '@agora-chat-push/openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatPushError, createChatPushClient } from '../../packages/client/src/index.js';

const validator = createContractValidator();

describe('error wording from the description', () => {
  it('a bad ignoreInterval names the format and the ranges, not the regex', () => {
    const [issue, ...rest] = validator.validateRequestBody('setPushSettings', { ignoreInterval: '24:00-08:00' });
    expect(rest).toEqual([]);
    expect(issue!.field).toBe('ignoreInterval');
    expect(issue!.message).toContain('ignoreInterval: must be the daily do-not-disturb time frame, `HH:MM-HH:MM`');
    expect(issue!.message).toContain('`HH` is `00` to `23` and `MM` is `00` to `59`');
    expect(issue!.message).not.toContain('[01]');
  });

  it('a bad user ID on the app-level path is reported once, as username', () => {
    const issues = validator.validateParameters('setPushSettings', { org_name: 'o', app_name: 'a', username: 'user!1', type: 'user', key: 'user!1' });
    expect(issues.map((i) => i.field)).toEqual(['username']);
    expect(issues[0]!.message).toMatch(/^username: must be a user ID: 1 to 64 characters, each a letter/);
  });

  it('a bad key on a conversation path is still reported as key', () => {
    const issues = validator.validateParameters('setPushSettings', { org_name: 'o', app_name: 'a', username: 'user1', type: 'user', key: 'user 2' });
    expect(issues.map((i) => i.field)).toEqual(['key']);
  });
});

describe('error wording through the client and the sandbox', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: 0 });
  });
  afterAll(() => sandbox.close());

  const reject = async (promise: Promise<unknown>): Promise<ChatPushError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChatPushError);
    return error as ChatPushError;
  };

  it('setSilentModeForAll with a bad user ID names username only', async () => {
    const push = createChatPushClient({ baseUrl: sandbox.url, orgName: 'org', appName: 'app', token: 'tok' });
    const error = await reject(push.setSilentModeForAll('user!1', { type: 'NONE' }));
    // Refused by the client before sending (issue 23), in the description's words like the sandbox's answer.
    expect(error.error).toBe('invalid_argument');
    expect(error.message).toContain('username: must be a user ID');
    expect(error.message).not.toContain('key:');
  });

  it('a bad ignoreInterval says HH:MM-HH:MM and the ranges', async () => {
    const push = createChatPushClient({ baseUrl: sandbox.url, orgName: 'org', appName: 'app', token: 'tok' });
    const error = await reject(push.setSilentModeForAll('user1', { ignoreInterval: '8:30-10:00' }));
    expect(error.message).toContain('`HH:MM-HH:MM`');
    expect(error.message).toContain('`00` to `23`');
  });
});
