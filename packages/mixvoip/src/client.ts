/**
 * `MixvoipClient`: the MIXvoip Supernode API's "get CDRs by profile_id" function.
 *
 * `GET {baseUrl}/cdrs/getcalls/{profileId}/{start}[/{end}][/csv]?username=…&password=…`
 * answers every record from the start date through the end date, in one response, for at
 * most 3 months (../shared/api-docs/getcalls.txt). The client asks for whole days in its
 * time zone, in windows of 3 calendar months, and keeps the records whose call_start lies in
 * [from, to).
 * @module
 */
import { type CallRecord, type Paged, ResponseFormatError } from '@cdrkit/core';
import {
  HttpClient,
  type HttpResponse,
  type WindowedSource,
  type WindowPage,
  type WindowRequest,
  windowedPaged,
} from '@cdrkit/core/provider';
import { mapHttpError, throwIfErrorAnswer } from './errors.js';
import { toCallRecord } from './normalize.js';
import {
  type DownloadCsvOptions,
  type GetCallsOptions,
  type MixvoipClientOptions,
  PROVIDER,
  readClientOptions,
  readDownloadCsvOptions,
  readGetCallsOptions,
  refuseUnsupported,
} from './options.js';
import { type DayWindow, daysOf, midnightsInside, NARROWEST, windowEnd, windowsOf } from './paging.js';
import {
  getParamsSchema,
  type MixvoipParams,
  type MixvoipRecord,
  type MixvoipWireRecord,
} from './schemas.js';
import { callsRequest, keepInWindow, type ReadAnswer, readRecords } from './wire.js';

const OPERATION = 'getCalls';

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
  readonly #credentials: { userName: string; password: string };
  readonly #currency: string;
  readonly #maxRecordsPerAnswer: number;

  /**
   * @throws InvalidArgumentError for a missing `baseUrl`, an empty `userName` or `password`,
   *   a `maxRecordsPerAnswer` that is not a whole number from 1, or a bad shared option
   *   (`timeZone`, `timeoutMs`, `retry`, …)
   */
  constructor(options: MixvoipClientOptions) {
    const settings = readClientOptions(options);
    this.#credentials = { userName: settings.userName, password: settings.password };
    this.#currency = settings.currency;
    this.#maxRecordsPerAnswer = settings.maxRecordsPerAnswer;
    this.#http = new HttpClient({
      provider: PROVIDER,
      defaultBaseUrl: settings.baseUrl,
      options: settings.shared,
      secrets: [settings.password],
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
    return windowedPaged(options, () => this.#source(options));
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

  /**
   * getCalls' pages: whole windows of 3 months, cut at midnights by core while an answer
   * reaches `maxRecordsPerAnswer`; after a cut window, the next is asked for in parts as wide.
   */
  #source(options: GetCallsOptions): WindowedSource<MixvoipRecord, MixvoipParams> {
    refuseUnsupported(options);
    const { timeZone } = this.#http;
    return {
      provider: PROVIDER,
      operation: OPERATION,
      params: getParamsSchema(),
      start: () => readGetCallsOptions(options, timeZone),
      windowEnd: (from, end) => windowEnd(from, end, timeZone),
      fetchPage: (request, signal) => this.#fetchPage(request, signal),
      split: {
        maxRecordsPerAnswer: this.#maxRecordsPerAnswer,
        narrowest: NARROWEST,
        splitPoints: (from, to, parts) => midnightsInside(from, to, parts, timeZone),
        carryParts: true,
      },
      // No idOf: windows do not overlap, what lies outside one is dropped, and ids within an
      // answer are numbered apart; remembering every id of a window-sized answer would only cost time.
      toCallRecord: (record) => this.toCallRecord(record),
    };
  }

  /**
   * Asks for the days that cover the window and keeps the records whose call_start lies inside,
   * with their ids. `received` counts the whole answer, as a server cap would.
   */
  async #fetchPage(
    request: WindowRequest<MixvoipParams, never>,
    signal: AbortSignal,
  ): Promise<WindowPage<MixvoipRecord, never>> {
    const { params } = request;
    const window = daysOf(request.window.from, request.window.to, this.#http.timeZone);
    const { records, received } = await this.#http.send(
      callsRequest(params, window, this.#credentials, OPERATION, signal),
      (response) => this.#readAnswer(response, params.format),
    );
    return { items: keepInWindow(records, window, this.#http.timeZone, OPERATION), received, next: null };
  }

  /**
   * Reads a 2xx answer into records. One that reaches `maxRecordsPerAnswer` is only counted:
   * its window is asked for again in parts, so checking and placing its records would be wasted.
   */
  #readAnswer(response: HttpResponse, format: 'json' | 'csv'): ReadAnswer {
    throwIfErrorAnswer(response, OPERATION, this.#redact);
    return readRecords(response.body, {
      format,
      countOnlyFrom: this.#maxRecordsPerAnswer,
      context: this.#http.parseContext(OPERATION, response),
      redact: this.#redact,
      drift: this.#http.drift,
    });
  }

  /** downloadCsv: the same windows as getCalls, each file whole and untouched. */
  async *#downloadCsv(options: DownloadCsvOptions): AsyncGenerator<string, void, undefined> {
    const { params, range } = readDownloadCsvOptions(options, this.#http.timeZone);
    for (const window of windowsOf(range.from, range.to, this.#http.timeZone)) {
      const request = callsRequest(params, window, this.#credentials, 'downloadCsv', options.signal);
      const body = await this.#http.send({ ...request, options }, (response) => {
        throwIfErrorAnswer(response, 'downloadCsv', this.#redact);
        return response.body;
      });
      this.#refuseFullFile(body, window);
      yield body === '' || /[\r\n]$/.test(body) ? body : `${body}\n`;
    }
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

  readonly #redact = (text: string): string => this.#http.redact(text);
}
