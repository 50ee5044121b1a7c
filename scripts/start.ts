// The quick start: builds every artifact, then serves on 127.0.0.1
//   - the docs site (packages/docs/dist: the page, openapi.yaml/json, reference.md, llms.txt) as it is
//     published, by a plain static server; DOCS_BASE=/repo/ serves it under a sub-path as GitHub Pages does,
//   - the Prism mock of the description (@agora-chat-push/mock),
//   - the stateful sandbox (@agora-chat-push/mock),
// prints their URLs, and runs until Ctrl-C / SIGTERM, then stops all three.
// Ports: DOCS_PORT (8080), MOCK_PORT (4010), SANDBOX_PORT (4011); HOST (127.0.0.1). `--no-build` skips the build.
import { existsSync } from 'node:fs';
import { runPnpm } from './pnpm.js';
import { serveStatic } from './serve-static.js';

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

const { docsDir: docsFolder, indexHtml } = await import('@agora-chat-push/docs');
const docsDir = docsFolder.replace(/[\\/]$/, '');
const docsBase = process.env.DOCS_BASE ?? '';
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
const docs = await start('docs server', 'DOCS_PORT', ports.docs, () => serveStatic(docsDir, { port: ports.docs, host, prefix: docsBase }));
const mock = await start('mock', 'MOCK_PORT', ports.mock, () => startMock({ port: ports.mock, host }));
const sandbox = await start('sandbox', 'SANDBOX_PORT', ports.sandbox, () => startSandbox({ port: ports.sandbox, host }));
const docsUrl = docs.url;

process.stdout.write(
  [
    '',
    `docs     ${docsUrl}   (also ${docsUrl}openapi.yaml, openapi.json, reference.md, llms.txt)`,
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
