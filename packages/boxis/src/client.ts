/**
 * `BoxisClient`: Boxis' voice getCDR over its signed POST form, with timestamp
 * synchronization and date windows in place of the paging the API does not have.
 * @module
 */
import { AuthenticationError, CdrkitError, type ClientOptions, type Cursor, type DateInput, formatProviderDate, InvalidArgumentError, type ListOptions, nextWindow, type Paged, toDateRange, type WindowSpan } from '@cdrkit/core';
import { checkMaxRecordsPerAnswer, coverRepeatedWallTimes, createPaged, evenSplitPoints, HttpClient, type PageSource, positionAfter, readCursor, readSplitWindow, type SourcePage, type WindowAnswer } from '@cdrkit/core/provider';
import type { XmlNode } from '@cdrkit/core/xml';
// crypto-js' md5 module alone: a bundle takes MD5 without the rest of crypto-js.
import md5 from 'crypto-js/md5.js';
import { BOXIS_TIME_ZONE, toCallRecord } from './normalize.js';
import { type BoxisCdr, type BoxisCursor, boxisCursorSchema } from './schemas.js';
import { type Answer, type Call, readAnswer } from './wire.js';

const PROVIDER = 'boxis';
const OPERATION = 'getCDR';
const DEFAULT_BASE_URL = 'https://api.boxis.net';
const DEFAULT_VERSION = '1.0';
const DEFAULT_WINDOW_SPAN: WindowSpan = { days: 1 };
/** The doc's date format for `datefrom` and `dateto`: 'yyyy-mm-dd hh:mm:ss' (24-hour). */
const DATE_PATTERN = 'yyyy-MM-dd HH:mm:ss';
/** See {@link BoxisClientOptions.maxRecordsPerAnswer}; the reasoning is in docs/providers/boxis.md. */
const DEFAULT_MAX_RECORDS_PER_ANSWER = 5000;
/** Boxis' dates count whole seconds: no window is narrower. */
const SECOND = 1000;

/** The answer formats getCDR can ask for (the form's `returntype`). */
export type BoxisFormat = 'json' | 'xml';

/** Credentials and options of {@link BoxisClient}. */
export interface BoxisClientOptions extends ClientOptions {
  /**
   * The e-mail address you log in to Boxis with (the form's `username`).
   * @example 'ops@example.ch'
   */
  userName: string;
  /**
   * Your Boxis API user key. It never leaves the client: each request carries only
   * `md5(timestamp + userKey)`, and the key is redacted from every error and hook payload.
   * @example process.env.BOXIS_USER_KEY
   */
  userKey: string;
  /**
   * The default tenant for {@link BoxisClient.getCDR} (a call's own `tenant` wins).
   * @example 'VOICE-12001-1'
   */
  tenant?: string;
  /**
   * The API version the form sends.
   * @defaultValue '1.0'
   */
  version?: string;
  /**
   * getCDR answers a whole window at once, and a server may cut a long answer short without a
   * sign. An answer holding this many calls or more is not trusted: its window is cut into parts
   * (as many as its count says) and each is asked for again, down to one second. Set it to your server's cap if you know it.
   * @defaultValue 5000
   * @example { maxRecordsPerAnswer: 1000 }
   */
  maxRecordsPerAnswer?: number;
}

/** Options of {@link BoxisClient.getCDR} beside the range or cursor. */
export interface GetCdrFilters {
  /**
   * The tenant whose calls to list; defaults to the client's `tenant`. One is required.
   * @example 'VOICE-12001-1'
   */
  tenant?: string;
  /**
   * The answer format to request. Both give the same records; `'xml'` loads the XML parser on
   * first use, so JSON-only bundles never carry it.
   * @defaultValue 'json'
   */
  format?: BoxisFormat;
  /**
   * Largest date window one request covers: getCDR has no paging, so a long range is asked for
   * window by window to keep each answer bounded. Calendar units count in the client's
   * `timeZone` (a day is 23 or 25 hours across a DST change); a number is milliseconds.
   * @defaultValue { days: 1 }
   * @example { hours: 6 }
   */
  windowSpan?: WindowSpan;
}

/**
 * Options of {@link BoxisClient.getCDR}: a range `[from, to)` (or a `cursor` from a previous
 * page, which carries the range, tenant, format and span), the filters, and the per-call list
 * options. `pageSize` has no effect: Boxis answers a whole window at once.
 */
export type GetCdrOptions = GetCdrFilters &
  ListOptions &
  (
    | {
        /** Start of the range, inclusive. An ISO string without offset is Swiss time (the client's zone). */
        from: DateInput;
        /** End of the range, exclusive. */
        to: DateInput;
      }
    | {
        /** A page's `next` from an earlier call: resumes right after that page, with its range, tenant, format and span. */
        cursor: Cursor;
      }
  );

/** The request's signature, kept to redact the authcode from anything the answer produces. */
interface Signature {
  timestamp: number;
  authcode: string;
}

/**
 * A client of the Boxis API (api.boxis.net). Times are Swiss local time, so the default
 * `timeZone` is Europe/Zurich.
 *
 * @example
 * ```ts
 * const boxis = new BoxisClient({ userName: 'ops@example.ch', userKey: process.env.BOXIS_USER_KEY!, tenant: 'VOICE-12001-1' });
 * for await (const call of boxis.getCDR({ from: '2024-03-01', to: '2024-04-01' })) {
 *   console.log(call.uniqueid, call.disposition);
 * }
 * ```
 */
export class BoxisClient {
  readonly #http: HttpClient;
  readonly #userName: string;
  readonly #userKey: string;
  readonly #tenant: string | undefined;
  readonly #version: string;
  readonly #maxRecordsPerAnswer: number;
  #clockOffsetSec = 0;
  #xmlParser: Promise<(text: string) => XmlNode> | undefined;

  /**
   * @throws InvalidArgumentError for a missing userName or userKey, a `maxRecordsPerAnswer` that
   * is not a whole number from 1, or a bad shared option
   */
  constructor(options: BoxisClientOptions) {
    const { userName, userKey, tenant, version, maxRecordsPerAnswer, ...clientOptions } = options;
    requireText(userName, 'userName', 'the e-mail address you log in to Boxis with');
    requireText(userKey, 'userKey', 'your Boxis API user key');
    if (tenant !== undefined) requireText(tenant, 'tenant', "a tenant number such as 'VOICE-12001-1'");
    if (version !== undefined) requireText(version, 'version', "an API version such as '1.0'");
    this.#userName = userName;
    this.#userKey = userKey;
    this.#tenant = tenant;
    this.#version = version ?? DEFAULT_VERSION;
    this.#maxRecordsPerAnswer =
      maxRecordsPerAnswer === undefined
        ? DEFAULT_MAX_RECORDS_PER_ANSWER
        : checkMaxRecordsPerAnswer(maxRecordsPerAnswer, PROVIDER);
    this.#http = new HttpClient({
      provider: PROVIDER,
      defaultBaseUrl: DEFAULT_BASE_URL,
      defaultTimeZone: BOXIS_TIME_ZONE,
      options: clientOptions,
      secrets: [userKey],
    });
  }

  /** The zone of Boxis' naive timestamps and of the dates the client sends. */
  get timeZone(): string {
    return this.#http.timeZone;
  }

  /**
   * Seconds the server's clock is ahead of this device's (negative when behind), as measured at
   * the last timestamp synchronization; 0 until one happens. Added to every later timestamp.
   */
  get clockOffsetSec(): number {
    return this.#clockOffsetSec;
  }

  /**
   * Lists the calls of a tenant in `[from, to)` (the voice `getCDR` function). Await it for the
   * first date window's calls (one request; more when its answer reaches `maxRecordsPerAnswer`
   * and the window is split), or iterate it for every call of the range, window by window;
   * `prefetch` requests windows ahead.
   *
   * @throws ResponseFormatError when a one-second window still reaches `maxRecordsPerAnswer`:
   * calls may be missing there
   * @throws InvalidArgumentError (on await or iteration, before any request) for a missing
   * tenant, an unparsable date, `from` not before `to`, or a bad format, span or cursor
   * @example
   * ```ts
   * const calls = await boxis.getCDR({ from: '2024-03-01', to: '2024-03-08', prefetch: 2 }).toArray();
   * const firstDay = await boxis.getCDR({ tenant: 'VOICE-12001-1', from, to, format: 'xml' });
   * ```
   */
  getCDR(options: GetCdrOptions): Paged<BoxisCdr> {
    return createPaged(() => this.#source(options), {
      signal: options.signal,
      prefetch: options.prefetch,
      limit: options.limit,
      request: options,
    });
  }

  #source(options: GetCdrOptions): PageSource<BoxisCdr> {
    const timeZone = this.#http.timeZone;
    const first =
      options.cursor === undefined ? this.#firstCursor(options) : this.#readCursor(options.cursor);
    return {
      provider: PROVIDER,
      operation: OPERATION,
      first: toCursor(first),
      fetchPage: (cursor, signal) => this.#fetchWindow(this.#readCursor(cursor), signal),
      predictNext: (cursor) => {
        const next = this.#nextCursor(this.#readCursor(cursor));
        return next === null ? null : toCursor(next);
      },
      idOf: (item) => String(item.uniqueid),
      toCallRecord: (item) => toCallRecord(item, { timeZone }),
    };
  }

  #firstCursor(options: GetCdrOptions): BoxisCursor {
    const tenant = options.tenant ?? this.#tenant;
    if (typeof tenant !== 'string' || tenant.trim() === '') {
      throw invalid(
        "getCDR needs a tenant (such as 'VOICE-12001-1'): pass `tenant` to getCDR() or to new BoxisClient().",
        'tenant',
      );
    }
    const format = options.format ?? 'json';
    if (format !== 'json' && format !== 'xml') {
      throw invalid(`\`format\` must be 'json' or 'xml', not ${JSON.stringify(format)}.`, 'format');
    }
    const span = checkWindowSpan(options.windowSpan ?? DEFAULT_WINDOW_SPAN);
    if (!('from' in options) || options.from === undefined || options.to === undefined) {
      throw invalid('getCDR needs `from` and `to` (or a `cursor` from a previous page).', 'from');
    }
    const range = toDateRange({ from: options.from, to: options.to }, this.#http.timeZone);
    const window = nextWindow(range.from, range.to, span, { timeZone: this.#http.timeZone });
    if (window === null) throw invalid('`from` must be before `to`.', 'from');
    return {
      p: PROVIDER,
      op: OPERATION,
      tenant,
      format,
      from: window.from.getTime(),
      to: window.to.getTime(),
      end: range.to.getTime(),
      span,
    };
  }

  #readCursor(cursor: Cursor): BoxisCursor {
    const read = readCursor(boxisCursorSchema, cursor, { provider: PROVIDER, operation: OPERATION });
    // The window, then the parts a split left: each end after the one before, none past the range.
    const ends = [read.from, read.to, ...(read.pending ?? [])];
    const ordered = ends.every((end, i) => i === 0 || end > (ends[i - 1] as number));
    if (!ordered || (ends.at(-1) as number) > read.end) {
      throw invalid("The cursor's window is damaged: restart from the range's beginning.", 'cursor');
    }
    checkWindowSpan(toWindowSpan(read.span));
    return read;
  }

  /**
   * The window after `cursor`'s when its answer comes in whole: the next half a split left, or
   * the range's next window; null after the range's last.
   */
  #nextCursor(cursor: BoxisCursor): BoxisCursor | null {
    const half = positionAfter({ from: cursor.from, to: cursor.to, pending: cursor.pending ?? [] });
    if (half !== null) return { ...cursor, ...half, pending: [...half.pending] };
    const window = nextWindow(new Date(cursor.to), new Date(cursor.end), toWindowSpan(cursor.span), {
      timeZone: this.#http.timeZone,
    });
    if (window === null) return null;
    return { ...cursor, from: window.from.getTime(), to: window.to.getTime(), pending: [] };
  }

  /**
   * One window, cut into parts at whole seconds while its answer reaches `maxRecordsPerAnswer` (core's
   * `readSplitWindow`): the page holds the first part that came in whole, its `next` the rest.
   */
  async #fetchWindow(cursor: BoxisCursor, signal: AbortSignal): Promise<SourcePage<BoxisCdr>> {
    const page = await readSplitWindow(
      { from: cursor.from, to: cursor.to, pending: cursor.pending ?? [] },
      {
        provider: PROVIDER,
        operation: OPERATION,
        maxRecordsPerAnswer: this.#maxRecordsPerAnswer,
        narrowest: 'one second',
        fetchWindow: (from, to) => this.#askWindow(cursor, from, to, signal),
        splitPoints: (from, to, parts) => evenSplitPoints(from, to, parts, (ms) => ms - (ms % SECOND)),
      },
    );
    const next =
      page.next === null
        ? this.#nextCursor({ ...cursor, from: page.from, to: page.to, pending: [] })
        : { ...cursor, ...page.next, pending: [...page.next.pending] };
    return { items: page.items, next: next === null ? null : toCursor(next) };
  }

  /**
   * Asks for a range that covers `[from, to)` at the API's one-second granularity (whatever its
   * own inclusivity), then keeps only the calls that started inside, so windows meet with no gap
   * and no duplicate. `received` counts the whole answer, as a server cap would.
   */
  async #askWindow(
    cursor: BoxisCursor,
    from: number,
    to: number,
    signal: AbortSignal,
  ): Promise<WindowAnswer<BoxisCdr>> {
    const timeZone = this.#http.timeZone;
    const calls = await this.#getCdr(
      {
        tenant: cursor.tenant,
        datefrom: formatProviderDate(new Date(from), DATE_PATTERN, timeZone),
        // Past a fall-back hour the window ends in, or the second pass of it is never asked for.
        dateto: formatProviderDate(
          new Date(coverRepeatedWallTimes(from, to, Math.ceil(to / SECOND) * SECOND, timeZone)),
          DATE_PATTERN,
          timeZone,
        ),
      },
      cursor.format,
      signal,
    );
    const items: BoxisCdr[] = [];
    for (const call of calls) {
      if (call.startedAt >= from && call.startedAt < to) items.push(call.record);
    }
    return { items, received: calls.length };
  }

  /**
   * Sends one getCDR request. A rejected timestamp is retried once with the server's own
   * timestamp (the doc's "timestamp synchronization"), and the measured offset is kept for
   * every later request of this client.
   */
  async #getCdr(
    params: { tenant: string; datefrom: string; dateto: string },
    format: BoxisFormat,
    signal: AbortSignal,
  ): Promise<Call[]> {
    const parseXml = format === 'xml' ? await this.#loadXmlParser() : undefined;
    const first = await this.#send(params, format, parseXml, signal, undefined);
    if (first.ok) return first.calls;
    if (first.serverTimestamp === undefined || first.offsetSec === undefined) {
      throw new AuthenticationError(
        `Boxis rejected the request's timestamp and sent none of its own to synchronize with: check this device's clock (${first.providerMessage}).`,
        {
          provider: PROVIDER,
          operation: OPERATION,
          providerCode: '0',
          providerMessage: first.providerMessage,
        },
      );
    }
    const offsetSec = first.offsetSec;
    this.#clockOffsetSec = offsetSec;
    const second = await this.#send(params, format, parseXml, signal, first.serverTimestamp);
    if (second.ok) return second.calls;
    const clock =
      Math.abs(offsetSec) <= 1
        ? "this device's clock agrees with the server's"
        : `this device's clock is about ${Math.abs(offsetSec)} seconds ${offsetSec > 0 ? 'behind' : 'ahead of'} the server's`;
    throw new AuthenticationError(
      `Boxis rejected the request's timestamp twice: ${clock}, and the server also rejected the synchronized timestamp. Set the clock right (NTP) and check userName and userKey.`,
      {
        provider: PROVIDER,
        operation: OPERATION,
        providerCode: '0',
        providerMessage: second.providerMessage,
      },
    );
  }

  /** One signed request, signed afresh for every attempt the HTTP layer makes. */
  #send(
    params: { tenant: string; datefrom: string; dateto: string },
    format: BoxisFormat,
    parseXml: ((text: string) => XmlNode) | undefined,
    signal: AbortSignal,
    serverTimestamp: number | undefined,
  ): Promise<Answer> {
    let signature: Signature = { timestamp: 0, authcode: '' };
    return this.#http.send(
      (attempt) => {
        // The first attempt after a rejection uses the server's timestamp as the doc's sample does;
        // later attempts (retries after a 5xx) use the clock corrected by the measured offset.
        const timestamp =
          attempt === 1 && serverTimestamp !== undefined
            ? serverTimestamp
            : Math.floor(Date.now() / 1000) + this.#clockOffsetSec;
        signature = { timestamp, authcode: md5(`${timestamp}${this.#userKey}`).toString() };
        return {
          operation: OPERATION,
          method: 'POST',
          path: '/',
          form: {
            version: this.#version,
            returntype: format,
            timestamp: String(timestamp),
            username: this.#userName,
            authcode: signature.authcode,
            section: 'voice',
            action: 'getCDR',
            tenant: params.tenant,
            datefrom: params.datefrom,
            dateto: params.dateto,
          },
          // The authcode opens the account until the timestamp expires: as secret as the key.
          secrets: [signature.authcode],
          signal,
        };
      },
      (response) =>
        readAnswer(response, {
          parseXml,
          secrets: [this.#userKey, signature.authcode],
          timeZone: this.#http.timeZone,
          drift: this.#http.drift,
        }),
    );
  }

  #loadXmlParser(): Promise<(text: string) => XmlNode> {
    // Loaded on first XML request only, so a JSON-only bundle never carries fast-xml-parser.
    this.#xmlParser ??= import('@cdrkit/core/xml').then(
      ({ createXmlParser }) => createXmlParser({ provider: PROVIDER, operation: OPERATION }),
      (error: unknown) => {
        throw new CdrkitError(
          "Boxis getCDR could not load the XML parser ('@cdrkit/core/xml'): use format 'json'.",
          {
            provider: PROVIDER,
            operation: OPERATION,
            cause: error,
          },
        );
      },
    );
    this.#xmlParser.catch(() => {
      this.#xmlParser = undefined;
    });
    return this.#xmlParser;
  }
}

function checkWindowSpan(span: WindowSpan): WindowSpan {
  if (typeof span === 'number') {
    if (Number.isFinite(span) && span >= 1000) return span;
    throw invalid('`windowSpan` in milliseconds must be at least 1000 (one second).', 'windowSpan');
  }
  if (typeof span === 'object' && span !== null) {
    const units = [span.months, span.days, span.hours];
    const valid = units.every((unit) => unit === undefined || (Number.isInteger(unit) && unit >= 0));
    if (valid && units.some((unit) => unit !== undefined && unit > 0)) {
      const result: { months?: number; days?: number; hours?: number } = {};
      if (span.months) result.months = span.months;
      if (span.days) result.days = span.days;
      if (span.hours) result.hours = span.hours;
      return result;
    }
  }
  throw invalid(
    '`windowSpan` must be a number of milliseconds or whole calendar units such as { days: 1 } or { hours: 6 }.',
    'windowSpan',
  );
}

/** A cursor's span without the `undefined` members zod's optional fields may carry. */
function toWindowSpan(span: BoxisCursor['span']): WindowSpan {
  if (typeof span === 'number') return span;
  const result: { months?: number; days?: number; hours?: number } = {};
  if (span.months !== undefined) result.months = span.months;
  if (span.days !== undefined) result.days = span.days;
  if (span.hours !== undefined) result.hours = span.hours;
  return result;
}

/** A cursor as pages carry it: `pending` only while the parts of a split window are read. */
function toCursor(cursor: BoxisCursor): Cursor {
  const { pending, ...rest } = cursor;
  const span = toWindowSpan(cursor.span);
  const out: Cursor = { ...rest, span: typeof span === 'number' ? span : { ...span } };
  return pending === undefined || pending.length === 0 ? out : { ...out, pending: [...pending] };
}

function requireText(value: unknown, argument: string, what: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(`new BoxisClient() needs \`${argument}\`: ${what}.`, {
      argument,
      provider: PROVIDER,
    });
  }
}

function invalid(message: string, argument: string): InvalidArgumentError {
  return new InvalidArgumentError(message, { argument, provider: PROVIDER, operation: OPERATION });
}
