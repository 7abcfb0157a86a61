/**
 * The shapes iPing's GetOutboundItems speaks: the options of a call, the items it answers with,
 * and the cursor that resumes an iteration.
 *
 * iPing does not publish its response format, so an item is typed loosely: every field the
 * answer carries is kept as a string under its own name, and the fields PutNotification
 * documents (which an outbound item most likely echoes) are named for editor help.
 * @module
 */
import type { Cursor, DateInput, ListOptions, WindowSpan } from '@cdrkit/core';
import type { DocumentedFields } from '@cdrkit/core/provider';
import * as z from 'zod/mini';

/**
 * Which notifications to list: `'past'` the calls already made (their CDRs), `'future'` the
 * ones still scheduled. The SDK defaults to `'past'`; iPing's own default is `'future'`.
 */
export type IpingStorageType = 'past' | 'future';

/** How the request travels: the documented `bSmartXML` document (POST) or the query string (GET). */
export type IpingTransport = 'xml' | 'query';

/**
 * One outbound item (a notification and the outcome of its call), as iPing answered it. Every
 * field is a string, exactly as sent (whether as `<name value="x"/>` or `<name>x</name>`);
 * fields nested in a sub-element are kept as `parent.child`, attributes of a field beside its
 * value as `field.attribute`, and a field repeated inside one item as `name[1]`, `name[2]`, ….
 * The named fields are the ones iPing's PutNotification documents; none is guaranteed.
 */
export interface IpingItem {
  /** A provider-assigned id of the item, when the answer carries one (the dedupe key). */
  item_id?: string;
  /** The caller's own id, given to PutNotification. It may repeat: it is not a key. */
  tracking_id?: string;
  /** The number called, usually 10 digits, as sent. */
  phone_number?: string;
  /** The extension at `phone_number`, when the notification had one. */
  phone_extension?: string;
  /** The name of the person called, as given to PutNotification. */
  receiver_name?: string;
  /** When the call was scheduled, US style (`07/28/2003 2:45:00pm`), in `timezone_id`'s zone. */
  notification_dt?: string;
  /** iPing's zone code (35 Eastern, 20 Central, 10 Mountain, 4 Pacific, …). */
  timezone_id?: string;
  /** The outcome of the call (`ANSWERED`, `NO ANSWER`, `BUSY`, …), when the answer carries one. */
  call_status?: string;
  /** Seconds (or `h:mm:ss`), when the answer carries it. */
  call_duration?: string;
  /** When the call was actually placed, in the same US style and zone as `notification_dt`, when the answer carries it. */
  call_dt?: string;
  /** Any other field of the answer, kept as sent. */
  [field: string]: string | undefined;
}

/**
 * The fields of an item in the assumed answer (docs/providers/iping.md): PutNotification's plus
 * the call's outcome. XML carries text only, so each is a string. What differs is drift.
 */
export const DOCUMENTED_ITEM_FIELDS: DocumentedFields = {
  item_id: 'string',
  tracking_id: 'string',
  phone_number: 'string',
  phone_extension: 'string',
  receiver_name: 'string',
  notification_dt: 'string',
  timezone_id: 'string',
  call_status: 'string',
  call_duration: 'string',
  call_dt: 'string',
};

/** The fields of the assumed answer outside its items: the status and the two counts. */
export const DOCUMENTED_ENVELOPE_FIELDS: DocumentedFields = {
  pduType: 'string',
  item_count: 'string',
  total_count: 'string',
};

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

/** What a cursor of getOutboundItems holds (JSON). */
export type OutboundItemsCursor = {
  /** Provider tag: a cursor of another provider is refused. */
  p: 'iping';
  /** Method tag: a cursor of another method is refused. */
  op: 'getOutboundItems';
  /** The current date window, ISO-8601 UTC, half-open. */
  window: [string, string];
  /** End of the whole range (exclusive), ISO-8601 UTC. */
  end: string;
  /** Items to skip in the current window (iPing's `item_start`): the position of the page. */
  itemStart: number;
  /** Items per request (iPing's `item_count`), 1 to 100. */
  itemCount: number;
  /** Whether the call lists calls made (`'past'`) or scheduled (`'future'`). */
  storageType: IpingStorageType;
  /** The tracking id the call filters on, or null for every notification. */
  trackingId: string | null;
  /** Whether requests go as the `bSmartXML` document or as a query string. */
  transport: IpingTransport;
  /** Longest date window, as the call's `windowSpan` gave it. */
  span: WindowSpan;
};

/** Where a cursor first goes wrong, and how: what {@link readOutboundItemsCursor} reports. */
export interface CursorProblem {
  path: string;
  expected: string;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Reads the fields of a getOutboundItems cursor that a caller handed back to resume (its `p`
 * and `op` tags already checked), keeping nothing else.
 *
 * Checked by hand, not with zod: a cursor is the only JSON this client ever reads (iPing
 * answers in XML, which `parse.ts` reads field by field), and a zod schema for it would be the
 * client's one use of zod, 6.6 KB gzipped of a browser bundle that must stay under 45 KB.
 * `test/cursor.test.ts` holds it to the verdicts of the zod schema of the same type.
 */
export function readOutboundItemsCursor(
  cursor: Readonly<Record<string, unknown>>,
): OutboundItemsCursor | CursorProblem {
  const { window, end, itemStart, itemCount, storageType, trackingId, transport, span } = cursor;
  const isInstant = (value: unknown): value is string => typeof value === 'string' && ISO_UTC.test(value);
  if (!Array.isArray(window) || window.length !== 2 || !isInstant(window[0]) || !isInstant(window[1])) {
    return { path: 'window', expected: 'two ISO-8601 UTC instants' };
  }
  if (!isInstant(end)) return { path: 'end', expected: 'an ISO-8601 UTC instant' };
  if (!isCount(itemStart)) return { path: 'itemStart', expected: 'a whole number, 0 or more' };
  if (!isCount(itemCount) || itemCount < 1 || itemCount > 100) {
    return { path: 'itemCount', expected: 'a whole number from 1 to 100' };
  }
  if (storageType !== 'past' && storageType !== 'future') {
    return { path: 'storageType', expected: "'past' or 'future'" };
  }
  if (trackingId !== null && typeof trackingId !== 'string') {
    return { path: 'trackingId', expected: 'a string or null' };
  }
  if (transport !== 'xml' && transport !== 'query')
    return { path: 'transport', expected: "'xml' or 'query'" };
  const windowSpan = readSpan(span);
  if (windowSpan === undefined) {
    return { path: 'span', expected: 'a positive number of ms, or { months, days, hours } of whole numbers' };
  }
  return {
    p: 'iping',
    op: 'getOutboundItems',
    window: [window[0], window[1]],
    end,
    itemStart,
    itemCount,
    storageType,
    trackingId,
    transport,
    span: windowSpan,
  };
}

function readSpan(span: unknown): WindowSpan | undefined {
  if (typeof span === 'number') return Number.isFinite(span) && span > 0 ? span : undefined;
  if (typeof span !== 'object' || span === null || Array.isArray(span)) return undefined;
  const result: { months?: number; days?: number; hours?: number } = {};
  for (const unit of ['months', 'days', 'hours'] as const) {
    const value = (span as Record<string, unknown>)[unit];
    if (value === undefined) continue;
    if (!isCount(value)) return undefined;
    result[unit] = value;
  }
  return result;
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/**
 * zod schema of an {@link IpingItem} (every field a string), for users who validate what they
 * store. The client does not run it: its parser only ever produces strings.
 */
/* @__NO_SIDE_EFFECTS__ */
export function ipingItemSchema(): z.ZodMiniRecord<z.ZodMiniString, z.ZodMiniString> {
  return z.record(z.string(), z.string());
}
