/**
 * `NimblevoxClient`: the SDR (service detail record) API, `GET /sdr` and `GET /sdr/{id}`.
 * @module
 */
import { ApiError, AuthenticationError, type Cursor, type DateInput, formatProviderDate, InvalidArgumentError, nextWindow, type Paged, parseProviderDate, ResponseFormatError, toDateRange } from '@cdrkit/core';
import { coverRepeatedWallTimes, createPaged, HttpClient, type HttpResponse, type PageSource, type ParseContext, parseJson, readCursor, type SourcePage } from '@cdrkit/core/provider';
import { toCallRecord } from './normalize.js';
import {
  checkFormat,
  checkPageSize,
  checkParty,
  checkSdrId,
  type GetSdrOptions,
  invalid,
  type ListSdrsOptions,
  type NimblevoxClientOptions,
  type SdrFormat,
} from './options.js';
import { type SdrCursor, SdrPaging, sdrCursorSchema } from './paging.js';
import type { Sdr, SdrPage } from './schemas.js';
import { parseSdr, parseSdrPage, reportPageDrift, reportSdrDrift, unwrapSdr } from './wire.js';
import type { SdrXmlReader } from './xml.js';

const PROVIDER = 'nimblevox';
const DEFAULT_BASE_URL = 'https://api.nimblevox.com';
/** The doc: "The date range is limited to a span of 90 days", counted in wall time. */
const WINDOW_SPAN = { days: 90 } as const;
/** The doc's `yyyy-mm-ddThh:mi:ss`. */
const DATE_PATTERN = "yyyy-MM-dd'T'HH:mm:ss";
const SECOND = 1000;

const ACCEPT: Record<SdrFormat, string> = { json: 'application/json', xml: 'application/xml' };

/** The last whole second that starts before `ms`: the inclusive `endDate` of a window ending at `ms`. */
const lastSecondBefore = (ms: number): Date => new Date(Math.ceil(ms / SECOND) * SECOND - SECOND);

/** Reads a JSON answer, or says plainly that it is not one. */
function readJsonBody(body: string, context: ParseContext): unknown {
  if (body.trimStart().startsWith('<')) {
    throw new ResponseFormatError(
      "Nimblevox answered XML (or HTML) to a request for JSON: pass `format: 'xml'` if your account only answers XML.",
      { kind: 'schema', provider: context.provider, operation: context.operation, status: context.status },
    );
  }
  return parseJson(body, context);
}

/**
 * A client of the Nimblevox SDR API. One instance per API key; it is safe to share.
 *
 * @example
 * ```ts
 * const client = new NimblevoxClient({ apiKey: process.env.NIMBLEVOX_API_KEY!, currency: 'USD' });
 * for await (const sdr of client.listSdrs({ from: '2024-01-01', to: '2024-07-01' })) {
 *   console.log(sdr.id, sdr.billStart, sdr.moneyCharge);
 * }
 * ```
 */
export class NimblevoxClient {
  readonly #http: HttpClient;
  readonly #apiKey: string;
  readonly #currency: string | null;
  #xml: Promise<SdrXmlReader> | undefined;

  /** @throws InvalidArgumentError for a missing `apiKey` or a bad shared option */
  constructor(options: NimblevoxClientOptions) {
    const { apiKey, currency, ...clientOptions } = options ?? ({} as Partial<NimblevoxClientOptions>);
    if (typeof apiKey !== 'string' || apiKey.trim() === '') {
      throw new InvalidArgumentError('`apiKey` is required: the key of your Nimblevox account.', {
        argument: 'apiKey',
        provider: PROVIDER,
      });
    }
    if (currency !== undefined && (typeof currency !== 'string' || currency.trim() === '')) {
      throw new InvalidArgumentError("`currency` must be a currency code such as 'USD', or left out.", {
        argument: 'currency',
        provider: PROVIDER,
      });
    }
    this.#apiKey = apiKey;
    this.#currency = currency ?? null;
    this.#http = new HttpClient({
      provider: PROVIDER,
      defaultBaseUrl: DEFAULT_BASE_URL,
      options: clientOptions,
      secrets: [apiKey],
      mapHttpError: (response, operation) => {
        if (response.status === 401) {
          return new AuthenticationError(
            'Nimblevox rejected the apiKey (HTTP 401): check the key of your account.',
            { status: 401, provider: PROVIDER, operation, providerMessage: this.#providerMessage(response) },
          );
        }
        if (response.status === 406) {
          return new ApiError(
            "Nimblevox cannot answer in the requested format (HTTP 406 Not Acceptable): the formats that exist are json and xml (`format: 'json'` or `format: 'xml'`).",
            { status: 406, provider: PROVIDER, operation, providerMessage: this.#providerMessage(response) },
          );
        }
        return undefined;
      },
    });
  }

  /**
   * Lists SDRs whose `billStart` lies in [from, to). Await it for one page (one request), or
   * iterate it for every record: ranges over 90 days are split into windows, pages follow
   * `next`, and each record comes once. `records()` gives normalized `CallRecord`s.
   *
   * @example
   * ```ts
   * const page = await client.listSdrs({ from: '2024-03-01', to: '2024-03-02', pageSize: 100 });
   * for await (const sdr of client.listSdrs({ from, to, callingParty: '123456789' })) {}
   * const resumed = client.listSdrs({ cursor: page.next! });
   * ```
   */
  listSdrs(options: ListSdrsOptions): Paged<Sdr> {
    return createPaged(() => this.#sdrSource(options), {
      signal: options?.signal,
      prefetch: options?.prefetch,
      limit: options?.limit,
      request: options,
    });
  }

  /**
   * Gets one SDR by its id (`GET /sdr/{id}`, the record's `href`).
   *
   * @throws InvalidArgumentError for an id that is not numeric, before any request
   * @example
   * ```ts
   * const sdr = await client.getSdr(3);
   * const same = await client.getSdr('3', { format: 'xml' });
   * ```
   */
  async getSdr(id: string | number, options: GetSdrOptions = {}): Promise<Sdr> {
    const sdrId = checkSdrId(id);
    const format = checkFormat(options.format, 'getSdr');
    const xml = format === 'xml' ? await this.#xmlReader() : undefined;
    return this.#http.send(
      {
        operation: 'getSdr',
        method: 'GET',
        path: `/sdr/${sdrId}`,
        query: { apiKey: this.#apiKey },
        headers: { Accept: ACCEPT[format] },
        signal: options.signal,
        options,
      },
      (response) => {
        const context = this.#context('getSdr', response);
        const isJson = xml === undefined || response.body.trimStart().startsWith('{');
        const data = isJson ? readJsonBody(response.body, context) : xml.sdr(response.body);
        const sdr = parseSdr(data, context);
        if (this.#http.drift.active)
          reportSdrDrift(this.#http.drift, unwrapSdr(data), isJson ? 'json' : 'xml');
        return sdr;
      },
    );
  }

  /** The `message` (or `error`) of an error answer, JSON or XML, short and redacted; else undefined. */
  #providerMessage(response: HttpResponse): string | undefined {
    let message: unknown;
    try {
      const body = JSON.parse(response.body) as { message?: unknown; error?: unknown } | null;
      message = body?.message ?? body?.error;
    } catch {
      message = /<message>([^<]*)<\/message>/.exec(response.body)?.[1];
    }
    return typeof message === 'string' && message.trim() !== ''
      ? this.#http.redact(message.trim().slice(0, 200))
      : undefined;
  }

  /** The XML reader, loaded once, on first use. */
  #xmlReader(): Promise<SdrXmlReader> {
    this.#xml ??= import('./xml.js').then((module) => module.createSdrXmlReader(this.#http.secrets));
    return this.#xml;
  }

  #context(operation: string, response: HttpResponse): ParseContext {
    return {
      provider: PROVIDER,
      operation,
      body: response.body,
      status: response.status,
      secrets: this.#http.secrets,
    };
  }

  /** Validates a call's options (throwing before any request) and builds its page source. */
  #sdrSource(options: ListSdrsOptions): PageSource<Sdr> {
    const first =
      options?.cursor !== undefined ? this.#readCursor(options.cursor) : this.#firstCursor(options);
    const timeZone = this.#http.timeZone;
    const currency = this.#currency;
    const paging = new SdrPaging((cursor) => this.#nextWindowCursor(cursor), this.#http.baseUrl);
    return {
      provider: PROVIDER,
      operation: 'listSdrs',
      first,
      fetchPage: (cursor, signal) => this.#fetchPage(cursor as SdrCursor, signal, paging),
      predictNext: (cursor) => paging.predictAfter(cursor as SdrCursor),
      idOf: (sdr) => String(sdr.id),
      toCallRecord: (sdr) => toCallRecord(sdr, { timeZone, currency }),
    };
  }

  #firstCursor(options: ListSdrsOptions): SdrCursor {
    for (const end of ['from', 'to'] as const) {
      if (options?.[end] === undefined) {
        throw invalid(
          `\`${end}\` is required (a Date, an ISO-8601 string or epoch ms), unless you pass a \`cursor\`.`,
          end,
          'listSdrs',
        );
      }
    }
    const { from, to } = toDateRange(
      { from: options.from as DateInput, to: options.to as DateInput },
      this.#http.timeZone,
    );
    const max = checkPageSize(options.pageSize);
    const format = checkFormat(options.format, 'listSdrs');
    const callingParty = checkParty(options.callingParty, 'callingParty');
    const calledParty = checkParty(options.calledParty, 'calledParty');
    const window = nextWindow(from, to, WINDOW_SPAN, { timeZone: this.#http.timeZone });
    if (window === null) throw invalid('`from` must be before `to`.', 'from', 'listSdrs');
    return {
      p: PROVIDER,
      op: 'listSdrs',
      windowFrom: window.from.getTime(),
      windowTo: window.to.getTime(),
      rangeTo: to.getTime(),
      offset: 0,
      max,
      ...(callingParty === undefined ? {} : { callingParty }),
      ...(calledParty === undefined ? {} : { calledParty }),
      format,
    };
  }

  #readCursor(cursor: Cursor): SdrCursor {
    const read = readCursor(sdrCursorSchema, cursor, { provider: PROVIDER, operation: 'listSdrs' });
    if (!(read.windowFrom < read.windowTo && read.windowTo <= read.rangeTo)) {
      throw invalid(
        "The cursor's date window is not inside its range: pass the `next` of a page that listSdrs() returned.",
        'cursor',
        'listSdrs',
      );
    }
    const { callingParty, calledParty, ...position } = read;
    return {
      ...position,
      ...(callingParty === undefined ? {} : { callingParty }),
      ...(calledParty === undefined ? {} : { calledParty }),
    };
  }

  /** The first page of the window after `cursor`'s, or null when the range ends with it. */
  #nextWindowCursor(cursor: SdrCursor): SdrCursor | null {
    const window = nextWindow(new Date(cursor.windowTo), new Date(cursor.rangeTo), WINDOW_SPAN, {
      timeZone: this.#http.timeZone,
    });
    if (window === null) return null;
    return { ...cursor, windowFrom: window.from.getTime(), windowTo: window.to.getTime(), offset: 0 };
  }

  async #fetchPage(cursor: SdrCursor, signal: AbortSignal, paging: SdrPaging): Promise<SourcePage<Sdr>> {
    const timeZone = this.#http.timeZone;
    const xml = cursor.format === 'xml' ? await this.#xmlReader() : undefined;
    const page = await this.#http.send(
      {
        operation: 'listSdrs',
        method: 'GET',
        path: '/sdr',
        query: {
          apiKey: this.#apiKey,
          // The doc's endDate is inclusive to the second: ask for [start, last second before
          // the window's end] and drop what lies outside the window below.
          startDate: formatProviderDate(new Date(cursor.windowFrom), DATE_PATTERN, timeZone),
          // …or past a fall-back hour the window ends in, whose second pass reads as its first.
          endDate: formatProviderDate(
            new Date(
              coverRepeatedWallTimes(
                cursor.windowFrom,
                cursor.windowTo,
                lastSecondBefore(cursor.windowTo).getTime(),
                timeZone,
              ),
            ),
            DATE_PATTERN,
            timeZone,
          ),
          callingParty: cursor.callingParty,
          calledParty: cursor.calledParty,
          max: cursor.max,
          offset: cursor.offset === 0 ? undefined : cursor.offset,
        },
        headers: { Accept: ACCEPT[cursor.format] },
        signal,
      },
      (response): SdrPage => {
        const context = this.#context('listSdrs', response);
        const isJson = xml === undefined || response.body.trimStart().startsWith('{');
        const data = isJson ? readJsonBody(response.body, context) : xml.page(response.body);
        const read = parseSdrPage(data, context);
        if (this.#http.drift.active) reportPageDrift(this.#http.drift, data, isJson ? 'json' : 'xml');
        return read;
      },
    );

    const items = page.sdrs.filter((sdr, index) => {
      const start = parseProviderDate(sdr.billStart, timeZone);
      if (Number.isNaN(start)) {
        throw new ResponseFormatError('Nimblevox sent an SDR whose billStart is not a date.', {
          kind: 'schema',
          path: `sdrs[${index}].billStart`,
          provider: PROVIDER,
          operation: 'listSdrs',
        });
      }
      return start >= cursor.windowFrom && start < cursor.windowTo;
    });
    const next = paging.continueAfter(cursor, {
      next: page.next,
      total: page.total,
      received: page.sdrs.length,
    });
    return { items, ...(page.total === null ? {} : { total: page.total }), next };
  }
}
