import { CdrkitError, type CdrkitErrorOptions } from './cdrkit-error.js';

/**
 * The answer did not parse (`kind: 'syntax'`: truncated, malformed, too large) or did not match
 * the documented shape (`kind: 'schema'`). Carries the path of the first mismatch and a short,
 * redacted excerpt of the body. Syntax errors are retried; schema errors are not.
 */
export class ResponseFormatError extends CdrkitError {
  /** Always `'ResponseFormatError'`. */
  override name = 'ResponseFormatError';
  /**
   * `'syntax'` when the body did not parse at all (truncated, malformed, too large; retried),
   * `'schema'` when it parsed but did not match the documented shape (not retried).
   */
  readonly kind: 'syntax' | 'schema';
  /** Path of the first mismatch, e.g. `cdr[3].time`. */
  readonly path: string | undefined;
  /** At most 200 characters of the body, credentials redacted. */
  readonly excerpt: string | undefined;
  /** HTTP status of the answer that failed to parse (usually 200), or undefined when not known. */
  readonly status: number | undefined;

  constructor(
    message: string,
    options: CdrkitErrorOptions & {
      kind?: 'syntax' | 'schema';
      path?: string | undefined;
      excerpt?: string | undefined;
      status?: number | undefined;
    } = {},
  ) {
    super(message, options);
    this.kind = options.kind ?? 'schema';
    this.path = options.path;
    this.excerpt = options.excerpt;
    this.status = options.status;
  }
}
