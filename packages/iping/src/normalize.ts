/**
 * iPing outbound items as normalized {@link CallRecord}s.
 *
 * Mapping table (iPing does not publish its response, so each row lists the field names the
 * SDK looks for, first present wins; see docs/providers/iping.md):
 *
 * | CallRecord    | iPing item                                                                   |
 * |---------------|------------------------------------------------------------------------------|
 * | `provider`    | `'iping'`                                                                    |
 * | `id`          | `item_id` / `id` / `notification_id` / `call_id` / `cdr_id` / `transaction_id` / `uid`; without one, a hash of the item's fields plus its occurrence among identical items of the same answer (never `tracking_id`, which the caller chooses and may repeat) |
 * | `kind`        | `'call'` (`'sms'` / `'fax'` / `'other'` when a `notification_type` / `delivery_type` / `type` field says SMS / TEXT, FAX, EMAIL) |
 * | `direction`   | `'outbound'`: GetOutboundItems lists the calls iPing placed                  |
 * | `status`      | `call_status` / `status` / `call_result` / `result` / `outcome` / `disposition` / `delivery_status`: ANSWERED, COMPLETED, SUCCESS, DELIVERED, CONNECTED, MACHINE, VOICEMAIL → `answered`; NO ANSWER, NOANSWER, UNANSWERED, NO RESPONSE → `no-answer`; BUSY → `busy`; FAILED, ERROR, INVALID, DISCONNECTED, CANCELLED → `failed`; anything else (a scheduled item) → `unknown` |
 * | `from`        | `caller_id` / `callerid` / `caller_id_number` / `from`, else `null`          |
 * | `to`          | `phone_number` (as sent; `phone_extension` stays in `raw`)                   |
 * | `startedAt`   | `notification_dt` (`07/28/2003 2:45:00pm`, `03/16/2004 07:00am`), else `call_dt` / `start_dt` / `start_time`, read in the zone of `timezone_id`, else the client's `timeZone` |
 * | `answeredAt`  | `answered_dt` / `answer_dt` / `answer_time`, else `null`                     |
 * | `endedAt`     | `ended_dt` / `hangup_dt` / `end_time`, else `null`                           |
 * | `durationSec` | `call_duration` / `duration` / `duration_sec` / `call_length` / `length` (seconds, `m:ss` or `h:mm:ss`), else `null` |
 * | `billedSec`   | `billed_duration` / `billable_duration` / `billed_sec`, else `null`          |
 * | `cost`        | `cost` / `price` / `charge` (a leading `$` means USD) with `currency`, else `null` |
 * | `raw`         | the item, untouched                                                          |
 *
 * `timezone_id` codes (iPing's PutNotification): 2 Hawaii, 3 Alaska, 4 Pacific, 10 Mountain,
 * 15 Arizona, 20 Central, 35 Eastern, 40 Indiana, 50 Atlantic, 55 Virgin Islands.
 * @module
 */
import {
  type CallRecord,
  parseProviderDate,
  ResponseFormatError,
  toDecimalString,
  toIsoUtc,
} from '@cdrkit/core';
import type { IpingItem } from './schemas.js';

/** The zone iPing's dates are read in when neither the item nor the client names one. */
export const DEFAULT_TIME_ZONE = 'America/New_York';

/**
 * iPing's `timezone_id` codes (from PutNotification) as IANA zones. An item's `timezone_id`
 * beats the client's `timeZone` for its times.
 */
export const IPING_TIME_ZONES: Readonly<Record<string, string>> = {
  '2': 'Pacific/Honolulu',
  '3': 'America/Anchorage',
  '4': 'America/Los_Angeles',
  '10': 'America/Denver',
  '15': 'America/Phoenix',
  '20': 'America/Chicago',
  '35': 'America/New_York',
  '40': 'America/Indiana/Indianapolis',
  '50': 'America/Puerto_Rico',
  '55': 'America/St_Thomas',
};

const ID_FIELDS = ['item_id', 'id', 'notification_id', 'call_id', 'cdr_id', 'transaction_id', 'uid'];
const START_FIELDS = ['notification_dt', 'call_dt', 'start_dt', 'start_time'];
const STATUS_FIELDS = [
  'call_status',
  'status',
  'call_result',
  'result',
  'outcome',
  'disposition',
  'delivery_status',
];
const FROM_FIELDS = ['caller_id', 'callerid', 'caller_id_number', 'from'];
const TO_FIELDS = ['phone_number', 'phone', 'to'];
const DURATION_FIELDS = ['call_duration', 'duration', 'duration_sec', 'call_length', 'length'];
const BILLED_FIELDS = ['billed_duration', 'billable_duration', 'billed_sec'];
const COST_FIELDS = ['cost', 'price', 'charge'];
const KIND_FIELDS = ['notification_type', 'delivery_type', 'type'];

/** The first non-empty value among `names` (exact name first, then any letter case). */
function pick(item: IpingItem, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = item[name];
    if (value !== undefined && value.trim() !== '') return value;
  }
  // Rarely reached: only when a real answer spells its fields in another case (`Item_ID`).
  for (const key of Object.keys(item)) {
    const lower = key.toLowerCase();
    if (lower !== key && names.includes(lower)) {
      const value = item[key];
      if (value !== undefined && value.trim() !== '') return value;
    }
  }
  return undefined;
}

/**
 * The id iPing guarantees unique for an item, when the answer carries one; undefined otherwise.
 * `tracking_id` is never used: the caller chooses it and it may repeat.
 */
export function providerIdOf(item: IpingItem): string | undefined {
  return pick(item, ID_FIELDS)?.trim();
}

/** The IANA zone of an item's times: its `timezone_id`'s, else `fallback`. */
export function itemTimeZone(item: IpingItem, fallback: string): string {
  const code = item.timezone_id?.trim();
  return (code !== undefined && IPING_TIME_ZONES[code]) || fallback;
}

/** Epoch ms of an item's start (`notification_dt`, in its zone), or NaN when it has none. */
export function itemStartMs(item: IpingItem, timeZone: string): number {
  const text = pick(item, START_FIELDS);
  return text === undefined ? Number.NaN : parseProviderDate(text.trim(), itemTimeZone(item, timeZone));
}

// Occurrence of an item among identical id-less items of the same answer, set by the parser
// so that identical items get distinct, stable ids. A WeakMap keeps the item itself untouched.
const occurrences = new WeakMap<IpingItem, number>();

/**
 * Numbers the items of one answer that carry no provider id and are identical to an earlier
 * one (1, 2, …), so {@link toCallRecord} gives each its own stable id.
 */
export function markOccurrences(items: readonly IpingItem[]): void {
  let seen: Map<string, number> | undefined;
  for (const item of items) {
    if (providerIdOf(item) !== undefined) continue;
    seen ??= new Map();
    const key = contentKey(item);
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    if (count > 0) occurrences.set(item, count);
  }
}

function contentKey(item: IpingItem): string {
  return Object.keys(item)
    .sort()
    .map((key) => `${key}\u0001${item[key] ?? ''}`)
    .join('\u0000');
}

/** cyrb53-style 64-bit string hash as 16 hex digits: stable, fast, not cryptographic. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/** An item's normalized id: its provider id, or one derived from its content and occurrence. */
export function recordIdOf(item: IpingItem): string {
  const id = providerIdOf(item);
  if (id !== undefined) return id;
  const occurrence = occurrences.get(item) ?? 0;
  return `sha:${hash(contentKey(item))}${occurrence > 0 ? `:${occurrence}` : ''}`;
}

const STATUSES: Record<string, CallRecord['status']> = {
  ANSWERED: 'answered',
  ANSWER: 'answered',
  COMPLETED: 'answered',
  COMPLETE: 'answered',
  SUCCESS: 'answered',
  SUCCESSFUL: 'answered',
  DELIVERED: 'answered',
  CONNECTED: 'answered',
  MACHINE: 'answered',
  ANSWERINGMACHINE: 'answered',
  VOICEMAIL: 'answered',
  NOANSWER: 'no-answer',
  UNANSWERED: 'no-answer',
  NORESPONSE: 'no-answer',
  RINGNOANSWER: 'no-answer',
  BUSY: 'busy',
  USERBUSY: 'busy',
  FAILED: 'failed',
  FAIL: 'failed',
  FAILURE: 'failed',
  ERROR: 'failed',
  INVALID: 'failed',
  INVALIDNUMBER: 'failed',
  DISCONNECTED: 'failed',
  CANCELLED: 'failed',
  CANCELED: 'failed',
};

/** Maps an outcome such as `NO ANSWER`, `no_answer` or `Busy` to a normalized status. */
export function statusOf(outcome: string | undefined): CallRecord['status'] {
  if (outcome === undefined) return 'unknown';
  return STATUSES[outcome.toUpperCase().replace(/[^A-Z]/g, '')] ?? 'unknown';
}

function kindOf(item: IpingItem): CallRecord['kind'] {
  const type = pick(item, KIND_FIELDS)?.toUpperCase();
  if (type === undefined || type.includes('VOICE') || type.includes('CALL') || type.includes('PHONE')) {
    return 'call';
  }
  if (type.includes('SMS') || type.includes('TEXT')) return 'sms';
  if (type.includes('FAX')) return 'fax';
  if (type.includes('MAIL')) return 'other';
  return 'call';
}

/** Seconds from `45`, `45.0`, `1:30` (m:ss) or `0:01:30` (h:mm:ss); null when unreadable. */
export function secondsOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const clock = /^(\d+):(\d{1,2})(?::(\d{1,2}))?$/.exec(value);
  if (!clock) return null;
  const [a, b, c] = [
    Number(clock[1]),
    Number(clock[2]),
    clock[3] === undefined ? undefined : Number(clock[3]),
  ];
  return c === undefined ? a * 60 + b : a * 3600 + b * 60 + c;
}

function costOf(item: IpingItem): CallRecord['cost'] {
  const text = pick(item, COST_FIELDS)?.trim();
  if (text === undefined) return null;
  const dollars = text.startsWith('$');
  const amount = toDecimalString(dollars ? text.slice(1) : text);
  if (amount === null) return null;
  return { amount, currency: pick(item, ['currency'])?.trim() ?? (dollars ? 'USD' : null) };
}

function timeOf(item: IpingItem, names: readonly string[], timeZone: string): string | null {
  const text = pick(item, names);
  return text === undefined ? null : toIsoUtc(parseProviderDate(text.trim(), timeZone));
}

/** Options of {@link toCallRecord}. */
export interface ToCallRecordOptions {
  /**
   * Zone of items without a known `timezone_id` (the client passes its own `timeZone`).
   * @defaultValue 'America/New_York'
   * @example 'America/Chicago'
   */
  timeZone?: string;
}

/**
 * Normalizes an iPing outbound item (see the mapping table at the top of this module and in
 * docs/providers/iping.md). Outbound items are outbound calls; the item's `timezone_id` beats
 * `options.timeZone` for its times.
 * @throws ResponseFormatError when the item carries no readable start time
 * @example
 * ```ts
 * const record = toCallRecord(item, { timeZone: 'America/Chicago' });
 * ```
 */
export function toCallRecord(item: IpingItem, options: ToCallRecordOptions = {}): CallRecord {
  const timeZone = itemTimeZone(item, options.timeZone ?? DEFAULT_TIME_ZONE);
  const startedAt = timeOf(item, START_FIELDS, timeZone);
  if (startedAt === null) {
    throw new ResponseFormatError('iPing item has no readable notification_dt (start time)', {
      provider: 'iping',
      operation: 'getOutboundItems',
      kind: 'schema',
      path: 'notification_dt',
    });
  }
  const from = pick(item, FROM_FIELDS);
  const to = pick(item, TO_FIELDS);
  return {
    provider: 'iping',
    id: recordIdOf(item),
    kind: kindOf(item),
    direction: 'outbound',
    status: statusOf(pick(item, STATUS_FIELDS)?.trim()),
    from: from === undefined ? null : from.trim(),
    to: to === undefined ? null : to.trim(),
    startedAt,
    answeredAt: timeOf(item, ['answered_dt', 'answer_dt', 'answer_time'], timeZone),
    endedAt: timeOf(item, ['ended_dt', 'hangup_dt', 'end_time'], timeZone),
    durationSec: secondsOf(pick(item, DURATION_FIELDS)),
    billedSec: secondsOf(pick(item, BILLED_FIELDS)),
    cost: costOf(item),
    raw: item,
  };
}
