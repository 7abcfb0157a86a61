/**
 * `TeleCmiClient`: TeleCMI's v1 CDR endpoints (CHUB India, `https://piopiy.telecmi.com/v1/…`).
 * Every endpoint is a JSON POST carrying `appid` and `token`, paged by `page` and `limit`,
 * filtered by `start_date`/`end_date` in epoch milliseconds.
 * @module
 */
import {
  ApiError,
  AuthenticationError,
  type CdrkitError,
  type ClientOptions,
  createPaged,
  type DateInput,
  HttpClient,
  type HttpResponse,
  InvalidArgumentError,
  type ListOptions,
  type Page,
  type Paged,
  type ParseContext,
  parseJson,
  readCursor,
  toDate,
  validate,
} from '@cdrkit/core';
import * as z from 'zod/mini';
import { rememberEndpoint, type TeleCmiEndpoint, toCallRecord } from './normalize.js';
import {
  type AnsweredRecord,
  analysisSchema,
  hasDocumentedTypes,
  incomingPageSchema,
  type MissedRecord,
  type OutAnsweredRecord,
  type OutMissedRecord,
  outgoingPageSchema,
  type PageResponse,
  type TeleCmiRecord,
} from './schemas.js';

/** TeleCMI's documented endpoint (CHUB India). */
const DEFAULT_BASE_URL = 'https://piopiy.telecmi.com';

/**
 * Records per request when neither `limit` nor `pageSize` is given. TeleCMI's own default is 10
 * and it documents no maximum; 100 keeps requests few without making one answer large.
 */
export const DEFAULT_PAGE_SIZE = 100;

/** TeleCMI's default range when no dates are sent: the last 24 hours. */
const DAY_MS = 24 * 60 * 60 * 1000;

/** The path of each endpoint, and whether its calls are outgoing (agent id in `from`). */
const ENDPOINTS: Record<TeleCmiEndpoint, { path: string; direction: 'outgoing' | 'incoming' }> = {
  outAnswered: { path: '/v1/outanswered', direction: 'outgoing' },
  outMissed: { path: '/v1/outmissed', direction: 'outgoing' },
  answered: { path: '/v1/answered', direction: 'incoming' },
  missed: { path: '/v1/missed', direction: 'incoming' },
};

/** Options of {@link TeleCmiClient}: credentials, the currency of `rate`, and the shared options. */
export interface TeleCmiClientOptions extends ClientOptions {
  /**
   * Your app id from the CHUB dashboard: a number, or a string of digits.
   * @example 1111113
   */
  appId: number | string;
  /**
   * Your app secret from the CHUB dashboard (sent as `token`). It never appears in an error,
   * hook payload or log.
   * @example 'xxxx-xxxx-xxxx-xxx'
   */
  token: string;
  /**
   * ISO 4217 code put beside `rate` in normalized records (`records()`): TeleCMI's answers do
   * not say which currency `rate` is in. Default null.
   * @example 'INR'
   */
  currency?: string | null;
}

/**
 * Options of the list methods. `limit` is TeleCMI's own parameter: the records per request
 * (page size), not a cap on the records returned; cap those with `toArray({ limit })` or by
 * leaving the loop.
 */
export interface TeleCmiListOptions extends Omit<ListOptions, 'limit' | 'pageSize'> {
  /**
   * Start of the range, inclusive: a `Date`, an ISO-8601 string (read in the client's
   * `timeZone` when it has no offset) or epoch ms. Sent as `start_date`. Without `from` and
   * `to`, TeleCMI returns the last 24 hours; with `to` alone, `from` is 24 hours before `to`.
   * @example '2024-03-01T00:00:00Z'
   */
  from?: DateInput;
  /**
   * End of the range, exclusive. Sent as `end_date` (`to` − 1 ms, since TeleCMI's end is
   * inclusive). With `from` alone, `to` is the moment of the call (TeleCMI's own default).
   * @example new Date()
   */
  to?: DateInput;
  /**
   * The page to start at, 1-based (TeleCMI's `page`).
   * @defaultValue 1
   * @example 2
   */
  page?: number;
  /**
   * Records per request (TeleCMI's `limit`, no documented maximum).
   * @defaultValue 100
   * @example 50
   */
  limit?: number;
  /** Same as `limit`, under the name every cdrkit client uses. */
  pageSize?: number;
}

/** Options of {@link TeleCmiClient.analysis}. */
export interface TeleCmiAnalysisOptions {
  /**
   * Start of the range, inclusive (as in the list methods). Without `from` and `to`, TeleCMI
   * counts the last 24 hours.
   * @example '2024-03-01'
   */
  from?: DateInput;
  /**
   * End of the range, exclusive.
   * @example '2024-03-02'
   */
  to?: DateInput;
  /** Aborts the request and its retries. */
  signal?: AbortSignal;
}

/** What {@link TeleCmiClient.analysis} returns: the call counts in the range. */
export interface TeleCmiAnalysis {
  /** Every call in the range. */
  total: number;
  /** Answered calls. */
  answered: number;
  /** Missed calls. */
  missed: number;
}

/**
 * Where a TeleCMI iteration stands: the endpoint, the range in epoch ms (absent when TeleCMI's
 * default range is used), the page about to be requested and the page size.
 */
type ListCursor = {
  p: 'telecmi';
  op: TeleCmiEndpoint;
  from?: number;
  to?: number;
  page: number;
  limit: number;
};

const positiveInteger = z.number().check(z.int(), z.gte(1));
const cursorSchema = z.object({
  p: z.literal('telecmi'),
  op: z.enum(['outAnswered', 'outMissed', 'answered', 'missed']),
  from: z.optional(z.number()),
  to: z.optional(z.number()),
  page: positiveInteger,
  limit: positiveInteger,
});

/**
 * A client of TeleCMI's call detail records: outgoing answered and missed calls, incoming
 * answered and missed calls, and the answered/missed counts.
 *
 * @example
 * ```ts
 * const telecmi = new TeleCmiClient({ appId: 1111113, token: process.env.TELECMI_TOKEN!, currency: 'INR' });
 * for await (const cdr of telecmi.outAnswered({ from: '2024-03-01', to: '2024-03-02' })) {
 *   console.log(cdr._id, cdr.to, cdr.billedsec);
 * }
 * ```
 */
export class TeleCmiClient {
  readonly #http: HttpClient;
  readonly #appId: number;
  readonly #token: string;
  readonly #currency: string | null;

  /** @throws InvalidArgumentError for an appId that is not a number, an empty token, or a bad shared option */
  constructor(options: TeleCmiClientOptions) {
    const { appId, token, currency, ...clientOptions } = options;
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
    this.#token = token;
    this.#currency = currency ?? null;
    this.#http = new HttpClient({
      provider: 'telecmi',
      defaultBaseUrl: DEFAULT_BASE_URL,
      options: clientOptions,
      secrets: [token],
      mapHttpError,
    });
  }

  /**
   * Outgoing answered calls (`/v1/outanswered`), newest first as TeleCMI sends them.
   *
   * @example
   * ```ts
   * const page = await telecmi.outAnswered({ from, to, page: 2, limit: 50 }); // one request
   * for await (const cdr of telecmi.outAnswered({ from, to })) {}            // every record
   * for await (const call of telecmi.outAnswered({ from, to }).records()) {} // CallRecord
   * ```
   */
  outAnswered(options: TeleCmiListOptions = {}): Paged<OutAnsweredRecord> {
    return this.#list<OutAnsweredRecord>('outAnswered', options);
  }

  /**
   * Outgoing calls nobody answered (`/v1/outmissed`): `billedsec` 0, `rate` "0.0000".
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
   * Incoming answered calls (`/v1/answered`), with the `agent` who answered.
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
   * Incoming calls nobody answered (`/v1/missed`).
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
   *
   * @example
   * ```ts
   * const { total, answered, missed } = await telecmi.analysis({ from: '2024-03-01', to: '2024-03-02' });
   * ```
   * @throws InvalidArgumentError for an unparsable date or `from` not before `to`, before any request
   */
  async analysis(options: TeleCmiAnalysisOptions = {}): Promise<TeleCmiAnalysis> {
    const range = this.#readRange(options.from, options.to);
    const answer = await this.#http.send(
      {
        operation: 'analysis',
        method: 'POST',
        path: '/v1/analysis',
        json: this.#body(range),
        signal: options.signal,
      },
      (response) => {
        const context = this.#context('analysis', response);
        const data = parseJson(response.body, context);
        throwInBodyError(data, context, this.#http);
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
          predictNext: (cursor, total) => followingCursor(cursor as ListCursor, total),
          idOf: (item) => item._id,
          toCallRecord: (item) => toCallRecord(item, { endpoint, currency: this.#currency }),
        };
      },
      { signal: options.signal, prefetch: options.prefetch },
    );
  }

  /** Validates a list call's options into its first cursor (or reads the cursor it was given). */
  #firstCursor(endpoint: TeleCmiEndpoint, options: TeleCmiListOptions): ListCursor {
    if (options.cursor !== undefined) {
      const cursor = readCursor(cursorSchema, options.cursor, { provider: 'telecmi', operation: endpoint });
      if ((cursor.from === undefined) !== (cursor.to === undefined)) {
        throw new InvalidArgumentError('cursor holds half a range: pass a cursor taken from page.next', {
          provider: 'telecmi',
          operation: endpoint,
          argument: 'cursor',
        });
      }
      return cursor as ListCursor;
    }
    const page = readPositiveInteger(options.page, 'page', 1, endpoint);
    const limit = readPageSize(options, endpoint);
    const range = this.#readRange(options.from, options.to, endpoint);
    return range === null
      ? { p: 'telecmi', op: endpoint, page, limit }
      : { p: 'telecmi', op: endpoint, from: range.from, to: range.to, page, limit };
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

  async #fetchPage<T extends TeleCmiRecord>(cursor: ListCursor, signal: AbortSignal): Promise<Page<T>> {
    const endpoint = cursor.op;
    const { path, direction } = ENDPOINTS[endpoint];
    const range =
      cursor.from === undefined || cursor.to === undefined ? null : { from: cursor.from, to: cursor.to };
    const answer = await this.#http.send(
      {
        operation: endpoint,
        method: 'POST',
        path,
        json: { ...this.#body(range), page: cursor.page, limit: cursor.limit },
        signal,
      },
      (response) => this.#parsePage<T>(response, endpoint, direction),
    );
    const records = answer.cdr ?? [];
    const total = answer.total ?? undefined;
    const items = range === null ? records : records.filter((r) => r.time >= range.from && r.time < range.to);
    for (const item of items) rememberEndpoint(item, endpoint);
    // A short page is the last; so is the page that reaches `total`.
    const next = records.length < cursor.limit ? null : followingCursor(cursor, total);
    return total === undefined ? { items, next } : { items, total, next };
  }

  #parsePage<T extends TeleCmiRecord>(
    response: HttpResponse,
    operation: TeleCmiEndpoint,
    direction: 'outgoing' | 'incoming',
  ): PageResponse<T> {
    const context = this.#context(operation, response);
    const data = parseJson(response.body, context);
    throwInBodyError(data, context, this.#http);
    if (hasDocumentedEnvelope(data) && (data.cdr ?? []).every((r) => hasDocumentedTypes(r, direction))) {
      return data as PageResponse<T>;
    }
    const schema = direction === 'outgoing' ? outgoingPageSchema : incomingPageSchema;
    return validate(schema, data, context) as PageResponse<T>;
  }

  /** The JSON body every endpoint takes: credentials and the range (`end_date` inclusive). */
  #body(range: { from: number; to: number } | null): Record<string, number | string> {
    const body: Record<string, number | string> = { appid: this.#appId, token: this.#token };
    if (range !== null) {
      body.start_date = range.from;
      body.end_date = range.to - 1;
    }
    return body;
  }

  #context(operation: string, response: HttpResponse): ParseContext {
    return {
      provider: 'telecmi',
      operation,
      body: response.body,
      status: response.status,
      secrets: this.#http.secrets,
    };
  }
}

/**
 * The cursor of the page after `cursor`, or null when `total` says `cursor`'s page is the last
 * (`page × limit ≥ total`). Without a total, the next page is assumed to exist.
 */
function followingCursor(cursor: ListCursor, total: number | undefined): ListCursor | null {
  if (total !== undefined && cursor.page * cursor.limit >= total) return null;
  return { ...cursor, page: cursor.page + 1 };
}

/** TeleCMI answers an unknown app id or a wrong secret with HTTP 404 (its doc's only error code). */
function mapHttpError(response: HttpResponse, operation: string): CdrkitError | undefined {
  if (response.status !== 404) return undefined;
  return new AuthenticationError('TeleCMI rejected the app id or secret (HTTP 404): check appId and token', {
    provider: 'telecmi',
    operation,
    status: 404,
  });
}

/**
 * An error inside a 200 answer (undocumented, but sibling TeleCMI APIs carry `code` in the body):
 * a `code` of 400 or more with no records. 404 means what the HTTP status means.
 */
function throwInBodyError(data: unknown, context: ParseContext, http: HttpClient): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return;
  const body = data as Record<string, unknown>;
  const code = readCode(body.code);
  if (code === undefined || code < 400) return;
  if (Array.isArray(body.cdr) && body.cdr.length > 0) return;
  const operation = context.operation;
  if (code === 404) {
    throw new AuthenticationError('TeleCMI rejected the app id or secret (code 404): check appId and token', {
      provider: 'telecmi',
      operation,
      status: context.status,
      providerCode: '404',
    });
  }
  const text = typeof body.msg === 'string' ? http.redact(body.msg).slice(0, 200) : undefined;
  throw new ApiError(`TeleCMI answered ${operation} with code ${code}${text ? `: ${text}` : ''}`, {
    provider: 'telecmi',
    operation,
    status: context.status,
    providerCode: String(code),
    providerMessage: text,
  });
}

/** `404`, `"404"` or `"cmi-404"` as a number; undefined for anything else. */
function readCode(code: unknown): number | undefined {
  if (typeof code === 'number') return code;
  if (typeof code !== 'string') return undefined;
  const digits = /(\d{3})\s*$/.exec(code);
  return digits ? Number(digits[1]) : undefined;
}

/** True when the envelope already has the documented types, so zod can be skipped. */
function hasDocumentedEnvelope(data: unknown): data is { total?: number | null; cdr?: unknown[] | null } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const { total, cdr } = data as Record<string, unknown>;
  return (
    (total === undefined || total === null || typeof total === 'number') &&
    (cdr === undefined || cdr === null || Array.isArray(cdr))
  );
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

/** `limit`, or its alias `pageSize`; both given must agree. */
function readPageSize(options: TeleCmiListOptions, operation: string): number {
  const { limit, pageSize } = options;
  if (limit !== undefined && pageSize !== undefined && limit !== pageSize) {
    throw new InvalidArgumentError('limit and pageSize are the same option (records per request): give one', {
      provider: 'telecmi',
      operation,
      argument: 'limit',
    });
  }
  if (limit !== undefined) return readPositiveInteger(limit, 'limit', DEFAULT_PAGE_SIZE, operation);
  return readPositiveInteger(pageSize, 'pageSize', DEFAULT_PAGE_SIZE, operation);
}
