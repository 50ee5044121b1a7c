// The rule table of constraints.test.ts: for each schema, values it accepts and values it rejects (with the
// field and the rule the issue names). Shared with equivalence.test.ts, which checks that a refactoring of the
// description gives every one of these values the same verdict as before.
export interface RuleCase {
  schema: string;
  accepts: unknown[];
  rejects: [value: unknown, field: string, rule: string][];
}

const x = (n: number, c = 'a'): string => c.repeat(n);
const envelope = {
  action: 'get',
  application: '17fe201b-ad9b-4a3a-83df-1ed1ebd7b227',
  uri: 'https://a1.agora.com/hx/hxdemo/users/u1/notification/language',
  timestamp: 1648089630244,
  duration: 0,
  organization: 'hx',
  applicationName: 'hxdemo',
};

export const rules: RuleCase[] = [
  {
    schema: 'Username',
    // Uppercase is accepted: Easemob documents A-Z in user IDs, case-insensitive (ERRATA E15).
    accepts: ['a', x(64), 'user_1.x-y', '0', 'User1'],
    rejects: [
      ['', 'body', 'minLength'],
      [x(65), 'body', 'maxLength'],
      ['user#1', 'body', 'pattern'],
      ['用户', 'body', 'pattern'],
      ['a b', 'body', 'pattern'],
      ['a/b', 'body', 'pattern'],
      [1, 'body', 'type'],
    ],
  },
  {
    schema: 'ConversationKey',
    accepts: ['12312312321', 'user2', x(64)],
    rejects: [
      ['', 'body', 'minLength'],
      [x(65), 'body', 'maxLength'],
      ['group#1', 'body', 'pattern'],
    ],
  },
  {
    schema: 'ConversationType',
    accepts: ['user', 'chatgroup'],
    rejects: [
      ['group', 'body', 'enum'],
      ['USER', 'body', 'enum'],
      ['chatroom', 'body', 'enum'],
    ],
  },
  {
    schema: 'Nickname',
    accepts: ['', 'testuser', x(100), x(100, '😀'), x(100, '张')],
    rejects: [
      [x(101), 'body', 'maxLength'],
      [x(101, '😀'), 'body', 'maxLength'],
      [null, 'body', 'type'],
    ],
  },
  {
    schema: 'NotificationDisplayStyle',
    accepts: [0, 1, '0', '1'],
    rejects: [
      [2, 'body', 'enum'],
      [-1, 'body', 'enum'],
      ['2', 'body', 'enum'],
      [true, 'body', 'oneOf'],
      [null, 'body', 'oneOf'],
    ],
  },
  {
    schema: 'PushMode',
    accepts: ['DEFAULT', 'ALL', 'AT', 'NONE'],
    rejects: [
      ['all', 'body', 'enum'],
      ['MENTION', 'body', 'enum'],
      ['', 'body', 'enum'],
    ],
  },
  {
    schema: 'IgnoreInterval',
    // '' is what Agora's and Easemob's pages tell callers to send for "no daily time frame" (ERRATA E21).
    accepts: ['00:00-23:59', '21:30-08:00', '23:59-00:00', '08:30-10:00', '19:00-19:00', ''],
    rejects: [
      ['24:00-08:00', 'body', 'pattern'],
      ['08:60-09:00', 'body', 'pattern'],
      ['08:30-23:60', 'body', 'pattern'],
      ['8:30-10:00', 'body', 'pattern'],
      ['08:30-10:00 ', 'body', 'pattern'],
      ['08:30', 'body', 'pattern'],
      ['08:30~10:00', 'body', 'pattern'],
      [' ', 'body', 'pattern'],
      ['25:00-08:00', 'body', 'pattern'],
      ['21:30-08:00-09:00', 'body', 'maxLength'],
      [null, 'body', 'type'],
      [830, 'body', 'type'],
    ],
  },
  {
    schema: 'IgnoreDuration',
    accepts: [0, 1, 86400000, 604800000],
    rejects: [
      [-1, 'body', 'minimum'],
      [604800001, 'body', 'maximum'],
      [1.5, 'body', 'type'],
      ['86400000', 'body', 'type'],
    ],
  },
  {
    schema: 'DndEndTime',
    accepts: [0, 1647590149924],
    rejects: [
      [-1, 'body', 'minimum'],
      ['1647590149924', 'body', 'type'],
    ],
  },
  {
    schema: 'PushSettingsUpdate',
    accepts: [
      { type: 'NONE' },
      { ignoreDuration: 0 },
      { ignoreInterval: '21:30-08:00' },
      { type: 'AT', ignoreInterval: '00:00-00:01', ignoreDuration: 604800000 },
      // What the docs send to change only the push mode (ERRATA E21), and an empty body (ERRATA E16).
      { type: 'NONE', ignoreInterval: '', ignoreDuration: 0 },
      {},
    ],
    rejects: [
      [{ type: 'NONE', mute: true }, 'mute', 'additionalProperties'],
      [{ type: 'SOME' }, 'type', 'enum'],
      [{ ignoreDuration: 604800001 }, 'ignoreDuration', 'maximum'],
      [{ ignoreInterval: '25:00-01:00' }, 'ignoreInterval', 'pattern'],
      [[], 'body', 'type'],
    ],
  },
  {
    schema: 'PushLanguageUpdate',
    accepts: [{ translationLanguage: '' }, { translationLanguage: 'EU' }, { translationLanguage: 'zh-Hans' }],
    rejects: [
      [{}, 'translationLanguage', 'required'],
      [{ translationLanguage: 1 }, 'translationLanguage', 'type'],
      [{ translationLanguage: null }, 'translationLanguage', 'type'],
      [{ translationLanguage: 'EU', language: 'EU' }, 'language', 'additionalProperties'],
    ],
  },
  {
    schema: 'PushTemplateName',
    accepts: ['a', 'test7', 'Z9', x(64, 'A')],
    rejects: [
      ['', 'body', 'minLength'],
      [x(65), 'body', 'maxLength'],
      ['test-7', 'body', 'pattern'],
      ['test_7', 'body', 'pattern'],
      ['テスト', 'body', 'pattern'],
    ],
  },
  {
    schema: 'PushTemplateCreate',
    accepts: [
      { name: 'test7', title_pattern: 'Hello,{0}', content_pattern: 'Test,{0}' },
      { name: 'n', title_pattern: '', content_pattern: '{$fromNickname}: {$msg}' },
    ],
    rejects: [
      [{ title_pattern: 'a', content_pattern: 'b' }, 'name', 'required'],
      [{ name: 'n', content_pattern: 'b' }, 'title_pattern', 'required'],
      [{ name: 'n', title_pattern: 'a' }, 'content_pattern', 'required'],
      [{ name: 'n', title_pattern: 'a', content_pattern: 'b', extra: 1 }, 'extra', 'additionalProperties'],
      [{ name: 'n-1', title_pattern: 'a', content_pattern: 'b' }, 'name', 'pattern'],
      [{ name: 'n', title_pattern: 1, content_pattern: 'b' }, 'title_pattern', 'type'],
    ],
  },
  {
    schema: 'UserPushProfileUpdate',
    accepts: [
      { nickname: 'testuser' },
      { nickname: x(100) },
      { notification_display_style: 0 },
      { notification_display_style: '1' },
      // One body with both fields, as Easemob's Java server SDK 2.x sends (ERRATA E19); an empty body.
      { nickname: 'Tom', notification_display_style: 1 },
      {},
      // The legacy daily DND fields (deprecated), as Agora's Chinese docs and Easemob's Java SDK send them.
      { notification_no_disturbing: 1, notification_no_disturbing_start: '1', notification_no_disturbing_end: '3' },
      { notification_no_disturbing: true, notification_no_disturbing_start: '8', notification_no_disturbing_end: '18' },
      { notification_no_disturbing: false },
      { notification_no_disturbing: 0, notification_no_disturbing_start: 0, notification_no_disturbing_end: 24 },
    ],
    rejects: [
      [{ nickname: x(101) }, 'nickname', 'maxLength'],
      [{ notification_display_style: 2 }, 'notification_display_style', 'enum'],
      [{ nickname: 'a', color: 'red' }, 'color', 'additionalProperties'],
      [{ nickname: x(101), notification_display_style: 1 }, 'nickname', 'maxLength'],
      [{ notification_no_disturbing: 2 }, 'notification_no_disturbing', 'enum'],
      [{ notification_no_disturbing: 'yes' }, 'notification_no_disturbing', 'type'],
      [{ notification_no_disturbing_start: 25 }, 'notification_no_disturbing_start', 'maximum'],
      [{ notification_no_disturbing_end: -1 }, 'notification_no_disturbing_end', 'minimum'],
      [{ notification_no_disturbing_start: '8:00' }, 'notification_no_disturbing_start', 'pattern'],
    ],
  },
  {
    schema: 'PushLanguageEnvelope',
    accepts: [
      { ...envelope, data: { language: 'EU' } },
      { ...envelope, path: '/users', data: { language: '' }, extra: 1 },
      // Every published answer of this GET says "put" (ERRATA E3).
      { ...envelope, action: 'put', data: { language: 'EU' } },
      // The published answers' masked and local URIs are URIs all the same (ERRATA E27).
      { ...envelope, uri: 'https://XXXX/app-id/XXXX/users/XXXX/notification/language', data: { language: 'EU' } },
      { ...envelope, uri: 'http://localhost:4011/hx/hxdemo/users/u1/notification/language', path: '/users/u1/notification/language', data: { language: 'EU' } },
    ],
    rejects: [
      // Formats and bounds every published answer meets (ERRATA E27).
      [{ ...envelope, uri: '/hx/hxdemo/users/u1/notification/language', data: { language: 'EU' } }, 'uri', 'format'],
      [{ ...envelope, path: 'a b', data: { language: 'EU' } }, 'path', 'format'],
      [{ ...envelope, organization: '', data: { language: 'EU' } }, 'organization', 'minLength'],
      [{ ...envelope, applicationName: '', data: { language: 'EU' } }, 'applicationName', 'minLength'],
      [{ ...envelope, timestamp: -1, data: { language: 'EU' } }, 'timestamp', 'minimum'],
      [{ ...envelope, action: 1, data: { language: 'EU' } }, 'action', 'type'],
      [{ ...envelope }, 'data', 'required'],
      [{ ...envelope, data: {} }, 'data.language', 'required'],
      [{ ...envelope, timestamp: '1', data: { language: 'EU' } }, 'timestamp', 'type'],
      [{ ...envelope, duration: -1, data: { language: 'EU' } }, 'duration', 'minimum'],
    ],
  },
  {
    schema: 'UserEntitiesEnvelope',
    accepts: [
      { ...envelope, action: 'put', entities: [{ uuid: 'u', type: 'user', username: 'user1', notifier_name: 'x', unknown: true }] },
      // Answers are not held to request rules (ERRATA E22): a mixed-case username as published, a string style.
      { ...envelope, action: 'put', entities: [{ uuid: 'u', type: 'user', username: 'User1', notification_display_style: '1', notification_no_disturbing_start: '8' }] },
    ],
    rejects: [
      [{ ...envelope, action: 'put', entities: [] }, 'entities', 'minItems'],
      [{ ...envelope, action: 'put', entities: [{ uuid: 'u', type: 'group', username: 'user1' }] }, 'entities[0].type', 'const'],
      [{ ...envelope, action: 'put', entities: [{ uuid: 'u', type: 'user' }] }, 'entities[0].username', 'required'],
      [{ ...envelope, action: 'put', entities: [{ uuid: 'u', type: 'user', username: 'user1', activated: 'yes' }] }, 'entities[0].activated', 'type'],
      [{ ...envelope, action: 'put', entities: [{ uuid: 'u', type: 'user', username: 'user1', notification_display_style: 2 }] }, 'entities[0].notification_display_style', 'enum'],
      [{ ...envelope, action: 'put', entities: [{ uuid: 'u', type: 'user', username: 'user1', created: -1 }] }, 'entities[0].created', 'minimum'],
      [{ ...envelope, action: 'put', entities: [{ uuid: 'u', type: 'user', username: 'user1', modified: -1 }] }, 'entities[0].modified', 'minimum'],
    ],
  },
  {
    schema: 'PushSettingsEnvelope',
    accepts: [
      { ...envelope, data: {} },
      { ...envelope, data: { type: 'DEFAULT', ignoreDuration: 0 } },
      // What the service stored, in the form it took it, or nothing (ERRATA E22).
      { ...envelope, data: { type: 'NONE', ignoreInterval: '', ignoreDuration: 0 } },
      { ...envelope, data: { type: 'NONE', ignoreInterval: null } },
      { ...envelope, data: { ignoreInterval: '8:0-9:0' } },
    ],
    rejects: [
      [{ ...envelope, data: { type: 'OFF' } }, 'data.type', 'enum'],
      [{ ...envelope, data: { ignoreDuration: -5 } }, 'data.ignoreDuration', 'minimum'],
      [{ ...envelope, data: { ignoreInterval: 930 } }, 'data.ignoreInterval', 'type'],
    ],
  },
  {
    schema: 'PushTemplateEnvelope',
    accepts: [
      { ...envelope, data: { name: 'test7', createAt: 1646989584124, updateAt: 1646989584124, title_pattern: 'Hello,{0}', content_pattern: 'Test,{0}' } },
      // A name the service stored, whatever the request rule (ERRATA E22).
      { ...envelope, data: { name: 'test-7', createAt: 1, updateAt: 1, title_pattern: '', content_pattern: '', extra: true } },
    ],
    rejects: [
      [{ ...envelope, data: { name: 'n', createAt: 1, updateAt: 1, title_pattern: 'a' } }, 'data.content_pattern', 'required'],
      [{ ...envelope, data: { name: 'n', createAt: '1', updateAt: 1, title_pattern: 'a', content_pattern: 'b' } }, 'data.createAt', 'type'],
      [{ ...envelope, data: { name: 'n', createAt: 1, updateAt: -1, title_pattern: 'a', content_pattern: 'b' } }, 'data.updateAt', 'minimum'],
      [{ ...envelope, data: { name: 'n', createAt: -1, updateAt: 1, title_pattern: 'a', content_pattern: 'b' } }, 'data.createAt', 'minimum'],
    ],
  },
  {
    schema: 'ErrorResponse',
    accepts: [{ error: 'reach_limit', exception: 'X', timestamp: 1, duration: 0, error_description: 'This request has reached API limit.', more: 1 }],
    rejects: [
      [{ exception: 'X', timestamp: 1, duration: 0, error_description: 'd' }, 'error', 'required'],
      [{ error: 'e', timestamp: 1, duration: 0, error_description: 'd' }, 'exception', 'required'],
      [{ error: 'e', exception: 'X', timestamp: 1, duration: 0 }, 'error_description', 'required'],
      [{ error: 1, exception: 'X', timestamp: 1, duration: 0, error_description: 'd' }, 'error', 'type'],
      [{ error: 'e', exception: 'X', timestamp: -1, duration: 0, error_description: 'd' }, 'timestamp', 'minimum'],
    ],
  },
];
