// The quick start: builds every artifact, then serves on 127.0.0.1
//   - the docs page (packages/docs/dist) over plain HTTP,
//   - the Prism mock of the description (@agora-chat-push/mock),
//   - the stateful sandbox (@agora-chat-push/mock),
// prints their URLs, and runs until Ctrl-C / SIGTERM, then stops all three.
// Ports: DOCS_PORT (8080), MOCK_PORT (4010), SANDBOX_PORT (4011); HOST (127.0.0.1). `--no-build` skips the build.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { runPnpm } from './pnpm.js';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    process.stderr.write(`start: ${name} must be a port number from 0 to 65535, got "${raw}"\n`);
    process.exit(2);
  }
  return value;
}

const host = process.env.HOST || '127.0.0.1';
const ports = { docs: port('DOCS_PORT', 8080), mock: port('MOCK_PORT', 4010), sandbox: port('SANDBOX_PORT', 4011) };

if (!process.argv.includes('--no-build')) {
  if (runPnpm(['-r', 'build']) !== 0) {
    process.stderr.write('start: the build failed; nothing was started\n');
    process.exit(1);
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.yaml': 'text/yaml; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** A static file server for one folder; never serves outside it. */
export function serveStatic(dir: string, listenPort: number, listenHost: string): Promise<Server> {
  const server = createServer((req, res) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad URL\n');
      return;
    }
    const file = normalize(join(dir, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(listenPort, listenHost, () => resolvePromise(server));
  });
}

const { docsDir: docsFolder, indexHtml } = await import('@agora-chat-push/docs');
const docsDir = docsFolder.replace(/[\\/]$/, ''); // serveStatic compares paths without the trailing slash
if (!existsSync(indexHtml)) {
  process.stderr.write(`start: ${indexHtml} is missing; run the build\n`);
  process.exit(1);
}

const { startMock, startSandbox } = await import('@agora-chat-push/mock');
/** Starts one server; a port in use (or any other failure to listen) stops everything with a clear message. */
const started: { close(): Promise<void> | void }[] = [];
async function start<T extends { close(): Promise<void> | void }>(what: string, variable: string, port: number, run: () => Promise<T>): Promise<T> {
  try {
    const server = await run();
    started.push(server);
    return server;
  } catch (error) {
    const reason = String((error as { code?: string }).code ?? (error as Error).message ?? error);
    process.stderr.write(
      `start: the ${what} could not listen on ${host}:${port} (${reason}); ` +
        `${/EADDRINUSE/.test(reason) || /in use/i.test(reason) ? 'the port is in use: ' : ''}choose another with ${variable}=PORT\n`,
    );
    await Promise.allSettled(started.map((s) => s.close()));
    process.exit(1);
  }
}
const docs = await start('docs server', 'DOCS_PORT', ports.docs, async () => {
  const server = await serveStatic(docsDir, ports.docs, host);
  return { server, close: () => new Promise<void>((r) => server.close(() => r())) };
});
const mock = await start('mock', 'MOCK_PORT', ports.mock, () => startMock({ port: ports.mock, host }));
const sandbox = await start('sandbox', 'SANDBOX_PORT', ports.sandbox, () => startSandbox({ port: ports.sandbox, host }));
const address = docs.server.address();
const docsUrl = `http://${host}:${typeof address === 'object' && address ? address.port : ports.docs}/`;

process.stdout.write(
  [
    '',
    `docs     ${docsUrl}`,
    `mock     ${mock.url}   (Prism: stateless, answers the description's examples)`,
    `sandbox  ${sandbox.url}   (stateful, behaves like the service; any Bearer token)`,
    '',
    `try: curl -s -H 'Authorization: Bearer any' ${sandbox.url}/hx/hxdemo/users/user1/notification/language`,
    'Ctrl-C stops all three.',
    '',
  ].join('\n'),
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([mock.close(), sandbox.close(), docs.close()]);
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
