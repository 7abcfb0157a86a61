/**
 * Argument checks for provider clients: each throws an `InvalidArgumentError` that names the
 * provider, the method and the argument, and says what to pass instead.
 * @module
 */
import { toDate } from '../dates/to-date.js';
import { toIsoUtc } from '../dates/to-iso-utc.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { EpochRange } from '../paging/window-cursor.js';
import type { DateInput, ProviderName } from '../types.js';
import type { WindowSpan } from '../windows.js';

/** Who is checking: the provider, and the method when the check is a method's. */
export interface CheckContext {
  /** The provider, named in the error. */
  provider: ProviderName;
  /** The method, when the check is a method's. */
  operation?: string;
}

/** An `InvalidArgumentError` for `argument` of `context`. */
export function invalidArgument(
  context: CheckContext,
  argument: string,
  message: string,
): InvalidArgumentError {
  return new InvalidArgumentError(message, { ...context, argument });
}

/**
 * A short description of a bad value for a message, that never echoes a long (possibly secret)
 * string.
 * @example describeValue('x'.repeat(99)) // 'a long string'
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : 'a long string';
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * A non-empty string, as given.
 * @throws InvalidArgumentError `` `argument` must be <what>, a non-empty string ``
 * @example requireText(options.userName, ctx, 'userName', 'the account user name')
 */
export function requireText(value: unknown, context: CheckContext, argument: string, what: string): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw invalidArgument(context, argument, `\`${argument}\` must be ${what}, a non-empty string.`);
}

/**
 * A whole number within `[min, max]`, or `fallback` when undefined.
 * @example checkInteger(options.pageSize, ctx, 'pageSize', { min: 1, max: 500, fallback: 500 })
 */
export function checkInteger(
  value: unknown,
  context: CheckContext,
  argument: string,
  bounds: { min: number; max?: number; fallback?: number },
): number {
  const { min, max = Number.MAX_SAFE_INTEGER, fallback } = bounds;
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return value;
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  throw invalidArgument(
    context,
    argument,
    `\`${argument}\` must be a whole number ${range}; got ${describeValue(value)}.`,
  );
}

/**
 * One of `allowed`, or `fallback` when undefined.
 * @example checkOneOf(options.format, ['json', 'xml'], ctx, 'format', 'json')
 */
export function checkOneOf<V extends string>(
  value: unknown,
  allowed: readonly V[],
  context: CheckContext,
  argument: string,
  fallback?: V,
): V {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as V;
  const choices = allowed.map((choice) => `'${choice}'`).join(' or ');
  throw invalidArgument(
    context,
    argument,
    `\`${argument}\` must be ${choices}; got ${describeValue(value)}.`,
  );
}

/**
 * A window span: whole milliseconds (at least `minMs`), or whole calendar units with at least
 * one positive, returned without the units that are absent or zero.
 */
export function checkWindowSpan(
  value: unknown,
  context: CheckContext,
  argument = 'windowSpan',
  minMs = 1000,
): WindowSpan {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= minMs) return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { months = 0, days = 0, hours = 0, ...rest } = value as Record<string, unknown>;
    const units = { months, days, hours };
    const whole = Object.values(units).every((unit) => Number.isSafeInteger(unit) && (unit as number) >= 0);
    if (
      whole &&
      Object.keys(rest).length === 0 &&
      Object.values(units).some((unit) => (unit as number) > 0)
    ) {
      const span: { months?: number; days?: number; hours?: number } = {};
      for (const [unit, count] of Object.entries(units))
        if ((count as number) > 0) span[unit as 'days'] = count as number;
      return span;
    }
  }
  throw invalidArgument(
    context,
    argument,
    `\`${argument}\` must be a whole number of milliseconds (${minMs} or more) or whole calendar units such as { days: 1 } or { hours: 6 }.`,
  );
}

/**
 * `from` and `to`, both required, read in `timeZone` into a half-open range of epoch ms.
 * @throws InvalidArgumentError for a missing or unparsable end, or `from` not before `to`
 */
export function requireRange(
  options: { from?: DateInput | undefined; to?: DateInput | undefined },
  context: CheckContext,
  timeZone: string,
): EpochRange {
  for (const end of ['from', 'to'] as const) {
    if (options[end] === undefined || options[end] === null) {
      throw invalidArgument(
        context,
        end,
        `\`${end}\` is required (a Date, an ISO-8601 string or epoch ms), unless you pass a \`cursor\`.`,
      );
    }
  }
  const from = readDate(options.from as DateInput, context, 'from', timeZone);
  const to = readDate(options.to as DateInput, context, 'to', timeZone);
  if (!(from < to)) {
    throw invalidArgument(
      context,
      'from',
      `\`from\` (${toIsoUtc(from)}) must be before \`to\` (${toIsoUtc(to)}): the range is [from, to).`,
    );
  }
  return { from, to };
}

/**
 * One end of a range (a `Date`, an ISO-8601 string, wall time in `timeZone` without an offset,
 * or epoch ms) as epoch ms, with core's message naming the call.
 * @throws InvalidArgumentError for a value that is not a date
 * @example readDate(options.from, ctx, 'from', http.timeZone)
 */
export function readDate(
  value: DateInput,
  context: CheckContext,
  argument: string,
  timeZone: string,
): number {
  try {
    return toDate(value, argument, timeZone).getTime();
  } catch (error) {
    // Core's date reader knows the argument, not the call: name the call too.
    if (error instanceof InvalidArgumentError) throw invalidArgument(context, argument, error.message);
    throw error;
  }
}
