/**
 * The validating reverse proxy (`agora-chat-push-mock --proxy <upstream>`): forwards every request to the
 * upstream unchanged and streams its answer back unchanged, while checking both directions against the
 * description with the same checker as `agora-chat-push-verify` (`@agora-chat-push/openapi/verify`).
 * - One log line per violation as it happens; a summary when it stops.
 * - `record`: the traffic as HAR 1.2 (`.har`) or NDJSON (`.ndjson`, one HAR entry a line, safe to read even
 *   if the proxy is killed), which `agora-chat-push-verify` reads back. Tokens are redacted in the file and in
 *   every line printed.
 * - An upstream that cannot be reached gets a 502 in the description's error shape (504 when it does not
 *   answer in time) and a line saying why; the proxy never hangs on it.
 * What the client could notice: only the latency, and the Host header the upstream receives (the upstream's own).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { Agent as HttpAgent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { createExchangeChecker, HAR_CREATOR, redactUrl, secretsOf, toHarEntry, type ExchangeChecker, type Violation, type ViolationClass } from '@agora-chat-push/openapi/verify';
import { closeServer, listen, urlOf, type RunningServer } from './server.js';

/** Options of {@link startProxy}. */
export interface ProxyOptions {
  /** The server to forward to: `https://a41.chat.agora.io`, a staging copy, or a local server. A path is a prefix. */
  upstream: string;
  /** TCP port; `0` (the default) picks a free one. */
  port?: number;
  /** Interface to bind; `127.0.0.1` by default. */
  host?: string;
  /** Writes the traffic to this file: NDJSON when it ends in `.ndjson` or `.jsonl`, else HAR 1.2. */
  record?: string;
  /** A prefix in front of the description's paths in the URLs the client calls (`/gateway/chat`). */
  basePath?: string;
  /** Called with one line per violation and per upstream failure (never a token). */
  log?: (line: string) => void;
  /** How long the upstream may take to start answering, in ms (default 30,000); then 504. */
  upstreamTimeoutMs?: number;
  /** Bodies up to this many bytes are checked (default 1 MiB); larger ones are forwarded and noted, not checked. */
  maxCheckedBodyBytes?: number;
  /** A checker of your own (e.g. over a description under review). */
  checker?: ExchangeChecker;
}

/** What the proxy saw, for the summary and the exit code. */
export interface ProxySummary {
  exchanges: number;
  violations: number;
  byClass: Partial<Record<ViolationClass, number>>;
  /** Requests the upstream did not answer (502/504 from the proxy). */
  upstreamFailures: number;
  /** The summary as one line. */
  line: string;
}

export interface RunningProxy extends RunningServer {
  summary(): ProxySummary;
  /** Stops the proxy, finishes the record file, and resolves with the summary. Idempotent. */
  close(): Promise<void>;
}

// Hop-by-hop headers (RFC 9110 7.6.1) belong to one connection; Node writes its own for each side.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
const DEFAULT_MAX_CHECKED = 1024 * 1024;

/** Pairs of raw headers without hop-by-hop ones (and without those the Connection header names). */
function endToEnd(raw: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  const named = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'connection') for (const n of raw[i + 1]!.split(',')) named.add(n.trim().toLowerCase());
  }
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named.has(lower)) continue;
    pairs.push([name, raw[i + 1]!]);
  }
  return pairs;
}

const headerRecord = (pairs: [string, string][]): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    out[lower] = out[lower] === undefined ? value : `${out[lower]}, ${value}`;
  }
  return out;
};

/** Collects a body up to a cap while it streams through. */
function capture(max: number): { add(chunk: Buffer): void; text(): string | undefined; over: boolean } {
  const chunks: Buffer[] = [];
  let size = 0;
  const state = {
    over: false,
    add(chunk: Buffer) {
      if (state.over) return;
      size += chunk.length;
      if (size > max) {
        state.over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    },
    text: () => (state.over ? undefined : Buffer.concat(chunks).toString('utf8')),
  };
  return state;
}

/** A writer of the record file, HAR or NDJSON, one entry at a time. */
function recorder(file: string): { write(entry: object): void; close(): Promise<void> } {
  const ndjson = /\.(ndjson|jsonl)$/i.test(file);
  const out: WriteStream = createWriteStream(file, { flags: 'w' });
  let failed: Error | undefined;
  out.on('error', (error) => (failed = error));
  let count = 0;
  if (!ndjson) out.write(`{"log":{"version":"1.2","creator":${JSON.stringify(HAR_CREATOR)},"entries":[\n`);
  return {
    write(entry) {
      const text = JSON.stringify(entry);
      out.write(ndjson ? `${text}\n` : `${count ? ',\n' : ''}${text}`);
      count++;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (failed) return reject(failed);
        out.end(ndjson ? '' : '\n]}}\n', () => (failed ? reject(failed) : resolve()));
      }),
  };
}

/** Starts the proxy. Resolves once it accepts connections. */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  let upstream: URL;
  try {
    upstream = new URL(options.upstream);
  } catch {
    throw new Error(`upstream: "${options.upstream}" is not a URL (expected http://host:port or https://host)`);
  }
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:') {
    throw new Error(`upstream: "${options.upstream}" must be an http:// or https:// URL`);
  }
  if (upstream.search || upstream.hash) throw new Error('upstream: the URL must not have a query or a fragment');
  const upstreamPrefix = upstream.pathname.replace(/\/+$/, '');
  const secure = upstream.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;
  const checker = options.checker ?? createExchangeChecker(options.basePath !== undefined ? { basePath: options.basePath } : {});
  const maxChecked = options.maxCheckedBodyBytes ?? DEFAULT_MAX_CHECKED;
  const timeout = options.upstreamTimeoutMs ?? 30_000;
  const log = options.log ?? (() => {});
  const record = options.record ? recorder(options.record) : undefined;
  const summary = { exchanges: 0, violations: 0, byClass: {} as Partial<Record<ViolationClass, number>>, upstreamFailures: 0 };

  /** The 502/504 answer, in the shape of the description's error answers. */
  const gatewayError = (req: IncomingMessage, res: ServerResponse, started: number, status: 502 | 504, why: string): void => {
    summary.upstreamFailures++;
    const secrets = secretsOf(req.headers.authorization);
    const path = redactUrl(req.url ?? '/', secrets);
    log(`upstream ${status === 502 ? 'unreachable' : 'timed out'}: ${why}; answered ${status} to ${req.method ?? '?'} ${path}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = JSON.stringify({
      error: status === 502 ? 'bad_gateway' : 'gateway_timeout',
      exception: 'ProxyUpstreamException',
      timestamp: Date.now(),
      duration: Math.round(performance.now() - started),
      error_description: `agora-chat-push-mock proxy: the upstream ${upstream.origin} ${status === 502 ? `cannot be reached (${why})` : `did not answer within ${timeout} ms`}`,
    });
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const finish = (x: {
    started: number;
    startedDateTime: string;
    req: IncomingMessage;
    requestHeaders: [string, string][];
    requestBody: ReturnType<typeof capture>;
    hadRequestBody: boolean;
    up: IncomingMessage;
    responseHeaders: [string, string][];
    responseBody: ReturnType<typeof capture>;
  }): void => {
    const index = summary.exchanges++;
    const url = `${upstream.origin}${x.req.url ?? '/'}`;
    const requestBody = x.hadRequestBody ? x.requestBody.text() : undefined;
    const responseBody = x.responseBody.text();
    const result = checker.check(
      {
        method: x.req.method ?? 'GET',
        url: x.req.url ?? '/',
        requestHeaders: headerRecord(x.requestHeaders),
        requestBody,
        status: x.up.statusCode ?? 0,
        responseHeaders: headerRecord(x.responseHeaders),
        responseBody,
      },
      index,
    );
    for (const v of result.violations) report(v);
    if (x.requestBody.over || x.responseBody.over) {
      log(`#${index} ${x.req.method ?? '?'}: a body over ${maxChecked} bytes was forwarded but not checked`);
    }
    record?.write(
      toHarEntry({
        startedDateTime: x.startedDateTime,
        time: Math.round(performance.now() - x.started),
        method: x.req.method ?? 'GET',
        url,
        httpVersion: `HTTP/${x.req.httpVersion}`,
        requestHeaders: x.requestHeaders,
        requestBody,
        status: x.up.statusCode ?? 0,
        statusText: x.up.statusMessage ?? '',
        responseHeaders: x.responseHeaders,
        responseBody,
      }),
    );
  };

  const report = (v: Violation): void => {
    summary.violations++;
    summary.byClass[v.class] = (summary.byClass[v.class] ?? 0) + 1;
    log(`violation ${v.message}`);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const startedDateTime = new Date().toISOString();
    const requestHeaders = endToEnd(req.rawHeaders);
    // The same headers, with the upstream's Host.
    const forwardHeaders = requestHeaders.map(([name, value]): [string, string] => [name, name.toLowerCase() === 'host' ? upstream.host : value]);
    const requestBody = capture(maxChecked);
    let hadRequestBody = false;
    let settled = false;
    const upstreamReq = send(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port || (secure ? 443 : 80),
        method: req.method,
        path: `${upstreamPrefix}${req.url ?? '/'}`,
        headers: forwardHeaders.flat(),
        agent,
        // Keep the header names' case and order as the client sent them.
        setHost: false,
      },
      (up) => {
        settled = true;
        upstreamReq.setTimeout(0);
        const responseHeaders = endToEnd(up.rawHeaders);
        const responseBody = capture(maxChecked);
        // Node would add a Date header the upstream did not send; only hop-by-hop framing is the proxy's own.
        res.sendDate = false;
        res.writeHead(up.statusCode ?? 502, up.statusMessage, responseHeaders.flat());
        up.on('data', (chunk: Buffer) => {
          responseBody.add(chunk);
          if (!res.write(chunk)) {
            up.pause();
            res.once('drain', () => up.resume());
          }
        });
        up.on('end', () => {
          res.end();
          finish({ started, startedDateTime, req, requestHeaders, requestBody, hadRequestBody, up, responseHeaders, responseBody });
        });
        up.on('error', () => res.destroy());
        up.on('aborted', () => res.destroy());
      },
    );
    upstreamReq.setTimeout(timeout, () => {
      if (settled) return;
      settled = true;
      upstreamReq.destroy();
      gatewayError(req, res, started, 504, `no answer within ${timeout} ms`);
    });
    upstreamReq.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) {
        res.destroy();
        return;
      }
      settled = true;
      gatewayError(req, res, started, 502, `${upstream.origin}: ${error.code ?? error.message}`);
    });
    req.on('data', (chunk: Buffer) => {
      hadRequestBody = true;
      requestBody.add(chunk);
      if (!upstreamReq.write(chunk)) {
        req.pause();
        upstreamReq.once('drain', () => req.resume());
      }
    });
    req.on('end', () => upstreamReq.end());
    // The client went away before the answer: stop the upstream call too.
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
  };

  const server = createServer({ keepAliveTimeout: 5_000, requestTimeout: 0 }, handle);
  server.on('clientError', (_error: Error, socket: Socket) => socket.destroy());
  const port = await listen(server, options.port, options.host ?? '127.0.0.1');
  const summarize = (): ProxySummary => ({
    ...summary,
    byClass: { ...summary.byClass },
    line:
      `proxy: ${summary.exchanges} exchange${summary.exchanges === 1 ? '' : 's'}, ${summary.violations} violation${summary.violations === 1 ? '' : 's'}` +
      (summary.violations
        ? ` (${Object.entries(summary.byClass)
            .map(([c, n]) => `${c} ${n}`)
            .join(', ')})`
        : '') +
      (summary.upstreamFailures ? `, ${summary.upstreamFailures} upstream failure${summary.upstreamFailures === 1 ? '' : 's'}` : '') +
      (options.record ? `; recorded in ${options.record}` : ''),
  });
  let closing: Promise<void> | undefined;
  return {
    url: urlOf(options.host ?? '127.0.0.1', port),
    port,
    summary: summarize,
    close: () =>
      (closing ??= (async () => {
        await closeServer(server);
        agent.destroy();
        await record?.close();
      })()),
  };
}
