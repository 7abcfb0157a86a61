/**
 * `@cdrkit/core`: what users of any cdrkit provider package share: the `CallRecord` model,
 * errors, pages and cursors, date, window, money and redaction helpers. What provider packages
 * are built from lives in `@cdrkit/core/provider`; XML parsing in `@cdrkit/core/xml`, so bundles
 * only carry it when used.
 * @module
 */
export { type CallRecord, callRecordSchema } from './call-record.js';
export {
  assertTimeZone,
  formatProviderDate,
  parseProviderDate,
  toDate,
  toDateRange,
  toIsoUtc,
  wallTimeToEpoch,
} from './dates/index.js';
export * from './errors/index.js';
export {
  decimalAdd,
  decimalMultiply,
  decimalProduct,
  decimalRound,
  decimalShift,
  toDecimalString,
} from './money.js';
export type { Cursor, ListOptions, Page, Paged } from './paging/types.js';
export { REDACTED, redactedExcerpt, redactHeaders, redactSecrets, SECRET_PARAMETER_NAMES } from './redact.js';
export type * from './types.js';
export { type DateWindow, nextWindow, splitIntoWindows, type WindowSpan } from './windows.js';
