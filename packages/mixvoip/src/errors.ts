/**
 * MIXvoip's error answers, which its doc does not describe: HTTP statuses, and JSON objects with
 * an `error` field (in a 200 body too).
 * @module
 */
import { ApiError, AuthenticationError } from '@cdrkit/core';
import { type HttpResponse, providerMessage } from '@cdrkit/core/provider';

const PROVIDER = 'mixvoip';

/** A 200 whose body is an error object (see {@link errorInBody}) is an `ApiError`. */
export function throwIfErrorAnswer(
  response: HttpResponse,
  operation: string,
  redact: (text: string) => string,
): void {
  const message = errorInBody(response.body);
  if (message === undefined) return;
  const said = providerMessage(message, redact);
  throw new ApiError(`MIXvoip ${operation} failed${said === undefined ? '' : `: ${said}`}`, {
    provider: PROVIDER,
    operation,
    status: response.status,
    providerMessage: said,
  });
}

/**
 * The error for a non-2xx answer: 401 and 403 are `AuthenticationError`s, 429 is left to core
 * (its `RateLimitError` honours Retry-After), anything else an `ApiError` with MIXvoip's message.
 */
export function mapHttpError(
  response: HttpResponse,
  operation: string,
  redact: (text: string) => string,
): ApiError | AuthenticationError | undefined {
  const { status } = response;
  if (status === 429) return undefined; // core's RateLimitError, with Retry-After
  let data: unknown;
  try {
    data = JSON.parse(response.body);
  } catch {
    data = undefined;
  }
  const message = providerMessage(errorMessageOf(data), redact);
  const said = message === undefined ? '' : `: ${message}`;
  const options = { provider: PROVIDER, operation, status, providerMessage: message } as const;
  if (status === 401) {
    return new AuthenticationError(
      `MIXvoip ${operation}: HTTP 401${said}. Check \`userName\` and \`password\`.`,
      options,
    );
  }
  if (status === 403) {
    return new AuthenticationError(
      `MIXvoip ${operation}: HTTP 403${said}. The profile must be linked to the account of \`userName\`.`,
      options,
    );
  }
  return new ApiError(`MIXvoip ${operation}: HTTP ${status}${said}.`, options);
}

/**
 * MIXvoip does not document its error answers. A body that is a JSON object with an `error`
 * field (the shape the emulator uses for its error statuses) is one; its message, or
 * undefined. Record answers are arrays (or CSV), so only a body that starts with `{` is parsed.
 */
export function errorInBody(body: string): string | undefined {
  const text = body.trimStart();
  if (!text.startsWith('{')) return undefined;
  try {
    return errorMessageOf(JSON.parse(text));
  } catch {
    return undefined; // not an error object; the reader reports what is wrong with it
  }
}

/** The message of an error answer (`{"error": "…"}`), or undefined when `data` is not one. */
export function errorMessageOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const { error, message } = data as { error?: unknown; message?: unknown };
  if (error === undefined || error === null || error === false) return undefined;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return typeof message === 'string' ? message : String(error);
}
