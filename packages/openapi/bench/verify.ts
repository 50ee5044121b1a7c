// Benchmark of agora-chat-push-verify's engine: exchanges checked per second on a generated HAR of 20,000
// exchanges (nine clean answers to one drifting), against a baseline in the same process: reading the same
// file the naive way (readFileSync + JSON.parse of the whole document, then a loop over the entries). Also the
// heap each way holds at its peak, which is what lets verify read a 100,000-exchange HAR in a small heap.
// Run: npx tsx packages/openapi/bench/verify.ts (after the build). Prints a markdown table.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createContractValidator } from '../dist/index.js';
import { createExchangeChecker, HAR_CREATOR, toHarEntry, verifyTraffic } from '../dist/verify/index.js';

const N = 20_000;
const validator = createContractValidator();
const example = validator.operation('getPushSettings').success!.examples[0]!.value as Record<string, any>;
const entry = (drift: boolean) =>
  toHarEntry({
    startedDateTime: '2026-01-01T00:00:00.000Z',
    time: 3,
    method: 'GET',
    url: 'https://a41.chat.agora.io/hx/hxdemo/users/user1/notification/chatgroup/12312312321',
    requestHeaders: [
      ['authorization', 'Bearer bench-token'],
      ['accept', 'application/json'],
      ['user-agent', 'bench'],
    ],
    status: 200,
    responseHeaders: [
      ['content-type', 'application/json;charset=UTF-8'],
      ['date', 'Thu, 01 Jan 2026 00:00:00 GMT'],
    ],
    responseBody: JSON.stringify(drift ? { ...example, data: { ...example.data, type: 42 } } : example),
  });
const clean = JSON.stringify(entry(false));
const drifting = JSON.stringify(entry(true));
const dir = mkdtempSync(join(tmpdir(), 'verify-bench-'));
const file = join(dir, 'traffic.har');
const entries: string[] = [];
for (let i = 0; i < N; i++) entries.push(i % 10 === 0 ? drifting : clean);
writeFileSync(file, `{"log":{"version":"1.2","creator":${JSON.stringify(HAR_CREATOR)},"entries":[\n${entries.join(',\n')}\n]}}\n`);
entries.length = 0;
const size = statSync(file).size;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const checker = createExchangeChecker({ validator });
let sink = 0;

async function heapPeak(run: () => Promise<void> | void): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  await run();
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  clearInterval(timer);
  return (peak - base) / 1024 / 1024;
}

const naive = async (): Promise<void> => {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { log: { entries: { response: { status: number } }[] } };
  for (const e of doc.log.entries) sink += e.response.status;
};
const verify = async (): Promise<void> => {
  const report = await verifyTraffic(file, { checker });
  sink += report.violationCount;
};

await verify(); // warm-up: JIT, compiled schemas
const baselineRounds: number[] = [];
const verifyRounds: number[] = [];
for (let r = 0; r < 5; r++) {
  let t = performance.now();
  await naive();
  baselineRounds.push(performance.now() - t);
  t = performance.now();
  await verify();
  verifyRounds.push(performance.now() - t);
}
const baseline = median(baselineRounds);
const checked = median(verifyRounds);
const naiveHeap = await heapPeak(naive);
const verifyHeap = await heapPeak(verify);
rmSync(dir, { recursive: true, force: true });

const rate = (ms: number): string => `${Math.round((N / ms) * 1000).toLocaleString('en-US')} exchanges/s`;
const rows = [
  [
    `baseline: readFileSync + JSON.parse of the whole HAR (${(size / 1024 / 1024).toFixed(1)} MB, ${N.toLocaleString('en-US')} exchanges), loop over entries`,
    `${baseline.toFixed(0)} ms (${rate(baseline)})`,
    '1.00x',
    `${naiveHeap.toFixed(0)} MB`,
  ],
  ['verifyTraffic: stream, parse and check every exchange (1 in 10 drifts)', `${checked.toFixed(0)} ms (${rate(checked)})`, `${(checked / baseline).toFixed(2)}x`, `${verifyHeap.toFixed(0)} MB`],
];
process.stdout.write(
  `\n### agora-chat-push-verify (@agora-chat-push/openapi/verify)\n\n| measure | time (median of 5) | ratio to baseline | peak heap growth |\n|---|---|---|---|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`,
);
if (sink === -1) process.stdout.write('\n');
