import type { CdrkitError } from '../errors/index.js';
import type { ClientOptions, ProviderName, RequestOptions } from '../types.js';

/** One request, as a provider client describes it. */
export interface HttpRequest {
  /** The client method, for errors and hooks (`outAnswered`). */
  operation: string;
  /** The HTTP method; providers only use GET and POST. */
  method: 'GET' | 'POST';
  /** Path joined to the client's base URL (`/v1/outanswered`), or an absolute URL. */
  path: string;
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | undefined>;
  /** Extra request headers, e.g. an `Authorization` header or the `Content-Type` of a raw `body`. */
  headers?: Record<string, string>;
  /** A JSON body (sets `Content-Type: application/json`). */
  json?: unknown;
  /** A form body (`application/x-www-form-urlencoded`). */
  form?: Record<string, string>;
  /** A raw body, with its `Content-Type` in `headers`. */
  body?: string;
  /**
   * The caller's signal: aborting it cancels the attempt in flight and any retry wait. Forward
   * the one the paging engine hands `fetchPage` as it is: it also carries the call's options.
   */
  signal?: AbortSignal | undefined;
  /** The user's per-call `timeoutMs`, `retry` and `headers`, for calls outside the paging engine (`getSdr`). */
  options?: RequestOptions | undefined;
  /**
   * Credential values that belong to this request alone (Boxis signs each one with an
   * authcode), redacted from its errors and hook payloads like the client's own secrets.
   */
  secrets?: readonly string[] | undefined;
}

/** An answer, its body read in full as text. */
export interface HttpResponse {
  /** HTTP status code, e.g. 200. */
  status: number;
  /** The response headers, as fetch returned them. */
  headers: Headers;
  /** The whole body decoded as text (empty string for an empty answer). */
  body: string;
}

/** What a provider client hands the HTTP layer. */
export interface HttpClientConfig {
  /** The provider the client talks to; it names the provider in errors and hook payloads. */
  provider: ProviderName;
  /** The provider's documented endpoint, used when `options.baseUrl` is absent. */
  defaultBaseUrl: string;
  /** The provider's zone for naive timestamps, used when `options.timeZone` is absent. @defaultValue 'UTC' */
  defaultTimeZone?: string;
  /** The options the user passed to the provider client (base URL, timeout, retry, hooks, fetch, …). */
  options: ClientOptions;
  /** Credential values to scrub from errors, hooks and excerpts (redaction by name happens anyway). */
  secrets: readonly string[];
  /**
   * Maps a non-2xx answer to the provider's error (TeleCMI 404 → `AuthenticationError`);
   * return undefined for the default mapping (401/403 `AuthenticationError`, 429
   * `RateLimitError`, else `ApiError`). Called only once retries are spent or not applicable.
   */
  mapHttpError?: (response: HttpResponse, operation: string) => CdrkitError | undefined;
}
