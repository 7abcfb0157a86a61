/** What `startEmulator()` accepts: the options shared by every emulator, each one's own, and faults. */
import type { DateInput, RecordedRequest } from './types.js';

/**
 * Faults to inject. Every rate is a probability in [0, 1] decided per request by a PRNG seeded
 * from the emulator's seed, so the same run injects the same faults. Requests for the doc-sample
 * fixtures are never faulted unless `match` selects them.
 *
 * @example
 * const emu = await startEmulator('nimblevox', {
 *   faults: { serverErrorRate: 0.2, rateLimitRate: 0.1, retryAfterSec: 1, latencyMs: [5, 20] },
 * });
 */
export interface Faults {
  /**
   * Delay added before each answer: a fixed number of milliseconds or a `[min, max]` range.
   * @example { latencyMs: [10, 50] }
   */
  latencyMs?: number | readonly [number, number];
  /** Share of requests answered 500, 502 or 503. @example { serverErrorRate: 0.1 } */
  serverErrorRate?: number;
  /** Share of requests answered 429 with a `Retry-After` header. @example { rateLimitRate: 0.1 } */
  rateLimitRate?: number;
  /** Seconds written into `Retry-After` on a 429 (default 1). @example { retryAfterSec: 2 } */
  retryAfterSec?: number;
  /**
   * Share of requests whose connection is destroyed after the headers and part of the body.
   * @example { dropRate: 0.05 }
   */
  dropRate?: number;
  /**
   * Share of requests answered with a complete HTTP response whose body is cut short
   * (`Content-Length` matches the short body). @example { truncateRate: 0.05 }
   */
  truncateRate?: number;
  /**
   * Share of requests answered 200 with a syntactically broken JSON, XML or CSV body.
   * @example { malformedRate: 0.05 }
   */
  malformedRate?: number;
  /**
   * Boxis only: offset of the server's clock from the real one, in seconds; a client whose
   * timestamp is more than the tolerance away from it gets a `timestamperror` answer.
   * @example { clockSkewSec: 3600 }
   */
  clockSkewSec?: number;
  /**
   * After this many (matched) requests, `insertCount` new records appear at the front of the
   * serving order, shifting every offset: what makes offset paging repeat records.
   * @example { insertAfterRequests: 2, insertCount: 3 }
   */
  insertAfterRequests?: number;
  /** How many records `insertAfterRequests` inserts (default 1). */
  insertCount?: number;
  /**
   * Paging providers (TeleCMI, iPing, Nimblevox): the server answers at most this many records
   * a page, whatever the request asked for, and pages by its own size (TeleCMI's production
   * server answers a fixed 10 rows a page and ignores `limit`). Links and counts stay truthful.
   * @example { pageCap: 10 }
   */
  pageCap?: number;
  /**
   * Whole-window providers (Boxis, MIXvoip): an answer silently holds at most this many records
   * (the first ones, in serving order), with no sign that more exist.
   * @example { answerCap: 500 }
   */
  answerCap?: number;
  /**
   * Limits the faults to the requests for which it returns true (by default every request except
   * the doc-sample fixtures).
   * @example { serverErrorRate: 1, match: (req) => req.query.offset === '500' }
   */
  match?: (request: RecordedRequest) => boolean;
}

/** How many faults of each kind the emulator has served since it started. */
export interface FaultCounts {
  /** Requests answered 500, 502 or 503 by `serverErrorRate`. */
  serverError: number;
  /** Requests answered 429 by `rateLimitRate`. */
  rateLimit: number;
  /** Connections destroyed mid-body by `dropRate`. */
  drop: number;
  /** Answers whose body was cut short by `truncateRate`. */
  truncate: number;
  /** Answers given a broken body by `malformedRate`. */
  malformed: number;
  /** Requests that were delayed by `latencyMs`. */
  latency: number;
  /** Boxis requests rejected only because of `clockSkewSec`. */
  clockSkew: number;
  /** Records inserted by `insertAfterRequests` (per data set for TeleCMI: counted once). */
  insert: number;
}

/**
 * Options shared by every emulator.
 *
 * @example
 * await startEmulator('telecmi', { records: 5000, seed: 7, from: '2024-03-01', to: '2024-04-01' });
 */
export interface EmulatorOptions {
  /**
   * Records in the generated data set (per endpoint for TeleCMI). Default 1000.
   * @example { records: 1_000_000 }
   */
  records?: number;
  /** Seed of the data and fault PRNGs: the same seed gives the same records. Default 1. @example { seed: 42 } */
  seed?: number;
  /**
   * Start (inclusive) of the period the records' start times are spread over.
   * Default 2024-01-01T00:00:00Z. @example { from: '2024-01-01T00:00:00Z' }
   */
  from?: DateInput;
  /** End (exclusive) of that period. Default 2024-07-01T00:00:00Z. @example { to: new Date('2024-02-01') } */
  to?: DateInput;
  /**
   * IANA zone of the naive timestamps the emulator writes and reads: default Europe/Zurich for
   * Boxis, America/New_York for iPing's `start_dt`/`end_dt`, UTC for MIXvoip and Nimblevox.
   * TeleCMI uses epoch milliseconds and ignores it.
   * @example { timeZone: 'Europe/Luxembourg' }
   */
  timeZone?: string;
  /**
   * Answer CORS preflights and add `Access-Control-Allow-Origin: *` so a browser page can call
   * the emulator. Default false. @example { cors: true }
   */
  cors?: boolean;
  /** Faults to inject from the start (see {@link Faults}); change them later with `setFaults`. */
  faults?: Faults;
  /** TCP port; 0 (default) picks a free one. @example { port: 4010 } */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. @example { host: '0.0.0.0' } */
  host?: string;
}

/** Options of the TeleCMI emulator. */
export interface TelecmiEmulatorOptions extends EmulatorOptions {
  /**
   * How `/v1/…` rows look: as the doc's sample (`'doc'`: `total`, `_id`, a string `rate`) or as
   * production sends them (`'production'`: `count`, `cmiuid`, `duration`, `agent`, `notes`, a
   * numeric `rate`, `record` and `from`/`to` in either type). The `/v2/…` paths always answer in
   * v2's documented shape. Default `'doc'`.
   * @example { shape: 'production' }
   */
  shape?: 'doc' | 'production';
}

/** Options of the Boxis emulator. */
export interface BoxisEmulatorOptions extends EmulatorOptions {
  /**
   * How far (seconds) a request's `timestamp` may be from the server clock. Default 300.
   * @example { timestampToleranceSec: 60 }
   */
  timestampToleranceSec?: number;
}

/** Options of the iPing emulator. */
export interface IpingEmulatorOptions extends EmulatorOptions {
  /**
   * How fields are written: `<name value="x"/>` (default, like the request document) or
   * `<name>x</name>`. @example { xmlStyle: 'element' }
   */
  xmlStyle?: 'attribute' | 'element';
}

/** Options of the Nimblevox emulator. */
export interface NimblevoxEmulatorOptions extends EmulatorOptions {
  /**
   * Origin written into `next`, `previous` and `href` links. Default the emulator's own URL.
   * @example { linkOrigin: 'https://api.nimblevox.com' }
   */
  linkOrigin?: string;
}
