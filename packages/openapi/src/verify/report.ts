/**
 * Checking a whole recording: the run over the traffic (in bounded memory: violations beyond a cap are
 * counted, not kept), the coverage of operations and documented statuses, and the three output formats
 * (text for people, JSON for scripts, SARIF 2.1.0 for GitHub code scanning).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createExchangeChecker, VIOLATION_CLASSES, type CheckerOptions, type ExchangeChecker, type Violation, type ViolationClass } from './check.js';
import { readTraffic, type TrafficFormat, type TrafficRecord } from './read.js';

/** Which operations and documented statuses the traffic exercised. */
export interface Coverage {
  operations: {
    operationId: string;
    method: string;
    path: string;
    /** Exchanges per documented status key; 0 = never exercised. */
    statuses: Record<string, number>;
  }[];
  /** Exchanges that matched no operation, or had an undocumented status (not in `operations`). */
  undocumented: number;
  /** Share of documented (operation, status) pairs exercised, 0 to 1. */
  ratio: number;
  /** Operations never called. */
  operationsNeverCalled: string[];
}

export interface Report {
  /** The file checked, as given. */
  source: string;
  exchanges: number;
  /** The violations, in traffic order, at most `maxListed` of them. */
  violations: Violation[];
  /** All violations, also those not listed. */
  violationCount: number;
  byClass: Partial<Record<ViolationClass, number>>;
  /** Exchanges whose recording lacked a part (`response body`: 12): those parts were not checked. */
  unchecked: Record<string, number>;
  coverage: Coverage;
}

export interface VerifyOptions extends CheckerOptions {
  format?: TrafficFormat;
  /** Violations kept in the report (default 10,000); more are counted only. */
  maxListed?: number;
  /** Called for each violation as it is found (the text output streams them). */
  onViolation?: (violation: Violation) => void;
  checker?: ExchangeChecker;
}

/** Tracks coverage as exchanges go by. */
export function createCoverage(checker: ExchangeChecker): {
  add(result: { operationId?: string | undefined; documentedStatus?: string | undefined }): void;
  result(): Coverage;
} {
  const counts = new Map<string, Map<string, number>>();
  const ops = checker.validator.operations;
  for (const op of ops) counts.set(op.operationId, new Map(op.statuses.map((s) => [s, 0])));
  let undocumented = 0;
  return {
    add({ operationId, documentedStatus }) {
      const statuses = operationId ? counts.get(operationId) : undefined;
      if (!statuses || documentedStatus === undefined) {
        undocumented++;
        return;
      }
      statuses.set(documentedStatus, (statuses.get(documentedStatus) ?? 0) + 1);
    },
    result() {
      const operations = ops.map((op) => ({
        operationId: op.operationId,
        method: op.method.toUpperCase(),
        path: op.path,
        statuses: Object.fromEntries(counts.get(op.operationId) ?? []),
      }));
      const pairs = operations.flatMap((o) => Object.values(o.statuses));
      return {
        operations,
        undocumented,
        ratio: pairs.length === 0 ? 0 : pairs.filter((c) => c > 0).length / pairs.length,
        operationsNeverCalled: operations.filter((o) => Object.values(o.statuses).every((c) => c === 0)).map((o) => o.operationId),
      };
    },
  };
}

/** Checks every exchange of a HAR or NDJSON file. Rejects with a TrafficError when the file cannot be read. */
export async function verifyTraffic(path: string, options: VerifyOptions = {}): Promise<Report> {
  const checker = options.checker ?? createExchangeChecker(options);
  return verifyRecords(readTraffic(path, options.format), path, checker, options);
}

/** Checks exchanges from any source (an async iterable of records). */
export async function verifyRecords(
  records: AsyncIterable<TrafficRecord> | Iterable<TrafficRecord>,
  source: string,
  checker: ExchangeChecker,
  options: Pick<VerifyOptions, 'maxListed' | 'onViolation'> = {},
): Promise<Report> {
  const maxListed = options.maxListed ?? 10_000;
  const coverage = createCoverage(checker);
  const violations: Violation[] = [];
  const byClass: Partial<Record<ViolationClass, number>> = {};
  const unchecked: Record<string, number> = {};
  let exchanges = 0;
  let violationCount = 0;
  for await (const record of records) {
    exchanges++;
    const result = checker.check(record.exchange, record.index, record.line);
    coverage.add(result);
    for (const part of result.unchecked) unchecked[part] = (unchecked[part] ?? 0) + 1;
    for (const v of result.violations) {
      violationCount++;
      byClass[v.class] = (byClass[v.class] ?? 0) + 1;
      if (violations.length < maxListed) violations.push(v);
      options.onViolation?.(v);
    }
  }
  return { source, exchanges, violations, violationCount, byClass, unchecked, coverage: coverage.result() };
}

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** The summary lines of the text output. */
export function formatSummary(report: Report, streamed = false): string {
  const lines = [
    `${report.source}: ${plural(report.exchanges, 'exchange')}, ${plural(report.violationCount, 'violation')}` +
      (report.violationCount > 0
        ? ` (${Object.entries(report.byClass).map(([c, n]) => `${c} ${n}`).join(', ')})`
        : ''),
  ];
  if (!streamed && report.violationCount > report.violations.length) {
    lines.push(`  (${report.violationCount - report.violations.length} violations beyond the first ${report.violations.length} are counted, not listed)`);
  }
  for (const [part, n] of Object.entries(report.unchecked)) lines.push(`  not recorded, so not checked: ${part} in ${plural(n, 'exchange')}`);
  return lines.join('\n');
}

/** The coverage table of the text output. */
export function formatCoverage(coverage: Coverage): string {
  const lines = [`coverage: ${Math.round(coverage.ratio * 100)}% of documented (operation, status) pairs exercised`];
  for (const op of coverage.operations) {
    const hit = Object.entries(op.statuses).filter(([, n]) => n > 0).map(([s, n]) => `${s}×${n}`);
    const missed = Object.entries(op.statuses).filter(([, n]) => n === 0).map(([s]) => s);
    lines.push(
      `  ${op.operationId.padEnd(20)} ${op.method.padEnd(6)} exercised: ${hit.join(' ') || 'never called'}` +
        (missed.length && hit.length ? `; never: ${missed.join(' ')}` : ''),
    );
  }
  if (coverage.undocumented > 0) lines.push(`  ${plural(coverage.undocumented, 'exchange')} outside the documented operations and statuses`);
  return lines.join('\n');
}

/** The text output: one line per violation, then the summary (and the coverage when asked). */
export function formatText(report: Report, withCoverage = false): string {
  return [...report.violations.map((v) => v.message), formatSummary(report), ...(withCoverage ? [formatCoverage(report.coverage)] : [])].join('\n');
}

/** The JSON output (stable keys, for scripts). */
export function formatJson(report: Report, withCoverage = false): string {
  const { coverage, ...rest } = report;
  return JSON.stringify({ ...rest, ...(withCoverage ? { coverage } : {}) }, null, 2);
}

const TOOL = {
  name: 'agora-chat-push-verify',
  informationUri: 'https://www.npmjs.com/package/@agora-chat-push/openapi',
  // The package's own version (package.json ships beside dist/ and src/), so a release never leaves it behind.
  version: (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version,
};

/**
 * SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`): one rule per violation class,
 * one result per violation, located at the line of the traffic file where its exchange starts, with a
 * fingerprint of (class, keyword, method, operation, pointer) so the same drift is one alert across runs.
 */
export function formatSarif(report: Report, artifactUri = report.source): string {
  const classes = Object.keys(VIOLATION_CLASSES) as ViolationClass[];
  const uri = artifactUri.replace(/\\/g, '/').replace(/^\.\//, '');
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            ...TOOL,
            rules: classes.map((id) => ({
              id,
              name: id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: VIOLATION_CLASSES[id] },
              fullDescription: { text: `${VIOLATION_CLASSES[id]} Checked against the unofficial OpenAPI description of the Agora Chat push-settings API.` },
              defaultConfiguration: { level: 'error' },
              properties: { tags: ['contract', 'openapi'], precision: 'high', 'problem.severity': 'error' },
            })),
          },
        },
        results: report.violations.map((v) => ({
          ruleId: v.class,
          ruleIndex: classes.indexOf(v.class),
          level: 'error',
          message: { text: v.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri },
                region: { startLine: v.line ?? 1 },
              },
            },
          ],
          partialFingerprints: {
            contractViolation: createHash('sha256')
              .update([v.class, v.keyword ?? '', v.method, v.operationId ?? v.url, v.pointer].join('\u0000'))
              .digest('hex')
              .slice(0, 32),
          },
          properties: { exchange: v.exchange, pointer: v.pointer, expected: v.expected, found: v.found, ...(v.keyword ? { keyword: v.keyword } : {}) },
        })),
        properties: { exchanges: report.exchanges, violationCount: report.violationCount },
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
