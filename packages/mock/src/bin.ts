#!/usr/bin/env node
/**
 * agora-chat-push-mock: starts Prism (default) or the stateful sandbox (--sandbox) on the bundled
 * description, prints `listening on http://HOST:PORT`, and stops cleanly on SIGINT/SIGTERM.
 * Exit codes: 0 after a clean stop or --help, 1 when the server cannot start, 2 on a usage error.
 */
import { parseArgs } from 'node:util';
// Only the constant: the sandbox itself (Ajv, the description) loads when it is started.
import { MAX_BODY_BYTES } from './sandbox/body.js';

const BODY_CAP_KIB = MAX_BODY_BYTES / 1024;

const USAGE = `Usage:
  agora-chat-push-mock [--port N] [--host H] [--verbose]
      Prism mock: answers with the description's examples and validates requests.
      Select a response with the header "Prefer: code=400" or "Prefer: code=400, example=ErrorIllegalArgument".
  agora-chat-push-mock --sandbox [--port N] [--host H] [--token T]... [--rate-limit N] [--user U]... [--app-key ORG#APP]... [--verbose]
      Stateful sandbox: remembers settings and templates per org/app, in memory.

Options:
  --port N          TCP port (default 4010; 0 picks a free port)
  --host H          interface to bind (default 127.0.0.1)
  --sandbox         run the sandbox instead of Prism
  --token T         sandbox: accept only this app token (repeatable; default: any non-empty token)
  --rate-limit N    sandbox: N calls per period for every budget instead of the documented limits; 0 = off
  --user U          sandbox: only these users exist (repeatable; default: every valid user ID)
  --app-key ORG#APP sandbox: only these App Keys exist, others get 404 (repeatable; default: any)
  --verbose         Prism: log rejected requests (stderr); sandbox: one line per request (never headers)
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
        'rate-limit': { type: 'string' },
        user: { type: 'string', multiple: true },
        'app-key': { type: 'string', multiple: true },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs names the flag: "Unknown option '--prot'", "Option '--port <value>' argument missing".
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  const sandboxOnly = ['token', 'rate-limit', 'user', 'app-key'] as const;
  if (!values.sandbox) {
    for (const flag of sandboxOnly) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} works only with --sandbox`);
    }
  }
  if (values.host !== undefined && values.host.trim() === '') throw new UsageError('--host must not be empty');
  for (const token of values.token ?? []) {
    if (token.trim() === '' || /\s/.test(token)) throw new UsageError('--token must be a non-empty token without spaces');
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
    rateLimit: integer('--rate-limit', values['rate-limit'], 0, 1_000_000),
    users: values.user,
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
  let server: { url: string; close(): Promise<void> } | undefined;
  let stopSignal: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopSignal) return;
    stopSignal = signal;
    if (!server) return; // main() stops it once started
    server.close().then(
      () => {
        process.stdout.write(`stopped (${signal})\n`);
        process.exit(0);
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
    if (options.sandbox) {
      const { startSandbox } = await import('./sandbox/server.js');
      server = await startSandbox({
        port: options.port,
        host: options.host,
        ...(options.tokens ? { tokens: options.tokens } : {}),
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
  process.stdout.write(`${options.sandbox ? 'sandbox' : 'prism mock'} (unofficial Agora Chat push settings API)\n`);
  process.stdout.write(`listening on ${server.url}\n`);
}

void main();
