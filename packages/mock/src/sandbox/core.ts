/**
 * The sandbox's core: decides the answer to one request from the request, the state and the clock. No
 * sockets, no node:http: the node:http adapter (`server.ts`) and an msw handler both wrap it.
 *
 * It takes everything it knows about the API from the operation model of `@agora-chat-push/openapi`:
 * - routes and path parameters (`match`), request rules from the schemas (Ajv, compiled at start),
 * - rate limits from each operation's `x-rate-limit` (operations with one `budget` share one limit),
 * - deprecated request fields, and what each operation stores and answers (`operations.ts`),
 * - error codes, exception names and messages from the description's named error examples.
 *
 * A request passes through stages, as Prism's do, in the service's order: route -> authorize -> app key ->
 * limit -> parameters -> body -> perform -> envelope. Each stage is a small function that either answers (an
 * error) or hands the request on, enriched, to the next.
 */
import { createContractValidator, type ContractIssue, type ContractValidator, type OpenApiDocument, type OperationModel } from '@agora-chat-push/openapi';
import { MAX_BODY_BYTES, byteLength, textOf } from './body.js';
import { type JsonObject, type Operation, createOperations, userKey } from './operations.js';
import { createRateLimiter } from './rate-limit.js';
import { DEFAULT_LIMITS, createState, type StateLimits, type StateStats } from './state.js';

/**
 * What an {@link SandboxCoreOptions.authorize} hook answers for a token. A refusal is `401` with `reason` as
 * its `error_description`, and the code `auth_bad_access_token` unless `error` says `unauthorized` (which the
 * service answers to an expired token: Easemob's error table, `docs/document/server-side/error.md`).
 */
export type AuthorizeResult = { ok: true } | { ok: false; reason: string; error?: 'auth_bad_access_token' | 'unauthorized' };

/** Where a token is presented: the App Key and the operation of the request. */
export interface AuthorizeContext {
  appKey: string;
  orgName: string;
  appName: string;
  operationId: string;
}

/** Options of the core (every adapter passes them through). */
export interface SandboxCoreOptions {
  /** App tokens to accept (`Authorization: Bearer <token>`). Empty or absent: any non-empty token. */
  tokens?: string[] | undefined;
  /**
   * Decides whether a Bearer token is accepted, instead of `tokens`. A refusal is answered
   * `401 auth_bad_access_token` (or `401 unauthorized`, see {@link AuthorizeResult}) with `reason` as its
   * `error_description` (never put the token in it).
   */
  authorize?: ((token: string, context: AuthorizeContext) => AuthorizeResult) | undefined;
  /**
   * Calls per period allowed for every rate-limit budget, replacing the documented limits (`x-rate-limit`);
   * `0` turns rate limiting off. Absent: the documented limits.
   */
  rateLimit?: number | undefined;
  /** Users that exist. Absent: every valid user ID exists; others get `400 required_property_not_found`. */
  users?: string[] | undefined;
  /** App Keys (`org_name#app_name`) that exist. Absent: every org/app exists; others get `404 organization_application_not_found`. */
  appKeys?: string[] | undefined;
  /** Request body cap in bytes, {@link MAX_BODY_BYTES} by default. */
  maxBodyBytes?: number | undefined;
  /** Caps of the sandbox's memory (see `StateLimits`); each absent one keeps its default. */
  limits?: Partial<StateLimits> | undefined;
  /** Called once per request with `METHOD /path STATUS Nms` (never headers, never bodies). */
  log?: ((line: string) => void) | undefined;
  /** The clock, in ms since the epoch (timestamps, DND end times, rate-limit windows). Default `Date.now`. */
  now?: (() => number) | undefined;
  /** The base URL answers put in `uri`. Absent: `http://` and the request's Host header. */
  baseUrl?: string | undefined;
  /** The description to serve (tests pass a changed one). Default: the bundled one. */
  document?: OpenApiDocument | undefined;
}

/** One request, as any adapter sees it. Header names are lowercase. */
export interface CoreRequest {
  method: string;
  /** The path and query (`/org/app/users/u1?x=1`), or a whole URL. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body; when it is over the cap an adapter may pass only its start, with the whole size in `bodySize`. */
  body: string | Uint8Array | undefined;
  /** The whole body's size in bytes, when `body` holds only part of it. */
  bodySize?: number | undefined;
}

/** The answer. `body` is the JSON text (empty for a `204`). */
export interface CoreResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The sandbox's core. */
export interface SandboxCore {
  handle(request: CoreRequest): Promise<CoreResponse>;
  /** The same, synchronously (the core never waits for anything). */
  handleSync(request: CoreRequest): CoreResponse;
  /** The answer to a failure outside the core (an adapter's bug): `500` in the service's error shape. */
  internalError(): CoreResponse;
  /** The answer to a request Node could not parse (`400`, or `431` for oversized headers). */
  malformed(status: 400 | 431): CoreResponse;
  /** Forgets all state (users, settings, templates) and rate-limit counters. */
  reset(): void;
  /** How much the sandbox holds now (what the `limits` bound). */
  stats(): StateStats;
  /** The validator the sandbox checks requests with (compiled from the description). */
  readonly validator: ContractValidator;
}

interface ErrorBody {
  error: string;
  exception: string;
  error_description: string;
}

const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** The error examples the sandbox answers with; each must exist in the description. */
const ERROR_EXAMPLES = [
  'ErrorUnauthorized',
  'ErrorExpiredToken',
  'ErrorBadAccessToken',
  'ErrorIllegalArgument',
  'ErrorJsonParse',
  'ErrorUserNotFound',
  'ErrorAppNotFound',
  'ErrorUrlInvalid',
  'ErrorPayloadTooLarge',
  'ErrorUnsupportedMediaType',
  'ErrorReachLimit',
  'ErrorTemplateNotFound',
  'ErrorInternal',
] as const;
type ErrorExample = (typeof ERROR_EXAMPLES)[number];

/** Reads `error`, `exception` and `error_description` of the description's named error examples. */
function errorCatalog(document: OpenApiDocument): Record<ErrorExample, ErrorBody> {
  const examples = (document.components.examples ?? {}) as Record<string, { value?: JsonObject }>;
  const catalog = {} as Record<ErrorExample, ErrorBody>;
  for (const name of ERROR_EXAMPLES) {
    const value = examples[name]?.value;
    if (!value || typeof value.error !== 'string' || typeof value.exception !== 'string') {
      throw new Error(`the description has no error example "${name}" (components.examples); the sandbox needs it`);
    }
    catalog[name] = { error: value.error, exception: value.exception, error_description: String(value.error_description) };
  }
  return catalog;
}

/** The media type of a Content-Type header, lowercase, without parameters. */
const mediaType = (header: string | undefined): string => (header ?? '').split(';')[0]!.trim().toLowerCase();

const header = (headers: CoreRequest['headers'], name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/** `/users/{username}/notification/language` -> `/users`: the literal segments before the first parameter. */
function collectionPath(operation: OperationModel): string {
  const segments = operation.path.split('/').slice(3); // drop '', {org_name}, {app_name}
  const literal: string[] = [];
  for (const segment of segments) {
    if (segment.startsWith('{')) break;
    literal.push(segment);
  }
  return `/${literal.join('/')}`;
}

/** A stable id of an App Key (the envelope's `application`), without storing anything: FNV-1a, UUID-shaped. */
function applicationId(appKey: string, salt: string): string {
  let hex = '';
  for (let round = 0; hex.length < 32; round++) {
    let h = 0x811c9dc5 ^ round;
    for (const ch of `${salt}${appKey}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
    hex += (h >>> 0).toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const describeIssues = (issues: ContractIssue[]): string => issues.map((i) => i.message).join('; ');

/** A host name, an IPv4 address or a bracketed IPv6 address, with an optional port: what a Host header should be. */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::\d{1,5})?$/;

/**
 * The origin answers put in `uri` when no `baseUrl` is set: `http://` and the Host header, or `http://localhost` when
 * the header is absent or not a host (a space, `|`, two headers joined): `uri` is an absolute URL (ERRATA E27).
 */
function originOf(host: string | undefined): string {
  return `http://${host !== undefined && HOST.test(host) ? host : 'localhost'}`;
}

/**
 * The request path with each segment percent-encoded exactly once (`|`, `^`, `[`, a stray `%` are legal in what a
 * client sends but not in a URI), so that the answer's `uri` is a URI whatever the request path held.
 */
function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // A `%` not followed by two hex digits: taken literally, and encoded as `%25`.
      }
      return encodeURIComponent(decoded);
    })
    .join('/');
}

/** Builds the core. Throws if the description lacks something the sandbox needs. */
export function createSandboxCore(options: SandboxCoreOptions = {}): SandboxCore {
  const validator = createContractValidator(options.document);
  const errors = errorCatalog(validator.document);
  const now = options.now ?? Date.now;
  const tokens = new Set(options.tokens ?? []);
  const authorize =
    options.authorize ?? ((token: string): AuthorizeResult => (tokens.size === 0 || tokens.has(token) ? { ok: true } : { ok: false, reason: errors.ErrorBadAccessToken.error_description }));
  // User IDs are case-insensitive (ERRATA E15).
  const users = options.users ? new Set(options.users.map(userKey)) : undefined;
  const appKeys = options.appKeys ? new Set(options.appKeys) : undefined;
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const limits: StateLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const log = options.log;
  const salt = globalThis.crypto.randomUUID();
  const { model } = validator;
  const collection = new Map(model.operations.map((o) => [o.operationId, collectionPath(o)]));
  const operations = createOperations(model);
  const methods = model.methods.join(', ');
  const state = createState(limits, () => globalThis.crypto.randomUUID());
  const limiter = createRateLimiter({ now, override: options.rateLimit, maxWindows: limits.maxWindows });

  /** Headers every answer carries: JSON, and CORS so that a browser app can call the sandbox. */
  const baseHeaders = (text: string): Record<string, string> => ({
    'content-type': JSON_CONTENT_TYPE,
    'content-length': String(byteLength(text)),
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'retry-after, deprecation, warning',
  });

  const answer = (status: number, body: unknown, headers: Record<string, string> = {}): CoreResponse => {
    const text = JSON.stringify(body);
    return { status, headers: { ...baseHeaders(text), ...headers }, body: text };
  };

  const failure = (started: number, status: number, error: ErrorBody, headers?: Record<string, string>): CoreResponse =>
    answer(
      status,
      {
        error: error.error,
        exception: error.exception,
        timestamp: now(),
        duration: Math.max(0, Math.round(now() - started)),
        error_description: error.error_description,
      },
      headers,
    );

  /** A CORS preflight: every method and header the API uses is allowed from any origin. */
  const preflight = (request: CoreRequest): CoreResponse => ({
    status: 204,
    headers: {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': methods,
      'access-control-allow-headers': header(request.headers, 'access-control-request-headers') ?? 'authorization, content-type',
      'access-control-max-age': '600',
      'content-length': '0',
    },
    body: '',
  });

  /** A request as the stages enrich it: each stage answers (an error) or returns what the next one needs. */
  interface Routed {
    request: CoreRequest;
    started: number;
    path: string;
    operation: OperationModel;
    params: Record<string, string>;
    /** Path parameter issues, answered after the rate limit (as the service does). */
    paramIssues: ContractIssue[];
    appKey: string;
  }
  type Stage<In, Out> = (input: In) => Out | CoreResponse;
  const isAnswer = (value: unknown): value is CoreResponse => typeof (value as CoreResponse).status === 'number' && 'body' in (value as object);
  const invalid = (started: number, issues: ContractIssue[]): CoreResponse =>
    failure(started, 400, { ...errors.ErrorIllegalArgument, error_description: `parameters is invalid : ${describeIssues(issues)}` });

  /** route: the operation and path parameters; a path value outside an enumeration names no endpoint (404). */
  const route = (request: CoreRequest, started: number, path: string): Routed | CoreResponse => {
    const found = model.match(request.method, path);
    if (!found) return failure(started, 404, errors.ErrorUrlInvalid);
    const { operation, params } = found;
    const paramIssues = validator.validateParameters(operation.operationId, params);
    if (paramIssues.some((i) => i.rule === 'enum')) return failure(started, 404, errors.ErrorUrlInvalid);
    return { request, started, path, operation, params, paramIssues, appKey: `${params.org_name}#${params.app_name}` };
  };

  /** authorize: a Bearer token the `authorize` hook (or the `tokens` list) accepts (401 otherwise). */
  const authorizeStage: Stage<Routed, Routed> = (r) => {
    const authorization = header(r.request.headers, 'authorization');
    if (authorization === undefined || authorization.trim() === '') return failure(r.started, 401, errors.ErrorUnauthorized);
    const bearer = /^Bearer +(\S+)\s*$/i.exec(authorization);
    if (!bearer) return failure(r.started, 401, errors.ErrorBadAccessToken);
    const verdict = authorize(bearer[1]!, {
      appKey: r.appKey,
      orgName: r.params.org_name!,
      appName: r.params.app_name!,
      operationId: r.operation.operationId,
    });
    if (verdict.ok) return r;
    const refusal = verdict.error === 'unauthorized' ? errors.ErrorExpiredToken : errors.ErrorBadAccessToken;
    return failure(r.started, 401, { ...refusal, error_description: verdict.reason });
  };

  /** app key: an App Key the sandbox knows (404 otherwise), when `appKeys` is set. */
  const appKeyStage: Stage<Routed, Routed> = (r) => {
    if (!appKeys || appKeys.has(r.appKey)) return r;
    const description = `Could not find application for ${r.params.org_name}/${r.params.app_name} from URI: ${r.path.slice(1)}`;
    return failure(r.started, 404, { ...errors.ErrorAppNotFound, error_description: description });
  };

  /** limit: the operation's `x-rate-limit` budget of the App Key (429 with Retry-After past it). */
  const limitStage: Stage<Routed, Routed> = (r) => {
    const retryAfter = limiter.take(r.appKey, r.operation.rateLimit);
    return retryAfter === undefined ? r : failure(r.started, 429, errors.ErrorReachLimit, { 'retry-after': String(retryAfter) });
  };

  /** parameters: the path values against their schemas (400 naming each). */
  const parametersStage: Stage<Routed, Routed> = (r) => (r.paramIssues.length > 0 ? invalid(r.started, r.paramIssues) : r);

  /** body: size (413), media type (415), JSON (400 json_parse) and the schema (400 naming each field). */
  const bodyStage: Stage<Routed, Routed & { body: JsonObject | undefined }> = (r) => {
    if (!r.operation.hasRequestBody) return { ...r, body: undefined };
    const raw = r.request.body ?? '';
    if ((r.request.bodySize ?? byteLength(raw)) > maxBody) return failure(r.started, 413, errors.ErrorPayloadTooLarge, { connection: 'close' });
    if (mediaType(header(r.request.headers, 'content-type')) !== 'application/json') return failure(r.started, 415, errors.ErrorUnsupportedMediaType);
    const text = textOf(raw);
    let parsed: unknown;
    try {
      if (text.trim() === '') throw new Error('No content to map due to end-of-input');
      parsed = JSON.parse(text);
    } catch (error) {
      return failure(r.started, 400, { ...errors.ErrorJsonParse, error_description: (error as Error).message });
    }
    const issues = validator.validateRequestBody(r.operation.operationId, parsed);
    return issues.length > 0 ? invalid(r.started, issues) : { ...r, body: parsed as JsonObject };
  };

  /** perform: the user must exist (when `users` is set), then the operation changes or reads the state. */
  const performStage: Stage<Routed & { body: JsonObject | undefined }, Routed & { body: JsonObject | undefined; result: JsonObject; action?: string | undefined }> = (r) => {
    const username = r.params.username;
    if (username !== undefined && users && !users.has(userKey(username))) return failure(r.started, 400, errors.ErrorUserNotFound);
    const perform: Operation | undefined = operations.get(r.operation.operationId);
    if (!perform) return failure(r.started, 404, errors.ErrorUrlInvalid);
    const result = perform({ state, appKey: r.appKey, params: r.params, body: r.body, now: now() });
    if ('error' in result) return failure(r.started, result.status, { ...errors[result.error], error_description: result.description });
    return { ...r, result: result.ok, action: result.action };
  };

  /**
   * envelope: the service's success envelope around the payload. Request fields the description marks deprecated
   * (ERRATA E23) are taken, and said so: a `Deprecation` header, a `Warning` naming them with the description's
   * advice, and a log line.
   */
  const envelope = (r: Routed & { body: JsonObject | undefined; result: JsonObject; action?: string | undefined }): CoreResponse => {
    const [org, appName] = r.appKey.split('#') as [string, string];
    const base = options.baseUrl ?? originOf(header(r.request.headers, 'host'));
    const deprecated = r.operation.requestBody?.deprecatedFields ?? [];
    const sent = r.body ? deprecated.filter(({ name }) => name in r.body!) : [];
    const headers: Record<string, string> = {};
    if (sent.length > 0) {
      const names = sent.map((f) => f.name).join(', ');
      headers.deprecation = 'true';
      headers.warning = `299 - "deprecated: ${names}; ${sent[0]!.advice}"`;
      if (log) log(`deprecated: ${r.operation.operationId} sent ${names}; ${sent[0]!.advice}`);
    }
    return answer(
      200,
      {
        action: r.action ?? r.request.method.toLowerCase(),
        application: applicationId(r.appKey, salt),
        path: collection.get(r.operation.operationId),
        uri: `${base}${encodePath(r.path)}`,
        ...r.result,
        timestamp: now(),
        duration: Math.max(0, Math.round(now() - r.started)),
        organization: org,
        applicationName: appName,
      },
      headers,
    );
  };

  /** The stages between the route and the body that answer or pass the request on, in order. */
  const checks = [authorizeStage, appKeyStage, limitStage, parametersStage] as const;

  const decide = (request: CoreRequest, started: number, path: string): CoreResponse => {
    if (request.method.toUpperCase() === 'OPTIONS' && header(request.headers, 'access-control-request-method') !== undefined) return preflight(request);
    const routed = route(request, started, path);
    if (isAnswer(routed)) return routed;
    let current: Routed | CoreResponse = routed;
    for (const stage of checks) {
      current = stage(current as Routed);
      if (isAnswer(current)) return current;
    }
    const withBody = bodyStage(current as Routed);
    if (isAnswer(withBody)) return withBody;
    const performed = performStage(withBody);
    return isAnswer(performed) ? performed : envelope(performed);
  };

  const handleSync = (request: CoreRequest): CoreResponse => {
    const started = now();
    let path = '/';
    let response: CoreResponse;
    try {
      const raw = request.url;
      const withoutOrigin = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/' : raw;
      const query = withoutOrigin.search(/[?#]/);
      path = query === -1 ? withoutOrigin : withoutOrigin.slice(0, query);
      response = decide(request, started, path);
    } catch {
      // A bug of the sandbox: answer as the service does rather than crash or hang.
      response = failure(started, 500, errors.ErrorInternal);
    }
    if (log) log(`${request.method} ${path} ${response.status} ${Math.max(0, Math.round(now() - started))}ms`);
    return response;
  };

  return {
    handleSync,
    handle: async (request) => handleSync(request),
    internalError: () => failure(now(), 500, errors.ErrorInternal),
    malformed: (status) => {
      // The service's error shape and its `illegal_argument` code, from the description's example.
      const body = {
        ...errors.ErrorIllegalArgument,
        error_description: status === 431 ? 'Request header fields too large' : 'Bad request: malformed HTTP',
      };
      return failure(now(), status, body, { connection: 'close' });
    },
    reset() {
      state.reset();
      limiter.reset();
    },
    stats: () => ({ ...state.stats(), windows: limiter.size() }),
    validator,
  };
}
