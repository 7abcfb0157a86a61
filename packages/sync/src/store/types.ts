import type { CallRecord, Cursor, ProviderName } from '@cdrkit/core';

/** What one watermark belongs to: a provider account and the list method synced from it. */
export interface SyncKey {
  /** The provider, as records carry it (`telecmi`, `boxis`, …). */
  provider: ProviderName;
  /** The account the credentials open, as {@link accountOf} derives it: never a secret. */
  account: string;
  /** The list method synced (`outAnswered`, `getCDR`, …), or your own name for a filtered sync. */
  operation: string;
}

/** The state row of a {@link SyncKey}: how far it is synced, and the run in progress, if any. */
export interface SyncState {
  /** Every record that started before this instant (ISO UTC) was read by a completed run; null before the first. */
  watermark: string | null;
  /** The cursor after the last page committed by a run that has not finished; null when none is pending. */
  cursor: Cursor | null;
  /** The range of that unfinished run (ISO UTC), so that finishing it moves the watermark to its end. */
  runFrom: string | null;
  /** End (exclusive) of the unfinished run, ISO UTC. */
  runTo: string | null;
}

/** How one page's records landed in the table. */
export interface WriteCounts {
  /** Records whose key was new. */
  inserted: number;
  /** Records whose key existed with other values: the row was rewritten. */
  updated: number;
  /** Records identical to their row (or repeated within the page): nothing was written. */
  unchanged: number;
}

/** A row of a query run through {@link Store.query}. */
export type Row = Record<string, unknown>;

/**
 * Where records are kept: an SQLite file or a Postgres database. Each method is one short
 * transaction; {@link Store.writePage} commits a page's rows and the state together.
 */
export interface Store {
  /** `'sqlite'` or `'postgres'`. */
  readonly kind: 'sqlite' | 'postgres';
  /** Creates the tables, or migrates them to the current schema version. Idempotent. */
  migrate(): Promise<void>;
  /**
   * Waits until no other run holds `key` (in this process or another), then holds it until the
   * returned function is called. A process that dies releases it. Aborting `signal` stops the wait.
   */
  lock(key: SyncKey, signal?: AbortSignal): Promise<() => Promise<void>>;
  /** The state of `key`, or undefined before its first page. */
  readState(key: SyncKey): Promise<SyncState | undefined>;
  /** Upserts `records` (by provider, account, id) and saves `state`, in one transaction. */
  writePage(key: SyncKey, records: readonly CallRecord[], state: SyncState): Promise<WriteCounts>;
  /**
   * Runs one SQL statement and returns its rows: for reports and checks. Parameters are `?` in
   * SQLite and `$1`, `$2`, … in Postgres.
   * @example
   * ```ts
   * await store.query('select provider, count(*) as n from cdrkit_records group by provider');
   * ```
   */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Closes the connection (or pool). */
  close(): Promise<void>;
}
