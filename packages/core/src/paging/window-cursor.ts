/**
 * The one cursor format of every list method: where a windowed iteration stands.
 * @module
 */
import * as z from 'zod/mini';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { JsonValue, ProviderName } from '../types.js';
import { readCursor } from './cursor.js';
import type { Cursor } from './types.js';

/**
 * Where a windowed iteration stands, as its pages' `next` carry it (epoch ms throughout). See
 * docs/decisions/windows.md.
 */
export interface WindowCursor<Q, A> {
  /** The provider that made it. */
  p: ProviderName;
  /** The method that made it. */
  op: string;
  /** The call's parameters (filters, format, page size), in the provider's own shape. */
  q: Q;
  /** Start of the window being read (included); absent when the provider's default range is read. */
  from?: number;
  /** End of the window being read (excluded). */
  to?: number;
  /** End of the range (excluded): windows follow until it. */
  end?: number;
  /** Ends of the parts still to read after `to`, when a window was cut into parts. */
  pending?: number[];
  /** Present while the window read is one part of a cut window. */
  cut?: true;
  /** The provider's position inside the window (an offset, a page); absent at its start. */
  at?: A;
}

/** A half-open range of instants, [from, to), in epoch ms. */
export interface EpochRange {
  /** The first instant (included). */
  from: number;
  /** The instant just after the range (excluded). */
  to: number;
}

/** A window and the end of the range it belongs to. */
export interface WindowBounds extends EpochRange {
  /** End of the range (excluded): windows follow until it. */
  end: number;
}

/** A window and the range it belongs to, or null for the provider's default range. */
export interface WindowState<Q, A> {
  /** The call's parameters. */
  params: Q;
  /** The window being read, and the range's end; null for the provider's default range. */
  window: WindowBounds | null;
  /** Ends of the parts still to read after the window, ascending. */
  pending: readonly number[];
  /** Whether the window is one part of a window that was cut. */
  cut: boolean;
  /** The position inside the window; undefined at its start. */
  at: A | undefined;
}

const epoch = z.int();

/**
 * Reads a cursor a user passed back, checking its provider, method, parameters (`params`),
 * position (`position`) and window: inside its range, its parts ascending; absent only where the
 * method may leave the range to the provider (`rangeless`).
 * @throws InvalidArgumentError naming what is wrong with the cursor
 */
export function readWindowCursor<Q, A>(
  cursor: Cursor,
  context: { provider: ProviderName; operation: string },
  params: z.ZodMiniType<Q>,
  position: z.ZodMiniType<A> | undefined,
  rangeless = false,
): WindowState<Q, A> {
  return windowCursorReader(context, params, position, rangeless)(cursor);
}

/** {@link readWindowCursor} for one method, its schema built once. */
export function windowCursorReader<Q, A>(
  context: { provider: ProviderName; operation: string },
  params: z.ZodMiniType<Q>,
  position: z.ZodMiniType<A> | undefined,
  rangeless = false,
): (cursor: Cursor) => WindowState<Q, A> {
  const schema = z.object({
    p: z.string(),
    op: z.string(),
    q: params,
    from: z.optional(epoch),
    to: z.optional(epoch),
    end: z.optional(epoch),
    pending: z.optional(z.array(epoch)),
    cut: z.optional(z.literal(true)),
    at: z.optional(position ?? z.never()),
  });
  return (cursor) => stateOf(readCursor(schema, cursor, context) as WindowCursor<Q, A>, context, rangeless);
}

function stateOf<Q, A>(
  read: WindowCursor<Q, A>,
  context: { provider: ProviderName; operation: string },
  rangeless: boolean,
): WindowState<Q, A> {
  const { from, to, end } = read;
  const pending = read.pending ?? [];
  let window: WindowState<Q, A>['window'] = null;
  if (from !== undefined && to !== undefined && end !== undefined) {
    const ends = [from, to, ...pending];
    if (
      ends.every((value, i) => i === 0 || value > (ends[i - 1] as number)) &&
      (ends.at(-1) as number) <= end
    ) {
      window = { from, to, end };
    }
  }
  const noRange = from === undefined && to === undefined && end === undefined && pending.length === 0;
  if (window === null && !(rangeless && noRange)) {
    throw new InvalidArgumentError(
      "The cursor's date window is not inside its range: pass the `next` of a page this method returned, or restart from the range's beginning.",
      { argument: 'cursor', ...context },
    );
  }
  return { params: read.q, window, pending, cut: read.cut === true, at: read.at };
}

/** Writes a state as the cursor pages carry: fields that say nothing are left out. */
export function writeWindowCursor<Q, A>(
  state: WindowState<Q, A>,
  context: { provider: ProviderName; operation: string },
): Cursor {
  const cursor: Record<string, JsonValue> = {
    p: context.provider,
    op: context.operation,
    q: state.params as JsonValue,
  };
  if (state.window !== null) {
    cursor.from = state.window.from;
    cursor.to = state.window.to;
    cursor.end = state.window.end;
    if (state.pending.length > 0) cursor.pending = [...state.pending];
    if (state.cut) cursor.cut = true;
  }
  if (state.at !== undefined) cursor.at = state.at as JsonValue;
  return cursor;
}
