/**
 * The options of `MixvoipClient` and its methods, their defaults, and the checks that read a
 * call's options into the parameters and range its pages are asked for with.
 * @module
 */
import type { ClientOptions, DateInput, ListOptions, RequestOptions } from '@cdrkit/core';
import {
  type CheckContext,
  checkMaxRecordsPerAnswer,
  checkOneOf,
  describeValue,
  invalidArgument,
  readDate,
  requireRange,
  requireText,
} from '@cdrkit/core/provider';
import type { MixvoipParams } from './schemas.js';

export const PROVIDER = 'mixvoip';
/** See {@link MixvoipClientOptions.maxRecordsPerAnswer}; docs/providers/mixvoip.md says why. */
export const DEFAULT_MAX_RECORDS_PER_ANSWER = 5000;
const DEFAULT_CURRENCY = 'EUR';

/** Options of `MixvoipClient`. */
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
  /**
   * getCalls answers a whole window (up to 3 months) at once, and a server may cut a long
   * answer short without a sign. An answer holding this many records or more is not trusted:
   * its window is cut at midnights into parts (as many as its count says) and each is asked for
   * again, down to one day. Set it to your server's cap if you know it.
   * @defaultValue 5000
   * @example { maxRecordsPerAnswer: 1000 }
   */
  maxRecordsPerAnswer?: number;
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

/** Options of `MixvoipClient.getCalls`. */
export interface GetCallsOptions extends MixvoipRangeOptions, Omit<ListOptions, 'pageSize'> {
  /**
   * Wire format. Both give the same typed records; `json` is smaller and faster to read.
   * @defaultValue 'json'
   * @example 'csv'
   */
  format?: 'json' | 'csv';
}

/** Options of `MixvoipClient.downloadCsv`, with the call's own `timeoutMs`, `retry` and `headers`. */
export interface DownloadCsvOptions extends MixvoipRangeOptions, RequestOptions {
  /** Aborts the download, between and during requests. */
  signal?: AbortSignal;
}

/** The constructor's options, checked; `shared` goes to `HttpClient` (which checks it). */
export interface ClientSettings {
  userName: string;
  password: string;
  baseUrl: string;
  currency: string;
  maxRecordsPerAnswer: number;
  shared: ClientOptions;
}

/** What a list call starts from: its parameters (the cursor's `q`) and its range, epoch ms. */
export interface CallsStart {
  params: MixvoipParams;
  range: { from: number; to: number };
}

/**
 * Checks the constructor's own options.
 * @throws InvalidArgumentError naming the option and what to pass
 */
export function readClientOptions(options: MixvoipClientOptions): ClientSettings {
  const { userName, password, baseUrl, currency, maxRecordsPerAnswer, ...shared } =
    options ?? ({} as MixvoipClientOptions);
  const ctx: CheckContext = { provider: PROVIDER };
  if (typeof baseUrl !== 'string' || baseUrl.trim() === '') {
    throw invalidArgument(
      ctx,
      'baseUrl',
      "MIXvoip does not publish the Supernode API's base URL: pass `baseUrl` (MIXvoip support or your " +
        "reseller panel gives it), e.g. new MixvoipClient({ userName, password, baseUrl: 'https://…' }).",
    );
  }
  return {
    userName: requireText(userName, ctx, 'userName', "the Supernode user name (the API's `username`)"),
    password: requireText(password, ctx, 'password', 'the Supernode password that goes with `userName`'),
    baseUrl,
    currency: requireText(currency ?? DEFAULT_CURRENCY, ctx, 'currency', "a currency code such as 'EUR'"),
    maxRecordsPerAnswer:
      maxRecordsPerAnswer === undefined
        ? DEFAULT_MAX_RECORDS_PER_ANSWER
        : checkMaxRecordsPerAnswer(maxRecordsPerAnswer, PROVIDER),
    shared: { ...shared, baseUrl },
  };
}

/**
 * Refuses what getCalls cannot do, cursor or not: no options at all, and `pageSize`.
 * @throws InvalidArgumentError saying what to change
 */
export function refuseUnsupported(options: GetCallsOptions): void {
  const ctx = { provider: PROVIDER, operation: 'getCalls' } as const;
  if (typeof options !== 'object' || options === null) {
    throw invalidArgument(ctx, 'options', 'getCalls needs options: { profileId, from, to?, format? }.');
  }
  if ((options as { pageSize?: unknown }).pageSize !== undefined) {
    throw invalidArgument(
      ctx,
      'pageSize',
      'MIXvoip getCalls does not page: each request returns a whole window. Remove `pageSize` (use `limit` to stop early).',
    );
  }
}

/**
 * Reads getCalls' options (without a cursor) into its parameters and range; `to` defaults to now.
 * @throws InvalidArgumentError saying what to change
 */
export function readGetCallsOptions(options: GetCallsOptions, timeZone: string): CallsStart {
  refuseUnsupported(options);
  const ctx = { provider: PROVIDER, operation: 'getCalls' } as const;
  const profileId = readProfileId(options.profileId, ctx);
  const format = checkOneOf(options.format, ['json', 'csv'], ctx, 'format', 'json');
  return { params: { profileId, format }, range: readRange(options, ctx, timeZone) };
}

/**
 * Reads downloadCsv's options into its parameters (CSV) and range; `to` defaults to now.
 * @throws InvalidArgumentError saying what to change
 */
export function readDownloadCsvOptions(options: DownloadCsvOptions, timeZone: string): CallsStart {
  const ctx = { provider: PROVIDER, operation: 'downloadCsv' } as const;
  if (typeof options !== 'object' || options === null) {
    throw invalidArgument(ctx, 'options', 'downloadCsv needs options: { profileId, from, to? }.');
  }
  const profileId = readProfileId(options.profileId, ctx);
  return { params: { profileId, format: 'csv' }, range: readRange(options, ctx, timeZone) };
}

function readRange(options: MixvoipRangeOptions, ctx: CheckContext, timeZone: string) {
  const { from, to } = options;
  if (from === undefined || from === null) {
    throw invalidArgument(
      ctx,
      'from',
      `${ctx.operation} needs \`from\`: the start of the range (a Date, an ISO string such as '2024-01-01', or epoch ms).`,
    );
  }
  if (to !== undefined) return requireRange({ from, to }, ctx, timeZone);
  const range = { from: readDate(from, ctx, 'from', timeZone), to: Date.now() };
  if (range.from >= range.to) {
    throw invalidArgument(
      ctx,
      'from',
      `\`from\` (${new Date(range.from).toISOString()}) must be before \`to\` (now, the default).`,
    );
  }
  return range;
}

function readProfileId(value: unknown, ctx: CheckContext): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  if (typeof text !== 'string' || text.trim() === '' || /[/?#\s]/.test(text.trim())) {
    throw invalidArgument(
      ctx,
      'profileId',
      `\`profileId\` must be the customer number (PROFILE_ID) whose records to fetch, e.g. '123456'; got ${describeValue(value)}.`,
    );
  }
  return text.trim();
}
