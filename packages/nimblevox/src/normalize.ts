/**
 * From a Nimblevox SDR to cdrkit's normalized {@link CallRecord}.
 *
 * | CallRecord | from the SDR |
 * |---|---|
 * | `provider` | `'nimblevox'` |
 * | `id` | `String(id)` |
 * | `kind` | `'call'` (the SDR API bills voice services) |
 * | `direction` | `serviceType`, else `callType`: `Outdial`/`Outbound`/`Outgoing` → `outbound`, `Incoming`/`Inbound` → `inbound`, else `unknown` |
 * | `status` | `answered` when `billUnits` > 0 (a service is billed only once connected), else `unknown` |
 * | `from` | `callingParty`, as sent |
 * | `to` | `calledParty`, as sent |
 * | `startedAt` | `billStart`, wall time in the client's `timeZone`, as ISO UTC |
 * | `answeredAt` | null (not reported) |
 * | `endedAt` | `billEnd`, likewise, or null |
 * | `durationSec` | `serviceTime` ("total time used"; the sample's 4 s is exactly billEnd − billStart), else billEnd − billStart |
 * | `billedSec` | `billUnits` (the units billed: seconds, 60 for the sample's 4 s call) |
 * | `cost` | `{ amount: moneyCharge, currency }`: the exact decimal string; `currency` is the client's `currency` option (the API does not say), null by default; null without a decimal `moneyCharge` |
 * | `raw` | the record as Nimblevox sent it (parsed JSON, or the plain object of the XML element) |
 * @module
 */
import { type CallRecord, InvalidArgumentError, parseProviderDate, toIsoUtc } from '@cdrkit/core';
import { readNumber } from '@cdrkit/core/provider';
import type { Sdr } from './schemas.js';
import { canonicalDecimal, receivedRecordOf } from './wire.js';

/** How {@link toCallRecord} reads what the SDR itself does not say. */
export interface ToCallRecordOptions {
  /**
   * IANA zone of `billStart` and `billEnd` (the client's `timeZone`).
   * @defaultValue 'UTC'
   * @example 'America/Chicago'
   */
  timeZone?: string;
  /**
   * ISO 4217 code of the account's currency: the API states amounts without one.
   * @defaultValue null
   * @example 'USD'
   */
  currency?: string | null;
}

const OUTBOUND = /outdial|outbound|outgoing/i;
const INBOUND = /incoming|inbound/i;

function directionOf(label: string | null): CallRecord['direction'] {
  if (label === null) return 'unknown';
  if (OUTBOUND.test(label)) return 'outbound';
  if (INBOUND.test(label)) return 'inbound';
  return 'unknown';
}

/**
 * Maps an SDR to the normalized {@link CallRecord} (see the mapping table above). The client's
 * `records()` calls it with the client's zone and currency; call it yourself on records from
 * `listSdrs` or `getSdr` with the same options.
 *
 * @throws InvalidArgumentError when `billStart` is not a date
 * @example
 * ```ts
 * const sdr = await client.getSdr(3);
 * const record = toCallRecord(sdr, { timeZone: 'America/Chicago', currency: 'USD' });
 * ```
 */
export function toCallRecord(sdr: Sdr, options: ToCallRecordOptions = {}): CallRecord {
  const timeZone = options.timeZone ?? 'UTC';
  const started = parseProviderDate(sdr.billStart, timeZone);
  const startedAt = toIsoUtc(started);
  if (startedAt === null) {
    throw new InvalidArgumentError(
      `SDR ${sdr.id} has a billStart that is not a date: expected yyyy-MM-ddTHH:mm:ss.`,
      {
        argument: 'billStart',
        provider: 'nimblevox',
      },
    );
  }
  const ended = sdr.billEnd === null ? Number.NaN : parseProviderDate(sdr.billEnd, timeZone);
  const direction = directionOf(sdr.serviceType);
  // Quantities and money the server sent as text that is not a number read as null here.
  const billUnits = readNumber(sdr.billUnits);
  const serviceTime = readNumber(sdr.serviceTime);
  const amount = sdr.moneyCharge === null ? null : canonicalDecimal(sdr.moneyCharge);
  return {
    provider: 'nimblevox',
    id: String(sdr.id),
    kind: 'call',
    direction: direction === 'unknown' ? directionOf(sdr.callType) : direction,
    status: billUnits !== null && billUnits > 0 ? 'answered' : 'unknown',
    from: sdr.callingParty,
    to: sdr.calledParty,
    startedAt,
    answeredAt: null,
    endedAt: toIsoUtc(ended),
    durationSec: serviceTime ?? (ended >= started ? (ended - started) / 1000 : null),
    billedSec: billUnits,
    cost: amount === null ? null : { amount, currency: options.currency ?? null },
    raw: receivedRecordOf(sdr) ?? sdr,
  };
}
