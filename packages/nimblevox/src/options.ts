/**
 * The options of `NimblevoxClient` and its methods, and their checks: bad input is an
 * `InvalidArgumentError` that says what to change, before any request.
 * @module
 */
import {
  type ClientOptions,
  type Cursor,
  type DateInput,
  InvalidArgumentError,
  type ListOptions,
  type RequestOptions,
} from '@cdrkit/core';
import { MAX_PAGE_SIZE } from './paging.js';

/** The formats the API answers in, chosen by the `Accept` header. */
export type SdrFormat = 'json' | 'xml';

/** Options of {@link NimblevoxClient}: the API key plus the options every cdrkit client takes. */
export interface NimblevoxClientOptions extends ClientOptions {
  /**
   * The key that associates calls with your account. Sent as the `apiKey` query parameter, to
   * the configured base URL only; never in an error, a hook payload or a log.
   * @example process.env.NIMBLEVOX_API_KEY
   */
  apiKey: string;
  /**
   * ISO 4217 code of your account's currency, for `cost.currency` in normalized records: the
   * API reports amounts without one. Default: null (unknown).
   * @example 'USD'
   */
  currency?: string;
}

/** Filters and paging of {@link NimblevoxClient.listSdrs}, part of {@link ListSdrsOptions}. */
export interface ListSdrsFilters extends Omit<ListOptions, 'cursor' | 'pageSize'> {
  /**
   * Only SDRs with this A-number (`callingParty`), exactly as Nimblevox stores it.
   * @example '123456789'
   */
  callingParty?: string | undefined;
  /**
   * Only SDRs with this B-number (`calledParty`).
   * @example '987654321'
   */
  calledParty?: string | undefined;
  /**
   * Records per request: Nimblevox's `max`, 1 to 500.
   * @defaultValue 500
   * @example 100
   */
  pageSize?: number | undefined;
  /**
   * The answer's format (the `Accept` header). Both give the same typed records; XML loads an
   * XML parser on first use.
   * @defaultValue 'json'
   * @example 'xml'
   */
  format?: SdrFormat | undefined;
}

/**
 * Options of {@link NimblevoxClient.listSdrs}: a range, or a `cursor` from a page's `next`
 * (which carries the range, filters, page size and format it was made with).
 */
export type ListSdrsOptions = ListSdrsFilters &
  (
    | {
        /**
         * Start of the range, inclusive: a `Date`, an ISO-8601 string (without an offset: wall
         * time in the client's `timeZone`) or epoch ms.
         * @example '2024-01-01'
         */
        from: DateInput;
        /**
         * End of the range, exclusive.
         * @example '2024-07-01'
         */
        to: DateInput;
        /** Resume from a page's `next`; the range and filters then come from it. */
        cursor?: Cursor | undefined;
      }
    | {
        /** Ignored when `cursor` is given: the cursor carries the range it was made with. */
        from?: DateInput;
        /** Ignored when `cursor` is given: the cursor carries the range it was made with. */
        to?: DateInput;
        /**
         * Resume right after the page whose `next` this is.
         * @example JSON.parse(savedCursor)
         */
        cursor: Cursor;
      }
  );

/** Options of {@link NimblevoxClient.getSdr}, with the call's own `timeoutMs`, `retry` and `headers`. */
export interface GetSdrOptions extends RequestOptions {
  /**
   * The answer's format.
   * @defaultValue 'json'
   * @example 'xml'
   */
  format?: SdrFormat | undefined;
  /** Aborts the request and its retries. */
  signal?: AbortSignal | undefined;
}

export const invalid = (message: string, argument: string, operation: string): InvalidArgumentError =>
  new InvalidArgumentError(message, { argument, provider: 'nimblevox', operation });

export function checkFormat(format: unknown, operation: string): SdrFormat {
  if (format === undefined) return 'json';
  if (format === 'json' || format === 'xml') return format;
  throw invalid(`\`format\` must be 'json' or 'xml' (got ${JSON.stringify(format)}).`, 'format', operation);
}

export function checkPageSize(pageSize: unknown): number {
  if (pageSize === undefined) return MAX_PAGE_SIZE;
  if (
    typeof pageSize === 'number' &&
    Number.isInteger(pageSize) &&
    pageSize >= 1 &&
    pageSize <= MAX_PAGE_SIZE
  ) {
    return pageSize;
  }
  throw invalid(
    `\`pageSize\` must be a whole number from 1 to ${MAX_PAGE_SIZE} (Nimblevox's \`max\`); got ${String(pageSize)}.`,
    'pageSize',
    'listSdrs',
  );
}

export function checkParty(value: unknown, argument: 'callingParty' | 'calledParty'): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw invalid(
    `\`${argument}\` must be a non-empty string of the number as Nimblevox stores it (leading zeros and '+' kept), or left out.`,
    argument,
    'listSdrs',
  );
}

export function checkSdrId(id: unknown): string {
  if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return String(id);
  if (typeof id === 'string' && /^\d+$/.test(id.trim())) return id.trim();
  throw invalid(
    `\`id\` must be an SDR's numeric id (a number or a string of digits, like \`sdr.id\`); got ${JSON.stringify(id)}.`,
    'id',
    'getSdr',
  );
}
