import type { CallRecord } from '../call-record.js';
import type { JsonValue, ProviderName, RequestOptions, ResponseMetadata } from '../types.js';

/**
 * Where an iteration stands: a JSON object, opaque to users. Take `page.next`, store it
 * (`JSON.stringify`), and pass it back as `{ cursor }` to resume right after that page.
 */
export type Cursor = { readonly [key: string]: JsonValue };

/** One answer of a list method. */
export interface Page<T> {
  /** Typed provider records, every field kept. */
  items: T[];
  /** The provider's count of matching records, when it reports one (per date window). */
  total?: number;
  /** The next page's cursor, or null after the last page. */
  next: Cursor | null;
  /** The date window this page belongs to (ISO UTC), for providers that split ranges into windows. */
  window?: {
    /** The window's first instant (included), ISO-8601 UTC. */
    from: string;
    /** The instant just after the window (excluded), ISO-8601 UTC. */
    to: string;
  };
  /**
   * The answer behind the page: status, headers (credentials redacted), the provider's request
   * id, URL (redacted), attempts and time. For a page built from several requests (a window
   * split in halves), the last one's.
   * @example
   * ```ts
   * const page = await client.listSdrs({ from, to });
   * console.log(page.response.status, page.response.requestId, page.response.attempts);
   * ```
   */
  response: ResponseMetadata;
}

/** What a page source hands the paging engine: a page whose `response` the engine fills in. */
export type SourcePage<T> = Omit<Page<T>, 'response'> & {
  /** The answer behind the page, when the source did not send through `HttpClient`. */
  response?: ResponseMetadata;
};

/**
 * What every list method returns: await it for the first page (exactly one request), or
 * iterate it for every record across all pages and date windows.
 *
 * @example
 * ```ts
 * const first = await client.outAnswered({ from, to });          // one request
 * for await (const cdr of client.outAnswered({ from, to })) {}    // every record
 * for await (const r of client.outAnswered({ from, to }).records()) {} // normalized
 * ```
 */
export interface Paged<T> extends PromiseLike<Page<T>>, AsyncIterable<T> {
  /** Every page, in order; each page's `next` is a resumable cursor. */
  pages(): AsyncIterable<Page<T>>;
  /** Every record as a normalized {@link CallRecord}. */
  records(): AsyncIterable<CallRecord>;
  /**
   * Every page with its records normalized, each with its resumable `next`: for exports that
   * checkpoint after each page.
   */
  recordPages(): AsyncIterable<Page<CallRecord>>;
  /** Collects records; stops requesting as soon as `limit` records are in hand. */
  toArray(options?: { limit?: number }): Promise<T[]>;
}

/**
 * Per-call options every list method accepts: those of the paging engine, and the call's own
 * `timeoutMs`, `retry` and `headers` (see {@link RequestOptions}), which reach every request of
 * every page.
 */
export interface ListOptions extends RequestOptions {
  /**
   * Aborts every request and retry sleep of this call, on every page.
   * @example { signal: AbortSignal.timeout(60_000) }
   */
  signal?: AbortSignal;
  /**
   * Resume right after the page whose `next` this is; the cursor carries the range and filters.
   * @example { cursor: JSON.parse(savedCursor) }
   */
  cursor?: Cursor;
  /**
   * Requests kept in flight ahead of the consumer where the next request is computable. `1`
   * (the default) fetches the next page while the current one is consumed; `4` keeps four
   * requests in flight; `0` reads nothing ahead: each page is requested only when the consumer
   * asks for it (no request is wasted when a loop ends early). At most 32.
   * @defaultValue 1
   * @example { prefetch: 4 }
   */
  prefetch?: number;
  /**
   * Records per request, within the provider's limits.
   * @example { pageSize: 100 }
   */
  pageSize?: number;
  /**
   * Stop after this many records (across pages and windows).
   * @example { limit: 1000 }
   */
  limit?: number;
}

/**
 * What a provider hands the paging engine: how to fetch a page at a cursor and, where it can
 * be computed without the answer, which cursor follows.
 */
export interface PageSource<T> {
  /** The provider, named in errors and stored in every cursor. */
  provider: ProviderName;
  /** The client method the pages belong to (e.g. `outAnswered`), named in errors. */
  operation: string;
  /** The first request's cursor. */
  first: Cursor;
  /**
   * Fetches the page at `cursor`. Its `next` decides what comes after it. Pass `signal` to
   * `HttpClient.send` as it is: beside aborting, it carries the call's request options to every
   * request, and brings each answer's metadata back to the page's `response` (a source that
   * does not send through `HttpClient` sets `response` itself).
   */
  fetchPage(cursor: Cursor, signal: AbortSignal): Promise<SourcePage<T>>;
  /**
   * The cursor that follows `cursor` if that page comes back full, or null when it cannot be
   * known before the answer (or there is none). `total` is the last total seen, if any.
   * Used only to prefetch: a prediction that the real `next` contradicts is thrown away.
   */
  predictNext?: (cursor: Cursor, total: number | undefined) => Cursor | null;
  /** The key for dropping duplicates; undefined means the item is never dropped. */
  idOf?: (item: T) => string | undefined;
  /** Normalizes one item, for `records()` and `recordPages()`. */
  toCallRecord: (item: T) => CallRecord;
}
