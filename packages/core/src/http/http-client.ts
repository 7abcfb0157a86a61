import { DriftMonitor } from '../drift.js';
import {
  AbortError,
  CdrkitError,
  InvalidArgumentError,
  NetworkError,
  ResponseFormatError,
  TimeoutError,
} from '../errors/index.js';
import { redactHeaders, redactSecrets } from '../redact.js';
import type { ProviderName, RequestInfo } from '../types.js';
import {
  defaultHttpError,
  type ErrorContext,
  errorOptions,
  redirectError,
  retryAfterTooLongError,
  sanitizedCause,
  scrubError,
} from './errors.js';
import { type ResolvedOptions, resolveOptions } from './options.js';
import { RateLimiter } from './rate-limiter.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { backoffDelay, parseRetryAfter } from './retry.js';
import { sleep } from './sleep.js';
import type { HttpClientConfig, HttpRequest, HttpResponse } from './types.js';

/** A request ready for the wire: URL joined and query appended, headers and body built. */
interface PreparedRequest {
  method: string;
  url: string;
  headers: Headers;
  body: string | undefined;
}

/**
 * Why an attempt failed and what may be done about it. `error` is what the `beforeRetry` hook
 * sees; `final` is what the caller gets once retrying is over (for an HTTP status, only then is
 * the provider's `mapHttpError` consulted).
 */
interface Failure {
  error: CdrkitError;
  retryable: boolean;
  final?: (attempts: number) => CdrkitError;
  response?: HttpResponse;
  retryAfterMs?: number | undefined;
}

/** Marks a thrown value as a {@link Failure}, to tell it apart from a hook's or a callback's error. */
class AttemptFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.error.message);
  }
}

/**
 * Sends requests for one client. Build one per client instance: the rate limit and the
 * redaction list are per instance.
 *
 * @example
 * ```ts
 * const http = new HttpClient({
 *   provider: 'telecmi',
 *   defaultBaseUrl: 'https://rest.telecmi.com',
 *   options,                         // the user's ClientOptions
 *   secrets: [options.token],
 * });
 * const page = await http.send(
 *   { operation: 'outAnswered', method: 'POST', path: '/v2/out_cdr', json: body, signal },
 *   (response) => validate(pageSchema, parseJson(response.body, ctx), ctx),
 * );
 * ```
 */
export class HttpClient {
  /** The provider this client talks to; it prefixes every error message and tags every hook payload. */
  readonly provider: ProviderName;
  /** Base URL without a trailing slash. */
  readonly baseUrl: string;
  /** The client's IANA zone, validated. */
  readonly timeZone: string;
  /** The credential values this client redacts. */
  readonly secrets: readonly string[];
  /** Reports (or, with `strict`, throws) what answers hold beyond their doc: see docs/reading-policy.md. */
  readonly drift: DriftMonitor;

  readonly #options: ResolvedOptions;
  readonly #limiter: RateLimiter | undefined;
  readonly #mapHttpError: HttpClientConfig['mapHttpError'];

  /** @throws InvalidArgumentError for a bad baseUrl, timeZone, timeoutMs, retry or requestsPerSecond */
  constructor(config: HttpClientConfig) {
    this.provider = config.provider;
    // Frozen and kept by identity: redactSecrets caches the encoded variants per array.
    this.secrets = Object.freeze(
      [...new Set(config.secrets)].filter((secret) => typeof secret === 'string' && secret !== ''),
    );
    this.#options = resolveOptions(config, this.secrets);
    this.baseUrl = this.#options.baseUrl;
    this.timeZone = this.#options.timeZone;
    this.#mapHttpError = config.mapHttpError;
    this.drift = new DriftMonitor({
      provider: this.provider,
      onDrift: this.#options.hooks.schemaDrift,
      strict: this.#options.strict,
    });
    this.#limiter =
      this.#options.requestsPerSecond === undefined
        ? undefined
        : new RateLimiter(this.#options.requestsPerSecond);
  }

  /**
   * Redacts this client's credentials (and secret-named parameters) from `text`. Use it on
   * anything a provider client puts in an error message or hands to a hook.
   * @example
   * ```ts
   * const http = new HttpClient({ provider: 'telecmi', defaultBaseUrl, options, secrets: ['tok-123'] });
   * http.redact('token tok-123');                        // 'token [REDACTED]'
   * http.redact('/cdr?password=hunter2&from=2024-03-01'); // '/cdr?password=[REDACTED]&from=2024-03-01'
   * ```
   */
  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  /**
   * Sends `request` (or, for each attempt, the request `build(attempt)` returns: Boxis signs
   * every attempt afresh), reads the body, and returns `parse(response)` for a 2xx answer.
   * Retries network errors, timeouts, the configured statuses, and `ResponseFormatError`s of kind
   * `syntax` (or errors marked `retryable: true`) from `parse`, with exponential backoff and full
   * jitter, honouring `Retry-After`.
   * The signal reaches every attempt and every sleep. Every error is a `CdrkitError` with
   * credentials redacted.
   *
   * A hook that throws ends the call: its error is wrapped in a `CdrkitError` (message redacted,
   * the hook's own error as `cause`) and is not retried, since hooks only ever see redacted data.
   * @example
   * ```ts
   * // One request, parsed and validated; throws ResponseFormatError when the answer does not fit.
   * const ctx = { provider: 'telecmi', operation: 'outAnswered' } as const;
   * const page = await http.send(
   *   { operation: 'outAnswered', method: 'POST', path: '/v2/out_cdr', json: body, signal },
   *   (response) => validate(pageSchema, parseJson(response.body, ctx), ctx),
   * );
   *
   * // A request rebuilt for every attempt, so each retry carries a fresh signature.
   * const answer = await http.send(
   *   (attempt) => ({ operation: 'getCDR', method: 'POST', path: '/api', form: sign(params), signal }),
   *   (response) => response.body,
   * );
   * ```
   */
  async send<T>(
    request: HttpRequest | ((attempt: number) => HttpRequest),
    parse: (response: HttpResponse) => T,
  ): Promise<T> {
    const { retry } = this.#options;
    const maxAttempts = retry.limit + 1;
    for (let attempt = 1; ; attempt++) {
      const current = this.#build(request, attempt);
      const context = this.#context(current.operation, current.secrets);
      const { signal } = current;
      const abortError = (): AbortError =>
        new AbortError(
          `${this.provider} ${current.operation}: aborted by the caller's signal.`,
          errorOptions(context),
        );
      if (signal?.aborted) throw abortError();
      const prepared = this.#prepare(current, context);
      const info = this.#hasHooks()
        ? this.#requestInfo(prepared, current.operation, attempt, context)
        : undefined;

      let failure: Failure;
      try {
        await this.#limiter?.acquire(signal, abortError);
        if (info !== undefined) await this.#runHook('beforeRequest', info, context);
        if (signal?.aborted) throw abortError();
        const response = await this.#exchange(prepared, signal, attempt, maxAttempts, context, info);
        if (response.status >= 200 && response.status < 300) {
          return this.#parse(parse, response, context);
        }
        failure = this.#statusFailure(response, context);
      } catch (error) {
        if (!(error instanceof AttemptFailure)) throw error;
        failure = error.failure;
      }

      if (!failure.retryable || attempt >= maxAttempts) throw failure.final?.(attempt) ?? failure.error;
      let delayMs = backoffDelay(attempt, retry);
      if (failure.retryAfterMs !== undefined) {
        if (failure.retryAfterMs > retry.maxRetryAfterMs) {
          throw failure.response?.status === 429
            ? retryAfterTooLongError(failure.response, failure.retryAfterMs, retry.maxRetryAfterMs, context)
            : (failure.final?.(attempt) ?? failure.error);
        }
        // The server said when; jitter would only make us early or needlessly late.
        delayMs = failure.retryAfterMs;
      }
      if (info !== undefined) {
        await this.#runHook(
          'beforeRetry',
          { request: info, error: failure.error, attempt: attempt + 1, delayMs },
          context,
        );
      }
      await sleep(delayMs, signal, abortError);
    }
  }

  /**
   * One attempt: a plain fetch, then the body is read. Retries, timeouts and status handling
   * are this loop's, which is why no HTTP library sits in between: ky did nothing here that this
   * loop does not, and cost 4.4 KB gzipped of every browser bundle.
   */
  async #exchange(
    prepared: PreparedRequest,
    signal: AbortSignal | undefined,
    attempt: number,
    maxAttempts: number,
    context: ErrorContext,
    info: RequestInfo | undefined,
  ): Promise<HttpResponse> {
    const { timeoutMs, maxResponseBytes } = this.#options;
    const fetchImpl = this.#options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') {
      throw new InvalidArgumentError(
        `${this.provider} ${context.operation}: this runtime has no global fetch; pass one as the fetch option.`,
        { ...errorOptions(context), argument: 'fetch' },
      );
    }
    // One controller per attempt, so a timeout ends this attempt only; the caller's signal
    // feeds it, and the timer covers the headers and the whole body.
    const controller = new AbortController();
    let timedOut = false;
    const onCallerAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const started = performance.now();

    try {
      let outgoing: Request;
      try {
        outgoing = new Request(prepared.url, {
          method: prepared.method,
          headers: prepared.headers,
          ...(prepared.body === undefined ? {} : { body: prepared.body }),
          signal: controller.signal,
          // Never follow: a 307/308 re-sends the body, credentials included, wherever Location points.
          redirect: 'manual',
        });
      } catch (error) {
        // The Request is built before anything is sent: a failure here is a malformed request, not the network.
        throw new InvalidArgumentError(
          `${this.provider} ${context.operation}: could not build the request (${context.redact(errorText(error))}).`,
          errorOptions(context),
        );
      }
      // Called unbound: a fetch taken off `window` throws "Illegal invocation" when called as a method.
      const response = await fetchImpl(outgoing);
      let body: string;
      try {
        body = await readBody(response, maxResponseBytes, controller.signal);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        throw new AttemptFailure({
          retryable: false,
          error: new ResponseFormatError(
            `${this.provider} ${context.operation}: the answer is larger than maxResponseBytes (${maxResponseBytes} bytes). ` +
              'Ask for smaller pages (pageSize) or raise maxResponseBytes in the client options.',
            { ...errorOptions(context), kind: 'schema', status: response.status },
          ),
        });
      }
      clearTimeout(timer);
      const result: HttpResponse = { status: response.status, headers: response.headers, body };
      if (info !== undefined) {
        await this.#runHook(
          'afterResponse',
          {
            request: info,
            status: response.status,
            headers: redactHeaders(response.headers, context.secrets),
            durationMs: performance.now() - started,
          },
          context,
        );
      }
      return result;
    } catch (error) {
      if (error instanceof AttemptFailure || error instanceof CdrkitError) throw error;
      throw new AttemptFailure(
        this.#transportFailure(error, signal, timedOut, attempt, maxAttempts, context),
      );
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  /** Tells the caller's abort, our timeout and a network failure apart; only the first is final. */
  #transportFailure(
    error: unknown,
    signal: AbortSignal | undefined,
    timedOut: boolean,
    attempt: number,
    maxAttempts: number,
    context: ErrorContext,
  ): Failure {
    const { provider } = this;
    const { operation } = context;
    if (signal?.aborted) {
      return {
        retryable: false,
        error: new AbortError(
          `${provider} ${operation}: aborted by the caller's signal.`,
          errorOptions(context),
        ),
      };
    }
    const tried = maxAttempts > 1 ? ` (attempt ${attempt} of ${maxAttempts})` : '';
    if (timedOut) {
      const { timeoutMs } = this.#options;
      return {
        retryable: true,
        error: new TimeoutError(
          `${provider} ${operation}: no complete answer within timeoutMs = ${timeoutMs} ms${tried}. ` +
            `If the provider is just slow, raise the client's timeoutMs option (e.g. timeoutMs: ${timeoutMs * 2}).`,
          errorOptions(context),
        ),
      };
    }
    const cause = sanitizedCause(error, context.redact);
    return {
      retryable: true,
      error: new NetworkError(
        `${provider} ${operation}: network error${tried}: ${cause.message}`,
        errorOptions(context, cause),
      ),
    };
  }

  /** A non-2xx answer: retried when its status is listed, mapped by the provider once it is final. */
  #statusFailure(response: HttpResponse, context: ErrorContext): Failure {
    // 3xx, or 0 for the opaque redirect a browser hands back: final, and not the provider's to map.
    if (response.status === 0 || (response.status >= 300 && response.status < 400)) {
      return { retryable: false, error: redirectError(response, context) };
    }
    const retryable = this.#options.retry.statusCodes.has(response.status);
    const final = (attempts: number): CdrkitError => {
      let mapped: CdrkitError | undefined;
      try {
        mapped = this.#mapHttpError?.(response, context.operation);
      } catch (error) {
        mapped = error instanceof CdrkitError ? error : this.#callbackError('mapHttpError', error, context);
      }
      return scrubError(mapped ?? defaultHttpError(response, context, attempts), context.redact);
    };
    return {
      retryable,
      error: defaultHttpError(response, context, 1),
      final,
      response,
      retryAfterMs: retryable ? parseRetryAfter(response.headers.get('retry-after')) : undefined,
    };
  }

  /**
   * Runs the provider's `parse`. A syntax error (truncated or malformed body) is worth another
   * attempt, and so is an error `parse` marks `retryable: true` (an in-body error its provider
   * calls transient, such as TeleCMI's code 502); once attempts run out it is thrown as it is.
   */
  #parse<T>(parse: (response: HttpResponse) => T, response: HttpResponse, context: ErrorContext): T {
    try {
      return parse(response);
    } catch (error) {
      const marked = error instanceof CdrkitError && (error as { retryable?: unknown }).retryable === true;
      if (marked || (error instanceof ResponseFormatError && error.kind === 'syntax')) {
        throw new AttemptFailure({ retryable: true, error: scrubError(error, context.redact) });
      }
      if (error instanceof CdrkitError) throw scrubError(error, context.redact);
      // A provider parser that trips over an answer it did not expect: still a format problem.
      const cause = sanitizedCause(error, context.redact, true);
      throw new ResponseFormatError(
        `${this.provider} ${context.operation}: could not read the answer (${cause.message}).`,
        { ...errorOptions(context, cause), kind: 'schema', status: response.status },
      );
    }
  }

  #build(request: HttpRequest | ((attempt: number) => HttpRequest), attempt: number): HttpRequest {
    if (typeof request !== 'function') return request;
    try {
      return request(attempt);
    } catch (error) {
      const context = this.#context('request');
      if (error instanceof CdrkitError) throw scrubError(error, context.redact);
      throw this.#callbackError('build', error, context);
    }
  }

  /** Joins the URL and builds headers and body; a malformed request is the caller's error, never retried. */
  #prepare(request: HttpRequest, context: ErrorContext): PreparedRequest {
    try {
      let url = /^[a-z][a-z\d+.-]*:/i.test(request.path)
        ? request.path
        : request.path === ''
          ? this.baseUrl
          : `${this.baseUrl}${request.path.startsWith('/') ? '' : '/'}${request.path}`;
      if (request.query !== undefined) {
        const query = new URLSearchParams();
        for (const [name, value] of Object.entries(request.query)) {
          if (value !== undefined) query.append(name, String(value));
        }
        const search = query.toString();
        if (search !== '') url += `${url.includes('?') ? '&' : '?'}${search}`;
      }
      const headers = new Headers();
      try {
        headers.set('user-agent', this.#options.userAgent);
      } catch {
        // Some runtimes forbid setting User-Agent; the request goes out with theirs.
      }
      let body: string | undefined;
      if (request.json !== undefined) {
        body = JSON.stringify(request.json);
        headers.set('content-type', 'application/json');
      } else if (request.form !== undefined) {
        body = new URLSearchParams(request.form).toString();
        headers.set('content-type', 'application/x-www-form-urlencoded');
      } else {
        body = request.body;
      }
      for (const [name, value] of Object.entries(request.headers ?? {})) headers.set(name, value);
      return { method: request.method, url, headers, body };
    } catch (error) {
      throw new InvalidArgumentError(
        `${this.provider} ${context.operation}: could not build the request (${context.redact(errorText(error))}).`,
        errorOptions(context),
      );
    }
  }

  #requestInfo(
    prepared: PreparedRequest,
    operation: string,
    attempt: number,
    context: ErrorContext,
  ): RequestInfo {
    return {
      provider: this.provider,
      operation,
      method: prepared.method,
      url: context.redact(prepared.url),
      headers: redactHeaders(prepared.headers, context.secrets),
      body: prepared.body === undefined ? null : context.redact(prepared.body),
      attempt,
    };
  }

  #hasHooks(): boolean {
    const { hooks } = this.#options;
    return (
      hooks.beforeRequest !== undefined ||
      hooks.afterResponse !== undefined ||
      hooks.beforeRetry !== undefined
    );
  }

  async #runHook<K extends 'beforeRequest' | 'afterResponse' | 'beforeRetry'>(
    name: K,
    payload: Parameters<NonNullable<ResolvedOptions['hooks'][K]>>[0],
    context: ErrorContext,
  ): Promise<void> {
    const hook = this.#options.hooks[name] as ((info: typeof payload) => void | Promise<void>) | undefined;
    if (hook === undefined) return;
    try {
      await hook(payload);
    } catch (error) {
      throw new CdrkitError(
        `${this.provider} ${context.operation}: the ${name} hook threw: ${context.redact(errorText(error))}`,
        { ...errorOptions(context), cause: error },
      );
    }
  }

  #callbackError(name: string, error: unknown, context: ErrorContext): CdrkitError {
    const cause = sanitizedCause(error, context.redact, true);
    return new CdrkitError(
      `${this.provider} ${context.operation}: ${name} failed: ${cause.message}`,
      errorOptions(context, cause),
    );
  }

  /** Who is failing, and what to redact: the client's secrets and the request's own (a signature). */
  #context(operation: string, requestSecrets?: readonly string[]): ErrorContext {
    const extra = requestSecrets?.filter((secret) => typeof secret === 'string' && secret !== '') ?? [];
    const secrets = extra.length === 0 ? this.secrets : Object.freeze([...this.secrets, ...extra]);
    return { provider: this.provider, operation, secrets, redact: (text) => redactSecrets(text, secrets) };
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
