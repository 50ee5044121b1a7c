/**
 * `@agora-chat-push/openapi/verify`: check recorded traffic (HAR 1.2 or NDJSON) against the description,
 * the API behind the `agora-chat-push-verify` bin and the mock package's validating proxy.
 * Unofficial; not affiliated with Agora.
 * @packageDocumentation
 */
export {
  createExchangeChecker,
  formatViolation,
  mediaTypeOf,
  VIOLATION_CLASSES,
  type AnswerToCheck,
  type CheckerOptions,
  type ExchangeChecker,
  type ExchangeResult,
  type Violation,
  type ViolationClass,
} from './check.js';
export { fromHarEntry, toHarEntry, HAR_CREATOR, TrafficError, type Exchange, type HeaderList, type RecordedExchange } from './exchange.js';
export { detectFormat, HarScanner, readHar, readNdjson, readTraffic, type TrafficFormat, type TrafficRecord } from './read.js';
export { REDACTED, redactBody, redactHeader, redactUrl, scrub, secretsOf, tokenOf } from './redact.js';
export {
  createCoverage,
  formatCoverage,
  formatJson,
  formatSarif,
  formatSummary,
  formatText,
  verifyRecords,
  verifyTraffic,
  type Coverage,
  type Report,
  type VerifyOptions,
} from './report.js';
