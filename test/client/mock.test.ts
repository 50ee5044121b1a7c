// Every method of the domain client against a Prism mock of the bundled description; every answer the
// client returns (the whole envelope, via withResponse) is validated against the description.
import { createContractValidator } from '@agora-chat-push/openapi';
import { startMock } from '@agora-chat-push/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatPushError, type Middleware, createChatPushClient } from '../../packages/client/src/index.js';

const validator = createContractValidator();
let mock: Awaited<ReturnType<typeof startMock>>;

beforeAll(async () => {
  mock = await startMock({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await mock?.close();
});

/** Asks Prism for a given status and example (its `Prefer` header) on every request. */
const prefer = (value: string): Middleware => ({
  onRequest: ({ request }) => {
    request.headers.set('Prefer', value);
    return request;
  },
});

/** Keeps the JSON body of every answer, as it came, so error answers can be validated too. */
const capture = (bodies: unknown[]): Middleware => ({
  onResponse: async ({ response }) => void bodies.push(await response.clone().json()),
});

const client = (middleware: Middleware[] = []) => createChatPushClient({ baseUrl: mock.url, orgName: 'agora-demo', appName: 'testapp', token: 'mock-token', middleware });

describe('against the Prism mock, every method', () => {
  it('updatePushNickname resolves to the user entity, in a documented envelope', async () => {
    const { data, envelope, response } = await client().updatePushNickname('user1', 'testuser').withResponse();
    expect(response.status).toBe(200);
    expect(validator.validateResponse('updatePushDisplay', 200, envelope)).toEqual([]);
    expect(data).toBe(envelope.entities[0]);
    expect(data.nickname).toBe('testuser');
  });

  it('updatePushDisplayStyle resolves to the user entity with its display style', async () => {
    const { data, envelope } = await client([prefer('example=PushDisplayStyleResult')])
      .updatePushDisplayStyle('user1', 1)
      .withResponse();
    expect(validator.validateResponse('updatePushDisplay', 200, envelope)).toEqual([]);
    expect(data.notification_display_style).toBe(1);
  });

  it('setSilentModeForAll sends type user and key = the username, and resolves to the settings in force', async () => {
    const seen: string[] = [];
    const spy: Middleware = { onRequest: ({ request }) => void seen.push(new URL(request.url).pathname) };
    const { data, envelope } = await client([spy]).setSilentModeForAll('user1', { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 86_400_000 }).withResponse();
    expect(seen).toEqual(['/agora-demo/testapp/users/user1/notification/user/user1']);
    expect(validator.validateResponse('setPushSettings', 200, envelope)).toEqual([]);
    expect(data.type).toBe('NONE');
    expect(data.ignoreInterval).toBe('21:30-08:00');
  });

  it('setSilentModeForConversation sends the conversation type and key in the path', async () => {
    const seen: string[] = [];
    const spy: Middleware = { onRequest: ({ request }) => void seen.push(new URL(request.url).pathname) };
    const { data, envelope } = await client([spy]).setSilentModeForConversation('user1', { type: 'chatgroup', key: '12312312321' }, { type: 'AT' }).withResponse();
    expect(seen).toEqual(['/agora-demo/testapp/users/user1/notification/chatgroup/12312312321']);
    expect(validator.validateResponse('setPushSettings', 200, envelope)).toEqual([]);
    expect(data).toBe(envelope.data);
  });

  it('getSilentModeForAll resolves to the app-level settings', async () => {
    const { data, envelope } = await client().getSilentModeForAll('user1').withResponse();
    expect(validator.validateResponse('getPushSettings', 200, envelope)).toEqual([]);
    expect(data).toEqual(envelope.data);
    expect(typeof data.ignoreDuration).toBe('number');
  });

  it('getSilentModeForConversation resolves to the settings of one conversation', async () => {
    const { data, envelope } = await client().getSilentModeForConversation('user1', { type: 'user', key: 'user2' }).withResponse();
    expect(validator.validateResponse('getPushSettings', 200, envelope)).toEqual([]);
    expect(data).toBe(envelope.data);
  });

  it('setPreferredNotificationLanguage resolves to { language }', async () => {
    const { data, envelope } = await client().setPreferredNotificationLanguage('user1', 'EU').withResponse();
    expect(validator.validateResponse('setPushLanguage', 200, envelope)).toEqual([]);
    expect(data).toEqual({ language: 'EU' });
  });

  it('getPreferredNotificationLanguage resolves to { language }', async () => {
    const { data, envelope } = await client().getPreferredNotificationLanguage('user1').withResponse();
    expect(validator.validateResponse('getPushLanguage', 200, envelope)).toEqual([]);
    expect(data).toEqual({ language: 'EU' });
  });

  it('createPushTemplate resolves to the created template', async () => {
    const template = { name: 'test7', title_pattern: 'Hello,{0}', content_pattern: 'Test,{0}' };
    const { data, envelope } = await client().createPushTemplate(template).withResponse();
    expect(validator.validateResponse('createPushTemplate', 200, envelope)).toEqual([]);
    expect(data).toMatchObject(template);
  });

  it('getPushTemplate resolves to the template', async () => {
    const { data, envelope } = await client().getPushTemplate('test7').withResponse();
    expect(validator.validateResponse('getPushTemplate', 200, envelope)).toEqual([]);
    expect(data.name).toBe('test7');
  });

  it('deletePushTemplate resolves to the deleted template', async () => {
    const { data, envelope } = await client().deletePushTemplate('test7').withResponse();
    expect(validator.validateResponse('deletePushTemplate', 200, envelope)).toEqual([]);
    expect(data.name).toBe('test7');
  });

  it('each method resolves to the same payload without withResponse', async () => {
    expect(await client().getPreferredNotificationLanguage('user1')).toEqual({ language: 'EU' });
  });
});

describe('against the Prism mock, errors', () => {
  it('a missing template (400 entity_not_found) rejects with a ChatPushError whose isNotFound is true', async () => {
    const bodies: unknown[] = [];
    const error = await client([prefer('code=400, example=ErrorTemplateNotFound'), capture(bodies)])
      .getPushTemplate('nope')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatPushError);
    const e = error as ChatPushError;
    expect(bodies).toHaveLength(1);
    expect(validator.validateResponse('getPushTemplate', 400, bodies[0])).toEqual([]);
    expect(e).toMatchObject({ status: 400, error: 'entity_not_found', exception: 'EntityNotFoundException', operationId: 'getPushTemplate', retryable: false });
    expect(e.isNotFound).toBe(true);
  });

  it('an invalid token (401) rejects with status 401 and the service code, without retrying a string token', async () => {
    const bodies: unknown[] = [];
    const e = (await client([prefer('code=401, example=ErrorBadAccessToken'), capture(bodies)])
      .getPreferredNotificationLanguage('user1')
      .catch((x: unknown) => x)) as ChatPushError;
    expect(e).toBeInstanceOf(ChatPushError);
    expect(bodies).toHaveLength(1);
    expect(validator.validateResponse('getPushLanguage', 401, bodies[0])).toEqual([]);
    expect(e).toMatchObject({ status: 401, error: 'auth_bad_access_token', retryable: false });
    expect(e.isNotFound).toBe(false);
  });

  it('a rate-limit answer (429 reach_limit) without retries rejects as retryable', async () => {
    const bodies: unknown[] = [];
    const push = client([prefer('code=429'), capture(bodies)]);
    const e = (await push.getPreferredNotificationLanguage('user1', { retry: false }).catch((x: unknown) => x)) as ChatPushError;
    expect(bodies).toHaveLength(1);
    expect(validator.validateResponse('getPushLanguage', 429, bodies[0])).toEqual([]);
    expect(e).toMatchObject({ status: 429, error: 'reach_limit', retryable: true });
  });
});
