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
import {
  ApiError,
  AuthenticationError,
  type CallRecord,
  type ClientOptions,
  type Cursor,
  createPaged,
  type DateInput,
  formatProviderDate,
  HttpClient,
  type HttpResponse,
  InvalidArgumentError,
  type ListOptions,
  nextWindow,
  type Page,
  type Paged,
  type ParseContext,
  parseJson,
  ResponseFormatError,
  readCursor,
  toDate,
  toDateRange,
  validate,
  wallTimeToEpoch,
} from '@cdrkit/core';
import { parseMixvoipCsv } from './csv.js';
import { attachIds, parseCallStart, toCallRecord } from './normalize.js';
import {
  getAnswerSchema,
  getCursorSchema,
  isPlainAnswer,
  type MixvoipRecord,
  type MixvoipWireRecord,
} from './schemas.js';

const PROVIDER = 'mixvoip';
const OPERATION = 'getCalls';

/**
 * The longest range one request may cover: the doc's "interval between START_DATE and
 * END_DATE cannot exceed 3 months".
 */
const MAX_WINDOW = { months: 3 } as const;

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

/** Options of {@link MixvoipClient.downloadCsv}. */
export interface DownloadCsvOptions extends MixvoipRangeOptions {
  /** Aborts the download, between and during requests. */
  signal?: AbortSignal;
}

/** The decoded state of a getCalls cursor. */
interface CallsState {
  profileId: string;
  format: 'json' | 'csv';
  /** Start of the window to fetch, epoch ms. */
  from: number;
  /** End of the range, exclusive, epoch ms. */
  to: number;
}

/** One request: a window of the range and the days that cover it. */
export interface DayWindow {
  from: number;
  to: number;
  /** First day asked for, `yyyy-MM-dd` in the client's zone. */
  startDay: string;
  /** Last day asked for, inclusive. */
  endDay: string;
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

  /**
   * @throws InvalidArgumentError for a missing `baseUrl`, an empty `userName` or `password`,
   *   or a bad shared option (`timeZone`, `timeoutMs`, `retry`, …)
   */
  constructor(options: MixvoipClientOptions) {
    const {
      userName,
      password,
      baseUrl,
      currency = 'EUR',
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
    this.#http = new HttpClient({
      provider: PROVIDER,
      defaultBaseUrl: baseUrl,
      options: { ...shared, baseUrl },
      secrets: [password],
      mapHttpError: (response, operation) => this.#mapHttpError(response, operation),
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
   * every field kept) with a derived `id`. Awaiting it fetches the first window (one
   * request); iterating it fetches every window. Ranges over 3 months are split into windows
   * of 3 calendar months in the client's zone; MIXvoip does not page inside a window, so each
   * page is one whole window. `pageSize` is not supported.
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
        const state = this.#readCallsOptions(options);
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
      { signal, prefetch, limit },
    );
  }

  /**
   * The CSV files MIXvoip serves for the range, untouched: one string per request (a window of
   * at most 3 months), in order, each ending with a line break so that they concatenate into
   * one file. The API works in days, so the text covers whole days in the client's zone, from
   * `from`'s day through the day before `to` (or `to`'s day when `to` is not a midnight),
   * without filtering. For typed records, use `getCalls({ format: 'csv' })`.
   * @throws InvalidArgumentError (on the first iteration, before any request) for bad input
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
    const state: CallsState | null = this.#readCallsOptions(
      to === undefined ? { profileId, from, format: 'csv' } : { profileId, from, to, format: 'csv' },
    );
    for (let at: CallsState | null = state; at !== null; at = this.#stateAfter(at)) {
      const window = windowAt(at.from, at.to, this.#http.timeZone);
      const body = await this.#http.send(
        this.#request(at, window, options.signal, 'downloadCsv'),
        (response) => {
          this.#throwIfErrorAnswer(response, 'downloadCsv');
          return response.body;
        },
      );
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

  /** Validates a call's options (or its cursor) into the first window's state. */
  #readCallsOptions(options: GetCallsOptions): CallsState {
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
      const cursor = readCursor(getCursorSchema(), options.cursor, {
        provider: PROVIDER,
        operation: OPERATION,
      });
      const state = { ...cursor, from: Date.parse(cursor.from), to: Date.parse(cursor.to) };
      if (!(state.from < state.to)) {
        throw new InvalidArgumentError('The cursor is damaged: its window starts after its range ends.', {
          argument: 'cursor',
          provider: PROVIDER,
          operation: OPERATION,
        });
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
    const timeZone = this.#http.timeZone;
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
    return { profileId, format, from: range.from.getTime(), to: range.to.getTime() };
  }

  #stateAfter(state: CallsState): CallsState | null {
    const { to } = windowAt(state.from, state.to, this.#http.timeZone);
    return to < state.to ? { ...state, from: to } : null;
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

  async #fetchWindow(cursor: Cursor, signal: AbortSignal): Promise<Page<MixvoipRecord>> {
    const state = fromCursor(cursor);
    const window = windowAt(state.from, state.to, this.#http.timeZone);
    const records = await this.#http.send(this.#request(state, window, signal), (response) =>
      this.#readAnswer(response, state.format),
    );
    return { items: this.#keepInWindow(records, window), next: this.#cursorAfter(state) };
  }

  /** Reads a 2xx answer into records: JSON (tolerating raw line breaks in strings) or CSV. */
  #readAnswer(response: HttpResponse, format: 'json' | 'csv'): MixvoipWireRecord[] {
    this.#throwIfErrorAnswer(response, OPERATION);
    const context = this.#context(response);
    if (format === 'csv')
      return parseMixvoipCsv(response.body, { operation: OPERATION, redact: this.#redact });
    const text = stripBom(response.body);
    if (text.trim() === '') return [];
    const data = listOf(parseLenientJson(text, context));
    validate(getAnswerSchema(), data, context, isPlainAnswer);
    // the schema has no transforms: keep the parsed objects themselves, key order and all
    return data as MixvoipWireRecord[];
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

  /**
   * MIXvoip does not document its error answers. A 200 whose body is a JSON object with an
   * `error` field (the shape the emulator uses for its error statuses) is an `ApiError`.
   * Record answers are arrays (or CSV), so only a body that starts with `{` is parsed here.
   */
  #throwIfErrorAnswer(response: HttpResponse, operation: string): void {
    const body = response.body.trimStart();
    if (!body.startsWith('{')) return;
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      return; // not an error object; the reader reports what is wrong with it
    }
    const message = errorMessageOf(data);
    if (message === undefined) return;
    const providerMessage = this.#redact(message).slice(0, 300);
    throw new ApiError(`MIXvoip ${operation} failed: ${providerMessage}`, {
      provider: PROVIDER,
      operation,
      status: response.status,
      providerMessage,
    });
  }

  #mapHttpError(response: HttpResponse, operation: string): ApiError | AuthenticationError | undefined {
    const { status } = response;
    if (status === 429) return undefined; // core's RateLimitError, with Retry-After
    let data: unknown;
    try {
      data = JSON.parse(response.body);
    } catch {
      data = undefined;
    }
    const found = errorMessageOf(data);
    const providerMessage = found === undefined ? undefined : this.#redact(found).slice(0, 300);
    const said = providerMessage === undefined ? '' : `: ${providerMessage}`;
    const options = { provider: PROVIDER, operation, status, providerMessage } as const;
    if (status === 401) {
      return new AuthenticationError(
        `MIXvoip ${operation}: HTTP 401${said}. Check \`userName\` and \`password\`.`,
        options,
      );
    }
    if (status === 403) {
      return new AuthenticationError(
        `MIXvoip ${operation}: HTTP 403${said}. The profile must be linked to the account of \`userName\`.`,
        options,
      );
    }
    return new ApiError(`MIXvoip ${operation}: HTTP ${status}${said}.`, options);
  }

  readonly #redact = (text: string): string => this.#http.redact(text);

  #context(response: HttpResponse): ParseContext {
    return {
      provider: PROVIDER,
      operation: OPERATION,
      body: response.body,
      status: response.status,
      secrets: [this.#password],
    };
  }
}

/**
 * The window of a range that starts at `from` (epoch ms) and the days to ask for: it runs to 3
 * calendar months after `from`'s midnight in `timeZone` (or to `rangeEnd`), so the days it asks
 * for, from `from`'s day through the day of its last instant, stay within the API's 3 months,
 * and the next window starts on a midnight. Successive windows tile the range with no gap and
 * no overlap: 8 months from a midnight are three windows. A window inside one day asks for
 * that day and the next, because the doc wants START_DATE "smaller than END_DATE".
 */
export function windowAt(from: number, rangeEnd: number, timeZone: string): DayWindow {
  const startDay = formatProviderDate(new Date(from), 'yyyy-MM-dd', timeZone);
  const midnight = Math.min(from, midnightOf(startDay, timeZone));
  const window = nextWindow(new Date(midnight), new Date(rangeEnd), MAX_WINDOW, { timeZone });
  const to = window === null ? rangeEnd : window.to.getTime();
  const lastDay = formatProviderDate(new Date(to - 1), 'yyyy-MM-dd', timeZone);
  return { from, to, startDay, endDay: lastDay > startDay ? lastDay : dayAfter(startDay) };
}

/** `yyyy-MM-dd` of the next calendar day (calendar arithmetic: no zone involved). */
function dayAfter(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

function toCursor(state: CallsState): Cursor {
  return {
    p: PROVIDER,
    op: OPERATION,
    profileId: state.profileId,
    format: state.format,
    from: new Date(state.from).toISOString(),
    to: new Date(state.to).toISOString(),
  };
}

/** Decodes a cursor this client made (the engine only hands back its own). */
function fromCursor(cursor: Cursor): CallsState {
  return {
    profileId: String(cursor.profileId),
    format: cursor.format === 'csv' ? 'csv' : 'json',
    from: Date.parse(String(cursor.from)),
    to: Date.parse(String(cursor.to)),
  };
}

function midnightOf(day: string, timeZone: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return wallTimeToEpoch(year, month, date, 0, 0, 0, timeZone);
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

function requireText(value: unknown, argument: string, what: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(`\`${argument}\` must be ${what}, a non-empty string.`, {
      argument,
      provider: PROVIDER,
    });
  }
}

/** A short description of a bad value that never echoes a long or secret-looking string. */
function describe(value: unknown): string {
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : 'a long string';
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * `JSON.parse`, and when it fails, again after replacing raw control characters inside string
 * literals with a space: MIXvoip's own sample has a raw line break inside `call_start`
 * (`"2021-06-29⏎08:13:50"`), which JSON does not allow. The repair only runs when the fast path
 * fails; anything still unreadable is a `ResponseFormatError` of kind `syntax`.
 */
export function parseLenientJson(text: string, context: ParseContext): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return parseJson(replaceControlCharactersInStrings(text), context);
  }
}

/** Replaces every raw control character (U+0000–U+001F) inside a JSON string literal with a space. */
export function replaceControlCharactersInStrings(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!inString) {
      if (code === 0x22) inString = true;
    } else if (code === 0x5c) {
      i++; // an escape: skip the escaped character
    } else if (code === 0x22) {
      inString = false;
    } else if (code < 0x20) {
      out += `${text.slice(copiedUpTo, i)} `;
      copiedUpTo = i + 1;
    }
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/**
 * The records of a parsed answer: an array, or the object PHP's `json_encode` makes of an array
 * whose indexes have gaps (`{"0":…,"2":…}`); `null` is no records.
 */
function listOf(data: unknown): unknown {
  if (data === null) return [];
  if (typeof data !== 'object' || Array.isArray(data)) return data;
  const keys = Object.keys(data);
  if (!keys.every((key) => /^\d+$/.test(key))) return data;
  return keys.sort((a, b) => Number(a) - Number(b)).map((key) => (data as Record<string, unknown>)[key]);
}

/** The message of an error answer (`{"error": "…"}`), or undefined when `data` is not one. */
function errorMessageOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const { error, message } = data as { error?: unknown; message?: unknown };
  if (error === undefined || error === null || error === false) return undefined;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return typeof message === 'string' ? message : String(error);
}
