/**
 * TeleCMI records to the normalized {@link CallRecord}.
 *
 * | CallRecord    | TeleCMI                                                                      |
 * |---------------|------------------------------------------------------------------------------|
 * | `provider`    | `'telecmi'`                                                                  |
 * | `id`          | `cmiuid` (production, v2), else `_id` (the v1 doc), as a string              |
 * | `kind`        | `'call'` (the CDR endpoints list calls only)                                 |
 * | `direction`   | from the endpoint: `outbound` (outAnswered, outMissed), `inbound` (answered, missed) |
 * | `status`      | from the endpoint: `answered` (outAnswered, answered), `no-answer` (outMissed, missed) |
 * | `from`        | `from` as a string, exactly as sent (an agent id such as `209_1111113`, or a number) |
 * | `to`          | `to` as a string, every digit kept                                           |
 * | `startedAt`   | `time` (epoch ms, number or numeric string) as ISO-8601 UTC                  |
 * | `answeredAt`  | answered calls: `startedAt` (TeleCMI reports no ring time); missed: null     |
 * | `endedAt`     | `startedAt` + `durationSec`; null without a duration                         |
 * | `durationSec` | `duration` where present; else answered calls: `billedsec`, missed: null     |
 * | `billedSec`   | `billedsec` (0 on missed calls), null when absent                            |
 * | `cost`        | `{ amount: rate (string or number) as an exact decimal string, currency: the client's currency option or null }`; null without a rate |
 * | `raw`         | the record as the client returned it (`filename`, `record`, `name`, `agent`, `notes` live here) |
 * @module
 */
import { type CallRecord, ResponseFormatError, toDecimalString, toIsoUtc } from '@cdrkit/core';
import { readNumber } from '@cdrkit/core/provider';
import type { TeleCmiRecord } from './schemas.js';

/** The four CDR endpoints, named like the client methods that read them. */
export type TeleCmiEndpoint = 'outAnswered' | 'outMissed' | 'answered' | 'missed';

/** Options of {@link toCallRecord}. */
export interface ToCallRecordOptions {
  /**
   * The endpoint the record came from: it alone decides direction and status, since a record
   * does not say whether it was answered. Records the client returned remember their endpoint,
   * so this is only needed for records that went through `JSON.stringify` or were built by hand.
   * Without either, see {@link toCallRecord} for how it is inferred.
   * @example { endpoint: 'outMissed' }
   */
  endpoint?: TeleCmiEndpoint | undefined;
  /**
   * ISO 4217 code of `rate`: TeleCMI's answers do not say (the account's currency; INR for
   * CHUB India accounts). Default null.
   * @example { currency: 'INR' }
   */
  currency?: string | null | undefined;
}

/**
 * Endpoint of each record the client returned, on a non-enumerable symbol: invisible to JSON,
 * spreads, keys and equality checks, so the record stays as TeleCMI sent it; a third of the
 * cost of a WeakMap entry, which is paid for every record.
 */
const ENDPOINT: unique symbol = Symbol('telecmi.endpoint');

/** Remembers which endpoint `record` came from, for {@link toCallRecord}. */
export function rememberEndpoint(record: object, endpoint: TeleCmiEndpoint): void {
  Object.defineProperty(record, ENDPOINT, { value: endpoint, configurable: true });
}

function rememberedEndpoint(record: object): TeleCmiEndpoint | undefined {
  return (record as { [ENDPOINT]?: TeleCmiEndpoint })[ENDPOINT];
}

/** The id of a row: `cmiuid` (production, v2) or `_id` (the v1 doc), whichever is present. */
export function recordId(record: { cmiuid?: unknown; _id?: unknown }): string | undefined {
  return idText(record.cmiuid) ?? idText(record._id);
}

function idText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

/** An agent id such as `209_1111113` (extension, underscore, app id): the caller of an outgoing call. */
const AGENT_ID = /^\d+_\d+$/;

/**
 * The endpoint a record most likely came from, for records that no longer carry it: outgoing
 * when `from` is an agent id (`209_1111113`), else incoming; answered when `billedsec` > 0.
 */
function inferEndpoint(record: TeleCmiRecord): TeleCmiEndpoint {
  const outgoing = typeof record.from === 'string' && AGENT_ID.test(record.from);
  const answered = (readNumber(record.billedsec) ?? 0) > 0;
  if (outgoing) return answered ? 'outAnswered' : 'outMissed';
  return answered ? 'answered' : 'missed';
}

/**
 * A phone number or id as a string, every digit kept: strings stay as sent (a leading `+` or
 * `0` survives); integers print in full (`9100000000`, never `9.1e9`). An integer beyond
 * `Number.MAX_SAFE_INTEGER` lost digits in `JSON.parse` already; it prints as it was read.
 */
function numberToText(value: number | string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (Number.isSafeInteger(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return BigInt(value).toString();
  return String(value);
}

/**
 * Normalizes a TeleCMI record to a {@link CallRecord} (the mapping table is at the top of this
 * module and in docs/providers/telecmi.md). Direction and status come from the endpoint: the
 * option, else the endpoint the client read the record from, else inferred from the record
 * (outgoing when `from` is an agent id like `209_1111113`; answered when `billedsec` > 0).
 *
 * @example
 * ```ts
 * for await (const cdr of client.outMissed({ from, to })) {
 *   const call = toCallRecord(cdr, { currency: 'INR' }); // direction outbound, status no-answer
 * }
 * toCallRecord(JSON.parse(stored), { endpoint: 'answered' });
 * ```
 * @throws ResponseFormatError when `time` is not a date (a record that bypassed the schema)
 */
export function toCallRecord(record: TeleCmiRecord, options: ToCallRecordOptions = {}): CallRecord {
  const endpoint = options.endpoint ?? rememberedEndpoint(record) ?? inferEndpoint(record);
  const outbound = endpoint === 'outAnswered' || endpoint === 'outMissed';
  const answered = endpoint === 'outAnswered' || endpoint === 'answered';
  const id = recordId(record);
  const time = readNumber(record.time);
  const startedAt = time === null ? null : toIsoUtc(time);
  if (id === undefined || time === null || startedAt === null) {
    const path = id === undefined ? 'cmiuid' : 'time';
    throw new ResponseFormatError(
      id === undefined
        ? 'A TeleCMI record needs an id (cmiuid or _id) to be normalized'
        : `TeleCMI record ${id} has a time that is not epoch milliseconds`,
      { provider: 'telecmi', operation: endpoint, path },
    );
  }
  const billedSec = seconds(record.billedsec);
  const durationSec = seconds(record.duration) ?? (answered ? billedSec : null);
  const amount = record.rate === undefined || record.rate === null ? null : toDecimalString(record.rate);
  return {
    provider: 'telecmi',
    id,
    kind: 'call',
    direction: outbound ? 'outbound' : 'inbound',
    status: answered ? 'answered' : 'no-answer',
    from: numberToText(record.from),
    to: numberToText(record.to),
    startedAt,
    answeredAt: answered ? startedAt : null,
    endedAt: durationSec === null ? null : toIsoUtc(time + durationSec * 1000),
    durationSec,
    billedSec,
    cost: amount === null ? null : { amount, currency: options.currency ?? null },
    raw: record,
  };
}

/** A count of seconds sent as a number or a numeric string; null when absent or not a count. */
function seconds(value: unknown): number | null {
  const number = readNumber(value);
  return number === null || number < 0 ? null : number;
}
