import type { HttpErrorOptions } from './api-error.js';
import { CdrkitError } from './cdrkit-error.js';

/** The provider rejected the credentials (or, for Boxis, the clock is too far off). */
export class AuthenticationError extends CdrkitError {
  override name = 'AuthenticationError';
  readonly status: number | undefined;
  readonly providerCode: string | undefined;
  readonly providerMessage: string | undefined;

  constructor(message: string, options: HttpErrorOptions = {}) {
    super(message, options);
    this.status = options.status;
    this.providerCode = options.providerCode;
    this.providerMessage = options.providerMessage;
  }
}
