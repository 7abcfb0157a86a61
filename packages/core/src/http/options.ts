import type { Hooks, Options as KyOptions, RetryOptions as KyRetryOptions } from 'ky';
import { InvalidArgumentError } from '../errors/index.js';
import { redactSecrets } from '../redact.js';
import type { ClientHooks, Logger, ProviderName, RequestOptions, RetryOptions } from '../types.js';
import type { HttpClientConfig } from './types.js';

/** Sent when the caller sets no `userAgent`. */
export const DEFAULT_USER_AGENT = 'cdrkit/0.1.0';

/** The retry policy with every default filled in. */
export interface ResolvedRetry {
  limit: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  statusCodes: readonly number[];
}

/** Client options, validated, with every default filled in. */
export interface ResolvedOptions {
  baseUrl: string;
  timeZone: string;
  timeoutMs: number;
  retry: ResolvedRetry;
  requestsPerSecond: number | undefined;
  maxResponseBytes: number;
  userAgent: string;
  fetch: typeof fetch | undefined;
  hooks: ClientHooks;
  logger: Logger | undefined;
  strict: boolean;
}

/** Per-call options, validated and laid over the client's. */
export interface ResolvedRequestOptions {
  timeoutMs: number;
  retry: ResolvedRetry;
  headers: Readonly<Record<string, string>> | undefined;
}

const DEFAULT_RETRY: ResolvedRetry = {
  limit: 3,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  statusCodes: [408, 429, 500, 502, 503, 504],
};

/** setTimeout's ceiling; a longer timer fires at once in every runtime (ky refuses it too). */
const MAX_TIMER_MS = 2_147_483_647;

type Fail = (argument: string, message: string) => never;

function failer(provider: ProviderName | undefined): Fail {
  return (argument, message) => {
    throw new InvalidArgumentError(provider === undefined ? message : `${provider}: ${message}`, {
      provider,
      argument,
    });
  };
}

/**
 * Validates what the user passed, before any request, so that a typo fails at construction
 * with a message that says what to change instead of as an odd transport error later.
 * @throws InvalidArgumentError
 */
export function resolveOptions(config: HttpClientConfig, secrets: readonly string[]): ResolvedOptions {
  const { options, provider } = config;
  const fail = failer(provider);
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    fail('fetch', 'fetch must be a fetch-compatible function.');
  }
  if (options.strict !== undefined && typeof options.strict !== 'boolean') {
    fail('strict', `strict must be true or false; got ${typeof options.strict}.`);
  }
  if (options.logger !== undefined && typeof options.logger?.debug !== 'function') {
    fail('logger', 'logger must have a debug(message, fields) method, as console does.');
  }
  if (
    options.userAgent !== undefined &&
    (typeof options.userAgent !== 'string' || /[\r\n]/.test(options.userAgent))
  ) {
    fail('userAgent', 'userAgent must be a single-line string.');
  }
  return {
    baseUrl: resolveBaseUrl(options.baseUrl ?? config.defaultBaseUrl, provider, secrets),
    timeZone: resolveTimeZone(options.timeZone ?? config.defaultTimeZone ?? 'UTC', provider),
    timeoutMs: positive(fail, 'timeoutMs', options.timeoutMs, 30_000, MAX_TIMER_MS),
    retry: options.retry === undefined ? DEFAULT_RETRY : resolveRetry(options.retry, DEFAULT_RETRY, fail),
    requestsPerSecond:
      options.requestsPerSecond === undefined
        ? undefined
        : positive(fail, 'requestsPerSecond', options.requestsPerSecond, 1, 1_000_000),
    maxResponseBytes: positive(fail, 'maxResponseBytes', options.maxResponseBytes, 64 * 1024 * 1024),
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    fetch: options.fetch,
    hooks: options.hooks ?? {},
    logger: options.logger,
    strict: options.strict ?? false,
  };
}

/**
 * Lays a call's `timeoutMs`, `retry` and `headers` over the client's options. With no
 * `client` it only validates (the paging engine does that when a list method is called, so
 * a bad option fails before any request).
 * @throws InvalidArgumentError naming the option at fault
 */
export function resolveRequestOptions(
  options: RequestOptions,
  client: { timeoutMs: number; retry: ResolvedRetry } = { timeoutMs: 30_000, retry: DEFAULT_RETRY },
  provider?: ProviderName,
): ResolvedRequestOptions {
  const fail = failer(provider);
  if (typeof options !== 'object' || options === null) fail('options', 'the call options must be an object.');
  const { headers } = options;
  if (
    headers !== undefined &&
    (typeof headers !== 'object' ||
      headers === null ||
      Object.values(headers).some((value) => typeof value !== 'string'))
  ) {
    fail('headers', 'headers must be an object of header names to string values.');
  }
  return {
    timeoutMs: positive(fail, 'timeoutMs', options.timeoutMs, client.timeoutMs, MAX_TIMER_MS),
    retry: options.retry === undefined ? client.retry : resolveRetry(options.retry, client.retry, fail),
    headers,
  };
}

/**
 * The ky options of a retry policy: full jitter on a doubling delay capped at `maxDelayMs`
 * (AWS Architecture Blog, "Exponential Backoff and Jitter"), `Retry-After` honoured on every
 * retried status, timeouts retried, and POST retried too: every provider call is a read.
 */
export function kyRetry(retry: ResolvedRetry): KyRetryOptions {
  const { baseDelayMs, maxDelayMs } = retry;
  return {
    limit: retry.limit,
    methods: ['get', 'post'],
    statusCodes: [...retry.statusCodes],
    afterStatusCodes: [...retry.statusCodes],
    maxRetryAfter: retry.maxRetryAfterMs,
    delay: (retryCount) => Math.min(maxDelayMs, baseDelayMs * 2 ** (retryCount - 1)),
    jitter: true,
    backoffLimit: maxDelayMs,
    retryOnTimeout: true,
  };
}

/** What a client hands every ky instance it makes, besides the timeout and the retry policy. */
export interface KyCallbacks {
  hooks: Hooks;
  fetch: NonNullable<KyOptions['fetch']>;
  shouldRetry: NonNullable<KyRetryOptions['shouldRetry']>;
}

/**
 * The ky instance options for a timeout and a retry policy, with the client's hooks, fetch and
 * `shouldRetry`. They sit on the instance, not on each call: ky merges a call's options into the
 * instance's on every request, and a nested `retry` there costs a deep merge per request.
 */
export function kyOptions(timeoutMs: number, retry: ResolvedRetry, callbacks: KyCallbacks): KyOptions {
  return {
    timeout: timeoutMs,
    retry: { ...kyRetry(retry), shouldRetry: callbacks.shouldRetry },
    hooks: callbacks.hooks,
    fetch: callbacks.fetch,
    throwHttpErrors: true,
    // Never follow: a 307/308 re-sends the body, credentials included, wherever Location points.
    redirect: 'manual',
  };
}

function positive(
  fail: Fail,
  argument: string,
  value: number | undefined,
  fallback: number,
  max = Infinity,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || value > max) {
    fail(
      argument,
      `${argument} must be a positive number${max < Infinity ? ` up to ${max}` : ''}; got ${String(value)}.`,
    );
  }
  return value;
}

function resolveBaseUrl(value: string, provider: ProviderName, secrets: readonly string[]): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidArgumentError(
      `${provider}: baseUrl must be an absolute http(s) URL such as 'https://api.example.com'; got '${redactSecrets(String(value), secrets)}'.`,
      { provider, argument: 'baseUrl' },
    );
  }
  if (url.username !== '' || url.password !== '') {
    // fetch refuses such URLs, and the userinfo would be a credential in every error message.
    throw new InvalidArgumentError(
      `${provider}: baseUrl must not contain a user name or password; pass credentials as client options.`,
      { provider, argument: 'baseUrl' },
    );
  }
  return value.trim().replace(/\/+$/, '');
}

function resolveTimeZone(timeZone: string, provider: ProviderName): string {
  try {
    if (typeof timeZone !== 'string' || timeZone === '') throw new RangeError('empty');
    new Intl.DateTimeFormat(undefined, { timeZone });
    return timeZone;
  } catch {
    throw new InvalidArgumentError(
      `${provider}: timeZone must be an IANA time zone such as 'Europe/Zurich' or 'UTC'; got '${String(timeZone)}'.`,
      { provider, argument: 'timeZone' },
    );
  }
}

/** A retry option (a count or a `RetryOptions`) over `base`: fields left out keep base's values. */
function resolveRetry(retry: number | RetryOptions, base: ResolvedRetry, fail: Fail): ResolvedRetry {
  if (typeof retry !== 'number' && (typeof retry !== 'object' || retry === null)) {
    fail('retry', 'retry must be a number of retries or a RetryOptions object.');
  }
  const options: RetryOptions = typeof retry === 'number' ? { limit: retry } : retry;
  const count = (name: keyof RetryOptions, value: number | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    const argument = typeof retry === 'number' ? 'retry' : `retry.${name}`;
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < 0 ||
      (name === 'limit' && !Number.isInteger(value))
    ) {
      fail(
        argument,
        `${argument} must be ${name === 'limit' ? 'a whole number' : 'a number of ms'} >= 0; got ${String(value)}.`,
      );
    }
    return value;
  };
  const statusCodes = options.statusCodes ?? base.statusCodes;
  if (!Array.isArray(statusCodes) || statusCodes.some((code) => !Number.isInteger(code))) {
    fail('retry.statusCodes', 'retry.statusCodes must be an array of HTTP status codes.');
  }
  return {
    limit: count('limit', options.limit, base.limit),
    baseDelayMs: count('baseDelayMs', options.baseDelayMs, base.baseDelayMs),
    maxDelayMs: count('maxDelayMs', options.maxDelayMs, base.maxDelayMs),
    maxRetryAfterMs: count('maxRetryAfterMs', options.maxRetryAfterMs, base.maxRetryAfterMs),
    statusCodes: Object.freeze([...statusCodes]),
  };
}
