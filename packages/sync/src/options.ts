import type { Cursor, DateInput, Paged, ProviderName } from '@cdrkit/core';
import type { Store } from './store/types.js';

/** What a sync hands a list method: the range to read, or the cursor of an unfinished run. */
export interface SyncListRequest {
  /** Start of the range, inclusive, ISO-8601 UTC. */
  from: string;
  /** End of the range, exclusive, ISO-8601 UTC. */
  to: string;
  /** Where an interrupted run continues: the page after the last one committed. */
  cursor?: Cursor;
  /** Aborts every request of the run. */
  signal: AbortSignal;
  /** Requests kept in flight ahead of the database writes. */
  prefetch: number;
}

/** The names of `C`'s methods that return a `Paged` list: `outAnswered`, `getCDR`, … */
export type ListMethodName<C> = {
  [K in keyof C]-?: C[K] extends (options: never) => Paged<unknown> ? K : never;
}[keyof C] &
  string;

/**
 * The options of `C[M]` but those the sync sets itself (the range, cursor, signal, prefetch) and
 * `limit`: filters such as MIXvoip's `profileId`.
 */
export type ListFilters<C, M extends keyof C> = C[M] extends (options: infer O) => Paged<unknown>
  ? Omit<NonNullable<O>, 'from' | 'to' | 'cursor' | 'signal' | 'prefetch' | 'limit'>
  : never;

/** What every source says: whose records they are. */
interface SourceIdentity {
  /**
   * The provider the records come from; every record read must carry it.
   * @example 'telecmi'
   */
  provider: ProviderName;
  /**
   * The account, part of every record's key: `accountOf(provider, settings)` or a stable label
   * of your own. Never a secret.
   * @example accountOf('telecmi', { appId: 1111113 })
   */
  account: string;
}

/**
 * A client and its list method: the sync calls `client[method]({ ...options, from, to, signal,
 * prefetch })`, or `{ cursor }` to finish an interrupted run.
 * @example
 * ```ts
 * { provider: 'mixvoip', account, client: mixvoip, method: 'getCalls', options: { profileId } }
 * ```
 */
export interface ClientSource<C, M extends ListMethodName<C>> extends SourceIdentity {
  /** A cdrkit client: `TeleCmiClient`, `BoxisClient`, `MixvoipClient`, `IpingClient`, `NimblevoxClient`. */
  client: C;
  /**
   * Its list method to sync.
   * @example 'outAnswered'
   */
  method: M;
  /**
   * The list method's other options (filters, format); the range and paging are the sync's.
   * @example { profileId: '12345' }
   */
  options?: ListFilters<C, M>;
  /**
   * The name the watermark is kept under. Default: the method's name. Give filtered syncs of
   * one account names of their own, so that each keeps its own watermark.
   * @example 'outAnswered:team-a'
   */
  operation?: string;
}

/**
 * A list function: for what a client and method cannot say (several calls, a wrapper).
 * @example
 * ```ts
 * { provider: 'telecmi', account, operation: 'outAnswered', list: (request) => telecmi.outAnswered(request) }
 * ```
 */
export interface ListSource extends SourceIdentity {
  /** The name the watermark is kept under, usually the list method's. */
  operation: string;
  /** Starts the list call for a request; called once or twice per run. */
  list(request: SyncListRequest): Paged<unknown>;
}

/** Where records come from: a client and its list method, or a list function. */
export type SyncSource<C = unknown, M extends ListMethodName<C> = ListMethodName<C>> =
  | ClientSource<C, M>
  | ListSource;

/** How far a run has come. */
export interface SyncProgress {
  /** Records read so far. */
  records: number;
  /** Pages committed so far. */
  pages: number;
  /** New records. */
  inserted: number;
  /** Records that changed. */
  updated: number;
  /** Records read again unchanged. */
  unchanged: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
}

/** What a run did, and where the watermark now stands. */
export interface SyncSummary extends SyncProgress {
  /** The provider synced. */
  provider: ProviderName;
  /** The account synced. */
  account: string;
  /** The watermark's name (the list method). */
  operation: string;
  /** Start of the range this run read (ISO UTC), or null when it had nothing new to read. */
  from: string | null;
  /** End (exclusive) of that range. */
  to: string | null;
  /** Every record that started before this instant has been read (ISO UTC). */
  watermark: string | null;
  /** True when the run first finished a run that had been interrupted. */
  resumed: boolean;
}

/** Options of {@link sync}. */
export interface SyncOptions<C = unknown, M extends ListMethodName<C> = ListMethodName<C>> {
  /** Where records come from. */
  source: SyncSource<C, M>;
  /** Where they go: `await openStore('cdrs.sqlite')` or a Postgres URL. */
  store: Store;
  /**
   * Where the first run starts (inclusive). Needed until a watermark exists; later runs start at
   * the watermark minus `lookback` and ignore it (unless `full`).
   * @example '2024-01-01'
   */
  from?: DateInput;
  /**
   * End of the range (exclusive). Default: now.
   * @example new Date()
   */
  to?: DateInput;
  /**
   * How far before the watermark each run reads again, for records that arrive or change late:
   * milliseconds, or a number with `ms`, `s`, `m`, `h` or `d`.
   * @defaultValue '24h'
   * @example '2h'
   */
  lookback?: string | number;
  /**
   * Read from `from` whatever the watermark says: a backfill or a repair.
   * @defaultValue false
   * @example true
   */
  full?: boolean;
  /**
   * Requests kept in flight ahead of the database writes (the list call's `prefetch`).
   * @defaultValue 1
   * @example 2
   */
  prefetch?: number;
  /** Stops the run: what was committed stays, and the next run continues from it. */
  signal?: AbortSignal;
  /**
   * Called after each committed page.
   * @example (p) => console.log(`${p.records} records`)
   */
  onProgress?: (progress: SyncProgress) => void;
}
