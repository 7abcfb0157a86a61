/**
 * `NimblevoxClient`: the SDR (service detail record) API, `GET /sdr` and `GET /sdr/{id}`.
 * @module
 */
import type { ListOptions, Paged } from '@cdrkit/core';
import { HttpClient, type WindowedSource, type WindowPage, windowedPaged } from '@cdrkit/core/provider';
import { mapHttpError } from './errors.js';
import { toCallRecord } from './normalize.js';
import {
  DEFAULT_BASE_URL,
  type GetSdrOptions,
  type ListSdrsOptions,
  type NimblevoxClientOptions,
  readClientOptions,
  readGetSdrOptions,
  readListSdrsOptions,
} from './options.js';
import { createSdrPaging, type SdrPaging, type SdrRequest, windowEnd } from './paging.js';
import { paramsSchema, positionSchema, type Sdr, type SdrParams, type SdrPosition } from './schemas.js';
import { inWindow, readSdr, readSdrPage, sdrPageRequest, sdrRequest } from './wire.js';
import type { SdrXmlReader } from './xml.js';

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
    const { apiKey, currency, clientOptions } = readClientOptions(options);
    this.#apiKey = apiKey;
    this.#currency = currency;
    this.#http = new HttpClient({
      provider: 'nimblevox',
      defaultBaseUrl: DEFAULT_BASE_URL,
      options: clientOptions,
      secrets: [apiKey],
      mapHttpError: (response, operation) =>
        mapHttpError(response, operation, (text) => this.#http.redact(text)),
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
    // `cursor?: Cursor | undefined` (a user may pass `cursor: undefined`) reads as ListOptions does.
    return windowedPaged(options as ListOptions, () => this.#source(options));
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
    const { id: sdrId, format } = readGetSdrOptions(id, options);
    const xml = format === 'xml' ? await this.#xmlReader() : undefined;
    return this.#http.send(
      { ...sdrRequest(sdrId, format, this.#apiKey), signal: options.signal, options },
      (response) => readSdr(response, this.#http.parseContext('getSdr', response), xml, this.#http.drift),
    );
  }

  /** The source of one `listSdrs` call; its paging state (the server's page size, totals) is the call's own. */
  #source(options: ListSdrsOptions): WindowedSource<Sdr, SdrParams, SdrPosition> {
    const timeZone = this.#http.timeZone;
    const currency = this.#currency;
    const paging = createSdrPaging(this.#http.baseUrl);
    return {
      provider: 'nimblevox',
      operation: 'listSdrs',
      params: paramsSchema,
      position: positionSchema,
      start: () => readListSdrsOptions(options, timeZone),
      windowEnd: (from, end) => windowEnd(from, end, timeZone),
      fetchPage: (request, signal) => this.#fetchPage(request, signal, paging),
      // Core's `total` is the last one seen, maybe another window's: the paging keeps each window's.
      predict: (request) => paging.predict(request),
      idOf: (sdr) => String(sdr.id),
      toCallRecord: (sdr) => toCallRecord(sdr, { timeZone, currency }),
    };
  }

  async #fetchPage(
    request: SdrRequest,
    signal: AbortSignal,
    paging: SdrPaging,
  ): Promise<WindowPage<Sdr, SdrPosition>> {
    const timeZone = this.#http.timeZone;
    const xml = request.params.format === 'xml' ? await this.#xmlReader() : undefined;
    const page = await this.#http.send(
      { ...sdrPageRequest(request, this.#apiKey, timeZone), signal },
      (response) =>
        readSdrPage(response, this.#http.parseContext('listSdrs', response), xml, this.#http.drift),
    );
    const items = inWindow(page.sdrs, request.window, timeZone);
    const next = paging.after(request, { next: page.next, total: page.total, received: page.sdrs.length });
    return { items, ...(page.total === null ? {} : { total: page.total }), next };
  }

  /** The XML reader, loaded once, on first use: a JSON-only bundle carries no XML parser. */
  #xmlReader(): Promise<SdrXmlReader> {
    this.#xml ??= import('./xml.js').then((module) => module.createSdrXmlReader(this.#http.secrets));
    return this.#xml;
  }
}
