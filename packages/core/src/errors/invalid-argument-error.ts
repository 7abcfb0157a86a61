import { CdrkitError, type CdrkitErrorOptions } from './cdrkit-error.js';

/**
 * Bad input, found before any request is sent: a start after the end, an unparsable date, a
 * page size out of range, a missing required option. The message says what to change.
 */
export class InvalidArgumentError extends CdrkitError {
  /** Always `'InvalidArgumentError'`. */
  override name = 'InvalidArgumentError';
  /** The option at fault, e.g. `from` or `itemCount`. */
  readonly argument: string | undefined;

  constructor(message: string, options: CdrkitErrorOptions & { argument?: string } = {}) {
    super(message, options);
    this.argument = options.argument;
  }
}
