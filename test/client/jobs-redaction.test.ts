// Redaction (issue 15.4): the token is removed where it can appear (the Authorization header, an echo of it, a
// fetch error carrying the request), never by deleting every occurrence of its letters: a short token such as
// "a" (the mock README's "Bearer t") no longer garbles the service's sentences. test/client/secrets.test.ts keeps
// checking that a real token never leaks.
import { afterAll, describe, expect, it } from 'vitest';
import { ChatPushError, createChatPushClient } from '../../packages/client/src/index.js';
import { type FaultServer, json, serviceError, startFaultServer } from './support.js';

const servers: FaultServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
});

async function failWith(token: string, describe: (authorization: string) => string): Promise<ChatPushError> {
  const server = await startFaultServer((req, res) => json(res, 401, serviceError('auth_bad_access_token', describe(String(req.headers.authorization)))));
  servers.push(server);
  const push = createChatPushClient({ baseUrl: server.url, orgName: 'org', appName: `redact-${servers.length}`, token, retry: false });
  const error = await push.getPreferredNotificationLanguage('user1').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ChatPushError);
  return error as ChatPushError;
}

describe('redaction of the token', () => {
  it('leaves the words of a message alone with a one-letter token', async () => {
    const error = await failWith('a', () => 'Unable to authenticate due to corrupt access token');
    expect(error.error_description).toBe('Unable to authenticate due to corrupt access token');
  });

  it('still removes a one-letter token where it is echoed as the header or as a word', async () => {
    const error = await failWith('t', (authorization) => `token ${authorization.slice(7)} rejected; header was ${authorization}`);
    expect(error.error_description).toBe('token [redacted] rejected; header was Bearer [redacted]');
  });

  it('removes a real token wherever it is echoed (quotes, key=value, JSON, URL-encoded, glued to a word)', async () => {
    const token = '007eJxTYPi1+SSn5u/VHqrowwqoitJJ==';
    const error = await failWith(
      token,
      (authorization) =>
        `"${authorization.slice(7)}" token=${authorization.slice(7)}; {"authorization":"${authorization}"} ?t=${encodeURIComponent(authorization.slice(7))} x${authorization.slice(7)}y`,
    );
    expect(error.error_description).not.toContain('007eJxT');
    expect(error.error_description).not.toContain(encodeURIComponent(token));
    expect(error.error_description).toBe('"[redacted]" token=[redacted]; {"authorization":"Bearer [redacted]"} ?t=[redacted] x[redacted]y');
  });
});
