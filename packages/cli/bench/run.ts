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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOperationModel, PERIOD_MS } from '@agora-chat-push/openapi';
import { startRedis } from '../../../scripts/redis.js';
// The sandbox as a child process, with its request log: the client's bulk bench has it.
import { startSandboxProcess } from '../../client/bench/bulk.js';

const CALLS = Number(process.env.BENCH_FLEET_CALLS ?? 500);
const SIZES = (process.env.BENCH_FLEET_SIZES ?? '1,2,4,8').split(',').map(Number);
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const { limit, period } = buildOperationModel().operation('setPushSettings').rateLimit;
const documented = (limit * 1000) / PERIOD_MS[period];

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
const sandbox = await startSandboxProcess();
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
