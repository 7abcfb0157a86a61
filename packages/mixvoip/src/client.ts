/**
 * `MixvoipClient`: the MIXvoip Supernode API's "get CDRs by profile_id" function.
 *
 * `GET {baseUrl}/cdrs/getcalls/{profileId}/{start}[/{end}][/csv]?username=…&password=…`
 * answers every record from the start date through the end date, in one response, for at
 * most 3 months (../shared/api-docs/getcalls.txt). The client asks for whole days in its
 * time zone, splits longer ranges into windows of 3 calendar months, and keeps the records
 * whose call_start lies in [from, to).
 * @module
 */
import { type CallRecord, type ClientOptions, type Cursor, type DateInput, InvalidArgumentError, type ListOptions, type Paged, type RequestOptions, ResponseFormatError } from '@cdrkit/core';
import { checkMaxRecordsPerAnswer, createPaged, HttpClient, type HttpResponse, readSplitWindow, type SourcePage, type WindowAnswer } from '@cdrkit/core/provider';
import { mapHttpError, throwIfErrorAnswer } from './errors.js';
import { attachIds, parseCallStart, toCallRecord } from './normalize.js';
import type { MixvoipRecord, MixvoipWireRecord } from './schemas.js';
import { type CallsState, fromCursor, readCallsState, toCursor } from './state.js';
import { type DayWindow, daysOf, midnightsInside, windowAt } from './windows.js';
import { type ReadAnswer, readRecords } from './wire.js';

const PROVIDER = 'mixvoip';
const OPERATION = 'getCalls';
/** See {@link MixvoipClientOptions.maxRecordsPerAnswer}; the reasoning is in docs/providers/mixvoip.md. */
const DEFAULT_MAX_RECORDS_PER_ANSWER = 5000;
/** What the error says when a window that cannot be split still reaches the cap. */
const NARROWEST = 'one day (asked for as that day and the next, since START_DATE must be before END_DATE)';

/** Options of {@link MixvoipClient}. */
export interface MixvoipClientOptions extends ClientOptions {
  /**
   * The reseller's or user's Supernode user name (sent as `username`).
   * @example 'reseller42'
   */
  userName: string;
  /**
   * The matching password. MIXvoip wants it in the query string; cdrkit keeps it out of every
   * error, hook payload and log line.
   * @example process.env.MIXVOIP_PASSWORD
   */
  password: string;
  /**
   * Base URL of the Supernode API, without `/cdrs/…`. Required: MIXvoip does not publish it;
   * MIXvoip support or your reseller panel gives it. Point it at an emulator in tests.
   * @example 'https://supernode.example.lu/api'
   */
  baseUrl: string;
  /**
   * Currency of MIXvoip's prices, for `CallRecord.cost`. The doc says prices are euro cents.
   * @defaultValue 'EUR'
   * @example 'EUR'
   */
  currency?: string;
  /**
   * getCalls answers a whole window (up to 3 months) at once, and a server may cut a long
   * answer short without a sign. An answer holding this many records or more is not trusted:
   * its window is cut at midnights into parts (as many as its count says) and each is asked for
   * again, down to one day. Set it to your server's cap if you know it.
   * @defaultValue 5000
   * @example { maxRecordsPerAnswer: 1000 }
   */
  maxRecordsPerAnswer?: number;
}

/** Which record set to ask for, shared by `getCalls` and `downloadCsv`. */
export interface MixvoipRangeOptions {
  /**
   * The customer number whose records to fetch (`PROFILE_ID`); it must be linked to the
   * account the credentials belong to.
   * @example '123456'
   */
  profileId: string | number;
  /**
   * Start of the range, inclusive: a `Date`, an ISO-8601 string (without an offset: wall time
   * in the client's `timeZone`) or epoch ms.
   * @example '2024-01-01'
   */
  from: DateInput;
  /**
   * End of the range, exclusive. Default: now.
   * @example '2024-09-01'
   */
  to?: DateInput;
}

/** Options of {@link MixvoipClient.getCalls}. */
export interface GetCallsOptions extends MixvoipRangeOptions, Omit<ListOptions, 'pageSize'> {
  /**
   * Wire format. Both give the same typed records; `json` is smaller and faster to read.
   * @defaultValue 'json'
   * @example 'csv'
   */
  format?: 'json' | 'csv';
}

/** Options of {@link MixvoipClient.downloadCsv}, with the call's own `timeoutMs`, `retry` and `headers`. */
export interface DownloadCsvOptions extends MixvoipRangeOptions, RequestOptions {
  /** Aborts the download, between and during requests. */
  signal?: AbortSignal;
}

/**
 * Client of MIXvoip's Supernode CDR API (`getCalls`).
 *
 * @example
 * ```ts
 * const mixvoip = new MixvoipClient({ userName, password, baseUrl: 'https://…' });
 * for await (const call of mixvoip.getCalls({ profileId: '123456', from: '2024-01-01' })) {
 *   console.log(call.type, call.data.call_start, call.id);
 * }
 * ```
 */
export class MixvoipClient {
  readonly #http: HttpClient;
  readonly #userName: string;
  readonly #password: string;
  readonly #currency: string;
  readonly #maxRecordsPerAnswer: number;

  /**
   * @throws InvalidArgumentError for a missing `baseUrl`, an empty `userName` or `password`,
   *   a `maxRecordsPerAnswer` that is not a whole number from 1, or a bad shared option
   *   (`timeZone`, `timeoutMs`, `retry`, …)
   */
  constructor(options: MixvoipClientOptions) {
    const {
      userName,
      password,
      baseUrl,
      currency = 'EUR',
      maxRecordsPerAnswer,
      ...shared
    } = options ?? ({} as MixvoipClientOptions);
    if (typeof baseUrl !== 'string' || baseUrl.trim() === '') {
      throw new InvalidArgumentError(
        "MIXvoip does not publish the Supernode API's base URL: pass `baseUrl` (MIXvoip support or your " +
          "reseller panel gives it), e.g. new MixvoipClient({ userName, password, baseUrl: 'https://…' }).",
        { argument: 'baseUrl', provider: PROVIDER },
      );
    }
    requireText(userName, 'userName', "the Supernode user name (the API's `username`)");
    requireText(password, 'password', 'the Supernode password that goes with `userName`');
    requireText(currency, 'currency', "a currency code such as 'EUR'");
    this.#userName = userName;
    this.#password = password;
    this.#currency = currency;
    this.#maxRecordsPerAnswer =
      maxRecordsPerAnswer === undefined
        ? DEFAULT_MAX_RECORDS_PER_ANSWER
        : checkMaxRecordsPerAnswer(maxRecordsPerAnswer, PROVIDER);
    this.#http = new HttpClient({
      provider: PROVIDER,
      defaultBaseUrl: baseUrl,
      options: { ...shared, baseUrl },
      secrets: [password],
      mapHttpError: (response, operation) => mapHttpError(response, operation, this.#redact),
    });
  }

  /** The IANA zone of the dates in request paths and of MIXvoip's naive timestamps. */
  get timeZone(): string {
    return this.#http.timeZone;
  }

  /** The base URL requests go to, without a trailing slash. */
  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /**
   * The CDRs of one customer number in [from, to), as MIXvoip sends them (`{ type, data }`,
   * every field kept) with a derived `id`. Awaiting it fetches the first window (one request,
   * more when the window is split); iterating it fetches every window. Ranges over 3 months are
   * split into windows of 3 calendar months in the client's zone; MIXvoip does not page inside a
   * window, so each page is one whole window, or, when its answer reaches
   * `maxRecordsPerAnswer`, one part of it (cut at midnights until each part comes in whole).
   * `pageSize` is not supported.
   * @throws ResponseFormatError when a one-day window still reaches `maxRecordsPerAnswer`:
   * records may be missing there
   * @example
   * ```ts
   * // every record, normalized
   * for await (const record of mixvoip.getCalls({ profileId: '123456', from: '2024-01-01', to: '2024-09-01' }).records()) {
   *   console.log(record.kind, record.startedAt, record.cost?.amount);
   * }
   * // the first window only, as CSV on the wire
   * const page = await mixvoip.getCalls({ profileId: '123456', from: '2024-01-01', format: 'csv' });
   * ```
   */
  getCalls(options: GetCallsOptions): Paged<MixvoipRecord> {
    const { signal, prefetch, limit } = options ?? ({} as GetCallsOptions);
    return createPaged<MixvoipRecord>(
      () => {
        const state = readCallsState(options, this.#http.timeZone);
        return {
          provider: PROVIDER,
          operation: OPERATION,
          first: toCursor(state),
          fetchPage: (cursor, pageSignal) => this.#fetchWindow(cursor, pageSignal),
          predictNext: (cursor) => this.#cursorAfter(fromCursor(cursor)),
          // No idOf: nothing to drop. Each answer is a whole window, windows do not overlap,
          // what lies outside the window is dropped, and ids within an answer are numbered
          // apart; remembering every id of a window-sized answer would only cost time.
          toCallRecord: (record) => this.toCallRecord(record),
        };
      },
      { signal, prefetch, limit, request: options },
    );
  }

  /**
   * The CSV files MIXvoip serves for the range, untouched: one string per request (a window of
   * at most 3 months), in order, each ending with a line break so that they concatenate into
   * one file. The API works in days, so the text covers whole days in the client's zone, from
   * `from`'s day through the day before `to` (or `to`'s day when `to` is not a midnight),
   * without filtering. For typed records, use `getCalls({ format: 'csv' })`.
   * @throws InvalidArgumentError (on the first iteration, before any request) for bad input
   * @throws ResponseFormatError when a file holds `maxRecordsPerAnswer` rows or more: it may be
   * cut short, and a file is not split (getCalls is); ask for a shorter range
   * @example
   * ```ts
   * let csv = '';
   * for await (const part of mixvoip.downloadCsv({ profileId: '123456', from: '2024-01-01', to: '2024-02-01' })) {
   *   csv += part;
   * }
   * await writeFile('calls.csv', csv);
   * ```
   */
  downloadCsv(options: DownloadCsvOptions): AsyncIterable<string> {
    return {
      [Symbol.asyncIterator]: () => this.#downloadCsv(options),
    };
  }

  async *#downloadCsv(options: DownloadCsvOptions): AsyncGenerator<string, void, undefined> {
    const { profileId, from, to } = options ?? ({} as DownloadCsvOptions);
    const state: CallsState | null = readCallsState(
      to === undefined ? { profileId, from, format: 'csv' } : { profileId, from, to, format: 'csv' },
      this.#http.timeZone,
    );
    for (let at: CallsState | null = state; at !== null; at = this.#stateAfter(at)) {
      const window = windowAt(at.from, at.to, this.#http.timeZone);
      const body = await this.#http.send(
        { ...this.#request(at, window, options.signal, 'downloadCsv'), options },
        (response) => {
          throwIfErrorAnswer(response, 'downloadCsv', this.#redact);
          return response.body;
        },
      );
      this.#refuseFullFile(body, window);
      yield body === '' || /[\r\n]$/.test(body) ? body : `${body}\n`;
    }
  }

  /**
   * {@link toCallRecord} with this client's zone and currency.
   * @example
   * ```ts
   * const { items } = await mixvoip.getCalls({ profileId, from });
   * const records = items.map((item) => mixvoip.toCallRecord(item));
   * ```
   */
  toCallRecord(record: MixvoipRecord | MixvoipWireRecord): CallRecord {
    return toCallRecord(record, { timeZone: this.#http.timeZone, currency: this.#currency });
  }

  /** A raw CSV file as long as `maxRecordsPerAnswer` may be cut short: say so rather than yield it. */
  #refuseFullFile(body: string, window: DayWindow): void {
    let rows = 0;
    for (const line of body.split('\n')) if (line.trim() !== '') rows++;
    if (rows < this.#maxRecordsPerAnswer) return;
    throw new ResponseFormatError(
      `MIXvoip downloadCsv: the file for ${window.startDay}…${window.endDay} holds ${rows} lines, at least ` +
        `maxRecordsPerAnswer (${this.#maxRecordsPerAnswer}), so records may be missing. Download a shorter ` +
        "range, raise maxRecordsPerAnswer if the server sends more, or use getCalls({ format: 'csv' }), which splits such windows.",
      { provider: PROVIDER, operation: 'downloadCsv', kind: 'schema', path: 'maxRecordsPerAnswer' },
    );
  }

  /** The end of the window `state` points at: a split's half, or as far as 3 months allow. */
  #windowEnd(state: CallsState): number {
    return state.until ?? windowAt(state.from, state.to, this.#http.timeZone).to;
  }

  /**
   * The state after `state`'s window when it comes in whole: a split's next part, or the next
   * window. After the last part of a split window, the next window is asked for straight away in
   * parts as wide as that one: records are usually spread alike, so its whole answer would reach
   * the cap too and be downloaded only to be counted (a part that still reaches it is cut again).
   */
  #stateAfter(state: CallsState): CallsState | null {
    const end = this.#windowEnd(state);
    const { profileId, format, to } = state;
    const [next, ...rest] = state.pending;
    if (next !== undefined) return { profileId, format, from: end, to, until: next, pending: rest };
    if (end >= to) return null;
    const following: CallsState = { profileId, format, from: end, to, pending: [] };
    if (state.until === undefined) return following;
    const { timeZone } = this.#http;
    const windowEnd = windowAt(end, to, timeZone).to;
    const parts = Math.ceil((windowEnd - end) / (state.until - state.from));
    const [first, ...points] = midnightsInside(end, windowEnd, parts, timeZone);
    return first === undefined ? following : { ...following, until: first, pending: [...points, windowEnd] };
  }

  #cursorAfter(state: CallsState): Cursor | null {
    const next = this.#stateAfter(state);
    return next === null ? null : toCursor(next);
  }

  #request(state: CallsState, window: DayWindow, signal: AbortSignal | undefined, operation = OPERATION) {
    const profile = encodeURIComponent(state.profileId);
    return {
      operation,
      method: 'GET' as const,
      path: `/cdrs/getcalls/${profile}/${window.startDay}/${window.endDay}${state.format === 'csv' ? '/csv' : ''}`,
      query: { username: this.#userName, password: this.#password },
      signal,
    };
  }

  /**
   * One window, cut into parts at midnights while its answer reaches `maxRecordsPerAnswer` (core's
   * `readSplitWindow`): the page holds the first part that came in whole, its `next` the rest.
   */
  async #fetchWindow(cursor: Cursor, signal: AbortSignal): Promise<SourcePage<MixvoipRecord>> {
    const state = fromCursor(cursor);
    const timeZone = this.#http.timeZone;
    const page = await readSplitWindow(
      { from: state.from, to: this.#windowEnd(state), pending: state.pending },
      {
        provider: PROVIDER,
        operation: OPERATION,
        maxRecordsPerAnswer: this.#maxRecordsPerAnswer,
        narrowest: NARROWEST,
        fetchWindow: (from, to) => this.#askWindow(state, from, to, signal),
        splitPoints: (from, to, parts) => midnightsInside(from, to, parts, timeZone),
      },
    );
    const { profileId, format, to } = state;
    // No next part: the page is the state's whole window, so what follows is what predictNext says.
    const next =
      page.next === null
        ? this.#stateAfter(state)
        : { profileId, format, from: page.next.from, to, until: page.next.to, pending: page.next.pending };
    return { items: page.items, next: next === null ? null : toCursor(next) };
  }

  /**
   * Asks for the days that cover `[from, to)` and keeps the records whose call_start lies
   * inside (the API answers whole days), with their ids. `received` counts the whole answer,
   * as a server cap would.
   */
  async #askWindow(
    state: CallsState,
    from: number,
    to: number,
    signal: AbortSignal,
  ): Promise<WindowAnswer<MixvoipRecord>> {
    const window = daysOf(from, to, this.#http.timeZone);
    const { records, received } = await this.#http.send(this.#request(state, window, signal), (response) =>
      this.#readAnswer(response, state.format),
    );
    return { items: this.#keepInWindow(records, window), received };
  }

  /**
   * Reads a 2xx answer into records: JSON (tolerating raw line breaks in strings) or CSV. One
   * that reaches `maxRecordsPerAnswer` is only counted: its window is asked for again in parts,
   * so checking it, placing its records and deriving their ids would be thrown away.
   */
  #readAnswer(response: HttpResponse, format: 'json' | 'csv'): ReadAnswer {
    throwIfErrorAnswer(response, OPERATION, this.#redact);
    return readRecords(response.body, {
      format,
      countOnlyFrom: this.#maxRecordsPerAnswer,
      context: {
        provider: PROVIDER,
        operation: OPERATION,
        body: response.body,
        status: response.status,
        secrets: [this.#password],
      },
      redact: this.#redact,
      drift: this.#http.drift,
    });
  }

  /** Drops what lies outside the window (the API answers whole days) and gives ids. */
  #keepInWindow(records: MixvoipWireRecord[], window: DayWindow): MixvoipRecord[] {
    const timeZone = this.#http.timeZone;
    const kept: MixvoipWireRecord[] = [];
    for (let index = 0; index < records.length; index++) {
      const record = records[index] as MixvoipWireRecord;
      const start = parseCallStart(record.data.call_start, timeZone);
      if (Number.isNaN(start)) {
        throw new ResponseFormatError(
          `MIXvoip ${OPERATION}: record ${index} has a call_start that is not a date, so it cannot be placed in the range.`,
          { provider: PROVIDER, operation: OPERATION, kind: 'schema', path: `[${index}].data.call_start` },
        );
      }
      if (start >= window.from && start < window.to) kept.push(record);
    }
    return attachIds(kept);
  }

  readonly #redact = (text: string): string => this.#http.redact(text);
}

function requireText(value: unknown, argument: string, what: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(`\`${argument}\` must be ${what}, a non-empty string.`, {
      argument,
      provider: PROVIDER,
    });
  }
}
