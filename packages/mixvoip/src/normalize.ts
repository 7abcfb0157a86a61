/**
 * MIXvoip records in cdrkit's normalized {@link CallRecord} shape, and the ids cdrkit derives
 * for them (MIXvoip records carry none).
 *
 * Mapping table (`toCallRecord`):
 *
 * | CallRecord    | from the MIXvoip record                                                        |
 * |---------------|--------------------------------------------------------------------------------|
 * | `provider`    | `'mixvoip'`                                                                    |
 * | `id`          | the record's derived `id` ({@link recordId}); computed when the record has none |
 * | `kind`        | CALLIN, CALLOUT, MCALL (mobile call) → `call`; SMS, MSMS → `sms`; FAX → `fax`; MDATA, DELIVERY, DOCUMENTATION, DEV, HARDWARE, PAY, SERVICE, SETUP, TRAVEL, any other or none → `other` |
 * | `direction`   | CALLIN → `inbound`; CALLOUT, SMS, MSMS → `outbound` (billed messages are sent ones); else `unknown` (MCALL: the record does not say) |
 * | `status`      | calls: `duration` > 0 → `answered`, 0 → `no-answer` (MIXvoip does not tell busy, failed and unanswered apart); others `unknown` |
 * | `from`        | `data.source` as a string, exactly as sent (a number as its text); `''` or missing → null |
 * | `to`          | `data.destination` as a string, exactly as sent; `''` or missing → null        |
 * | `startedAt`   | `data.call_start` (space, `T`, comma or line break between date and time), wall time in the client's zone → ISO UTC |
 * | `answeredAt`  | null (not reported)                                                            |
 * | `endedAt`     | calls: `data.call_end` when present, else start + `duration`; others null     |
 * | `durationSec` | calls: `data.duration`; others null                                            |
 * | `billedSec`   | calls: `data.duration`; others null                                            |
 * | `cost`        | `price` (cents per quantity) × `quantity` ÷ 100, exact, trailing zeros dropped (`2 × 7.00` → `'0.14'`), currency `EUR` (or the client's `currency`); null when either is missing or not a number |
 * | `raw`         | the record, untouched                                                          |
 * @module
 */
import {
  type CallRecord,
  decimalProduct,
  parseProviderDate,
  ResponseFormatError,
  toIsoUtc,
  wallTimeToEpoch,
} from '@cdrkit/core';
import { readNumber, readText } from '@cdrkit/core/provider';
import type { MixvoipRecord, MixvoipWireRecord } from './schemas.js';

/** How {@link toCallRecord} reads a record. */
export interface ToCallRecordOptions {
  /**
   * IANA zone of MIXvoip's naive `call_start` / `call_end`.
   * @defaultValue 'UTC'
   * @example 'Europe/Luxembourg'
   */
  timeZone?: string;
  /**
   * Currency of `price` (MIXvoip prices in euro cents).
   * @defaultValue 'EUR'
   */
  currency?: string;
}

const CALL_TYPES: ReadonlySet<string> = /* @__PURE__ */ new Set(['CALLIN', 'CALLOUT', 'MCALL']);
const SMS_TYPES: ReadonlySet<string> = /* @__PURE__ */ new Set(['SMS', 'MSMS']);

/**
 * Maps a getCalls record to cdrkit's normalized record (see the mapping table in this module's
 * documentation and in docs/providers/mixvoip.md).
 * @throws ResponseFormatError when `call_start` is not a date
 * @example
 * ```ts
 * for await (const call of client.getCalls({ profileId, from })) {
 *   const record = toCallRecord(call, { timeZone: 'Europe/Luxembourg' });
 * }
 * ```
 */
export function toCallRecord(
  record: MixvoipRecord | MixvoipWireRecord,
  options: ToCallRecordOptions = {},
): CallRecord {
  const { timeZone = 'UTC', currency = 'EUR' } = options;
  const { data } = record;
  const type = readText(record.type) ?? '';
  const kind = kindOf(type);
  const isCall = kind === 'call';
  const startMs = parseCallStart(data.call_start, timeZone);
  const startedAt = toIsoUtc(startMs);
  if (startedAt === null) {
    throw new ResponseFormatError(
      `MIXvoip record has a call_start that is not a date: ${JSON.stringify(data.call_start)}.`,
      {
        provider: 'mixvoip',
        kind: 'schema',
        path: 'data.call_start',
      },
    );
  }
  const duration = isCall ? readSeconds(data.duration) : null;
  return {
    provider: 'mixvoip',
    id: typeof record.id === 'string' ? record.id : recordId(record),
    kind,
    direction: directionOf(type),
    status: isCall ? (duration === null ? 'unknown' : duration > 0 ? 'answered' : 'no-answer') : 'unknown',
    from: partyOf(data.source),
    to: partyOf(data.destination),
    startedAt,
    answeredAt: null,
    endedAt: isCall ? endOf(data.call_end, startMs, duration, timeZone) : null,
    durationSec: duration,
    billedSec: duration,
    cost: costOf(data.price, data.quantity, currency),
    raw: record,
  };
}

function kindOf(type: string): CallRecord['kind'] {
  if (CALL_TYPES.has(type)) return 'call';
  if (SMS_TYPES.has(type)) return 'sms';
  return type === 'FAX' ? 'fax' : 'other';
}

function directionOf(type: string): CallRecord['direction'] {
  if (type === 'CALLIN') return 'inbound';
  return type === 'CALLOUT' || SMS_TYPES.has(type) ? 'outbound' : 'unknown';
}

function partyOf(value: unknown): string | null {
  return readText(value);
}

function readSeconds(value: unknown): number | null {
  const seconds = readNumber(value);
  return seconds !== null && seconds >= 0 ? seconds : null;
}

function endOf(callEnd: unknown, startMs: number, duration: number | null, timeZone: string): string | null {
  if (typeof callEnd === 'string' && callEnd.trim() !== '') {
    const end = toIsoUtc(parseCallStart(callEnd, timeZone));
    if (end !== null) return end;
  }
  return duration === null ? null : toIsoUtc(startMs + duration * 1000);
}

const DATE_ONLY = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/;

/**
 * Epoch ms of a MIXvoip timestamp (any of the separators MIXvoip uses between date and time),
 * read as wall time in `timeZone`; a bare date (a billing date) is that day's midnight. NaN
 * when it is not a date.
 */
export function parseCallStart(text: string, timeZone: string): number {
  const ms = parseProviderDate(text, timeZone);
  if (!Number.isNaN(ms)) return ms;
  const day = DATE_ONLY.exec(text);
  if (!day) return Number.NaN;
  return wallTimeToEpoch(Number(day[1]), Number(day[2]), Number(day[3]), 0, 0, 0, timeZone);
}

/**
 * `price` (cents per quantity) × `quantity` in whole currency units, exact: MIXvoip's doc
 * says price is "in euro cents per quantity". Trailing zeros are dropped, so the doc's CALLOUT
 * (2 × 7.00 cents) costs `'0.14'`, and a free call `'0'`.
 */
function costOf(price: unknown, quantity: unknown, currency: string): CallRecord['cost'] {
  if (!isScalar(price) || !isScalar(quantity)) return null;
  const amount = decimalProduct(price, quantity, 2);
  return amount === null ? null : { amount: stripTrailingZeros(amount), currency };
}

function isScalar(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

function stripTrailingZeros(decimal: string): string {
  const stripped = decimal.includes('.') ? decimal.replace(/\.?0+$/, '') : decimal;
  return stripped === '-0' ? '0' : stripped;
}

// ---------------------------------------------------------------------------------------------
// Derived ids

/**
 * The content key of a record: the fields that tell two records apart (type, source,
 * destination, call_start, duration, invoice), with call_start's separator between date and
 * time made a single space, so that the JSON and the CSV answer give the same key.
 */
function contentKey(record: MixvoipWireRecord): string {
  const { data } = record;
  const start = data.call_start.trim().replace(/[\s,]+|T(?=\d)/g, ' ');
  // join writes a missing or null field as '', a number as its text: as the CSV answer has it
  return [record.type, data.source, data.destination, start, data.duration, data.invoice].join('\u001f');
}

/**
 * The id cdrkit derives for a MIXvoip record, whose own records carry none: FNV-1a 64 of the
 * record's content (type, source, destination, call_start, duration, invoice) as 16 hex digits,
 * then `#n` for the record that is the n-th identical one (n ≥ 1) in the same answer. The first
 * of identical records has no suffix, so two identical SMS sent in the same second come back as
 * `…` and `…#1`: both kept, and the same on every call, in JSON and in CSV.
 * @param occurrence how many identical records came before this one in the answer
 * @example
 * ```ts
 * recordId({ type: 'SMS', data: { source: '+352…', destination: '…', call_start: '2024-03-01 10:00:00', quantity: 1, price: '9.00', invoice: 'N/A' } });
 * // '9f2c…' (16 hex digits)
 * ```
 */
export function recordId(record: MixvoipWireRecord, occurrence = 0): string {
  return idOfKey(contentKey(record), occurrence);
}

function idOfKey(key: string, occurrence: number): string {
  const hash = fnv1a64(key);
  return occurrence > 0 ? `${hash}#${occurrence}` : hash;
}

/**
 * Gives each record of one answer its id (a non-enumerable `id` property, so the record itself
 * stays the provider's), numbering identical records in the order the answer lists them.
 */
export function attachIds(records: readonly MixvoipWireRecord[]): MixvoipRecord[] {
  const seen = new Map<string, number>();
  for (const record of records) {
    const key = contentKey(record);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    Object.defineProperty(record, 'id', {
      value: idOfKey(key, occurrence),
      enumerable: false,
      writable: false,
      configurable: true,
    });
  }
  return records as MixvoipRecord[];
}

/**
 * FNV-1a 64 (http://www.isthe.com/chongo/tech/comp/fnv/) of `text`'s UTF-8 bytes, as 16 hex
 * digits. Not a cryptographic hash: it only has to be stable and spread well. Computed on four
 * 16-bit limbs, because plain numbers hold 53 bits and BigInt is slow per byte. The UTF-8 bytes
 * are made on the fly, as TextEncoder would make them (a lone surrogate as U+FFFD), without
 * allocating them: ids are made for every record of an answer.
 */
export function fnv1a64(text: string): string {
  // offset basis 0xcbf29ce484222325, as two 32-bit halves
  let hi = 0xcbf29ce4 | 0;
  let lo = 0x84222325 | 0;
  for (let index = 0; index < text.length; index++) {
    let code = text.charCodeAt(index);
    if (code < 0x80) {
      // h ^= byte; h × 0x100000001b3 = h × 0x1b3 + (h << 40), modulo 2^64
      lo ^= code;
      const product = (lo >>> 0) * 0x1b3; // under 2^41: exact
      hi = (Math.imul(hi, 0x1b3) + ((product / 0x100000000) | 0) + (lo << 8)) | 0;
      lo = product | 0;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const low = code <= 0xdbff ? text.charCodeAt(index + 1) : Number.NaN;
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        index++;
      } else {
        code = 0xfffd;
      }
    }
    const bytes =
      code < 0x800
        ? [0xc0 | (code >> 6)]
        : code < 0x10000
          ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f)]
          : [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f)];
    bytes.push(0x80 | (code & 0x3f));
    for (const byte of bytes) {
      lo ^= byte;
      const product = (lo >>> 0) * 0x1b3;
      hi = (Math.imul(hi, 0x1b3) + ((product / 0x100000000) | 0) + (lo << 8)) | 0;
      lo = product | 0;
    }
  }
  return hex8(hi) + hex8(lo);
}

const HEX_BYTES = /* @__PURE__ */ Array.from({ length: 256 }, (_, n) => n.toString(16).padStart(2, '0'));

function hex8(half: number): string {
  return (
    (HEX_BYTES[(half >>> 24) & 0xff] as string) +
    (HEX_BYTES[(half >>> 16) & 0xff] as string) +
    (HEX_BYTES[(half >>> 8) & 0xff] as string) +
    (HEX_BYTES[half & 0xff] as string)
  );
}
