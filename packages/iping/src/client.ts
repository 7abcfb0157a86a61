/**
 * The iPing client: GetOutboundItems, the call detail reports of the notifications iPing placed.
 * @module
 */
import { type ClientOptions, type Cursor, formatProviderDate, InvalidArgumentError, nextWindow, type Paged, ResponseFormatError, toDateRange, type WindowSpan, wallTimeToEpoch } from '@cdrkit/core';
import { createPaged, HttpClient, type HttpRequest, type PageSource, type SourcePage } from '@cdrkit/core/provider';
import { escapeXml, type XmlNode } from '@cdrkit/core/xml';
import { DEFAULT_TIME_ZONE, itemStartMs, providerIdOf, recordIdOf, toCallRecord } from './normalize.js';
import { OutboundPaging } from './paging.js';
import { createIpingXmlParser, type OutboundItemsAnswer, parseOutboundItems } from './parse.js';
import {
  DOCUMENTED_ENVELOPE_FIELDS,
  DOCUMENTED_ITEM_FIELDS,
  type GetOutboundItemsOptions,
  type IpingItem,
  type OutboundItemsCursor,
  readOutboundItemsCursor,
} from './schemas.js';

/** iPing's endpoint: every method, in either transport, goes to this one path. */
const DEFAULT_BASE_URL = 'https://www.iping.com';
const PATH = '/services/iping.asp';
const OPERATION = 'getOutboundItems';
/** The doc: `0 < item_count <= 100`, default 100. */
const MAX_ITEM_COUNT = 100;
const DEFAULT_SPAN: WindowSpan = { days: 31 };

/** Options of {@link IpingClient}: the account's credentials plus the options every client takes. */
export interface IpingClientOptions extends ClientOptions {
  /**
   * The account's user name (`user_name`).
   * @example 'testdriver'
   */
  userName: string;
  /**
   * The account's password. It travels in the request body (or the query string with
   * `transport: 'query'`); the SDK redacts it from every error, hook payload and log.
   * @example process.env.IPING_PASSWORD
   */
  password: string;
}

/**
 * Client of iPing's API (bSmart Communications), for the call detail reports of outbound
 * notifications. Dates are US local times: the client's `timeZone` defaults to
 * `America/New_York`, and an item's own `timezone_id` beats it for that item's times.
 *
 * @example
 * ```ts
 * const iping = new IpingClient({ userName: 'testdriver', password: process.env.IPING_PASSWORD! });
 * for await (const item of iping.getOutboundItems({ from: '2024-03-01', to: '2024-04-01' })) {
 *   console.log(item.tracking_id, item.phone_number, item.call_status);
 * }
 * ```
 */
export class IpingClient {
  readonly #http: HttpClient;
  readonly #userName: string;
  readonly #password: string;
  #parseXml: ((text: string) => XmlNode) | undefined;

  /** @throws InvalidArgumentError for a missing user name or password, or a bad shared option */
  constructor(options: IpingClientOptions) {
    const { userName, password, ...clientOptions } = options ?? ({} as IpingClientOptions);
    if (typeof userName !== 'string' || userName === '') {
      throw new InvalidArgumentError('IpingClient needs `userName`: the iPing account user name', {
        provider: 'iping',
        argument: 'userName',
      });
    }
    if (typeof password !== 'string' || password === '') {
      throw new InvalidArgumentError('IpingClient needs `password`: the iPing account password', {
        provider: 'iping',
        argument: 'password',
      });
    }
    this.#userName = userName;
    this.#password = password;
    // The body carries the password XML-escaped: redact that spelling too.
    const escaped = escapeXml(password);
    this.#http = new HttpClient({
      provider: 'iping',
      defaultBaseUrl: DEFAULT_BASE_URL,
      defaultTimeZone: DEFAULT_TIME_ZONE,
      options: clientOptions,
      secrets: escaped === password ? [password] : [password, escaped],
    });
  }

  /** The IANA zone the client writes `start_dt`/`end_dt` in and reads items without `timezone_id` in. */
  get timeZone(): string {
    return this.#http.timeZone;
  }

  /**
   * Lists the outbound items (notifications and the outcome of their calls) whose start lies in
   * [`from`, `to`). Await it for one page (one request), or iterate it for every item: the SDK
   * moves `item_start` past the items each page held until the answer's `total_count` is reached
   * or a page comes back empty (a short page alone proves nothing), window after window.
   *
   * iPing's dates are whole days, read in the account's zone: the SDK asks for the days that
   * cover each window and drops the items whose `notification_dt` lies outside it, so windows
   * meet with no gap and no duplicate. It sends `storage_type=past` unless told otherwise
   * (iPing's own default is `future`, the scheduled calls).
   *
   * @throws InvalidArgumentError (on await or iteration, before any request) for an unparsable
   *   date, `from` not before `to`, `itemCount` outside 1..100, a negative `itemStart`, an
   *   unknown `storageType` or `transport`, or a cursor this method did not produce
   * @throws ResponseFormatError for an item without a readable start time, a server that ignores
   *   `item_start`, or (with `strict`) an answer that differs from the assumed shape
   * @example
   * ```ts
   * const page = await iping.getOutboundItems({ from: '2024-03-01', to: '2024-03-02', itemCount: 20 });
   * const one = await iping.getOutboundItems({ from, to, trackingId: 'acme125615243' });
   * for await (const record of iping.getOutboundItems({ from, to }).records()) console.log(record.status);
   * ```
   */
  getOutboundItems(options: GetOutboundItemsOptions): Paged<IpingItem> {
    return createPaged(() => this.#source(options), {
      signal: options?.signal,
      prefetch: options?.prefetch,
      limit: options?.limit,
      request: options,
    });
  }

  #source(options: GetOutboundItemsOptions): PageSource<IpingItem> {
    if (options === null || typeof options !== 'object') {
      throw invalid('getOutboundItems needs an options object with `from` and `to`', 'options');
    }
    const first = options.cursor !== undefined ? resumeFrom(options.cursor) : this.#firstCursor(options);
    const timeZone = this.timeZone;
    const paging = new OutboundPaging();
    return {
      provider: 'iping',
      operation: OPERATION,
      first,
      fetchPage: (cursor, signal) => this.#fetchPage(cursor as OutboundItemsCursor, signal, paging),
      predictNext: (cursor) => {
        const at = cursor as OutboundItemsCursor;
        const itemStart = paging.predictAfter(at);
        return itemStart === null ? this.#nextWindowCursor(at) : { ...at, itemStart };
      },
      idOf: providerIdOf,
      toCallRecord: (item) => toCallRecord(item, { timeZone }),
    };
  }

  #firstCursor(options: GetOutboundItemsOptions): OutboundItemsCursor {
    const timeZone = this.timeZone;
    const itemCount = checkInteger(
      options.itemCount ?? options.pageSize ?? MAX_ITEM_COUNT,
      options.itemCount === undefined && options.pageSize !== undefined ? 'pageSize' : 'itemCount',
      1,
      MAX_ITEM_COUNT,
    );
    const itemStart = checkInteger(options.itemStart ?? 0, 'itemStart', 0, Number.MAX_SAFE_INTEGER);
    const storageType = options.storageType ?? 'past';
    if (storageType !== 'past' && storageType !== 'future') {
      throw invalid(
        `storageType must be 'past' or 'future', not ${JSON.stringify(storageType)}`,
        'storageType',
      );
    }
    const transport = options.transport ?? 'xml';
    if (transport !== 'xml' && transport !== 'query') {
      throw invalid(`transport must be 'xml' or 'query', not ${JSON.stringify(transport)}`, 'transport');
    }
    const trackingId = options.trackingId;
    if (trackingId !== undefined && typeof trackingId !== 'string') {
      throw invalid('trackingId must be a string (the tracking_id given to PutNotification)', 'trackingId');
    }
    const span = checkSpan(options.windowSpan ?? DEFAULT_SPAN);
    if (options.from === undefined || options.to === undefined) {
      throw invalid(
        'getOutboundItems needs `from` and `to` (or a `cursor`)',
        options.from === undefined ? 'from' : 'to',
      );
    }
    const range = toDateRange({ from: options.from, to: options.to }, timeZone);
    return {
      p: 'iping',
      op: OPERATION,
      window: windowFrom(range.from.getTime(), range.to.getTime(), span, timeZone),
      end: range.to.toISOString(),
      itemStart,
      itemCount,
      storageType,
      trackingId: trackingId === undefined || trackingId === '' ? null : trackingId,
      transport,
      span,
    };
  }

  /** The first page of the window after `cursor`'s, or null at the end of the range. */
  #nextWindowCursor(cursor: OutboundItemsCursor): OutboundItemsCursor | null {
    const start = Date.parse(cursor.window[1]);
    const end = Date.parse(cursor.end);
    if (!(start < end)) return null;
    return { ...cursor, window: windowFrom(start, end, cursor.span, this.timeZone), itemStart: 0 };
  }

  async #fetchPage(
    cursor: OutboundItemsCursor,
    signal: AbortSignal,
    paging: OutboundPaging,
  ): Promise<SourcePage<IpingItem>> {
    const timeZone = this.timeZone;
    const from = Date.parse(cursor.window[0]);
    const to = Date.parse(cursor.window[1]);
    const request = this.#request(cursor, from, to, signal);
    this.#parseXml ??= createIpingXmlParser(OPERATION);
    const parseXml = this.#parseXml;
    const answer = await this.#http.send(request, (response) =>
      parseOutboundItems(response.body, {
        operation: OPERATION,
        status: response.status,
        redact: (text) => this.#http.redact(text),
        parseXml,
      }),
    );
    if (this.#http.drift.active) this.#reportDrift(answer);
    // The API answers whole days: keep what starts in this window. An item without a readable
    // start cannot be placed in it: refused, as the reading policy says.
    const items = answer.items.filter((item, index) => {
      const start = itemStartMs(item, timeZone);
      if (Number.isNaN(start)) throw noStart(answer.recordName ?? 'item', index);
      return start >= from && start < to;
    });
    const itemStart = paging.continueAfter(cursor, answer.items, answer.total, recordIdOf);
    const next = itemStart === null ? this.#nextWindowCursor(cursor) : { ...cursor, itemStart };
    const page: SourcePage<IpingItem> = {
      items,
      next,
      window: { from: cursor.window[0], to: cursor.window[1] },
    };
    if (answer.total !== undefined) page.total = answer.total;
    return page;
  }

  /** Reports what the answer holds beyond the assumed shape (docs/reading-policy.md). */
  #reportDrift(answer: OutboundItemsAnswer): void {
    const { drift } = this.#http;
    drift.checkRecord(OPERATION, '', answer.envelope, DOCUMENTED_ENVELOPE_FIELDS);
    const prefix = `${answer.recordName ?? 'item'}[]`;
    for (const item of answer.items) drift.checkRecord(OPERATION, prefix, item, DOCUMENTED_ITEM_FIELDS);
  }

  #request(cursor: OutboundItemsCursor, from: number, to: number, signal: AbortSignal): HttpRequest {
    const timeZone = this.timeZone;
    // Day granularity, end inclusive: the days of the window's first and last instants.
    const parameters: [string, string][] = [
      ['method_name', 'getoutbounditems'],
      ['user_name', this.#userName],
      ['password', this.#password],
      ['start_dt', formatProviderDate(new Date(from), 'MM/dd/yyyy', timeZone)],
      ['end_dt', formatProviderDate(new Date(to - 1), 'MM/dd/yyyy', timeZone)],
      ['item_start', String(cursor.itemStart)],
      ['item_count', String(cursor.itemCount)],
      ['storage_type', cursor.storageType],
      ['tracking_id', cursor.trackingId ?? ''],
    ];
    if (cursor.transport === 'query') {
      return {
        operation: OPERATION,
        method: 'GET',
        path: PATH,
        query: Object.fromEntries(parameters),
        signal,
      };
    }
    return {
      operation: OPERATION,
      method: 'POST',
      path: PATH,
      headers: { 'Content-Type': 'text/xml' },
      body: bSmartXml(parameters),
      signal,
    };
  }
}

/** The request document, laid out exactly as iPing's GetOutboundItems doc shows it. */
function bSmartXml(parameters: readonly [string, string][]): string {
  const lines = parameters.map(([name, value]) => `   <${name} value="${escapeXml(value)}"/>`);
  return `<?xml version="1.0"?>\n<bSmartXML>\n<data>\n${lines.join('\n')}\n</data>\n</bSmartXML>`;
}

/**
 * The window that starts at `start`: it ends where a span counted from the start of `start`'s
 * day ends (so later windows start at midnight and ask for whole days), capped at `end`.
 */
function windowFrom(start: number, end: number, span: WindowSpan, timeZone: string): [string, string] {
  const [year, month, day] = formatProviderDate(new Date(start), 'yyyy-MM-dd', timeZone)
    .split('-')
    .map(Number);
  const dayStart = wallTimeToEpoch(year!, month!, day!, 0, 0, 0, timeZone);
  let window = nextWindow(new Date(dayStart), new Date(end), span, { timeZone });
  // A span shorter than the part of the day already past: count it from `start` itself.
  if (window === null || window.to.getTime() <= start)
    window = nextWindow(new Date(start), new Date(end), span, { timeZone });
  const windowEnd = window === null ? end : Math.min(window.to.getTime(), end);
  return [new Date(start).toISOString(), new Date(windowEnd).toISOString()];
}

/**
 * The cursor a caller handed back, checked as core's `readCursor` checks one (and with its
 * words), its fields read by hand: see {@link readOutboundItemsCursor}.
 */
function resumeFrom(cursor: Cursor): OutboundItemsCursor {
  if (typeof cursor !== 'object' || cursor === null || Array.isArray(cursor)) {
    throw invalid(
      `\`cursor\` must be the \`next\` object of a page that iping ${OPERATION}() returned.`,
      'cursor',
    );
  }
  if (cursor.p !== 'iping' || cursor.op !== OPERATION) {
    const origin =
      typeof cursor.p === 'string' ? ` (it came from ${String(cursor.p)} ${String(cursor.op)}())` : '';
    throw invalid(
      `This cursor was not made by iping ${OPERATION}()${origin}: pass the \`next\` of a page that this method returned.`,
      'cursor',
    );
  }
  const read = readOutboundItemsCursor(cursor);
  if ('path' in read) {
    throw invalid(
      `The cursor is damaged or from another cdrkit version (${read.path}: expected ${read.expected}): restart from the range's beginning.`,
      'cursor',
    );
  }
  return read;
}

/** An item without a start time is refused: nothing places it in a date range. */
function noStart(recordName: string, index: number): ResponseFormatError {
  return new ResponseFormatError(
    'iPing sent an item without a readable start time (notification_dt, else call_dt, start_dt or start_time): cdrkit cannot tell which date window it belongs to.',
    {
      provider: 'iping',
      operation: OPERATION,
      kind: 'schema',
      path: `${recordName}[${index}].notification_dt`,
    },
  );
}

function invalid(message: string, argument: string): InvalidArgumentError {
  return new InvalidArgumentError(message, { provider: 'iping', operation: OPERATION, argument });
}

function checkInteger(value: unknown, argument: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const bounds = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `${min} to ${max}`;
    throw invalid(`${argument} must be an integer from ${bounds}, not ${String(value)}`, argument);
  }
  return value;
}

function checkSpan(span: unknown): WindowSpan {
  if (typeof span === 'number' && Number.isFinite(span) && span > 0) return span;
  if (span !== null && typeof span === 'object') {
    const { months = 0, days = 0, hours = 0, ...rest } = span as Record<string, unknown>;
    const parts = [months, days, hours];
    if (
      Object.keys(rest).length === 0 &&
      parts.every((part) => typeof part === 'number' && Number.isInteger(part) && part >= 0) &&
      parts.some((part) => (part as number) > 0)
    ) {
      return span as WindowSpan;
    }
  }
  throw invalid(
    'windowSpan must be a positive number of ms or { months?, days?, hours? } with whole, non-negative parts',
    'windowSpan',
  );
}
