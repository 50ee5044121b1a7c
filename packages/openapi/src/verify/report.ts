/**
 * Checking a whole recording: the run over the traffic (in bounded memory: violations beyond a cap are
 * counted, not kept), the coverage of operations and documented statuses, and the three output formats
 * (text for people, JSON for scripts, SARIF 2.1.0 for GitHub code scanning).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createExchangeChecker, VIOLATION_CLASSES, type CheckerOptions, type ExchangeChecker, type Violation, type ViolationClass } from './check.js';
import { readTraffic, type TrafficFormat, type TrafficRecord } from './read.js';
import { redactUrl, secretsOf } from './redact.js';

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
  /**
   * The (operation, status) pairs a client's test can reach: every documented pair but those of
   * {@link UNREACHABLE_STATUSES}. `--min-coverage` is measured over these.
   */
  reachable: { pairs: number; exercised: number; ratio: number; neverExercised: string[] };
}

/**
 * Documented statuses a partner's test cannot trigger on purpose, so they are left out of the reachable
 * coverage (they still count in `ratio` and in the table):
 * - `429`: the rate limit is per app key and shared by the whole project: a test must not exhaust it;
 * - `500`, `5XX`, `default`: the service's own faults (a test cannot make the service fail).
 * Every other documented status (400, 401, 403, 404, 413, 415, 200) follows from what the client sends.
 */
export const UNREACHABLE_STATUSES: Readonly<Record<string, string>> = Object.freeze({
  '429': 'the rate limit is per app key, shared by the whole project: a test must not exhaust it',
  '500': "a fault of the service's own",
  '5XX': "a fault of the service's own",
  default: 'a status the description does not name',
});
const reachableStatus = (status: string): boolean => !(status.toUpperCase() in UNREACHABLE_STATUSES || status in UNREACHABLE_STATUSES);

/** One exchange as the JUnit output lists it (also those without violations). */
export interface ExchangeSummary {
  exchange: number;
  line?: number | undefined;
  method: string;
  /** Redacted. */
  url: string;
  operationId?: string | undefined;
  status: number;
  violations: number;
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
  /** Violations of the rules given to `ignore`: counted here, not listed, not in `violationCount`. */
  ignored: number;
  /** The exchanges checked, in order, at most `maxListed` of them (the JUnit output's test cases). */
  results: ExchangeSummary[];
}

/** A coverage tracker (see {@link createCoverage}). */
export type CoverageTracker = ReturnType<typeof createCoverage>;

export interface VerifyOptions extends CheckerOptions {
  format?: TrafficFormat;
  /** Violations kept in the report (default 10,000); more are counted only. */
  maxListed?: number;
  /** Called for each violation as it is found (the text output streams them). */
  onViolation?: (violation: Violation) => void;
  checker?: ExchangeChecker;
  /**
   * Rules not to report: a class (`missing-token`) or a class and keyword (`request-body/maxLength`), as the
   * reports print them. See {@link ruleIds} for the valid ones.
   */
  ignore?: readonly string[];
  /** A second tracker the exchanges are also counted in (the coverage of several files together). */
  sharedCoverage?: CoverageTracker;
}

/** The rule ids `ignore` accepts: the violation classes (a class also covers its `class/keyword` forms). */
export const ruleIds = (): string[] => Object.keys(VIOLATION_CLASSES);

/** Throws on an `ignore` entry that is not a rule id, naming the valid ones. */
export function checkIgnore(ignore: readonly string[]): void {
  for (const rule of ignore) {
    const cls = rule.split('/')[0]!;
    if (!(cls in VIOLATION_CLASSES) || rule.split('/').length > 2 || rule.endsWith('/')) {
      throw new Error(`"${rule}" is not a rule id; the rules are ${ruleIds().join(', ')} (optionally with a keyword: request-body/maxLength)`);
    }
  }
}

const ignores = (ignore: readonly string[] | undefined): ((v: Violation) => boolean) => {
  if (!ignore || ignore.length === 0) return () => false;
  const set = new Set(ignore);
  return (v) => set.has(v.class) || (v.keyword !== undefined && set.has(`${v.class}/${v.keyword}`));
};

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
      const reachable = operations.flatMap((o) =>
        Object.entries(o.statuses)
          .filter(([s]) => reachableStatus(s))
          .map(([s, n]) => ({ pair: `${o.operationId} ${s}`, n })),
      );
      const exercised = reachable.filter((p) => p.n > 0).length;
      return {
        operations,
        undocumented,
        ratio: pairs.length === 0 ? 0 : pairs.filter((c) => c > 0).length / pairs.length,
        operationsNeverCalled: operations.filter((o) => Object.values(o.statuses).every((c) => c === 0)).map((o) => o.operationId),
        reachable: {
          pairs: reachable.length,
          exercised,
          ratio: reachable.length === 0 ? 0 : exercised / reachable.length,
          neverExercised: reachable.filter((p) => p.n === 0).map((p) => p.pair),
        },
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
  options: Pick<VerifyOptions, 'maxListed' | 'onViolation' | 'ignore' | 'sharedCoverage'> = {},
): Promise<Report> {
  const maxListed = options.maxListed ?? 10_000;
  const ignored = ignores(options.ignore);
  const coverage = createCoverage(checker);
  const report: Omit<Report, 'coverage'> = { source, exchanges: 0, violations: [], violationCount: 0, byClass: {}, unchecked: {}, ignored: 0, results: [] };
  for await (const record of records) {
    report.exchanges++;
    const result = checker.check(record.exchange, record.index, record.line);
    coverage.add(result);
    options.sharedCoverage?.add(result);
    for (const part of result.unchecked) report.unchecked[part] = (report.unchecked[part] ?? 0) + 1;
    const kept = result.violations.filter((v) => !ignored(v));
    report.ignored += result.violations.length - kept.length;
    for (const v of kept) {
      report.violationCount++;
      report.byClass[v.class] = (report.byClass[v.class] ?? 0) + 1;
      if (report.violations.length < maxListed) report.violations.push(v);
      options.onViolation?.(v);
    }
    if (report.results.length < maxListed) report.results.push(summaryOf(record, result.operationId, kept.length));
  }
  return { ...report, coverage: coverage.result() };
}

/** An exchange as the JUnit output names it: the URL redacted as in a violation. */
function summaryOf(record: TrafficRecord, operationId: string | undefined, violations: number): ExchangeSummary {
  const x = record.exchange;
  const url = redactUrl(x.url, secretsOf(x.requestHeaders.authorization));
  return { exchange: record.index, line: record.line, method: x.method.toUpperCase(), url, operationId, status: x.status, violations };
}

/** The reports of several files, and the coverage of all of them together. */
export interface MultiReport {
  reports: Report[];
  violationCount: number;
  coverage: Coverage;
}

/** Checks several files with one checker; the coverage counts the exchanges of all of them. */
export async function verifyFiles(paths: readonly string[], options: VerifyOptions = {}): Promise<MultiReport> {
  const checker = options.checker ?? createExchangeChecker(options);
  const sharedCoverage = createCoverage(checker);
  const reports: Report[] = [];
  for (const path of paths) reports.push(await verifyTraffic(path, { ...options, checker, sharedCoverage }));
  return { reports, violationCount: reports.reduce((n, r) => n + r.violationCount, 0), coverage: sharedCoverage.result() };
}

/** A ratio as a percentage, rounded down to one decimal (so 79.96% never reads as the 80% a threshold asks). */
export const percent = (ratio: number): number => Math.floor(ratio * 1000) / 10;

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** The summary lines of the text output. */
export function formatSummary(report: Report, streamed = false): string {
  const lines = [
    `${report.source}: ${plural(report.exchanges, 'exchange')}, ${plural(report.violationCount, 'violation')}` +
      (report.violationCount > 0
        ? ` (${Object.entries(report.byClass)
            .map(([c, n]) => `${c} ${n}`)
            .join(', ')})`
        : ''),
  ];
  if (report.ignored > 0) lines.push(`  ${plural(report.ignored, 'violation')} of ignored rules not reported`);
  if (!streamed && report.violationCount > report.violations.length) {
    lines.push(`  (${report.violationCount - report.violations.length} violations beyond the first ${report.violations.length} are counted, not listed)`);
  }
  for (const [part, n] of Object.entries(report.unchecked)) lines.push(`  not recorded, so not checked: ${part} in ${plural(n, 'exchange')}`);
  return lines.join('\n');
}

/** The coverage table of the text output. */
export function formatCoverage(coverage: Coverage): string {
  const { reachable } = coverage;
  const lines = [
    `coverage: ${Math.round(coverage.ratio * 100)}% of documented (operation, status) pairs exercised; ` +
      `${percent(reachable.ratio)}% of the ${reachable.pairs} a test can reach (${reachable.exercised} exercised; 429 and 5xx left out)`,
  ];
  for (const op of coverage.operations) {
    const hit = Object.entries(op.statuses)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${s}×${n}`);
    const missed = Object.entries(op.statuses)
      .filter(([, n]) => n === 0)
      .map(([s]) => s);
    lines.push(`  ${op.operationId.padEnd(20)} ${op.method.padEnd(6)} exercised: ${hit.join(' ') || 'never called'}` + (missed.length && hit.length ? `; never: ${missed.join(' ')}` : ''));
  }
  if (coverage.undocumented > 0) lines.push(`  ${plural(coverage.undocumented, 'exchange')} outside the documented operations and statuses`);
  return lines.join('\n');
}

/** The text output: one line per violation, then the summary (and the coverage when asked). */
export function formatText(report: Report, withCoverage = false): string {
  return [...report.violations.map((v) => v.message), formatSummary(report), ...(withCoverage ? [formatCoverage(report.coverage)] : [])].join('\n');
}

/** The JSON output (stable keys, for scripts); the exchange list (for JUnit) is left out. */
export function formatJson(report: Report, withCoverage = false): string {
  return JSON.stringify(jsonOf(report, withCoverage), null, 2);
}

const jsonOf = (report: Report, withCoverage: boolean): object => {
  const { coverage, results: _results, ...rest } = report;
  return { ...rest, ...(withCoverage ? { coverage } : {}) };
};

/** The JSON output of several files: each file's report, the total, and the coverage of all together. */
export function formatJsonMany(multi: MultiReport, withCoverage = false): string {
  const files = multi.reports.map((r) => jsonOf(r, false));
  return JSON.stringify({ files, violationCount: multi.violationCount, ...(withCoverage ? { coverage: multi.coverage } : {}) }, null, 2);
}

/** Whether the reachable coverage meets a threshold (in percent), and a sentence saying so. */
export function coverageCheck(coverage: Coverage, minCoverage: number): { ok: boolean; message: string } {
  const got = percent(coverage.reachable.ratio);
  const ok = got >= minCoverage;
  const message =
    `coverage ${got}% of the ${coverage.reachable.pairs} (operation, status) pairs a test can reach is ` +
    `${ok ? 'at or above' : 'below'} --min-coverage ${minCoverage}%` +
    (ok ? '' : `; never exercised: ${coverage.reachable.neverExercised.slice(0, 12).join(', ')}${coverage.reachable.neverExercised.length > 12 ? ', ...' : ''}`);
  return { ok, message };
}

const TOOL = {
  name: 'agora-chat-push-verify',
  informationUri: 'https://www.npmjs.com/package/@agora-chat-push/openapi',
  // The package's own version (package.json ships beside dist/ and src/), so a release never leaves it behind.
  version: (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version,
};

/** The SARIF rule of `--min-coverage` (not a violation class: it is about the traffic as a whole). */
const COVERAGE_RULE = 'min-coverage';

const sarifRule = (id: string, text: string) => ({
  id,
  name: id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
  shortDescription: { text },
  fullDescription: { text: `${text} Checked against the unofficial OpenAPI description of the Agora Chat push-settings API.` },
  defaultConfiguration: { level: 'error' },
  properties: { tags: ['contract', 'openapi'], precision: 'high', 'problem.severity': 'error' },
});

const sarifUri = (path: string): string => path.replace(/\\/g, '/').replace(/^\.\//, '');

function sarifResult(v: Violation, uri: string, classes: ViolationClass[]) {
  return {
    ruleId: v.class,
    ruleIndex: classes.indexOf(v.class),
    level: 'error',
    message: { text: v.message },
    locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: v.line ?? 1 } } }],
    partialFingerprints: {
      contractViolation: createHash('sha256')
        .update([v.class, v.keyword ?? '', v.method, v.operationId ?? v.url, v.pointer].join('\u0000'))
        .digest('hex')
        .slice(0, 32),
    },
    properties: { exchange: v.exchange, pointer: v.pointer, expected: v.expected, found: v.found, ...(v.keyword ? { keyword: v.keyword } : {}) },
  };
}

/** Options of {@link formatSarif}. */
export interface SarifOptions {
  /** The file's path as the repository names it (one report only; default: the report's source). */
  artifactUri?: string;
  /** The coverage to state in the run's properties (default: the one report's, or none for several). */
  coverage?: Coverage;
  /** A `--min-coverage` threshold (percent): when the coverage is below it, one more result says so. */
  minCoverage?: number;
}

/**
 * SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`): one rule per violation class,
 * one result per violation, located at the line of the traffic file where its exchange starts, with a
 * fingerprint of (class, keyword, method, operation, pointer) so the same drift is one alert across runs.
 * The coverage stands in the run's `properties.coverage`; a coverage below `minCoverage` is a result of the
 * rule `min-coverage`, located at the first file.
 */
export function formatSarif(reports: Report | readonly Report[], options: SarifOptions | string = {}): string {
  const list: readonly Report[] = Array.isArray(reports) ? reports : [reports as Report];
  const opts: SarifOptions = typeof options === 'string' ? { artifactUri: options } : options;
  const classes = Object.keys(VIOLATION_CLASSES) as ViolationClass[];
  const uriOf = (r: Report): string => sarifUri(list.length === 1 && opts.artifactUri ? opts.artifactUri : r.source);
  const coverage = opts.coverage ?? (list.length === 1 ? list[0]!.coverage : undefined);
  const results: object[] = list.flatMap((r) => r.violations.map((v) => sarifResult(v, uriOf(r), classes)));
  const gate = coverage && opts.minCoverage !== undefined ? coverageCheck(coverage, opts.minCoverage) : undefined;
  if (gate && !gate.ok && list[0]) {
    results.push({
      ruleId: COVERAGE_RULE,
      ruleIndex: classes.length,
      level: 'error',
      message: { text: gate.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(list[0]) }, region: { startLine: 1 } } }],
      partialFingerprints: { contractViolation: createHash('sha256').update(COVERAGE_RULE).digest('hex').slice(0, 32) },
    });
  }
  const rules = [
    ...classes.map((id) => sarifRule(id, VIOLATION_CLASSES[id])),
    sarifRule(COVERAGE_RULE, 'The traffic exercises fewer of the (operation, status) pairs a test can reach than --min-coverage asks.'),
  ];
  const properties = {
    exchanges: list.reduce((n, r) => n + r.exchanges, 0),
    violationCount: list.reduce((n, r) => n + r.violationCount, 0),
    ...(coverage
      ? {
          coverage: {
            ratio: coverage.ratio,
            reachable: coverage.reachable,
            operationsNeverCalled: coverage.operationsNeverCalled,
            ...(opts.minCoverage !== undefined ? { minCoverage: opts.minCoverage / 100 } : {}),
          },
        }
      : {}),
  };
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { ...TOOL, rules } }, results, properties }],
  };
  return JSON.stringify(sarif, null, 2);
}
