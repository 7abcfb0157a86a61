/**
 * The iPing client: GetOutboundItems, the call detail reports of the notifications iPing placed.
 * @module
 */
import type { Paged } from '@cdrkit/core';
import {
  HttpClient,
  type WindowedSource,
  type WindowPage,
  type WindowRequest,
  windowedPaged,
} from '@cdrkit/core/provider';
import { escapeXml, type XmlNode } from '@cdrkit/core/xml';
import { DEFAULT_TIME_ZONE, providerIdOf, recordIdOf, toCallRecord } from './normalize.js';
import {
  DEFAULT_BASE_URL,
  type GetOutboundItemsOptions,
  type IpingClientOptions,
  OPERATION,
  readClientOptions,
  readGetOutboundItemsOptions,
} from './options.js';
import { OutboundPaging, windowEnd } from './paging.js';
import { type IpingItem, type OutboundItemsParams, paramsSchema, positionSchema } from './schemas.js';
import { itemsInWindow, outboundItemsRequest, parseOutboundItems, reportDrift } from './wire.js';
import { createIpingXmlParser } from './xml.js';

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
  readonly #credentials: { userName: string; password: string };
  #parseXml: ((text: string) => XmlNode) | undefined;

  /** @throws InvalidArgumentError for a missing user name or password, or a bad shared option */
  constructor(options: IpingClientOptions) {
    const { userName, password, clientOptions } = readClientOptions(options);
    this.#credentials = { userName, password };
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
    return windowedPaged(options, () => this.#source(options));
  }

  #source(options: GetOutboundItemsOptions): WindowedSource<IpingItem, OutboundItemsParams, number> {
    const timeZone = this.timeZone;
    // What this iteration learns of the server (its page size, each window's total).
    const paging = new OutboundPaging();
    return {
      provider: 'iping',
      operation: OPERATION,
      params: paramsSchema,
      position: positionSchema,
      start: () => readGetOutboundItemsOptions(options, timeZone),
      windowEnd: (from, end, params) => windowEnd(from, end, params.span, timeZone),
      fetchPage: (request, signal) => this.#fetchPage(request, signal, paging),
      predict: ({ params, window, at }) => paging.predictAfter(window.from, at ?? 0, params.itemCount),
      idOf: providerIdOf,
      toCallRecord: (item) => toCallRecord(item, { timeZone }),
    };
  }

  async #fetchPage(
    request: WindowRequest<OutboundItemsParams, number>,
    signal: AbortSignal,
    paging: OutboundPaging,
  ): Promise<WindowPage<IpingItem, number>> {
    const { params, window } = request;
    const timeZone = this.timeZone;
    const itemStart = request.at ?? 0;
    this.#parseXml ??= createIpingXmlParser(OPERATION);
    const parseXml = this.#parseXml;
    const answer = await this.#http.send(
      outboundItemsRequest(this.#credentials, { params, window, itemStart }, timeZone, signal),
      (response) =>
        parseOutboundItems(response.body, {
          operation: OPERATION,
          status: response.status,
          redact: (text) => this.#http.redact(text),
          parseXml,
        }),
    );
    if (this.#http.drift.active) reportDrift(this.#http.drift, answer);
    const items = itemsInWindow(answer, window, timeZone);
    const next = paging.continueAfter(window.from, itemStart, answer.items, answer.total, recordIdOf);
    return { items, total: answer.total, received: answer.items.length, next };
  }
}
