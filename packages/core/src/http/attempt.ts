/**
 * What one attempt comes to: the fetch ky calls, and the verdicts on a failure (ky's
 * `shouldRetry`, and the error the caller gets once ky gives up).
 * @module
 */
import { isHTTPError, isTimeoutError } from 'ky';
import { AbortError, CdrkitError, InvalidArgumentError, ResponseFormatError } from '../errors/index.js';
import {
  abortError,
  defaultHttpError,
  errorOptions,
  networkError,
  redirectError,
  retryAfterTooLongError,
  timeoutError,
} from './errors.js';
import type { Exchange } from './exchange.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { parseRetryAfter } from './retry-after.js';
import type { HttpResponse } from './types.js';

/**
 * A failed attempt worth another one: a network error, a timeout, a body cut off or that did
 * not parse. `shouldRetry` lets these (and the statuses of the retry policy) go on to ky's
 * retry; every other error ends the call.
 */
export class RetryableFailure extends Error {
  constructor(
    readonly error: CdrkitError,
    /** The call it failed, for the client's `shouldRetry`. */
    readonly exchange: AnyExchange,
  ) {
    super(error.message);
  }
}

type AnyExchange = Exchange<unknown>;

/** The call behind each request ky handed to fetch: a ky `TimeoutError` names only its request. */
const exchangeByRequest = new WeakMap<Request, AnyExchange>();

/**
 * The call a failure ky is about to retry belongs to, or undefined for a failure that ends the
 * call whatever it is (a cdrkit error thrown as it is: a redirect, a hook's error, a body too large).
 * `exchangeOfOptions` reads it off ky's options, which an `HTTPError` carries.
 */
export function exchangeOfFailure(
  error: Error,
  exchangeOfOptions: (options: object) => AnyExchange | undefined,
): AnyExchange | undefined {
  if (error instanceof RetryableFailure) return error.exchange;
  if (isHTTPError(error)) return exchangeOfOptions(error.options);
  if (isTimeoutError(error)) return exchangeByRequest.get(error.request);
  return undefined;
}

/** What {@link fetchAttempt} needs of its client; one object per client. */
export interface AttemptSettings {
  fetch: typeof fetch | undefined;
  maxResponseBytes: number;
  /**
   * Takes the current attempt's answer once its body is read (`parse` for a 2xx), or undefined
   * when the client leaves that to ky's `afterResponse` hook (a user hook runs first there).
   */
  answered: ((exchange: AnyExchange) => void) | undefined;
}

/**
 * The fetch ky calls, inside its timeout: the runtime's (or the user's) fetch, then the whole
 * body, within `maxResponseBytes`, so that the timeout covers the body and a body cut off is
 * retried. ky's request carries no body (see `HttpClient.send`): the prepared one goes on here.
 * ky gets a bodiless copy of the answer; the text stays on the exchange.
 */
export async function fetchAttempt(
  request: Request,
  exchange: AnyExchange,
  settings: AttemptSettings,
): Promise<Response> {
  const { attempt, context } = exchange;
  exchange.attemptStartedAt = performance.now();
  exchangeByRequest.set(request, exchange);
  const { provider, operation } = context;
  const fetchImpl = settings.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new InvalidArgumentError(
      `${provider} ${operation}: this runtime has no global fetch; pass one as the fetch option.`,
      { ...errorOptions(context), argument: 'fetch' },
    );
  }
  let response: Response;
  try {
    // Called unbound: a fetch taken off `window` throws "Illegal invocation" when called as a method.
    const { body } = exchange.prepared;
    // A body goes in as it is, not on a Request made for it: undici then writes headers and a
    // string body at once, where a Request's body would be written as a stream, chunk by chunk.
    response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      ...(body === undefined ? {} : { body }),
      signal: request.signal,
      redirect: request.redirect,
    });
  } catch (error) {
    throw transportFailure(error, exchange, attempt, request.signal);
  }
  const { status } = response;
  // 3xx, or 0 for the opaque redirect a browser hands back: final, and not the provider's to map.
  if (status === 0 || (status >= 300 && status < 400)) {
    void response.body?.cancel().catch(() => undefined);
    exchange.endAttempt({ status }, attempt);
    throw redirectError({ status, headers: response.headers, body: '' }, context);
  }
  let body: string;
  try {
    body = await readBody(response, settings.maxResponseBytes, request.signal);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError))
      throw transportFailure(error, exchange, attempt, request.signal);
    exchange.endAttempt({ status }, attempt);
    throw new ResponseFormatError(
      `${provider} ${operation}: the answer is larger than maxResponseBytes (${settings.maxResponseBytes} bytes). ` +
        'Ask for smaller pages (pageSize) or raise maxResponseBytes in the client options.',
      { ...errorOptions(context), kind: 'schema', status },
    );
  }
  // A late answer of an attempt ky's timeout already gave up on goes nowhere.
  if (attempt === exchange.attempt) {
    exchange.answer = { status, headers: response.headers, body };
    exchange.endAttempt({ status }, attempt);
    settings.answered?.(exchange);
  }
  return new Response(null, { status, headers: response.headers });
}

/** The caller's abort is final; a timeout (ky aborted the request) or a network error is retryable. */
function transportFailure(
  error: unknown,
  exchange: AnyExchange,
  attempt: number,
  requestSignal: AbortSignal,
): Error {
  const { context } = exchange;
  if (exchange.signal?.aborted) {
    exchange.endAttempt({ error: 'AbortError' }, attempt);
    return abortError(context);
  }
  if (requestSignal.aborted) {
    exchange.endAttempt({ error: 'TimeoutError' }, attempt);
    return new RetryableFailure(timeoutError(context, exchange.options.timeoutMs, exchange.tried), exchange);
  }
  exchange.endAttempt({ error: 'NetworkError' }, attempt);
  return new RetryableFailure(networkError(error, context, exchange.tried), exchange);
}

/**
 * ky's `shouldRetry`: `false` ends the call, `undefined` leaves the decision (and the wait) to
 * ky's policy. Refuses a `Retry-After` longer than `maxRetryAfterMs`, which ky would cap and
 * wait out.
 */
export function shouldRetry(error: Error, exchange: AnyExchange): false | undefined {
  exchange.retryAfterMs = undefined;
  if (exchange.signal?.aborted) return false;
  if (error instanceof RetryableFailure) {
    exchange.failure = error.error;
    return undefined;
  }
  if (isTimeoutError(error)) {
    exchange.endAttempt({ error: 'TimeoutError' });
    exchange.failure = timeoutError(exchange.context, exchange.options.timeoutMs, exchange.tried);
    return undefined;
  }
  if (!isHTTPError(error)) return false;
  const answer = exchange.answer as HttpResponse;
  const { retry } = exchange.options;
  exchange.failure = defaultHttpError(answer, exchange.context, 1);
  const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'));
  if (
    retryAfterMs !== undefined &&
    retryAfterMs > retry.maxRetryAfterMs &&
    retry.statusCodes.includes(answer.status)
  ) {
    exchange.retryAfterTooLongMs = retryAfterMs;
    return false;
  }
  // ky waits exactly this long for a retried status; beforeRetry reports it as the delay.
  if (retry.statusCodes.includes(answer.status)) exchange.retryAfterMs = retryAfterMs;
  return undefined;
}

/**
 * What the caller gets once ky gave up: always a `CdrkitError`, credentials redacted.
 * `statusError` maps a final non-2xx answer (the provider's mapping, else the default one).
 */
export function finalError(
  error: unknown,
  exchange: AnyExchange,
  statusError: (answer: HttpResponse) => CdrkitError,
): CdrkitError {
  const { context } = exchange;
  if (exchange.signal?.aborted) {
    exchange.endAttempt({ error: 'AbortError' });
    return error instanceof AbortError ? error : abortError(context);
  }
  if (error instanceof RetryableFailure) return error.error;
  if (error instanceof CdrkitError) return error;
  if (isHTTPError(error)) {
    const answer = exchange.answer as HttpResponse;
    const { retryAfterTooLongMs } = exchange;
    if (retryAfterTooLongMs !== undefined && answer.status === 429) {
      return retryAfterTooLongError(
        answer,
        retryAfterTooLongMs,
        exchange.options.retry.maxRetryAfterMs,
        context,
      );
    }
    return statusError(answer);
  }
  if (isTimeoutError(error)) {
    exchange.endAttempt({ error: 'TimeoutError' });
    return timeoutError(context, exchange.options.timeoutMs, exchange.tried);
  }
  exchange.endAttempt({ error: 'NetworkError' });
  return networkError(error, context, exchange.tried);
}
