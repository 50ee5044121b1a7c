// The operation model: one typed record per operation, built once from the bundle, that every package reads.
import { describe, expect, it } from 'vitest';
import { HTTP_METHODS, atPointer, buildOperationModel, followRef, type OpenApiDocument, unescapePointer } from '@agora-chat-push/openapi';
import { bundle, loadBundle, validator } from '../support/description.js';

const model = buildOperationModel(bundle);

describe('operation model', () => {
  it('has one record per operation of the description, with its method, path and pointer', () => {
    expect(model.operations.map((o) => `${o.method.toUpperCase()} ${o.operationId}`)).toEqual([
      'PUT updatePushDisplay',
      'GET getPushSettings',
      'PUT setPushSettings',
      'GET getPushLanguage',
      'PUT setPushLanguage',
      'POST createPushTemplate',
      'GET getPushTemplate',
      'DELETE deletePushTemplate',
    ]);
    const op = model.operation('setPushSettings');
    expect(op.path).toBe('/{org_name}/{app_name}/users/{username}/notification/{type}/{key}');
    expect(op.pointer).toBe('#/paths/~1{org_name}~1{app_name}~1users~1{username}~1notification~1{type}~1{key}/put');
    expect(op.pathParameters).toEqual(['org_name', 'app_name', 'username', 'type', 'key']);
    expect(model.methods).toEqual(['GET', 'PUT', 'POST', 'DELETE']);
  });

  it('merges path-item and operation parameters, each with its schema pointer and component', () => {
    const op = model.operation('setPushSettings');
    const type = op.parameters.find((p) => p.name === 'type')!;
    expect(type).toMatchObject({ in: 'path', required: true, component: 'ConversationTypePath' });
    expect(validator.validateAt(type.schema.pointer, 'chatroom')[0]?.rule).toBe('enum');
    expect(op.parameters.map((p) => p.name)).toEqual(['org_name', 'app_name', 'username', 'type', 'key']);
  });

  it('names the request body fields, the deprecated ones with their advice, and the examples', () => {
    const display = model.operation('updatePushDisplay');
    expect(display.requestBody?.fields).toEqual(['nickname', 'notification_display_style', 'notification_no_disturbing', 'notification_no_disturbing_start', 'notification_no_disturbing_end']);
    expect(display.requestBody?.deprecatedFields.map((f) => f.name)).toEqual(['notification_no_disturbing', 'notification_no_disturbing_start', 'notification_no_disturbing_end']);
    expect(display.requestBody?.deprecatedFields[0]?.advice).not.toBe('see the description');
    expect(model.operation('setPushSettings').requestBody?.examples.map((e) => e.component)).toContain('PushSettingsAppLevelRequest');
    expect(model.operation('getPushSettings').requestBody).toBeUndefined();
  });

  it('finds each success payload: `entities` (a list) or `data`, with its fields', () => {
    expect(model.operation('updatePushDisplay').success?.payload).toMatchObject({ property: 'entities', list: true });
    expect(model.operation('updatePushDisplay').success?.payload?.fields).toContain('nickname');
    expect(model.operation('getPushSettings').success?.payload).toMatchObject({
      property: 'data',
      list: false,
      fields: ['type', 'ignoreInterval', 'ignoreDuration'],
    });
    expect(model.operation('setPushLanguage').success?.payload?.fields).toEqual(['language']);
  });

  it('lists the documented errors of each operation from its named error examples', () => {
    const errors = model.operation('setPushSettings').errors;
    expect(errors).toContainEqual(expect.objectContaining({ status: '400', example: 'ErrorUserNotFound', error: 'required_property_not_found' }));
    expect(errors).toContainEqual(expect.objectContaining({ status: '429', error: 'reach_limit' }));
    expect(model.operation('getPushTemplate').errors.map((e) => e.example)).toContain('ErrorTemplateNotFound');
  });

  it('carries the rate limit, the security and the extensions of each operation', () => {
    for (const op of model.operations) {
      expect(op.rateLimit, op.operationId).toMatchObject({ limit: 100, period: 'second', scope: 'app-key' });
      expect(op.security).toEqual(['appToken']);
      expect(op.extensions['x-rate-limit']).toEqual(op.rateLimit);
    }
    expect(model.operation('updatePushDisplay').rateLimit?.budget).toBe('push-display');
  });

  it('routes a method and a concrete path to the operation, decoding the path values', () => {
    expect(model.match('put', '/org/app/users/a%20b/notification/chatgroup/g1')).toMatchObject({
      operation: { operationId: 'setPushSettings' },
      params: { org_name: 'org', app_name: 'app', username: 'a b', type: 'chatgroup', key: 'g1' },
    });
    expect(model.match('GET', '/org/app/users/u/notification/language')?.operation.operationId).toBe('getPushLanguage');
    expect(model.match('PATCH', '/org/app/users/u')).toBeUndefined();
    expect(model.match('GET', '/org/app/nowhere')).toBeUndefined();
    expect(model.operationsAt('/{org_name}/{app_name}/notification/template/{name}').map((o) => o.method)).toEqual(['get', 'delete']);
  });

  it('throws on an unknown operationId, naming the known ones', () => {
    expect(() => model.operation('nope')).toThrow(/unknown operationId "nope"; known: updatePushDisplay, getPushSettings, setPushSettings/);
  });

  it('follows what the document says, not a list kept by hand: an added operation and method appear', () => {
    const changed = loadBundle<OpenApiDocument>();
    const item = changed.paths['/{org_name}/{app_name}/users/{username}/notification/language'] as Record<string, unknown>;
    item.patch = { ...(item.put as object), operationId: 'patchPushLanguage' };
    const grown = buildOperationModel(changed);
    expect(grown.operation('patchPushLanguage').method).toBe('patch');
    expect(grown.methods).toContain('PATCH');
    expect(grown.match('PATCH', '/o/a/users/u/notification/language')?.operation.operationId).toBe('patchPushLanguage');
    expect(HTTP_METHODS).toContain('patch');
  });

  it('is the validator`s own model: one build, shared', () => {
    expect(validator.operations).toBe(validator.model.operations);
    expect(validator.operation('getPushSettings')).toBe(validator.model.operation('getPushSettings'));
  });

  it('keeps the security requirements as lists and where each request body stands', () => {
    for (const op of model.operations) {
      expect(op.securityRequirements).toEqual([['appToken']]);
      expect(op.security).toEqual(op.securityRequirements.flat());
    }
    const body = model.operation('setPushSettings').requestBody!;
    expect((atPointer(bundle, body.pointer) as { content?: unknown }).content).toHaveProperty(['application/json']);
  });

  it('follows a chain of $refs to its end, and stops on a cycle', () => {
    const doc = { a: { $ref: '#/b' }, b: { $ref: '#/c~1d' }, 'c/d': { type: 'string' }, x: { $ref: '#/y' }, y: { $ref: '#/x' } };
    expect(followRef(doc, doc.a, '#/a')).toEqual({ node: { type: 'string' }, pointer: '#/c~1d' });
    expect(followRef(doc, { type: 'integer' }, '#/here')).toEqual({ node: { type: 'integer' }, pointer: '#/here' });
    expect(followRef(doc, { $ref: '#/missing' }).node).toBeUndefined();
    expect(followRef(doc, doc.x).node).toHaveProperty('$ref');
    expect(unescapePointer('a~1b~0c')).toBe('a/b~c');
  });
});
