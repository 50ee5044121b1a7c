/**
 * `@agora-chat-push/mock/msw`: the sandbox as msw (2.x and 3.x) request handlers, for tests that mock HTTP in process
 * (`setupServer` in Node, `setupWorker` in a browser). The same core as the sandbox server decides every
 * answer (`createSandboxCore`): same state, validation, errors and rate limits; this file only turns a
 * Fetch `Request` into the core's request and its answer into a `Response`.
 *
 * The handlers also keep the contract violations of the requests they saw (`violations`, `onViolation`): a
 * service that swallows the `400` it got still fails a test that asserts `handlers.violations` is empty.
 *
 * msw is an optional peer dependency of this package: install `msw@^2.10` or `msw@^3` to use this entry point.
 */
import { createExchangeChecker, toViolations, type ExchangeChecker, type Finding, type Violation } from '@agora-chat-push/openapi/verify';
import { http, type HttpHandler } from 'msw';
import { createSandboxCore, type CoreResponse, type SandboxCore, type SandboxCoreOptions } from './sandbox/core.js';

/** A contract violation of a request the handlers saw (`exchange`: its position since the last `reset()`). */
export type SandboxViolation = Violation & {
  /** The status the sandbox answered. */
  status: number;
};

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
  /**
   * Called with each contract violation of a request, as it is seen (e.g. to throw in a test, or to log).
   * What it throws is not passed to msw: the answer stays the sandbox's.
   */
  onViolation?: ((violation: SandboxViolation) => void) | undefined;
}

/**
 * The handlers, plus `violations` (the contract violations of the requests seen, in order), `reset()` (forget
 * all state and the violations, between tests) and the core itself.
 */
export type SandboxHandlers = HttpHandler[] & {
  reset(): void;
  readonly violations: readonly SandboxViolation[];
  readonly core: SandboxCore;
};

/** The most violations kept (a runaway loop of bad requests keeps memory bounded); more are counted in `onViolation` only. */
const MAX_KEPT = 1_000;

/** A client error the request check found no reason for (a rule beyond the schemas, e.g. a body over the size limit). */
const REJECTIONS = new Set([400, 413, 415]);

/** The violations of one request: what the contract check finds, or else the sandbox's own refusal. */
function violationsOf(
  checker: ExchangeChecker,
  request: { method: string; url: string; path: string; headers: Record<string, string>; body: string },
  answer: CoreResponse,
): { operationId?: string | undefined; findings: Finding[] } {
  const { operationId, findings } = checker.checkRequest({ method: request.method, url: request.path, headers: request.headers, body: request.body });
  if (findings.length > 0 || !REJECTIONS.has(answer.status)) return { operationId, findings };
  let reason = '';
  try {
    reason = String((JSON.parse(answer.body) as { error_description?: unknown }).error_description ?? '');
  } catch {
    reason = '';
  }
  const found = `${answer.status}${reason ? ` (${reason})` : ''}`;
  return { operationId, findings: [{ class: 'request-body', keyword: `status-${answer.status}`, pointer: '/request', expected: 'a request the service accepts', found }] };
}

const toResponse = (answer: CoreResponse, method: string): Response => new Response(answer.body === '' || method === 'HEAD' ? null : answer.body, { status: answer.status, headers: answer.headers });

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

  let checker: ExchangeChecker | undefined;
  const violations: SandboxViolation[] = [];
  let seen = 0;
  const record = (request: Parameters<typeof violationsOf>[1], answer: CoreResponse): void => {
    checker ??= createExchangeChecker({ validator: core.validator });
    const exchange = seen++;
    const { operationId, findings } = violationsOf(checker, request, answer);
    // The URL redacted and, whatever the body held, the token of this request's Authorization header never shown.
    for (const found of toViolations(findings, { exchange, method: request.method, url: request.url, authorization: request.headers.authorization, operationId })) {
      const v: SandboxViolation = { ...found, status: answer.status };
      if (violations.length < MAX_KEPT) violations.push(v);
      try {
        options.onViolation?.(v);
      } catch {
        // The callback's error is the test's to report (it sees the violation); msw must still get an answer.
      }
    }
  };

  const handler = http.all(`${origin}/*`, async ({ request }) => {
    const url = new URL(request.url);
    let answer: CoreResponse;
    try {
      const bytes = new Uint8Array(await request.arrayBuffer());
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => (headers[name] = value));
      const path = `${url.pathname.slice(prefix.length) || '/'}${url.search}`;
      answer = core.handleSync({ method: request.method, url: path, headers, body: bytes.byteLength > 0 ? bytes : undefined, bodySize: bytes.byteLength });
      record({ method: request.method.toUpperCase(), url: request.url, path, headers, body: new TextDecoder().decode(bytes) }, answer);
    } catch {
      // A bug of the adapter: answer as the service does, never throw into msw.
      answer = core.internalError();
    }
    return toResponse(answer, request.method);
  });

  const reset = (): void => {
    core.reset();
    violations.length = 0;
    seen = 0;
  };
  return Object.assign([handler], { reset, violations, core });
}
