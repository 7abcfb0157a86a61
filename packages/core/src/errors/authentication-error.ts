import type { HttpErrorOptions } from './api-error.js';
import { CdrkitError } from './cdrkit-error.js';

/** The provider rejected the credentials (or, for Boxis, the clock is too far off). */
export class AuthenticationError extends CdrkitError {
  /** Always `'AuthenticationError'`. */
  override name = 'AuthenticationError';
  /** HTTP status of the answer (usually 401 or 403); undefined when the rejection came inside a 200 answer. */
  readonly status: number | undefined;
  /** The provider's own error code, or undefined when it sent none. */
  readonly providerCode: string | undefined;
  /** The provider's own error text with credentials redacted, or undefined when it sent none. */
  readonly providerMessage: string | undefined;
  /** Headers of the answer (names in lower case, credentials redacted), or undefined when there was no answer. */
  readonly headers: Record<string, string> | undefined;
  /** The provider's request id (`x-request-id` or a similar header), when it sent one: quote it to its support. */
  readonly requestId: string | undefined;

  constructor(message: string, options: HttpErrorOptions = {}) {
    super(message, options);
    this.status = options.status;
    this.providerCode = options.providerCode;
    this.providerMessage = options.providerMessage;
    this.headers = options.headers;
    this.requestId = options.requestId;
  }
}
