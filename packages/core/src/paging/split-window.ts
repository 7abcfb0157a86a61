/**
 * Reading a date window whole from a provider that answers a whole window at once (Boxis,
 * MIXvoip), with no silent truncation: an answer that reaches `maxRecordsPerAnswer` may have
 * been cut short by the server, so its window is cut into parts and each part asked for again.
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
  /**
   * Where to cut `[from, to)` into about `parts` parts of equal width, on the provider's unit:
   * ascending, strictly inside; empty when the provider allows no narrower window. See
   * {@link evenSplitPoints}.
   */
  splitPoints: (from: number, to: number, parts: number) => number[];
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
 * whole and returned. One that reaches it is cut at once into as many parts as its count
 * says ({@link partsFor}: each about half the cap, so a part comes in whole unless the records
 * are very unevenly spread); the first part is asked for, cut again if it still reaches the
 * cap, and the later parts are kept in `next`. Windows are half-open and each record is kept
 * by the provider in the one window its start lies in, so the records of successive pages
 * come in order, each once.
 * @throws ResponseFormatError when a window the provider cannot narrow still reaches the cap
 * @example
 * ```ts
 * const page = await readSplitWindow({ from, to, pending: [] }, {
 *   provider: 'boxis', operation: 'getCDR', maxRecordsPerAnswer: 5000, narrowest: 'one second',
 *   fetchWindow: (a, b) => fetchCalls(a, b),   // { items, received }
 *   splitPoints: (a, b, parts) => evenSplitPoints(a, b, parts, (ms) => ms - (ms % 1000)),
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
    const points = options.splitPoints(from, to, partsFor(answer.received, options.maxRecordsPerAnswer));
    if (!inside(points, from, to)) throw tooDense(options, from, to, answer.received);
    pending = [...points.slice(1), to, ...pending];
    to = points[0] as number;
  }
}

/**
 * How many parts to cut a window into whose answer held `received` records, `max` or more:
 * enough for each to hold about half of `max` if the records are spread evenly, and at least
 * two. An answer cut by a server cap at `max` says only "`max` or more", so it is halved.
 * @example partsFor(10_000, 5000) // 4
 */
export function partsFor(received: number, max: number): number {
  return Math.max(2, Math.ceil(received / (max / 2)));
}

/**
 * Points that cut `[from, to)` into at most `parts` parts of about equal width, each moved down
 * to the provider's unit by `floor` (a whole second, a midnight in the client's zone): ascending
 * and strictly inside. Fewer where the window holds fewer unit boundaries, and none when it
 * holds none, so it is as narrow as the provider can be asked for.
 * @example evenSplitPoints(0, 10_000, 4, (ms) => ms - (ms % 1000)) // [2000, 5000, 7000]
 */
export function evenSplitPoints(
  from: number,
  to: number,
  parts: number,
  floor: (ms: number) => number,
): number[] {
  if (!(parts >= 2)) return [];
  const points: number[] = [];
  for (let part = 1; part < parts; part++) {
    const point = floor(from + ((to - from) * part) / parts);
    if (point > (points.at(-1) ?? from) && point < to) points.push(point);
  }
  if (points.length > 0) return points;
  // Every point fell on the first unit (a window that starts late in it): the last boundary may still lie inside.
  const last = floor(to - 1);
  return last > from ? [last] : [];
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

/** Whether `points` cut `[from, to)`: at least one, ascending, each strictly inside. */
function inside(points: readonly number[], from: number, to: number): boolean {
  return (
    points.length > 0 &&
    points.every((point, i) => point > (i === 0 ? from : (points[i - 1] as number)) && point < to)
  );
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
