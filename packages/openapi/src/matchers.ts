/**
 * `@agora-chat-push/openapi/matchers`: `expect(answer).toMatchContract()` for vitest and Jest
 * (`expect.extend`), over this package's contract validator. It checks that the status is documented for
 * the operation, that the Content-Type is a documented one, and that the body is valid against the schema of
 * that status; a failure names the JSON pointer, the rule, what was expected and what was found.
 * Unofficial; not affiliated with Agora.
 * @packageDocumentation
 */
import type { ContractValidator } from './index.js';
import { createExchangeChecker, type ExchangeChecker } from './verify/check.js';

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
  typeof value === 'object' && value !== null && typeof (value as Response).clone === 'function' &&
  typeof (value as Response).text === 'function' && typeof (value as Response).status === 'number';

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
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object without a numeric status' : typeof value;

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

  return {
    async toMatchContract(this: MatcherState | void, received: unknown, operation?: ContractOperation): Promise<ContractMatcherResult> {
      const isNot = (this as MatcherState | undefined)?.isNot === true;
      let answer: PlainAnswer;
      if (isResponse(received)) {
        // A clone, so that the test can still read the body afterwards.
        if (received.bodyUsed) {
          const why = 'toMatchContract: the Response body was already read; call the matcher before reading it, or pass { status, headers, body } instead';
          return { pass: false, message: () => why };
        }
        answer = { status: received.status, headers: received.headers, body: await received.clone().text(), url: received.url || undefined };
      } else if (typeof received === 'object' && received !== null && typeof (received as PlainAnswer).status === 'number') {
        answer = received as PlainAnswer;
      } else {
        return { pass: false, message: () => `toMatchContract: expected a fetch Response or { status, headers, body }, got ${describe(received)}` };
      }
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
      if (findings.length === 0) {
        return { pass: true, message: () => `expected ${what}, but it does` };
      }
      const lines = findings.map(
        (f) => `  ${f.pointer}: expected ${f.expected}, found ${f.found} [${f.keyword ? `${f.class}/${f.keyword}` : f.class}]`,
      );
      return { pass: false, message: () => `expected ${what}:\n${lines.join('\n')}` };
    },
  };
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
