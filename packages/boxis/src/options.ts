/**
 * The options of `BoxisClient` and of getCDR, their defaults, and the checks that read them.
 * @module
 */
import type { ClientOptions, Cursor, DateInput, ListOptions, WindowSpan } from '@cdrkit/core';
import {
  type CheckContext,
  checkMaxRecordsPerAnswer,
  checkOneOf,
  checkWindowSpan,
  invalidArgument,
  requireRange,
  requireText,
} from '@cdrkit/core/provider';
import { type GetCdrParams, OPERATION, PROVIDER } from './schemas.js';

export const DEFAULT_BASE_URL = 'https://api.boxis.net';
export const DEFAULT_VERSION = '1.0';
export const DEFAULT_WINDOW_SPAN: WindowSpan = { days: 1 };
/** See {@link BoxisClientOptions.maxRecordsPerAnswer}; the reasoning is in docs/providers/boxis.md. */
export const DEFAULT_MAX_RECORDS_PER_ANSWER = 5000;

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
  /**
   * getCDR answers a whole window at once, and a server may cut a long answer short without a
   * sign. An answer holding this many calls or more is not trusted: its window is cut into parts
   * (as many as its count says) and each is asked for again, down to one second. Set it to your
   * server's cap if you know it.
   * @defaultValue 5000
   * @example { maxRecordsPerAnswer: 1000 }
   */
  maxRecordsPerAnswer?: number;
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

/** The constructor's options, checked: credentials, defaults, and the shared options for `HttpClient`. */
export interface ClientSettings {
  userName: string;
  userKey: string;
  tenant: string | undefined;
  version: string;
  maxRecordsPerAnswer: number;
  clientOptions: ClientOptions;
}

/**
 * Checks the constructor's options.
 * @throws InvalidArgumentError for a missing userName or userKey, a blank tenant or version, or
 * a `maxRecordsPerAnswer` that is not a whole number from 1
 */
export function readClientOptions(options: BoxisClientOptions): ClientSettings {
  const { userName, userKey, tenant, version, maxRecordsPerAnswer, ...clientOptions } = options;
  const context: CheckContext = { provider: PROVIDER };
  requireText(userName, context, 'userName', 'the e-mail address you log in to Boxis with');
  requireText(userKey, context, 'userKey', 'your Boxis API user key');
  if (tenant !== undefined) requireText(tenant, context, 'tenant', "a tenant number such as 'VOICE-12001-1'");
  if (version !== undefined) requireText(version, context, 'version', "an API version such as '1.0'");
  return {
    userName,
    userKey,
    tenant,
    version: version ?? DEFAULT_VERSION,
    maxRecordsPerAnswer:
      maxRecordsPerAnswer === undefined
        ? DEFAULT_MAX_RECORDS_PER_ANSWER
        : checkMaxRecordsPerAnswer(maxRecordsPerAnswer, PROVIDER),
    clientOptions,
  };
}

/**
 * Checks a getCDR call's options (one without a cursor) into its parameters and range.
 * @throws InvalidArgumentError for a missing tenant, a bad format or span, or a bad range
 */
export function readGetCdrOptions(
  options: GetCdrOptions,
  defaults: { tenant: string | undefined; timeZone: string },
): { params: GetCdrParams; range: { from: number; to: number } } {
  const context: CheckContext = { provider: PROVIDER, operation: OPERATION };
  const tenant = options.tenant ?? defaults.tenant;
  if (typeof tenant !== 'string' || tenant.trim() === '') {
    throw invalidArgument(
      context,
      'tenant',
      "getCDR needs a tenant (such as 'VOICE-12001-1'): pass `tenant` to getCDR() or to new BoxisClient().",
    );
  }
  const format = checkOneOf(options.format, ['json', 'xml'] as const, context, 'format', 'json');
  const span = checkWindowSpan(options.windowSpan ?? DEFAULT_WINDOW_SPAN, context);
  const range = requireRange('from' in options ? options : {}, context, defaults.timeZone);
  return { params: { tenant, format, span }, range };
}
