/**
 * `@agora-chat-push/mock/msw`: the sandbox as msw 2.x request handlers, for tests that mock HTTP in process
 * (`setupServer` in Node, `setupWorker` in a browser). The same core as the sandbox server decides every
 * answer (`createSandboxCore`): same state, validation, errors and rate limits; this file only turns a
 * Fetch `Request` into the core's request and its answer into a `Response`.
 *
 * msw is an optional peer dependency of this package: install `msw@^2.10` to use this entry point.
 */
import { http, type HttpHandler } from 'msw';
import { createSandboxCore, type CoreResponse, type SandboxCore, type SandboxCoreOptions } from './sandbox/core.js';

/** Options of {@link createSandboxHandlers}: where the sandbox answers, and the core's options. */
export interface SandboxHandlersOptions extends SandboxCoreOptions {
  /**
   * The base URL your code calls, e.g. `https://a41.chat.agora.io` or `http://push.test/gateway`: requests under
   * it go to the sandbox (any path; an undocumented one gets the service's `404`), others pass to your other
   * handlers. Answers carry it in `uri`.
   */
  baseUrl: string;
  /** A core to share, e.g. with a sandbox server; a new one by default. */
  core?: SandboxCore;
}

/** The handlers, plus the core's `reset()` (forget all state between tests) and the core itself. */
export type SandboxHandlers = HttpHandler[] & {
  reset(): void;
  readonly core: SandboxCore;
};

const toResponse = (answer: CoreResponse, method: string): Response =>
  new Response(answer.body === '' || method === 'HEAD' ? null : answer.body, { status: answer.status, headers: answer.headers });

/**
 * The sandbox as msw handlers: `setupServer(...createSandboxHandlers({ baseUrl }))`.
 * Throws on a `baseUrl` that is not an absolute http(s) URL.
 */
export function createSandboxHandlers(options: SandboxHandlersOptions): SandboxHandlers {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new Error(`createSandboxHandlers: baseUrl "${String(options.baseUrl)}" is not an absolute URL (e.g. https://a41.chat.agora.io)`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error(`createSandboxHandlers: baseUrl "${options.baseUrl}" must be an http:// or https:// URL`);
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  const origin = `${base.origin}${prefix}`;
  const { core: shared, baseUrl: _baseUrl, ...coreOptions } = options;
  const core = shared ?? createSandboxCore({ ...coreOptions, baseUrl: origin });

  const handler = http.all(`${origin}/*`, async ({ request }) => {
    const url = new URL(request.url);
    let answer: CoreResponse;
    try {
      const bytes = new Uint8Array(await request.arrayBuffer());
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => (headers[name] = value));
      answer = core.handleSync({
        method: request.method,
        url: `${url.pathname.slice(prefix.length) || '/'}${url.search}`,
        headers,
        body: bytes.byteLength > 0 ? bytes : undefined,
        bodySize: bytes.byteLength,
      });
    } catch {
      // A bug of the adapter: answer as the service does, never throw into msw.
      answer = core.internalError();
    }
    return toResponse(answer, request.method);
  });

  return Object.assign([handler], { reset: () => core.reset(), core });
}
