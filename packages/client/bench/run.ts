// Per-call cost of the domain client, raw openapi-fetch and bare fetch against a local node:http server in the
// same process, printed as a markdown table with the ratio of each median to bare fetch's; then the client's
// size (minified + gzip, openapi-fetch included, as a browser bundle pulls it in); then a runBulk job of
// 10,000 calls against the sandbox at the documented limit (bench/bulk.ts: achieved rate against the limit, heap).
// Not a test: nothing here asserts a time. Run: `npx tsx packages/client/bench/run.ts` (or `pnpm bench` at the root).
// Env: BENCH_ITERATIONS (default 3000 per variant), BENCH_WARMUP (default 300), BENCH_BULK_CALLS (default 10000).
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import createClient from 'openapi-fetch';
import { build } from 'esbuild';
import { createChatPushClient, type paths } from '../src/index.js';
import { benchBulk } from './bulk.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 3000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);
const TOKEN = 'bench-token';
const ENVELOPE = JSON.stringify({
  path: '/users',
  uri: 'http://127.0.0.1/bench/app/users/user1/notification/language',
  timestamp: 1648089630244,
  organization: 'bench',
  application: '17fe201b-ad9b-4a3a-83df-1ed1ebd7b227',
  action: 'get',
  data: { language: 'EU' },
  duration: 0,
  applicationName: 'app',
});

const server = createServer((request, response) => {
  request.resume();
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ENVELOPE) });
  response.end(ENVELOPE);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const url = `${baseUrl}/bench/app/users/user1/notification/language`;

const raw = createClient<paths>({ baseUrl });
const rawParams = { params: { path: { org_name: 'bench', app_name: 'app', username: 'user1' } }, headers: { authorization: `Bearer ${TOKEN}` } };
const unlimited = createChatPushClient({ baseUrl, orgName: 'bench', appName: 'app', token: TOKEN, rateLimit: false });
// With the limiter on, every 90 calls go to a new App Key, so each call takes the limiter's fast path (a free
// slot) instead of waiting for the 100/s budget: this measures what the limiter costs, not how it throttles.
let limited = createChatPushClient({ baseUrl, orgName: 'bench0', appName: 'app', token: TOKEN });

const noTimeout = createChatPushClient({ baseUrl, orgName: 'bench', appName: 'app', token: TOKEN, rateLimit: false, timeout: 0 });

const variants: [name: string, call: (i: number) => Promise<unknown>][] = [
  ['bare fetch', async () => (await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).json()],
  [
    'bare fetch + a 10 s timeout signal (reference)',
    async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 10_000);
      try {
        return await (await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` }, signal: controller.signal })).json();
      } finally {
        clearTimeout(timer);
      }
    },
  ],
  ['openapi-fetch (raw)', async () => (await raw.GET('/{org_name}/{app_name}/users/{username}/notification/language', rawParams)).data],
  ['domain client, rateLimit: false', () => unlimited.getPreferredNotificationLanguage('user1')],
  ['domain client, rateLimit: false, timeout: 0', () => noTimeout.getPreferredNotificationLanguage('user1')],
  [
    'domain client, limiter on',
    (i) => {
      if (i % 90 === 0) limited = createChatPushClient({ baseUrl, orgName: `bench${i}`, appName: 'app', token: TOKEN });
      return limited.getPreferredNotificationLanguage('user1');
    },
  ],
];

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// Interleaved: each round runs every variant once, so a noisy moment of the machine hits all of them alike.
const samples = variants.map(() => [] as number[]);
for (let i = 0; i < WARMUP + ITERATIONS; i++) {
  for (const [v, [, call]] of variants.entries()) {
    const t0 = performance.now();
    await call(i);
    const dt = performance.now() - t0;
    if (i >= WARMUP) samples[v]!.push(dt);
  }
}
server.close();
server.closeAllConnections();

const base = median(samples[0]!);
const lines = [
  `Per call, loopback, ${ITERATIONS} calls per variant after ${WARMUP} warm-up rounds (Node ${process.version}):`,
  '',
  '| variant | median (µs) | p90 (µs) | ratio to bare fetch |',
  '|---|---:|---:|---:|',
];
for (const [v, [name]] of variants.entries()) {
  const sorted = [...samples[v]!].sort((a, b) => a - b);
  const m = median(sorted);
  const p90 = sorted[Math.floor(sorted.length * 0.9)]!;
  lines.push(`| ${name} | ${(m * 1000).toFixed(0)} | ${(p90 * 1000).toFixed(0)} | ${(m / base).toFixed(2)}x |`);
}

// Size: what a browser bundle pulls in for the domain client (openapi-fetch included), minified, then gzip.
const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const sizes: string[] = [];
for (const [name, contents] of [
  ['createChatPushClient + ChatPushError', `export { createChatPushClient, ChatPushError } from ${JSON.stringify(entry)}`],
  ['openapi-fetch alone', `export { default } from 'openapi-fetch'`],
] as const) {
  const out = await build({
    stdin: { contents, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
  });
  const code = out.outputFiles[0]!.contents;
  sizes.push(`| ${name} | ${(code.length / 1000).toFixed(2)} kB | ${(gzipSync(code, { level: 9 }).length / 1000).toFixed(2)} kB |`);
}
lines.push('', '| bundle (esbuild, browser) | minified | min+gzip |', '|---|---:|---:|', ...sizes);
console.log(lines.join('\n'));

// The bulk job last: it runs about 100 s at the documented limit.
console.log(`\n${await benchBulk()}`);
