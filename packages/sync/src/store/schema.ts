/**
 * The tables, shared by both stores: one row per record (a column per `CallRecord` field), one
 * state row per (provider, account, operation), and the schema version.
 * @module
 */
import type { CallRecord } from '@cdrkit/core';
import { toStoreError } from './store-error.js';
import type { SyncKey } from './types.js';

/** The schema version this package writes; a database at a higher one is refused. */
export const SCHEMA_VERSION = 1;

/** Table names: prefixed, so that they sit beside the user's own tables. */
export const TABLES = {
  /** One row per record, a column per `CallRecord` field; key (provider, account, id). */
  records: 'cdrkit_records',
  /** One row per (provider, account, operation): the watermark, and an unfinished run's cursor. */
  state: 'cdrkit_sync_state',
  /** The schema version, one row. */
  schema: 'cdrkit_schema',
} as const;

/**
 * The record columns in insert order, with the `CallRecord` field each holds. `from` and `to`
 * are SQL keywords, hence `from_party` and `to_party`.
 */
export const RECORD_COLUMNS = [
  'provider',
  'account',
  'id',
  'kind',
  'direction',
  'status',
  'from_party',
  'to_party',
  'started_at',
  'answered_at',
  'ended_at',
  'duration_sec',
  'billed_sec',
  'cost_amount',
  'cost_currency',
  'raw',
] as const;

/** A column of {@link TABLES.records} that holds a `CallRecord` field (or the key's account). */
export type RecordColumn = (typeof RECORD_COLUMNS)[number];

/** Columns compared to tell an update from an unchanged record: all but the key. */
export const VALUE_COLUMNS = RECORD_COLUMNS.slice(3);

/**
 * The SQL type of each record column in each store: times as ISO text in SQLite and
 * `timestamptz` in Postgres, the cost an exact decimal (text in SQLite, `numeric` in Postgres,
 * never a float), `raw` as JSON text in SQLite and `jsonb` in Postgres.
 */
export const COLUMN_TYPES: Record<RecordColumn, { sqlite: string; postgres: string; nullable?: true }> = {
  provider: { sqlite: 'TEXT', postgres: 'text' },
  account: { sqlite: 'TEXT', postgres: 'text' },
  id: { sqlite: 'TEXT', postgres: 'text' },
  kind: { sqlite: 'TEXT', postgres: 'text' },
  direction: { sqlite: 'TEXT', postgres: 'text' },
  status: { sqlite: 'TEXT', postgres: 'text' },
  from_party: { sqlite: 'TEXT', postgres: 'text', nullable: true },
  to_party: { sqlite: 'TEXT', postgres: 'text', nullable: true },
  started_at: { sqlite: 'TEXT', postgres: 'timestamptz' },
  answered_at: { sqlite: 'TEXT', postgres: 'timestamptz', nullable: true },
  ended_at: { sqlite: 'TEXT', postgres: 'timestamptz', nullable: true },
  duration_sec: { sqlite: 'REAL', postgres: 'double precision', nullable: true },
  billed_sec: { sqlite: 'REAL', postgres: 'double precision', nullable: true },
  cost_amount: { sqlite: 'TEXT', postgres: 'numeric', nullable: true },
  cost_currency: { sqlite: 'TEXT', postgres: 'text', nullable: true },
  raw: { sqlite: 'TEXT', postgres: 'jsonb' },
};

/**
 * `name TYPE [NOT NULL]` of every record column in `store`'s dialect, for the CREATE TABLE of
 * schema version 1 (a later change to the columns is a migration of its own).
 */
export function recordColumnsSql(store: 'sqlite' | 'postgres'): string {
  return RECORD_COLUMNS.map((column) => {
    const type = COLUMN_TYPES[column];
    return `${column} ${type[store]}${type.nullable ? '' : ' NOT NULL'}`;
  }).join(',\n      ');
}

/** One record as a row of {@link RECORD_COLUMNS}, keyed by column; `raw` as the record has it. */
export interface RecordRow {
  provider: string;
  account: string;
  id: string;
  kind: string;
  direction: string;
  status: string;
  from_party: string | null;
  to_party: string | null;
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
  duration_sec: number | null;
  billed_sec: number | null;
  cost_amount: string | null;
  cost_currency: string | null;
  raw: unknown;
}

/** The row of `record` under `key`'s account (`raw` left as a value: each store encodes it). */
export function toRow(key: SyncKey, record: CallRecord): RecordRow {
  return {
    provider: record.provider,
    account: key.account,
    id: record.id,
    kind: record.kind,
    direction: record.direction,
    status: record.status,
    from_party: record.from,
    to_party: record.to,
    started_at: record.startedAt,
    answered_at: record.answeredAt,
    ended_at: record.endedAt,
    duration_sec: record.durationSec,
    billed_sec: record.billedSec,
    cost_amount: record.cost?.amount ?? null,
    cost_currency: record.cost?.currency ?? null,
    raw: record.raw ?? null,
  };
}

/**
 * The page's records, one per id (the last one wins: a page that repeats an id would otherwise
 * make Postgres refuse the statement), and how many repeats were dropped.
 */
export function distinctById(records: readonly CallRecord[]): { records: CallRecord[]; repeats: number } {
  const byId = new Map<string, CallRecord>();
  for (const record of records) byId.set(record.id, record);
  return { records: [...byId.values()], repeats: records.length - byId.size };
}

/** Refuses a database at a newer schema than this package knows: it may mean other columns. */
export function checkVersion(current: number, store: 'sqlite' | 'postgres'): void {
  if (current > SCHEMA_VERSION) {
    throw toStoreError(
      new Error(
        `the database is at schema version ${current}, written by a newer @cdrkit/sync (this one knows ${SCHEMA_VERSION}): upgrade @cdrkit/sync`,
      ),
      store,
      'checking the schema version',
    );
  }
}
