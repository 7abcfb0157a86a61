/**
 * The shapes iPing's GetOutboundItems speaks: the items it answers with, the fields drift is
 * checked against, and the cursor's parameters (`q`) and position (`at`).
 *
 * iPing does not publish its response format, so an item is typed loosely: every field the
 * answer carries is kept as a string under its own name, and the fields PutNotification
 * documents (which an outbound item most likely echoes) are named for editor help.
 * @module
 */
import type { WindowSpan } from '@cdrkit/core';
import type { DocumentedFields } from '@cdrkit/core/provider';
import * as z from 'zod/mini';
import type { IpingStorageType, IpingTransport } from './options.js';

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

/** The parameters of a getOutboundItems call, as its cursor carries them (`q`). */
export type OutboundItemsParams = {
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

const count = z.int().check(z.nonnegative());

/** A span as `checkWindowSpan` returns it: whole ms (1 s or more), or whole units, one positive. */
const spanSchema = z.union([
  z.int().check(z.minimum(1000)),
  z
    .object({ months: z.optional(count), days: z.optional(count), hours: z.optional(count) })
    .check(
      z.refine(
        (span) => Object.values(span).some((unit) => (unit ?? 0) > 0),
        "its window span (q.span) is empty; restart from the range's beginning.",
      ),
    ),
]);

/**
 * Validates a cursor's `q`: what core checks before a resumed call sends anything. (Cast: zod
 * types an optional unit as `number | undefined`, and a cursor is JSON, which has no undefined.)
 */
export const paramsSchema = z.object({
  itemCount: z.int().check(z.minimum(1), z.maximum(100)),
  storageType: z.enum(['past', 'future']),
  trackingId: z.nullable(z.string()),
  transport: z.enum(['xml', 'query']),
  span: spanSchema,
}) as z.ZodMiniType<OutboundItemsParams>;

/** Validates a cursor's `at`: the `item_start` of the page inside its window. */
export const positionSchema: z.ZodMiniType<number> = count;

/**
 * What a cursor of getOutboundItems holds (JSON), in core's one cursor format: the window
 * [`from`, `to`) and the range's `end` in epoch ms, the call's parameters `q`, and `at`, the
 * `item_start` of the next page in the window (absent at its start). Opaque: pass it back as
 * it is.
 */
export type OutboundItemsCursor = {
  /** Provider tag: a cursor of another provider is refused. */
  p: 'iping';
  /** Method tag: a cursor of another method is refused. */
  op: 'getOutboundItems';
  /** The call's parameters. */
  q: OutboundItemsParams;
  /** The current date window's start, epoch ms. */
  from: number;
  /** The current date window's end (exclusive), epoch ms. */
  to: number;
  /** End of the whole range (exclusive), epoch ms. */
  end: number;
  /** Items to skip in the current window (iPing's `item_start`); absent for 0. */
  at?: number;
};

/**
 * zod schema of an {@link IpingItem} (every field a string), for users who validate what they
 * store. The client does not run it: its parser only ever produces strings.
 */
/* @__NO_SIDE_EFFECTS__ */
export function ipingItemSchema(): z.ZodMiniRecord<z.ZodMiniString, z.ZodMiniString> {
  return z.record(z.string(), z.string());
}
