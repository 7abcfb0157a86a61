/**
 * Where a getCalls iteration stands: the options of a call (or the cursor it resumes from) read
 * into a state, and the state written as the cursor pages carry.
 * @module
 */
import { type Cursor, InvalidArgumentError, toDate, toDateRange } from '@cdrkit/core';
import { readCursor } from '@cdrkit/core/provider';
import type { GetCallsOptions } from './client.js';
import { getCursorSchema } from './schemas.js';

const PROVIDER = 'mixvoip';
const OPERATION = 'getCalls';

/** The decoded state of a getCalls cursor. */
export interface CallsState {
  profileId: string;
  format: 'json' | 'csv';
  /** Start of the window to fetch, epoch ms. */
  from: number;
  /** End of the range, exclusive, epoch ms. */
  to: number;
  /** End of the window when a split made it narrower than 3 months, epoch ms. */
  until?: number;
  /** Ends of the parts a split left to read after it, ascending, epoch ms. */
  pending: readonly number[];
}

/**
 * Validates a call's options (or its cursor) into the first window's state.
 * @throws InvalidArgumentError saying what to change
 */
export function readCallsState(options: GetCallsOptions, timeZone: string): CallsState {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('getCalls needs options: { profileId, from, to?, format? }.', {
      argument: 'options',
      provider: PROVIDER,
      operation: OPERATION,
    });
  }
  if ((options as { pageSize?: unknown }).pageSize !== undefined) {
    throw new InvalidArgumentError(
      'MIXvoip getCalls does not page: each request returns a whole window. Remove `pageSize` (use `limit` to stop early).',
      { argument: 'pageSize', provider: PROVIDER, operation: OPERATION },
    );
  }
  if (options.cursor !== undefined) {
    readCursor(getCursorSchema(), options.cursor, { provider: PROVIDER, operation: OPERATION });
    const state = fromCursor(options.cursor);
    // The window, then the parts a split left: each end after the one before, none past the range.
    const ends = [state.from, ...(state.until === undefined ? [] : [state.until]), ...state.pending];
    const ordered = ends.every((end, i) => i === 0 || end > (ends[i - 1] as number));
    const split = state.until !== undefined || state.pending.length === 0;
    if (!(state.from < state.to && ordered && split && (ends.at(-1) as number) <= state.to)) {
      throw new InvalidArgumentError(
        "The cursor is damaged: its window does not lie in its range. Restart from the range's beginning.",
        { argument: 'cursor', provider: PROVIDER, operation: OPERATION },
      );
    }
    return state;
  }
  const profileId = readProfileId(options.profileId);
  const { format = 'json' } = options;
  if (format !== 'json' && format !== 'csv') {
    throw new InvalidArgumentError(`\`format\` must be 'json' or 'csv'; got ${describe(format)}.`, {
      argument: 'format',
      provider: PROVIDER,
      operation: OPERATION,
    });
  }
  if (options.from === undefined || options.from === null) {
    throw new InvalidArgumentError(
      "getCalls needs `from`: the start of the range (a Date, an ISO string such as '2024-01-01', or epoch ms).",
      { argument: 'from', provider: PROVIDER, operation: OPERATION },
    );
  }
  const range =
    options.to === undefined
      ? { from: toDate(options.from, 'from', timeZone), to: new Date() }
      : toDateRange({ from: options.from, to: options.to }, timeZone);
  if (!(range.from.getTime() < range.to.getTime())) {
    throw new InvalidArgumentError(
      `\`from\` (${range.from.toISOString()}) must be before \`to\` (${options.to === undefined ? 'now, the default' : range.to.toISOString()}).`,
      { argument: 'from', provider: PROVIDER, operation: OPERATION },
    );
  }
  return { profileId, format, from: range.from.getTime(), to: range.to.getTime(), pending: [] };
}

/** A cursor as pages carry it: `until` and `pending` only while a split window is read. */
export function toCursor(state: CallsState): Cursor {
  const iso = (ms: number) => new Date(ms).toISOString();
  const cursor: Cursor = {
    p: PROVIDER,
    op: OPERATION,
    profileId: state.profileId,
    format: state.format,
    from: iso(state.from),
    to: iso(state.to),
  };
  if (state.until === undefined) return cursor;
  return state.pending.length === 0
    ? { ...cursor, until: iso(state.until) }
    : { ...cursor, until: iso(state.until), pending: state.pending.map(iso) };
}

/** Decodes a cursor this client made (or one `readCursor` checked). */
export function fromCursor(cursor: Cursor): CallsState {
  const state: CallsState = {
    profileId: String(cursor.profileId),
    format: cursor.format === 'csv' ? 'csv' : 'json',
    from: Date.parse(String(cursor.from)),
    to: Date.parse(String(cursor.to)),
    pending: Array.isArray(cursor.pending) ? cursor.pending.map((end) => Date.parse(String(end))) : [],
  };
  if (typeof cursor.until === 'string') state.until = Date.parse(cursor.until);
  return state;
}

function readProfileId(value: unknown): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  if (typeof text !== 'string' || text.trim() === '' || /[/?#\s]/.test(text.trim())) {
    throw new InvalidArgumentError(
      `\`profileId\` must be the customer number (PROFILE_ID) whose records to fetch, e.g. '123456'; got ${describe(value)}.`,
      { argument: 'profileId', provider: PROVIDER, operation: OPERATION },
    );
  }
  return text.trim();
}

/** A short description of a bad value that never echoes a long or secret-looking string. */
function describe(value: unknown): string {
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : 'a long string';
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
