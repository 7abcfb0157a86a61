/**
 * `@cdrkit/core/provider`: what a provider package is built from, kept out of the users'
 * import. The HTTP client, the windowed page source and its cursor, reading and validating
 * answers, drift reports, and argument checks. docs/contributing.md shows how a provider
 * package puts them together.
 * @module
 */
export { coverRepeatedWallTimes } from './dates/cover.js';
export { type DocumentedFields, DriftMonitor, type DriftOptions, typeName, type ValueType } from './drift.js';
export {
  HttpClient,
  type HttpClientConfig,
  type HttpRequest,
  type HttpResponse,
  parseRetryAfter,
} from './http/index.js';
export { readCursor } from './paging/cursor.js';
export { createPaged, type PagedOptions } from './paging/paged.js';
export { checkMaxRecordsPerAnswer, evenSplitPoints } from './paging/split-window.js';
export type { PageSource, SourcePage } from './paging/types.js';
export {
  type EpochRange,
  readWindowCursor,
  type WindowBounds,
  type WindowCursor,
  type WindowState,
} from './paging/window-cursor.js';
export {
  type WindowedSource,
  type WindowedSourceBase,
  type WindowOf,
  type WindowPage,
  type WindowRequest,
  type WindowSplit,
  type WindowStart,
  windowedPaged,
} from './paging/windowed.js';
export {
  type CheckContext,
  checkInteger,
  checkOneOf,
  checkWindowSpan,
  describeValue,
  invalidArgument,
  readDate,
  requireRange,
  requireText,
} from './provider/checks.js';
export { providerMessage } from './provider/messages.js';
export { booleanOrString, numberOrString, readFlag, readNumber, readText } from './tolerant.js';
export { isPlainObject, type ParseContext, parseJson, validate } from './validate.js';
