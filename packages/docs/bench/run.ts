/**
 * Benchmark of the docs page: its weight (bytes, gzip) and the time until every operation is rendered in
 * Chromium (offline, from file://), as the median of a few runs. The baseline, measured the same way in the
 * same process, is the plain `redocly build-docs --inlineBundle` page of the same bundle (no samples, no
 * errata, no offline fixes), so the ratio is the cost of what this package adds.
 *
 * Usage: npx tsx packages/docs/bench/run.ts [RUNS]   (default 5). Prints a markdown table.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileUrl, openOffline } from '../src/browser.js';
import { descriptionFiles, ensureBuilt, packageDir } from '../src/build.js';
import { pageOperations, renderEveryOperation } from '../src/page.js';

const runs = Number(process.argv[2] ?? 5);

interface Timing {
  domContentLoaded: number;
  everyOperation: number;
}

/** One cold run: a fresh Chromium profile, the page from file://, then every operation visited in turn. */
async function measure(file: string, strict: boolean): Promise<Timing> {
  const html = readFileSync(file, 'utf8');
  const operations = pageOperations(html);
  const browser = await openOffline();
  try {
    await browser.page.goto(fileUrl(file), { waitUntil: 'commit' });
    const times = await renderEveryOperation(browser.page, operations, 30_000);
    const domContentLoaded = await browser.page.evaluate(() => {
      const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return navigation?.domContentLoadedEventEnd ?? Number.NaN;
    });
    // The baseline asks the network for its logo (aborted here, hence a console error); this page must not.
    if (strict && (browser.errors.length > 0 || browser.leaks.length > 0)) {
      throw new Error(`${file}: ${[...browser.errors, ...browser.leaks].join('; ')}`);
    }
    return { domContentLoaded, everyOperation: Math.max(...Object.values(times)) };
  } finally {
    await browser.close();
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
const ms = (values: number[]): string => `${median(values).toFixed(0)} ms (${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)})`;

function buildBaseline(dir: string): string {
  const out = join(dir, 'baseline.html');
  execFileSync(join(packageDir, 'node_modules', '.bin', 'redocly'), ['build-docs', descriptionFiles().json, '--inlineBundle', '--config', join(packageDir, 'redocly.yaml'), '--output', out], {
    stdio: 'ignore',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  return out;
}

const page = ensureBuilt();
const work = mkdtempSync(join(tmpdir(), 'agora-chat-push-docs-bench-'));
try {
  const baseline = buildBaseline(work);
  const pages = { page, baseline };
  const weight = Object.fromEntries(
    Object.entries(pages).map(([name, file]) => {
      const bytes = readFileSync(file);
      return [name, { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }];
    }),
  ) as Record<keyof typeof pages, { raw: number; gzip: number }>;
  const timings: Record<keyof typeof pages, Timing[]> = { page: [], baseline: [] };
  for (let i = 0; i < runs; i += 1) {
    // Alternate, so that both see the same machine load.
    timings.page.push(await measure(page, true));
    timings.baseline.push(await measure(baseline, false));
  }
  const operations = pageOperations(readFileSync(page, 'utf8')).length;
  // (Debian's chromium wrapper script prints a harmless shell warning on stderr.)
  const chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const row = (label: string, mine: string, base: string, ratio: number): string => `| ${label} | ${mine} | ${base} | ${ratio.toFixed(2)} |`;
  const lines = [
    '',
    `## docs: the page (packages/docs/dist/index.html)`,
    '',
    `${runs} cold runs each, median (min-max); ${chromium}, headless, offline from file://; ${availableParallelism()} cores.`,
    `"Every operation rendered": from navigation start until each of the ${operations} operations, visited in turn by its route, has been rendered.`,
    '',
    '| Metric | This page | Baseline (plain build-docs --inlineBundle) | Ratio |',
    '|---|---|---|---|',
    row(
      'Weight',
      `${weight.page.raw.toLocaleString('en')} B (${kib(weight.page.raw)})`,
      `${weight.baseline.raw.toLocaleString('en')} B (${kib(weight.baseline.raw)})`,
      weight.page.raw / weight.baseline.raw,
    ),
    row(
      'Weight, gzip -9',
      `${weight.page.gzip.toLocaleString('en')} B (${kib(weight.page.gzip)})`,
      `${weight.baseline.gzip.toLocaleString('en')} B (${kib(weight.baseline.gzip)})`,
      weight.page.gzip / weight.baseline.gzip,
    ),
    row(
      'DOMContentLoaded',
      ms(timings.page.map((t) => t.domContentLoaded)),
      ms(timings.baseline.map((t) => t.domContentLoaded)),
      median(timings.page.map((t) => t.domContentLoaded)) / median(timings.baseline.map((t) => t.domContentLoaded)),
    ),
    row(
      `Every operation rendered (${operations})`,
      ms(timings.page.map((t) => t.everyOperation)),
      ms(timings.baseline.map((t) => t.everyOperation)),
      median(timings.page.map((t) => t.everyOperation)) / median(timings.baseline.map((t) => t.everyOperation)),
    ),
    '',
  ];
  process.stdout.write(lines.join('\n'));
} finally {
  rmSync(work, { recursive: true, force: true });
}
