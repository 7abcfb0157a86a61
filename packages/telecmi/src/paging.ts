/**
 * TeleCMI's paging: no date windows (the whole range is one), `page` and `limit` in the body, a
 * count of the whole range in the answer. Servers do not all honour `limit`: an integrator
 * reports that production answers 10 rows a page whatever it asks (and numbers pages by those
 * 10). So a page's row count, not the size asked for, decides the next request, and only the
 * count or an empty page ends the iteration.
 * @module
 */
import type { EpochRange, WindowRequest } from '@cdrkit/core/provider';
import type { ListParams, ListPosition } from './schemas.js';

/** TeleCMI has no date windows: the window starting at `from` is the whole rest of the range. */
export function windowEnd(_from: number, end: number): number {
  return end;
}

/** The position `request` asks for: its own, or page 1 at the call's page size. */
export function positionOf(
  request: WindowRequest<ListParams, ListPosition, EpochRange | null>,
): ListPosition {
  return request.at ?? { page: 1, limit: request.params.pageSize, received: 0 };
}

/**
 * The position after the page at `at`, which brought `rows` rows; `count` is the range's count
 * if the answer gave one. Null when the window is complete: the count is reached, or the page
 * was empty. A page shorter (or longer) than asked ends nothing: the server pages by its own
 * size, so the next request asks for that size at the page where the rows so far end (right
 * whether the server honours `limit` or not). When the rows so far are no whole number of such
 * pages, the last page was partial: one more request at the next page confirms the end.
 *
 * @example
 * ```ts
 * // asked 100, got 10 of 57: the server pages by 10
 * nextPosition({ page: 1, limit: 100, received: 0 }, 10, 57); // → { page: 2, limit: 10, received: 10 }
 * ```
 */
export function nextPosition(at: ListPosition, rows: number, count: number | undefined): ListPosition | null {
  const received = at.received + rows;
  if (rows === 0) return null;
  if (count !== undefined && received >= count) return null;
  if (rows === at.limit || received % rows !== 0) return { ...at, page: at.page + 1, received };
  return { page: received / rows + 1, limit: rows, received };
}

/**
 * The position after `at` if its page comes back full (for prefetching), or null when the
 * count says that page is the last. A prediction the answer contradicts is thrown away.
 */
export function predictPosition(at: ListPosition, count: number | undefined): ListPosition | null {
  return nextPosition(at, at.limit, count);
}
