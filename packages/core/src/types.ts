/**
 * Types shared by every cdrkit package: the provider names, JSON values, client options.
 * @module
 */

/** The providers cdrkit speaks to. */
export type ProviderName = 'iping' | 'telecmi' | 'boxis' | 'mixvoip' | 'nimblevox';

/** A value that survives `JSON.stringify` / `JSON.parse` unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * A date as users pass it: a `Date`, an ISO-8601 string (`2024-03-01`, `2024-03-01T10:00:00Z`,
 * `2024-03-01T10:00:00+01:00`) or epoch milliseconds. An ISO string without an offset is read
 * in the client's `timeZone`.
 */
export type DateInput = Date | string | number;

/** How a client retries a failed request. */
export interface RetryOptions {
  /**
   * Retries after the first attempt (0 turns retrying off).
   * @defaultValue 3
   */
  limit?: number;
  /**
   * First backoff delay in ms; each retry doubles it, with full jitter (a random delay between 0
   * and the doubled value).
   * @defaultValue 300
   */
  baseDelayMs?: number;
  /**
   * Longest backoff delay in ms.
   * @defaultValue 10000
   */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` the client waits for; a longer one ends the retries with a
   * `RateLimitError` that carries `retryAfterMs`.
   * @defaultValue 60000
   */
  maxRetryAfterMs?: number;
  /**
   * HTTP statuses that are retried.
   * @defaultValue [408, 429, 500, 502, 503, 504]
   */
  statusCodes?: readonly number[];
}

/** What hooks see of a request: every credential already replaced by `[REDACTED]`. */
export interface RequestInfo {
  /** The provider the request goes to. */
  provider: ProviderName;
  /** The client method that sent it, e.g. `outAnswered`. */
  operation: string;
  /** The HTTP method, `GET` or `POST`. */
  method: string;
  /** Redacted URL. */
  url: string;
  /** Redacted headers. */
  headers: Record<string, string>;
  /** Redacted body, if any. */
  body: string | null;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
}

/** What `afterResponse` sees. */
export interface ResponseInfo {
  /** The request this answers, as `beforeRequest` saw it. */
  request: RequestInfo;
  /** HTTP status code of the answer. */
  status: number;
  /** Redacted response headers. */
  headers: Record<string, string>;
  /** Milliseconds from sending the request to having read the whole body. */
  durationMs: number;
}

/** What `beforeRetry` sees. */
export interface RetryInfo {
  /** The attempt that failed, as `beforeRequest` saw it. */
  request: RequestInfo;
  /** The error that caused the retry (a `CdrkitError`, credentials redacted). */
  error: Error;
  /** The attempt about to be made (2 for the first retry). */
  attempt: number;
  /** How long the client waited after the failed attempt, in ms (backoff with jitter, or the provider's `Retry-After`). */
  delayMs: number;
}

/**
 * The answer behind a page: what stripe-node, octokit and the AWS SDK hand back beside a
 * result. Credentials are redacted from `url` and `headers`.
 */
export interface ResponseMetadata {
  /** HTTP status code of the answer, e.g. 200. */
  status: number;
  /** Response headers, names in lower case, credentials (`set-cookie`, …) redacted. */
  headers: Record<string, string>;
  /** The provider's request id (`x-request-id` or a similar header), when it sends one: quote it to its support. */
  requestId?: string;
  /** The URL the answer came from, credentials redacted. */
  url: string;
  /** Attempts it took: 1, or more after retries. */
  attempts: number;
  /** Milliseconds from the first attempt's start to the answer read in full, retry waits included. */
  elapsedMs: number;
}

/**
 * Overrides of the client's request options for one call, accepted by every list method and
 * single-record call.
 */
export interface RequestOptions {
  /**
   * Time limit of one attempt of this call's requests, in ms, body included; wins over the
   * client's `timeoutMs`.
   * @example { timeoutMs: 5_000 }
   */
  timeoutMs?: number;
  /**
   * Retry policy of this call; wins over the client's. In a `RetryOptions` object, fields left
   * out keep the client's values.
   * @example { retry: 0 } // fail fast: no retry for this call
   */
  retry?: number | RetryOptions;
  /**
   * Extra request headers (tracing, a proxy's own session). They can never replace a header
   * the client sets itself (credentials, `Content-Type`, `User-Agent`: such a name is an
   * `InvalidArgumentError`), and hooks, logs and `page.response` see them redacted like every
   * header.
   * @example { headers: { 'x-correlation-id': 'sync-2024-03-01' } }
   */
  headers?: Record<string, string>;
}

/**
 * Where the client writes its debug lines: anything with a `debug(message, fields)` method,
 * `console` included.
 */
export interface Logger {
  /** One line: a readable `message`, and the same facts as `fields` for structured loggers. */
  debug(message: string, fields?: Record<string, unknown>): void;
}

/** Observability hooks. Every payload is redacted: no credential ever reaches a hook. */
export interface ClientHooks {
  /**
   * Called before every attempt, retries included; awaited, so it can log or count requests.
   * @example
   * ```ts
   * { beforeRequest: ({ method, url, attempt }) => console.log(method, url, attempt) }
   * ```
   */
  beforeRequest?: (info: RequestInfo) => void | Promise<void>;
  /**
   * Called after every answer that arrived, whatever its status, before it is parsed.
   * @example
   * ```ts
   * { afterResponse: ({ status, durationMs }) => metrics.observe(status, durationMs) }
   * ```
   */
  afterResponse?: (info: ResponseInfo) => void | Promise<void>;
  /**
   * Called before each retry, once the wait (`delayMs`) after the failed attempt is over: ky's
   * `beforeRetry`, which runs just before the next attempt is sent.
   * @example
   * ```ts
   * { beforeRetry: ({ attempt, delayMs, error }) => console.warn(`retry ${attempt} in ${delayMs} ms: ${error.message}`) }
   * ```
   */
  beforeRetry?: (info: RetryInfo) => void | Promise<void>;
  /**
   * Called once per field path per client when an answer differs from the provider's doc:
   * a documented field missing, a field of another type, a field the doc does not list. The
   * record is still read (see docs/reading-policy.md); `strict: true` makes drift an error.
   * @example
   * ```ts
   * { schemaDrift: ({ operation, path, expected, received }) => console.warn(`${operation} ${path}: ${expected} → ${received}`) }
   * ```
   */
  schemaDrift?: (event: SchemaDriftEvent) => void;
}

/** What `schemaDrift` sees: where an answer differs from the doc, by type names only, never values. */
export interface SchemaDriftEvent {
  /** The provider that answered. */
  provider: ProviderName;
  /** The client method that received the answer, e.g. `outAnswered`. */
  operation: string;
  /** Where the field sits, records' index left out: `cdr[].rate`, `count`. */
  path: string;
  /** The documented type (`string`, `number | string`), or `missing` for a field the doc does not list. */
  expected: string;
  /** The type received (`number`, `string`, `null`, …), or `missing` for an absent field. */
  received: string;
}

/** Options every client accepts beside its credentials. */
export interface ClientOptions {
  /**
   * Base URL of the API; default the provider's documented endpoint. Point it at your own
   * proxy or at an emulator.
   * @example 'http://127.0.0.1:4010'
   */
  baseUrl?: string;
  /**
   * The `fetch` to use (a proxy-aware fetch, a test server's, an edge runtime's).
   * @defaultValue globalThis.fetch
   * @example { fetch: (input, init) => fetch(input, { ...init, keepalive: true }) }
   */
  fetch?: typeof fetch;
  /**
   * Time limit of one attempt in ms, body included; a call's own `timeoutMs` wins over it.
   * @defaultValue 30000
   * @example { timeoutMs: 10_000 }
   */
  timeoutMs?: number;
  /**
   * Retry policy, or the number of retries (network errors, timeouts, 408/429/5xx, with
   * `Retry-After` honoured); a call's own `retry` wins over it.
   * @defaultValue 3
   * @example { retry: { limit: 5, maxDelayMs: 30_000 } }
   */
  retry?: number | RetryOptions;
  /**
   * IANA zone of the provider's naive timestamps and of the dates the client sends.
   * Default: the provider's zone where its docs show it (Boxis: Europe/Zurich), else `UTC`.
   * @example 'America/New_York'
   */
  timeZone?: string;
  /**
   * Logging and metrics hooks; credentials are redacted from every payload.
   * @example { hooks: { afterResponse: ({ status, durationMs }) => metrics.observe(status, durationMs) } }
   */
  hooks?: ClientHooks;
  /**
   * Debug log: one line per request (method, redacted URL, status, attempt, time) and per
   * retry (attempt, wait, reason). Never a credential, never a body. Off by default.
   * @example { logger: console }
   */
  logger?: Logger;
  /**
   * Turns schema drift (see `hooks.schemaDrift`) into a `ResponseFormatError` instead of a
   * report, for users who want only answers exactly as documented.
   * @defaultValue false
   * @example { strict: true }
   */
  strict?: boolean;
  /**
   * `User-Agent` header (sent where the runtime allows it).
   * @example { userAgent: 'billing-sync/2.1 (ops@example.com)' }
   */
  userAgent?: string;
  /**
   * Client-side rate limit in requests per second, shared by everything one client sends
   * (prefetched pages and retries included). Off by default.
   * @example { requestsPerSecond: 5 }
   */
  requestsPerSecond?: number;
  /**
   * Largest response body accepted, in bytes; a larger one is a `ResponseFormatError`.
   * @defaultValue 67108864 (64 MiB)
   * @example { maxResponseBytes: 256 * 1024 * 1024 }
   */
  maxResponseBytes?: number;
}
