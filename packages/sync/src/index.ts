/**
 * `@cdrkit/sync`: keep an SQLite file or a Postgres database in step with a provider account,
 * incrementally and exactly once, safe to kill and to run twice at once.
 * @module
 */
export { type AccountSettings, accountOf } from './account.js';
export type {
  ClientSource,
  ListFilters,
  ListMethodName,
  ListSource,
  SyncListRequest,
  SyncOptions,
  SyncProgress,
  SyncSource,
  SyncSummary,
} from './options.js';
export { isPostgresUrl, openStore } from './store/open.js';
export { type PostgresStoreOptions, postgresStore } from './store/postgres.js';
export { RECORD_COLUMNS, SCHEMA_VERSION, TABLES } from './store/schema.js';
export { type SqliteStoreOptions, sqliteStore } from './store/sqlite.js';
export { StoreError } from './store/store-error.js';
export type { Row, Store, SyncKey, SyncState, WriteCounts } from './store/types.js';
export { DEFAULT_LOOKBACK, parseLookback, sync } from './sync.js';
