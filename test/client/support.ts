// Shared by the client's tests: a local node:http server that records every request and answers with a
// scripted handler, on 127.0.0.1, port 0; the service's answers; promises a test settles by hand; and the
// inputs of a bundle of one of the client's entries.
import { once } from 'node:events';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const clientDir = join(repoRoot, 'packages', 'client');

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ errors: unknown[]; metafile: { inputs: Record<string, unknown> } }>;
}

/**
 * The files esbuild puts in a bundle of `entry` (a file of the client's src/) for `platform`, as its metafile
 * names them; the bundle must build without errors. esbuild is a devDependency of the client package, resolved
 * from there (when a test calls this, not when it imports this file).
 */
export async function bundleInputs(entry: string, platform: 'browser' | 'node'): Promise<string[]> {
  const { build } = createRequire(join(clientDir, 'package.json'))('esbuild') as Esbuild;
  const out = await build({
    entryPoints: [join(clientDir, 'src', entry)],
    bundle: true,
    platform,
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  expect(out.errors).toEqual([]);
  return Object.keys(out.metafile.inputs);
}

/** One request as the server received it. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** performance.now() when the request's headers arrived. */
  at: number;
}

export type Handler = (request: Received, response: ServerResponse, index: number) => void;

export interface FaultServer {
  url: string;
  requests: Received[];
  close(): Promise<void>;
}

/** Starts a server that hands each request (body read) to `handler` with its 0-based index. */
export async function startFaultServer(handler: Handler): Promise<FaultServer> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at,
      };
      const index = requests.push(received) - 1;
      handler(received, res, index);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** {@link startFaultServer}, closed when the current test finishes (passed or not). */
export async function serveInTest(handler: Handler): Promise<FaultServer> {
  const server = await startFaultServer(handler);
  onTestFinished(() => server.close());
  return server;
}

/** Answers JSON. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const envelope = (action: string, data: unknown): Record<string, unknown> => ({
  path: '/users',
  uri: 'http://127.0.0.1/org/app',
  timestamp: 1648089630244,
  organization: 'org',
  application: '17fe201b-ad9b-4a3a-83df-1ed1ebd7b227',
  action,
  data,
  duration: 0,
  applicationName: 'app',
});

/** A documented success answer for the operation at this method and path (enough for the fault tests). */
export function success(req: Received): Record<string, unknown> {
  const action = req.method.toLowerCase();
  if (/\/users\/[^/]+$/.test(req.url)) {
    const body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
    const { entities: _, data: __, ...rest } = envelope(action, undefined);
    return { ...rest, entities: [{ uuid: '4759aa70-eba5-11e8-925f-6fa0510823ba', type: 'user', username: 'user1', ...body }] };
  }
  if (req.url.endsWith('/notification/language')) return envelope(action, { language: 'EU' });
  if (req.url.includes('/notification/template')) {
    return envelope(action, { name: 'test7', title_pattern: 'Hello,{0}', content_pattern: 'Test,{0}', createAt: 1, updateAt: 1 });
  }
  return envelope(action, { type: 'NONE', ignoreDuration: 1647590149924 });
}

/** The service's error body. */
export const serviceError = (error: string, error_description: string, exception = 'Exception') => ({
  error,
  exception,
  timestamp: 1647503749918,
  duration: 0,
  error_description,
});

/** {@link success} for a request as a `fetch` stand-in receives it. */
export function successFor(url: string, init: RequestInit): Record<string, unknown> {
  return success({ method: String(init.method ?? 'GET'), url: new URL(url).pathname, headers: {}, body: typeof init.body === 'string' ? init.body : '', at: 0 });
}

/** A JSON answer, as a `fetch` stand-in gives it. */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A promise with its resolve/reject at hand. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run: the microtask queue, then `turns` turns of the event loop (no I/O waited on). */
export async function settle(turns = 1): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}
