/**
 * The options of `TeleCmiClient` and of its methods, their defaults and limits, and the checks
 * that read them.
 * @module
 */
import type { ClientOptions, DateInput, ListOptions, RequestOptions } from '@cdrkit/core';
import {
  type CheckContext,
  checkInteger,
  invalidArgument,
  readDate,
  requireText,
} from '@cdrkit/core/provider';
import type { ListParams, ListPosition } from './schemas.js';

/** TeleCMI's CDR APIs: `v1` (piopiy.telecmi.com/v1, the one the doc describes) and `v2` (rest.telecmi.com/v2). */
export type TeleCmiApiVersion = 'v1' | 'v2';

/** Records per request on v1 when `pageSize` is not given (v2: 20, its maximum). */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * Page sizes per version: asked when `pageSize` is not given, and the most allowed. v1: TeleCMI's
 * own default is 10 and no maximum is documented (100 keeps requests few); v2: default 10, at most 20.
 */
export const PAGE_SIZES: Readonly<Record<TeleCmiApiVersion, { default: number; max: number | undefined }>> = {
  v1: { default: DEFAULT_PAGE_SIZE, max: undefined },
  v2: { default: 20, max: 20 },
};

/** TeleCMI's default range when no dates are sent: the last 24 hours. */
const DAY_MS = 24 * 60 * 60 * 1000;

/** Options of `TeleCmiClient`: credentials, the API version, the currency of `rate`, and the shared options. */
export interface TeleCmiClientOptions extends ClientOptions {
  /**
   * Your app id from the CHUB dashboard: a number, or a string of digits.
   * @example 1111113
   */
  appId: number | string;
  /**
   * Your app secret from the CHUB dashboard (sent as `token` on v1, as `secret` on v2). It
   * never appears in an error, hook payload or log.
   * @example 'xxxx-xxxx-xxxx-xxx'
   */
  token: string;
  /**
   * Which TeleCMI API to read: `'v1'` (`https://piopiy.telecmi.com/v1/outanswered`, …, the
   * documented one) or `'v2'` (`https://rest.telecmi.com/v2/out_answered`, …, at most 20
   * records a page). The default `baseUrl` follows it.
   * @defaultValue 'v1'
   * @example 'v2'
   */
  apiVersion?: TeleCmiApiVersion;
  /**
   * ISO 4217 code put beside `rate` in normalized records (`records()`): TeleCMI's answers do
   * not say which currency `rate` is in. Default null.
   * @example 'INR'
   */
  currency?: string | null;
}

/** Options of the list methods. */
export interface TeleCmiListOptions extends ListOptions {
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
   * Records asked per request (sent as TeleCMI's `limit`): v1 documents no maximum, v2 allows
   * at most 20. A server that answers fewer rows a page is followed at its own size.
   * @defaultValue 100 on v1, 20 on v2
   * @example 50
   */
  pageSize?: number;
  /**
   * Stop after this many records, across pages (as everywhere in cdrkit; the page size is `pageSize`).
   * @example 1000
   */
  limit?: number;
}

/** Options of `TeleCmiClient.analysis`, with the call's own `timeoutMs`, `retry` and `headers`. */
export interface TeleCmiAnalysisOptions extends RequestOptions {
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

/** What `TeleCmiClient.analysis` returns: the call counts in the range. */
export interface TeleCmiAnalysis {
  /** Every call in the range. */
  total: number;
  /** Answered calls. */
  answered: number;
  /** Missed calls. */
  missed: number;
}

/** The constructor's options, checked: credentials, version, currency, and the shared options. */
export interface ClientSettings {
  appId: number;
  token: string;
  currency: string | null;
  version: TeleCmiApiVersion;
  shared: ClientOptions;
}

const CLIENT: CheckContext = { provider: 'telecmi' };

/**
 * Checks the constructor's own options; the shared ones are left to `HttpClient`.
 * @throws InvalidArgumentError for an appId that is not a number, an empty token, a currency that is no string, an unknown apiVersion
 */
export function readClientOptions(options: TeleCmiClientOptions): ClientSettings {
  const { appId, token, currency, apiVersion = 'v1', ...shared } = options;
  const settings = {
    appId: readAppId(appId),
    token: requireText(token, CLIENT, 'token', 'your TeleCMI app secret'),
    currency: currency ?? null,
    version: apiVersion,
    shared,
  };
  if (typeof settings.currency !== 'string' && settings.currency !== null) {
    throw invalidArgument(CLIENT, 'currency', 'currency must be an ISO 4217 code such as "INR", or null');
  }
  if (apiVersion !== 'v1' && apiVersion !== 'v2') {
    throw invalidArgument(
      CLIENT,
      'apiVersion',
      `apiVersion must be 'v1' (piopiy.telecmi.com/v1, the default) or 'v2' (rest.telecmi.com/v2); got ${JSON.stringify(String(apiVersion))}`,
    );
  }
  return settings;
}

/** `appId` as the number TeleCMI expects. */
function readAppId(appId: unknown): number {
  const value =
    typeof appId === 'number'
      ? appId
      : typeof appId === 'string' && /^\d+$/.test(appId.trim())
        ? Number(appId)
        : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw invalidArgument(
      CLIENT,
      'appId',
      'appId must be your TeleCMI app id: a positive whole number or a string of digits, e.g. 1111113',
    );
  }
  return value;
}

/**
 * A list call's options as its page source starts: the page size (`params`), the range (null:
 * TeleCMI's default), and the first position when the call starts past page 1.
 * @throws InvalidArgumentError for a bad date, range, page or page size
 */
export function readListOptions(
  options: TeleCmiListOptions,
  context: Required<CheckContext>,
  version: TeleCmiApiVersion,
  timeZone: string,
): { params: ListParams; range: { from: number; to: number } | null; at?: ListPosition } {
  const page = checkInteger(options.page, context, 'page', { min: 1, fallback: 1 });
  const { default: fallback, max } = PAGE_SIZES[version];
  const pageSize = checkInteger(options.pageSize, context, 'pageSize', { min: 1, fallback });
  if (max !== undefined && pageSize > max) {
    throw invalidArgument(
      context,
      'pageSize',
      `pageSize must be at most ${max} on TeleCMI ${version} (its documented maximum); got ${pageSize}`,
    );
  }
  const range = readRange(options, context, timeZone);
  const params = { pageSize };
  if (page === 1) return { params, range };
  return { params, range, at: { page, limit: pageSize, received: (page - 1) * pageSize } };
}

/**
 * Reads `from`/`to` into epoch ms, or null for TeleCMI's default range (neither given). A
 * missing end is filled in as TeleCMI would: `to` now, `from` a day before `to`.
 * @throws InvalidArgumentError for an unparsable date or `from` not before `to`
 */
export function readRange(
  options: { from?: DateInput | undefined; to?: DateInput | undefined },
  context: CheckContext,
  timeZone: string,
): { from: number; to: number } | null {
  const { from, to } = options;
  if (from === undefined && to === undefined) return null;
  const end = to === undefined ? Date.now() : readDate(to, context, 'to', timeZone);
  const start = from === undefined ? end - DAY_MS : readDate(from, context, 'from', timeZone);
  if (start >= end) {
    const message =
      to === undefined
        ? `from (${new Date(start).toISOString()}) must be before now: without \`to\`, the range ends at the moment of the call`
        : `from (${new Date(start).toISOString()}) must be before to (${new Date(end).toISOString()}): the range is [from, to)`;
    throw invalidArgument(context, 'from', message);
  }
  return { from: start, to: end };
}
