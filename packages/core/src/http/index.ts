/**
 * The HTTP layer every client sends through: the runtime's (or the caller's) fetch for the
 * request, cdrkit's own loop for retries (so that a body cut off mid-stream or a malformed
 * answer is retried like a 5xx), timeouts, abort, a client-side rate limit, redacted hooks and
 * cdrkit errors.
 * @module
 */
export { HttpClient } from './http-client.js';
export { backoffDelay, parseRetryAfter } from './retry.js';
export type { HttpClientConfig, HttpRequest, HttpResponse } from './types.js';
