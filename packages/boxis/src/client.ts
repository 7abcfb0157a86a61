/**
 * `BoxisClient`: Boxis' voice getCDR over its signed POST form, with timestamp
 * synchronization and date windows in place of the paging the API does not have.
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
import type { XmlNode } from '@cdrkit/core/xml';
import { rejectedTwiceError, unsynchronizedError } from './errors.js';
import { BOXIS_TIME_ZONE, toCallRecord } from './normalize.js';
import {
  type BoxisClientOptions,
  DEFAULT_BASE_URL,
  type GetCdrOptions,
  readClientOptions,
  readGetCdrOptions,
} from './options.js';
import { askedRange, callsInside, splitPoints, windowEnd } from './paging.js';
import { type BoxisCdr, type GetCdrParams, OPERATION, PROVIDER, paramsSchema } from './schemas.js';
import {
  type Answer,
  type Call,
  formDates,
  type GetCdrQuery,
  getCdrRequest,
  readAnswer,
  sign,
  xmlParserLoader,
} from './wire.js';

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
  readonly #loadXmlParser = xmlParserLoader();
  #clockOffsetSec = 0;

  /**
   * @throws InvalidArgumentError for a missing userName or userKey, a `maxRecordsPerAnswer` that
   * is not a whole number from 1, or a bad shared option
   */
  constructor(options: BoxisClientOptions) {
    const settings = readClientOptions(options);
    this.#userName = settings.userName;
    this.#userKey = settings.userKey;
    this.#tenant = settings.tenant;
    this.#version = settings.version;
    this.#maxRecordsPerAnswer = settings.maxRecordsPerAnswer;
    this.#http = new HttpClient({
      provider: PROVIDER,
      defaultBaseUrl: DEFAULT_BASE_URL,
      defaultTimeZone: BOXIS_TIME_ZONE,
      options: settings.clientOptions,
      secrets: [settings.userKey],
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
    return windowedPaged(options, () => this.#source(options));
  }

  #source(options: GetCdrOptions): WindowedSource<BoxisCdr, GetCdrParams> {
    const timeZone = this.#http.timeZone;
    return {
      provider: PROVIDER,
      operation: OPERATION,
      params: paramsSchema,
      start: () => readGetCdrOptions(options, { tenant: this.#tenant, timeZone }),
      windowEnd: (from, end, params) => windowEnd(from, end, params.span, timeZone),
      fetchPage: (request, signal) => this.#fetchPage(request, signal),
      split: { maxRecordsPerAnswer: this.#maxRecordsPerAnswer, narrowest: 'one second', splitPoints },
      idOf: (item) => String(item.uniqueid),
      toCallRecord: (item) => toCallRecord(item, { timeZone }),
    };
  }

  /**
   * One whole window: asked for at the API's granularity, the calls that started inside kept.
   * `received` counts the whole answer, as a server cap would.
   */
  async #fetchPage(
    { params, window }: WindowRequest<GetCdrParams, never>,
    signal: AbortSignal,
  ): Promise<WindowPage<BoxisCdr, never>> {
    const timeZone = this.#http.timeZone;
    const asked = askedRange(window.from, window.to, timeZone);
    const query: GetCdrQuery = {
      version: this.#version,
      userName: this.#userName,
      format: params.format,
      tenant: params.tenant,
      ...formDates(asked.from, asked.to, timeZone),
    };
    const calls = await this.#getCdr(query, signal);
    return { items: callsInside(calls, window.from, window.to), received: calls.length, next: null };
  }

  /**
   * Sends one getCDR request. A rejected timestamp is retried once with the server's own
   * timestamp (the doc's "timestamp synchronization"), and the measured offset is kept for
   * every later request of this client.
   */
  async #getCdr(query: GetCdrQuery, signal: AbortSignal): Promise<Call[]> {
    const parseXml = query.format === 'xml' ? await this.#loadXmlParser() : undefined;
    const first = await this.#send(query, parseXml, signal, undefined);
    if (first.ok) return first.calls;
    if (first.serverTimestamp === undefined || first.offsetSec === undefined) {
      throw unsynchronizedError(first.providerMessage);
    }
    const offsetSec = first.offsetSec;
    this.#clockOffsetSec = offsetSec;
    const second = await this.#send(query, parseXml, signal, first.serverTimestamp);
    if (second.ok) return second.calls;
    throw rejectedTwiceError(offsetSec, second.providerMessage);
  }

  /** One signed request, signed afresh for every attempt the HTTP layer makes. */
  #send(
    query: GetCdrQuery,
    parseXml: ((text: string) => XmlNode) | undefined,
    signal: AbortSignal,
    serverTimestamp: number | undefined,
  ): Promise<Answer> {
    let authcode = '';
    return this.#http.send(
      (attempt) => {
        // The first attempt after a rejection uses the server's timestamp as the doc's sample does;
        // later attempts (retries after a 5xx) use the clock corrected by the measured offset.
        const timestamp =
          attempt === 1 && serverTimestamp !== undefined
            ? serverTimestamp
            : Math.floor(Date.now() / 1000) + this.#clockOffsetSec;
        authcode = sign(timestamp, this.#userKey);
        return getCdrRequest(query, { timestamp, authcode }, signal);
      },
      (response) =>
        readAnswer(response, {
          parseXml,
          secrets: [this.#userKey, authcode],
          timeZone: this.#http.timeZone,
          drift: this.#http.drift,
        }),
    );
  }
}
