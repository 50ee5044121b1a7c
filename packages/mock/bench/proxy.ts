// Benchmark of the validating proxy (`agora-chat-push-mock --proxy`): the latency it adds. The sandbox bin is
// the upstream; the proxy bin sits in front of it; both are built bins in their own processes. This process
// sends the same requests (a GET and a PUT with a body, alternating) one at a time over a keep-alive
// connection, directly to the sandbox (the baseline) and through the proxy, interleaved so that both see the
// same machine, and reports p50/p99 of each and their ratio. Every answer must be 200.
// Run: npx tsx packages/mock/bench/proxy.ts [--requests N] (after the build). Prints a markdown table.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');
// Not strict: when run from bench/run.ts, that script's own flags are on the command line too.
const { values } = parseArgs({ strict: false, options: { requests: { type: 'string', default: '3000' } } });
const N = Number(values.requests as string);
if (!(N >= 100 && N <= 100_000)) {
  console.error('--requests must be 100-100000');
  process.exit(2);
}

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGTERM')));

function start(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [bin, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

const sandbox = await start(['--sandbox', '--rate-limit', '0']);
const proxy = await start(['--proxy', sandbox]);

const CALLS = [
  { method: 'GET', path: '/hx/hxdemo/users/user1/notification/language', body: undefined },
  { method: 'PUT', path: '/hx/hxdemo/users/user1/notification/user/user1', body: JSON.stringify({ type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 86_400_000 }) },
];
const agents = new Map<string, Agent>();
function once(base: string, call: (typeof CALLS)[number]): Promise<number> {
  const url = new URL(base);
  let agent = agents.get(base);
  if (!agent) agents.set(base, (agent = new Agent({ keepAlive: true, maxSockets: 1 })));
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: call.method,
        path: call.path,
        agent,
        headers: {
          authorization: 'Bearer bench-token',
          ...(call.body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(call.body) } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve((performance.now() - t0) * 1000) : reject(new Error(`${base}: ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(call.body);
  });
}

const direct: number[] = [];
const proxied: number[] = [];
for (let i = 0; i < 300; i++) {
  await once(sandbox, CALLS[i % 2]!);
  await once(proxy, CALLS[i % 2]!);
}
for (let i = 0; i < N; i++) {
  const call = CALLS[i % 2]!;
  // Alternate which goes first, so neither always runs right after the other.
  if (i % 4 < 2) {
    direct.push(await once(sandbox, call));
    proxied.push(await once(proxy, call));
  } else {
    proxied.push(await once(proxy, call));
    direct.push(await once(sandbox, call));
  }
}
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const us = (n: number): string => `${Math.round(n).toLocaleString('en-US')} µs`;
const rows = [
  ['baseline: straight to the sandbox', us(pct(direct, 50)), us(pct(direct, 99)), '1.00x', '1.00x'],
  [
    'through the proxy (forward + check both directions)',
    us(pct(proxied, 50)),
    us(pct(proxied, 99)),
    `${(pct(proxied, 50) / pct(direct, 50)).toFixed(2)}x`,
    `${(pct(proxied, 99) / pct(direct, 99)).toFixed(2)}x`,
  ],
  ['added by the proxy', us(pct(proxied, 50) - pct(direct, 50)), us(pct(proxied, 99) - pct(direct, 99)), '', ''],
];
console.log(
  `\n### the validating proxy (\`agora-chat-push-mock --proxy\`)\n\n${N.toLocaleString('en-US')} requests each way, one at a time over keep-alive, GET and PUT alternating, interleaved; sandbox and proxy are the built bins in their own processes.\n\n| path | p50 | p99 | p50 ratio | p99 ratio |\n|---|---:|---:|---:|---:|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}`,
);
for (const a of agents.values()) a.destroy();
for (const c of children) c.kill('SIGTERM');
