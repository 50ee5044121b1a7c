/**
 * The exchange checker: one recorded request and answer against the description, through the contract
 * validator of this package (`createContractValidator`). What a rule says comes from the description
 * (operations, security, request and answer content types and schemas); nothing here knows a schema's shape.
 */
import { atPointer, createContractValidator, escapePointer, followRef, type ContractIssue, type ContractValidator } from '../index.js';
import type { Exchange } from './exchange.js';
import { unknownFields } from './expectation.js';
import { redactUrl, scrub, secretsOf, tokenOf } from './redact.js';

/** The classes of violation, one per rule of the contract a recorded exchange can break. */
export const VIOLATION_CLASSES = {
  'undocumented-operation': 'The method and path are not an operation of the description.',
  'missing-token': 'The request does not carry the credentials the operation requires (a Bearer token).',
  'request-parameter': 'A path parameter breaks its schema.',
  'request-content-type': 'The request body is not of a documented media type.',
  'request-body': 'The request body breaks the schema of the operation (or is not JSON, or is missing).',
  'undocumented-status': 'The answer has a status the operation does not document.',
  'response-content-type': 'The answer is not of a media type documented for its status.',
  'response-body': 'The answer body breaks the schema documented for its status (or is not JSON, or is empty).',
  'response-unknown-field': 'An answer a consumer expects (a pact) holds a field the description does not name for it.',
} as const;
export type ViolationClass = keyof typeof VIOLATION_CLASSES;

/** One broken rule in one exchange. */
export interface Violation {
  /** Position of the exchange in the traffic (0-based). */
  exchange: number;
  /** The line of the traffic file where the exchange starts (1-based), when known. */
  line?: number | undefined;
  method: string;
  /** The URL with secrets (query tokens, user:password, the Bearer token) redacted. */
  url: string;
  operationId?: string | undefined;
  class: ViolationClass;
  /** The JSON Schema keyword that failed (`type`, `required`, `maxLength`, ...), for body and parameter rules. */
  keyword?: string | undefined;
  /** Where in the exchange: `/response/body/data/type`, `/response/status`, `/request/headers/authorization`. */
  pointer: string;
  expected: string;
  found: string;
  /** One line naming all of the above. */
  message: string;
}

/** The result of checking one exchange. */
export interface ExchangeResult {
  operationId?: string | undefined;
  /** The status, if it was documented for the operation. */
  documentedStatus?: string | undefined;
  violations: Violation[];
  /** Parts the recording did not hold, so they were not checked (e.g. `response body`). */
  unchecked: string[];
}

export interface CheckerOptions {
  /** The validator to check with; one over the bundled description by default. */
  validator?: ContractValidator;
  /** A prefix in front of the description's paths (`/gateway/chat`), removed before matching. */
  basePath?: string;
}

/** What an answer check needs: the status, headers (any case) and the body as text or as a parsed value. */
export interface AnswerToCheck {
  status: number;
  headers: Record<string, string>;
  /** Text is parsed as JSON when the media type is JSON; any other value is taken as already parsed. */
  body?: unknown;
  /** Used when `headers` has no Content-Type. */
  mimeType?: string | undefined;
}

/** What a request check needs: method, URL (absolute or a path), headers (any case) and the body as text. */
export interface RequestToCheck {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** `undefined` when none was sent. */
  body?: string | undefined;
}

/** One broken rule, before it is tied to an exchange (what the matcher and the msw handlers report). */
export type Finding = Omit<Violation, 'exchange' | 'method' | 'url' | 'line' | 'message'>;

export interface ExchangeChecker {
  readonly validator: ContractValidator;
  /** Checks one exchange; `index` and `line` name it in the violations. */
  check(exchange: Exchange, index?: number, line?: number): ExchangeResult;
  /** Checks a request alone (operation found by method and URL): credentials, path parameters, Content-Type, body. */
  checkRequest(request: RequestToCheck): { operationId?: string | undefined; findings: Finding[] };
  /** Checks an answer of a known operation (what the matcher uses). */
  checkAnswer(operationId: string, answer: AnswerToCheck): Finding[];
  /** Checks an answer a consumer expects (a pact interaction's): named fields, compatible values, required ones optional. */
  checkExpectedAnswer(operationId: string, answer: AnswerToCheck): Finding[];
  /** The operation for a method and a URL or path (the base path removed), if documented. */
  operationOf(method: string, url: string): string | undefined;
}

type Obj = Record<string, unknown>;

const lowerKeys = (headers: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

const show = (value: unknown): string => {
  if (value === undefined) return 'absent';
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** The lowercase media type of a Content-Type value, without parameters. */
export const mediaTypeOf = (value: string | undefined): string => (value ?? '').split(';')[0]!.trim().toLowerCase();

const isJsonMedia = (media: string): boolean => media === 'application/json' || /^application\/[^/]+\+json$/.test(media);

function mediaMatches(documented: string, media: string): boolean {
  const d = documented.toLowerCase();
  if (d === '*/*' || d === media) return true;
  return d.endsWith('/*') && media.startsWith(d.slice(0, -1));
}

/** A ContractIssue's field (`data.ignoreDuration`, `entities[0].uuid`, `body`) as a JSON pointer below `base`. */
function pointerOf(base: string, field: string): string {
  if (field === 'body') return base;
  const segments = field.match(/[^.[\]]+/g) ?? [];
  return `${base}/${segments.map(escapePointer).join('/')}`;
}

function valueAt(value: unknown, field: string): unknown {
  if (field === 'body') return value;
  return (field.match(/[^.[\]]+/g) ?? []).reduce<unknown>((node, s) => (node as Obj | undefined)?.[s], value);
}

/** What the rule wants, as a phrase after "expected": `<= 604800000`, `string`, `present`, `at most 64 characters`. */
function expectation(issue: ContractIssue): string {
  const sentence = issue.message.replace(/ \(\w+\)$/, '').replace(/^[^:]*: /, '');
  if (sentence === 'is required') return 'present';
  if (sentence === 'is not an allowed field') return 'absent (not an allowed field)';
  return sentence.replace(/^must match /, 'a match of ').replace(/^must (?:be |have )?/, '');
}

/** The credentials a security scheme needs, checked without ever reading out the secret. */
function schemeCheck(scheme: Obj, headers: Record<string, string>, query: URLSearchParams): { ok: boolean; expected: string; found: string; pointer: string } {
  if (scheme.type === 'http') {
    const want = String(scheme.scheme ?? '').toLowerCase();
    const value = headers.authorization;
    const pointer = '/request/headers/authorization';
    const label = want === 'bearer' ? 'Bearer' : want === 'basic' ? 'Basic' : want;
    const expected = `Authorization: ${label} <credentials>`;
    if (value === undefined) return { ok: false, expected, found: 'no Authorization header', pointer };
    const m = /^\s*(\S+)(?:\s+(\S.*))?$/.exec(value);
    if (!m) return { ok: false, expected, found: 'an empty Authorization header', pointer };
    // Only a scheme word is ever shown: a header with one word is a bare credential, and is not echoed.
    if (!m[2]) return { ok: false, expected, found: 'a value with no scheme (not shown)', pointer };
    if (m[1]!.toLowerCase() !== want) return { ok: false, expected, found: /^[A-Za-z][\w-]{0,19}$/.test(m[1]!) ? `the scheme ${m[1]}` : 'another scheme', pointer };
    if (tokenOf(value) === undefined && !value.includes('[REDACTED]')) return { ok: false, expected, found: `${label} with no credentials`, pointer };
    return { ok: true, expected, found: '', pointer };
  }
  if (scheme.type === 'apiKey') {
    const name = String(scheme.name ?? '');
    const where = String(scheme.in ?? 'header');
    const present =
      where === 'header' ? headers[name.toLowerCase()] !== undefined : where === 'query' ? query.has(name) : (headers.cookie ?? '').split(';').some((c) => c.trim().startsWith(`${name}=`));
    return { ok: present, expected: `the API key ${name} in the ${where}`, found: 'absent', pointer: `/request/${where === 'query' ? 'url' : 'headers'}/${name.toLowerCase()}` };
  }
  // oauth2 / openIdConnect / mutualTLS: a Bearer token (oauth2, openIdConnect) or nothing checkable in a recording.
  if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') return schemeCheck({ type: 'http', scheme: 'bearer' }, headers, query);
  return { ok: true, expected: '', found: '', pointer: '' };
}

/** What the checker needs of one operation, beyond the operation model. */
interface OperationRules {
  security: Obj[][];
  requestContent?: { required: boolean; media: { type: string; pointer: string | undefined }[] } | undefined;
  /** Per documented status key (`200`, `4XX`, `default`): media types and their schema pointers. */
  responses: Map<string, { type: string; pointer: string | undefined }[]>;
}

/**
 * The rules of every operation. They come from the operation model (operations, their pointers, security
 * requirements, request body and responses); only what it does not keep (every media type of a body or an
 * answer, the security schemes) is read at those pointers.
 */
function compileRules(validator: ContractValidator): Map<string, OperationRules> {
  const document = validator.document;
  const at = (pointer: string): unknown => atPointer(document, pointer);
  const schemes = ((document.components as Obj | undefined)?.securitySchemes ?? {}) as Record<string, unknown>;
  /** Every documented media type of a `content` map below `base`, with its schema's pointer. */
  const mediaOf = (content: unknown, base: string): { type: string; pointer: string | undefined }[] =>
    Object.entries((content ?? {}) as Record<string, Obj>).map(([type, media]) => ({
      type,
      pointer: media?.schema !== undefined ? `${base}/content/${escapePointer(type)}/schema` : undefined,
    }));
  const rules = new Map<string, OperationRules>();
  for (const op of validator.model.operations) {
    const security = op.securityRequirements.map((names) => names.map((name) => (followRef(document, schemes[name]).node ?? {}) as Obj));
    let requestContent: OperationRules['requestContent'];
    if (op.requestBody) {
      const { pointer, required } = op.requestBody;
      requestContent = { required, media: mediaOf((at(pointer) as Obj).content, pointer) };
    }
    const responses = new Map(op.responses.map((r) => [r.status, mediaOf((at(r.pointer) as Obj).content, r.pointer)] as const));
    rules.set(op.operationId, { security, requestContent, responses });
  }
  return rules;
}

/** Builds the checker. Compile once and reuse it. */
export function createExchangeChecker(options: CheckerOptions = {}): ExchangeChecker {
  const validator = options.validator ?? createContractValidator();
  const document = validator.document;
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const at = (pointer: string): unknown => atPointer(document, pointer);
  const rules = compileRules(validator);

  const rulesOf = (operationId: string): OperationRules => {
    const found = rules.get(operationId);
    if (!found) throw new Error(`unknown operationId "${operationId}"; known: ${[...rules.keys()].join(', ')}`);
    return found;
  };

  const statusKey = (r: OperationRules, status: number): string | undefined => {
    const exact = String(status);
    if (r.responses.has(exact)) return exact;
    const range = `${exact[0]}XX`;
    for (const key of r.responses.keys()) if (key.toUpperCase() === range) return key;
    return r.responses.has('default') ? 'default' : undefined;
  };

  // Every documented body schema (any JSON media type, an exact status, `4XX` or `default`) is checked by its
  // pointer, with the validator's explanations (a failed oneOf narrowed to the branch meant).
  const bodyFindings = (kind: 'request' | 'response', pointer: string, value: unknown): Finding[] => {
    const issues = validator.validateAt(pointer, value);
    return issues.map((issue) => ({
      class: kind === 'request' ? 'request-body' : 'response-body',
      keyword: issue.rule,
      pointer: pointerOf(`/${kind}/body`, issue.field),
      expected: expectation(issue),
      found: issue.rule === 'required' ? 'absent' : show(valueAt(value, issue.field)),
    }));
  };

  /** Parses a body for its media type; a finding when it is not what the media type says. */
  const parseBody = (kind: 'request' | 'response', media: string, body: unknown): { value?: unknown; finding?: Finding } => {
    if (typeof body !== 'string') return { value: body };
    if (!isJsonMedia(media)) return { value: body };
    const cls: ViolationClass = kind === 'request' ? 'request-body' : 'response-body';
    if (body.trim() === '') return { finding: { class: cls, keyword: 'json', pointer: `/${kind}/body`, expected: 'a JSON body', found: 'an empty body' } };
    try {
      return { value: JSON.parse(body) as unknown };
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0]!;
      return { finding: { class: cls, keyword: 'json', pointer: `/${kind}/body`, expected: 'a JSON body', found: `not JSON (${reason.slice(0, 80)})` } };
    }
  };

  /**
   * The stages every answer goes through: a documented status, then a documented media type. Returns the
   * findings that end the check, or the documented media (and its schema pointer) the body is checked against.
   */
  const answerMedia = (operationId: string, answer: AnswerToCheck): { findings: Finding[] } | { type: string; pointer: string | undefined } => {
    const r = rulesOf(operationId);
    const key = statusKey(r, answer.status);
    if (key === undefined) {
      const expected = `one of ${[...r.responses.keys()].join(', ')}`;
      return { findings: [{ class: 'undocumented-status', pointer: '/response/status', expected, found: String(answer.status) }] };
    }
    const media = r.responses.get(key) ?? [];
    const contentType = lowerKeys(answer.headers)['content-type'] ?? answer.mimeType;
    const empty = answer.body === undefined || answer.body === '';
    if (media.length === 0) {
      return { findings: empty ? [] : [{ class: 'response-body', keyword: 'content', pointer: '/response/body', expected: `no body for ${key}`, found: 'a body' }] };
    }
    const type = mediaTypeOf(contentType);
    const documented = media.find((m) => mediaMatches(m.type, type));
    if (!documented) {
      const found = contentType === undefined || contentType === '' ? 'absent' : show(contentType);
      return { findings: [{ class: 'response-content-type', pointer: '/response/headers/content-type', expected: media.map((m) => m.type).join(' or '), found }] };
    }
    return { type, pointer: documented.pointer };
  };

  const checkAnswer = (operationId: string, answer: AnswerToCheck): Finding[] => {
    const media = answerMedia(operationId, answer);
    if ('findings' in media) return media.findings;
    if (answer.body === undefined) return [];
    const parsed = parseBody('response', media.type, answer.body);
    if (parsed.finding) return [parsed.finding];
    return media.pointer ? bodyFindings('response', media.pointer, parsed.value) : [];
  };

  /**
   * An answer a consumer expects (a pact): the status and media type as for a recorded answer; in the body, every
   * field must be one the description names, with a compatible value. Required fields may be absent: the
   * consumer does not read them.
   */
  const checkExpectedAnswer = (operationId: string, answer: AnswerToCheck): Finding[] => {
    const media = answerMedia(operationId, answer);
    if ('findings' in media) return media.findings;
    if (answer.body === undefined || answer.body === '') return [];
    const parsed = parseBody('response', media.type, answer.body);
    if (parsed.finding) return [parsed.finding];
    if (!media.pointer) return [];
    const unknown: Finding[] = unknownFields(document, at(media.pointer), parsed.value).map((field) => ({
      class: 'response-unknown-field',
      pointer: pointerOf('/response/body', field),
      expected: 'a field the description names for this answer',
      found: `${field} = ${show(valueAt(parsed.value, field))}`,
    }));
    const incompatible = bodyFindings('response', media.pointer, parsed.value).filter((f) => f.keyword !== 'required');
    return [...unknown, ...incompatible];
  };

  const parseUrl = (url: string): URL | undefined => {
    try {
      return new URL(url, 'http://relative.invalid');
    } catch {
      return undefined;
    }
  };
  /** The path to match: the URL's path without the base path; undefined when it is not under the base path. */
  const pathOf = (parsed: URL | undefined): string | undefined => {
    if (!parsed) return undefined;
    const pathname = parsed.pathname;
    if (!basePath) return pathname;
    if (pathname === basePath) return '/';
    return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : undefined;
  };
  const operationOf = (method: string, url: string): string | undefined => {
    const path = pathOf(parseUrl(url));
    return path === undefined ? undefined : validator.match(method, path)?.operation.operationId;
  };

  /** Security: one requirement of the list must be met (an empty requirement means none is needed). */
  const securityFindings = (r: OperationRules, headers: Record<string, string>, query: URLSearchParams): Finding[] => {
    if (r.security.length === 0 || r.security.some((req) => req.length === 0)) return [];
    const attempts = r.security.map((req) => req.map((s) => schemeCheck(s, headers, query)));
    if (attempts.some((checks) => checks.every((c) => c.ok))) return [];
    const failed = attempts[0]!.find((c) => !c.ok)!;
    return [{ class: 'missing-token', pointer: failed.pointer, expected: failed.expected, found: failed.found }];
  };

  const parameterFindings = (operationId: string, params: Record<string, string>): Finding[] =>
    validator.validateParameters(operationId, params).map((issue) => ({
      class: 'request-parameter',
      keyword: issue.rule,
      pointer: `/request/path/${escapePointer(issue.field)}`,
      expected: expectation(issue),
      found: show(params[issue.field]),
    }));

  /** The request body: a documented media type, then its schema; a required body that is absent. */
  const requestBodyFindings = (r: OperationRules, headers: Record<string, string>, body: string | undefined): { findings: Finding[]; unchecked: string[] } => {
    const rc = r.requestContent;
    const hasBody = body !== undefined && body !== '';
    if (rc && hasBody) {
      const contentType = headers['content-type'];
      const type = mediaTypeOf(contentType);
      const documented = rc.media.find((m) => mediaMatches(m.type, type));
      if (!documented) {
        const found = contentType ? show(contentType) : 'absent';
        return { findings: [{ class: 'request-content-type', pointer: '/request/headers/content-type', expected: rc.media.map((m) => m.type).join(' or '), found }], unchecked: [] };
      }
      const parsed = parseBody('request', type, body);
      if (parsed.finding) return { findings: [parsed.finding], unchecked: [] };
      return { findings: documented.pointer ? bodyFindings('request', documented.pointer, parsed.value) : [], unchecked: [] };
    }
    if (rc?.required && body !== undefined) {
      return { findings: [{ class: 'request-body', keyword: 'required', pointer: '/request/body', expected: 'a request body', found: 'absent' }], unchecked: [] };
    }
    // HAR leaves postData out both when nothing was sent and when the tool did not capture it.
    return { findings: [], unchecked: rc?.required ? ['request body'] : [] };
  };

  /** Everything about the request of a matched operation: credentials, path parameters, body. */
  const requestFindings = (operationId: string, params: Record<string, string>, request: RequestToCheck, query: URLSearchParams) => {
    const r = rulesOf(operationId);
    const headers = lowerKeys(request.headers);
    const body = requestBodyFindings(r, headers, request.body);
    return {
      findings: [...securityFindings(r, headers, query), ...parameterFindings(operationId, params), ...body.findings],
      unchecked: body.unchecked,
    };
  };

  /** The answer: recorded (checked whole) or expected by a consumer (a pact: checked as an expectation). */
  const answerStage = (operationId: string, x: Exchange): { findings: Finding[]; unchecked: string[]; documentedStatus?: string | undefined } => {
    if (x.status === 0) return { findings: [], unchecked: ['answer (none recorded)'] };
    const answer = { status: x.status, headers: x.responseHeaders, body: x.responseBody, mimeType: x.responseMimeType };
    const findings = x.expectedAnswer ? checkExpectedAnswer(operationId, answer) : checkAnswer(operationId, answer);
    const unchecked = x.responseBody === undefined && !x.expectedAnswer ? ['response body'] : [];
    const documented = !findings.some((f) => f.class === 'undocumented-status');
    return { findings, unchecked, documentedStatus: documented ? statusKey(rulesOf(operationId), x.status) : undefined };
  };

  /** Findings as violations of exchange `index`: its URL redacted, and the token never shown. */
  const undocumented = (method: string, path: string | undefined, x: Exchange): Finding => ({
    class: 'undocumented-operation',
    pointer: '/request/url',
    expected: basePath ? `a documented path under ${basePath}` : 'a documented path and method',
    found: `${method} ${path ?? redactUrl(x.url, secretsOf(x.requestHeaders.authorization))}`,
  });

  const check = (x: Exchange, index = 0, line?: number): ExchangeResult => {
    const method = x.method.toUpperCase();
    const parsedUrl = parseUrl(x.url);
    const path = pathOf(parsedUrl);
    const found = path === undefined ? undefined : validator.match(method, path);
    if (!found) {
      return {
        operationId: undefined,
        violations: toViolations([undocumented(method, path, x)], { exchange: index, line, method, url: x.url, authorization: x.requestHeaders.authorization }),
        unchecked: [],
      };
    }
    const operationId = found.operation.operationId;
    const query = parsedUrl?.searchParams ?? new URLSearchParams();
    const request = requestFindings(operationId, found.params, { method, url: x.url, headers: x.requestHeaders, body: x.requestBody }, query);
    const answer = answerStage(operationId, x);
    const findings = [...request.findings, ...answer.findings];
    const violations = findings.length === 0 ? [] : toViolations(findings, { exchange: index, line, method: x.method, url: x.url, authorization: x.requestHeaders.authorization, operationId });
    return { operationId, documentedStatus: answer.documentedStatus, violations, unchecked: [...request.unchecked, ...answer.unchecked] };
  };

  const checkRequest = (request: RequestToCheck): { operationId?: string | undefined; findings: Finding[] } => {
    const method = request.method.toUpperCase();
    const parsedUrl = parseUrl(request.url);
    const path = pathOf(parsedUrl);
    const found = path === undefined ? undefined : validator.match(method, path);
    if (!found) {
      const x: Exchange = { method, url: request.url, requestHeaders: lowerKeys(request.headers), status: 0, responseHeaders: {} };
      return { findings: [undocumented(method, path, x)] };
    }
    const operationId = found.operation.operationId;
    return { operationId, findings: requestFindings(operationId, found.params, request, parsedUrl?.searchParams ?? new URLSearchParams()).findings };
  };

  return { validator, check, checkRequest, checkAnswer, checkExpectedAnswer, operationOf };
}

/** `#3 PUT /hx/app/users/u1 (updatePushDisplay): /request/body/nickname: must be at most 100 characters (request-body/maxLength); found "xxx..."` */
/** Where findings were made: the exchange's index (and line), its method and URL, the Authorization header it sent. */
export interface ViolationSite {
  exchange: number;
  line?: number | undefined;
  method: string;
  url: string;
  authorization?: string | undefined;
  operationId?: string | undefined;
}

/**
 * Findings of one exchange as violations: the URL redacted, the message written, and whatever a body held, the
 * token read from the exchange's Authorization header never shown (in `found`, `expected` or the message).
 */
export function toViolations(findings: readonly Finding[], site: ViolationSite): Violation[] {
  const secrets = secretsOf(site.authorization);
  const url = redactUrl(site.url, secrets);
  return findings.map((f): Violation => {
    const v: Violation = { exchange: site.exchange, line: site.line, method: site.method.toUpperCase(), url, operationId: site.operationId, ...f, message: '' };
    v.message = formatViolation(v, secrets);
    v.found = scrub(v.found, secrets);
    v.expected = scrub(v.expected, secrets);
    return v;
  });
}

export function formatViolation(v: Omit<Violation, 'message'>, secrets: string[] = []): string {
  const rule = v.keyword ? `${v.class}/${v.keyword}` : v.class;
  const op = v.operationId ? ` (${v.operationId})` : '';
  return scrub(`#${v.exchange} ${v.method} ${v.url}${op}: ${v.pointer}: expected ${v.expected}, found ${v.found} [${rule}]`, secrets);
}
