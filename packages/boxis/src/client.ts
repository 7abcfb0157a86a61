/**
 * `BoxisClient`: Boxis' voice getCDR over its signed POST form, with timestamp
 * synchronization and date windows in place of the paging the API does not have.
 * @module
 */
import {
  ApiError,
  AuthenticationError,
  CdrkitError,
  type ClientOptions,
  type Cursor,
  coverRepeatedWallTimes,
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
  type PageSource,
  type ParseContext,
  parseJson,
  parseProviderDate,
  ResponseFormatError,
  readCursor,
  redactSecrets,
  toDateRange,
  validate,
  type WindowSpan,
} from '@cdrkit/core';
import type { XmlNode } from '@cdrkit/core/xml';
// crypto-js' md5 module alone: a bundle takes MD5 without the rest of crypto-js.
import md5 from 'crypto-js/md5.js';
import { BOXIS_TIME_ZONE, toCallRecord } from './normalize.js';
import {
  type BoxisCdr,
  type BoxisCursor,
  type BoxisEnvelope,
  boxisCdrSchema,
  boxisCursorSchema,
  boxisEnvelopeSchema,
  isPlainBoxisCdr,
} from './schemas.js';

const PROVIDER = 'boxis';
const OPERATION = 'getCDR';
const DEFAULT_BASE_URL = 'https://api.boxis.net';
const DEFAULT_VERSION = '1.0';
const DEFAULT_WINDOW_SPAN: WindowSpan = { days: 1 };
/** The doc's date format for `datefrom` and `dateto`: 'yyyy-mm-dd hh:mm:ss' (24-hour). */
const DATE_PATTERN = 'yyyy-MM-dd HH:mm:ss';
/** `cdr` keys: `call_1`, `call_2`, … */
const CALL_KEY = /^call_(\d+)$/;
/**
 * What a `resulttxt` says when Boxis rejects the credentials rather than the request; Boxis
 * answers both with `result` 0, so the text is all there is to tell them apart.
 */
const CREDENTIAL_ERROR = /authenticat|log ?in|user ?name|password|auth ?code|user ?key|api ?key|credential/i;
/** Fields the JSON answer sends as `null` and XML can only send empty: XML's `''` becomes null. */
const NULL_WHEN_EMPTY_IN_XML = ['prevsequence', 'cc_type_id'] as const;

/** The answer formats getCDR can ask for (the form's `returntype`). */
export type BoxisFormat = 'json' | 'xml';

/** Credentials and options of {@link BoxisClient}. */
export interface BoxisClientOptions extends ClientOptions {
  /**
   * The e-mail address you log in to Boxis with (the form's `username`).
   * @example 'ops@example.ch'
   */
  userName: string;
  /**
   * Your Boxis API user key. It never leaves the client: each request carries only
   * `md5(timestamp + userKey)`, and the key is redacted from every error and hook payload.
   * @example process.env.BOXIS_USER_KEY
   */
  userKey: string;
  /**
   * The default tenant for {@link BoxisClient.getCDR} (a call's own `tenant` wins).
   * @example 'VOICE-12001-1'
   */
  tenant?: string;
  /**
   * The API version the form sends.
   * @defaultValue '1.0'
   */
  version?: string;
}

/** Options of {@link BoxisClient.getCDR} beside the range or cursor. */
export interface GetCdrFilters {
  /**
   * The tenant whose calls to list; defaults to the client's `tenant`. One is required.
   * @example 'VOICE-12001-1'
   */
  tenant?: string;
  /**
   * The answer format to request. Both give the same records; `'xml'` loads the XML parser on
   * first use, so JSON-only bundles never carry it.
   * @defaultValue 'json'
   */
  format?: BoxisFormat;
  /**
   * Largest date window one request covers: getCDR has no paging, so a long range is asked for
   * window by window to keep each answer bounded. Calendar units count in the client's
   * `timeZone` (a day is 23 or 25 hours across a DST change); a number is milliseconds.
   * @defaultValue { days: 1 }
   * @example { hours: 6 }
   */
  windowSpan?: WindowSpan;
}

/**
 * Options of {@link BoxisClient.getCDR}: a range `[from, to)` (or a `cursor` from a previous
 * page, which carries the range, tenant, format and span), the filters, and the per-call list
 * options. `pageSize` has no effect: Boxis answers a whole window at once.
 */
export type GetCdrOptions = GetCdrFilters &
  ListOptions &
  (
    | {
        /** Start of the range, inclusive. An ISO string without offset is Swiss time (the client's zone). */
        from: DateInput;
        /** End of the range, exclusive. */
        to: DateInput;
      }
    | {
        /** A page's `next` from an earlier call: resumes right after that page, with its range, tenant, format and span. */
        cursor: Cursor;
      }
  );

/** What one signed request brought back: records, or the server's rejection of its timestamp. */
type Answer =
  | { ok: true; calls: Call[] }
  | {
      ok: false;
      serverTimestamp: number | undefined;
      offsetSec: number | undefined;
      providerMessage: string;
    };

/** A call of an answer, with its start read as epoch ms in the client's zone. */
interface Call {
  record: BoxisCdr;
  startedAt: number;
}

/** The request's signature, kept to redact the authcode from anything the answer produces. */
interface Signature {
  timestamp: number;
  authcode: string;
}

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
  #clockOffsetSec = 0;
  #xmlParser: Promise<(text: string) => XmlNode> | undefined;

  /** @throws InvalidArgumentError for a missing userName or userKey, or a bad shared option */
  constructor(options: BoxisClientOptions) {
    const { userName, userKey, tenant, version, ...clientOptions } = options;
    requireText(userName, 'userName', 'the e-mail address you log in to Boxis with');
    requireText(userKey, 'userKey', 'your Boxis API user key');
    if (tenant !== undefined) requireText(tenant, 'tenant', "a tenant number such as 'VOICE-12001-1'");
    if (version !== undefined) requireText(version, 'version', "an API version such as '1.0'");
    this.#userName = userName;
    this.#userKey = userKey;
    this.#tenant = tenant;
    this.#version = version ?? DEFAULT_VERSION;
    this.#http = new HttpClient({
      provider: PROVIDER,
      defaultBaseUrl: DEFAULT_BASE_URL,
      defaultTimeZone: BOXIS_TIME_ZONE,
      options: clientOptions,
      secrets: [userKey],
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
   * first date window's calls (one request), or iterate it for every call of the range, window
   * by window; `prefetch` requests windows ahead.
   *
   * @throws InvalidArgumentError (on await or iteration, before any request) for a missing
   * tenant, an unparsable date, `from` not before `to`, or a bad format, span or cursor
   * @example
   * ```ts
   * const calls = await boxis.getCDR({ from: '2024-03-01', to: '2024-03-08', prefetch: 2 }).toArray();
   * const firstDay = await boxis.getCDR({ tenant: 'VOICE-12001-1', from, to, format: 'xml' });
   * ```
   */
  getCDR(options: GetCdrOptions): Paged<BoxisCdr> {
    return createPaged(() => this.#source(options), {
      signal: options.signal,
      prefetch: options.prefetch,
      limit: options.limit,
    });
  }

  #source(options: GetCdrOptions): PageSource<BoxisCdr> {
    const timeZone = this.#http.timeZone;
    const first =
      options.cursor === undefined ? this.#firstCursor(options) : this.#readCursor(options.cursor);
    return {
      provider: PROVIDER,
      operation: OPERATION,
      first: toCursor(first),
      fetchPage: (cursor, signal) => this.#fetchWindow(this.#readCursor(cursor), signal),
      predictNext: (cursor) => {
        const next = this.#nextCursor(this.#readCursor(cursor));
        return next === null ? null : toCursor(next);
      },
      idOf: (item) => item.uniqueid,
      toCallRecord: (item) => toCallRecord(item, { timeZone }),
    };
  }

  #firstCursor(options: GetCdrOptions): BoxisCursor {
    const tenant = options.tenant ?? this.#tenant;
    if (typeof tenant !== 'string' || tenant.trim() === '') {
      throw invalid(
        "getCDR needs a tenant (such as 'VOICE-12001-1'): pass `tenant` to getCDR() or to new BoxisClient().",
        'tenant',
      );
    }
    const format = options.format ?? 'json';
    if (format !== 'json' && format !== 'xml') {
      throw invalid(`\`format\` must be 'json' or 'xml', not ${JSON.stringify(format)}.`, 'format');
    }
    const span = checkWindowSpan(options.windowSpan ?? DEFAULT_WINDOW_SPAN);
    if (!('from' in options) || options.from === undefined || options.to === undefined) {
      throw invalid('getCDR needs `from` and `to` (or a `cursor` from a previous page).', 'from');
    }
    const range = toDateRange({ from: options.from, to: options.to }, this.#http.timeZone);
    const window = nextWindow(range.from, range.to, span, { timeZone: this.#http.timeZone });
    if (window === null) throw invalid('`from` must be before `to`.', 'from');
    return {
      p: PROVIDER,
      op: OPERATION,
      tenant,
      format,
      from: window.from.getTime(),
      to: window.to.getTime(),
      end: range.to.getTime(),
      span,
    };
  }

  #readCursor(cursor: Cursor): BoxisCursor {
    const read = readCursor(boxisCursorSchema, cursor, { provider: PROVIDER, operation: OPERATION });
    if (!(read.from < read.to && read.to <= read.end)) {
      throw invalid("The cursor's window is damaged: restart from the range's beginning.", 'cursor');
    }
    checkWindowSpan(toWindowSpan(read.span));
    return read;
  }

  /** The window after `cursor`'s, or null when `cursor` is the range's last. */
  #nextCursor(cursor: BoxisCursor): BoxisCursor | null {
    const window = nextWindow(new Date(cursor.to), new Date(cursor.end), toWindowSpan(cursor.span), {
      timeZone: this.#http.timeZone,
    });
    if (window === null) return null;
    return { ...cursor, from: window.from.getTime(), to: window.to.getTime() };
  }

  /**
   * One window: ask for a range that covers `[from, to)` at the API's one-second granularity
   * (whatever its own inclusivity), then keep only the calls that started inside, so windows
   * meet with no gap and no duplicate.
   */
  async #fetchWindow(cursor: BoxisCursor, signal: AbortSignal): Promise<Page<BoxisCdr>> {
    const timeZone = this.#http.timeZone;
    const calls = await this.#getCdr(
      {
        tenant: cursor.tenant,
        datefrom: formatProviderDate(new Date(cursor.from), DATE_PATTERN, timeZone),
        // Past a fall-back hour the window ends in, or the second pass of it is never asked for.
        dateto: formatProviderDate(
          new Date(
            coverRepeatedWallTimes(cursor.from, cursor.to, Math.ceil(cursor.to / 1000) * 1000, timeZone),
          ),
          DATE_PATTERN,
          timeZone,
        ),
      },
      cursor.format,
      signal,
    );
    const items: BoxisCdr[] = [];
    for (const call of calls) {
      if (call.startedAt >= cursor.from && call.startedAt < cursor.to) items.push(call.record);
    }
    const next = this.#nextCursor(cursor);
    return { items, next: next === null ? null : toCursor(next) };
  }

  /**
   * Sends one getCDR request. A rejected timestamp is retried once with the server's own
   * timestamp (the doc's "timestamp synchronization"), and the measured offset is kept for
   * every later request of this client.
   */
  async #getCdr(
    params: { tenant: string; datefrom: string; dateto: string },
    format: BoxisFormat,
    signal: AbortSignal,
  ): Promise<Call[]> {
    const parseXml = format === 'xml' ? await this.#loadXmlParser() : undefined;
    const first = await this.#send(params, format, parseXml, signal, undefined);
    if (first.ok) return first.calls;
    if (first.serverTimestamp === undefined || first.offsetSec === undefined) {
      throw new AuthenticationError(
        `Boxis rejected the request's timestamp and sent none of its own to synchronize with: check this device's clock (${first.providerMessage}).`,
        {
          provider: PROVIDER,
          operation: OPERATION,
          providerCode: '0',
          providerMessage: first.providerMessage,
        },
      );
    }
    const offsetSec = first.offsetSec;
    this.#clockOffsetSec = offsetSec;
    const second = await this.#send(params, format, parseXml, signal, first.serverTimestamp);
    if (second.ok) return second.calls;
    const clock =
      Math.abs(offsetSec) <= 1
        ? "this device's clock agrees with the server's"
        : `this device's clock is about ${Math.abs(offsetSec)} seconds ${offsetSec > 0 ? 'behind' : 'ahead of'} the server's`;
    throw new AuthenticationError(
      `Boxis rejected the request's timestamp twice: ${clock}, and the server also rejected the synchronized timestamp. Set the clock right (NTP) and check userName and userKey.`,
      {
        provider: PROVIDER,
        operation: OPERATION,
        providerCode: '0',
        providerMessage: second.providerMessage,
      },
    );
  }

  /** One signed request, signed afresh for every attempt the HTTP layer makes. */
  #send(
    params: { tenant: string; datefrom: string; dateto: string },
    format: BoxisFormat,
    parseXml: ((text: string) => XmlNode) | undefined,
    signal: AbortSignal,
    serverTimestamp: number | undefined,
  ): Promise<Answer> {
    let signature: Signature = { timestamp: 0, authcode: '' };
    return this.#http.send(
      (attempt) => {
        // The first attempt after a rejection uses the server's timestamp as the doc's sample does;
        // later attempts (retries after a 5xx) use the clock corrected by the measured offset.
        const timestamp =
          attempt === 1 && serverTimestamp !== undefined
            ? serverTimestamp
            : Math.floor(Date.now() / 1000) + this.#clockOffsetSec;
        signature = { timestamp, authcode: md5(`${timestamp}${this.#userKey}`).toString() };
        return {
          operation: OPERATION,
          method: 'POST',
          path: '/',
          form: {
            version: this.#version,
            returntype: format,
            timestamp: String(timestamp),
            username: this.#userName,
            authcode: signature.authcode,
            section: 'voice',
            action: 'getCDR',
            tenant: params.tenant,
            datefrom: params.datefrom,
            dateto: params.dateto,
          },
          // The authcode opens the account until the timestamp expires: as secret as the key.
          secrets: [signature.authcode],
          signal,
        };
      },
      (response) => this.#parse(response, parseXml, signature),
    );
  }

  #parse(
    response: HttpResponse,
    parseXml: ((text: string) => XmlNode) | undefined,
    signature: Signature,
  ): Answer {
    const secrets = [this.#userKey, signature.authcode];
    const context: ParseContext = {
      provider: PROVIDER,
      operation: OPERATION,
      body: response.body,
      status: response.status,
      secrets,
    };
    const data =
      parseXml === undefined
        ? parseJson(response.body, context)
        : readXmlEnvelope(parseXml, response.body, context, secrets);
    const envelope = validate(boxisEnvelopeSchema, data, context);
    if (envelope.result.trim() === '1') {
      return { ok: true, calls: readCalls(envelope, context, this.#http.timeZone) };
    }

    const providerMessage = redactSecrets(envelope.resulttxt ?? '', secrets).slice(0, 500);
    if (isSet(envelope.timestamperror)) {
      const serverTimestamp = readTimestamp(envelope.timestamp);
      return {
        ok: false,
        serverTimestamp,
        offsetSec:
          serverTimestamp === undefined ? undefined : serverTimestamp - Math.floor(Date.now() / 1000),
        providerMessage,
      };
    }
    const options = {
      provider: PROVIDER,
      operation: OPERATION,
      status: response.status,
      providerCode: envelope.result.trim(),
      providerMessage,
    } as const;
    if (CREDENTIAL_ERROR.test(envelope.resulttxt ?? '')) {
      throw new AuthenticationError(
        `Boxis rejected the credentials: ${providerMessage || 'no reason given'}. Check userName and userKey.`,
        options,
      );
    }
    throw new ApiError(
      `Boxis getCDR failed: ${providerMessage || `result ${options.providerCode}`}`,
      options,
    );
  }

  #loadXmlParser(): Promise<(text: string) => XmlNode> {
    // Loaded on first XML request only, so a JSON-only bundle never carries fast-xml-parser.
    this.#xmlParser ??= import('@cdrkit/core/xml').then(
      ({ createXmlParser }) => createXmlParser({ provider: PROVIDER, operation: OPERATION }),
      (error: unknown) => {
        throw new CdrkitError(
          "Boxis getCDR could not load the XML parser ('@cdrkit/core/xml'): use format 'json'.",
          {
            provider: PROVIDER,
            operation: OPERATION,
            cause: error,
          },
        );
      },
    );
    this.#xmlParser.catch(() => {
      this.#xmlParser = undefined;
    });
    return this.#xmlParser;
  }
}

/** The `<return>` element of an XML answer, in the JSON answer's shape. */
function readXmlEnvelope(
  parseXml: (text: string) => XmlNode,
  body: string,
  context: ParseContext,
  secrets: readonly string[],
): unknown {
  let document: XmlNode;
  try {
    document = parseXml(body);
  } catch (error) {
    if (!(error instanceof ResponseFormatError)) throw error;
    // The XML parser knows the client's key but not this request's authcode: redact again.
    throw new ResponseFormatError(redactSecrets(error.message, secrets), {
      provider: PROVIDER,
      operation: OPERATION,
      kind: error.kind,
      path: error.path,
      excerpt: redactSecrets(body.trim().slice(0, 4096), secrets).slice(0, 200),
      status: context.status,
    });
  }
  const envelope = Object.hasOwn(document, 'return') ? document.return : undefined;
  if (envelope === undefined || typeof envelope !== 'object' || Array.isArray(envelope)) {
    throw formatError('The XML answer has no <return> element.', 'return', context);
  }
  const params = Object.hasOwn(envelope, 'params') ? envelope.params : undefined;
  if (params === undefined || typeof params !== 'object' || Array.isArray(params)) return envelope;
  const cdr = Object.hasOwn(params, 'cdr') ? params.cdr : undefined;
  if (cdr === undefined || typeof cdr !== 'object' || Array.isArray(cdr)) return envelope;
  // Empty XML elements read as '': where JSON sends null, XML's '' becomes null, so both
  // formats give the same record. The tree is this parse's own, so it is changed in place, and
  // only under the fixed names below: no key from the answer is ever assigned.
  for (const key of Object.keys(cdr)) {
    const call = cdr[key];
    if (call === undefined || typeof call !== 'object' || Array.isArray(call)) continue;
    const fields = call as Record<string, unknown>;
    for (const field of NULL_WHEN_EMPTY_IN_XML) {
      if (Object.hasOwn(fields, field) && fields[field] === '') fields[field] = null;
    }
  }
  return envelope;
}

/**
 * `params.cdr` as an array in numeric order (`call_10` after `call_9`). `cdr` may be an object,
 * an empty `{}` or `[]`, or absent when there are no calls. A key other than `call_N` is a
 * `ResponseFormatError` rather than a silently dropped call.
 */
function readCalls(envelope: BoxisEnvelope, context: ParseContext, timeZone: string): Call[] {
  const params = envelope.params;
  if (params === undefined || params === null || params === '') return [];
  if (typeof params !== 'object') throw formatError('`params` is not an object.', 'params', context);
  const cdr: unknown = Object.hasOwn(params, 'cdr') ? (params as { cdr?: unknown }).cdr : undefined;
  if (cdr === undefined || cdr === null || cdr === '') return [];
  if (Array.isArray(cdr)) {
    return cdr.map((call, index) => readCall(call, `params.cdr[${index}]`, context, timeZone));
  }
  if (typeof cdr !== 'object') throw formatError('`params.cdr` is not an object.', 'params.cdr', context);

  const numbered: { key: string; number: number }[] = [];
  for (const key of Object.keys(cdr)) {
    const match = CALL_KEY.exec(key);
    if (match === null) {
      const shown = redactSecrets(key, context.secrets ?? []).slice(0, 40);
      throw formatError(
        `\`params.cdr\` holds a key that is not call_N: ${JSON.stringify(shown)}.`,
        'params.cdr',
        context,
      );
    }
    numbered.push({ key, number: Number(match[1]) });
  }
  numbered.sort((a, b) => a.number - b.number);
  const calls = cdr as Record<string, unknown>;
  return numbered.map(({ key }) => readCall(calls[key], `params.cdr.${key}`, context, timeZone));
}

/** One call, validated, with its start read in `timeZone` (a start that is not a date is an error). */
function readCall(value: unknown, path: string, context: ParseContext, timeZone: string): Call {
  let record: BoxisCdr;
  try {
    record = isPlainBoxisCdr(value) ? value : validate(boxisCdrSchema, value, context);
  } catch (error) {
    if (!(error instanceof ResponseFormatError)) throw error;
    const where = error.path === undefined || error.path === '' ? path : `${path}.${error.path}`;
    throw new ResponseFormatError(
      `Boxis sent a call that does not match the documented record at ${where}.`,
      {
        provider: PROVIDER,
        operation: OPERATION,
        kind: 'schema',
        path: where,
        excerpt: error.excerpt,
        status: error.status,
        cause: error,
      },
    );
  }
  const startedAt = parseProviderDate(record.start, timeZone);
  if (Number.isNaN(startedAt)) {
    throw formatError(`the start of ${path} is not a 'yyyy-mm-dd hh:mm:ss' date.`, `${path}.start`, context);
  }
  return { record, startedAt };
}

function formatError(message: string, path: string, context: ParseContext): ResponseFormatError {
  return new ResponseFormatError(`Boxis getCDR answer: ${message}`, {
    provider: PROVIDER,
    operation: OPERATION,
    kind: 'schema',
    path,
    status: context.status,
  });
}

/** PHP's truthiness, which the doc's sample applies to `timestamperror`. */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0) return false;
  if (typeof value === 'string') return !['', '0', 'false'].includes(value.trim().toLowerCase());
  return true;
}

function readTimestamp(value: string | null | undefined): number | undefined {
  if (value === undefined || value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

function checkWindowSpan(span: WindowSpan): WindowSpan {
  if (typeof span === 'number') {
    if (Number.isFinite(span) && span >= 1000) return span;
    throw invalid('`windowSpan` in milliseconds must be at least 1000 (one second).', 'windowSpan');
  }
  if (typeof span === 'object' && span !== null) {
    const units = [span.months, span.days, span.hours];
    const valid = units.every((unit) => unit === undefined || (Number.isInteger(unit) && unit >= 0));
    if (valid && units.some((unit) => unit !== undefined && unit > 0)) {
      const result: { months?: number; days?: number; hours?: number } = {};
      if (span.months) result.months = span.months;
      if (span.days) result.days = span.days;
      if (span.hours) result.hours = span.hours;
      return result;
    }
  }
  throw invalid(
    '`windowSpan` must be a number of milliseconds or whole calendar units such as { days: 1 } or { hours: 6 }.',
    'windowSpan',
  );
}

/** A cursor's span without the `undefined` members zod's optional fields may carry. */
function toWindowSpan(span: BoxisCursor['span']): WindowSpan {
  if (typeof span === 'number') return span;
  const result: { months?: number; days?: number; hours?: number } = {};
  if (span.months !== undefined) result.months = span.months;
  if (span.days !== undefined) result.days = span.days;
  if (span.hours !== undefined) result.hours = span.hours;
  return result;
}

function toCursor(cursor: BoxisCursor): Cursor {
  const span = toWindowSpan(cursor.span);
  return { ...cursor, span: typeof span === 'number' ? span : { ...span } };
}

function requireText(value: unknown, argument: string, what: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(`new BoxisClient() needs \`${argument}\`: ${what}.`, {
      argument,
      provider: PROVIDER,
    });
  }
}

function invalid(message: string, argument: string): InvalidArgumentError {
  return new InvalidArgumentError(message, { argument, provider: PROVIDER, operation: OPERATION });
}
