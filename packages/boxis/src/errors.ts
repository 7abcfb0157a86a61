/**
 * Boxis' errors: the in-body rejections of getCDR (HTTP 200 with `result` 0), the timestamp
 * synchronization that failed, and answers that cannot be read. HTTP statuses are core's.
 * @module
 */
import { ApiError, AuthenticationError, CdrkitError, ResponseFormatError } from '@cdrkit/core';
import { OPERATION, PROVIDER } from './schemas.js';

/**
 * What a `resulttxt` says when Boxis rejects the credentials rather than the request; Boxis
 * answers both with `result` 0, so the text is all there is to tell them apart.
 */
const CREDENTIAL_ERROR = /authenticat|log ?in|user ?name|password|auth ?code|user ?key|api ?key|credential/i;

/**
 * The error for an answer with `result` other than 1 that is not a rejected timestamp:
 * `AuthenticationError` when `resulttxt` speaks of the credentials, else `ApiError`.
 */
export function inBodyError(result: string, message: string, status: number): CdrkitError {
  const options = {
    provider: PROVIDER,
    operation: OPERATION,
    status,
    providerCode: result,
    providerMessage: message,
  } as const;
  if (CREDENTIAL_ERROR.test(message)) {
    return new AuthenticationError(
      `Boxis rejected the credentials: ${message || 'no reason given'}. Check userName and userKey.`,
      options,
    );
  }
  return new ApiError(`Boxis getCDR failed: ${message || `result ${result}`}`, options);
}

/** A rejected timestamp, with no server timestamp to synchronize with. */
export function unsynchronizedError(message: string): AuthenticationError {
  return new AuthenticationError(
    `Boxis rejected the request's timestamp and sent none of its own to synchronize with: check this device's clock (${message}).`,
    { provider: PROVIDER, operation: OPERATION, providerCode: '0', providerMessage: message },
  );
}

/** The synchronized timestamp rejected too: says how far off this device's clock is. */
export function rejectedTwiceError(offsetSec: number, message: string): AuthenticationError {
  const clock =
    Math.abs(offsetSec) <= 1
      ? "this device's clock agrees with the server's"
      : `this device's clock is about ${Math.abs(offsetSec)} seconds ${offsetSec > 0 ? 'behind' : 'ahead of'} the server's`;
  return new AuthenticationError(
    `Boxis rejected the request's timestamp twice: ${clock}, and the server also rejected the synchronized timestamp. Set the clock right (NTP) and check userName and userKey.`,
    { provider: PROVIDER, operation: OPERATION, providerCode: '0', providerMessage: message },
  );
}

/** The XML parser (`@cdrkit/core/xml`) failed to load. */
export function xmlParserError(cause: unknown): CdrkitError {
  return new CdrkitError(
    "Boxis getCDR could not load the XML parser ('@cdrkit/core/xml'): use format 'json'.",
    { provider: PROVIDER, operation: OPERATION, cause },
  );
}

/** An answer whose shape cannot be read, at `path`. */
export function formatError(message: string, path: string, status: number | undefined): ResponseFormatError {
  return new ResponseFormatError(`Boxis getCDR answer: ${message}`, {
    provider: PROVIDER,
    operation: OPERATION,
    kind: 'schema',
    path,
    status,
  });
}
