#!/usr/bin/env node
/**
 * agora-chat-push-verify: checks recorded traffic (HAR 1.2 or this kit's NDJSON) against the bundled
 * description and prints the violations. Exit codes: 0 no violation, 1 violations, 2 usage error or a file
 * that cannot be read as traffic (one line on stderr, never a stack trace).
 */
import { parseArgs } from 'node:util';
import { createExchangeChecker } from './check.js';
import { TrafficError } from './exchange.js';
import { formatJson, formatSarif, formatText, verifyTraffic } from './report.js';

const NAME = 'agora-chat-push-verify';
const USAGE = `Usage:
  ${NAME} <traffic.har | traffic.ndjson> [--format text|json|sarif] [--coverage] [--base-path /prefix]

Checks every recorded exchange against the (unofficial) OpenAPI description of the Agora Chat
push-settings API: a documented operation, a Bearer token (never printed), a valid request body, a
documented status, a documented Content-Type and a valid answer body.

Options:
  --format F       text (default: one line per violation, then a summary), json, or sarif (GitHub code scanning)
  --coverage       also report which operations and documented statuses the traffic exercised, and which not
  --base-path P    a prefix in front of the API's paths in the recorded URLs (e.g. /gateway/chat), removed before matching
  --help           show this text

Exit codes: 0 no violation, 1 at least one violation, 2 usage error or unreadable file.
Unofficial; not affiliated with Agora.`;

class UsageError extends Error {}

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        coverage: { type: 'boolean' },
        'base-path': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true as const };
  if (positionals.length === 0) throw new UsageError('give the traffic file to check (a .har or .ndjson file)');
  if (positionals.length > 1) throw new UsageError(`give one traffic file, got ${positionals.length}: ${positionals.join(' ')}`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    throw new UsageError(`--format must be text, json or sarif, got "${format}"`);
  }
  const basePath = values['base-path'];
  if (basePath !== undefined && (!basePath.startsWith('/') || /[?#\s]/.test(basePath))) {
    throw new UsageError(`--base-path must be a path starting with "/" (no query, no spaces), got "${basePath}"`);
  }
  return { help: false as const, file: positionals[0]!, format, coverage: values.coverage === true, basePath };
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

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
  const { file, format, coverage, basePath } = options;
  const checker = createExchangeChecker(basePath !== undefined ? { basePath } : {});
  // Every format is written once the whole file was read: a file that turns out truncated or broken prints
  // only its one-line error. The report keeps the first 10,000 violations (memory stays bounded) and counts the rest.
  const report = await verifyTraffic(file, { checker }).catch((error: unknown) => {
    if (error instanceof TrafficError) {
      process.stderr.write(`${NAME}: ${oneLine(error.message)}\n`);
      return undefined;
    }
    throw error;
  });
  if (!report) return 2;
  if (format === 'text') {
    process.stdout.write(`${formatText(report, coverage)}\n`);
  } else if (format === 'json') {
    process.stdout.write(`${formatJson(report, coverage)}\n`);
  } else {
    process.stdout.write(`${formatSarif(report, file)}\n`);
  }
  return report.violationCount > 0 ? 1 : 0;
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
