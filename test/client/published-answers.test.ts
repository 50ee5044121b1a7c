// Fidelity of the client: every published answer of the service (test/fixtures/published-bodies.json) is taken
// by the method that calls its operation, which resolves to the answer's payload; none is turned into an
// `invalid_response` (ERRATA E3, E9, E22).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatPushClient, createChatPushClient } from '@agora-chat-push/client';
import { type FaultServer, json, repoRoot, startFaultServer } from './support.js';

interface PublishedBody {
  operation: string;
  kind: 'request' | 'response';
  status?: number;
  source: string;
  body: Record<string, unknown>;
}

const answers = (JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'published-bodies.json'), 'utf8')) as { bodies: PublishedBody[] }).bodies.filter(
  (b) => b.kind === 'response' && (b.status ?? 200) === 200,
);

/** Calls the client method of an operation. */
const call: Record<string, (push: ChatPushClient) => Promise<unknown>> = {
  updatePushDisplay: (push) => push.updatePushNickname('user1', 'testuser'),
  setPushSettings: (push) => push.setSilentModeForAll('user1', { type: 'NONE', ignoreInterval: '', ignoreDuration: 0 }),
  getPushSettings: (push) => push.getSilentModeForConversation('user1', { type: 'chatgroup', key: '12312312321' }),
  setPushLanguage: (push) => push.setPreferredNotificationLanguage('user1', 'EU'),
  getPushLanguage: (push) => push.getPreferredNotificationLanguage('user1'),
  createPushTemplate: (push) => push.createPushTemplate({ name: 'test7', title_pattern: 'Hello,{0}', content_pattern: 'Test,{0}' }),
  getPushTemplate: (push) => push.getPushTemplate('test7'),
  deletePushTemplate: (push) => push.deletePushTemplate('test7'),
};

let server: FaultServer;
let next: unknown;
let push: ChatPushClient;

beforeAll(async () => {
  server = await startFaultServer((_req, res) => json(res, 200, next));
  push = createChatPushClient({ baseUrl: server.url, orgName: 'hx', appName: 'hxdemo', token: 't0ken', rateLimit: false, retry: false });
});
afterAll(() => server.close());

describe('the client takes every published answer', () => {
  it('has a published answer for every method it offers', () => {
    expect(new Set(answers.map((a) => a.operation))).toEqual(new Set(Object.keys(call)));
  });

  it.each(answers.map((a, i) => [`#${i} ${a.operation} (${a.source})`, a] as const))('%s', async (_label, answer) => {
    next = answer.body;
    const payload = answer.operation === 'updatePushDisplay' ? (answer.body.entities as unknown[])[0] : answer.body.data;
    await expect(call[answer.operation]!(push)).resolves.toStrictEqual(payload);
  });
});
