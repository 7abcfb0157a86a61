export { ApiError, type HttpErrorOptions } from './api-error.js';
export { AuthenticationError } from './authentication-error.js';
export { CdrkitError, type CdrkitErrorOptions } from './cdrkit-error.js';
export { InvalidArgumentError } from './invalid-argument-error.js';
export { RateLimitError } from './rate-limit-error.js';
export { ResponseFormatError } from './response-format-error.js';
export { AbortError, NetworkError, TimeoutError } from './transport-errors.js';
