// The sandbox reads the operation model: a field added to a settings request and to its answer is stored and
// answered with no code change; only what the description states in prose is written by hand.
import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '@agora-chat-push/openapi';
import { createSandboxCore, type CoreRequest } from '../../packages/mock/src/index.js';
import { loadBundle } from '../support/description.js';

const now = 1_700_000_000_000;
const request = (method: string, url: string, body?: unknown): CoreRequest => ({
  method,
  url,
  headers: { authorization: 'Bearer t', 'content-type': 'application/json', host: 'sandbox.test' },
  body: body === undefined ? undefined : JSON.stringify(body),
});

/** The bundle with one more optional field in a request schema and/or an answer schema. */
function withField(field: string, schema: object, where: { request?: string; answer?: string }): OpenApiDocument {
  const document = loadBundle<OpenApiDocument>();
  const schemas = document.components.schemas as Record<string, { properties: Record<string, unknown> }>;
  if (where.request) schemas[where.request]!.properties[field] = schema;
  if (where.answer) schemas[where.answer]!.properties[field] = schema;
  return document;
}

const settings = '/org/app/users/alice/notification/chatgroup/g1';

describe('sandbox from the operation model', () => {
  it('stores and answers a field added to both the settings request and its answer (the one-edit case)', () => {
    const document = withField('silent', { type: 'boolean', description: 'Silent.' }, { request: 'PushSettingsUpdate', answer: 'PushSettings' });
    const core = createSandboxCore({ document, now: () => now, rateLimit: 0 });
    const bad = core.handleSync(request('PUT', settings, { silent: 'yes' }));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error_description).toContain('silent: must be boolean (type)');
    const set = core.handleSync(request('PUT', settings, { type: 'AT', silent: true }));
    expect(set.status).toBe(200);
    expect(JSON.parse(set.body).data).toEqual({ type: 'AT', silent: true });
    const read = core.handleSync(request('GET', settings));
    expect(JSON.parse(read.body).data).toEqual({ type: 'AT', silent: true });
    // Answers stay valid against the changed description.
    expect(core.validator.validateResponse('getPushSettings', 200, JSON.parse(read.body))).toEqual([]);
  });

  it('keeps a field the answer does not name out of the answer (request only)', () => {
    const document = withField('silent', { type: 'boolean' }, { request: 'PushSettingsUpdate' });
    const core = createSandboxCore({ document, now: () => now, rateLimit: 0 });
    expect(JSON.parse(core.handleSync(request('PUT', settings, { type: 'AT', silent: true })).body).data).toEqual({ type: 'AT' });
    expect(JSON.parse(core.handleSync(request('GET', settings)).body).data).toEqual({ type: 'AT' });
  });

  it('stores a field added to the user update and its entity, beside the prose-converted ones', () => {
    const document = withField('push_sound', { type: 'string', maxLength: 20 }, { request: 'UserPushProfileUpdate', answer: 'UserEntity' });
    const core = createSandboxCore({ document, now: () => now, rateLimit: 0 });
    const answer = core.handleSync(request('PUT', '/org/app/users/bob', { push_sound: 'chime', notification_display_style: '1' }));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).entities[0]).toMatchObject({ username: 'bob', push_sound: 'chime', notification_display_style: 1 });
  });

  it('keeps the prose behaviour: ignoreDuration answered as an end time, ignoreInterval only at the app level', () => {
    const core = createSandboxCore({ now: () => now, rateLimit: 0 });
    const conversation = JSON.parse(core.handleSync(request('PUT', settings, { ignoreInterval: '21:00-07:00', ignoreDuration: 60_000 })).body);
    expect(conversation.data).toEqual({ ignoreDuration: now + 60_000 });
    const app = JSON.parse(core.handleSync(request('PUT', '/org/app/users/alice/notification/user/ALICE', { ignoreInterval: '21:00-07:00' })).body);
    expect(app.data).toEqual({ ignoreInterval: '21:00-07:00' });
  });
});
