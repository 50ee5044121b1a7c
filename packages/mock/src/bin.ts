#!/usr/bin/env node
/**
 * agora-chat-push-mock: starts Prism (default), the stateful sandbox (--sandbox) or the validating proxy
 * (--proxy URL) on the bundled description, prints `listening on http://HOST:PORT`, and stops cleanly on SIGINT/SIGTERM.
 * Exit codes: 0 after a clean stop or --help, 1 when the server cannot start (or, for the proxy, when a
 * violation was seen), 2 on a usage error.
 */
import { parseArgs } from 'node:util';
// Only the constant: the sandbox itself (Ajv, the description) loads when it is started.
import { MAX_BODY_BYTES } from './sandbox/body.js';
// Only the parser of --app-credentials: agora-token loads when the sandbox starts with them.
import { type AppCredentials, parseAppCredentials } from './app-token.js';

const BODY_CAP_KIB = MAX_BODY_BYTES / 1024;

const USAGE = `Usage:
  agora-chat-push-mock [--port N] [--host H] [--verbose]
      Prism mock: answers with the description's examples and validates requests.
      Select a response with the header "Prefer: code=400" or "Prefer: code=400, example=ErrorIllegalArgument".
  agora-chat-push-mock --sandbox [--port N] [--host H] [--token T]... [--rate-limit N] [--user U]... [--app-key ORG#APP]... [--verbose]
  agora-chat-push-mock --sandbox --app-credentials <appId>:<appCertificate> [...]
      Stateful sandbox: remembers settings and templates per org/app, in memory.
  agora-chat-push-mock --proxy <upstream-url> [--record FILE] [--port N] [--host H]
      Validating reverse proxy: forwards to the upstream unchanged and prints a line per contract violation;
      on SIGINT/SIGTERM prints a summary and exits 1 if anything was violated.

Options:
  --port N          TCP port (default 4010; 0 picks a free port)
  --host H          interface to bind (default 127.0.0.1)
  --sandbox         run the sandbox instead of Prism
  --token T         sandbox: accept only this app token (repeatable; default: any non-empty token)
  --app-credentials <appId>:<appCertificate>
                    sandbox: accept only real app tokens (AccessToken2, chat app privilege, not expired)
                    for this App ID, signed with this certificate; --verbose logs why one is refused
  --rate-limit N    sandbox: N calls per period for every budget instead of the documented limits; 0 = off
  --user U          sandbox: only these users exist (repeatable; default: every valid user ID)
  --app-key ORG#APP sandbox: only these App Keys exist, others get 404 (repeatable; default: any)
  --verbose         Prism: log rejected requests (stderr); sandbox: one line per request (never headers)
  --proxy URL       run the validating proxy in front of URL (http:// or https://)
  --record FILE     proxy: write the traffic to FILE, HAR 1.2 (or NDJSON if FILE ends in .ndjson), tokens redacted
  --help            show this text

Unofficial; not affiliated with Agora. Request bodies over ${BODY_CAP_KIB} KiB get 413 in the sandbox.`;

class UsageError extends Error {}

function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return Number(value);
}

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        sandbox: { type: 'boolean' },
        token: { type: 'string', multiple: true },
        'app-credentials': { type: 'string' },
        'rate-limit': { type: 'string' },
        user: { type: 'string', multiple: true },
        'app-key': { type: 'string', multiple: true },
        verbose: { type: 'boolean' },
        proxy: { type: 'string' },
        record: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs names the flag: "Unknown option '--prot'", "Option '--port <value>' argument missing". It also
    // quotes a stray argument, which could be an App ID and certificate: 32-hex runs are not repeated.
    throw new UsageError((error as Error).message.replace(/[0-9a-f]{32}/gi, '[redacted]'));
  }
  const { values } = parsed;
  const sandboxOnly = ['token', 'app-credentials', 'rate-limit', 'user', 'app-key'] as const;
  if (!values.sandbox) {
    for (const flag of sandboxOnly) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} works only with --sandbox`);
    }
  }
  if (values.host !== undefined && values.host.trim() === '') throw new UsageError('--host must not be empty');
  if (values.record !== undefined && values.proxy === undefined) throw new UsageError('--record works only with --proxy');
  if (values.proxy !== undefined) {
    if (values.sandbox) throw new UsageError('--proxy and --sandbox exclude each other');
    if (!/^https?:\/\/[^/?#\s]+[^?#\s]*$/.test(values.proxy)) throw new UsageError(`--proxy must be an http:// or https:// URL, got "${values.proxy}"`);
    if (values.record !== undefined && values.record.trim() === '') throw new UsageError('--record must name a file');
  }
  for (const token of values.token ?? []) {
    if (token.trim() === '' || /\s/.test(token)) throw new UsageError('--token must be a non-empty token without spaces');
  }
  let appCredentials: AppCredentials | undefined;
  if (values['app-credentials'] !== undefined) {
    if (values.token !== undefined) throw new UsageError('--app-credentials and --token cannot be used together');
    try {
      appCredentials = parseAppCredentials(values['app-credentials']);
    } catch (error) {
      throw new UsageError((error as Error).message); // names the part and the rule, never the certificate
    }
  }
  for (const appKey of values['app-key'] ?? []) {
    if (!/^[^#/\s]+#[^#/\s]+$/.test(appKey)) {
      throw new UsageError(`--app-key must be an App Key, org_name#app_name (e.g. agora-demo#testapp), got "${appKey}"`);
    }
  }
  return {
    help: values.help === true,
    sandbox: values.sandbox === true,
    verbose: values.verbose === true,
    port: integer('--port', values.port, 0, 65535) ?? 4010,
    host: values.host ?? '127.0.0.1',
    tokens: values.token,
    appCredentials,
    rateLimit: integer('--rate-limit', values['rate-limit'], 0, 1_000_000),
    users: values.user,
    proxy: values.proxy,
    record: values.record,
    appKeys: values['app-key'],
  };
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`agora-chat-push-mock: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  // Listen for signals from the start: a stop requested while the server is starting ends it as soon as it is up.
  let server: { url: string; close(): Promise<void>; summary?: () => { violations: number; line: string } } | undefined;
  let stopSignal: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopSignal) return;
    stopSignal = signal;
    if (!server) return; // main() stops it once started
    server.close().then(
      () => {
        const summary = server?.summary?.();
        if (summary) process.stdout.write(`${summary.line}\n`);
        process.stdout.write(`stopped (${signal})\n`);
        process.exit(summary && summary.violations > 0 ? 1 : 0);
      },
      (error: unknown) => {
        process.stderr.write(`agora-chat-push-mock: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    if (options.proxy !== undefined) {
      const { startProxy } = await import('./proxy.js');
      server = await startProxy({
        upstream: options.proxy,
        port: options.port,
        host: options.host,
        log,
        ...(options.record !== undefined ? { record: options.record } : {}),
      });
    } else if (options.sandbox) {
      const { startSandbox } = await import('./sandbox/server.js');
      server = await startSandbox({
        port: options.port,
        host: options.host,
        ...(options.tokens ? { tokens: options.tokens } : {}),
        ...(options.appCredentials ? { appCredentials: options.appCredentials } : {}),
        ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
        ...(options.users ? { users: options.users } : {}),
        ...(options.appKeys ? { appKeys: options.appKeys } : {}),
        ...(options.verbose ? { log } : {}),
      });
    } else {
      const { startMock } = await import('./prism.js');
      server = await startMock({ port: options.port, host: options.host, logLevel: options.verbose ? 'error' : 'silent' });
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException | string;
    const message = typeof e === 'string' ? e : e.code === 'EADDRINUSE' ? `port ${options.port} is already in use` : e.message;
    process.stderr.write(`agora-chat-push-mock: cannot start: ${message}\n`);
    process.exit(1);
  }
  if (stopSignal) {
    const signal = stopSignal;
    stopSignal = undefined;
    stop(signal);
    return;
  }
  const kind = options.proxy !== undefined ? `validating proxy to ${new URL(options.proxy).origin}` : options.sandbox ? 'sandbox' : 'prism mock';
  process.stdout.write(`${kind} (unofficial Agora Chat push settings API)\n`);
  process.stdout.write(`listening on ${server.url}\n`);
}

void main();
