/**
 * Building cdrkit errors from what went wrong on the wire, without ever holding on to a fetch
 * error, a `Request` or a `Response`: those carry the URL, and the URL may carry the
 * password.
 * @module
 */
import {
  AbortError,
  ApiError,
  AuthenticationError,
  type CdrkitError,
  type CdrkitErrorOptions,
  NetworkError,
  RateLimitError,
  TimeoutError,
} from '../errors/index.js';
import { redactedExcerpt, redactHeaders } from '../redact.js';
import type { ProviderName } from '../types.js';
import { parseRetryAfter } from './retry-after.js';
import type { HttpResponse } from './types.js';

/** Who failed: every cdrkit error names its provider and operation. */
export interface ErrorContext {
  provider: ProviderName;
  operation: string;
  redact: (text: string) => string;
  secrets: readonly string[];
}

/**
 * A credential-free stand-in for a foreign error: its name, its redacted message and the
 * messages and codes of its causes (`fetch failed: connect ECONNREFUSED 127.0.0.1:4010`),
 * which is where undici puts the useful part.
 */
export function sanitizedCause(error: unknown, redact: (text: string) => string, keepStack = false): Error {
  const details: string[] = [];
  let code: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error || typeof current === 'object') {
      const record = current as { message?: unknown; code?: unknown; cause?: unknown };
      if (typeof record.message === 'string' && record.message !== '') details.push(record.message);
      if (code === undefined && typeof record.code === 'string') code = record.code;
      current = record.cause;
    } else {
      details.push(String(current));
      break;
    }
  }
  const cause = new Error(redact(details.join(': ') || 'unknown error'));
  cause.name = error instanceof Error ? error.name : 'Error';
  if (code !== undefined) Object.defineProperty(cause, 'code', { value: redact(code), enumerable: true });
  cause.stack =
    keepStack && error instanceof Error && typeof error.stack === 'string'
      ? redact(error.stack)
      : `${cause.name}: ${cause.message}`;
  return cause;
}

/** Headers providers put their request id in, most common first. */
const REQUEST_ID_HEADERS = [
  'x-request-id',
  'request-id',
  'x-correlation-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-trace-id',
  'cf-ray',
];

/** The provider's request id among `headers` (redacted, like every header), if it sent one. */
export function requestIdOf(headers: Record<string, string>): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** Whether `headers` hold a request id, without redacting anything (see {@link requestIdOf}). */
export function hasRequestId(headers: Headers): boolean {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value !== null && value !== '') return true;
  }
  return false;
}

/** The answer's redacted headers and request id, as errors and `page.response` carry them. */
export function answerDetails(
  response: HttpResponse,
  secrets: readonly string[],
): { headers: Record<string, string>; requestId: string | undefined } {
  const headers = redactHeaders(response.headers, secrets);
  return { headers, requestId: requestIdOf(headers) };
}

/**
 * Gives an error that a provider built from an answer (a `mapHttpError` result, an error in a
 * 200 body) the answer's headers and request id, when it has none. Mutates and returns `error`.
 */
export function withAnswer<E>(error: E, response: HttpResponse, secrets: readonly string[]): E {
  if (
    (error instanceof ApiError || error instanceof AuthenticationError || error instanceof RateLimitError) &&
    error.headers === undefined
  ) {
    const details = answerDetails(response, secrets);
    Object.assign(error, { headers: details.headers, requestId: error.requestId ?? details.requestId });
  }
  return error;
}

/**
 * The default error for a non-2xx answer: 401/403 `AuthenticationError`, 429 `RateLimitError`,
 * anything else `ApiError`. The body appears only as a short redacted excerpt.
 */
export function defaultHttpError(
  response: HttpResponse,
  context: ErrorContext,
  attempts: number,
): CdrkitError {
  const { provider, operation } = context;
  const excerpt =
    response.body.trim() === '' ? undefined : redactedExcerpt(response.body.trim(), context.secrets);
  const options = {
    provider,
    operation,
    status: response.status,
    providerMessage: excerpt,
    ...answerDetails(response, context.secrets),
  };
  const tried = attempts > 1 ? ` after ${attempts} attempts` : '';
  if (response.status === 401 || response.status === 403) {
    return new AuthenticationError(
      `${provider} ${operation}: the provider rejected the credentials (HTTP ${response.status}). Check the credentials passed to the client.`,
      options,
    );
  }
  if (response.status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const wait = retryAfterMs === undefined ? '' : `; it asks to wait ${formatSeconds(retryAfterMs)}`;
    return new RateLimitError(
      `${provider} ${operation}: rate limited by the provider (HTTP 429)${tried}${wait}. Slow down (requestsPerSecond) or retry later.`,
      { ...options, retryAfterMs },
    );
  }
  return new ApiError(
    `${provider} ${operation}: HTTP ${response.status}${tried}${excerpt === undefined ? '' : `: ${excerpt}`}`,
    options,
  );
}

/**
 * A redirect, which cdrkit never follows: a 307 or 308 would re-send the body (and a server
 * that copies the query string, the URL), credentials included, to wherever `Location` points.
 * Status 0 is the opaque redirect a browser returns in place of the answer.
 */
export function redirectError(response: HttpResponse, context: ErrorContext): ApiError {
  const { provider, operation } = context;
  let target = '';
  const location = response.headers.get('location');
  if (location !== null) {
    try {
      // Where it points, never its query string: that is where a credential would travel.
      const url = new URL(location, 'http://relative.invalid');
      target =
        url.origin === 'http://relative.invalid' ? ` to ${url.pathname}` : ` to ${url.origin}${url.pathname}`;
    } catch {
      target = '';
    }
  }
  const status = response.status === 0 ? 'a redirect' : `HTTP ${response.status}`;
  return new ApiError(
    `${provider} ${operation}: the provider answered with a redirect (${status})${context.redact(target)}. ` +
      'cdrkit does not follow redirects, so that credentials never reach an address you did not configure: ' +
      'set baseUrl to the address the API moved to.',
    { provider, operation, status: response.status, ...answerDetails(response, context.secrets) },
  );
}

/** 429 whose `Retry-After` is longer than the client is willing to wait. */
export function retryAfterTooLongError(
  response: HttpResponse,
  retryAfterMs: number,
  maxRetryAfterMs: number,
  context: ErrorContext,
): RateLimitError {
  return new RateLimitError(
    `${context.provider} ${context.operation}: rate limited by the provider (HTTP 429); it asks to wait ` +
      `${formatSeconds(retryAfterMs)}, longer than retry.maxRetryAfterMs (${maxRetryAfterMs} ms). ` +
      'Retry later, or raise retry.maxRetryAfterMs to wait it out.',
    {
      provider: context.provider,
      operation: context.operation,
      status: response.status,
      retryAfterMs,
      ...answerDetails(response, context.secrets),
    },
  );
}

/** The caller aborted, through its signal or by leaving a `for await`. */
export function abortError(context: ErrorContext): AbortError {
  return new AbortError(`${context.provider} ${context.operation}: aborted by the caller's signal.`, {
    provider: context.provider,
    operation: context.operation,
  });
}

/** No complete answer within `timeoutMs` (ky's timeout, which covers the body: see the fetch ky calls). */
export function timeoutError(context: ErrorContext, timeoutMs: number, tried: string): TimeoutError {
  return new TimeoutError(
    `${context.provider} ${context.operation}: no complete answer within timeoutMs = ${timeoutMs} ms${tried}. ` +
      `If the provider is just slow, raise the client's timeoutMs option (e.g. timeoutMs: ${timeoutMs * 2}).`,
    errorOptions(context),
  );
}

/** A connection refused or reset, a DNS failure, a body cut off: with the causes' messages, redacted. */
export function networkError(error: unknown, context: ErrorContext, tried: string): NetworkError {
  const cause = sanitizedCause(error, context.redact);
  return new NetworkError(
    `${context.provider} ${context.operation}: network error${tried}: ${cause.message}`,
    errorOptions(context, cause),
  );
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** Options shared by every error of one call. */
export function errorOptions(context: ErrorContext, cause?: Error): CdrkitErrorOptions {
  return cause === undefined
    ? { provider: context.provider, operation: context.operation }
    : { provider: context.provider, operation: context.operation, cause };
}

/**
 * The last line of defence for errors that provider code built (a `parse` or `mapHttpError`
 * callback): redacts every string the error holds, its causes' too, and drops attached
 * requests and responses. Mutates and returns `error`.
 */
export function scrubError<E>(error: E, redact: (text: string) => string): E {
  scrub(error, redact, 0, new Set());
  return error;
}

function scrub(value: unknown, redact: (text: string) => string, depth: number, seen: Set<unknown>): void {
  if (value === null || typeof value !== 'object' || depth > 4 || seen.has(value)) return;
  seen.add(value);
  const target = value as Record<string, unknown>;
  const keys = new Set([...Object.getOwnPropertyNames(target), 'message', 'stack', 'cause']);
  for (const key of keys) {
    if (!Object.hasOwn(target, key)) continue;
    let property: unknown;
    try {
      property = target[key];
    } catch {
      continue;
    }
    try {
      if (typeof property === 'string') {
        const redacted = redact(property);
        if (redacted !== property) target[key] = redacted;
      } else if (isWireObject(property)) {
        target[key] = undefined;
      } else if (typeof property === 'object' && property !== null) {
        scrub(property, redact, depth + 1, seen);
      }
    } catch {
      // A frozen or accessor-only property: nothing we can do but leave it.
    }
  }
}

function isWireObject(value: unknown): boolean {
  return (
    (typeof Request !== 'undefined' && value instanceof Request) ||
    (typeof Response !== 'undefined' && value instanceof Response) ||
    (typeof Headers !== 'undefined' && value instanceof Headers) ||
    value instanceof URL
  );
}
