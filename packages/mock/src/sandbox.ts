/**
 * The sandbox: a small in-memory stand-in for the Agora Chat push-settings service, for tests that need
 * state (set, then get; create, get, delete a template). It is plain `node:http` and takes everything it
 * knows about the API from the bundled description of `@agora-chat-push/openapi`:
 * - routes and path parameters from `paths` (`match`), request rules from the schemas (Ajv, compiled at start),
 * - rate limits from each operation's `x-rate-limit` (operations with one `budget` share one limit),
 * - error codes, exception names and messages from the description's named error examples.
 * Only the behaviour the description states in prose (what is stored, `ignoreDuration` as an end time) is
 * written here by hand.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import {
  createContractValidator,
  type ContractIssue,
  type ContractValidator,
  type OperationInfo,
  type RateLimit,
} from '@agora-chat-push/openapi';
import { urlOf, type RunningServer } from './server.js';

/** The largest request body the sandbox reads, in bytes (64 KiB); a larger one is answered `413`. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Options of {@link startSandbox} and {@link createSandbox}. */
export interface SandboxOptions {
  /** TCP port; `0` (the default) picks a free one. */
  port?: number;
  /** Interface to bind; `127.0.0.1` by default. */
  host?: string;
  /** App tokens to accept (`Authorization: Bearer <token>`). Empty or absent: any non-empty token. */
  tokens?: string[];
  /**
   * Calls per period allowed for every rate-limit budget, replacing the documented limits (`x-rate-limit`);
   * `0` turns rate limiting off. Absent: the documented limits.
   */
  rateLimit?: number;
  /** Users that exist. Absent: every valid user ID exists; others get `400 required_property_not_found`. */
  users?: string[];
  /** App Keys (`org_name#app_name`) that exist. Absent: every org/app exists; others get `404 organization_application_not_found`. */
  appKeys?: string[];
  /** Request body cap in bytes, {@link MAX_BODY_BYTES} by default. */
  maxBodyBytes?: number;
  /** Called once per request with `METHOD /path STATUS Nms` (never headers, never bodies). */
  log?: (line: string) => void;
}

/** A running sandbox. */
export interface RunningSandbox extends RunningServer {
  /** Forgets all state (users, settings, templates) and rate-limit counters. */
  reset(): void;
}

/** The sandbox as a request handler, to mount in a server of your own. */
export interface Sandbox {
  handle(req: IncomingMessage, res: ServerResponse): void;
  reset(): void;
  /** The validator the sandbox checks requests with (compiled from the bundled description). */
  readonly validator: ContractValidator;
}

type JsonObject = Record<string, unknown>;

interface ErrorBody {
  error: string;
  exception: string;
  error_description: string;
}

interface PushSettingsState {
  type?: string;
  ignoreInterval?: string;
  /** Unix time (ms) when DND ends; 0 = no DND duration. */
  ignoreDuration?: number;
}

interface UserState {
  uuid: string;
  created: number;
  modified: number;
  nickname?: string;
  displayStyle?: number;
  language?: string;
  /** Push settings by `type/key` (the app level is `user/<username>`). */
  settings: Map<string, PushSettingsState>;
}

interface TemplateState {
  name: string;
  createAt: number;
  updateAt: number;
  title_pattern: string;
  content_pattern: string;
}

interface AppState {
  uuid: string;
  users: Map<string, UserState>;
  templates: Map<string, TemplateState>;
}

/** One request on its way through the pipeline. */
interface Call {
  started: number;
  method: string;
  path: string;
  operation: OperationInfo;
  params: Record<string, string>;
  appKey: string;
}

const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** The error examples the sandbox answers with; each must exist in the description. */
const ERROR_EXAMPLES = [
  'ErrorUnauthorized',
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
function errorCatalog(validator: ContractValidator): Record<ErrorExample, ErrorBody> {
  const examples = (validator.document.components.examples ?? {}) as Record<string, { value?: JsonObject }>;
  const catalog = {} as Record<ErrorExample, ErrorBody>;
  for (const name of ERROR_EXAMPLES) {
    const value = examples[name]?.value;
    if (!value || typeof value.error !== 'string' || typeof value.exception !== 'string') {
      throw new Error(`the description has no error example "${name}" (components.examples); the sandbox needs it`);
    }
    catalog[name] = {
      error: value.error,
      exception: value.exception,
      error_description: String(value.error_description),
    };
  }
  return catalog;
}

/** The media type of a Content-Type header, lowercase, without parameters. */
const mediaType = (header: string | undefined): string => (header ?? '').split(';')[0]!.trim().toLowerCase();

/** `/users/{username}/notification/language` -> `/users`: the literal segments before the first parameter. */
function collectionPath(operation: OperationInfo): string {
  const segments = operation.path.split('/').slice(3); // drop '', {org_name}, {app_name}
  const literal: string[] = [];
  for (const segment of segments) {
    if (segment.startsWith('{')) break;
    literal.push(segment);
  }
  return `/${literal.join('/')}`;
}

const describeIssues = (issues: ContractIssue[]): string => issues.map((i) => i.message).join('; ');

/** Builds the sandbox's request handler. Throws if the description lacks something the sandbox needs. */
export function createSandbox(options: SandboxOptions & { baseUrl?: string } = {}): Sandbox {
  const validator = createContractValidator();
  const errors = errorCatalog(validator);
  const tokens = new Set(options.tokens ?? []);
  const users = options.users ? new Set(options.users) : undefined;
  const appKeys = options.appKeys ? new Set(options.appKeys) : undefined;
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const log = options.log;
  const collection = new Map(validator.operations.map((o) => [o.operationId, collectionPath(o)]));
  for (const operation of validator.operations) {
    if (!operation.rateLimit) throw new Error(`operation ${operation.operationId} has no x-rate-limit in the description`);
  }

  let apps = new Map<string, AppState>();
  let windows = new Map<string, { start: number; count: number }>();

  const appOf = (appKey: string): AppState => {
    let app = apps.get(appKey);
    if (!app) {
      app = { uuid: randomUUID(), users: new Map(), templates: new Map() };
      apps.set(appKey, app);
    }
    return app;
  };
  const userOf = (app: AppState, username: string, now: number): UserState => {
    let user = app.users.get(username);
    if (!user) {
      user = { uuid: randomUUID(), created: now, modified: now, settings: new Map() };
      app.users.set(username, user);
    }
    return user;
  };

  /** Counts a call against its budget; the number of seconds to wait when over the limit, else undefined. */
  const overLimit = (appKey: string, rateLimit: RateLimit, now: number): number | undefined => {
    const limit = options.rateLimit ?? rateLimit.limit;
    if (limit === 0) return undefined;
    const period = rateLimit.period === 'minute' ? 60_000 : 1_000;
    const key = `${appKey}\u0000${rateLimit.budget}`;
    let window = windows.get(key);
    if (!window || now - window.start >= period) {
      window = { start: now, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    return window.count > limit ? Math.max(1, Math.ceil((window.start + period - now) / 1000)) : undefined;
  };

  const finish = (
    req: IncomingMessage,
    res: ServerResponse,
    started: number,
    path: string,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': JSON_CONTENT_TYPE,
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : text);
    if (log) log(`${req.method ?? '?'} ${path} ${status} ${Math.round(performance.now() - started)}ms`);
  };

  const fail = (
    req: IncomingMessage,
    res: ServerResponse,
    started: number,
    path: string,
    status: number,
    error: ErrorBody,
    headers?: Record<string, string>,
  ): void => {
    const body = {
      error: error.error,
      exception: error.exception,
      timestamp: Date.now(),
      duration: Math.round(performance.now() - started),
      error_description: error.error_description,
    };
    finish(req, res, started, path, status, body, headers);
  };

  const envelope = (req: IncomingMessage, call: Call, app: AppState, payload: JsonObject): JsonObject => {
    const [org, appName] = call.appKey.split('#') as [string, string];
    const base = options.baseUrl ?? `http://${req.headers.host ?? 'localhost'}`;
    return {
      action: call.method.toLowerCase(),
      application: app.uuid,
      path: collection.get(call.operation.operationId),
      uri: `${base}${call.path}`,
      ...payload,
      timestamp: Date.now(),
      duration: Math.round(performance.now() - call.started),
      organization: org,
      applicationName: appName,
    };
  };

  const userEntity = (username: string, user: UserState): JsonObject => ({
    uuid: user.uuid,
    type: 'user',
    created: user.created,
    modified: user.modified,
    username,
    activated: true,
    ...(user.nickname !== undefined ? { nickname: user.nickname } : {}),
    ...(user.displayStyle !== undefined ? { notification_display_style: user.displayStyle } : {}),
  });

  const settingsData = (s: PushSettingsState | undefined): JsonObject => ({
    ...(s?.type !== undefined ? { type: s.type } : {}),
    ...(s?.ignoreInterval !== undefined ? { ignoreInterval: s.ignoreInterval } : {}),
    ...(s?.ignoreDuration !== undefined ? { ignoreDuration: s.ignoreDuration } : {}),
  });

  const templateData = (t: TemplateState): JsonObject => ({ ...t });

  /** The operation itself, once the request is known to be valid. */
  const perform = (req: IncomingMessage, res: ServerResponse, call: Call, body: JsonObject | undefined): void => {
    const app = appOf(call.appKey);
    const now = Date.now();
    const { params } = call;
    const ok = (payload: JsonObject): void =>
      finish(req, res, call.started, call.path, 200, envelope(req, call, app, payload));
    const username = params.username;
    if (username !== undefined && users && !users.has(username)) {
      fail(req, res, call.started, call.path, 400, errors.ErrorUserNotFound);
      return;
    }
    switch (call.operation.operationId) {
      case 'updatePushDisplay': {
        const user = userOf(app, username!, now);
        if (body && 'nickname' in body) user.nickname = String(body.nickname);
        // The style may come as "0"/"1" (the page's example); the service answers the integer.
        if (body && 'notification_display_style' in body) user.displayStyle = Number(body.notification_display_style);
        user.modified = now;
        ok({ entities: [userEntity(username!, user)] });
        return;
      }
      case 'setPushSettings': {
        const user = userOf(app, username!, now);
        const appLevel = params.type === 'user' && params.key === username;
        const slot = `${params.type}/${params.key}`;
        const settings = user.settings.get(slot) ?? {};
        if (body?.type !== undefined) settings.type = String(body.type);
        // ignoreInterval is valid only at the app level; on a conversation it has no effect.
        if (body?.ignoreInterval !== undefined && appLevel) settings.ignoreInterval = String(body.ignoreInterval);
        if (body?.ignoreDuration !== undefined) {
          const duration = Number(body.ignoreDuration);
          // Answers carry the end time of DND (now + duration); 0 means no DND duration and stays 0.
          settings.ignoreDuration = duration === 0 ? 0 : now + duration;
        }
        user.settings.set(slot, settings);
        ok({ data: settingsData(settings) });
        return;
      }
      case 'getPushSettings': {
        const user = app.users.get(username!);
        ok({ data: settingsData(user?.settings.get(`${params.type}/${params.key}`)) });
        return;
      }
      case 'setPushLanguage': {
        const user = userOf(app, username!, now);
        user.language = String(body?.translationLanguage ?? '');
        ok({ data: { language: user.language } });
        return;
      }
      case 'getPushLanguage': {
        // Never set: the original language (an empty string).
        ok({ data: { language: app.users.get(username!)?.language ?? '' } });
        return;
      }
      case 'createPushTemplate': {
        const name = String(body?.name);
        // There is no update operation: creating an existing name replaces its patterns (updateAt changes).
        const existing = app.templates.get(name);
        const template: TemplateState = {
          name,
          createAt: existing?.createAt ?? now,
          updateAt: now,
          title_pattern: String(body?.title_pattern),
          content_pattern: String(body?.content_pattern),
        };
        app.templates.set(name, template);
        ok({ data: templateData(template) });
        return;
      }
      case 'getPushTemplate':
      case 'deletePushTemplate': {
        const name = params.name!;
        const template = app.templates.get(name);
        if (!template) {
          const notFound = errors.ErrorTemplateNotFound;
          fail(req, res, call.started, call.path, 400, { ...notFound, error_description: `${name} template is not exist` });
          return;
        }
        if (call.operation.operationId === 'deletePushTemplate') app.templates.delete(name);
        ok({ data: templateData(template) });
        return;
      }
      default:
        // An operation added to the description that the sandbox does not implement yet.
        fail(req, res, call.started, call.path, 404, errors.ErrorUrlInvalid);
    }
  };

  /** Reads, parses and validates the JSON body, then performs the call. */
  const withBody = (req: IncomingMessage, res: ServerResponse, call: Call): void => {
    const { started, path } = call;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBody) {
      req.resume();
      fail(req, res, started, path, 413, errors.ErrorPayloadTooLarge, { connection: 'close' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBody) {
        done = true;
        chunks.length = 0;
        fail(req, res, started, path, 413, errors.ErrorPayloadTooLarge, { connection: 'close' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      done = true;
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      if (mediaType(req.headers['content-type']) !== 'application/json') {
        fail(req, res, started, path, 415, errors.ErrorUnsupportedMediaType);
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        if (text.trim() === '') throw new Error('No content to map due to end-of-input');
        body = JSON.parse(text);
      } catch (error) {
        fail(req, res, started, path, 400, { ...errors.ErrorJsonParse, error_description: (error as Error).message });
        return;
      }
      const issues = validator.validateRequestBody(call.operation.operationId, body);
      if (issues.length > 0) {
        const invalid = errors.ErrorIllegalArgument;
        fail(req, res, started, path, 400, { ...invalid, error_description: `parameters is invalid : ${describeIssues(issues)}` });
        return;
      }
      perform(req, res, call, body as JsonObject);
    });
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const raw = req.url ?? '/';
    const query = raw.indexOf('?');
    const path = query === -1 ? raw : raw.slice(0, query);
    try {
      const found = validator.match(req.method ?? 'GET', path);
      if (!found) {
        req.resume();
        fail(req, res, started, path, 404, errors.ErrorUrlInvalid);
        return;
      }
      const { operation, params } = found;
      const paramIssues = validator.validateParameters(operation.operationId, params);
      // A path value outside an enumeration (a chat type other than user/chatgroup) names no endpoint.
      if (paramIssues.some((i) => i.rule === 'enum')) {
        req.resume();
        fail(req, res, started, path, 404, errors.ErrorUrlInvalid);
        return;
      }
      const authorization = req.headers.authorization;
      if (authorization === undefined || authorization.trim() === '') {
        req.resume();
        fail(req, res, started, path, 401, errors.ErrorUnauthorized);
        return;
      }
      const match = /^Bearer +(\S+)\s*$/i.exec(authorization);
      if (!match || (tokens.size > 0 && !tokens.has(match[1]!))) {
        req.resume();
        fail(req, res, started, path, 401, errors.ErrorBadAccessToken);
        return;
      }
      const appKey = `${params.org_name}#${params.app_name}`;
      if (appKeys && !appKeys.has(appKey)) {
        req.resume();
        const notFound = errors.ErrorAppNotFound;
        const description = `Could not find application for ${params.org_name}/${params.app_name} from URI: ${path.slice(1)}`;
        fail(req, res, started, path, 404, { ...notFound, error_description: description });
        return;
      }
      const retryAfter = overLimit(appKey, operation.rateLimit, Date.now());
      if (retryAfter !== undefined) {
        req.resume();
        fail(req, res, started, path, 429, errors.ErrorReachLimit, { 'retry-after': String(retryAfter) });
        return;
      }
      if (paramIssues.length > 0) {
        req.resume();
        const invalid = errors.ErrorIllegalArgument;
        fail(req, res, started, path, 400, { ...invalid, error_description: `parameters is invalid : ${describeIssues(paramIssues)}` });
        return;
      }
      const call: Call = { started, method: req.method ?? 'GET', path, operation, params, appKey };
      if (operation.hasRequestBody) {
        withBody(req, res, call);
      } else {
        req.resume();
        perform(req, res, call, undefined);
      }
    } catch {
      // A bug of the sandbox: answer as the service does rather than crash or hang.
      if (!res.headersSent) fail(req, res, started, path, 500, errors.ErrorInternal);
      else res.destroy();
    }
  };

  return {
    handle,
    reset() {
      apps = new Map();
      windows = new Map();
    },
    validator,
  };
}

/** Starts the sandbox on `host:port`. Resolves once it accepts connections. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer({ keepAliveTimeout: 5_000, requestTimeout: 30_000 });
  // The base URL (for `uri`) is known once the port is; the handler reads it lazily.
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
    const code = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify({
      error: 'illegal_argument',
      exception: 'IllegalArgumentException',
      timestamp: Date.now(),
      duration: 0,
      error_description: code === 431 ? 'Request header fields too large' : 'Bad request: malformed HTTP',
    });
    socket.end(
      `HTTP/1.1 ${code} ${code === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `content-type: ${JSON_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : Number(options.port);
  baseUrl = urlOf(host, port);
  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    reset: sandbox.reset,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })),
  };
}
