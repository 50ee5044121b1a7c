// What checking real app tokens costs the sandbox, in one process: the sandbox core answering the same GET
// (a) with any token accepted (the baseline), (b) with `appCredentials` and one token reused (what a client
// does until it renews), (c) with `appCredentials` and a new token on every request (the worst case: every
// token parsed and its HMAC checked). Prints requests/s of each (best of five interleaved rounds) and the
// ratios to the baseline.
// Usage: npx tsx packages/mock/bench/app-token.ts [--requests N]
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { appTokenAuthorizer } from '../src/app-token.js';
import { createSandboxCore, type SandboxCore } from '../src/sandbox/core.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '20000' } } });
const requests = Number(values.requests);
if (!Number.isInteger(requests) || requests < 1_000 || requests > 1_000_000) {
  console.error('--requests must be an integer from 1000 to 1000000');
  process.exit(2);
}

// Agora's published sample credentials (agora-token's own tests): not a real project's.
const appId = '970CA35de60c44645bbae8a215061b33';
const appCertificate = '5CFd2fd1755d40ecb72977518be15d3b';
const { ChatTokenBuilder } = createRequire(import.meta.url)('agora-token') as {
  ChatTokenBuilder: { buildAppToken(appId: string, appCertificate: string, expire: number): string };
};

const path = '/hx/hxdemo/users/user1/notification/language';
/** Requests per second of `core` answering `requests` GETs, each with the token `tokenOf(i)`, all 200. */
function run(core: SandboxCore, tokenOf: (i: number) => string): number {
  const tokens = Array.from({ length: requests }, (_, i) => tokenOf(i)); // built before the clock starts
  const start = performance.now();
  for (let i = 0; i < requests; i++) {
    const answer = core.handleSync({ method: 'GET', url: path, headers: { authorization: `Bearer ${tokens[i]}` }, body: undefined });
    if (answer.status !== 200) throw new Error(`answer ${answer.status}: ${answer.body}`);
  }
  return requests / ((performance.now() - start) / 1000);
}

const open = createSandboxCore({ rateLimit: 0 });
const checked = () => createSandboxCore({ rateLimit: 0, authorize: appTokenAuthorizer({ appId, appCertificate }) });
const reused = ChatTokenBuilder.buildAppToken(appId, appCertificate, 3_600);

// A warm-up of each, then five rounds with the three interleaved; the best round of each counts (a busy machine
// only ever slows a run down).
run(open, () => reused);
run(checked(), () => reused);
let baseline = 0;
let oneToken = 0;
let freshEach = 0;
for (let round = 0; round < 5; round++) {
  baseline = Math.max(
    baseline,
    run(open, () => reused),
  );
  oneToken = Math.max(
    oneToken,
    run(checked(), () => reused),
  );
  freshEach = Math.max(
    freshEach,
    run(checked(), () => ChatTokenBuilder.buildAppToken(appId, appCertificate, 3_600)),
  );
}

const rate = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(
  [
    `Node ${process.version}, sandbox core in process, ${requests.toLocaleString('en-US')} GETs per run (all 200).`,
    '',
    '| sandbox | requests/s | vs any token |',
    '|---|---:|---:|',
    `| any token (baseline) | ${rate(baseline)} | 1.00x |`,
    `| appCredentials, one token reused | ${rate(oneToken)} | ${(oneToken / baseline).toFixed(2)}x |`,
    `| appCredentials, a new token every request | ${rate(freshEach)} | ${(freshEach / baseline).toFixed(2)}x |`,
  ].join('\n'),
);
