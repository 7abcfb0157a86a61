/**
 * Where a `listSdrs` iteration stands (its cursor) and which page follows a page.
 *
 * The doc: "The API returns batches of SDRs, with next and previous links". A server may serve
 * fewer SDRs than `max` asks and compute its `next` link by what was asked, so a link is
 * followed only as far as what was received, and a page without a link ends its window only
 * when the answer's `total` (if any) is reached. See docs/providers/nimblevox.md, "Completeness".
 * @module
 */
import { ResponseFormatError } from '@cdrkit/core';
import * as z from 'zod/mini';

/** The doc: `max` is "Default/Max 500". */
export const MAX_PAGE_SIZE = 500;

/** Where a `listSdrs` iteration stands. Epoch ms throughout, so it survives JSON. */
export const sdrCursorSchema = /* @__PURE__ */ z.object({
  p: z.literal('nimblevox'),
  op: z.literal('listSdrs'),
  /** The current date window, [windowFrom, windowTo). */
  windowFrom: z.int(),
  windowTo: z.int(),
  /** End of the whole range (exclusive): windows follow until it. */
  rangeTo: z.int(),
  offset: z.int().check(z.minimum(0)),
  max: z.int().check(z.minimum(1), z.maximum(MAX_PAGE_SIZE)),
  callingParty: z.optional(z.string()),
  calledParty: z.optional(z.string()),
  format: z.enum(['json', 'xml']),
});

/** A `listSdrs` cursor, as `sdrCursorSchema` reads it (a type alias, so it is a `Cursor`). */
export type SdrCursor = {
  p: 'nimblevox';
  op: 'listSdrs';
  windowFrom: number;
  windowTo: number;
  rangeTo: number;
  offset: number;
  max: number;
  callingParty?: string;
  calledParty?: string;
  format: 'json' | 'xml';
};

/** What of an answer decides the page after it. */
export interface PageEnd {
  /** The `next` link as sent, or null. */
  next: string | null;
  /** The answer's `total`, or null. */
  total: number | null;
  /** How many SDRs the answer held, before any is dropped for lying outside the window. */
  received: number;
}

/** What one iteration learns about the server as its pages arrive. */
export class SdrPaging {
  /** The most SDRs one answer held: the server's page size, when it serves fewer than `max`. */
  #step: number | undefined;
  /** Each window's last reported total (by the window's start), for predicting its pages. */
  readonly #totals = new Map<number, number>();

  /** The first page of the window after a cursor's, or null at the range's end. */
  readonly nextWindow: (cursor: SdrCursor) => SdrCursor | null;
  /** The configured base URL, against which relative links are read. */
  readonly baseUrl: string;

  constructor(nextWindow: (cursor: SdrCursor) => SdrCursor | null, baseUrl: string) {
    this.nextWindow = nextWindow;
    this.baseUrl = baseUrl;
  }

  /**
   * The cursor after a page at `at`: by its `next` link, but never past what was received; with
   * no link, on from what was received while the `total` says more exist; else the next window.
   * An empty page ends the window even if it links further: offsets past the end hold nothing.
   * @throws ResponseFormatError for a `next` link without an offset, or one that does not move forward
   */
  continueAfter(at: SdrCursor, end: PageEnd): SdrCursor | null {
    if (end.total !== null) this.#totals.set(at.windowFrom, end.total);
    if (end.received === 0) return this.nextWindow(at);
    this.#step = Math.max(this.#step ?? 0, end.received);
    const after = at.offset + end.received;
    if (end.next !== null) {
      const link = this.#readLink(end.next, at);
      // A link past what came (a server that caps pages but links by the `max` asked) would
      // skip records: continue right after them instead.
      return { ...at, offset: Math.min(link.offset, after), max: link.max };
    }
    if (end.total !== null && after < end.total) return { ...at, offset: after };
    return this.nextWindow(at);
  }

  /**
   * The cursor that likely follows `at`, for prefetching: by the page size the server has shown
   * (else `max`), within the window's total; null when no total is known yet.
   */
  predictAfter(at: SdrCursor): SdrCursor | null {
    const total = this.#totals.get(at.windowFrom);
    if (total === undefined) return null;
    const offset = at.offset + (this.#step ?? at.max);
    return offset < total ? { ...at, offset } : this.nextWindow(at);
  }

  /**
   * The `offset` and `max` of a `next` link. Only those are read: the request goes to the
   * configured base URL with our window, the apiKey and the party filters (which the link
   * drops), so the key never goes to a host the user did not configure.
   */
  #readLink(link: string, at: SdrCursor): { offset: number; max: number } {
    let params: URLSearchParams;
    try {
      params = new URL(link, `${this.baseUrl}/`).searchParams;
    } catch {
      params = new URLSearchParams();
    }
    const offset = wholeNumber(params.get('offset'));
    if (offset === undefined) {
      throw new ResponseFormatError(
        "Nimblevox's `next` link has no usable `offset`: cannot tell which page follows.",
        { kind: 'schema', path: 'next', provider: 'nimblevox', operation: 'listSdrs' },
      );
    }
    if (offset <= at.offset) {
      throw new ResponseFormatError(
        `Nimblevox's \`next\` link does not move forward (offset ${offset} after offset ${at.offset}): stopping rather than asking for the same records forever.`,
        { kind: 'schema', path: 'next', provider: 'nimblevox', operation: 'listSdrs' },
      );
    }
    const max = wholeNumber(params.get('max'));
    return { offset, max: max !== undefined && max >= 1 && max <= MAX_PAGE_SIZE ? max : at.max };
  }
}

function wholeNumber(text: string | null): number | undefined {
  const trimmed = text?.trim() ?? '';
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  return Number.isSafeInteger(value) ? value : undefined;
}
