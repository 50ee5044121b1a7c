/**
 * The JUnit XML output (`--format junit`), for CI systems that show test reports (GitLab, Jenkins, Azure
 * Pipelines, GitHub test-report actions): one `<testsuite>` per traffic file, one `<testcase>` per exchange
 * (failed when it broke a rule: one `<failure>` naming every violation), and a `coverage` test case when a
 * `--min-coverage` threshold is given.
 */
import type { Violation } from './check.js';
import { coverageCheck, type Coverage, type ExchangeSummary, type Report } from './report.js';

const xml = (text: string): string =>
  // Characters XML 1.0 cannot hold at all (control characters) are dropped; the five special ones escaped.
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are exactly what XML 1.0 cannot hold
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const ruleOf = (v: Violation): string => (v.keyword ? `${v.class}/${v.keyword}` : v.class);

function testcase(suite: string, x: ExchangeSummary, violations: readonly Violation[]): string {
  const name = `#${x.exchange} ${x.method} ${x.url} -> ${x.status || 'no answer'}`;
  const classname = `${suite}.${x.operationId ?? 'undocumented'}`;
  const open = `    <testcase name="${xml(name)}" classname="${xml(classname)}"`;
  if (x.violations === 0) return `${open}/>`;
  const first = violations[0];
  // An exchange whose violations were beyond the listed cap still fails, with what is known.
  const message = first ? `${first.pointer}: expected ${first.expected}, found ${first.found}` : `${x.violations} violations (not listed)`;
  const type = [...new Set(violations.map(ruleOf))].join(' ') || 'contract';
  const body = violations.map((v) => v.message).join('\n');
  return `${open}>\n      <failure message="${xml(message)}" type="${xml(type)}">${xml(body)}</failure>\n    </testcase>`;
}

function testsuite(report: Report): string {
  const byExchange = new Map<number, Violation[]>();
  for (const v of report.violations) byExchange.set(v.exchange, [...(byExchange.get(v.exchange) ?? []), v]);
  const failures = report.results.filter((x) => x.violations > 0).length;
  const cases = report.results.map((x) => testcase(report.source, x, byExchange.get(x.exchange) ?? []));
  return [`  <testsuite name="${xml(report.source)}" tests="${report.results.length}" failures="${failures}" errors="0" skipped="0">`, ...cases, '  </testsuite>'].join('\n');
}

function coverageSuite(coverage: Coverage, minCoverage: number): string {
  const { ok, message } = coverageCheck(coverage, minCoverage);
  const open = `    <testcase name="${xml(`reachable coverage >= ${minCoverage}%`)}" classname="coverage"`;
  const testcaseXml = ok ? `${open}/>` : `${open}>\n      <failure message="${xml(message)}" type="min-coverage">${xml(message)}</failure>\n    </testcase>`;
  return [`  <testsuite name="coverage" tests="1" failures="${ok ? 0 : 1}" errors="0" skipped="0">`, testcaseXml, '  </testsuite>'].join('\n');
}

/** JUnit XML for the reports of one run (and the coverage check, when a threshold is given). */
export function formatJunit(reports: readonly Report[], options: { coverage?: Coverage; minCoverage?: number } = {}): string {
  const suites = reports.map(testsuite);
  if (options.coverage && options.minCoverage !== undefined) suites.push(coverageSuite(options.coverage, options.minCoverage));
  const tests = reports.reduce((n, r) => n + r.results.length, 0) + (options.minCoverage !== undefined && options.coverage ? 1 : 0);
  const failures = (suites.join('\n').match(/<failure /g) ?? []).length;
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="agora-chat-push-verify" tests="${tests}" failures="${failures}">`, ...suites, '</testsuites>'].join('\n');
}
