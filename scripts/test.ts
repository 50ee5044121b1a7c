// The whole test run, as the README's test command and CI run it:
//   1. installs what the tests need from the machine's package manager when missing (Debian's
//      Chromium for the docs browser test and the runtime matrix, Firefox ESR for the runtime matrix, curl for
//      the docs' curl samples, redis-server for the shared rate-limit store), and the runtimes of the matrix
//      from the npm registry (scripts/runtimes.ts, cached in .cache/runtimes);
//   2. bundles the description, then checks that the client's committed generated types are fresh
//      (before the build, which regenerates them: see check-generated.ts);
//   3. builds every package (`pnpm -r build`: the bundle, then the client, the mock, the docs);
//   4. runs every vitest test once, both projects (fast and e2e), and prints a last line `N passed, N failed`.
// Extra arguments go to vitest (e.g. `pnpm test test/openapi`, or `--project fast`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './root.js';
import { runPnpm } from './pnpm.js';
import { ensureRuntimes } from './runtimes.js';

function run(command: string, args: string[]): number {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) process.stderr.write(`test: could not run ${command}: ${result.error.message}\n`);
  return result.status ?? 1;
}

function which(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

/** Installs Debian packages for binaries the tests use, when they are missing. */
function ensureSystemPackages(): void {
  const wanted: [binary: string, pkg: string][] = [
    ['/usr/bin/chromium', 'chromium'],
    ['/usr/bin/firefox-esr', 'firefox-esr'],
    ['curl', 'curl'],
    // The client's Redis rate-limit store and the CLI's --redis (test/client/redis*, test/cli): scripts/redis.ts.
    ['redis-server', 'redis-server'],
  ];
  const missing = wanted.filter(([binary]) => (binary.startsWith('/') ? !existsSync(binary) : !which(binary))).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  process.stdout.write(`test: installing ${missing.join(', ')} from apt (needed by the docs tests and the runtime matrix)\n`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const apt = (args: string[]): number => (sudo.length ? run(sudo[0] as string, [...sudo.slice(1), 'apt-get', ...args]) : run('apt-get', args));
  if (apt(['update', '-qq']) !== 0 || apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]) !== 0) {
    // The docs tests and the runtime matrix then fail and say what is missing; nothing is skipped.
    process.stderr.write(`test: could not install ${missing.join(', ')}; install them (apt-get install ${missing.join(' ')}) and run again\n`);
  }
}

/** Stops the run before any test: the count line says one thing failed. */
function stop(why: string): never {
  process.stderr.write(`test: ${why}, so no test ran\n`);
  process.stdout.write('0 passed, 1 failed\n');
  process.exit(1);
}

ensureSystemPackages();
// The runtime matrix's runtimes (test/runtimes): a runtime that cannot be installed fails the run.
try {
  await ensureRuntimes();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  stop('a runtime of the matrix could not be installed (scripts/runtimes.ts)');
}
if (runPnpm(['--filter', '@agora-chat-push/openapi', 'build']) !== 0) stop('the bundle failed');
// Imported only now: the check loads @agora-chat-push/openapi's dist/, which the line above builds (a static
// import would fail on a fresh clone, before anything is built).
const { staleGeneratedFiles, staleMessage } = await import('./check-generated.js');
const stale = await staleGeneratedFiles();
if (stale.length > 0) stop(staleMessage(stale));
// Everything else (the openapi package was built above, from the same inputs: not twice).
if (runPnpm(['--filter', './packages/*', '--filter', '!@agora-chat-push/openapi', 'build']) !== 0) stop('the build failed');

const reportDir = join(root, '.artifacts');
mkdirSync(reportDir, { recursive: true });
const report = join(reportDir, 'vitest-report.json');
const status = run(join(root, 'node_modules', '.bin', 'vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numTotalTests: number; numPendingTests: number; numTodoTests: number };
  passed = results.numPassedTests;
  // Tests that did not run (a file that failed to load, a skipped test) count as failed: none may be skipped.
  failed = results.numTotalTests - results.numPassedTests;
  if (status !== 0 && failed === 0) failed = 1;
} else {
  failed = 1;
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
