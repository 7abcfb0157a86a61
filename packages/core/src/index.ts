/**
 * `@cdrkit/core`: what every cdrkit provider package shares. XML parsing lives in its own
 * entry, `@cdrkit/core/xml`, so bundles only carry it when used.
 * @module
 */
export { type CallRecord, callRecordSchema } from './call-record.js';
export { coverRepeatedWallTimes } from './dates/cover.js';
export {
  assertTimeZone,
  formatProviderDate,
  parseProviderDate,
  toDate,
  toDateRange,
  toIsoUtc,
  wallTimeToEpoch,
} from './dates/index.js';
export { type DocumentedFields, DriftMonitor, type DriftOptions, typeName, type ValueType } from './drift.js';
export * from './errors/index.js';
export {
  HttpClient,
  type HttpClientConfig,
  type HttpRequest,
  type HttpResponse,
  parseRetryAfter,
} from './http/index.js';
export {
  decimalAdd,
  decimalMultiply,
  decimalProduct,
  decimalRound,
  decimalShift,
  toDecimalString,
} from './money.js';
export * from './paging/index.js';
export * from './paging/split-window.js';
export { REDACTED, redactedExcerpt, redactHeaders, redactSecrets, SECRET_PARAMETER_NAMES } from './redact.js';
export { booleanOrString, numberOrString, readFlag, readNumber, readText } from './tolerant.js';
export type * from './types.js';
export { isPlainObject, type ParseContext, parseJson, validate } from './validate.js';
export { type DateWindow, nextWindow, splitIntoWindows, type WindowSpan } from './windows.js';
