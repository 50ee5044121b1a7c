// Benchmark of the two servers of @agora-chat-push/mock, in one run, on 127.0.0.1 only:
//   - time from start to first answer: the built bin (`agora-chat-push-mock`, `--sandbox`) spawned as a new
//     process, polled until it answers a request (what a partner's CI sees);
//   - throughput (requests/s) and p50/p99 latency under bounded load: autocannon (its Node API) in this
//     process against each server in its own process (Prism with its log off, the sandbox with
//     `--rate-limit 0`), 10 connections, a fixed mix of reads and writes, a warm-up, then a timed run.
// Prints a markdown table, the ratios and the goals (sandbox >= 5x Prism's throughput, p99 < 10 ms, first
// answer < 0.5 s). Compiles the package first (tsc) so the bin is current.
// Usage: npx tsx packages/mock/bench/run.ts [--duration SECONDS] [--connections N] [--check]
//   --check exits 1 when a goal is missed.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const mockDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(mockDir, '..', '..');
const bin = join(mockDir, 'dist', 'bin.js');
const TOKEN = 'bench-token';

/** The part of autocannon's Node API used here (it ships no types). */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  pipelining?: number;
  requests: { method: string; path: string; headers?: Record<string, string>; body?: string }[];
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: AutocannonOptions, callback: (error: Error | null, result: AutocannonResult) => void) => unknown;
const load = (options: AutocannonOptions): Promise<AutocannonResult> => new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    check: { type: 'boolean', default: false },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
if (!(duration > 0 && duration <= 60) || !(connections > 0 && connections <= 100)) {
  console.error('--duration must be 1-60 seconds and --connections 1-100');
  process.exit(2);
}

const children: ChildProcess[] = [];
const stopAll = (): void => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
};
process.on('exit', stopAll);

interface Started {
  url: string;
  firstAnswerMs: number;
  child: ChildProcess;
}

/** Spawns the bin and measures the time until it answers a real request with 200. */
async function start(args: string[]): Promise<Started> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const deadline = t0 + 30_000;
  let url: string | undefined;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')}: exited with ${child.exitCode}`);
    url ??= /listening on (http:\/\/\S+)/.exec(out)?.[1];
    if (url) {
      try {
        const res = await fetch(`${url}/hx/hxdemo/users/user1/notification/language`, { headers: { authorization: `Bearer ${TOKEN}` } });
        await res.arrayBuffer();
        if (res.status === 200) return { url, firstAnswerMs: performance.now() - t0, child };
      } catch {
        // not accepting yet
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`${args.join(' ')}: no answer within 30 s`);
}

const json = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const auth = { authorization: `Bearer ${TOKEN}` };
/** One read and one write per kind of state: what an integration test suite sends. */
const MIX: AutocannonOptions['requests'] = [
  { method: 'GET', path: '/hx/hxdemo/users/user1/notification/language', headers: auth },
  { method: 'PUT', path: '/hx/hxdemo/users/user1/notification/user/user1', headers: json, body: JSON.stringify({ type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 86_400_000 }) },
  { method: 'GET', path: '/hx/hxdemo/users/user1/notification/chatgroup/12312312321', headers: auth },
  { method: 'PUT', path: '/hx/hxdemo/users/user1', headers: json, body: JSON.stringify({ nickname: 'testuser' }) },
];

interface Row {
  name: string;
  firstAnswerMs: number;
  result: AutocannonResult;
}

async function measure(name: string, args: string[]): Promise<Row> {
  const server = await start(args);
  await load({ url: server.url, connections, duration: 1, requests: MIX }); // warm-up (JIT, caches)
  const result = await load({ url: server.url, connections, duration, requests: MIX });
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts: the figures would not be comparable`);
  }
  return { name, firstAnswerMs: server.firstAnswerMs, result };
}

execFileSync(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', join(mockDir, 'tsconfig.json')], { stdio: 'inherit' });

// One after the other, so the two servers never compete for the 2 cores.
const prism = await measure('Prism (`agora-chat-push-mock`)', []);
const sandbox = await measure('sandbox (`--sandbox --rate-limit 0`)', ['--sandbox', '--rate-limit', '0']);

const ms = (n: number): string => `${n.toFixed(0)} ms`;
/** autocannon reports latency in whole milliseconds: 0 means under 1 ms. */
const latency = (n: number): string => (n === 0 ? '< 1 ms' : `${n} ms`);
const lines = [
  `Node ${process.version}, 127.0.0.1, autocannon ${connections} connections, ${duration} s after a 1 s warm-up; mix of 2 GET + 2 PUT; latency in whole ms (autocannon).`,
  '',
  '| server | start to first answer | requests/s | p50 | p99 | answers (all 2xx) |',
  '|---|---:|---:|---:|---:|---:|',
  ...[prism, sandbox].map(
    (r) =>
      `| ${r.name} | ${ms(r.firstAnswerMs)} | ${Math.round(r.result.requests.average).toLocaleString('en-US')} | ${latency(r.result.latency.p50)} | ${latency(r.result.latency.p99)} | ${r.result['2xx'].toLocaleString('en-US')} |`,
  ),
  '',
];
const throughputRatio = sandbox.result.requests.average / prism.result.requests.average;
const startRatio = prism.firstAnswerMs / sandbox.firstAnswerMs;
const p99Ratio = prism.result.latency.p99 / Math.max(sandbox.result.latency.p99, 0.001);
lines.push(`Ratios (sandbox vs Prism): throughput ${throughputRatio.toFixed(1)}x, p99 ${p99Ratio.toFixed(1)}x lower, first answer ${startRatio.toFixed(1)}x sooner.`, '');
const goals = [
  [`sandbox throughput >= 5x Prism's`, throughputRatio >= 5, `${throughputRatio.toFixed(1)}x`],
  ['sandbox p99 < 10 ms', sandbox.result.latency.p99 < 10, latency(sandbox.result.latency.p99)],
  ['sandbox first answer < 0.5 s', sandbox.firstAnswerMs < 500, ms(sandbox.firstAnswerMs)],
] as const;
lines.push('| goal | measured | met |', '|---|---:|:---:|', ...goals.map(([goal, met, value]) => `| ${goal} | ${value} | ${met ? 'yes' : '**no**'} |`));
console.log(lines.join('\n'));
stopAll();
if (values.check && goals.some(([, met]) => !met)) process.exit(1);
await import('./proxy.js');
