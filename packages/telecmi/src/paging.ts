/**
 * TeleCMI's paging: `page` and `limit` in the body, a count of the whole range in the answer.
 * Servers do not all honour `limit`: an integrator reports that production answers 10 rows a
 * page whatever it asks (and numbers pages by those 10). So a page's row count, not the size
 * asked for, decides the next request, and only the count or an empty page ends the iteration.
 * @module
 */
import * as z from 'zod/mini';
import type { TeleCmiEndpoint } from './normalize.js';

/**
 * Where a TeleCMI iteration stands: the endpoint, the range in epoch ms (absent when TeleCMI's
 * default range is used), the page about to be requested, the `limit` it is asked with, and
 * how many rows the server sent before it.
 */
export type ListCursor = {
  p: 'telecmi';
  op: TeleCmiEndpoint;
  from?: number;
  to?: number;
  page: number;
  limit: number;
  received: number;
};

const positiveInteger = z.number().check(z.int(), z.gte(1));

/** A cursor as users pass it back; `received` is absent from cursors of earlier versions. */
export const cursorSchema = /* @__PURE__ */ z.object({
  p: z.literal('telecmi'),
  op: z.enum(['outAnswered', 'outMissed', 'answered', 'missed']),
  from: z.optional(z.number()),
  to: z.optional(z.number()),
  page: positiveInteger,
  limit: positiveInteger,
  received: z.optional(z.number().check(z.int(), z.gte(0))),
});

/**
 * The cursor after the page at `cursor`, which brought `rows` rows; `count` is the range's
 * count if the answer gave one. Null when the iteration is complete: the count is reached, or
 * the page was empty. A page shorter (or longer) than asked ends nothing: the server pages by
 * its own size, so the next request asks for that size at the page where the rows so far end
 * (right whether the server honours `limit` or not). When the rows so far are no whole number
 * of such pages, the last page was partial: one more request at the next page confirms the end.
 *
 * @example
 * ```ts
 * // asked 100, got 10 of 57: the server pages by 10
 * nextCursor({ p: 'telecmi', op: 'missed', page: 1, limit: 100, received: 0 }, 10, 57);
 * // → { …, page: 2, limit: 10, received: 10 }
 * ```
 */
export function nextCursor(cursor: ListCursor, rows: number, count: number | undefined): ListCursor | null {
  const received = cursor.received + rows;
  if (rows === 0) return null;
  if (count !== undefined && received >= count) return null;
  if (rows === cursor.limit || received % rows !== 0) {
    return { ...cursor, page: cursor.page + 1, received };
  }
  return { ...cursor, page: received / rows + 1, limit: rows, received };
}

/**
 * The cursor after `cursor` if its page comes back full (for prefetching), or null when the
 * count says that page is the last. A prediction the answer contradicts is thrown away.
 */
export function predictNext(cursor: ListCursor, count: number | undefined): ListCursor | null {
  return nextCursor(cursor, cursor.limit, count);
}
