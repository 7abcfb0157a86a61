/**
 * `TeleCmiClient`: TeleCMI's CDR endpoints, v1 (CHUB India, `https://piopiy.telecmi.com/v1/…`,
 * the documented one) or v2 (`https://rest.telecmi.com/v2/…`). Every endpoint is a JSON POST
 * carrying `appid` and the secret, paged by `page` and `limit`, filtered by
 * `start_date`/`end_date` in epoch milliseconds.
 * @module
 */
import type { Paged } from '@cdrkit/core';
import {
  type EpochRange,
  HttpClient,
  invalidArgument,
  type WindowedSource,
  type WindowPage,
  type WindowRequest,
  windowedPaged,
} from '@cdrkit/core/provider';
import type * as z from 'zod/mini';
import { mapHttpError } from './errors.js';
import { recordId, rememberEndpoint, type TeleCmiEndpoint, toCallRecord } from './normalize.js';
import {
  PAGE_SIZES,
  readClientOptions,
  readListOptions,
  readRange,
  type TeleCmiAnalysis,
  type TeleCmiAnalysisOptions,
  type TeleCmiApiVersion,
  type TeleCmiClientOptions,
  type TeleCmiListOptions,
} from './options.js';
import { nextPosition, positionOf, predictPosition, windowEnd } from './paging.js';
import {
  type AnsweredRecord,
  type ListParams,
  type ListPosition,
  type MissedRecord,
  type OutAnsweredRecord,
  type OutMissedRecord,
  paramsWithin,
  positionSchema,
  type TeleCmiRecord,
} from './schemas.js';
import {
  APIS,
  type Credentials,
  listRequest,
  readAnalysis,
  readPage,
  requestBody,
  rowsInWindow,
} from './wire.js';

/**
 * A client of TeleCMI's call detail records: outgoing answered and missed calls, incoming
 * answered and missed calls, and (v1) the answered/missed counts.
 *
 * @example
 * ```ts
 * const telecmi = new TeleCmiClient({ appId: 1111113, token: process.env.TELECMI_TOKEN!, currency: 'INR' });
 * for await (const cdr of telecmi.outAnswered({ from: '2024-03-01', to: '2024-03-02' })) {
 *   console.log(cdr.cmiuid ?? cdr._id, cdr.to, cdr.billedsec);
 * }
 * ```
 */
export class TeleCmiClient {
  readonly #http: HttpClient;
  readonly #credentials: Credentials;
  readonly #currency: string | null;
  readonly #version: TeleCmiApiVersion;
  readonly #params: z.ZodMiniType<ListParams>;

  /** @throws InvalidArgumentError for an appId that is not a number, an empty token, an unknown apiVersion, or a bad shared option */
  constructor(options: TeleCmiClientOptions) {
    const { appId, token, currency, version, shared } = readClientOptions(options);
    this.#credentials = { appId, token };
    this.#currency = currency;
    this.#version = version;
    this.#params = paramsWithin(PAGE_SIZES[version].max, version);
    this.#http = new HttpClient({
      provider: 'telecmi',
      defaultBaseUrl: APIS[version].baseUrl,
      options: shared,
      secrets: [token],
      mapHttpError,
    });
  }

  /**
   * Outgoing answered calls (`/v1/outanswered`, `/v2/out_answered`), newest first as TeleCMI sends them.
   *
   * @example
   * ```ts
   * const page = await telecmi.outAnswered({ from, to, page: 2, pageSize: 50 }); // one request
   * for await (const cdr of telecmi.outAnswered({ from, to })) {}               // every record
   * for await (const call of telecmi.outAnswered({ from, to }).records()) {}    // CallRecord
   * ```
   */
  outAnswered(options: TeleCmiListOptions = {}): Paged<OutAnsweredRecord> {
    return windowedPaged(options, () => this.#source<OutAnsweredRecord>('outAnswered', options));
  }

  /**
   * Outgoing calls nobody answered (`/v1/outmissed`, `/v2/out_missed`): `billedsec` 0.
   *
   * @example
   * ```ts
   * const unanswered = await telecmi.outMissed({ from, to }).toArray();
   * ```
   */
  outMissed(options: TeleCmiListOptions = {}): Paged<OutMissedRecord> {
    return windowedPaged(options, () => this.#source<OutMissedRecord>('outMissed', options));
  }

  /**
   * Incoming answered calls (`/v1/answered`, `/v2/answered`), with the `agent` who answered.
   *
   * @example
   * ```ts
   * for await (const cdr of telecmi.answered({ from, to, prefetch: 4 })) console.log(cdr.agent);
   * ```
   */
  answered(options: TeleCmiListOptions = {}): Paged<AnsweredRecord> {
    return windowedPaged(options, () => this.#source<AnsweredRecord>('answered', options));
  }

  /**
   * Incoming calls nobody answered (`/v1/missed`, `/v2/missed`).
   *
   * @example
   * ```ts
   * const first = await telecmi.missed(); // TeleCMI's default range: the last 24 hours
   * ```
   */
  missed(options: TeleCmiListOptions = {}): Paged<MissedRecord> {
    return windowedPaged(options, () => this.#source<MissedRecord>('missed', options));
  }

  /**
   * The number of calls in a range, answered and missed (`/v1/analysis`), in one request.
   * v1 only: TeleCMI's v2 API has no such endpoint.
   *
   * @example
   * ```ts
   * const { total, answered, missed } = await telecmi.analysis({ from: '2024-03-01', to: '2024-03-02' });
   * ```
   * @throws InvalidArgumentError on a v2 client, for an unparsable date or `from` not before `to`, before any request
   */
  async analysis(options: TeleCmiAnalysisOptions = {}): Promise<TeleCmiAnalysis> {
    const context = { provider: 'telecmi', operation: 'analysis' } as const;
    if (this.#version !== 'v1') {
      throw invalidArgument(
        context,
        'apiVersion',
        "analysis is a v1 endpoint (/v1/analysis) and TeleCMI's v2 API has none: call it on a client with apiVersion 'v1'",
      );
    }
    const range = readRange(options, context, this.#http.timeZone);
    const answer = await this.#http.send(
      {
        operation: 'analysis',
        method: 'POST',
        path: '/v1/analysis',
        json: requestBody(this.#version, this.#credentials, range),
        signal: options.signal,
        options,
      },
      (response) =>
        readAnalysis(response.body, this.#http.parseContext('analysis', response), (text) =>
          this.#http.redact(text),
        ),
    );
    return { total: answer.total, answered: answer.answered, missed: answer.missed };
  }

  /** The page source of one list call: one window (the range, or TeleCMI's default), paged within. */
  #source<T extends TeleCmiRecord>(
    endpoint: TeleCmiEndpoint,
    options: TeleCmiListOptions,
  ): WindowedSource<T, ListParams, ListPosition, EpochRange | null> {
    const context = { provider: 'telecmi', operation: endpoint } as const;
    return {
      ...context,
      params: this.#params,
      position: positionSchema,
      rangeless: true,
      start: () => readListOptions(options, context, this.#version, this.#http.timeZone),
      windowEnd,
      fetchPage: (request, signal) => this.#fetchPage<T>(endpoint, request, signal),
      predict: (request, total) => predictPosition(positionOf(request), total),
      idOf: (item) => recordId(item),
      toCallRecord: (item) => toCallRecord(item, { endpoint, currency: this.#currency }),
    };
  }

  async #fetchPage<T extends TeleCmiRecord>(
    endpoint: TeleCmiEndpoint,
    request: WindowRequest<ListParams, ListPosition, EpochRange | null>,
    signal: AbortSignal,
  ): Promise<WindowPage<T, ListPosition>> {
    const at = positionOf(request);
    const { window } = request;
    const { rows, count } = await this.#http.send(
      { ...listRequest(this.#version, this.#credentials, endpoint, window, at), signal },
      (response) =>
        readPage<T>(response.body, {
          context: this.#http.parseContext(endpoint, response),
          endpoint,
          version: this.#version,
          drift: this.#http.drift,
          redact: (text) => this.#http.redact(text),
        }),
    );
    const items = rowsInWindow(rows, window);
    for (const item of items) rememberEndpoint(item, endpoint);
    return { items, total: count, received: rows.length, next: nextPosition(at, rows.length, count) };
  }
}
