/**
 * Boxis records in cdrkit's normalized shape.
 *
 * | CallRecord    | Boxis record                                                                 |
 * |---------------|------------------------------------------------------------------------------|
 * | `provider`    | `'boxis'`                                                                    |
 * | `id`          | `uniqueid` (a number as its decimal text)                                     |
 * | `kind`        | `'call'` (getCDR lists voice calls only)                                     |
 * | `direction`   | `[inbound]` / `[outbound]` in `userfield`; else from `dcontext`: `fromoutside`, `from-trunk`, `from-pstn`, `from-external`, `from-did` → inbound, `frominside`, `from-internal`, `fromuser(s)`, `from-sip`, `from-phone(s)` → outbound; else `unknown` |
 * | `status`      | `disposition`: `ANSWERED` → answered, `NO ANSWER` → no-answer, `BUSY` → busy, `FAILED` → failed, anything else → unknown |
 * | `from`        | `src` as sent (leading zeros kept; a number as its text); `''` or missing → null |
 * | `to`          | `dst` as sent; `''` or missing → null                                        |
 * | `startedAt`   | `start`, Swiss wall time (the client's `timeZone`) → ISO UTC                 |
 * | `answeredAt`  | `answer` → ISO UTC; `0000-00-00 00:00:00` (not answered), empty or missing → null |
 * | `endedAt`     | `end` → ISO UTC; zero date, empty or missing → null                          |
 * | `durationSec` | `duration` (seconds, string or number); missing or not a number → null       |
 * | `billedSec`   | `billsec`; missing or not a number → null                                    |
 * | `cost`        | `{ amount: cc_cost as an exact decimal string, currency: 'CHF' }`; empty or missing → null |
 * | `raw`         | the record, untouched                                                        |
 *
 * The currency is an assumption: the doc names none, and Boxis bills in Swiss francs.
 * @module
 */
import {
  type CallRecord,
  parseProviderDate,
  ResponseFormatError,
  toDecimalString,
  toIsoUtc,
} from '@cdrkit/core';
import { readNumber, readText } from '@cdrkit/core/provider';
import type { BoxisCdr } from './schemas.js';

/** Boxis' times are Swiss local times (the doc's sample: `start` 20:12:56 is 19:12:56 UTC in February). */
export const BOXIS_TIME_ZONE = 'Europe/Zurich';

/** Boxis bills in Swiss francs; `cc_cost` carries no currency of its own. */
const CURRENCY = 'CHF';

const STATUS: Readonly<Record<string, CallRecord['status']>> = {
  ANSWERED: 'answered',
  'NO ANSWER': 'no-answer',
  NOANSWER: 'no-answer',
  BUSY: 'busy',
  FAILED: 'failed',
};

/** Asterisk contexts a call from the outside world arrives in, and those a local phone dials from. */
const INBOUND_CONTEXT = /^from-?(outside|trunk|pstn|external|did)\b/i;
const OUTBOUND_CONTEXT = /^from-?(inside|internal|users?|sip|phones?)\b/i;

/** Options of {@link toCallRecord}. */
export interface ToCallRecordOptions {
  /**
   * Zone of the record's naive times: the client's `timeZone`.
   * @defaultValue 'Europe/Zurich'
   */
  timeZone?: string;
}

/**
 * Maps one Boxis record to a {@link CallRecord} (mapping table in this module's header).
 * @throws ResponseFormatError when `start` is not a date
 * @example
 * ```ts
 * const record = toCallRecord(cdr); // { id: cdr.uniqueid, startedAt: '2018-02-06T19:12:56.000Z', … }
 * ```
 */
export function toCallRecord(record: BoxisCdr, options: ToCallRecordOptions = {}): CallRecord {
  const timeZone = options.timeZone ?? BOXIS_TIME_ZONE;
  const startedAt = toIsoUtc(parseProviderDate(record.start, timeZone));
  if (startedAt === null) {
    throw new ResponseFormatError(`Boxis record ${String(record.uniqueid)} has a start that is not a date.`, {
      provider: 'boxis',
      operation: 'getCDR',
      path: 'start',
    });
  }
  return {
    provider: 'boxis',
    id: String(record.uniqueid),
    kind: 'call',
    direction: directionOf(record),
    status: STATUS[readText(record.disposition)?.trim().toUpperCase() ?? ''] ?? 'unknown',
    from: readText(record.src),
    to: readText(record.dst),
    startedAt,
    answeredAt: optionalTime(record.answer, timeZone),
    endedAt: optionalTime(record.end, timeZone),
    durationSec: seconds(record.duration),
    billedSec: seconds(record.billsec),
    cost: costOf(record.cc_cost),
    raw: record,
  };
}

/** Boxis tags the direction in `userfield`; the dial-plan context is the fallback. */
function directionOf(record: BoxisCdr): CallRecord['direction'] {
  const tag = readText(record.userfield)?.toLowerCase() ?? '';
  if (tag.includes('[inbound]')) return 'inbound';
  if (tag.includes('[outbound]')) return 'outbound';
  const context = readText(record.dcontext)?.trim() ?? '';
  if (INBOUND_CONTEXT.test(context)) return 'inbound';
  if (OUTBOUND_CONTEXT.test(context)) return 'outbound';
  return 'unknown';
}

/** Asterisk writes a zero date (`0000-00-00 00:00:00`) for a time that never happened. */
function optionalTime(value: unknown, timeZone: string): string | null {
  if (typeof value !== 'string' || value.trim() === '' || value.startsWith('0000-00-00')) return null;
  return toIsoUtc(parseProviderDate(value, timeZone));
}

/** Seconds as sent, a string or a number; null when missing, negative or not a number. */
function seconds(value: unknown): number | null {
  const number = readNumber(value);
  return number === null || number < 0 ? null : number;
}

function costOf(value: unknown): CallRecord['cost'] {
  if (typeof value !== 'number' && (typeof value !== 'string' || value.trim() === '')) return null;
  const amount = toDecimalString(typeof value === 'string' ? value.trim() : value);
  return amount === null ? null : { amount, currency: CURRENCY };
}
