// Benchmark of @agora-chat-push/openapi: the bundle's size, the validator's start-up, and the cost of
// one response check, as a ratio to JSON.parse of the same body in the same process (the baseline).
// Run: npx tsx packages/openapi/bench/run.ts (after the build). Prints a markdown table.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { createContractValidator, descriptionUrl, loadDescription } from '../dist/index.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

const json = readFileSync(descriptionUrl);
const yaml = readFileSync(new URL('./openapi.yaml', descriptionUrl));

const startups: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  const v = createContractValidator(loadDescription());
  v.validateResponse('getPushSettings', 200, {});
  startups.push(performance.now() - t);
}

const validator = createContractValidator();
const body = JSON.stringify({
  path: '/users',
  uri: 'https://a1.agora.com/hx/hxdemo/users/u1/notification/chatgroup/12312312321',
  timestamp: 1647503749918,
  organization: 'hx',
  application: '17fe201b-ad9b-4a3a-83df-1ed1ebd7b227',
  action: 'get',
  data: { type: 'NONE', ignoreDuration: 1647590149924, ignoreInterval: '21:30-08:00' },
  duration: 20,
  applicationName: 'hxdemo',
});
const N = 20_000;
const perCall = (fn: () => void): number => {
  const rounds: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t = performance.now();
    for (let i = 0; i < N; i++) fn();
    rounds.push(((performance.now() - t) * 1000) / N);
  }
  return median(rounds);
};
let sink = 0;
perCall(() => (sink += validator.validateResponse('getPushSettings', 200, JSON.parse(body)).length)); // warm-up
const baseline = perCall(() => (sink += (JSON.parse(body) as { duration: number }).duration));
const check = perCall(() => (sink += validator.validateResponse('getPushSettings', 200, JSON.parse(body)).length));

const rows = [
  ['bundle openapi.json', `${json.length} B (${gzipSync(json).length} B gzip)`, ''],
  ['bundle openapi.yaml', `${yaml.length} B (${gzipSync(yaml).length} B gzip)`, ''],
  ['validator start-up (load + compile first schema), median of 5', `${median(startups).toFixed(1)} ms`, ''],
  ['baseline: JSON.parse of a GET-settings answer', `${baseline.toFixed(2)} µs`, '1.00x'],
  ['JSON.parse + validateResponse of the same answer', `${check.toFixed(2)} µs`, `${(check / baseline).toFixed(2)}x`],
];
process.stdout.write(`\n### @agora-chat-push/openapi\n\n| measure | value | ratio to baseline |\n|---|---|---|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`);
if (sink === -1) process.stdout.write('\n');
await import('./verify.js');
