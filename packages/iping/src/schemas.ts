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
  phone_extension?: string;
  receiver_name?: string;
  /** When the call was scheduled, US style (`07/28/2003 2:45:00pm`), in `timezone_id`'s zone. */
  notification_dt?: string;
  /** iPing's zone code (35 Eastern, 20 Central, 10 Mountain, 4 Pacific, …). */
  timezone_id?: string;
  /** The outcome of the call (`ANSWERED`, `NO ANSWER`, `BUSY`, …), when the answer carries one. */
  call_status?: string;
  /** Seconds (or `h:mm:ss`), when the answer carries it. */
  call_duration?: string;
  call_dt?: string;
  /** Any other field of the answer, kept as sent. */
  [field: string]: string | undefined;
}

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
  ((GetOutboundItemsRange & { cursor?: undefined }) | (Partial<GetOutboundItemsRange> & { cursor: Cursor }));

/** What a cursor of getOutboundItems holds (JSON). */
export type OutboundItemsCursor = {
  p: 'iping';
  op: 'getOutboundItems';
  /** The current date window, ISO-8601 UTC, half-open. */
  window: [string, string];
  /** End of the whole range (exclusive), ISO-8601 UTC. */
  end: string;
  itemStart: number;
  itemCount: number;
  storageType: IpingStorageType;
  trackingId: string | null;
  transport: IpingTransport;
  span: WindowSpan;
};

let cursorSchema: z.ZodMiniType<OutboundItemsCursor> | undefined;

/**
 * The zod schema of a getOutboundItems cursor, built on first use (only resuming needs it, so
 * a bundle that never resumes never builds it).
 */
/* @__NO_SIDE_EFFECTS__ */
export function outboundItemsCursorSchema(): z.ZodMiniType<OutboundItemsCursor> {
  if (cursorSchema) return cursorSchema;
  const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/));
  const count = z.int().check(z.nonnegative());
  cursorSchema = z.object({
    p: z.literal('iping'),
    op: z.literal('getOutboundItems'),
    window: z.tuple([isoDate, isoDate]),
    end: isoDate,
    itemStart: count,
    itemCount: z.int().check(z.minimum(1), z.maximum(100)),
    storageType: z.enum(['past', 'future']),
    trackingId: z.nullable(z.string()),
    transport: z.enum(['xml', 'query']),
    span: z.union([
      z.number().check(z.positive()),
      z.object({ months: z.optional(count), days: z.optional(count), hours: z.optional(count) }),
    ]),
  }) as unknown as z.ZodMiniType<OutboundItemsCursor>;
  return cursorSchema;
}

/**
 * zod schema of an {@link IpingItem} (every field a string), for users who validate what they
 * store. The client does not run it: its parser only ever produces strings.
 */
/* @__NO_SIDE_EFFECTS__ */
export function ipingItemSchema(): z.ZodMiniRecord<z.ZodMiniString, z.ZodMiniString> {
  return z.record(z.string(), z.string());
}
