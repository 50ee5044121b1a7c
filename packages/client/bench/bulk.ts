// A bulk job as an app backend runs it: runBulk sets do-not-disturb for BENCH_BULK_CALLS users (default 10,000)
// through the client with its default options, against the stateful sandbox of @agora-chat-push/mock enforcing
// the description's documented limit (100 calls/s per App Key for setPushSettings). The sandbox runs in a child
// process (its bin), so the heap measured here is the client's and the job's alone.
// Prints, as a markdown table: the achieved rate against the documented limit (the ratio is the figure), the 429s
// the sandbox answered, the failures, and the live heap (after a GC) before, at its highest during, and after the
// run, against the heap before it, in the same process.
// Not a test: nothing asserts a time. Run: `npx tsx packages/client/bench/run.ts` (the client's part of `pnpm bench`).
// A run of 10,000 calls at 100/s takes about 100 s; BENCH_BULK_CALLS=2000 gives a shorter one.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { OPERATIONS } from '../src/generated/operations.js';
import { createChatPushClient, runBulk } from '../src/index.js';

/** A full GC: tsx gives no --expose-gc, so expose it at run time (a known V8 pattern, bench only). */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * Starts the sandbox bin (`--sandbox --verbose`: one stderr line per request, `PUT /org/app/... 429 1ms`), keeps
 * its lines and counts its 429 answers. Also used by the cli's fleet bench (packages/cli/bench/run.ts).
 */
export async function startSandboxProcess(token?: string): Promise<{ url: string; lines: string[]; tooMany: () => number; close: () => Promise<void> }> {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('@agora-chat-push/mock/package.json');
  const bin = join(dirname(pkgFile), (require(pkgFile) as { bin: Record<string, string> }).bin['agora-chat-push-mock']!);
  const child = spawn(process.execPath, [bin, '--sandbox', '--port', '0', ...(token ? ['--token', token] : []), '--verbose'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tooMany = 0;
  let rest = '';
  const lines: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) if (/ 429 /.test(line)) tooMany++;
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
  return {
    url,
    lines,
    tooMany: () => tooMany,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function benchBulk(): Promise<string> {
  const calls = Number(process.env.BENCH_BULK_CALLS ?? 10_000);
  const { limit, period } = OPERATIONS.setPushSettings;
  const documented = (limit * 1000) / period;
  const token = 'bench-token';
  const sandbox = await startSandboxProcess(token);
  try {
    const push = createChatPushClient({ baseUrl: sandbox.url, orgName: 'bench', appName: 'bulk', token });
    async function* users(): AsyncGenerator<string> {
      for (let i = 0; i < calls; i++) yield `user${i}`;
    }
    const live = (): number => {
      collect();
      return process.memoryUsage().heapUsed;
    };
    const before = live();
    let peak = before;
    let lastSample = 0;
    const result = await runBulk(users(), (user, { signal }) => push.setSilentModeForAll(user, { type: 'NONE', ignoreDuration: 7_200_000 }, { signal }), {
      total: calls,
      onProgress: ({ elapsed }) => {
        // The live heap about once a second (a full GC costs a few ms).
        if (elapsed - lastSample < 1_000) return;
        lastSample = elapsed;
        peak = Math.max(peak, live());
      },
    });
    const after = live();
    const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
    return [
      `runBulk: ${calls} setSilentModeForAll calls through the client (default options, concurrency 100) against the`,
      `sandbox (a child process) at the documented limit (${documented} calls/s per App Key), Node ${process.version}.`,
      'Live heap = heapUsed after a full GC, sampled about once a second:',
      '',
      '| calls | succeeded | failed | 429 answers | time (s) | achieved rate (calls/s) | ratio to the documented limit | live heap before (MB) | highest during (MB) | after (MB) | highest / before |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      `| ${calls} | ${result.succeeded} | ${result.failed} | ${sandbox.tooMany()} | ${(result.elapsed / 1000).toFixed(1)} | ` +
        `${result.rate.toFixed(1)} | ${(result.rate / documented).toFixed(3)} | ${mb(before)} | ${mb(peak)} | ${mb(after)} | ` +
        `${(peak / before).toFixed(2)}x |`,
    ].join('\n');
  } finally {
    await sandbox.close();
  }
}
