import { InvalidArgumentError } from '../errors/index.js';
import { redactSecrets } from '../redact.js';
import type { ClientHooks, ProviderName, RetryOptions } from '../types.js';
import type { HttpClientConfig } from './types.js';

/** Sent when the caller sets no `userAgent`. */
export const DEFAULT_USER_AGENT = 'cdrkit/0.1.0';

/** The retry policy with every default filled in. */
export interface ResolvedRetry {
  limit: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  statusCodes: ReadonlySet<number>;
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
  strict: boolean;
}

const DEFAULT_RETRY = {
  limit: 3,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  statusCodes: [408, 429, 500, 502, 503, 504] as readonly number[],
};

/** setTimeout's ceiling; a longer timer fires at once in every runtime. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Validates what the user passed, before any request, so that a typo fails at construction
 * with a message that says what to change instead of as an odd transport error later.
 * @throws InvalidArgumentError
 */
export function resolveOptions(config: HttpClientConfig, secrets: readonly string[]): ResolvedOptions {
  const { options, provider } = config;
  const fail = (argument: string, message: string): never => {
    throw new InvalidArgumentError(`${provider}: ${message}`, { provider, argument });
  };
  const positive = (
    argument: string,
    value: number | undefined,
    fallback: number,
    max = Infinity,
  ): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !(value > 0) || value > max) {
      fail(
        argument,
        `${argument} must be a positive number${max < Infinity ? ` up to ${max}` : ''}; got ${String(value)}.`,
      );
    }
    return value;
  };

  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    fail('fetch', 'fetch must be a fetch-compatible function.');
  }
  if (options.strict !== undefined && typeof options.strict !== 'boolean') {
    fail('strict', `strict must be true or false; got ${typeof options.strict}.`);
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
    timeoutMs: positive('timeoutMs', options.timeoutMs, 30_000, MAX_TIMER_MS),
    retry: resolveRetry(options.retry, provider),
    requestsPerSecond:
      options.requestsPerSecond === undefined
        ? undefined
        : positive('requestsPerSecond', options.requestsPerSecond, 1, 1_000_000),
    maxResponseBytes: positive('maxResponseBytes', options.maxResponseBytes, 64 * 1024 * 1024),
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    fetch: options.fetch,
    hooks: options.hooks ?? {},
    strict: options.strict ?? false,
  };
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

function resolveRetry(retry: number | RetryOptions | undefined, provider: ProviderName): ResolvedRetry {
  const options: RetryOptions = typeof retry === 'number' ? { limit: retry } : (retry ?? {});
  const fail = (argument: string, message: string): never => {
    throw new InvalidArgumentError(`${provider}: ${message}`, { provider, argument });
  };
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
  if (typeof retry !== 'number' && retry !== undefined && (typeof retry !== 'object' || retry === null)) {
    fail('retry', 'retry must be a number of retries or a RetryOptions object.');
  }
  const statusCodes = options.statusCodes ?? DEFAULT_RETRY.statusCodes;
  if (!Array.isArray(statusCodes) || statusCodes.some((code) => !Number.isInteger(code))) {
    fail('retry.statusCodes', 'retry.statusCodes must be an array of HTTP status codes.');
  }
  return {
    limit: count('limit', options.limit, DEFAULT_RETRY.limit),
    baseDelayMs: count('baseDelayMs', options.baseDelayMs, DEFAULT_RETRY.baseDelayMs),
    maxDelayMs: count('maxDelayMs', options.maxDelayMs, DEFAULT_RETRY.maxDelayMs),
    maxRetryAfterMs: count('maxRetryAfterMs', options.maxRetryAfterMs, DEFAULT_RETRY.maxRetryAfterMs),
    statusCodes: new Set(statusCodes),
  };
}
