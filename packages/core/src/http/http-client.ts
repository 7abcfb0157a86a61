import ky, { type Options as KyCallOptions, type KyInstance } from 'ky';
import { DriftMonitor } from '../drift.js';
import { CdrkitError, InvalidArgumentError, ResponseFormatError } from '../errors/index.js';
import { redactHeaders, redactSecrets } from '../redact.js';
import type { ProviderName, RequestOptions } from '../types.js';
import type { ParseContext } from '../validate.js';
import {
  type AttemptSettings,
  exchangeOfFailure,
  fetchAttempt,
  finalError,
  RetryableFailure,
  shouldRetry,
} from './attempt.js';
import { callContextOf } from './call-context.js';
import {
  abortError,
  defaultHttpError,
  type ErrorContext,
  errorOptions,
  sanitizedCause,
  scrubError,
  withAnswer,
} from './errors.js';
import { Exchange } from './exchange.js';
import { callbackError, errorText, runHook } from './hooks.js';
import {
  type KyCallbacks,
  kyOptions,
  type ResolvedOptions,
  type ResolvedRequestOptions,
  resolveOptions,
  resolveRequestOptions,
} from './options.js';
import { type PreparedRequest, prepareRequest, requestInfo, toRequest } from './prepare.js';
import { RateLimiter } from './rate-limiter.js';
import type { HttpClientConfig, HttpRequest, HttpResponse } from './types.js';

type AnyExchange = Exchange<unknown>;
/**
 * The option under which `send` hands ky its exchange. ky keeps an option it does not know on the
 * options its hooks and `HTTPError` see, and passes it to `fetch` as `init`: the instance's fetch,
 * hooks and `shouldRetry` find their call there.
 */
const EXCHANGE = 'cdrkitExchange';
const exchangeOf = (options: object | undefined): AnyExchange | undefined =>
  (options as Record<string, AnyExchange | undefined> | undefined)?.[EXCHANGE];
const theExchange = (options: object | undefined): AnyExchange => exchangeOf(options) as AnyExchange;

/** How one call sends: its options laid over the client's, and the ky instance made from them. */
interface CallSetup {
  options: ResolvedRequestOptions;
  ky: KyInstance;
}

/**
 * Sends requests for one client, through one ky instance: ky retries (backoff with jitter,
 * `Retry-After`), times out and runs the hooks; this class adds what ky does not do (redaction,
 * the response-size cap, the rate limit, cdrkit errors, refusing redirects). Build one per
 * client instance: the rate limit and the redaction list are per instance.
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
  readonly #kyCallbacks: KyCallbacks;
  readonly #attempt: AttemptSettings;
  readonly #client: CallSetup;
  /** Per-call options seen before: the paging engine hands every page one frozen object, resolved once. */
  readonly #calls = new WeakMap<RequestOptions, CallSetup>();

  /** @throws InvalidArgumentError for a bad baseUrl, timeZone, timeoutMs, retry, logger or requestsPerSecond */
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
    const { hooks } = this.#options;
    const userHooks =
      hooks.beforeRequest !== undefined ||
      hooks.afterResponse !== undefined ||
      hooks.beforeRetry !== undefined;
    // ky runs (and for afterResponse, clones the answer for) every hook it has: register only
    // those with work to do. Without them fetchAttempt hands the answer to `parse` itself.
    this.#attempt = {
      fetch: this.#options.fetch,
      maxResponseBytes: this.#options.maxResponseBytes,
      answered: hooks.afterResponse === undefined ? (exchange) => this.#parseAnswer(exchange) : undefined,
    };
    this.#kyCallbacks = {
      hooks: {
        beforeRequest:
          userHooks || this.#limiter !== undefined
            ? [(_request, options) => this.#beforeAttempt(theExchange(options), userHooks)]
            : [],
        afterResponse:
          hooks.afterResponse === undefined
            ? []
            : [(_request, options) => this.#afterResponse(theExchange(options))],
        beforeRetry: [
          (state) => this.#beforeRetry(theExchange(state.options), state.retryCount, state.options.signal),
        ],
      },
      fetch: (input, init) => fetchAttempt(input as Request, theExchange(init), this.#attempt),
      shouldRetry: ({ error }) => {
        const exchange = exchangeOfFailure(error, exchangeOf);
        return exchange === undefined ? false : shouldRetry(error, exchange);
      },
    };
    const { timeoutMs, retry } = this.#options;
    this.#client = {
      options: { timeoutMs, retry, headers: undefined },
      ky: ky.create(kyOptions(timeoutMs, retry, this.#kyCallbacks)),
    };
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
   * The context for reading an answer of `operation`: names the call in errors, whose excerpt
   * of the body is redacted of this client's credentials.
   * @example parseJson(response.body, http.parseContext('listSdrs', response))
   */
  parseContext(operation: string, response: HttpResponse): ParseContext {
    const { body, status } = response;
    return { provider: this.provider, operation, body, status, secrets: this.secrets };
  }

  /**
   * Sends `request` (or, per attempt, what `build(attempt)` returns: Boxis signs every attempt
   * afresh) and returns `parse(response)` for a 2xx answer. ky retries network errors, timeouts,
   * the configured statuses, syntax errors from `parse` and errors it marks `retryable`, honouring
   * `Retry-After`; the signal reaches every attempt and wait. The call's `timeoutMs`, `retry` and
   * `headers` come from `request.options` or from the paging engine's signal. Every error is a
   * redacted `CdrkitError`; a hook that throws ends the call.
   * @example
   * ```ts
   * const page = await http.send(
   *   { operation: 'outAnswered', method: 'POST', path: '/v2/out_cdr', json: body, signal },
   *   (response) => validate(pageSchema, parseJson(response.body, http.parseContext('outAnswered', response)), ctx),
   * );
   * ```
   */
  async send<T>(
    request: HttpRequest | ((attempt: number) => HttpRequest),
    parse: (response: HttpResponse) => T,
  ): Promise<T> {
    const build = typeof request === 'function' ? request : undefined;
    const first = this.#build(request, 1);
    const callContext = callContextOf(first.signal);
    const call = this.#setup(first.options ?? callContext?.options);
    const context = this.#context(first.operation, first.secrets);
    const prepared = this.#prepare(first, call.options, context);
    const { logger } = this.#options;
    const at = { request: first, prepared, context };
    const exchange = new Exchange(this.provider, call.options, first.signal, parse, logger, build, at);
    if (first.signal?.aborted) throw abortError(context);
    let pending: Promise<Response>;
    try {
      pending = call.ky(prepared.url, {
        method: prepared.method,
        headers: prepared.headers,
        // No body here: ky clones its Request before every attempt (a tee of the body's stream,
        // per request); fetchAttempt sends the prepared body with ky's URL, headers and signal.
        ...(first.signal === undefined ? {} : { signal: first.signal }),
        [EXCHANGE]: exchange,
      } as KyCallOptions);
    } catch (error) {
      // ky builds the Request at once: one it cannot build is a malformed request, not the network.
      throw new InvalidArgumentError(
        `${this.provider} ${context.operation}: could not build the request (${context.redact(errorText(error))}).`,
        errorOptions(context),
      );
    }
    try {
      await pending;
    } catch (error) {
      throw finalError(error, exchange, (answer) => this.#statusError(answer, exchange));
    }
    const { result } = exchange;
    if (result === undefined) throw new CdrkitError('unreachable: a 2xx answer that was not parsed');
    callContext?.onResponse(exchange.metadata());
    exchange.release();
    return result.value as T;
  }

  /** The call's options over the client's, and the ky instance they need (the client's own when they change nothing). */
  #setup(overrides: RequestOptions | undefined): CallSetup {
    if (overrides === undefined) return this.#client;
    let setup = this.#calls.get(overrides);
    if (setup === undefined) {
      const options = resolveRequestOptions(overrides, this.#options, this.provider);
      const same = options.timeoutMs === this.#options.timeoutMs && options.retry === this.#options.retry;
      // A fresh instance rather than `extend`: ky's merge would append to the client's status code lists.
      setup = {
        options,
        ky: same
          ? this.#client.ky
          : ky.create(kyOptions(options.timeoutMs, options.retry, this.#kyCallbacks)),
      };
      // A caller's own object (getSdr's options) may change between calls: only frozen ones are kept.
      if (Object.isFrozen(overrides)) this.#calls.set(overrides, setup);
    }
    return setup;
  }

  /**
   * ky's `beforeRequest`, when there is a rate limit or a user hook: the rate limit's slot, then
   * the user's hook. Runs before ky's timeout starts. (`beforeRetry` has set the attempt.)
   */
  async #beforeAttempt(exchange: AnyExchange, userHooks: boolean): Promise<void> {
    const { signal, context } = exchange;
    await this.#limiter?.acquire(signal, () => abortError(context));
    if (userHooks) {
      exchange.info = requestInfo(this.provider, exchange.prepared, exchange.attempt, context);
      await runHook(this.#options.hooks, this.provider, 'beforeRequest', exchange.info, context);
    }
    if (signal?.aborted) throw abortError(context);
  }

  /** ky's `afterResponse`, only when the user set that hook: the hook, for every answer, then `parse`. */
  async #afterResponse(exchange: AnyExchange): Promise<void> {
    const answer = exchange.answer as HttpResponse;
    const { context } = exchange;
    if (exchange.info !== undefined) {
      await runHook(
        this.#options.hooks,
        this.provider,
        'afterResponse',
        {
          request: exchange.info,
          status: answer.status,
          headers: redactHeaders(answer.headers, context.secrets),
          durationMs: exchange.attemptEndedAt - exchange.attemptStartedAt,
        },
        context,
      );
    }
    this.#parseAnswer(exchange);
  }

  /** `parse` on the current attempt's answer, when it is a 2xx. */
  #parseAnswer(exchange: AnyExchange): void {
    const answer = exchange.answer as HttpResponse;
    if (answer.status >= 200 && answer.status < 300)
      exchange.result = { value: this.#parse(exchange, answer) };
  }

  /**
   * Runs the provider's `parse`. A syntax error (truncated or malformed body) is worth another
   * attempt, and so is an error `parse` marks `retryable: true` (an in-body error its provider
   * calls transient, such as TeleCMI's code 502); once attempts run out it is thrown as it is.
   */
  #parse(exchange: AnyExchange, answer: HttpResponse): unknown {
    const { context } = exchange;
    try {
      return exchange.parse(answer);
    } catch (error) {
      if (error instanceof CdrkitError) {
        const scrubbed = withAnswer(scrubError(error, context.redact), answer, context.secrets);
        const marked = (error as { retryable?: unknown }).retryable === true;
        throw marked || (error instanceof ResponseFormatError && error.kind === 'syntax')
          ? new RetryableFailure(scrubbed, exchange)
          : scrubbed;
      }
      // A provider parser that trips over an answer it did not expect: still a format problem.
      const cause = sanitizedCause(error, context.redact, true);
      throw new ResponseFormatError(
        `${this.provider} ${context.operation}: could not read the answer (${cause.message}).`,
        { ...errorOptions(context, cause), kind: 'schema', status: answer.status },
      );
    }
  }

  /** ky's `beforeRetry`, once the wait is over: the log line, the user's hook, and Boxis' fresh signature. */
  async #beforeRetry(
    exchange: AnyExchange,
    retryCount: number,
    signal: AbortSignal | null | undefined,
  ): Promise<Request | undefined> {
    // The server's Retry-After when it sent one (what ky waited), else the backoff as measured.
    const delayMs = exchange.retryAfterMs ?? Math.round(performance.now() - exchange.attemptEndedAt);
    const failed = exchange.info;
    exchange.attempt = retryCount + 1;
    exchange.logRetry(delayMs);
    if (failed !== undefined && exchange.failure !== undefined) {
      await runHook(
        this.#options.hooks,
        this.provider,
        'beforeRetry',
        { request: failed, error: exchange.failure, attempt: exchange.attempt, delayMs },
        exchange.context,
      );
    }
    if (exchange.build === undefined) return undefined;
    const next = this.#build(exchange.build, exchange.attempt);
    exchange.request = next;
    exchange.context = this.#context(next.operation, next.secrets);
    exchange.prepared = this.#prepare(next, exchange.options, exchange.context);
    return toRequest(exchange.prepared, signal);
  }

  /** A non-2xx answer once retries are over: the provider's mapping, else the default one. */
  #statusError(answer: HttpResponse, exchange: AnyExchange): CdrkitError {
    const { context } = exchange;
    let mapped: CdrkitError | undefined;
    try {
      mapped = this.#mapHttpError?.(answer, context.operation);
    } catch (error) {
      mapped =
        error instanceof CdrkitError ? error : callbackError(this.provider, 'mapHttpError', error, context);
    }
    const error = mapped ?? defaultHttpError(answer, context, exchange.attempt);
    return withAnswer(scrubError(error, context.redact), answer, context.secrets);
  }

  #build(request: HttpRequest | ((attempt: number) => HttpRequest), attempt: number): HttpRequest {
    if (typeof request !== 'function') return request;
    try {
      return request(attempt);
    } catch (error) {
      const context = this.#context('request');
      if (error instanceof CdrkitError) throw scrubError(error, context.redact);
      throw callbackError(this.provider, 'build', error, context);
    }
  }

  #prepare(request: HttpRequest, options: ResolvedRequestOptions, context: ErrorContext): PreparedRequest {
    return prepareRequest(request, this.baseUrl, this.#options.userAgent, options.headers, context);
  }

  /** Who is failing, and what to redact: the client's secrets and the request's own (a signature). */
  #context(operation: string, requestSecrets?: readonly string[]): ErrorContext {
    const extra = requestSecrets?.filter((secret) => typeof secret === 'string' && secret !== '') ?? [];
    const secrets = extra.length === 0 ? this.secrets : Object.freeze([...this.secrets, ...extra]);
    return { provider: this.provider, operation, secrets, redact: (text) => redactSecrets(text, secrets) };
  }
}
