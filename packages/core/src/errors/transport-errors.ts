import { CdrkitError } from './cdrkit-error.js';

/** The request never got an answer: connection refused or reset, DNS failure, body cut off. */
export class NetworkError extends CdrkitError {
  /** Always `'NetworkError'`. */
  override name = 'NetworkError';
}

/** An attempt took longer than `timeoutMs` (and retries, if any, did not help). */
export class TimeoutError extends CdrkitError {
  /** Always `'TimeoutError'`. */
  override name = 'TimeoutError';
}

/** The caller aborted (through `signal`, or by breaking out of a `for await`). */
export class AbortError extends CdrkitError {
  /** Always `'AbortError'`. */
  override name = 'AbortError';
}
