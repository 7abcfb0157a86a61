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

/** Columns compared to tell an update from an unchanged record: all but the key. */
export const VALUE_COLUMNS = RECORD_COLUMNS.slice(3);

/** One record as a row of {@link RECORD_COLUMNS}; `raw` as JSON text. */
export type RecordRow = [
  provider: string,
  account: string,
  id: string,
  kind: string,
  direction: string,
  status: string,
  fromParty: string | null,
  toParty: string | null,
  startedAt: string,
  answeredAt: string | null,
  endedAt: string | null,
  durationSec: number | null,
  billedSec: number | null,
  costAmount: string | null,
  costCurrency: string | null,
  raw: string,
];

/** The row of `record` under `key`'s account. */
export function toRow(key: SyncKey, record: CallRecord): RecordRow {
  return [
    record.provider,
    key.account,
    record.id,
    record.kind,
    record.direction,
    record.status,
    record.from,
    record.to,
    record.startedAt,
    record.answeredAt,
    record.endedAt,
    record.durationSec,
    record.billedSec,
    record.cost?.amount ?? null,
    record.cost?.currency ?? null,
    JSON.stringify(record.raw ?? null),
  ];
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
