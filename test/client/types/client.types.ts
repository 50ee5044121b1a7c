// Compile-time tests of the client's types: type-checked (not run) by test/client/types.e2e.test.ts with
// `tsc --noEmit -p test/client/types`. Each @ts-expect-error marks a call the compiler must reject; the test
// also removes them one by one and checks that each line then fails to compile.
import { expectTypeOf } from 'vitest';
import {
  type ChatPushClient,
  type ChatPushError,
  type ConversationPushSettingsUpdate,
  type Envelope,
  type NotificationDisplayStyle,
  type PushLanguage,
  type PushSettings,
  type PushSettingsUpdate,
  type PushTemplate,
  type UserEntity,
  type components,
  createChatPushClient,
  createClient,
  type paths,
} from '../../../packages/client/src/index.js';

declare const push: ChatPushClient;
const conversation = { type: 'chatgroup', key: '12312312321' } as const;

// A conversation-level ignoreInterval does not compile: it is valid only at the app level.
// @ts-expect-error ignoreInterval is not a conversation setting
void push.setSilentModeForConversation('user1', conversation, { type: 'NONE', ignoreInterval: '21:30-08:00' });
// Not even through a variable of the app-level settings type.
declare const appLevel: PushSettingsUpdate;
// @ts-expect-error PushSettingsUpdate may carry ignoreInterval
void push.setSilentModeForConversation('user1', conversation, appLevel);
// At the app level it compiles.
void push.setSilentModeForAll('user1', { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 86_400_000 });

// An unknown push mode does not compile.
// @ts-expect-error SOMETIMES is not a PushMode
void push.setSilentModeForAll('user1', { type: 'SOMETIMES' });
// @ts-expect-error lowercase is not a PushMode either
void push.setSilentModeForConversation('user1', conversation, { type: 'none' });

// An unknown conversation type does not compile.
// @ts-expect-error chatroom is not a ConversationType
void push.getSilentModeForConversation('user1', { type: 'chatroom', key: 'room1' });
// @ts-expect-error a conversation needs its key
void push.setSilentModeForConversation('user1', { type: 'user' }, { type: 'AT' });

// Display style 2 (or the deprecated string form) does not compile.
// @ts-expect-error 2 is not a display style
void push.updatePushDisplayStyle('user1', 2);
// @ts-expect-error the string form is accepted by the service but not sent by this client
void push.updatePushDisplayStyle('user1', '1');
expectTypeOf<NotificationDisplayStyle>().toEqualTypeOf<0 | 1>();

// A template without content_pattern does not compile.
// @ts-expect-error content_pattern is required
void push.createPushTemplate({ name: 'test7', title_pattern: 'Hello,{0}' });
// @ts-expect-error the description allows no other field
void push.createPushTemplate({ name: 'test7', title_pattern: 'Hello,{0}', content_pattern: 'Test,{0}', extra: 1 });

// Options: orgName, appName and a token are required; the token may be a provider.
// @ts-expect-error orgName is missing
createChatPushClient({ baseUrl: 'https://a41.chat.agora.io', appName: 'app', token: 't' });
createChatPushClient({ baseUrl: 'https://a41.chat.agora.io', orgName: 'org', appName: 'app', token: async () => 't' });

// Payload types come from the description.
expectTypeOf(push.updatePushNickname('user1', 'n')).resolves.toEqualTypeOf<UserEntity>();
expectTypeOf(push.setSilentModeForAll('user1', { type: 'ALL' })).resolves.toEqualTypeOf<PushSettings>();
expectTypeOf(push.getSilentModeForConversation('user1', conversation)).resolves.toEqualTypeOf<PushSettings>();
expectTypeOf(push.getPreferredNotificationLanguage('user1')).resolves.toEqualTypeOf<PushLanguage>();
expectTypeOf(push.getPushTemplate('test7')).resolves.toEqualTypeOf<PushTemplate>();
expectTypeOf<PushSettings>().toEqualTypeOf<components['schemas']['PushSettings']>();
expectTypeOf<ConversationPushSettingsUpdate['type']>().toEqualTypeOf<components['schemas']['PushMode'] | undefined>();
expectTypeOf(push.deletePushTemplate('test7').withResponse()).resolves.toMatchTypeOf<{
  data: PushTemplate;
  envelope: components['schemas']['DeletePushTemplateResponse'];
  response: Response;
}>();
expectTypeOf<Envelope<'getPushSettings'>>().toEqualTypeOf<components['schemas']['GetPushSettingsResponse']>();
expectTypeOf<ChatPushError['isNotFound']>().toEqualTypeOf<boolean>();

// The raw client is typed by paths.
const raw = createClient<paths>({ baseUrl: 'https://a41.chat.agora.io' });
// @ts-expect-error not a path of the description
void raw.GET('/{org_name}/{app_name}/users');
void raw.GET('/{org_name}/{app_name}/notification/template/{name}', {
  params: { path: { org_name: 'org', app_name: 'app', name: 'test7' } },
});
