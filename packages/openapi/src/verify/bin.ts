#!/usr/bin/env node
/**
 * agora-chat-push-verify: checks recorded traffic (HAR 1.2 or this kit's NDJSON) and Pact files (v2 to v4)
 * against the bundled description and prints the violations. Exit codes: 0 no violation, 1 violations, 2 usage error or a file
 * that cannot be read as traffic (one line on stderr, never a stack trace).
 */
import { parseArgs } from 'node:util';
import { createExchangeChecker } from './check.js';
import { TrafficError } from './exchange.js';
import { formatJunit } from './junit.js';
import { checkIgnore, coverageCheck, formatCoverage, formatJson, formatJsonMany, formatSarif, formatText, ruleIds, verifyFiles, type MultiReport } from './report.js';

const NAME = 'agora-chat-push-verify';
const FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
type Format = (typeof FORMATS)[number];
const USAGE = `Usage:
  ${NAME} <file>... [--format text|json|sarif|junit] [--ignore RULE]... [--coverage] [--min-coverage N] [--base-path /prefix]

Checks recorded traffic (HAR 1.2, NDJSON) and Pact files (v2 to v4), told apart by content, against the
(unofficial) OpenAPI description of the Agora Chat push-settings API: a documented operation, a Bearer token
(never printed), valid path parameters and request body, a documented status and Content-Type, and a valid
answer body. In a pact, the answer is what the consumer expects: every field it holds must be one the
description names, with a compatible value (required fields may be absent).

Options:
  --format F         text (default: one line per violation, then a summary), json, sarif (GitHub code scanning)
                     or junit (a testsuite per file, a testcase per exchange)
  --ignore RULE      do not report a rule (repeatable): ${ruleIds().join(', ')}
                     (or one keyword of it, e.g. request-body/maxLength)
  --coverage         also report which operations and documented statuses the traffic exercised, and which not
  --min-coverage N   fail (exit 1) when less than N% of the (operation, status) pairs a test can reach were
                     exercised (every documented status but 429 and 5xx), across all files
  --base-path P      a prefix in front of the API's paths in the recorded URLs (e.g. /gateway/chat), removed before matching
  --help             show this text

Exit codes: 0 no violation, 1 at least one violation (or a coverage below --min-coverage), 2 usage error or unreadable file.
Unofficial; not affiliated with Agora.`;

class UsageError extends Error {}

interface Options {
  files: string[];
  format: Format;
  coverage: boolean;
  minCoverage?: number | undefined;
  ignore: string[];
  basePath?: string | undefined;
}

function parseArgv(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        coverage: { type: 'boolean' },
        'min-coverage': { type: 'string' },
        ignore: { type: 'string', multiple: true },
        'base-path': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function minCoverageOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replace(/%$/, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) {
    throw new UsageError(`--min-coverage must be a percentage from 0 to 100, got "${value}"`);
  }
  return n;
}

function parse(argv: string[]): { help: true } | ({ help: false } & Options) {
  const { values, positionals } = parseArgv(argv);
  if (values.help) return { help: true };
  if (positionals.length === 0) throw new UsageError('give the traffic files to check (.har, .ndjson, or pact .json files)');
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be ${FORMATS.join(', ')}, got "${String(values.format)}"`);
  const basePath = values['base-path'];
  if (basePath !== undefined && (!basePath.startsWith('/') || /[?#\s]/.test(basePath))) {
    throw new UsageError(`--base-path must be a path starting with "/" (no query, no spaces), got "${basePath}"`);
  }
  const ignore = values.ignore ?? [];
  try {
    checkIgnore(ignore);
  } catch (error) {
    throw new UsageError(`--ignore ${(error as Error).message}`);
  }
  const minCoverage = minCoverageOf(values['min-coverage']);
  return { help: false, files: positionals, format, coverage: values.coverage === true || minCoverage !== undefined, minCoverage, ignore, basePath };
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

/** The output in the chosen format. */
function render(multi: MultiReport, options: Options): string {
  const { reports, coverage } = multi;
  const { minCoverage } = options;
  switch (options.format) {
    case 'text': {
      const texts = reports.map((r) => formatText(r, false));
      if (options.coverage) texts.push(formatCoverage(coverage));
      if (minCoverage !== undefined) texts.push(coverageCheck(coverage, minCoverage).message);
      return texts.join('\n');
    }
    case 'json':
      return reports.length === 1 ? formatJson(reports[0]!, options.coverage) : formatJsonMany(multi, options.coverage);
    case 'sarif':
      return formatSarif(reports, { coverage, ...(minCoverage !== undefined ? { minCoverage } : {}) });
    case 'junit':
      return formatJunit(reports, minCoverage !== undefined ? { coverage, minCoverage } : {});
  }
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${NAME}: ${oneLine(error.message)} (see --help)\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { files, basePath, ignore } = options;
  const checker = createExchangeChecker(basePath !== undefined ? { basePath } : {});
  // Every format is written once all files were read: a file that turns out truncated or broken prints
  // only its one-line error. Each report keeps the first 10,000 violations (memory stays bounded) and counts the rest.
  const multi = await verifyFiles(files, { checker, ignore }).catch((error: unknown) => {
    if (error instanceof TrafficError) {
      process.stderr.write(`${NAME}: ${oneLine(error.message)}\n`);
      return undefined;
    }
    throw error;
  });
  if (!multi) return 2;
  process.stdout.write(`${render(multi, options)}\n`);
  const coverageOk = options.minCoverage === undefined || coverageCheck(multi.coverage, options.minCoverage).ok;
  return multi.violationCount > 0 || !coverageOk ? 1 : 0;
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // A closed pipe (`| head`) is not an error of the check.
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${NAME}: internal error: ${oneLine(String((error as Error)?.message ?? error))}\n`);
    process.exitCode = 2;
  },
);
