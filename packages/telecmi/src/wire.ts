/**
 * TeleCMI on the wire: where each version lives, the JSON body every endpoint takes, and reading
 * an answer (JSON, then an error in the body, then the schema, then drift from the version's
 * documented shape, only when someone listens).
 * @module
 */
import {
  type DriftMonitor,
  type HttpRequest,
  type ParseContext,
  parseJson,
  readNumber,
  validate,
} from '@cdrkit/core/provider';
import { throwInBodyError } from './errors.js';
import type { TeleCmiEndpoint } from './normalize.js';
import type { TeleCmiApiVersion } from './options.js';
import {
  type AnalysisResponse,
  analysisSchema,
  DOCUMENTED,
  isPlainPage,
  type ListPosition,
  type PageResponse,
  pageSchema,
  type TeleCmiRecord,
} from './schemas.js';

/** Where a version lives, each endpoint's path, and the body field that carries the app secret. */
export interface ApiSpec {
  baseUrl: string;
  paths: Readonly<Record<TeleCmiEndpoint, string>>;
  secretField: 'token' | 'secret';
}

export const APIS: Readonly<Record<TeleCmiApiVersion, ApiSpec>> = {
  v1: {
    baseUrl: 'https://piopiy.telecmi.com',
    paths: {
      outAnswered: '/v1/outanswered',
      outMissed: '/v1/outmissed',
      answered: '/v1/answered',
      missed: '/v1/missed',
    },
    secretField: 'token',
  },
  v2: {
    baseUrl: 'https://rest.telecmi.com',
    paths: {
      outAnswered: '/v2/out_answered',
      outMissed: '/v2/out_missed',
      answered: '/v2/answered',
      missed: '/v2/missed',
    },
    secretField: 'secret',
  },
};

/** Who asks: the app id and its secret. */
export interface Credentials {
  appId: number;
  token: string;
}

/**
 * The JSON body every endpoint takes: credentials and the range (`end_date` inclusive); no
 * dates at all for TeleCMI's default range (null).
 */
export function requestBody(
  version: TeleCmiApiVersion,
  credentials: Credentials,
  range: { from: number; to: number } | null,
): Record<string, number | string> {
  const body: Record<string, number | string> = {
    appid: credentials.appId,
    [APIS[version].secretField]: credentials.token,
  };
  if (range !== null) {
    body.start_date = range.from;
    body.end_date = range.to - 1;
  }
  return body;
}

/** The request for the page at `at` of `endpoint` in `range` (the signal is the caller's to add). */
export function listRequest(
  version: TeleCmiApiVersion,
  credentials: Credentials,
  endpoint: TeleCmiEndpoint,
  range: { from: number; to: number } | null,
  at: ListPosition,
): HttpRequest {
  return {
    operation: endpoint,
    method: 'POST',
    path: APIS[version].paths[endpoint],
    json: { ...requestBody(version, credentials, range), page: at.page, limit: at.limit },
  };
}

/** What {@link readPage} needs beside the body. */
export interface ReadPageOptions {
  /** Names the call in errors, with the body and status for their excerpt. */
  context: ParseContext;
  /** The endpoint whose documented row drift is measured against. */
  endpoint: TeleCmiEndpoint;
  /** The API version that answered. */
  version: TeleCmiApiVersion;
  /** The client's drift monitor. */
  drift: DriftMonitor;
  /** Redacts the client's credentials from text that goes into an error. */
  redact: (text: string) => string;
}

/** One page as the client uses it: its rows as sent, and the range's count if the answer gave one. */
export interface ReadPage<T> {
  /** Every row of the answer, before the range filter. */
  rows: T[];
  /** `count` (production, v2) or `total` (the v1 doc). */
  count: number | undefined;
}

/**
 * Parses one answer of a list endpoint.
 * @throws AuthenticationError or ApiError for an error in the body (code 502 marked retryable),
 *   ResponseFormatError for a body that is not JSON, a row without an id or time, or (strict) drift
 */
export function readPage<T extends TeleCmiRecord>(body: string, options: ReadPageOptions): ReadPage<T> {
  const { context, endpoint, drift } = options;
  const data = parseJson(body, context);
  throwInBodyError(data, context, options.redact);
  const page = validate(pageSchema, data, context, isPlainPage) as PageResponse<T>;
  const rows = page.cdr ?? [];
  if (drift.active) {
    const { operation } = context;
    const documented = DOCUMENTED[options.version];
    drift.checkRecord(operation, '', page, documented.envelope);
    for (const row of rows) {
      drift.checkRecord(operation, 'cdr[]', row, documented.rows[endpoint]);
      if (documented.note !== undefined && Array.isArray(row.notes)) {
        for (const note of row.notes) drift.checkRecord(operation, 'cdr[].notes[]', note, documented.note);
      }
    }
  }
  const count = readNumber(page.count) ?? readNumber(page.total) ?? undefined;
  return { rows, count };
}

/** The rows whose `time` (a number, or a numeric string) lies in `[from, to)`; all of them without a window. */
export function rowsInWindow<T extends TeleCmiRecord>(
  rows: T[],
  window: { from: number; to: number } | null,
): T[] {
  if (window === null) return rows;
  return rows.filter((row) => {
    const ms = typeof row.time === 'number' ? row.time : Number(row.time);
    return ms >= window.from && ms < window.to;
  });
}

/**
 * Parses `/v1/analysis`'s answer.
 * @throws AuthenticationError or ApiError for an error in the body, ResponseFormatError for an answer without counts
 */
export function readAnalysis(
  body: string,
  context: ParseContext,
  redact: (text: string) => string,
): AnalysisResponse {
  const data = parseJson(body, context);
  throwInBodyError(data, context, redact);
  return validate(analysisSchema, data, context);
}
