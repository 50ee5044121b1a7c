/**
 * Prism, in-process, on the bundled description of `@agora-chat-push/openapi`: static examples, request
 * validation and security checks on, logging at `error` level (to stderr). Select a response with the
 * `Prefer: code=NNN` / `Prefer: example=NAME` headers (see README.md).
 */
import { fileURLToPath } from 'node:url';
import { descriptionUrl } from '@agora-chat-push/openapi';
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
