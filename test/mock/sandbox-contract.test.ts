// Every answer the sandbox can give, for every operation of the description, validates against the schema
// the description documents for that operation and status (an undocumented status fails validateResponse).
// Valid requests are built from the description's own request examples.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../packages/mock/src/index.js';
import { TOKEN, exampleBody, pathOf, send, validator, type Answer, type Send } from './support.js';

let sandbox: RunningSandbox;
let limited: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: 0, tokens: [TOKEN], users: ['user1'], appKeys: ['org#app'] });
  limited = await startSandbox({ rateLimit: 1 });
});
afterAll(async () => {
  await Promise.all([sandbox?.close(), limited?.close()]);
});

interface Kind {
  kind: string;
  status: number;
  error?: string;
  /** Which operations can get it. */
  applies: (operationId: string) => boolean;
  request: (operationId: string) => Send;
  server?: () => RunningSandbox;
}

const method = (operationId: string): string => validator.operation(operationId).method.toUpperCase();
const hasBody = (operationId: string): boolean => validator.operation(operationId).hasRequestBody;
const hasUser = (operationId: string): boolean => validator.operation(operationId).pathParameters.includes('username');
const isTemplateLookup = (operationId: string): boolean => validator.operation(operationId).pathParameters.includes('name');
const valid = (operationId: string, values: Record<string, string> = {}): Send => ({
  method: method(operationId),
  path: pathOf(operationId, values),
  body: exampleBody(operationId),
});
const all = (): boolean => true;

const KINDS: Kind[] = [
  { kind: 'success', status: 200, applies: (id) => !isTemplateLookup(id), request: (id) => valid(id) },
  { kind: 'missing template', status: 400, error: 'entity_not_found', applies: isTemplateLookup, request: (id) => valid(id, { name: 'neverCreated' }) },
  {
    kind: 'invalid path value',
    status: 400,
    error: 'illegal_argument',
    applies: (id) => hasUser(id) || isTemplateLookup(id),
    request: (id) => valid(id, { org_name: 'org', app_name: 'app', username: 'bad!', name: 'bad-name' }),
  },
  { kind: 'invalid body', status: 400, error: 'illegal_argument', applies: hasBody, request: (id) => ({ ...valid(id), body: { unknownField: 1 } }) },
  { kind: 'malformed JSON', status: 400, error: 'json_parse', applies: hasBody, request: (id) => ({ ...valid(id), body: '{"' }) },
  { kind: 'unknown user', status: 400, error: 'required_property_not_found', applies: hasUser, request: (id) => valid(id, { username: 'nobody' }) },
  { kind: 'no token', status: 401, error: 'unauthorized', applies: all, request: (id) => ({ ...valid(id), headers: { authorization: undefined } }) },
  { kind: 'wrong token', status: 401, error: 'auth_bad_access_token', applies: all, request: (id) => ({ ...valid(id), headers: { authorization: 'Bearer not-the-token' } }) },
  { kind: 'unknown app', status: 404, error: 'organization_application_not_found', applies: all, request: (id) => valid(id, { app_name: 'nope' }) },
  { kind: 'oversize body', status: 413, error: 'web_application', applies: hasBody, request: (id) => ({ ...valid(id), body: `{"x":"${'x'.repeat(70_000)}"}` }) },
  { kind: 'not JSON', status: 415, error: 'web_application', applies: hasBody, request: (id) => ({ ...valid(id), headers: { 'content-type': 'text/plain' } }) },
  {
    kind: 'rate limited',
    status: 429,
    error: 'reach_limit',
    applies: all,
    server: () => limited,
    request: (id) => ({ ...valid(id), headers: { authorization: `Bearer ${TOKEN}` } }),
  },
];

const matrix = validator.operations.flatMap((op) => KINDS.filter((k) => k.applies(op.operationId)).map((k) => [op.operationId, k.kind, k] as const));

describe('every answer of the sandbox validates against the description', () => {
  beforeAll(async () => {
    // the template the success cases of getPushTemplate/deletePushTemplate read
    const created = await send(sandbox.url, valid('createPushTemplate'));
    expect(created.status).toBe(200);
  });

  it.each(matrix)('%s: %s', async (operationId, _, kind) => {
    const server = kind.server?.() ?? sandbox;
    const request = kind.request(operationId);
    let answer: Answer = await send(server.url, request);
    if (kind.kind === 'rate limited') answer = await send(server.url, request);
    expect(answer.status, answer.text).toBe(kind.status);
    if (kind.error) expect(answer.body.error).toBe(kind.error);
    expect(validator.validateResponse(operationId, answer.status, answer.body), answer.text).toEqual([]);
  });

  it('the template operations succeed on a template that exists (and the delete removes it)', async () => {
    for (const operationId of ['getPushTemplate', 'deletePushTemplate']) {
      const answer = await send(sandbox.url, valid(operationId));
      expect(answer.status, answer.text).toBe(200);
      expect(validator.validateResponse(operationId, 200, answer.body)).toEqual([]);
    }
  });

  it('the matrix reaches every operation and every documented 4xx status the sandbox can produce', () => {
    const reached = new Set(matrix.map(([id]) => id));
    expect([...reached].sort()).toEqual(validator.operations.map((o) => o.operationId).sort());
    const statuses = new Set(KINDS.map((k) => k.status));
    for (const op of validator.operations) {
      // 403 (a service not enabled) and 500 are the service's own conditions; the sandbox has neither.
      const documented = op.statuses.map(Number).filter((s) => s !== 403 && s !== 500);
      for (const status of documented) expect(statuses.has(status), `${op.operationId} ${status}`).toBe(true);
    }
  });
});
