/**
 * `TeleCmiClient`: TeleCMI's CDR endpoints, v1 (CHUB India, `https://piopiy.telecmi.com/v1/…`,
 * the documented one) or v2 (`https://rest.telecmi.com/v2/…`). Every endpoint is a JSON POST
 * carrying `appid` and the secret, paged by `page` and `limit`, filtered by
 * `start_date`/`end_date` in epoch milliseconds.
 * @module
 */
import { type DateInput, InvalidArgumentError, type Paged, toDate } from '@cdrkit/core';
import { createPaged, HttpClient, type ParseContext, parseJson, readCursor, type SourcePage, validate } from '@cdrkit/core/provider';
import { mapHttpError, throwInBodyError } from './errors.js';
import { rememberEndpoint, type TeleCmiEndpoint, toCallRecord } from './normalize.js';
import type {
  TeleCmiAnalysis,
  TeleCmiAnalysisOptions,
  TeleCmiClientOptions,
  TeleCmiListOptions,
} from './options.js';
import { cursorSchema, type ListCursor, nextCursor, predictNext } from './paging.js';
import { readPage } from './read-page.js';
import {
  type AnsweredRecord,
  analysisSchema,
  type MissedRecord,
  type OutAnsweredRecord,
  type OutMissedRecord,
  recordId,
  type TeleCmiRecord,
} from './schemas.js';
import { type TeleCmiApiVersion, VERSIONS, type VersionSpec } from './versions.js';

/** Records per request on v1 when `pageSize` is not given (v2: 20, its maximum). */
export const DEFAULT_PAGE_SIZE = VERSIONS.v1.defaultPageSize;

/** TeleCMI's default range when no dates are sent: the last 24 hours. */
const DAY_MS = 24 * 60 * 60 * 1000;

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
  readonly #appId: number;
  readonly #token: string;
  readonly #currency: string | null;
  readonly #version: TeleCmiApiVersion;
  readonly #spec: VersionSpec;

  /** @throws InvalidArgumentError for an appId that is not a number, an empty token, an unknown apiVersion, or a bad shared option */
  constructor(options: TeleCmiClientOptions) {
    const { appId, token, currency, apiVersion = 'v1', ...clientOptions } = options;
    this.#appId = readAppId(appId);
    if (typeof token !== 'string' || token.trim() === '') {
      throw new InvalidArgumentError('token must be your TeleCMI app secret, a non-empty string', {
        provider: 'telecmi',
        argument: 'token',
      });
    }
    if (currency !== undefined && currency !== null && typeof currency !== 'string') {
      throw new InvalidArgumentError('currency must be an ISO 4217 code such as "INR", or null', {
        provider: 'telecmi',
        argument: 'currency',
      });
    }
    if (apiVersion !== 'v1' && apiVersion !== 'v2') {
      throw new InvalidArgumentError(
        `apiVersion must be 'v1' (piopiy.telecmi.com/v1, the default) or 'v2' (rest.telecmi.com/v2); got ${JSON.stringify(String(apiVersion))}`,
        { provider: 'telecmi', argument: 'apiVersion' },
      );
    }
    this.#token = token;
    this.#currency = currency ?? null;
    this.#version = apiVersion;
    this.#spec = VERSIONS[apiVersion];
    this.#http = new HttpClient({
      provider: 'telecmi',
      defaultBaseUrl: this.#spec.baseUrl,
      options: clientOptions,
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
    return this.#list<OutAnsweredRecord>('outAnswered', options);
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
    return this.#list<OutMissedRecord>('outMissed', options);
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
    return this.#list<AnsweredRecord>('answered', options);
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
    return this.#list<MissedRecord>('missed', options);
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
    if (this.#version !== 'v1') {
      throw new InvalidArgumentError(
        "analysis is a v1 endpoint (/v1/analysis) and TeleCMI's v2 API has none: call it on a client with apiVersion 'v1'",
        { provider: 'telecmi', operation: 'analysis', argument: 'apiVersion' },
      );
    }
    const range = this.#readRange(options.from, options.to);
    const answer = await this.#http.send(
      {
        operation: 'analysis',
        method: 'POST',
        path: '/v1/analysis',
        json: this.#body(range),
        signal: options.signal,
        options,
      },
      (response) => {
        const context = this.#context('analysis', response.body, response.status);
        const data = parseJson(response.body, context);
        throwInBodyError(data, context, (text) => this.#http.redact(text));
        return validate(analysisSchema, data, context);
      },
    );
    return { total: answer.total, answered: answer.answered, missed: answer.missed };
  }

  #list<T extends TeleCmiRecord>(endpoint: TeleCmiEndpoint, options: TeleCmiListOptions): Paged<T> {
    return createPaged<T>(
      () => {
        const first = this.#firstCursor(endpoint, options);
        return {
          provider: 'telecmi',
          operation: endpoint,
          first,
          fetchPage: (cursor, signal) => this.#fetchPage<T>(cursor as ListCursor, signal),
          predictNext: (cursor, total) => predictNext(cursor as ListCursor, total),
          idOf: (item) => recordId(item),
          toCallRecord: (item) => toCallRecord(item, { endpoint, currency: this.#currency }),
        };
      },
      { signal: options.signal, prefetch: options.prefetch, limit: options.limit, request: options },
    );
  }

  /** Validates a list call's options into its first cursor (or reads the cursor it was given). */
  #firstCursor(endpoint: TeleCmiEndpoint, options: TeleCmiListOptions): ListCursor {
    if (options.cursor !== undefined) {
      const read = readCursor(cursorSchema, options.cursor, { provider: 'telecmi', operation: endpoint });
      const fail = (message: string) =>
        new InvalidArgumentError(message, { provider: 'telecmi', operation: endpoint, argument: 'cursor' });
      if ((read.from === undefined) !== (read.to === undefined)) {
        throw fail('cursor holds half a range: pass a cursor taken from page.next');
      }
      const { maxPageSize } = this.#spec;
      if (maxPageSize !== undefined && read.limit > maxPageSize) {
        throw fail(
          `cursor asks ${read.limit} records a page, more than TeleCMI ${this.#version} allows (${maxPageSize}): it comes from a v1 client`,
        );
      }
      return { ...read, received: read.received ?? (read.page - 1) * read.limit } as ListCursor;
    }
    const page = readPositiveInteger(options.page, 'page', 1, endpoint);
    const limit = this.#readPageSize(options.pageSize, endpoint);
    const range = this.#readRange(options.from, options.to, endpoint);
    const position = { p: 'telecmi', op: endpoint, page, limit, received: (page - 1) * limit } as const;
    return range === null ? position : { ...position, from: range.from, to: range.to };
  }

  /** `pageSize` within the version's bounds, or the version's default. */
  #readPageSize(pageSize: unknown, operation: string): number {
    const { defaultPageSize, maxPageSize } = this.#spec;
    const value = readPositiveInteger(pageSize, 'pageSize', defaultPageSize, operation);
    if (maxPageSize !== undefined && value > maxPageSize) {
      throw new InvalidArgumentError(
        `pageSize must be at most ${maxPageSize} on TeleCMI ${this.#version} (its documented maximum); got ${value}`,
        { provider: 'telecmi', operation, argument: 'pageSize' },
      );
    }
    return value;
  }

  /**
   * Reads `from`/`to` into epoch ms, or null for TeleCMI's default range (neither given).
   * A missing end is filled in as TeleCMI would: `to` now, `from` a day before `to`.
   */
  #readRange(
    from: DateInput | undefined,
    to: DateInput | undefined,
    operation = 'analysis',
  ): { from: number; to: number } | null {
    if (from === undefined && to === undefined) return null;
    const timeZone = this.#http.timeZone;
    const start = from === undefined ? undefined : toDate(from, 'from', timeZone).getTime();
    const end = to === undefined ? Date.now() : toDate(to, 'to', timeZone).getTime();
    const range = { from: start ?? end - DAY_MS, to: end };
    if (range.from >= range.to) {
      const message =
        to === undefined
          ? `from (${new Date(range.from).toISOString()}) must be before now: without \`to\`, the range ends at the moment of the call`
          : `from (${new Date(range.from).toISOString()}) must be before to (${new Date(range.to).toISOString()}): the range is [from, to)`;
      throw new InvalidArgumentError(message, { provider: 'telecmi', operation, argument: 'from' });
    }
    return range;
  }

  async #fetchPage<T extends TeleCmiRecord>(cursor: ListCursor, signal: AbortSignal): Promise<SourcePage<T>> {
    const endpoint = cursor.op;
    const range =
      cursor.from === undefined || cursor.to === undefined ? null : { from: cursor.from, to: cursor.to };
    const answer = await this.#http.send(
      {
        operation: endpoint,
        method: 'POST',
        path: this.#spec.paths[endpoint],
        json: { ...this.#body(range), page: cursor.page, limit: cursor.limit },
        signal,
      },
      (response) =>
        readPage<T>(response.body, {
          context: this.#context(endpoint, response.body, response.status),
          endpoint,
          spec: this.#spec,
          drift: this.#http.drift,
          redact: (text) => this.#http.redact(text),
        }),
    );
    const { rows, count } = answer;
    const items = range === null ? rows : rows.filter((r) => inRange(r.time, range));
    for (const item of items) rememberEndpoint(item, endpoint);
    const next = nextCursor(cursor, rows.length, count);
    return count === undefined ? { items, next } : { items, total: count, next };
  }

  /** The JSON body every endpoint takes: credentials and the range (`end_date` inclusive). */
  #body(range: { from: number; to: number } | null): Record<string, number | string> {
    const body: Record<string, number | string> = {
      appid: this.#appId,
      [this.#spec.secretField]: this.#token,
    };
    if (range !== null) {
      body.start_date = range.from;
      body.end_date = range.to - 1;
    }
    return body;
  }

  #context(operation: string, body: string, status: number): ParseContext {
    return { provider: 'telecmi', operation, body, status, secrets: this.#http.secrets };
  }
}

/** True when a row's `time` (a number, or a numeric string) lies in [from, to). */
function inRange(time: number | string, range: { from: number; to: number }): boolean {
  const ms = typeof time === 'number' ? time : Number(time);
  return ms >= range.from && ms < range.to;
}

/** `appId` as the number TeleCMI expects. */
function readAppId(appId: unknown): number {
  const value =
    typeof appId === 'number'
      ? appId
      : typeof appId === 'string' && /^\d+$/.test(appId.trim())
        ? Number(appId)
        : NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError(
      'appId must be your TeleCMI app id: a positive whole number or a string of digits, e.g. 1111113',
      { provider: 'telecmi', argument: 'appId' },
    );
  }
  return value;
}

function readPositiveInteger(value: unknown, argument: string, fallback: number, operation: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${argument} must be a whole number of at least 1`, {
      provider: 'telecmi',
      operation,
      argument,
    });
  }
  return value;
}
