import { CdrkitError, type CdrkitErrorOptions } from './cdrkit-error.js';

/** Options of errors that come from an HTTP answer. */
export interface HttpErrorOptions extends CdrkitErrorOptions {
  /** HTTP status, when the error came with one. */
  status?: number | undefined;
  /** The provider's own error code (Boxis `result`, iPing `pduType`, …). */
  providerCode?: string | undefined;
  /** The provider's own error text, redacted. */
  providerMessage?: string | undefined;
  /** Headers of the answer, credentials redacted. */
  headers?: Record<string, string> | undefined;
  /** The provider's request id, from `x-request-id` or a similar header. */
  requestId?: string | undefined;
}

/**
 * The provider answered with an error: an HTTP error status, or an error inside a successful
 * answer (Boxis `result` 0, iPing `pduType` ERR).
 */
export class ApiError extends CdrkitError {
  /** Always `'ApiError'`. */
  override name = 'ApiError';
  /** HTTP status of the answer, e.g. 500; undefined when the error came inside a 200 answer. */
  readonly status: number | undefined;
  /** The provider's own error code (Boxis `result`, iPing `pduType`, …), or undefined when it sent none. */
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
