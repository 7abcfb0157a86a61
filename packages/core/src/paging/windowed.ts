/**
 * The windowed page source every provider uses: a range is split into the windows the provider
 * accepts, and each window is paged within (or, for a provider that answers a whole window at
 * once, cut into parts while its answer may be truncated). docs/decisions/windows.md says why.
 * @module
 */
import type * as z from 'zod/mini';
import type { CallRecord } from '../call-record.js';
import type { ProviderName } from '../types.js';
import { createPaged } from './paged.js';
import { positionAfter, readSplitWindow } from './split-window.js';
import type { Cursor, ListOptions, Paged, PageSource, SourcePage } from './types.js';
import { type EpochRange, type WindowState, windowCursorReader, writeWindowCursor } from './window-cursor.js';

/**
 * The window a request covers: always a range, except for a `rangeless` source (`W` includes
 * null), whose calls may leave the range to the provider.
 */
export type WindowOf = EpochRange | null;

/** The page a provider is asked for: the call's parameters, a window, a position in it. */
export interface WindowRequest<Q, A, W extends WindowOf = EpochRange> {
  /** The call's parameters, as `start` returned them (or the cursor carried them). */
  params: Q;
  /** The window, [from, to) in epoch ms; null (rangeless sources only) for the provider's default range. */
  window: W;
  /** The position inside the window; undefined for its first page. */
  at: A | undefined;
}

/** One page of one window, as the provider read it. */
export interface WindowPage<T, A> {
  /** The records that lie in the window, in order (those outside it already dropped). */
  items: T[];
  /** The provider's count of the window's records, if the answer gave one. */
  total?: number | undefined;
  /** Records the answer held before any was dropped: what a server cap limits. Required with `split`. */
  received?: number;
  /** The position of the window's next page, or null when the window is complete. */
  next: A | null;
}

/** How a provider answers a whole window at once and may cut it short (Boxis, MIXvoip). */
export interface WindowSplit<Q> {
  /** An answer holding this many records or more may be truncated: its window is cut into parts. */
  maxRecordsPerAnswer: number;
  /** The narrowest window the provider can be asked for, for the error (`one second`). */
  narrowest: string;
  /** Where to cut `[from, to)` into about `parts` parts, on the provider's unit (see `evenSplitPoints`). */
  splitPoints: (from: number, to: number, parts: number, params: Q) => number[];
  /**
   * After the last part of a cut window, ask for the next window in parts as wide as that one:
   * its whole answer would likely reach the cap too, and be downloaded only to be counted.
   */
  carryParts?: boolean;
}

/** Where a call starts: what `WindowedSource.start` reads from the call's options. */
export interface WindowStart<Q, A, W extends WindowOf = EpochRange> {
  /** The call's parameters, written into every cursor as `q`. */
  params: Q;
  /** The range; null (rangeless sources only) for the provider's own default range, asked for as one window. */
  range: W;
  /** The position of the first page inside the first window; absent for its start. */
  at?: A;
}

/**
 * What a provider declares to page a range: its windows, one page, and what comes next. `W` is
 * `EpochRange` (every request has a window) unless the source is `rangeless`.
 */
export type WindowedSource<T, Q, A = never, W extends WindowOf = EpochRange> = WindowedSourceBase<
  T,
  Q,
  A,
  W
> &
  (null extends W
    ? {
        /** A call may leave the range to the provider (TeleCMI's last 24 hours): its window is null. */
        rangeless: true;
      }
    : {
        /** Every call has a range, and every cursor a window. */
        rangeless?: false;
      });

/** The members of every {@link WindowedSource}, rangeless or not. */
export interface WindowedSourceBase<T, Q, A, W extends WindowOf> {
  /** The provider, named in errors and stored in every cursor. */
  provider: ProviderName;
  /** The client method (e.g. `listSdrs`), named in errors and stored in every cursor. */
  operation: string;
  /** Validates a cursor's parameters (`q`). */
  params: z.ZodMiniType<Q>;
  /** Validates a cursor's position inside its window (`at`); absent when windows are not paged. */
  position?: z.ZodMiniType<A>;
  /**
   * Validates the call's options into its parameters and range (null: the provider's default
   * range, asked for as one window), and the first window's position. Called unless the call
   * passes a `cursor`. Throws `InvalidArgumentError` for bad input.
   */
  start: () => WindowStart<Q, A, W>;
  /** The end of the window that starts at `from`: the provider's span, at most `end`. */
  windowEnd: (from: number, end: number, params: Q) => number;
  /** Fetches one page. Pass `signal` to `HttpClient.send` as it is. */
  fetchPage: (request: WindowRequest<Q, A, W>, signal: AbortSignal) => Promise<WindowPage<T, A>>;
  /**
   * The position that follows `request` if its page comes back full, null when that page is
   * the window's last, or undefined when it cannot be known before the answer. For prefetching
   * only: a prediction the answer contradicts is thrown away.
   */
  predict?: (request: WindowRequest<Q, A, W>, total: number | undefined) => A | null | undefined;
  /** For a provider that answers whole windows: how to cut one whose answer may be truncated. */
  split?: WindowSplit<Q>;
  /** The key for dropping duplicates; undefined means the item is never dropped. */
  idOf?: (item: T) => string | undefined;
  /** Normalizes one item, for `records()` and `recordPages()`. */
  toCallRecord: (item: T) => CallRecord;
}

/**
 * The `Paged` of a list method over a windowed source. `init` builds the source (it runs at
 * once; an error it or `start` throws is delivered when the result is awaited or iterated,
 * before any request); a `cursor` in `options` resumes where it points.
 * @example
 * ```ts
 * listSdrs(options: ListSdrsOptions): Paged<Sdr> {
 *   return windowedPaged(options, () => ({ provider: 'nimblevox', operation: 'listSdrs', … }));
 * }
 * ```
 */
export function windowedPaged<T, Q, A = never, W extends WindowOf = EpochRange>(
  options: { [K in keyof ListOptions]?: ListOptions[K] | undefined } | undefined,
  init: () => WindowedSource<T, Q, A, W>,
): Paged<T> {
  // Core hands a null window only to a rangeless source (its cursors are read that way too).
  const source = init as unknown as () => AnySource<T, Q, A>;
  return createPaged(() => toPageSource(source(), options?.cursor), {
    signal: options?.signal,
    prefetch: options?.prefetch,
    limit: options?.limit,
    request: options as ListOptions | undefined,
  });
}

/** A source as core handles it inside: its window may be null. */
type AnySource<T, Q, A> = WindowedSourceBase<T, Q, A, WindowOf> & { rangeless?: boolean };

function toPageSource<T, Q, A>(source: AnySource<T, Q, A>, cursor: Cursor | undefined): PageSource<T> {
  const context = { provider: source.provider, operation: source.operation };
  const readCursor = windowCursorReader(context, source.params, source.position, source.rangeless === true);
  // The engine hands back the cursors this source wrote: their state is kept, not read again.
  const written = new WeakMap<Cursor, WindowState<Q, A>>();
  const read = (at: Cursor) => written.get(at) ?? readCursor(at);
  const write = (state: WindowState<Q, A> | null) => {
    if (state === null) return null;
    const cursor = writeWindowCursor(state, context);
    written.set(cursor, state);
    return cursor;
  };
  const first = cursor === undefined ? firstState(source) : read(cursor);
  return {
    ...context,
    first: write(first) as Cursor,
    fetchPage: async (at, signal) => {
      const state = read(at);
      return source.split === undefined
        ? pageOf(source, state, signal, write)
        : wholeWindowOf(source, source.split, state, signal, write);
    },
    predictNext: (at, total) => {
      const state = read(at);
      if (source.split !== undefined) return write(afterWhole(source, state));
      const next = source.predict?.(requestOf(state), total);
      if (next === undefined) return null;
      return write(next === null ? nextWindow(source, state) : { ...state, at: next });
    },
    ...(source.idOf === undefined ? {} : { idOf: source.idOf }),
    toCallRecord: source.toCallRecord,
  };
}

function firstState<T, Q, A>(source: AnySource<T, Q, A>): WindowState<Q, A> {
  const { params, range, at } = source.start();
  const window =
    range === null
      ? null
      : { from: range.from, to: source.windowEnd(range.from, range.to, params), end: range.to };
  return { params, window, pending: [], cut: false, at };
}

function requestOf<Q, A>(state: WindowState<Q, A>): WindowRequest<Q, A, WindowOf> {
  const { window } = state;
  return { params: state.params, window: window && { from: window.from, to: window.to }, at: state.at };
}

/** The first position of the window after `state`'s (or of its next part); null at the range's end. */
function nextWindow<T, Q, A>(source: AnySource<T, Q, A>, state: WindowState<Q, A>): WindowState<Q, A> | null {
  const { window, params } = state;
  if (window === null || window.to >= window.end) return null;
  const [next, ...pending] = state.pending;
  if (next !== undefined) {
    return { params, window: { ...window, from: window.to, to: next }, pending, cut: true, at: undefined };
  }
  const to = source.windowEnd(window.to, window.end, params);
  return { params, window: { ...window, from: window.to, to }, pending: [], cut: false, at: undefined };
}

/** A page of a paged window; after the window's last page, the next window follows. */
async function pageOf<T, Q, A>(
  source: AnySource<T, Q, A>,
  state: WindowState<Q, A>,
  signal: AbortSignal,
  write: (state: WindowState<Q, A> | null) => Cursor | null,
): Promise<SourcePage<T>> {
  const page = await source.fetchPage(requestOf(state), signal);
  const next = page.next === null ? nextWindow(source, state) : { ...state, at: page.next };
  return withWindow({ items: page.items, total: page.total, next: write(next) }, state);
}

/**
 * A whole-window answer, cut into parts while it reaches `maxRecordsPerAnswer` (core's
 * `readSplitWindow`): the page holds the first part that came in whole, its `next` the rest.
 */
async function wholeWindowOf<T, Q, A>(
  source: AnySource<T, Q, A>,
  split: WindowSplit<Q>,
  state: WindowState<Q, A>,
  signal: AbortSignal,
  write: (state: WindowState<Q, A> | null) => Cursor | null,
): Promise<SourcePage<T>> {
  const { params, window } = state;
  // Unreachable: a cursor without a window is refused unless the source is `rangeless`.
  if (window === null) throw new TypeError('a whole-window source needs a range');
  const read = await readSplitWindow(
    { from: window.from, to: window.to, pending: state.pending },
    {
      provider: source.provider,
      operation: source.operation,
      maxRecordsPerAnswer: split.maxRecordsPerAnswer,
      narrowest: split.narrowest,
      fetchWindow: async (from, to) => {
        const page = await source.fetchPage({ params, window: { from, to }, at: undefined }, signal);
        // Without the answer's own count, a cap on it could not be seen: refuse rather than guess.
        if (page.received === undefined) {
          throw new TypeError(
            `${source.provider} ${source.operation}: a whole-window page must say how many records it received`,
          );
        }
        return { items: page.items, received: page.received };
      },
      splitPoints: (from, to, parts) => split.splitPoints(from, to, parts, params),
    },
  );
  const cut = state.cut || read.to < window.to;
  const answered: WindowState<Q, A> = {
    params,
    window: { ...window, from: read.from, to: read.to },
    pending: read.next === null ? [] : [...read.next.pending],
    cut,
    at: undefined,
  };
  const next =
    read.next === null
      ? afterWhole(source, answered)
      : { ...answered, window: { ...window, from: read.next.from, to: read.next.to }, cut: true };
  return withWindow({ items: read.items, next: write(next) }, answered);
}

/**
 * The window after a whole-window answer that came in under the cap: the next part a cut left,
 * or the next window (in parts as wide as the last, with `carryParts`); null at the range's end.
 */
function afterWhole<T, Q, A>(source: AnySource<T, Q, A>, state: WindowState<Q, A>): WindowState<Q, A> | null {
  const { window, params } = state;
  if (window === null) return null;
  const part = positionAfter({ from: window.from, to: window.to, pending: state.pending });
  if (part !== null) {
    return {
      params,
      window: { ...window, from: part.from, to: part.to },
      pending: [...part.pending],
      cut: true,
      at: undefined,
    };
  }
  const next = nextWindow(source, state);
  if (next === null || next.window === null || !state.cut || source.split?.carryParts !== true) return next;
  const { from, to } = next.window;
  const parts = Math.ceil((to - from) / (window.to - window.from));
  const [first, ...points] = source.split.splitPoints(from, to, parts, params);
  if (first === undefined) return next;
  return { ...next, window: { ...next.window, to: first }, pending: [...points, to], cut: true };
}

function withWindow<T, Q, A>(
  page: { items: T[]; total?: number | undefined; next: Cursor | null },
  state: WindowState<Q, A>,
): SourcePage<T> {
  const out: SourcePage<T> = { items: page.items, next: page.next };
  if (page.total !== undefined) out.total = page.total;
  if (state.window !== null) {
    out.window = {
      from: new Date(state.window.from).toISOString(),
      to: new Date(state.window.to).toISOString(),
    };
  }
  return out;
}
