/**
 * Writing the ISO-8601 UTC strings of `CallRecord` (`startedAt`, …), once per record.
 * @module
 */

/**
 * `new Date(ms).toISOString()`, or null when `ms` is NaN or out of range (never throws): the
 * shape of `CallRecord.startedAt`, `answeredAt` and `endedAt`.
 * @example
 * ```ts
 * toIsoUtc(1517944376000); // '2018-02-06T19:12:56.000Z'
 * toIsoUtc(Number.NaN);    // null
 * ```
 */
export function toIsoUtc(ms: number): string | null {
  // The platform's own formatter: no hand-written date code where the runtime has it.
  if (typeof ms !== 'number' || !(Math.abs(ms) <= 8.64e15)) return null;
  return new Date(ms).toISOString();
}
