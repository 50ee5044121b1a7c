// The shape of the description itself: exactly the documented operations, each with what a reader and
// a generator need (id, tag, summary, security, rate limit, documented errors with examples).
import { describe, expect, it } from 'vitest';
import { bundle, deref, operations } from '../support/description.js';

const expected = [
  ['put', '/{org_name}/{app_name}/users/{username}', 'updatePushDisplay'],
  ['put', '/{org_name}/{app_name}/users/{username}/notification/{type}/{key}', 'setPushSettings'],
  ['get', '/{org_name}/{app_name}/users/{username}/notification/{type}/{key}', 'getPushSettings'],
  ['put', '/{org_name}/{app_name}/users/{username}/notification/language', 'setPushLanguage'],
  ['get', '/{org_name}/{app_name}/users/{username}/notification/language', 'getPushLanguage'],
  ['post', '/{org_name}/{app_name}/notification/template', 'createPushTemplate'],
  ['get', '/{org_name}/{app_name}/notification/template/{name}', 'getPushTemplate'],
  ['delete', '/{org_name}/{app_name}/notification/template/{name}', 'deletePushTemplate'],
];
const ops = operations();

describe('the operations', () => {
  it('are exactly the documented ones, with unified path templates', () => {
    expect(ops.map((o) => [o.method, o.path, o.operation.operationId]).sort()).toEqual([...expected].sort());
  });

  it.each(ops.map((o) => [o.operation.operationId as string, o] as const))('%s has tags, a summary, a description and the app token', (_id, { operation }) => {
    expect(operation.tags).toHaveLength(1);
    expect((bundle.tags as { name: string }[]).map((t) => t.name)).toContain((operation.tags as string[])[0]);
    expect(operation.summary).toMatch(/^[A-Z]/);
    expect(String(operation.description).length).toBeGreaterThan(80);
    expect(operation.security).toEqual([{ appToken: [] }]);
  });

  it.each(ops.map((o) => [o.operation.operationId as string, o] as const))('%s states its rate limit in x-rate-limit and in its text', (_id, { operation }) => {
    expect(operation['x-rate-limit']).toMatchObject({ limit: 100, period: 'second', scope: 'app-key' });
    expect(operation.description).toContain('100 calls per second per App Key');
  });

  it('gives the nickname and display-style actions one shared budget and every other operation its own', () => {
    const budgets = ops.map((o) => (o.operation['x-rate-limit'] as { budget: string }).budget);
    expect(new Set(budgets).size).toBe(ops.length);
    const display = ops.find((o) => o.operation.operationId === 'updatePushDisplay')?.operation;
    expect(display?.description).toMatch(/shared/i);
  });

  it.each(ops.map((o) => [o.operation.operationId as string, o] as const))('%s documents 200, 400, 401, 403, 404, 429 and 500 with examples', (_id, { operation }) => {
    const responses = operation.responses as Record<string, unknown>;
    const statuses = ['200', '400', '401', '403', '404', '429', '500'];
    if (operation.requestBody) statuses.push('413', '415');
    expect(Object.keys(responses).sort()).toEqual(statuses.sort());
    for (const status of statuses) {
      const media = deref<{ content: Record<string, { examples?: object }> }>(responses[status]).content['application/json'];
      expect(Object.keys(media?.examples ?? {}).length, `${status} examples`).toBeGreaterThan(0);
    }
  });

  it('answers a missing template with 400 entity_not_found, as the service does', () => {
    for (const id of ['getPushTemplate', 'deletePushTemplate']) {
      const op = ops.find((o) => o.operation.operationId === id)?.operation as { responses: Record<string, unknown> };
      const examples = deref<{ content: Record<string, { examples: Record<string, unknown> }> }>(op.responses['400']).content['application/json']?.examples ?? {};
      const values = Object.values(examples).map((e) => deref<{ value: { error: string; error_description: string } }>(e).value);
      expect(values).toContainEqual(expect.objectContaining({ error: 'entity_not_found', error_description: 'test7 template is not exist' }));
    }
  });
});

describe('the document', () => {
  it('is OpenAPI 3.1 with a server whose host is a variable', () => {
    expect(bundle.openapi).toBe('3.1.0');
    const [server] = bundle.servers as { url: string; variables: Record<string, { default: string }> }[];
    expect(server?.url).toBe('https://{host}');
    expect(server?.variables.host?.default).toMatch(/\./);
  });

  it('describes the bearer app token', () => {
    expect(bundle.components.securitySchemes).toEqual({ appToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
  });

  it('says it is unofficial', () => {
    expect(bundle.info.description).toMatch(/\*\*Unofficial\.\*\*/);
    expect(bundle.info.description).toMatch(/not made, endorsed or supported by Agora/);
  });

  it('carries the rules of the page where a reader sees them', () => {
    const text = JSON.stringify(bundle);
    for (const rule of [
      'at most 100 characters',
      'Valid only at the app level',
      '604800000',
      '`00` to `23`',
      '`00` to `59`',
      'empty string',
      'Unix time (ms) when DND ends',
      'DEFAULT',
      'inherit the app-level setting',
      'Click to check',
      '1 to 64 characters',
      '{$fromNickname}',
    ]) {
      expect(text, rule).toContain(rule);
    }
  });

  it('keeps response schemas open and request schemas exact', () => {
    const schemas = bundle.components.schemas as Record<string, { additionalProperties?: unknown }>;
    for (const name of ['PushSettingsUpdate', 'PushLanguageUpdate', 'PushTemplateCreate', 'UserPushProfileUpdate']) {
      expect(schemas[name]?.additionalProperties, name).toBe(false);
    }
    for (const name of ['ResponseEnvelope', 'ErrorResponse', 'UserEntity', 'PushSettings', 'PushLanguage', 'PushTemplate']) {
      expect(schemas[name]?.additionalProperties, name).toBeUndefined();
    }
  });
});

describe('the vendor extensions in schemas', () => {
  it('name every value of an enum with x-enum-varnames, in order, once each (EXTENSIONS.md)', () => {
    const found: [string, unknown[], unknown][] = [];
    const walk = (node: unknown, where: string): void => {
      if (node === null || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if ('x-enum-varnames' in schema) found.push([where, schema.enum as unknown[], schema['x-enum-varnames']]);
      for (const [key, child] of Object.entries(schema)) walk(child, `${where}/${key}`);
    };
    walk(bundle.components.schemas, '#/components/schemas');
    expect(found.map(([where]) => where).sort()).toEqual(['#/components/schemas/DisplayStyleCode', '#/components/schemas/DisplayStyleCodeString']);
    const all = found.flatMap(([, , names]) => names as string[]);
    expect(new Set(all).size, 'each name once in the description').toBe(all.length);
    for (const [where, values, names] of found) {
      expect(Array.isArray(values), where).toBe(true);
      expect(names, where).toHaveLength(values.length);
      expect(new Set(names as string[]).size, where).toBe(values.length);
      for (const name of names as string[]) expect(name, where).toMatch(/^[A-Z][A-Z0-9_]*$/);
    }
  });

  it("keep generated names apart: no schema shares a name with a parameter or an operation's <OperationId>Response", () => {
    const schemas = Object.keys(bundle.components.schemas ?? {});
    const taken = new Set([
      ...Object.keys(bundle.components.parameters ?? {}),
      ...operations().map(({ operation }) => `${String(operation.operationId).replace(/^./, (c) => c.toUpperCase())}Response`),
    ]);
    expect(schemas.filter((name) => taken.has(name))).toEqual([]);
  });
});
