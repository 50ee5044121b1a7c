/**
 * `@agora-chat-push/openapi/verify`: check recorded traffic (HAR 1.2 or NDJSON) and Pact files against the description,
 * the API behind the `agora-chat-push-verify` bin and the mock package's validating proxy.
 * Unofficial; not affiliated with Agora.
 * @packageDocumentation
 */
export {
  createExchangeChecker,
  formatViolation,
  mediaTypeOf,
  toViolations,
  VIOLATION_CLASSES,
  type AnswerToCheck,
  type CheckerOptions,
  type ExchangeChecker,
  type ExchangeResult,
  type Finding,
  type RequestToCheck,
  type Violation,
  type ViolationClass,
  type ViolationSite,
} from './check.js';
export { fromHarEntry, toHarEntry, HAR_CREATOR, TrafficError, type Exchange, type HeaderList, type RecordedExchange } from './exchange.js';
export { detectFormat, formatOfHead, HarScanner, readHar, readNdjson, readPact, readTraffic, type TrafficFormat, type TrafficRecord } from './read.js';
export { interactionLines, isPact, parsePact, type PactFile, type PactRecord } from './pact.js';
export { unknownFields } from './expectation.js';
export { formatJunit } from './junit.js';
export { REDACTED, redactBody, redactHeader, redactUrl, scrub, secretsOf, tokenOf } from './redact.js';
export {
  checkIgnore,
  coverageCheck,
  createCoverage,
  formatCoverage,
  formatJson,
  formatJsonMany,
  formatSarif,
  formatSummary,
  formatText,
  percent,
  ruleIds,
  UNREACHABLE_STATUSES,
  verifyFiles,
  verifyRecords,
  verifyTraffic,
  type Coverage,
  type CoverageTracker,
  type ExchangeSummary,
  type MultiReport,
  type SarifOptions,
  type Report,
  type VerifyOptions,
} from './report.js';
