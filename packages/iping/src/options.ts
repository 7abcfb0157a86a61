/**
 * The options of the iPing client and of getOutboundItems: their types (public), defaults and
 * limits, and the checks that turn a call's options into its parameters, range and first
 * position.
 * @module
 */
import type { ClientOptions, Cursor, DateInput, ListOptions, WindowSpan } from '@cdrkit/core';
import {
  type CheckContext,
  checkInteger,
  checkOneOf,
  checkWindowSpan,
  invalidArgument,
  requireRange,
  requireText,
} from '@cdrkit/core/provider';
import type { OutboundItemsParams } from './schemas.js';

/** The client method, named in errors and cursors. */
export const OPERATION = 'getOutboundItems';
/** iPing's host; every method, in either transport, goes to {@link PATH}. */
export const DEFAULT_BASE_URL = 'https://www.iping.com';
export const PATH = '/services/iping.asp';
/** The doc: `0 < item_count <= 100`, default 100. */
export const MAX_ITEM_COUNT = 100;
export const DEFAULT_SPAN: WindowSpan = { days: 31 };

const CLIENT: CheckContext = { provider: 'iping' };
const CALL: CheckContext = { provider: 'iping', operation: OPERATION };

/** Options of {@link IpingClient}: the account's credentials plus the options every client takes. */
export interface IpingClientOptions extends ClientOptions {
  /**
   * The account's user name (`user_name`).
   * @example 'testdriver'
   */
  userName: string;
  /**
   * The account's password. It travels in the request body (or the query string with
   * `transport: 'query'`); the SDK redacts it from every error, hook payload and log.
   * @example process.env.IPING_PASSWORD
   */
  password: string;
}

/**
 * Which notifications to list: `'past'` the calls already made (their CDRs), `'future'` the
 * ones still scheduled. The SDK defaults to `'past'`; iPing's own default is `'future'`.
 */
export type IpingStorageType = 'past' | 'future';

/** How the request travels: the documented `bSmartXML` document (POST) or the query string (GET). */
export type IpingTransport = 'xml' | 'query';

/** The parameters of GetOutboundItems beyond the date range, camelCased. */
export interface GetOutboundItemsFilters {
  /**
   * `'past'` lists calls already made, `'future'` the scheduled ones. The SDK sends `'past'`
   * unless told otherwise, because iPing's own default (when the parameter is absent) is
   * `'future'`, which is rarely what a CDR export wants.
   * @defaultValue 'past'
   * @example 'future'
   */
  storageType?: IpingStorageType;
  /**
   * List the single notification PutNotification created with this tracking id (still within
   * `from`/`to`).
   * @example 'acme125615243'
   */
  trackingId?: string;
  /**
   * Items to skip in the first date window (iPing's `item_start`). Awaiting the call returns
   * the page that starts here; iterating continues from it.
   * @defaultValue 0
   * @example 100
   */
  itemStart?: number;
  /**
   * Items per request (iPing's `item_count`), 1 to 100. `pageSize` is accepted as an alias.
   * @defaultValue 100
   * @example 20
   */
  itemCount?: number;
  /**
   * `'xml'` POSTs the documented `bSmartXML` document; `'query'` sends the same parameters as a
   * GET query string. Both carry the password: the SDK redacts it from errors and hooks.
   * @defaultValue 'xml'
   * @example 'query'
   */
  transport?: IpingTransport;
  /**
   * Longest date window one run of `item_start` paging covers. Long ranges are split into
   * windows aligned to days in the client's zone (iPing's dates have day granularity), so item
   * offsets stay small and a record that arrives mid-export only shifts its own window.
   * @defaultValue { days: 31 }
   * @example { days: 7 }
   */
  windowSpan?: WindowSpan;
}

/** The date range of a call: `from` inclusive, `to` exclusive. */
export interface GetOutboundItemsRange {
  /**
   * Start of the range (inclusive): a `Date`, an ISO-8601 string or epoch ms. An ISO string
   * without an offset is read in the client's `timeZone`.
   * @example '2024-03-01'
   */
  from: DateInput;
  /**
   * End of the range (exclusive).
   * @example '2024-04-01'
   */
  to: DateInput;
}

/**
 * Options of {@link IpingClient.getOutboundItems}: a range (or a `cursor` that carries one),
 * the provider's filters and the per-call list options.
 */
export type GetOutboundItemsOptions = GetOutboundItemsFilters &
  ListOptions &
  (
    | (GetOutboundItemsRange & {
        /** No cursor: the call starts at `from`. */
        cursor?: undefined;
      })
    | (Partial<GetOutboundItemsRange> & {
        /** A page's `next` from an earlier call: resumes right after that page, with its range and filters (`from`/`to` are then ignored). */
        cursor: Cursor;
      })
  );

/** The constructor's checks: the credentials, and the options every client takes. */
export function readClientOptions(options: IpingClientOptions): {
  userName: string;
  password: string;
  clientOptions: ClientOptions;
} {
  const { userName, password, ...clientOptions } = options ?? ({} as IpingClientOptions);
  return {
    userName: requireText(userName, CLIENT, 'userName', 'the iPing account user name'),
    password: requireText(password, CLIENT, 'password', 'the iPing account password'),
    clientOptions,
  };
}

/**
 * A getOutboundItems call's options as its parameters, its range in epoch ms (read in
 * `timeZone`) and its first position (`itemStart`).
 * @throws InvalidArgumentError naming the option that is wrong
 */
export function readGetOutboundItemsOptions(
  options: GetOutboundItemsOptions,
  timeZone: string,
): { params: OutboundItemsParams; range: { from: number; to: number }; at?: number } {
  if (options === null || typeof options !== 'object') {
    throw invalidArgument(CALL, 'options', 'getOutboundItems needs an options object with `from` and `to`.');
  }
  const sizeName =
    options.itemCount === undefined && options.pageSize !== undefined ? 'pageSize' : 'itemCount';
  const itemCount = checkInteger(options.itemCount ?? options.pageSize, CALL, sizeName, {
    min: 1,
    max: MAX_ITEM_COUNT,
    fallback: MAX_ITEM_COUNT,
  });
  const itemStart = checkInteger(options.itemStart, CALL, 'itemStart', { min: 0, fallback: 0 });
  const storageType = checkOneOf(options.storageType, ['past', 'future'], CALL, 'storageType', 'past');
  const transport = checkOneOf(options.transport, ['xml', 'query'], CALL, 'transport', 'xml');
  const { trackingId } = options;
  if (trackingId !== undefined && typeof trackingId !== 'string') {
    throw invalidArgument(
      CALL,
      'trackingId',
      '`trackingId` must be a string (the tracking_id given to PutNotification).',
    );
  }
  const span = checkWindowSpan(options.windowSpan ?? DEFAULT_SPAN, CALL);
  const range = requireRange(options, CALL, timeZone);
  const params: OutboundItemsParams = {
    itemCount,
    storageType,
    trackingId: trackingId === undefined || trackingId === '' ? null : trackingId,
    transport,
    span,
  };
  return itemStart === 0 ? { params, range } : { params, range, at: itemStart };
}
