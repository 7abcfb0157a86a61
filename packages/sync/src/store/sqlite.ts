/**
 * The embedded store: one SQLite file through better-sqlite3, in WAL mode so that readers never
 * wait for a sync. Runs into one file take turns through a lock held on a file beside it.
 * @module
 */
import type { CallRecord } from '@cdrkit/core';
import type BetterSqlite3 from 'better-sqlite3';
import {
  checkVersion,
  distinctById,
  RECORD_COLUMNS,
  recordColumnsSql,
  SCHEMA_VERSION,
  TABLES,
  toRow,
  VALUE_COLUMNS,
} from './schema.js';
import { sleep } from './sleep.js';
import { toStoreError } from './store-error.js';
import type { Row, Store, SyncKey, SyncState, WriteCounts } from './types.js';

type Database = BetterSqlite3.Database;

/** Options of {@link sqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * Milliseconds a statement waits for another connection's write transaction before failing.
   * @defaultValue 10000
   * @example { busyTimeoutMs: 30_000 }
   */
  busyTimeoutMs?: number;
  /**
   * Milliseconds between two tries to take the run lock while another run holds it.
   * @defaultValue 100
   * @example { lockPollMs: 500 }
   */
  lockPollMs?: number;
}

const MIGRATIONS: Record<number, string> = {
  1: `
    CREATE TABLE ${TABLES.records} (
      ${recordColumnsSql('sqlite')},
      inserted_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (provider, account, id)
    );
    CREATE INDEX ${TABLES.records}_started ON ${TABLES.records} (provider, account, started_at);
    CREATE TABLE ${TABLES.state} (
      provider TEXT NOT NULL,
      account TEXT NOT NULL,
      operation TEXT NOT NULL,
      watermark TEXT,
      cursor TEXT,
      run_from TEXT,
      run_to TEXT,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (provider, account, operation)
    );`,
};

/**
 * Opens (creating it if needed) an SQLite file as a {@link Store}, and migrates its schema.
 * @example
 * ```ts
 * const store = await sqliteStore('cdrs.sqlite');
 * ```
 */
export async function sqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<Store> {
  let Driver: typeof BetterSqlite3;
  try {
    Driver = (await import('better-sqlite3')).default;
  } catch (error) {
    throw toStoreError(error, 'sqlite', 'loading better-sqlite3 (npm install better-sqlite3)');
  }
  let db: Database;
  try {
    db = new Driver(path, { timeout: options.busyTimeoutMs ?? 10_000 });
    db.pragma('journal_mode = WAL');
    // In WAL mode, NORMAL survives a killed process; a power cut may lose the last commits, page
    // rows and cursor together, which the next run reads again.
    db.pragma('synchronous = NORMAL');
  } catch (error) {
    throw toStoreError(error, 'sqlite', `opening ${path}`);
  }
  const store = new SqliteStore(Driver, db, path, options.lockPollMs ?? 100);
  await store.migrate();
  return store;
}

class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly #Driver: typeof BetterSqlite3;
  readonly #db: Database;
  readonly #path: string;
  readonly #lockPollMs: number;
  #statements: ReturnType<typeof prepare> | undefined;

  constructor(Driver: typeof BetterSqlite3, db: Database, path: string, lockPollMs: number) {
    this.#Driver = Driver;
    this.#db = db;
    this.#path = path;
    this.#lockPollMs = lockPollMs;
  }

  async migrate(): Promise<void> {
    this.#run('migrating the schema', () => {
      this.#db.exec(`CREATE TABLE IF NOT EXISTS ${TABLES.schema} (version INTEGER NOT NULL)`);
      this.#db
        .transaction(() => {
          const row = this.#db.prepare(`SELECT max(version) AS version FROM ${TABLES.schema}`).get() as {
            version: number | null;
          };
          const current = row.version ?? 0;
          checkVersion(current, 'sqlite');
          for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
            this.#db.exec(MIGRATIONS[version] ?? '');
          }
          if (current < SCHEMA_VERSION) {
            this.#db.prepare(`DELETE FROM ${TABLES.schema}`).run();
            this.#db.prepare(`INSERT INTO ${TABLES.schema} (version) VALUES (?)`).run(SCHEMA_VERSION);
          }
        })
        .immediate();
    });
    this.#statements = prepare(this.#db);
  }

  async lock(_key: SyncKey, signal?: AbortSignal): Promise<() => Promise<void>> {
    // An exclusive transaction on a file beside the database: the OS drops it when the process
    // dies, so a killed run never leaves a stale lock. In-memory databases have no neighbour.
    if (this.#path === ':memory:' || this.#path === '') return async () => {};
    const lockDb = this.#run(
      'opening the lock file',
      () => new this.#Driver(`${this.#path}.sync-lock`, { timeout: 0 }),
    );
    for (;;) {
      try {
        lockDb.exec('BEGIN EXCLUSIVE');
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') {
          lockDb.close();
          throw toStoreError(error, 'sqlite', 'taking the run lock');
        }
      }
      try {
        await sleep(this.#lockPollMs, signal);
      } catch (error) {
        lockDb.close();
        throw error;
      }
    }
    return async () => {
      lockDb.exec('ROLLBACK');
      lockDb.close();
    };
  }

  async readState(key: SyncKey): Promise<SyncState | undefined> {
    const row = this.#run('reading the sync state', () =>
      this.#prepared().readState.get(key.provider, key.account, key.operation),
    ) as
      | { watermark: string | null; cursor: string | null; run_from: string | null; run_to: string | null }
      | undefined;
    if (!row) return undefined;
    return {
      watermark: row.watermark,
      cursor: row.cursor === null ? null : JSON.parse(row.cursor),
      runFrom: row.run_from,
      runTo: row.run_to,
    };
  }

  async writePage(key: SyncKey, records: readonly CallRecord[], state: SyncState): Promise<WriteCounts> {
    const { records: distinct, repeats } = distinctById(records);
    const s = this.#prepared();
    return this.#run('writing a page', () =>
      this.#db
        .transaction(() => {
          const now = new Date().toISOString();
          const counts: WriteCounts = { inserted: 0, updated: 0, unchanged: repeats };
          for (const record of distinct) {
            const row = { ...toRow(key, record), now };
            row.raw = JSON.stringify(row.raw);
            if (s.insert.run(row).changes === 1) counts.inserted += 1;
            else if (s.update.run(row).changes === 1) counts.updated += 1;
            else counts.unchanged += 1;
          }
          s.writeState.run(
            key.provider,
            key.account,
            key.operation,
            state.watermark,
            state.cursor === null ? null : JSON.stringify(state.cursor),
            state.runFrom,
            state.runTo,
            now,
          );
          return counts;
        })
        .immediate(),
    );
  }

  async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.#run('a query', () => {
      const statement = this.#db.prepare(sql);
      if (!statement.reader) {
        statement.run(...params);
        return [];
      }
      return statement.all(...params) as T[];
    });
  }

  async close(): Promise<void> {
    this.#db.close();
  }

  #prepared(): ReturnType<typeof prepare> {
    this.#statements ??= prepare(this.#db);
    return this.#statements;
  }

  #run<T>(doing: string, action: () => T): T {
    try {
      return action();
    } catch (error) {
      throw toStoreError(error, 'sqlite', doing);
    }
  }
}

function prepare(db: Database) {
  const columns = RECORD_COLUMNS.join(', ');
  const named = RECORD_COLUMNS.map((c) => `@${c}`).join(', ');
  const set = VALUE_COLUMNS.map((c) => `${c} = @${c}`).join(', ');
  const differs = VALUE_COLUMNS.map((c) => `${c} IS NOT @${c}`).join(' OR ');
  return {
    insert: db.prepare(
      `INSERT INTO ${TABLES.records} (${columns}, inserted_at, updated_at) VALUES (${named}, @now, @now)
       ON CONFLICT (provider, account, id) DO NOTHING`,
    ),
    update: db.prepare(
      `UPDATE ${TABLES.records} SET ${set}, updated_at = @now
       WHERE provider = @provider AND account = @account AND id = @id AND (${differs})`,
    ),
    readState: db.prepare(
      `SELECT watermark, cursor, run_from, run_to FROM ${TABLES.state}
       WHERE provider = ? AND account = ? AND operation = ?`,
    ),
    // The watermark never moves back, even if two runs were to finish out of order.
    writeState: db.prepare(
      `INSERT INTO ${TABLES.state} (provider, account, operation, watermark, cursor, run_from, run_to, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (provider, account, operation) DO UPDATE SET
         watermark = CASE WHEN watermark IS NULL OR excluded.watermark > watermark
                          THEN excluded.watermark ELSE watermark END,
         cursor = excluded.cursor, run_from = excluded.run_from, run_to = excluded.run_to,
         updated_at = excluded.updated_at`,
    ),
  };
}
