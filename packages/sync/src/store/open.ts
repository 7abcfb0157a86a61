import { type PostgresStoreOptions, postgresStore } from './postgres.js';
import { type SqliteStoreOptions, sqliteStore } from './sqlite.js';
import type { Store } from './types.js';

/**
 * Opens the store a `--db` value names: a `postgres://` or `postgresql://` URL is a Postgres
 * database, anything else an SQLite file (created if missing). The schema is created or
 * migrated on the way.
 * @example
 * ```ts
 * const store = await openStore('cdrs.sqlite');
 * const shared = await openStore('postgres://cdr:secret@db.internal:5432/cdrs');
 * ```
 */
export function openStore(
  db: string,
  options: SqliteStoreOptions & PostgresStoreOptions = {},
): Promise<Store> {
  return isPostgresUrl(db) ? postgresStore(db, options) : sqliteStore(db, options);
}

/** True for `postgres://…` and `postgresql://…`. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(db);
}
