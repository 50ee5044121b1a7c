// startMock(): Prism in-process on the bundled description, with request validation and security checks,
// the Prefer header documented in the package README, and no app token in its log.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveRef } from '@agora-chat-push/openapi';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_BODY_BYTES, startMock, type RunningServer } from '../../packages/mock/src/index.js';
import { contractIssues, exampleBody, mockDir, pathOf, send, validator } from './support.js';

let mock: RunningServer;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(async () => {
  await mock?.close();
});

const document = validator.document as any;
const deref = (node: any): any => resolveRef(document, node);

/** Every (operation, status, example name, example value) of the description's responses. */
const responseExamples = validator.operations.flatMap((op) =>
  Object.entries(document.paths[op.path][op.method].responses as Record<string, unknown>).flatMap(([status, response]) =>
    Object.entries((deref(response).content?.['application/json']?.examples ?? {}) as Record<string, unknown>).map(([name, example]) => [op.operationId, status, name, deref(example).value] as const),
  ),
);

describe('startMock', () => {
  it('listens on 127.0.0.1 with a free port', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.port).toBeGreaterThan(0);
  });

  it.each(validator.operations.map((o) => [o.operationId]))('%s answers 200 with a documented body for a valid request', async (operationId) => {
    const op = validator.operation(operationId);
    const path = pathOf(operationId);
    const answer = await send(mock.url, { method: op.method.toUpperCase(), path, body: exampleBody(operationId) });
    expect(answer.status, answer.text).toBe(200);
    expect(contractIssues(op.method, path, answer)).toEqual([]);
  });

  it('validates requests: a body breaking a rule gets the documented 400', async () => {
    const answer = await send(mock.url, { method: 'PUT', path: pathOf('updatePushDisplay'), body: { nickname: 'x'.repeat(101) } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('illegal_argument');
  });

  it.each(validator.operations.filter((o) => o.hasRequestBody).map((o) => [o.operationId]))(
    '%s answers a malformed JSON body with 400 json_parse, at once (Prism alone never answers it)',
    async (operationId) => {
      const op = validator.operation(operationId);
      const answer = await Promise.race([
        send(mock.url, { method: op.method.toUpperCase(), path: pathOf(operationId), body: '{"nickname": ' }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), 5_000)),
      ]);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('json_parse');
      expect(validator.validateResponse(operationId, 400, answer.body)).toEqual([]);
    },
  );

  it('rejects when its port is taken, and leaves nothing listening behind', async () => {
    const { getActiveResourcesInfo } = process;
    const before = getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    await expect(startMock({ port: mock.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    // Closed servers release their handles a little later: wait for it (bounded), then compare.
    const listening = () => getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    for (let i = 0; i < 50 && listening() > before; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(listening()).toBe(before);
  });

  it('passes a valid JSON body and a chunked one to Prism unchanged', async () => {
    const plain = await send(mock.url, { method: 'PUT', path: pathOf('setPushLanguage'), body: { translationLanguage: 'EU' } });
    expect(plain.status, plain.text).toBe(200);
    const chunked = await send(mock.url, { method: 'PUT', path: pathOf('setPushLanguage'), body: { translationLanguage: 'EU' }, chunked: true });
    expect(chunked.status, chunked.text).toBe(200);
    expect(chunked.body.data).toEqual({ language: 'EU' });
  });

  it(`caps request bodies as the sandbox does: over ${MAX_BODY_BYTES} bytes gets the documented 413, announced or streamed`, async () => {
    const tooLarge = (document.components.examples.ErrorPayloadTooLarge as { value: Record<string, unknown> }).value;
    const body = JSON.stringify({ name: 'big', title_pattern: 'x'.repeat(MAX_BODY_BYTES), content_pattern: 'y' });
    for (const chunked of [false, true]) {
      const answer = await send(mock.url, { method: 'POST', path: pathOf('createPushTemplate'), body, chunked });
      expect(answer.status, answer.text).toBe(413);
      expect(answer.body).toMatchObject({ error: tooLarge.error, exception: tooLarge.exception, error_description: tooLarge.error_description });
      expect(contractIssues('POST', pathOf('createPushTemplate'), answer)).toEqual([]);
    }
    // A body just under the cap still reaches Prism.
    const under = JSON.stringify({ name: 'big', title_pattern: 'x'.repeat(MAX_BODY_BYTES - 200), content_pattern: 'y' });
    expect((await send(mock.url, { method: 'POST', path: pathOf('createPushTemplate'), body: under })).status).toBe(200);
  });

  it('checks security: no token gets the documented 401', async () => {
    const answer = await send(mock.url, { path: pathOf('getPushLanguage'), headers: { authorization: undefined } });
    expect(answer.status).toBe(401);
    expect(validator.validateResponse('getPushLanguage', 401, answer.body)).toEqual([]);
  });

  it.each(responseExamples.map(([id, status, name, value]) => [`${id} ${status} ${name}`, id, status, name, value] as const))(
    'Prefer: code=…, example=… selects %s',
    async (_, operationId, status, name, value) => {
      const op = validator.operation(operationId);
      const answer = await send(mock.url, {
        method: op.method.toUpperCase(),
        path: pathOf(operationId),
        body: exampleBody(operationId),
        headers: { prefer: `code=${status}, example=${name}` },
      });
      expect(answer.status).toBe(Number(status));
      expect(answer.body).toEqual(value);
    },
  );

  it('the package README names every response example, so partners can select each with Prefer', () => {
    const readme = readFileSync(join(mockDir, 'README.md'), 'utf8');
    const names = [...new Set(responseExamples.map(([, , name]) => name))];
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(readme, name).toContain(`\`${name}\``);
  });

  it('never writes the app token to its log, even at level error', async () => {
    const writes: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
      writes.push(String(chunk));
      return true;
    });
    const loud = await startMock({ logLevel: 'error' });
    try {
      await send(loud.url, { path: '/no/such/path', headers: { authorization: 'Bearer prism-secret-token' } });
      await send(loud.url, { method: 'PUT', path: pathOf('updatePushDisplay'), body: { x: 1 }, headers: { authorization: 'Bearer prism-secret-token' } });
    } finally {
      await loud.close();
      spy.mockRestore();
    }
    expect(writes.join('').length).toBeGreaterThan(0);
    expect(writes.join('')).not.toContain('prism-secret-token');
  });

  it('close() stops it: a later request is refused', async () => {
    const m = await startMock();
    await m.close();
    await m.close();
    await expect(send(m.url, { path: pathOf('getPushLanguage') })).rejects.toThrow(/ECONNREFUSED/);
  });
});
