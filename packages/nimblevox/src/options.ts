/**
 * The options of `NimblevoxClient` and its methods, and their checks: bad input is an
 * `InvalidArgumentError` that says what to change, before any request.
 * @module
 */
import type { ClientOptions, Cursor, DateInput, ListOptions, RequestOptions } from '@cdrkit/core';
import {
  checkInteger,
  checkOneOf,
  describeValue,
  invalidArgument,
  requireRange,
  requireText,
} from '@cdrkit/core/provider';
import type { SdrParams } from './schemas.js';

/** The documented endpoint. */
export const DEFAULT_BASE_URL = 'https://api.nimblevox.com';
/** The doc: `max` is "Default/Max 500". */
export const MAX_PAGE_SIZE = 500;

/** The formats the API answers in, chosen by the `Accept` header. */
export type SdrFormat = 'json' | 'xml';

const FORMATS: readonly SdrFormat[] = ['json', 'xml'];

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

const PROVIDER = 'nimblevox' as const;
const LIST = { provider: PROVIDER, operation: 'listSdrs' } as const;
const GET = { provider: PROVIDER, operation: 'getSdr' } as const;

/** The constructor's own options checked, and the options every cdrkit client takes. */
export function readClientOptions(options: NimblevoxClientOptions): {
  apiKey: string;
  currency: string | null;
  clientOptions: ClientOptions;
} {
  const { apiKey, currency, ...clientOptions } = options ?? ({} as Partial<NimblevoxClientOptions>);
  const context = { provider: PROVIDER };
  return {
    apiKey: requireText(apiKey, context, 'apiKey', 'the key of your Nimblevox account'),
    currency:
      currency === undefined
        ? null
        : requireText(currency, context, 'currency', "a currency code such as 'USD'"),
    clientOptions,
  };
}

/**
 * A `listSdrs` call's options checked into its parameters (the cursor's `q`) and its range in
 * epoch ms, read in `timeZone`.
 * @throws InvalidArgumentError naming the option to change
 */
export function readListSdrsOptions(
  options: ListSdrsOptions,
  timeZone: string,
): { params: SdrParams; range: { from: number; to: number } } {
  const range = requireRange(options ?? {}, LIST, timeZone);
  const max = checkInteger(options.pageSize, LIST, 'pageSize', {
    min: 1,
    max: MAX_PAGE_SIZE,
    fallback: MAX_PAGE_SIZE,
  });
  const format = checkOneOf(options.format, FORMATS, LIST, 'format', 'json');
  const callingParty = readParty(options.callingParty, 'callingParty');
  const calledParty = readParty(options.calledParty, 'calledParty');
  return {
    params: {
      max,
      ...(callingParty === undefined ? {} : { callingParty }),
      ...(calledParty === undefined ? {} : { calledParty }),
      format,
    },
    range,
  };
}

function readParty(value: unknown, argument: 'callingParty' | 'calledParty'): string | undefined {
  if (value === undefined) return undefined;
  return requireText(value, LIST, argument, "the number as Nimblevox stores it (leading zeros and '+' kept)");
}

/**
 * A `getSdr` call's id (as the path writes it) and format.
 * @throws InvalidArgumentError for an id that is not an SDR's numeric id, or an unknown format
 */
export function readGetSdrOptions(id: unknown, options: GetSdrOptions): { id: string; format: SdrFormat } {
  let sdrId: string | undefined;
  if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) sdrId = String(id);
  else if (typeof id === 'string' && /^\d+$/.test(id.trim())) sdrId = id.trim();
  if (sdrId === undefined) {
    throw invalidArgument(
      GET,
      'id',
      `\`id\` must be an SDR's numeric id (a number or a string of digits, like \`sdr.id\`); got ${describeValue(id)}.`,
    );
  }
  return { id: sdrId, format: checkOneOf(options.format, FORMATS, GET, 'format', 'json') };
}
