// Shared by the mock's tests: a raw HTTP client (exact control over headers and bytes), the contract
// validator, a check that an answer is documented for the request that got it, and a runner for a bin that
// prints "listening on URL" (the mock bin, built or from its source).
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { createContractValidator, type ContractIssue } from '@agora-chat-push/openapi';
import { onTestFinished } from 'vitest';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const mockDir = join(repoRoot, 'packages', 'mock');
export const validator = createContractValidator();

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed body; `undefined` when it is not JSON. */
  body: any;
}

export interface Send {
  method?: string;
  path: string;
  /** Header values as sent; `undefined` leaves a header out. */
  headers?: Record<string, string | undefined>;
  /** A string or bytes are sent as they are; another value is sent as JSON. */
  body?: unknown;
  /** Sends the body with chunked transfer encoding (no Content-Length). */
  chunked?: boolean;
}

export const TOKEN = 'sandbox-test-token';

/** Sends one request with a fresh connection and resolves with the whole answer. */
export function send(base: string, options: Send): Promise<Answer> {
  const url = new URL(base);
  const method = options.method ?? 'GET';
  const raw = options.body === undefined ? undefined : typeof options.body === 'string' || Buffer.isBuffer(options.body) ? options.body : JSON.stringify(options.body);
  const defaults: Record<string, string | undefined> = {
    authorization: `Bearer ${TOKEN}`,
    ...(raw !== undefined ? { 'content-type': 'application/json' } : {}),
  };
  const headers = Object.fromEntries(Object.entries({ ...defaults, ...options.headers }).filter((e): e is [string, string] => e[1] !== undefined));
  if (raw !== undefined && !options.chunked) headers['content-length'] = String(Buffer.byteLength(raw));
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path: options.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (raw !== undefined) req.write(raw);
    req.end();
  });
}

/**
 * Checks an answer against the description: for a path that names an operation, the schema documented
 * for the operation and status (an undocumented status is an issue); otherwise the error body schema.
 */
export function contractIssues(method: string, path: string, answer: Pick<Answer, 'status' | 'body'>): ContractIssue[] {
  const found = validator.match(method, path.split('?')[0]!);
  if (!found) {
    const issues = validator.validateSchema('ErrorResponse', answer.body);
    return answer.status === 404 ? issues : [...issues, { field: 'status', rule: 'responses', message: `unexpected ${answer.status}` }];
  }
  return validator.validateResponse(found.operation.operationId, answer.status, answer.body);
}

/** A valid request body of an operation: the first example the description gives for it. */
export function exampleBody(operationId: string): unknown {
  // The model's request examples: `$ref`s followed, in the description's order.
  return validator.operation(operationId).requestBody?.examples[0]?.value;
}

/** A concrete path of an operation for an org/app, with valid values for the other path parameters. */
export function pathOf(operationId: string, values: Record<string, string> = {}): string {
  const op = validator.operation(operationId);
  const defaults: Record<string, string> = {
    org_name: 'org',
    app_name: 'app',
    username: 'user1',
    type: 'user',
    key: 'user2',
    name: 'test7',
  };
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? defaults[name] ?? 'x'));
}

/**
 * Writes `text` on a new raw TCP connection and resolves with everything the server wrote back, once it ends
 * its side (`'end'`) or closes the connection (`'close'`): for requests an HTTP client would refuse to send.
 */
export function rawExchange(port: number | string, text: string, until: 'end' | 'close' = 'end'): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port: Number(port) }, () => socket.write(text));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on(until, () => resolve(received));
    socket.on('error', reject);
  });
}

/** A bin started by {@link runBin}: its process, what it printed so far, and how it ended. */
export interface BinRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once the process ended and its output is closed (`'close'`): all it printed is in stdout()/stderr(). */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `command args` (stdin ignored, stdout and stderr collected). Call it inside a test: a process still
 * running when the test finishes is killed (SIGKILL), whether the test passed or not.
 */
export function runBin(command: string, args: string[], options: Omit<SpawnOptions, 'stdio'> = {}): BinRun {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exit };
}

/**
 * Waits for the "listening on URL" line and returns the URL; fails with the output if the bin exits or `timeoutMs` pass first.
 * The bound catches a hang, not slowness: Prism 5.12 (the mock's pin, see issue 22) starts about 1.5x slower than 5.16,
 * and a cold start under tsx on a busy 2-core machine was seen near 15 s, so the default is 60 s.
 */
export function listening(run: BinRun, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`no "listening on" within ${timeoutMs} ms`), timeoutMs);
    const look = (): void => {
      const m = /listening on (http:\/\/\S+)/.exec(run.stdout());
      if (!m) return;
      clearTimeout(timer);
      run.child.stdout!.off('data', look);
      resolve(m[1]!);
    };
    const fail = (why: string): void => {
      clearTimeout(timer);
      run.child.stdout!.off('data', look);
      reject(new Error(`${why}: ${run.stdout()} ${run.stderr()}`));
    };
    run.child.stdout!.on('data', look);
    look();
    void run.exit.then(({ code, signal }) => fail(`exited ${code ?? signal}`));
  });
}
