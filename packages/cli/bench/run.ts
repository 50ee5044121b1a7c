// A fleet of the agora-chat-push bin on one App Key: K = 1, 2, 4, 8 processes, each running
// `bulk set-silent-mode` over N users of its own, against the sandbox (a child process: the mock's bin with
// --sandbox, enforcing the documented 100 calls/s per App Key), once with `--redis` (one budget shared through
// Redis: scripts/redis.ts starts Debian's redis-server) and once without (the baseline: each process keeps 100/s
// for itself). Prints, as a markdown table: the aggregate rate against the documented limit counting the
// processes' start-up (wall time from the first spawn to the last exit), the 429s the sandbox answered, the rows
// that failed after retries.
// Not a test: nothing asserts a time. Run: `npx tsx packages/cli/bench/run.ts` (the cli's part of `pnpm bench`).
// Env: BENCH_FLEET_CALLS (calls per process, default 500: a few windows each, so start-up and the last window
// weigh as they do in a real job; the whole bench takes about 3 minutes), BENCH_FLEET_SIZES (default "1,2,4,8").
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOperationModel, PERIOD_MS } from '@agora-chat-push/openapi';
import { startRedis } from '../../../scripts/redis.js';

const CALLS = Number(process.env.BENCH_FLEET_CALLS ?? 500);
const SIZES = (process.env.BENCH_FLEET_SIZES ?? '1,2,4,8').split(',').map(Number);
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const { limit, period } = buildOperationModel().operation('setPushSettings').rateLimit;
const documented = (limit * 1000) / PERIOD_MS[period];

/** The sandbox bin with --verbose: one stderr line per request, `PUT /org/app/users/... 429 1ms`. */
async function startSandbox(): Promise<{ url: string; lines: string[]; close: () => Promise<void> }> {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('@agora-chat-push/mock/package.json');
  const bin = join(dirname(pkgFile), (require(pkgFile) as { bin: Record<string, string> }).bin['agora-chat-push-mock']!);
  const child = spawn(process.execPath, [bin, '--sandbox', '--port', '0', '--verbose'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let rest = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const m = /listening on (http:\/\/\S+)/.exec((out += chunk.toString()));
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the sandbox exited (${code}) before listening: ${out}`)));
  });
  return { url, lines, close: () => new Promise((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM'))) };
}

/** Runs K processes of the bin; resolves to the wall time and the rows that failed. */
async function fleet(k: number, app: string, url: string, dir: string, redis: string | undefined): Promise<{ ms: number; failed: number }> {
  const started = performance.now();
  const runs = Array.from({ length: k }, (_, p) => {
    const users = join(dir, `${app}-${p}.txt`);
    writeFileSync(users, Array.from({ length: CALLS }, (_, i) => `p${p}u${i}`).join('\n'));
    const args = [BIN, 'bulk', 'set-silent-mode', '--users', users, '--type', 'NONE', '--journal', join(dir, `${app}-${p}.ndjson`)];
    if (redis) args.push('--redis', redis);
    const child = spawn(process.execPath, args, {
      env: { ...process.env, AGORA_CHAT_BASE_URL: url, AGORA_CHAT_APP_KEY: `bench#${app}`, AGORA_CHAT_TOKEN: 'bench-token' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    return new Promise<number>((resolve) =>
      child.on('close', () => {
        try {
          resolve((JSON.parse(out) as { failed: number }).failed);
        } catch {
          resolve(CALLS);
        }
      }),
    );
  });
  const failed = (await Promise.all(runs)).reduce((a, b) => a + b, 0);
  return { ms: performance.now() - started, failed };
}

const redis = await startRedis();
const sandbox = await startSandbox();
const dir = mkdtempSync(join(tmpdir(), 'bench-fleet-'));
const rows: string[] = [];
try {
  for (const [n, k] of SIZES.entries()) {
    for (const shared of [true, false]) {
      const app = `run${n}k${k}${shared ? 'redis' : 'alone'}`;
      const { ms, failed } = await fleet(k, app, sandbox.url, dir, shared ? redis.url : undefined);
      const mine = sandbox.lines.filter((l) => l.includes(`/bench/${app}/`));
      const tooMany = mine.filter((l) => / 429 /.test(l)).length;
      const rate = ((k * CALLS - failed) * 1000) / ms;
      rows.push(
        `| ${k} | ${shared ? 'Redis store (--redis)' : 'none (baseline)'} | ${k * CALLS} | ${mine.length} | ${tooMany} | ${failed} | ` +
          `${(ms / 1000).toFixed(1)} | ${rate.toFixed(1)} | ${(rate / documented).toFixed(3)} |`,
      );
    }
  }
} finally {
  await sandbox.close();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  [
    `agora-chat-push bulk set-silent-mode: K processes x ${CALLS} users on one App Key, against the sandbox (a child`,
    `process) at the documented limit (${documented} calls/s), Node ${process.version}. Time is wall time from the first`,
    'spawn to the last exit (start-up counted); rate = rows set per second; 429s as the sandbox answered them:',
    '',
    '| processes | shared budget | rows | requests sent | 429 answers | rows failed | time (s) | rate (rows/s) | ratio to the limit |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n'),
);
