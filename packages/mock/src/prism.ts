/**
 * Prism, in-process, on the bundled description of `@agora-chat-push/openapi`: static examples, request
 * validation and security checks on, logging at `error` level (to stderr). Select a response with the
 * `Prefer: code=NNN` / `Prefer: example=NAME` headers (see README.md).
 */
import { fileURLToPath } from 'node:url';
import { createLogger } from '@stoplight/prism-core';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { createServer } from '@stoplight/prism-http-server';
import { descriptionUrl } from '@agora-chat-push/openapi';

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

/** A running server: its base URL (`http://HOST:PORT`, no trailing slash) and how to stop it. */
export interface RunningServer {
  url: string;
  /** The bound port (useful with `port: 0`). */
  port: number;
  /** Stops accepting connections, closes open ones and resolves when the server is down. */
  close(): Promise<void>;
}

/** The bound address as a URL; an IPv6 host is bracketed. */
export function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Starts Prism on the bundled description. Resolves once it accepts connections. */
export async function startMock(options: MockOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const operations = await getHttpOperationsFromSpec(fileURLToPath(descriptionUrl));
  const logger = createLogger('agora-chat-push-mock', {
    level: options.logLevel ?? 'silent',
    // Prism logs the whole request on errors: never let the app token reach a log.
    redact: { paths: ['input.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
  }, {
    write: (line: string) => {
      process.stderr.write(line);
    },
  });
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
  const address = await server.listen(options.port ?? 0, host);
  const port = Number(new URL(address).port);
  let closing: Promise<void> | undefined;
  return {
    url: urlOf(host, port),
    port,
    close: () => (closing ??= server.close()),
  };
}
