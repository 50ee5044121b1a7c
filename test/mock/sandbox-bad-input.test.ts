// Bad requests get the service's documented status and error body, never a 5xx: malformed JSON, wrong
// content types, oversize bodies, missing auth, unknown paths, and a value outside every rule the
// description states for a request body or a path parameter (the coverage test derives that list of rules
// from the bundle, so a rule added to the description without a case here fails it).
import { resolveRef } from '@agora-chat-push/openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, startSandbox, type RunningSandbox } from '../../packages/mock/src/index.js';
import { contractIssues, rawExchange, send, validator, type Answer, type Send } from './support.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: 0 });
});
afterAll(async () => {
  await sandbox?.close();
});

async function call(options: Send): Promise<Answer> {
  const answer = await send(sandbox.url, options);
  expect(contractIssues(options.method ?? 'GET', options.path, answer), answer.text).toEqual([]);
  expect(answer.headers['content-type']).toBe('application/json;charset=UTF-8');
  return answer;
}

const DISPLAY = '/org/app/users/user1';
const SETTINGS = '/org/app/users/user1/notification/user/user1';
const LANGUAGE = '/org/app/users/user1/notification/language';
const TEMPLATES = '/org/app/notification/template';
const TEMPLATE = { name: 'test7', title_pattern: 'Hello,{0}', content_pattern: 'Test,{0}' };

interface RuleCase {
  /** The documented rules this case breaks: `field rule` (path parameters as `path:name rule`). */
  covers: string[];
  method: string;
  path: string;
  body?: unknown;
  /** Text the error_description must contain (the field and the rule). */
  mentions: string[];
}

const long = (n: number, c = 'a'): string => c.repeat(n);

const RULE_CASES: RuleCase[] = [
  // updatePushDisplay: nickname, notification_display_style, both, or none; the legacy DND fields (deprecated)
  { covers: ['nickname maxLength'], method: 'PUT', path: DISPLAY, body: { nickname: long(101) }, mentions: ['nickname: must be at most 100 characters (maxLength)'] },
  { covers: ['nickname type'], method: 'PUT', path: DISPLAY, body: { nickname: 42 }, mentions: ['nickname: must be string (type)'] },
  { covers: ['notification_display_style enum'], method: 'PUT', path: DISPLAY, body: { notification_display_style: 2 }, mentions: ['notification_display_style: must be one of 0, 1 (enum)'] },
  { covers: ['notification_display_style enum'], method: 'PUT', path: DISPLAY, body: { notification_display_style: '2' }, mentions: ['notification_display_style: must be one of "0", "1" (enum)'] },
  {
    covers: ['notification_display_style type'],
    method: 'PUT',
    path: DISPLAY,
    body: { notification_display_style: true },
    mentions: ['notification_display_style', 'must be integer', 'must be string'],
  },
  { covers: ['body additionalProperties'], method: 'PUT', path: DISPLAY, body: { nickname: 'a', colour: 'red' }, mentions: ['colour: is not an allowed field (additionalProperties)'] },
  { covers: ['notification_display_style format'], method: 'PUT', path: DISPLAY, body: { notification_display_style: 2 ** 32 }, mentions: ['notification_display_style'] },
  { covers: ['notification_no_disturbing enum'], method: 'PUT', path: DISPLAY, body: { notification_no_disturbing: 2 }, mentions: ['notification_no_disturbing: must be one of 0, 1 (enum)'] },
  {
    covers: ['notification_no_disturbing type', 'notification_no_disturbing format'],
    method: 'PUT',
    path: DISPLAY,
    body: { notification_no_disturbing: 'on' },
    mentions: ['notification_no_disturbing: must be boolean (type)'],
  },
  ...(['notification_no_disturbing_start', 'notification_no_disturbing_end'] as const).flatMap((field): RuleCase[] => [
    { covers: [`${field} maximum`, `${field} format`], method: 'PUT', path: DISPLAY, body: { [field]: 25 }, mentions: [`${field}: must be <= 24 (maximum)`] },
    { covers: [`${field} minimum`], method: 'PUT', path: DISPLAY, body: { [field]: -1 }, mentions: [`${field}: must be >= 0 (minimum)`] },
    { covers: [`${field} pattern`], method: 'PUT', path: DISPLAY, body: { [field]: '8:00' }, mentions: [`${field}: must match the pattern`] },
    { covers: [`${field} type`], method: 'PUT', path: DISPLAY, body: { [field]: true }, mentions: [field] },
  ]),
  { covers: ['body type'], method: 'PUT', path: DISPLAY, body: ['nickname'], mentions: ['body', 'must be object'] },
  // setPushSettings
  { covers: ['type enum'], method: 'PUT', path: SETTINGS, body: { type: 'SOME' }, mentions: ['type: must be one of "DEFAULT", "ALL", "AT", "NONE" (enum)'] },
  { covers: ['type type'], method: 'PUT', path: SETTINGS, body: { type: 1 }, mentions: ['type: must be string (type)'] },
  {
    covers: ['ignoreInterval pattern'],
    method: 'PUT',
    path: SETTINGS,
    body: { ignoreInterval: '24:00-08:00' },
    mentions: ['ignoreInterval: must be the daily do-not-disturb time frame, `HH:MM-HH:MM`', 'where `HH` is `00` to `23` and `MM` is `00` to `59` (pattern)'],
  },
  {
    covers: ['ignoreInterval pattern'],
    method: 'PUT',
    path: SETTINGS,
    body: { ignoreInterval: '8:30-10:00' },
    mentions: ['ignoreInterval: must be the daily do-not-disturb time frame, `HH:MM-HH:MM`'],
  },
  {
    covers: ['ignoreInterval pattern'],
    method: 'PUT',
    path: SETTINGS,
    body: { ignoreInterval: '21:30-08:60' },
    mentions: ['ignoreInterval: must be the daily do-not-disturb time frame, `HH:MM-HH:MM`'],
  },
  { covers: ['ignoreInterval pattern'], method: 'PUT', path: SETTINGS, body: { ignoreInterval: '21:30' }, mentions: ['ignoreInterval: must be the daily do-not-disturb time frame, `HH:MM-HH:MM`'] },
  { covers: ['ignoreInterval type'], method: 'PUT', path: SETTINGS, body: { ignoreInterval: 2130 }, mentions: ['ignoreInterval: must be string (type)'] },
  { covers: ['ignoreInterval maxLength'], method: 'PUT', path: SETTINGS, body: { ignoreInterval: '21:30-08:00,09:00-10:00' }, mentions: ['ignoreInterval: must be at most 11 characters (maxLength)'] },
  { covers: ['ignoreDuration format'], method: 'PUT', path: SETTINGS, body: { ignoreDuration: 2 ** 31 }, mentions: ['ignoreDuration: must be <= 604800000 (maximum)'] },
  { covers: ['ignoreDuration minimum'], method: 'PUT', path: SETTINGS, body: { ignoreDuration: -1 }, mentions: ['ignoreDuration: must be >= 0 (minimum)'] },
  { covers: ['ignoreDuration maximum'], method: 'PUT', path: SETTINGS, body: { ignoreDuration: 604_800_001 }, mentions: ['ignoreDuration: must be <= 604800000 (maximum)'] },
  { covers: ['ignoreDuration type'], method: 'PUT', path: SETTINGS, body: { ignoreDuration: 1.5 }, mentions: ['ignoreDuration: must be integer (type)'] },
  { covers: ['ignoreDuration type'], method: 'PUT', path: SETTINGS, body: { ignoreDuration: '86400000' }, mentions: ['ignoreDuration: must be integer (type)'] },
  { covers: ['body additionalProperties'], method: 'PUT', path: SETTINGS, body: { type: 'ALL', mode: 'ALL' }, mentions: ['mode: is not an allowed field (additionalProperties)'] },
  // setPushLanguage
  { covers: ['translationLanguage required'], method: 'PUT', path: LANGUAGE, body: {}, mentions: ['translationLanguage: is required (required)'] },
  { covers: ['translationLanguage type'], method: 'PUT', path: LANGUAGE, body: { translationLanguage: null }, mentions: ['translationLanguage: must be string (type)'] },
  { covers: ['body additionalProperties'], method: 'PUT', path: LANGUAGE, body: { translationLanguage: 'EU', language: 'EU' }, mentions: ['language: is not an allowed field (additionalProperties)'] },
  // createPushTemplate
  { covers: ['name required'], method: 'POST', path: TEMPLATES, body: { title_pattern: 'a', content_pattern: 'b' }, mentions: ['name: is required (required)'] },
  { covers: ['name minLength'], method: 'POST', path: TEMPLATES, body: { ...TEMPLATE, name: '' }, mentions: ['name: must be at least 1 character (minLength)'] },
  { covers: ['name maxLength'], method: 'POST', path: TEMPLATES, body: { ...TEMPLATE, name: long(65) }, mentions: ['name: must be at most 64 characters (maxLength)'] },
  {
    covers: ['name pattern'],
    method: 'POST',
    path: TEMPLATES,
    body: { ...TEMPLATE, name: 'bad-name' },
    mentions: ['name: must be the name of a push template: 1 to 64 letters and digits (`A`-`Z`, `a`-`z`, `0`-`9`) (pattern)'],
  },
  { covers: ['name type'], method: 'POST', path: TEMPLATES, body: { ...TEMPLATE, name: 7 }, mentions: ['name: must be string (type)'] },
  { covers: ['title_pattern required'], method: 'POST', path: TEMPLATES, body: { name: 'a', content_pattern: 'b' }, mentions: ['title_pattern: is required (required)'] },
  { covers: ['title_pattern type'], method: 'POST', path: TEMPLATES, body: { ...TEMPLATE, title_pattern: ['a'] }, mentions: ['title_pattern: must be string (type)'] },
  { covers: ['content_pattern required'], method: 'POST', path: TEMPLATES, body: { name: 'a', title_pattern: 'b' }, mentions: ['content_pattern: is required (required)'] },
  { covers: ['content_pattern type'], method: 'POST', path: TEMPLATES, body: { ...TEMPLATE, content_pattern: {} }, mentions: ['content_pattern: must be string (type)'] },
  { covers: ['body additionalProperties'], method: 'POST', path: TEMPLATES, body: { ...TEMPLATE, lang: 'en' }, mentions: ['lang: is not an allowed field (additionalProperties)'] },
  // path parameters
  { covers: ['path:username pattern'], method: 'GET', path: '/org/app/users/user!1/notification/language', mentions: ['username: must be a user ID: 1 to 64 characters', '(pattern)'] },
  { covers: ['path:username pattern'], method: 'PUT', path: '/org/app/users/user%20one', body: { nickname: 'a' }, mentions: ['username: must be a user ID: 1 to 64 characters'] },
  { covers: ['path:username pattern'], method: 'GET', path: '/org/app/users/%E0%A4%A/notification/language', mentions: ['username: must be a user ID: 1 to 64 characters'] },
  { covers: ['path:username maxLength'], method: 'GET', path: `/org/app/users/${long(65)}/notification/language`, mentions: ['username: must be at most 64 characters (maxLength)'] },
  { covers: ['path:key pattern'], method: 'GET', path: '/org/app/users/user1/notification/chatgroup/Group!', mentions: ['key: must be a user ID (for `type` = `user`', '(pattern)'] },
  {
    covers: ['path:key maxLength'],
    method: 'PUT',
    path: `/org/app/users/user1/notification/chatgroup/${long(65, '1')}`,
    body: { type: 'AT' },
    mentions: ['key: must be at most 64 characters (maxLength)'],
  },
  {
    covers: ['path:name pattern'],
    method: 'GET',
    path: '/org/app/notification/template/bad-name',
    mentions: ['name: must be the name of a push template: 1 to 64 letters and digits (`A`-`Z`, `a`-`z`, `0`-`9`) (pattern)'],
  },
  { covers: ['path:name maxLength'], method: 'DELETE', path: `/org/app/notification/template/${long(65)}`, mentions: ['name: must be at most 64 characters (maxLength)'] },
];

/** Rules no request can break on its own: an empty path segment names no endpoint (404, tested below), and path values are always strings. */
const UNREACHABLE = /^path:(org_name|app_name|username|key|name|type) (minLength|type)$/;
/** A path value outside an enumeration names no endpoint: 404 "url is invalid" (tested below). */
const ROUTED = new Set(['path:type enum']);

/** Every (field, rule) of the request bodies and path parameters of the description. */
function documentedRules(): Set<string> {
  const document = validator.document as any;
  const deref = (node: any): any => resolveRef(document, node);
  const rules = new Set<string>();
  const KEYWORDS = ['maxLength', 'minLength', 'pattern', 'enum', 'const', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'format', 'type', 'minItems', 'maxItems'];
  const walk = (node: any, field: string, prefix = ''): void => {
    const schema = deref(node);
    if (!schema || typeof schema !== 'object') return;
    for (const key of ['oneOf', 'anyOf', 'allOf']) for (const branch of schema[key] ?? []) walk(branch, field, prefix);
    const name = `${prefix}${field || 'body'}`;
    for (const keyword of KEYWORDS) if (keyword in schema) rules.add(`${name} ${keyword}`);
    for (const required of schema.required ?? []) rules.add(`${prefix}${field ? `${field}.` : ''}${required} required`);
    if (schema.additionalProperties === false) rules.add(`${name} additionalProperties`);
    if ('minProperties' in schema) rules.add(`${name} minProperties`);
    for (const [property, child] of Object.entries(schema.properties ?? {})) walk(child, field ? `${field}.${property}` : property, prefix);
  };
  for (const op of validator.operations) {
    const item = document.paths[op.path];
    const body = item[op.method].requestBody?.content?.['application/json']?.schema;
    if (body) walk(body, '');
    for (const parameter of [...(item.parameters ?? []), ...(item[op.method].parameters ?? [])].map(deref)) {
      if (parameter.in === 'path') walk(parameter.schema, parameter.name, 'path:');
    }
  }
  return rules;
}

describe('a value outside a documented rule gets 400 illegal_argument naming the field and the rule', () => {
  it.each(RULE_CASES.map((c) => [`${c.method} ${c.path.slice(0, 60)} ${JSON.stringify(c.body ?? null).slice(0, 60)}`, c] as const))('%s', async (_, c) => {
    const answer = await call({ method: c.method, path: c.path, body: c.body });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'illegal_argument', exception: 'IllegalArgumentException' });
    expect(answer.body.error_description).toMatch(/^parameters is invalid : /);
    for (const text of c.mentions) expect(answer.body.error_description).toContain(text);
  });

  it('the cases cover every rule the description states for request bodies and path parameters', () => {
    const covered = new Set(RULE_CASES.flatMap((c) => c.covers));
    const missing = [...documentedRules()].filter((rule) => !covered.has(rule) && !UNREACHABLE.test(rule) && !ROUTED.has(rule));
    expect(missing).toEqual([]);
    // and the list is not empty by accident
    expect(covered.size).toBeGreaterThan(25);
  });

  it('accepts the documented boundaries: 100-character nickname, 0 and 604800000 ms, "0"/"1" styles, empty language, 64-character names', async () => {
    const ok: Send[] = [
      { method: 'PUT', path: DISPLAY, body: { nickname: long(100) } },
      { method: 'PUT', path: DISPLAY, body: { nickname: '' } },
      { method: 'PUT', path: DISPLAY, body: { notification_display_style: '0' } },
      { method: 'PUT', path: DISPLAY, body: { notification_display_style: 1 } },
      { method: 'PUT', path: SETTINGS, body: { ignoreDuration: 0 } },
      { method: 'PUT', path: SETTINGS, body: { ignoreDuration: 604_800_000, ignoreInterval: '00:00-23:59' } },
      { method: 'PUT', path: LANGUAGE, body: { translationLanguage: '' } },
      { method: 'POST', path: TEMPLATES, body: { ...TEMPLATE, name: long(64, 'Z') } },
      { method: 'GET', path: `/org/app/users/${long(64)}/notification/chatgroup/${long(64, '9')}` },
      { method: 'GET', path: '/org/app/users/a.b_c-d/notification/language' },
    ];
    for (const request of ok) expect((await call(request)).status, JSON.stringify(request)).toBe(200);
  });
});

describe('malformed bodies, content types and sizes', () => {
  it.each([
    ['a truncated object', '{"nickname":'],
    ['single quotes', "{'nickname': 'a'}"],
    ['a trailing comma', '{"nickname": "a",}'],
    ['form encoding sent as JSON', 'nickname=a'],
    ['an empty body', ''],
  ])('%s gets 400 json_parse', async (_, text) => {
    const answer = await call({ method: 'PUT', path: DISPLAY, body: text });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'json_parse', exception: 'JsonParseException' });
    expect(answer.body.error_description.length).toBeGreaterThan(0);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['form encoding (what curl -d sends by default)', 'application/x-www-form-urlencoded'],
    ['a look-alike type', 'application/jsonx'],
    ['no Content-Type', undefined],
  ])('%s gets 415 with the error body', async (_, contentType) => {
    const answer = await call({ method: 'PUT', path: LANGUAGE, body: '{"translationLanguage":"EU"}', headers: { 'content-type': contentType } });
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({ error: 'web_application', error_description: 'Unsupported Media Type' });
  });

  it('accepts application/json with parameters and in any case', async () => {
    for (const contentType of ['application/json; charset=utf-8', 'Application/JSON']) {
      const answer = await call({ method: 'PUT', path: LANGUAGE, body: '{"translationLanguage":"EU"}', headers: { 'content-type': contentType } });
      expect(answer.status).toBe(200);
    }
  });

  it(`a body over ${MAX_BODY_BYTES} bytes gets 413, whether announced by Content-Length or streamed`, async () => {
    const big = JSON.stringify({ ...TEMPLATE, title_pattern: long(MAX_BODY_BYTES) });
    for (const chunked of [false, true]) {
      const answer = await call({ method: 'POST', path: TEMPLATES, body: big, chunked });
      expect(answer.status).toBe(413);
      expect(answer.body).toMatchObject({ error: 'web_application', error_description: 'Request Entity Too Large' });
    }
  });

  it('a body just under the cap is read and accepted', async () => {
    const body = { ...TEMPLATE, title_pattern: long(MAX_BODY_BYTES - 200) };
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect((await call({ method: 'POST', path: TEMPLATES, body })).status).toBe(200);
  });

  it('ignores a body sent with a GET', async () => {
    const answer = await call({ method: 'GET', path: LANGUAGE, body: 'not json', headers: { 'content-type': 'text/plain' } });
    expect(answer.status).toBe(200);
  });
});

describe('auth', () => {
  it('no Authorization header gets 401 unauthorized', async () => {
    const answer = await call({ path: LANGUAGE, headers: { authorization: undefined } });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: 'unauthorized', exception: 'UnauthorizedException' });
  });

  it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer '], ['Bearer two words'], ['token-without-scheme']])('Authorization "%s" gets 401 auth_bad_access_token', async (authorization) => {
    const answer = await call({ path: LANGUAGE, headers: { authorization } });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('auth_bad_access_token');
  });

  it('checks auth before the body: a bad body without a token gets 401', async () => {
    const answer = await call({ method: 'PUT', path: DISPLAY, body: '{', headers: { authorization: undefined } });
    expect(answer.status).toBe(401);
  });
});

describe('paths that name no endpoint get 404 "url is invalid"', () => {
  it.each([
    ['GET', '/'],
    ['GET', '/org/app/users'],
    ['GET', '/org/app/users/user1/'],
    ['GET', '/org/app/users//notification/language'],
    ['GET', '/org/app/users/user1/notification/group/g1'],
    ['PUT', '/org/app/users/user1/notification/USER/user1'],
    ['GET', '/org/app/users/user1/notification/user/user2/extra'],
    ['DELETE', '/org/app/users/user1'],
    ['PATCH', '/org/app/users/user1'],
    ['POST', '/org/app/notification/template/test7'],
    ['GET', '//org/app/users/user1/notification/language'],
  ])('%s %s', async (method, path) => {
    const answer = await call({ method, path, body: method === 'GET' ? undefined : { type: 'AT' } });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: 'service_resource_not_found', error_description: 'url is invalid' });
  });
});

describe('never a 5xx, a crash or a hang', () => {
  it('answers 300 random requests (methods, paths, bodies, content types) with a documented 2xx/4xx', async () => {
    let seed = 20240611;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const segments = ['org', 'app', 'users', 'user1', 'notification', 'user', 'chatgroup', 'language', 'template', 'test7', '%00', '..', '%2F', '%C3%A4', '%E0%A4', 'x'.repeat(70), '{name}', 'null'];
    const bodies = [
      '{}',
      '[]',
      'null',
      '"x"',
      '{"nickname":null}',
      '{"type":"AT","ignoreDuration":1e400}',
      '{"__proto__":{"x":1}}',
      '\u0000\u0001',
      '{"a":'.repeat(200),
      JSON.stringify({ ignoreDuration: Number.MAX_SAFE_INTEGER + 2 }),
    ];
    for (let i = 0; i < 300; i += 1) {
      const depth = 1 + Math.floor(random() * 7);
      const parts = ['org', 'app', ...Array.from({ length: depth }, () => pick(segments))];
      const path = `/${(random() < 0.5 ? ['org', 'app', 'users', 'user1', ...parts.slice(2, 4)] : parts).join('/')}`;
      const method = pick(['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'] as const);
      const body = method === 'GET' || method === 'DELETE' ? undefined : pick(bodies);
      const contentType = pick(['application/json', 'text/plain', undefined, 'application/json;charset=latin1']);
      const answer = await send(sandbox.url, { method, path, body, headers: { 'content-type': contentType } });
      expect(answer.status, `${method} ${path} ${body}`).toBeLessThan(500);
      expect(contractIssues(method, path, answer), `${method} ${path} ${body}: ${answer.text}`).toEqual([]);
    }
  });

  it('answers a request line it cannot parse with 400 and the error body, and keeps serving', async () => {
    const { port } = new URL(sandbox.url);
    const raw = await rawExchange(port, 'GARBAGE\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    expect(validator.validateSchema('ErrorResponse', body)).toEqual([]);
    expect((await call({ path: LANGUAGE })).status).toBe(200);
  });
});
