/**
 * The options of `TeleCmiClient` and of its methods.
 * @module
 */
import type { ClientOptions, DateInput, ListOptions, RequestOptions } from '@cdrkit/core';
import type { TeleCmiApiVersion } from './versions.js';

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
