/**
 * Reading a date window whole from a provider that answers a whole window at once (Boxis,
 * MIXvoip), with no silent truncation: an answer that reaches `maxRecordsPerAnswer` may have
 * been cut short by the server, so its window is halved and each half asked for again.
 * @module
 */
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ResponseFormatError } from '../errors/response-format-error.js';
import type { ProviderName } from '../types.js';

/**
 * Where a split read stands: the window to ask for now, and the ends of the windows that
 * earlier splits left to read after it. JSON-friendly, so a cursor can carry it.
 */
export interface SplitPosition {
  /** Start of the window to ask for, epoch ms (included). */
  from: number;
  /** End of that window, epoch ms (excluded). */
  to: number;
  /** Ends of the windows still to read after it, ascending: the next is `[to, pending[0])`. */
  pending: readonly number[];
}

/** One whole-window answer, as the provider's fetch function returns it. */
export interface WindowAnswer<T> {
  /** The window's records in order, those that lie outside it already dropped. */
  items: T[];
  /** Records the server's answer held before anything was dropped: what a server cap limits. */
  received: number;
}

/** How {@link readSplitWindow} asks, splits and gives up. */
export interface SplitWindowOptions<T> {
  /** The provider, named in the error. */
  provider: ProviderName;
  /** The client method, named in the error. */
  operation: string;
  /** An answer holding this many records or more may be cut short: its window is split. */
  maxRecordsPerAnswer: number;
  /** Asks the provider for `[from, to)`. */
  fetchWindow: (from: number, to: number) => Promise<WindowAnswer<T>>;
  /** Where to halve `[from, to)`, strictly inside it; null when the provider allows no narrower window. */
  splitAt: (from: number, to: number) => number | null;
  /** The narrowest window the provider can be asked for, for the error (`one second`). */
  narrowest: string;
}

/** What {@link readSplitWindow} read: one window's records and where to go on. */
export interface SplitWindowPage<T> {
  /** The records of `[from, to)`, in the provider's order. */
  items: T[];
  /** Start of the window these records cover, epoch ms. */
  from: number;
  /** End of that window, epoch ms (excluded). */
  to: number;
  /** The position after this window, or null when no split window is left (go on with the range). */
  next: SplitPosition | null;
}

/**
 * Reads the window at `position`. An answer with fewer records than `maxRecordsPerAnswer` is
 * whole and returned; one that reaches it is split at `splitAt` and the first half asked for,
 * again and again, the later halves kept in `next`. Windows are half-open and each record is
 * kept by the provider in the one window its start lies in, so the records of successive
 * pages come in order, each once.
 * @throws ResponseFormatError when a window the provider cannot narrow still reaches the cap
 * @example
 * ```ts
 * const page = await readSplitWindow({ from, to, pending: [] }, {
 *   provider: 'boxis', operation: 'getCDR', maxRecordsPerAnswer: 5000, narrowest: 'one second',
 *   fetchWindow: (a, b) => fetchCalls(a, b),   // { items, received }
 *   splitAt: (a, b) => halfwayAt(a, b, 1000),
 * });
 * ```
 */
export async function readSplitWindow<T>(
  position: SplitPosition,
  options: SplitWindowOptions<T>,
): Promise<SplitWindowPage<T>> {
  const { from } = position;
  let { to } = position;
  let pending = position.pending;
  for (;;) {
    const answer = await options.fetchWindow(from, to);
    if (answer.received < options.maxRecordsPerAnswer) {
      return { items: answer.items, from, to, next: positionAfter({ from, to, pending }) };
    }
    const middle = options.splitAt(from, to);
    if (middle === null || !(middle > from && middle < to))
      throw tooDense(options, from, to, answer.received);
    pending = [to, ...pending];
    to = middle;
  }
}

/**
 * The position after `position`'s window when its answer comes in under the cap: the next
 * window a split left, or null when none is left. What a prefetching engine predicts.
 */
export function positionAfter(position: SplitPosition): SplitPosition | null {
  const [next, ...rest] = position.pending;
  return next === undefined ? null : { from: position.to, to: next, pending: rest };
}

/**
 * The whole multiple of `unitMs` (counted from the epoch) nearest below the middle of
 * `[from, to)`, when it lies strictly inside; null when the window is too narrow to split.
 * @example halfwayAt(0, 10_000, 1000) // 5000
 */
export function halfwayAt(from: number, to: number, unitMs: number): number | null {
  const middle = Math.floor((from + (to - from) / 2) / unitMs) * unitMs;
  if (middle > from && middle < to) return middle;
  // A window whose middle falls on its start's unit may still hold a boundary after it.
  const after = Math.ceil((from + 1) / unitMs) * unitMs;
  return after > from && after < to ? after : null;
}

/**
 * Checks a `maxRecordsPerAnswer` option.
 * @throws InvalidArgumentError unless it is a whole number, 1 or more
 */
export function checkMaxRecordsPerAnswer(value: unknown, provider: ProviderName): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return value;
  throw new InvalidArgumentError(
    `\`maxRecordsPerAnswer\` must be a whole number of records, 1 or more (the most one ${provider} answer ` +
      `is trusted to hold whole); got ${typeof value === 'number' ? String(value) : `a ${typeof value}`}.`,
    { argument: 'maxRecordsPerAnswer', provider },
  );
}

function tooDense<T>(options: SplitWindowOptions<T>, from: number, to: number, received: number) {
  const { provider, operation, maxRecordsPerAnswer: max, narrowest } = options;
  return new ResponseFormatError(
    `${provider} ${operation}: the answer for [${iso(from)}, ${iso(to)}) holds ${received} records, ` +
      `at least maxRecordsPerAnswer (${max}), and ${provider} cannot be asked for less than ${narrowest}, ` +
      'so records may be missing. If the server sends more than that in one answer, raise ' +
      `maxRecordsPerAnswer; if ${max} is the server's own cap, this window cannot be read whole through this API.`,
    { provider, operation, kind: 'schema', path: 'maxRecordsPerAnswer' },
  );
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
