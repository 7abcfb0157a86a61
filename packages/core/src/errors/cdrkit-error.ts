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
  /** The class name (`'CdrkitError'` here, the subclass name below), so logs show which kind of failure it was. */
  override name = 'CdrkitError';
  /** The provider whose call failed (`'telecmi'`, `'boxis'`, …), or undefined when no provider was involved. */
  readonly provider: ProviderName | undefined;
  /** The client method that failed, e.g. `getCDR` or `outAnswered`, or undefined when not known. */
  readonly operation: string | undefined;

  constructor(message: string, options: CdrkitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.provider = options.provider;
    this.operation = options.operation;
  }
}
