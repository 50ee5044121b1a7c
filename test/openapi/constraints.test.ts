// Every rule of the description rejects a value that breaks it, with an issue naming the field and
// the rule, and accepts its boundary values.
import { describe, expect, it } from 'vitest';
import { validator } from '../support/description.js';

interface RuleCase {
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

const rules: RuleCase[] = [
  {
    schema: 'Username',
    accepts: ['a', x(64), 'user_1.x-y', '0'],
    rejects: [
      ['', 'body', 'minLength'],
      [x(65), 'body', 'maxLength'],
      ['User1', 'body', 'pattern'],
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
    accepts: ['00:00-23:59', '21:30-08:00', '23:59-00:00', '08:30-10:00', '19:00-19:00'],
    rejects: [
      ['24:00-08:00', 'body', 'pattern'],
      ['08:60-09:00', 'body', 'pattern'],
      ['08:30-23:60', 'body', 'pattern'],
      ['8:30-10:00', 'body', 'pattern'],
      ['08:30-10:00 ', 'body', 'pattern'],
      ['08:30', 'body', 'pattern'],
      ['08:30~10:00', 'body', 'pattern'],
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
    accepts: [{ type: 'NONE' }, { ignoreDuration: 0 }, { ignoreInterval: '21:30-08:00' }, { type: 'AT', ignoreInterval: '00:00-00:01', ignoreDuration: 604800000 }],
    rejects: [
      [{}, 'body', 'minProperties'],
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
    accepts: [{ nickname: 'testuser' }, { nickname: x(100) }, { notification_display_style: 0 }, { notification_display_style: '1' }],
    rejects: [
      [{ nickname: x(101) }, 'nickname', 'maxLength'],
      [{ notification_display_style: 2 }, 'notification_display_style', 'enum'],
      [{ nickname: 'a', color: 'red' }, 'color', 'additionalProperties'],
      [{}, 'body', 'oneOf'],
      [{ nickname: 'a', notification_display_style: 1 }, 'body', 'oneOf'],
    ],
  },
  {
    schema: 'GetPushLanguageResponse',
    accepts: [{ ...envelope, data: { language: 'EU' } }, { ...envelope, path: '/users', data: { language: '' }, extra: 1 }],
    rejects: [
      [{ ...envelope, action: 'put', data: { language: 'EU' } }, 'action', 'const'],
      [{ ...envelope }, 'data', 'required'],
      [{ ...envelope, data: {} }, 'data.language', 'required'],
      [{ ...envelope, timestamp: '1', data: { language: 'EU' } }, 'timestamp', 'type'],
      [{ ...envelope, duration: -1, data: { language: 'EU' } }, 'duration', 'minimum'],
    ],
  },
  {
    schema: 'UpdateUserPushProfileResponse',
    accepts: [{ ...envelope, action: 'put', entities: [{ uuid: 'u', type: 'user', username: 'user1', notifier_name: 'x', unknown: true }] }],
    rejects: [
      [{ ...envelope, action: 'put', entities: [] }, 'entities', 'minItems'],
      [{ ...envelope, action: 'put', entities: [{ uuid: 'u', type: 'group', username: 'user1' }] }, 'entities[0].type', 'const'],
      [{ ...envelope, action: 'put', entities: [{ uuid: 'u', type: 'user' }] }, 'entities[0].username', 'required'],
      [{ ...envelope, action: 'put', entities: [{ uuid: 'u', type: 'user', username: 'user1', activated: 'yes' }] }, 'entities[0].activated', 'type'],
    ],
  },
  {
    schema: 'GetPushSettingsResponse',
    accepts: [{ ...envelope, data: {} }, { ...envelope, data: { type: 'DEFAULT', ignoreDuration: 0 } }],
    rejects: [
      [{ ...envelope, data: { type: 'OFF' } }, 'data.type', 'enum'],
      [{ ...envelope, data: { ignoreDuration: -5 } }, 'data.ignoreDuration', 'minimum'],
      [{ ...envelope, data: { ignoreInterval: '9-10' } }, 'data.ignoreInterval', 'pattern'],
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
    ],
  },
];

describe.each(rules)('$schema', ({ schema, accepts, rejects }) => {
  it.each(accepts.map((v) => [JSON.stringify(v).slice(0, 60), v]))('accepts %s', (_label, value) => {
    expect(validator.validateSchema(schema, value)).toEqual([]);
  });
  it.each(rejects.map(([v, field, rule]) => [JSON.stringify(v)?.slice(0, 60) ?? String(v), field, rule, v] as const))(
    'rejects %s: %s breaks %s',
    (_label, field, rule, value) => {
      const issues = validator.validateSchema(schema, value);
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.map((i) => [i.field, i.rule])).toContainEqual([field, rule]);
      const issue = issues.find((i) => i.field === field && i.rule === rule);
      expect(issue?.message).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: .*\\(${rule}\\)$`));
    },
  );
});

describe('the rule table covers every constraint keyword the description uses', () => {
  it('each keyword that constrains a value has at least one rejecting case', () => {
    const used = new Set<string>();
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      for (const [key, child] of Object.entries(node)) {
        if (['maxLength', 'minLength', 'pattern', 'enum', 'const', 'minimum', 'maximum', 'required', 'minProperties', 'minItems', 'additionalProperties', 'oneOf', 'type'].includes(key)) used.add(key);
        if (key !== 'examples') walk(child);
      }
    };
    walk(validator.document.components.schemas);
    const tested = new Set(rules.flatMap((r) => r.rejects.map(([, , rule]) => rule)));
    expect([...used].filter((k) => !tested.has(k))).toEqual([]);
  });
});

describe('path parameters', () => {
  it('names the parameter and the rule for each bad path value', () => {
    const issues = validator.validateParameters('setPushSettings', { org_name: 'hx', app_name: 'hxdemo', username: 'Bad User', type: 'room', key: '' });
    expect(issues.map((i) => [i.field, i.rule])).toEqual([
      ['username', 'pattern'],
      ['type', 'enum'],
      ['key', 'minLength'],
      ['key', 'pattern'],
    ]);
    expect(issues[1]?.message).toBe('type: must be one of "user", "chatgroup" (enum)');
  });
  it('accepts the app-level form (type user, key = the username)', () => {
    expect(validator.validateParameters('setPushSettings', { org_name: 'hx', app_name: 'hxdemo', username: 'u1', type: 'user', key: 'u1' })).toEqual([]);
  });
  it('checks the template name in its path', () => {
    expect(validator.validateParameters('getPushTemplate', { org_name: 'hx', app_name: 'hxdemo', name: 'a-b' }).map((i) => i.message)).toEqual([
      'name: must be the name of a push template: 1 to 64 letters and digits (`A`-`Z`, `a`-`z`, `0`-`9`) (pattern)',
    ]);
  });
});
