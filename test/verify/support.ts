// Shared by the verify, proxy and matcher tests: a fake upstream that drifts from the description on
// purpose, one exchange per violation class (the test matrix), the violations it must produce, a HAR
// recorder for it, and a temp folder holding the recorded matrix.
// Every answer it gives is a description example (read from the bundle), changed only where it drifts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFaultServer, type Received } from '../client/support.js';
import { createContractValidator } from '@agora-chat-push/openapi';
import { HAR_CREATOR, toHarEntry, type Report, type ViolationClass } from '@agora-chat-push/openapi/verify';
import { expect } from 'vitest';

export const validator = createContractValidator();
export const TOKEN = 'drift-secret-token-4f9a1c';

/** The first example the description gives for an operation's answer with this status. */
export function exampleAnswer(operationId: string, status = '200'): Record<string, unknown> {
  const first = validator.operation(operationId).responses.find((r) => r.status === status)?.examples[0];
  if (!first) throw new Error(`${operationId}: no example of a ${status} answer`);
  return structuredClone(first.value as Record<string, unknown>);
}

/** One exchange of the matrix: the request sent and the violations it must produce, no more. */
export interface MatrixCase {
  name: string;
  method: string;
  path: string;
  token: boolean;
  body?: unknown;
  expected: { class: ViolationClass; keyword?: string; pointer: string }[];
}

const user = (name: string) => `/hx/hxdemo/users/${name}/notification/language`;

export const MATRIX: MatrixCase[] = [
  { name: 'a clean exchange', method: 'GET', path: user('clean'), token: true, expected: [] },
  {
    name: 'an answer field of the wrong type',
    method: 'GET',
    path: user('drift-type'),
    token: true,
    expected: [{ class: 'response-body', keyword: 'type', pointer: '/response/body/data/language' }],
  },
  {
    name: 'a required answer field missing',
    method: 'GET',
    path: user('drift-required'),
    token: true,
    expected: [{ class: 'response-body', keyword: 'required', pointer: '/response/body/data' }],
  },
  {
    name: 'an undocumented status',
    method: 'GET',
    path: user('drift-status'),
    token: true,
    expected: [{ class: 'undocumented-status', pointer: '/response/status' }],
  },
  {
    name: 'an undocumented path',
    method: 'GET',
    path: '/hx/hxdemo/users/u1/notification/ringtone',
    token: true,
    expected: [{ class: 'undocumented-operation', pointer: '/request/url' }],
  },
  {
    name: 'a wrong answer Content-Type',
    method: 'GET',
    path: user('drift-content-type'),
    token: true,
    expected: [{ class: 'response-content-type', pointer: '/response/headers/content-type' }],
  },
  {
    name: 'a request body that breaks a rule',
    method: 'PUT',
    path: user('u1'),
    token: true,
    body: { translationLanguage: 42 },
    expected: [{ class: 'request-body', keyword: 'type', pointer: '/request/body/translationLanguage' }],
  },
  {
    name: 'a request without a token',
    method: 'GET',
    path: user('no-token'),
    token: false,
    expected: [{ class: 'missing-token', pointer: '/request/headers/authorization' }],
  },
];

/** Every violation the matrix must produce, in order, with the index of its exchange. */
export const expected = MATRIX.flatMap((c, exchange) => c.expected.map((e) => ({ exchange, ...e })));

/** The violations of a report in the shape of {@link expected}. */
export const found = (report: Report) => report.violations.map((v) => ({ exchange: v.exchange, class: v.class, ...(v.keyword ? { keyword: v.keyword } : {}), pointer: v.pointer }));

/** The drifting upstream's answer to a request (status, content type, body). */
function answer(method: string, path: string): { status: number; type: string; body: unknown } {
  const json = 'application/json;charset=UTF-8';
  if (path.endsWith('/notification/ringtone')) return { status: 200, type: json, body: exampleAnswer('getPushLanguage') };
  if (method === 'PUT') return { status: 200, type: json, body: exampleAnswer('setPushLanguage') };
  const body = exampleAnswer('getPushLanguage') as { data: Record<string, unknown> };
  const username = path.split('/')[4];
  switch (username) {
    case 'drift-type':
      body.data.language = 42;
      return { status: 200, type: json, body };
    case 'drift-required': {
      const { data: _dropped, ...rest } = body;
      return { status: 200, type: json, body: rest };
    }
    case 'drift-status':
      return { status: 202, type: json, body };
    case 'drift-content-type':
      return { status: 200, type: 'text/plain;charset=UTF-8', body };
    default:
      return { status: 200, type: json, body };
  }
}

export interface Upstream {
  url: string;
  /** Requests received, as the upstream saw them (for "forwarded unchanged" checks). */
  received: Received[];
  close(): Promise<void>;
}

/** Starts the drifting upstream on 127.0.0.1, port 0 (the client tests' recording server, answering the matrix). */
export async function startDriftingUpstream(): Promise<Upstream> {
  const server = await startFaultServer((req, res) => {
    const a = answer(req.method, req.url.split('?')[0]!);
    const text = JSON.stringify(a.body);
    res.writeHead(a.status, { 'content-type': a.type, 'content-length': Buffer.byteLength(text), 'x-upstream': 'drifting' });
    res.end(text);
  });
  return { url: server.url, received: server.requests, close: server.close };
}

/** Sends one matrix case to `base` with fetch. */
export async function sendCase(base: string, c: MatrixCase): Promise<{ status: number; headers: Headers; text: string; requestHeaders: Record<string, string> }> {
  const requestHeaders: Record<string, string> = {};
  if (c.token) requestHeaders.authorization = `Bearer ${TOKEN}`;
  if (c.body !== undefined) requestHeaders['content-type'] = 'application/json';
  const res = await fetch(`${base}${c.path}`, {
    method: c.method,
    headers: requestHeaders,
    ...(c.body !== undefined ? { body: JSON.stringify(c.body) } : {}),
  });
  return { status: res.status, headers: res.headers, text: await res.text(), requestHeaders };
}

/** Runs the matrix against `base` and records it as a HAR document (with the token, unredacted, when `raw`). */
export async function recordMatrix(base: string, cases: MatrixCase[] = MATRIX): Promise<Record<string, unknown>> {
  const entries: Record<string, unknown>[] = [];
  for (const c of cases) {
    const started = new Date(Date.UTC(2026, 0, 1)).toISOString();
    const res = await sendCase(base, c);
    const entry = toHarEntry({
      startedDateTime: started,
      time: 1,
      method: c.method,
      url: `${base}${c.path}`,
      requestHeaders: Object.entries(res.requestHeaders),
      requestBody: c.body === undefined ? undefined : JSON.stringify(c.body),
      status: res.status,
      responseHeaders: [...res.headers],
      responseBody: res.text,
    });
    entries.push(entry);
  }
  return { log: { version: '1.2', creator: HAR_CREATOR, entries } };
}

/** The matrix recorded as HAR against a running drifting upstream, and the file it was written to. */
export interface RecordedMatrix {
  upstream: Upstream;
  har: { log: { entries: Record<string, any>[] } };
  harFile: string;
}

/** A temp folder for the traffic files of a test file (see {@link matrixFolder}). */
export interface MatrixFolder {
  tmp: string;
  /** Writes `content` to `name` in the folder; returns the file's path. */
  write(name: string, content: string): string;
  /** Starts the drifting upstream and writes the matrix, recorded against it, to matrix.har (for beforeAll). */
  record(): Promise<RecordedMatrix>;
  /** Closes the upstream and removes the folder (for afterAll). */
  close(): Promise<void>;
}

/** Makes a temp folder named `prefix...` now; the upstream and matrix.har come with `record()`. */
export function matrixFolder(prefix: string): MatrixFolder {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  let upstream: Upstream | undefined;
  const write = (name: string, content: string): string => {
    const file = join(tmp, name);
    writeFileSync(file, content);
    return file;
  };
  return {
    tmp,
    write,
    async record() {
      upstream = await startDriftingUpstream();
      const har = (await recordMatrix(upstream.url)) as RecordedMatrix['har'];
      return { upstream, har, harFile: write('matrix.har', JSON.stringify(har, null, 2)) };
    },
    async close() {
      await upstream?.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** The failure message of a matcher assertion expected to fail (the matcher tests). */
export async function failure(assertion: Promise<unknown>): Promise<string> {
  const error = await assertion.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, 'the assertion should have failed').toBeInstanceOf(Error);
  return error!.message;
}
