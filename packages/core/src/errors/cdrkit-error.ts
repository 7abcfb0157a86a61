import type { ProviderName } from '../types.js';

/** Options every cdrkit error accepts. */
export interface CdrkitErrorOptions {
  /** The provider whose call failed, when there is one. */
  provider?: ProviderName | undefined;
  /** The client method, e.g. `getCDR`. */
  operation?: string | undefined;
  /** An underlying error. It must already be free of credentials (see `redactSecrets`). */
  cause?: unknown;
}

/**
 * The base class of every error cdrkit throws. Catch it to handle any cdrkit failure; check
 * the subclass to tell bad input, rejected credentials, provider errors, malformed answers
 * and transport failures apart. No cdrkit error ever holds a credential.
 */
export class CdrkitError extends Error {
  override name = 'CdrkitError';
  readonly provider: ProviderName | undefined;
  readonly operation: string | undefined;

  constructor(message: string, options: CdrkitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.provider = options.provider;
    this.operation = options.operation;
  }
}
