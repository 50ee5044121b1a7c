/**
 * Prism, in-process, on the bundled description of `@agora-chat-push/openapi`: static examples, request
 * validation and security checks on, logging at `error` level (to stderr). Select a response with the
 * `Prefer: code=NNN` / `Prefer: example=NAME` headers (see README.md).
 */
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { descriptionUrl, loadDescription } from '@agora-chat-push/openapi';
import { MAX_BODY_BYTES, readBody, textOf, closeSoon } from './sandbox/body.js';
import { urlOf, type RunningServer } from './server.js';

export type { RunningServer } from './server.js';

/** Options of {@link startMock}. */
export interface MockOptions {
  /** TCP port; `0` (the default) picks a free one. */
  port?: number;
  /** Interface to bind; `127.0.0.1` by default. */
  host?: string;
  /**
   * Level of Prism's own log, written to stderr as JSON lines: `silent` by default (quiet in test runs);
   * `error` shows why a request was rejected. The Authorization header is always redacted.
   */
  logLevel?: 'silent' | 'fatal' | 'error' | 'warn' | 'info' | 'debug';
}

/** Starts Prism on the bundled description. Resolves once it accepts connections. */
export async function startMock(options: MockOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  // Prism takes about half a second to import: load it only when a mock is started.
  const [{ createLogger }, { getHttpOperationsFromSpec }, { createServer }] = await Promise.all([
    import('@stoplight/prism-core'),
    import('@stoplight/prism-http'),
    import('@stoplight/prism-http-server'),
  ]);
  const operations = await getHttpOperationsFromSpec(fileURLToPath(descriptionUrl));
  const logger = createLogger(
    'agora-chat-push-mock',
    {
      level: options.logLevel ?? 'silent',
      // Prism logs the whole request on errors: never let the app token reach a log.
      redact: { paths: ['input.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
    },
    {
      write: (line: string) => {
        process.stderr.write(line);
      },
    },
  );
  const server = createServer(operations, {
    components: { logger },
    cors: true,
    config: {
      checkSecurity: true,
      validateRequest: true,
      validateResponse: false,
      errors: false,
      upstreamProxy: undefined,
      isProxy: false,
      mock: { dynamic: false },
    },
  });
  // Prism listens on a private loopback port behind a small front server. The front exists for one Prism bug:
  // a malformed JSON body is never answered (stoplightio/prism#2664: after the JSON parse fails, Prism waits
  // for the 'end' of a request stream that has already ended). The front reads each JSON body first and
  // answers a malformed one itself with the description's own `ErrorJsonParse` example (400); everything
  // else is passed to Prism unchanged, so Prism stays the judge of every valid request.
  // It also caps request bodies as the sandbox does (MAX_BODY_BYTES): a larger one is answered with the
  // description's `ErrorPayloadTooLarge` (413) instead of being buffered whole.
  const inner = new URL(await server.listen(0, '127.0.0.1'));
  const examples = loadDescription().components.examples;
  const jsonParseError = example(examples, 'ErrorJsonParse');
  const payloadTooLarge = example(examples, 'ErrorPayloadTooLarge');
  const sockets = new Set<Socket>();
  const front = createHttpServer((req, res) => {
    readBody(req, MAX_BODY_BYTES).then(
      ({ body, size, close }) => {
        if (size > MAX_BODY_BYTES) {
          answer(res, 413, { ...payloadTooLarge, timestamp: Date.now(), duration: 0 }, close);
        } else if (body.length > 0 && isJson(req) && !parses(body)) {
          answer(res, 400, { ...jsonParseError, timestamp: Date.now(), duration: 0 });
        } else {
          forward(req, res, Buffer.from(body.buffer, body.byteOffset, body.byteLength), inner);
        }
      },
      () => res.destroy(),
    );
  });
  front.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      front.once('error', reject);
      front.listen(options.port ?? 0, host, () => {
        front.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // The port is taken (or the host wrong): stop Prism too, so nothing is left listening.
    front.close();
    await server.close();
    throw error;
  }
  const address = front.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let closing: Promise<void> | undefined;
  return {
    url: urlOf(host, port),
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        front.close(() => resolve());
      }).then(() => server.close())),
  };
}

/** The body of one of the description's error examples (what the service answers). */
function example(examples: Record<string, unknown> | undefined, name: 'ErrorJsonParse' | 'ErrorPayloadTooLarge'): Record<string, unknown> {
  const value = (examples?.[name] as { value?: Record<string, unknown> } | undefined)?.value;
  if (!value) throw new Error(`the description has no ${name} example: rebuild @agora-chat-push/openapi`);
  return value;
}

const isJson = (req: IncomingMessage): boolean => /^application\/(?:[\w.+-]+\+)?json\b/i.test(req.headers['content-type'] ?? '');

function parses(body: Uint8Array): boolean {
  try {
    JSON.parse(textOf(body));
    return true;
  } catch {
    return false;
  }
}

function answer(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
  // The rest of an oversized body was not read: drop the connection once the answer is out.
  if (close) res.once('finish', () => closeSoon(res.req.socket));
}

/** Sends the request, body already read, to Prism and streams its answer back. */
function forward(req: IncomingMessage, res: ServerResponse, body: Buffer, inner: URL): void {
  const headers = { ...req.headers };
  if (body.length > 0 || headers['content-length'] !== undefined) {
    delete headers['transfer-encoding'];
    headers['content-length'] = String(body.length);
  }
  const upstream = httpRequest({ host: inner.hostname, port: inner.port, method: req.method, path: req.url, headers }, (answerFromPrism) => {
    res.writeHead(answerFromPrism.statusCode ?? 502, answerFromPrism.rawHeaders);
    answerFromPrism.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) answer(res, 502, { error: 'bad_gateway', error_description: 'the Prism mock did not answer' });
    else res.destroy();
  });
  upstream.end(body);
}
