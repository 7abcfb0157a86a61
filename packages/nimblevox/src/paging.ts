/**
 * `listSdrs`' windows (90 calendar days) and which page follows a page inside one.
 *
 * A server may serve fewer SDRs than `max` asks and compute its `next` link by what was asked,
 * so a link is followed only as far as what was received, and a page without a link ends its
 * window only when the answer's `total` (if any) is reached. See docs/providers/nimblevox.md,
 * "Completeness".
 * @module
 */
import { nextWindow, ResponseFormatError } from '@cdrkit/core';
import type { WindowRequest } from '@cdrkit/core/provider';
import { MAX_PAGE_SIZE } from './options.js';
import type { SdrParams, SdrPosition } from './schemas.js';

/** The doc: "The date range is limited to a span of 90 days", counted in wall time. */
const WINDOW_SPAN = { days: 90 } as const;

/** A page request of `listSdrs`. */
export type SdrRequest = WindowRequest<SdrParams, SdrPosition>;

/** The end of the window that starts at `from`: 90 calendar days later in `timeZone`, at most `end`. */
export function windowEnd(from: number, end: number, timeZone: string): number {
  return nextWindow(new Date(from), new Date(end), WINDOW_SPAN, { timeZone })?.to.getTime() ?? end;
}

/** The offset and `max` of a request: offset 0 and the call's `max` at a window's first page. */
export function positionOf(request: SdrRequest): { offset: number; max: number } {
  return { offset: request.at?.offset ?? 0, max: request.at?.max ?? request.params.max };
}

/** What of an answer decides the page after it. */
export interface PageEnd {
  /** The `next` link as sent, or null. */
  next: string | null;
  /** The answer's `total`, or null. */
  total: number | null;
  /** How many SDRs the answer held, before any is dropped for lying outside the window. */
  received: number;
}

/** What one `listSdrs` call learns about the server as its pages arrive, and what it makes of it. */
export interface SdrPaging {
  /**
   * The position after a page: by its `next` link, but never past what was received; with no
   * link, on from what was received while the `total` says more exist; else null (the window is
   * complete). An empty page ends the window even if it links further.
   * @throws ResponseFormatError for a `next` link without an offset, or one that does not move forward
   */
  after(request: SdrRequest, end: PageEnd): SdrPosition | null;
  /**
   * The position that likely follows a full page, for prefetching: by the page size the server
   * has shown (else `max`), within the window's total; undefined while no total is known.
   */
  predict(request: SdrRequest): SdrPosition | null | undefined;
}

/** The paging state of one call; `baseUrl` is what relative links are read against. */
export function createSdrPaging(baseUrl: string): SdrPaging {
  /** The most SDRs one answer held: the server's page size, when it serves fewer than `max`. */
  let step: number | undefined;
  /** Each window's last reported total (by the window's start), for predicting its pages. */
  const totals = new Map<number, number>();
  const windowKey = (request: SdrRequest): number => request.window?.from ?? 0;

  return {
    after(request, end) {
      if (end.total !== null) totals.set(windowKey(request), end.total);
      if (end.received === 0) return null;
      step = Math.max(step ?? 0, end.received);
      const { offset, max } = positionOf(request);
      const after = offset + end.received;
      if (end.next !== null) {
        const link = readLink(end.next, offset, max, baseUrl);
        // A link past what came (a server that caps pages but links by the `max` asked) would
        // skip records: continue right after them instead.
        return position(Math.min(link.offset, after), link.max, request.params);
      }
      if (end.total !== null && after < end.total) return position(after, max, request.params);
      return null;
    },
    predict(request) {
      const total = totals.get(windowKey(request));
      if (total === undefined) return undefined;
      const { offset, max } = positionOf(request);
      const next = offset + (step ?? max);
      return next < total ? position(next, max, request.params) : null;
    },
  };
}

/** A position, with `max` only where it differs from the call's (so equal positions read equal). */
const position = (offset: number, max: number, params: SdrParams): SdrPosition =>
  max === params.max ? { offset } : { offset, max };

/**
 * The `offset` and `max` of a `next` link. Only those are read: the request goes to the
 * configured base URL with our window, the apiKey and the party filters (which the link
 * drops), so the key never goes to a host the user did not configure.
 */
function readLink(
  link: string,
  offset: number,
  max: number,
  baseUrl: string,
): { offset: number; max: number } {
  let params: URLSearchParams;
  try {
    params = new URL(link, `${baseUrl}/`).searchParams;
  } catch {
    params = new URLSearchParams();
  }
  const linked = wholeNumber(params.get('offset'));
  if (linked === undefined) {
    throw new ResponseFormatError(
      "Nimblevox's `next` link has no usable `offset`: cannot tell which page follows.",
      { kind: 'schema', path: 'next', provider: 'nimblevox', operation: 'listSdrs' },
    );
  }
  if (linked <= offset) {
    throw new ResponseFormatError(
      `Nimblevox's \`next\` link does not move forward (offset ${linked} after offset ${offset}): stopping rather than asking for the same records forever.`,
      { kind: 'schema', path: 'next', provider: 'nimblevox', operation: 'listSdrs' },
    );
  }
  const linkedMax = wholeNumber(params.get('max'));
  return {
    offset: linked,
    max: linkedMax !== undefined && linkedMax >= 1 && linkedMax <= MAX_PAGE_SIZE ? linkedMax : max,
  };
}

function wholeNumber(text: string | null): number | undefined {
  const trimmed = text?.trim() ?? '';
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  return Number.isSafeInteger(value) ? value : undefined;
}
