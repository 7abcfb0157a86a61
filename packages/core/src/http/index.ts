/**
 * The HTTP layer every client sends through: one ky instance per client for retries (backoff
 * with jitter, `Retry-After`), timeouts and hooks, and around it what ky does not do:
 * credential redaction, the response-size cap, a client-side rate limit, refused redirects,
 * cdrkit errors, the debug log and the metadata behind each page.
 * @module
 */
export { type CallContext, withCallContext } from './call-context.js';
export { HttpClient } from './http-client.js';
export { parseRetryAfter } from './retry-after.js';
export type { HttpClientConfig, HttpRequest, HttpResponse } from './types.js';
