/**
 * The sandbox on node:http: reads each request's body (capped, see `body.ts`), hands the request to the core
 * and writes its answer. Any throw on the way becomes a `500` in the service's error shape; the server keeps
 * running.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ContractValidator } from '@agora-chat-push/openapi';
import { type AppCredentials, appTokenAuthorizer } from '../app-token.js';
import { closeServer, listen, urlOf, type RunningServer } from '../server.js';
import { MAX_BODY_BYTES, closeSoon, readBody } from './body.js';
import { createSandboxCore, type CoreResponse, type SandboxCore, type SandboxCoreOptions } from './core.js';
import type { StateStats } from './state.js';

/** Options of {@link startSandbox} and {@link createSandbox}. */
export interface SandboxOptions extends SandboxCoreOptions {
  /** TCP port; `0` (the default) picks a free one. */
  port?: number;
  /** Interface to bind; `127.0.0.1` by default. */
  host?: string;
  /**
   * Accept only real Agora Chat app tokens: AccessToken2 tokens for this App ID, signed with this App
   * Certificate, with the chat app privilege and not expired (by `now`). Others get `401 auth_bad_access_token`
   * and a line `app token refused: <reason>` in `log`. Not with `tokens` or `authorize`. (Node only: the check
   * uses `agora-token`, so it lives in this adapter, not in the core.)
   */
  appCredentials?: AppCredentials | undefined;
}

/** A running sandbox. */
export interface RunningSandbox extends RunningServer {
  /** Forgets all state (users, settings, templates) and rate-limit counters. */
  reset(): void;
  /** How much the sandbox holds now (apps, users, settings, templates, rate-limit windows). */
  stats(): StateStats;
}

/** The sandbox as a request handler, to mount in a server of your own. */
export interface Sandbox {
  handle(req: IncomingMessage, res: ServerResponse): void;
  reset(): void;
  stats(): StateStats;
  /** The validator the sandbox checks requests with (compiled from the bundled description). */
  readonly validator: ContractValidator;
  /** The core under the handler (no node:http), e.g. to wrap in another adapter. */
  readonly core: SandboxCore;
}

function write(req: IncomingMessage, res: ServerResponse, answer: CoreResponse, close: boolean): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(answer.status, close ? { ...answer.headers, connection: 'close' } : answer.headers);
  res.end(req.method === 'HEAD' ? undefined : answer.body);
  // The rest of an oversized body was not read: drop the connection once the answer is out.
  if (close) res.once('finish', () => closeSoon(req.socket));
}

/** Turns `appCredentials` into the core's `authorize` hook (the App Certificate stays in that closure). */
function withAppCredentials(options: SandboxOptions): SandboxCoreOptions {
  const { appCredentials } = options;
  if (!appCredentials) return options;
  if (options.authorize || (options.tokens?.length ?? 0) > 0) {
    throw new TypeError('appCredentials decides which tokens are accepted: pass neither tokens nor authorize with it');
  }
  // Copied with its property descriptors: startSandbox passes `baseUrl` as a getter that the core reads per request.
  const core = Object.defineProperties({}, Object.getOwnPropertyDescriptors(options)) as SandboxCoreOptions;
  core.authorize = appTokenAuthorizer(appCredentials, { now: options.now, log: options.log });
  return core;
}

/** Builds the sandbox's request handler. Throws if the description lacks something the sandbox needs. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const core = createSandboxCore(withAppCredentials(options));
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const read = await readBody(req, maxBody);
    const answer = core.handleSync({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body: read.size > 0 ? read.body : undefined,
      bodySize: read.size,
    });
    write(req, res, answer, read.close);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    serve(req, res).catch(() => {
      // The client went away, or a bug of the adapter: answer as the service does if anyone is listening.
      try {
        write(req, res, core.internalError(), true);
      } catch {
        res.destroy();
      }
    });
  };

  return { handle, reset: core.reset, stats: core.stats, validator: core.validator, core };
}

/** Starts the sandbox on `host:port`. Resolves once it accepts connections. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer({ keepAliveTimeout: 5_000, requestTimeout: 30_000 });
  // The base URL (for `uri`) is known once the port is; the core reads it lazily.
  let baseUrl = '';
  const sandbox = createSandbox({
    ...options,
    get baseUrl() {
      return baseUrl;
    },
  });
  server.on('request', sandbox.handle);
  // A request Node cannot parse (bad request line, oversized headers): answer with the error body, then close.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const answer = sandbox.core.malformed(status);
    const head = Object.entries(answer.headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n${head}\r\n${answer.body}`);
  });
  const port = await listen(server, options.port, host);
  baseUrl = urlOf(host, port);
  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    reset: sandbox.reset,
    stats: sandbox.stats,
    close: () => (closing ??= closeServer(server)),
  };
}
