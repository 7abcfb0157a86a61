/**
 * GetOutboundItems' windows, and when a window is complete and which `item_start` comes next.
 *
 * The doc promises "item_start=0 returns the first 100 records (0-99), item_start=100 returns
 * the next 100", but a page shorter than `item_count` proves nothing: a server may answer fewer
 * items than asked (a lower cap than the doc's 100). So a window ends only when the answer's
 * `total_count` is reached or a page comes back empty; any other page is followed by the page
 * that starts right after the items it held. See docs/providers/iping.md, "Completeness".
 * @module
 */
import {
  formatProviderDate,
  nextWindow,
  ResponseFormatError,
  type WindowSpan,
  wallTimeToEpoch,
} from '@cdrkit/core';
import { OPERATION } from './options.js';
import type { IpingItem } from './schemas.js';

/**
 * The end of the window that starts at `from`: where a span counted from the start of `from`'s
 * day ends (so later windows start at midnight and ask for whole days), at most `end`.
 */
export function windowEnd(from: number, end: number, span: WindowSpan, timeZone: string): number {
  const [year, month, day] = formatProviderDate(new Date(from), 'yyyy-MM-dd', timeZone)
    .split('-')
    .map(Number);
  const dayStart = wallTimeToEpoch(year as number, month as number, day as number, 0, 0, 0, timeZone);
  let window = nextWindow(new Date(dayStart), new Date(end), span, { timeZone });
  // A span shorter than the part of the day already past: count it from `from` itself.
  if (window === null || window.to.getTime() <= from)
    window = nextWindow(new Date(from), new Date(end), span, { timeZone });
  return window === null ? end : Math.min(window.to.getTime(), end);
}

/** What one iteration learns about the server as its pages arrive, for what follows each page. */
export class OutboundPaging {
  /** The most items one answer held: the server's page size, when it is below `item_count`. */
  #step: number | undefined;
  /** Each window's `total_count` (by the window's start), for predicting its last page. */
  readonly #totals = new Map<number, number>();
  /** Without a total: the shape of each page, under the window and `item_start` of the page after it. */
  readonly #previous = new Map<string, string>();

  /**
   * Takes in the answer at `itemStart` of the window starting at `window` (all its items, before
   * any is dropped for lying outside the window) and says where the window continues: the next
   * `item_start`, or null when the window is complete.
   * @throws ResponseFormatError when the server answers the same items at a later `item_start`
   *   (it ignores `item_start`): paging on would repeat them forever
   */
  continueAfter(
    window: number,
    itemStart: number,
    items: readonly IpingItem[],
    total: number | undefined,
    idOf: (item: IpingItem) => string,
  ): number | null {
    const received = items.length;
    const key = `${window}@${itemStart}`;
    const before = this.#previous.get(key);
    this.#previous.delete(key);
    if (total !== undefined) this.#totals.set(window, total);
    if (received === 0) return null;
    this.#step = Math.max(this.#step ?? 0, received);
    const next = itemStart + received;
    if (total !== undefined) return next >= total ? null : next;
    // No count to stop at: the loop ends at an empty page, unless the server ignores item_start.
    const shape = `${received}\u0000${idOf(items[0] as IpingItem)}\u0000${idOf(items[received - 1] as IpingItem)}`;
    if (before === shape) {
      throw new ResponseFormatError(
        `iPing answered item_start=${itemStart} with the same ${received} items as the page before it: the server seems to ignore item_start, so cdrkit cannot read the rest of this window and stops rather than repeat them.`,
        { provider: 'iping', operation: OPERATION, kind: 'schema', path: 'item_start' },
      );
    }
    this.#previous.set(`${window}@${next}`, shape);
    return next;
  }

  /**
   * The `item_start` that likely follows a page at `itemStart`, for prefetching: by the page size
   * the server has shown (else `itemCount`); null when the window's total says it is the last.
   */
  predictAfter(window: number, itemStart: number, itemCount: number): number | null {
    const next = itemStart + (this.#step ?? itemCount);
    const total = this.#totals.get(window);
    return total !== undefined && next >= total ? null : next;
  }
}
