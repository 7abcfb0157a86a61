import type { CdrkitError } from '../errors/index.js';
import type { Logger, ProviderName, RequestInfo, ResponseMetadata } from '../types.js';
import { answerDetails, type ErrorContext, hasRequestId } from './errors.js';
import type { ResolvedRequestOptions } from './options.js';
import type { PreparedRequest } from './prepare.js';
import type { HttpRequest, HttpResponse } from './types.js';

/**
 * One `send` and its attempts: what ky's hooks, the fetch ky calls and `shouldRetry` share.
 * Hooks find it through ky's `context` option; the fetch and `shouldRetry`, which ky gives no
 * context, are closures over it.
 */
export class Exchange<T> {
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt = 1;
  /** The attempt's request, as the provider described it. */
  request: HttpRequest;
  prepared: PreparedRequest;
  context: ErrorContext;
  /** What hooks see of the attempt; built only when a hook is set. */
  info: RequestInfo | undefined;
  /** The last answer, body read in full. */
  answer: HttpResponse | undefined;
  /** What `parse` made of a 2xx answer. */
  result: { value: T } | undefined;
  /** What the last failed attempt came to, as `beforeRetry` shows it. */
  failure: CdrkitError | undefined;
  /** The `Retry-After` of the last failed answer, which ky waits out before the next attempt. */
  retryAfterMs: number | undefined;
  /** A `Retry-After` longer than `maxRetryAfterMs`, which ended the retries. */
  retryAfterTooLongMs: number | undefined;
  readonly startedAt = performance.now();
  attemptStartedAt = this.startedAt;
  attemptEndedAt = this.startedAt;
  #endedAttempt = 0;

  constructor(
    readonly provider: ProviderName,
    readonly options: ResolvedRequestOptions,
    readonly signal: AbortSignal | undefined,
    readonly parse: (response: HttpResponse) => T,
    readonly logger: Logger | undefined,
    /** Rebuilds the request for each retry (Boxis signs every attempt afresh), when the provider passed a builder. */
    readonly build: ((attempt: number) => HttpRequest) | undefined,
    first: { request: HttpRequest; prepared: PreparedRequest; context: ErrorContext },
  ) {
    this.request = first.request;
    this.prepared = first.prepared;
    this.context = first.context;
  }

  get maxAttempts(): number {
    return this.options.retry.limit + 1;
  }

  /** ` (attempt 2 of 4)` for messages, empty when retrying is off. */
  get tried(): string {
    return this.maxAttempts > 1 ? ` (attempt ${this.attempt} of ${this.maxAttempts})` : '';
  }

  /**
   * Marks attempt `attempt` (default the current one) as over, once, whichever of ky's hooks,
   * the fetch or the final error sees its end first; logs its line: the answer's status, or the
   * failure's class. A late word about an earlier attempt (a fetch that settled after ky's
   * timeout moved on) is ignored.
   */
  endAttempt(outcome: { status: number } | { error: string }, attempt = this.attempt): void {
    if (attempt !== this.attempt || this.#endedAttempt === attempt) return;
    this.#endedAttempt = this.attempt;
    this.attemptEndedAt = performance.now();
    if (this.logger === undefined) return;
    const elapsedMs = Math.round(this.attemptEndedAt - this.attemptStartedAt);
    const { method } = this.prepared;
    const url = this.context.redact(this.prepared.url);
    const result = 'status' in outcome ? String(outcome.status) : outcome.error;
    const requestId =
      'status' in outcome && this.answer
        ? answerDetails(this.answer, this.context.secrets).requestId
        : undefined;
    this.#log(`${method} ${url} → ${result} in ${elapsedMs} ms (attempt ${this.attempt})`, {
      method,
      url,
      ...outcome,
      attempt: this.attempt,
      elapsedMs,
      ...(requestId === undefined ? {} : { requestId }),
    });
  }

  /** Logs a retry about to be sent: which attempt, after how long a wait, and why (a status or a class, never a body). */
  logRetry(delayMs: number): void {
    if (this.logger === undefined) return;
    const failure = this.failure;
    const status = (failure as { status?: unknown } | undefined)?.status;
    const reason = typeof status === 'number' ? `HTTP ${status}` : (failure?.name ?? 'Error');
    const waited = Math.round(delayMs);
    this.#log(`retry: attempt ${this.attempt} of ${this.maxAttempts} after ${waited} ms (${reason})`, {
      method: this.prepared.method,
      url: this.context.redact(this.prepared.url),
      attempt: this.attempt,
      maxAttempts: this.maxAttempts,
      delayMs: waited,
      reason,
    });
  }

  /**
   * The answer behind the result, for `page.response`. Its redacted parts (headers, request id,
   * URL) are worked out when first read: redaction costs tens of µs per answer, and most
   * callers never look. It keeps the answer's headers, not its body.
   */
  metadata(): ResponseMetadata {
    const { status, headers } = this.answer as HttpResponse;
    const { context, prepared } = this;
    let details: { headers: Record<string, string>; requestId: string | undefined } | undefined;
    const redacted = () => {
      details ??= answerDetails({ status, headers, body: '' }, context.secrets);
      return details;
    };
    let url: string | undefined;
    const lazy = (get: () => unknown): PropertyDescriptor => ({ get, enumerable: true, configurable: true });
    const value = (v: unknown): PropertyDescriptor => ({
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return Object.defineProperties({} as ResponseMetadata, {
      status: value(status),
      headers: lazy(() => redacted().headers),
      // Present only when the answer has one, as before; its value is redacted when read.
      ...(hasRequestId(headers) ? { requestId: lazy(() => redacted().requestId) } : {}),
      url: lazy(() => {
        url ??= context.redact(prepared.url);
        return url;
      }),
      attempts: value(this.attempt),
      elapsedMs: value(Math.round(performance.now() - this.startedAt)),
    });
  }

  /**
   * Drops the answer's body and the parsed value once `send` has handed them back. The fetch and
   * ky machinery keep an exchange reachable until the next full garbage collection, and a whole
   * page held that long is copied by every young-generation collection in between (Nimblevox,
   * 500 records a page: 16 full collections instead of 7 to 10 over 200,000 records).
   */
  release(): void {
    this.answer = undefined;
    this.result = undefined;
  }

  #log(message: string, fields: Record<string, unknown>): void {
    const { provider } = this;
    const { operation } = this.context;
    try {
      this.logger?.debug(`cdrkit ${provider} ${operation}: ${message}`, { provider, operation, ...fields });
    } catch {
      // A debug log must never break a call.
    }
  }
}
