// The sandbox over HTTP, where the socket matters: a 413 that every client sees, a 500 (not a crash) for any
// throw, CORS for browser apps, and the malformed-HTTP answer taken from the description.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { loadDescription } from '@agora-chat-push/openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatPushError, createChatPushClient } from '../../packages/client/src/index.js';
import { MAX_BODY_BYTES, createSandbox, startSandbox, type RunningSandbox } from '../../packages/mock/src/index.js';
import { rawExchange, send, TOKEN, validator } from './support.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: 0 });
});
afterAll(async () => {
  await sandbox?.close();
});

const LANGUAGE = '/org/app/users/user1/notification/language';
const TEMPLATES = '/org/app/notification/template';
/** A valid template POST body of about `bytes` bytes: over the cap, a client is still sending when the cap is hit. */
const bigTemplate = (bytes: number): string => JSON.stringify({ name: 'big', title_pattern: 'x'.repeat(bytes), content_pattern: 'y' });

describe('a body over the cap (413) is seen as a 413 by every client, not as a reset connection', () => {
  // 4x the cap: the client is still sending long after the sandbox knows the answer.
  const size = MAX_BODY_BYTES * 4;

  it("through Node's fetch", async () => {
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${sandbox.url}${TEMPLATES}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: bigTemplate(size),
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: 'web_application', error_description: 'Request Entity Too Large' });
    }
  });

  it('through curl', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-413-'));
    try {
      const file = join(dir, 'body.json');
      writeFileSync(file, bigTemplate(size));
      // Asynchronously: the sandbox answers from this same process.
      const { stdout, stderr } = await promisify(execFile)(
        'curl',
        [
          '-sS',
          '-o',
          '/dev/null',
          '-w',
          '%{http_code}',
          '-X',
          'POST',
          '-H',
          `Authorization: Bearer ${TOKEN}`,
          '-H',
          'Content-Type: application/json',
          '--data-binary',
          `@${file}`,
          `${sandbox.url}${TEMPLATES}`,
        ],
        { encoding: 'utf8', timeout: 20_000 },
      );
      expect(stderr).toBe('');
      expect(stdout).toBe('413');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("through this project's client: one request, a ChatPushError with status 413, not a retried network error", async () => {
    let requests = 0;
    const push = createChatPushClient({
      baseUrl: sandbox.url,
      orgName: 'org',
      appName: 'app',
      token: TOKEN,
      retry: { baseDelay: 1, maxDelay: 2 },
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    });
    const error = await push.updatePushNickname('user1', 'n'.repeat(size)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatPushError);
    expect(error).toMatchObject({ status: 413, error: 'web_application', retryable: false });
    expect(requests).toBe(1);
  });

  it('the sandbox reads the rest of an oversized body before it answers (a client still sending is not cut off)', async () => {
    // The handler on a stand-in request stream: the test decides when each part of the body arrives.
    const handler = createSandbox({ rateLimit: 0 });
    const req = Object.assign(new PassThrough(), {
      method: 'POST',
      url: TEMPLATES,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': String(size), host: 'x' },
      socket: { end() {}, destroy() {} },
    });
    const answered: { status?: number; body?: string | undefined } = {};
    const res = {
      headersSent: false,
      writeHead(status: number) {
        answered.status = status;
        this.headersSent = true;
      },
      end(body?: string) {
        answered.body = body;
      },
      once() {},
      destroy() {},
    };
    handler.handle(req as never, res as never);
    const body = Buffer.from(bigTemplate(size - 40).padEnd(size, ' '));
    req.write(body.subarray(0, MAX_BODY_BYTES * 2));
    await new Promise((resolve) => setImmediate(resolve));
    // Over the cap already, but the client has not finished sending: no answer yet.
    expect(answered.status).toBeUndefined();
    req.end(body.subarray(MAX_BODY_BYTES * 2));
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered.status).toBe(413);
    expect(JSON.parse(answered.body!)).toMatchObject({ error_description: 'Request Entity Too Large' });
  });

  it('a body announced far over the discard bound gets the 413 at once, and the sandbox keeps serving', async () => {
    const raw = await rawExchange(
      sandbox.port,
      `POST ${TEMPLATES} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\n` + `Content-Length: ${100 * 1024 * 1024}\r\n\r\n{"name":`,
      'close',
    );
    expect(raw).toMatch(/^HTTP\/1\.1 413 /);
    expect((await send(sandbox.url, { path: LANGUAGE })).status).toBe(200);
  });
});

describe('any throw inside the sandbox', () => {
  let server: Server;
  let base: string;
  let throwing = true;
  beforeAll(async () => {
    // The sandbox reads `baseUrl` while it builds an answer: a getter that throws stands for any bug there.
    const handler = createSandbox({
      rateLimit: 0,
      get baseUrl(): string {
        if (throwing) throw new Error('a bug while answering');
        return 'http://example.invalid';
      },
    });
    server = createServer(handler.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('becomes a 500 in the service error shape, for a request with a body and one without, and the server keeps running', async () => {
    for (const request of [{ method: 'PUT', path: LANGUAGE, body: { translationLanguage: 'EU' } }, { path: LANGUAGE }]) {
      const answer = await send(base, request);
      expect(answer.status).toBe(500);
      const internal = (loadDescription().components.examples as Record<string, { value: Record<string, unknown> }>).ErrorInternal!.value;
      expect(answer.body).toMatchObject({ error: internal.error, exception: internal.exception });
      expect(validator.validateSchema('ErrorResponse', answer.body)).toEqual([]);
    }
    throwing = false;
    expect((await send(base, { path: LANGUAGE })).status).toBe(200);
  });
});

describe('CORS, so that a browser app can call the sandbox', () => {
  it('answers a preflight with 204, the methods of the API and the requested headers, from any origin', async () => {
    const answer = await send(sandbox.url, {
      method: 'OPTIONS',
      path: LANGUAGE,
      headers: {
        authorization: undefined,
        origin: 'http://app.example',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    const methods = String(answer.headers['access-control-allow-methods']).split(/, */);
    expect(methods.sort()).toEqual([...new Set(validator.operations.map((o) => o.method.toUpperCase()))].sort());
    expect(answer.headers['access-control-allow-headers']).toBe('authorization, content-type');
  });

  it('puts Access-Control-Allow-Origin on answers and errors, and exposes Retry-After', async () => {
    for (const request of [{ path: LANGUAGE }, { path: LANGUAGE, headers: { authorization: undefined } }, { path: '/nowhere' }]) {
      const answer = await send(sandbox.url, { ...request, headers: { origin: 'http://app.example', ...request.headers } });
      expect(answer.headers['access-control-allow-origin'], String(answer.status)).toBe('*');
      expect(answer.headers['access-control-expose-headers']).toContain('retry-after');
    }
  });
});

describe('a request Node cannot parse', () => {
  it("is answered with the description's ErrorIllegalArgument code and exception (a changed description changes it)", async () => {
    const document = loadDescription();
    const examples = document.components.examples as Record<string, { value: Record<string, unknown> }>;
    examples.ErrorIllegalArgument = { value: { ...examples.ErrorIllegalArgument!.value, exception: 'ChangedIllegalArgumentException' } };
    const changed = await startSandbox({ document });
    try {
      const raw = await rawExchange(changed.port, 'GARBAGE\r\n\r\n');
      expect(raw).toMatch(/^HTTP\/1\.1 400 /);
      const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
      expect(body).toMatchObject({ error: 'illegal_argument', exception: 'ChangedIllegalArgumentException' });
    } finally {
      await changed.close();
    }
  });
});
