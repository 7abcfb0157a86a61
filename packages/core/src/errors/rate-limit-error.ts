import type { HttpErrorOptions } from './api-error.js';
import { CdrkitError } from './cdrkit-error.js';

/** HTTP 429 that retries did not get past. `retryAfterMs` says how long the provider asked to wait. */
export class RateLimitError extends CdrkitError {
  /** Always `'RateLimitError'`. */
  override name = 'RateLimitError';
  /** Always 429 (Too Many Requests). */
  readonly status = 429;
  /** The provider's `Retry-After`, in ms, or undefined when it sent none. */
  readonly retryAfterMs: number | undefined;
  /** Headers of the answer (names in lower case, credentials redacted), or undefined when there was no answer. */
  readonly headers: Record<string, string> | undefined;
  /** The provider's request id (`x-request-id` or a similar header), when it sent one: quote it to its support. */
  readonly requestId: string | undefined;

  constructor(message: string, options: HttpErrorOptions & { retryAfterMs?: number | undefined } = {}) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
    this.headers = options.headers;
    this.requestId = options.requestId;
  }
}
