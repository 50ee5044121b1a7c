/**
 * `@agora-chat-push/openapi/matchers`: `expect(answer).toMatchContract()` and `expect(request).toMatchContract()`
 * for vitest and Jest (`expect.extend`; ESM and CommonJS), over this package's contract validator. For an answer
 * it checks that the status is documented for the operation, that the Content-Type is a documented one, and that
 * the body is valid against the schema of that status. For a request (what your service sends), the operation is
 * found by method and URL, and the Bearer token, path parameters, Content-Type and body are checked. A failure
 * names the JSON pointer, the rule, what was expected and what was found.
 * Unofficial; not affiliated with Agora.
 * @packageDocumentation
 */
import type { ContractValidator } from './index.js';
import { createExchangeChecker, type ExchangeChecker, type Finding } from './verify/check.js';

/** Which operation an answer belongs to: its operationId, or the request that got it. */
export type ContractOperation = string | { method: string; url?: string; path?: string };

/** The result every `expect.extend` matcher returns (vitest and Jest read the same shape). */
export interface ContractMatcherResult {
  pass: boolean;
  message: () => string;
}

/** What the matcher accepts: a fetch `Response`, or a plain answer (`body` as text or as parsed JSON). */
export interface PlainAnswer {
  status: number;
  headers?: Record<string, string> | Headers | undefined;
  body?: unknown;
  /** The request, when `toMatchContract()` is called without naming the operation. */
  method?: string | undefined;
  url?: string | undefined;
}

/** A request the matcher accepts besides a fetch `Request`: `body` as text, or a value sent as JSON. */
export interface PlainRequest {
  method: string;
  /** Absolute, or a path with its query. */
  url: string;
  headers?: Record<string, string> | Headers | undefined;
  body?: unknown;
}

/**
 * The matcher's type, to merge into your test runner's `Matchers` interface (see the README):
 * `await expect(response).toMatchContract()` or `.toMatchContract('getPushSettings')`.
 */
export interface ContractMatchers<R = unknown> {
  toMatchContract(operation?: ContractOperation): Promise<R>;
}

/** What vitest and Jest pass as `this` (only `isNot` is read). */
interface MatcherState {
  isNot?: boolean;
}

export interface ContractMatcherOptions {
  /** The validator to check with (default: one over the bundled description, compiled on first use). */
  validator?: ContractValidator;
  /** A prefix in front of the description's paths in URLs (`/gateway/chat`). */
  basePath?: string;
}

const isResponse = (value: unknown): value is Response =>
  typeof value === 'object' && value !== null && typeof (value as Response).clone === 'function' && typeof (value as Response).text === 'function' && typeof (value as Response).status === 'number';

function headerRecord(headers: PlainAnswer['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
    (headers as Headers).forEach((value, name) => (out[name.toLowerCase()] = value));
    return out;
  }
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = String(value);
  return out;
}

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object with neither a numeric status nor a method and URL' : typeof value;

/** Builds `{ toMatchContract }` for `expect.extend`. */
export function createContractMatchers(options: ContractMatcherOptions = {}): {
  toMatchContract(this: MatcherState | void, received: unknown, operation?: ContractOperation): Promise<ContractMatcherResult>;
} {
  let checker: ExchangeChecker | undefined;
  const get = (): ExchangeChecker =>
    (checker ??= createExchangeChecker({
      ...(options.validator ? { validator: options.validator } : {}),
      ...(options.basePath !== undefined ? { basePath: options.basePath } : {}),
    }));

  const resolve = (c: ExchangeChecker, operation: ContractOperation | undefined, answer: PlainAnswer): { operationId?: string; problem?: string } => {
    if (typeof operation === 'string') {
      return c.validator.operations.some((o) => o.operationId === operation)
        ? { operationId: operation }
        : { problem: `"${operation}" is not an operation of the description (known: ${c.validator.operations.map((o) => o.operationId).join(', ')})` };
    }
    const method = operation?.method ?? answer.method;
    const url = operation?.url ?? operation?.path ?? answer.url;
    if (!url) {
      return { problem: 'the answer carries no URL: name the operation, e.g. toMatchContract("getPushSettings")' };
    }
    if (method) {
      const id = c.operationOf(method, url);
      return id ? { operationId: id } : { problem: `${method.toUpperCase()} ${new URL(url, 'http://x').pathname} is not an operation of the description` };
    }
    const candidates = [...new Set(c.validator.model.methods.map((m) => c.operationOf(m, url)).filter((id): id is string => !!id))];
    if (candidates.length === 1) return { operationId: candidates[0]! };
    if (candidates.length === 0) return { problem: `${new URL(url, 'http://x').pathname} is not a path of the description` };
    return { problem: `several operations answer at this URL (${candidates.join(', ')}): name one, e.g. toMatchContract("${candidates[0]}")` };
  };

  const failure = (what: string, findings: Finding[]): ContractMatcherResult => {
    const lines = findings.map((f) => `  ${f.pointer}: expected ${f.expected}, found ${f.found} [${f.keyword ? `${f.class}/${f.keyword}` : f.class}]`);
    return { pass: false, message: () => `expected ${what}:\n${lines.join('\n')}` };
  };

  const matchAnswer = (answer: PlainAnswer, operation: ContractOperation | undefined, isNot: boolean): ContractMatcherResult => {
    const c = get();
    const { operationId, problem } = resolve(c, operation, answer);
    if (!operationId) return { pass: false, message: () => `toMatchContract: ${problem}` };
    const headers = headerRecord(answer.headers);
    // A body given already parsed (not text) is taken as JSON unless a Content-Type says otherwise.
    if (headers['content-type'] === undefined && answer.body !== undefined && typeof answer.body !== 'string') {
      headers['content-type'] = 'application/json';
    }
    const findings = c.checkAnswer(operationId, { status: answer.status, headers, body: answer.body });
    const what = `the answer (status ${answer.status}) ${isNot ? 'not ' : ''}to match the contract of ${operationId}`;
    return findings.length === 0 ? { pass: true, message: () => `expected ${what}, but it does` } : failure(what, findings);
  };

  /** A request: the operation is found by its method and URL; credentials, path parameters, headers and body are checked. */
  const matchRequest = (request: PlainRequest, operation: ContractOperation | undefined, isNot: boolean): ContractMatcherResult => {
    const c = get();
    const method = request.method.toUpperCase();
    const path = new URL(request.url, 'http://relative.invalid').pathname;
    if (typeof operation === 'string' && c.operationOf(method, request.url) !== operation) {
      const found = c.operationOf(method, request.url);
      return { pass: false, message: () => `toMatchContract: the request ${method} ${path} is ${found ? `${found}, not ${operation}` : 'not an operation of the description'}` };
    }
    const headers = headerRecord(request.headers);
    const body = request.body === undefined || typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    if (body !== undefined && body !== '' && typeof request.body !== 'string' && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    const { operationId, findings } = c.checkRequest({ method, url: request.url, headers, body });
    const what = `the request ${method} ${path} ${isNot ? 'not ' : ''}to match the contract${operationId ? ` of ${operationId}` : ''}`;
    return findings.length === 0 ? { pass: true, message: () => `expected ${what}, but it does` } : failure(what, findings);
  };

  return {
    async toMatchContract(this: MatcherState | void, received: unknown, operation?: ContractOperation): Promise<ContractMatcherResult> {
      const isNot = (this as MatcherState | undefined)?.isNot === true;
      const read = await readReceived(received);
      if ('problem' in read) return { pass: false, message: () => `toMatchContract: ${read.problem}` };
      return 'request' in read ? matchRequest(read.request, operation, isNot) : matchAnswer(read.answer, operation, isNot);
    },
  };
}

/** A fetch `Request` (what a service sends), told apart from a `Response` by having a method and no status. */
const isRequest = (value: unknown): value is Request =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Request).method === 'string' &&
  typeof (value as Request).url === 'string' &&
  typeof (value as Request).clone === 'function' &&
  typeof (value as Response).status !== 'number';

/** A body's text, read from a clone (the test can still read it); `''` when there is none. */
async function bodyText(message: Request | Response): Promise<string> {
  // arrayBuffer, not `.body`: Firefox has no Request.prototype.body.
  return new TextDecoder().decode(await message.clone().arrayBuffer());
}

/** What the matcher received, as an answer or a request to check, or the reason it cannot be checked. */
async function readReceived(received: unknown): Promise<{ answer: PlainAnswer } | { request: PlainRequest } | { problem: string }> {
  if (isResponse(received) || isRequest(received)) {
    if (received.bodyUsed) {
      const [kind, plain] = isResponse(received) ? ['Response', '{ status, headers, body }'] : ['Request', '{ method, url, headers, body }'];
      return { problem: `the ${kind} body was already read; call the matcher before reading it, or pass ${plain} instead` };
    }
    const body = await bodyText(received);
    if (isRequest(received)) return { request: { method: received.method, url: received.url, headers: received.headers, body } };
    return { answer: { status: received.status, headers: received.headers, body, url: received.url || undefined } };
  }
  if (typeof received === 'object' && received !== null) {
    if (typeof (received as PlainAnswer).status === 'number') return { answer: received as PlainAnswer };
    const r = received as Partial<PlainRequest>;
    if (typeof r.method === 'string' && typeof r.url === 'string') return { request: r as PlainRequest };
  }
  return { problem: `expected a fetch Response or Request, { status, headers, body } or { method, url, headers, body }, got ${describe(received)}` };
}

let shared: ReturnType<typeof createContractMatchers> | undefined;

/**
 * The matcher over the bundled description: `expect.extend({ toMatchContract })`. The validator is compiled
 * on the first call and reused.
 */
export function toMatchContract(this: MatcherState | void, received: unknown, operation?: ContractOperation): Promise<ContractMatcherResult> {
  shared ??= createContractMatchers();
  return shared.toMatchContract.call(this, received, operation);
}

/** `expect.extend(contractMatchers)`. */
export const contractMatchers = { toMatchContract };
