/**
 * The Postgres store, through postgres.js. A run holds a session advisory lock per
 * (provider, account, operation) on a connection of its own, so two runs for one account take
 * turns while different accounts sync in parallel; a dead run's session ends and frees it.
 * @module
 */
import { createHash } from 'node:crypto';
import type { CallRecord } from '@cdrkit/core';
import type PostgresDriver from 'postgres';
import {
  COLUMN_TYPES,
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

type Sql = PostgresDriver.Sql<Record<string, never>>;

/** Options of {@link postgresStore}. */
export interface PostgresStoreOptions {
  /**
   * Connections in the pool. A run holds one from its lock to its end (its writes go through it);
   * runs beyond this number wait for a connection.
   * @defaultValue 4
   * @example { maxConnections: 10 }
   */
  maxConnections?: number;
  /**
   * Milliseconds between two tries to take a run's lock while another run holds it.
   * @defaultValue 200
   * @example { lockPollMs: 1000 }
   */
  lockPollMs?: number;
}

const MIGRATIONS: Record<number, string> = {
  1: `
    create table ${TABLES.records} (
      ${recordColumnsSql('postgres')},
      inserted_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (provider, account, id)
    );
    create index ${TABLES.records}_started on ${TABLES.records} (provider, account, started_at);
    create table ${TABLES.state} (
      provider text not null,
      account text not null,
      operation text not null,
      watermark timestamptz,
      cursor jsonb,
      run_from timestamptz,
      run_to timestamptz,
      updated_at timestamptz not null,
      primary key (provider, account, operation)
    );`,
};

/** Any constant: the key of the transaction lock that serializes migrations. */
const MIGRATION_LOCK = '7466081235470528341';

// One text parameter per page, a JSON array of rows (text, so that the driver does not encode it again): no limit on parameters, one parse on the server.
// An unchanged row is not rewritten (the WHERE), and `xmax = 0` tells an insert from an update.
const UPSERT = `
  insert into ${TABLES.records} (${RECORD_COLUMNS.join(', ')}, inserted_at, updated_at)
  select ${RECORD_COLUMNS.map((c) => `r.${c}`).join(', ')}, now(), now()
  from jsonb_to_recordset($1::text::jsonb) as r(${RECORD_COLUMNS.map((c) => `${c} ${COLUMN_TYPES[c].postgres}`).join(', ')})
  on conflict (provider, account, id) do update set
    ${VALUE_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = excluded.updated_at
  where (${VALUE_COLUMNS.map((c) => `${TABLES.records}.${c}`).join(', ')})
    is distinct from (${VALUE_COLUMNS.map((c) => `excluded.${c}`).join(', ')})
  returning (xmax = 0) as inserted`;

// greatest() skips nulls: the watermark never moves back.
const WRITE_STATE = `
  insert into ${TABLES.state} (provider, account, operation, watermark, cursor, run_from, run_to, updated_at)
  values ($1, $2, $3, $4::timestamptz, $5::text::jsonb, $6::timestamptz, $7::timestamptz, now())
  on conflict (provider, account, operation) do update set
    watermark = greatest(${TABLES.state}.watermark, excluded.watermark),
    cursor = excluded.cursor, run_from = excluded.run_from, run_to = excluded.run_to,
    updated_at = excluded.updated_at`;

/**
 * Connects to Postgres (`postgres://user:password@host:5432/db`) as a {@link Store}, and creates
 * or migrates its tables. The URL's password never appears in an error.
 * @example
 * ```ts
 * const store = await postgresStore(process.env.DATABASE_URL ?? 'postgres://localhost/cdrs');
 * ```
 */
export async function postgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const secrets = passwordOf(url);
  let sql: Sql;
  try {
    const driver = (await import('postgres')).default;
    sql = driver(url, {
      max: options.maxConnections ?? 4,
      onnotice: () => {},
      connection: { application_name: 'cdrkit-sync' },
    }) as unknown as Sql;
  } catch (error) {
    throw toStoreError(error, 'postgres', 'connecting', secrets);
  }
  const store = new PostgresStore(sql, secrets, options.lockPollMs ?? 200);
  try {
    await store.migrate();
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw error;
  }
  return store;
}

type Reserved = Awaited<ReturnType<Sql['reserve']>>;
type Runner = Pick<Sql, 'unsafe'>;

class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly #sql: Sql;
  readonly #secrets: string[];
  readonly #lockPollMs: number;
  /** The connection that holds each run's lock, by lock id: the run's writes go through it. */
  readonly #held = new Map<string, Reserved>();

  constructor(sql: Sql, secrets: string[], lockPollMs: number) {
    this.#sql = sql;
    this.#secrets = secrets;
    this.#lockPollMs = lockPollMs;
  }

  migrate(): Promise<void> {
    return this.#run('migrating the schema', async () => {
      await this.#sql.begin(async (tx) => {
        await tx.unsafe(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
        await tx.unsafe(`create table if not exists ${TABLES.schema} (version integer not null)`);
        const [row] = await tx.unsafe(`select max(version) as version from ${TABLES.schema}`);
        const current = Number(row?.version ?? 0);
        checkVersion(current, 'postgres');
        for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
          await tx.unsafe(MIGRATIONS[version] ?? '');
        }
        if (current < SCHEMA_VERSION) {
          await tx.unsafe(`delete from ${TABLES.schema}`);
          await tx.unsafe(`insert into ${TABLES.schema} (version) values ($1)`, [SCHEMA_VERSION]);
        }
      });
    });
  }

  async lock(key: SyncKey, signal?: AbortSignal): Promise<() => Promise<void>> {
    const id = lockIdOf(key);
    const reserved = await this.#run('reserving a connection', () => this.#sql.reserve());
    try {
      for (;;) {
        const [row] = await this.#run('taking the run lock', () =>
          reserved.unsafe('select pg_try_advisory_lock($1::bigint) as locked', [id]),
        );
        if (row?.locked === true) break;
        await sleep(this.#lockPollMs, signal);
      }
    } catch (error) {
      reserved.release();
      throw error;
    }
    this.#held.set(id, reserved);
    return async () => {
      this.#held.delete(id);
      try {
        await reserved.unsafe('select pg_advisory_unlock($1::bigint)', [id]);
      } finally {
        reserved.release();
      }
    };
  }

  readState(key: SyncKey): Promise<SyncState | undefined> {
    return this.#run('reading the sync state', async () => {
      const [row] = await (this.#held.get(lockIdOf(key)) ?? this.#sql).unsafe(
        `select watermark, cursor, run_from, run_to from ${TABLES.state}
         where provider = $1 and account = $2 and operation = $3`,
        [key.provider, key.account, key.operation],
      );
      if (!row) return undefined;
      return {
        watermark: isoOrNull(row.watermark),
        cursor: row.cursor ?? null,
        runFrom: isoOrNull(row.run_from),
        runTo: isoOrNull(row.run_to),
      };
    });
  }

  writePage(key: SyncKey, records: readonly CallRecord[], state: SyncState): Promise<WriteCounts> {
    const { records: distinct, repeats } = distinctById(records);
    const rows = JSON.stringify(distinct.map((record) => toRow(key, record)));
    return this.#run('writing a page', () =>
      this.#transaction(key, async (tx) => {
        const counts: WriteCounts = { inserted: 0, updated: 0, unchanged: repeats };
        if (distinct.length > 0) {
          const written = await tx.unsafe(UPSERT, [rows]);
          for (const row of written) {
            if (row.inserted) counts.inserted += 1;
            else counts.updated += 1;
          }
          counts.unchanged += distinct.length - written.length;
        }
        await tx.unsafe(WRITE_STATE, [
          key.provider,
          key.account,
          key.operation,
          state.watermark,
          state.cursor === null ? null : JSON.stringify(state.cursor),
          state.runFrom,
          state.runTo,
        ]);
        return counts;
      }),
    );
  }

  /**
   * Runs `work` in a transaction on the connection that holds `key`'s lock, so that a run needs
   * one connection (many runs on a small pool cannot starve each other), else on the pool.
   */
  async #transaction<T>(key: SyncKey, work: (tx: Runner) => Promise<T>): Promise<T> {
    const held = this.#held.get(lockIdOf(key));
    if (!held) return (await this.#sql.begin((tx) => work(tx))) as T;
    await held.unsafe('begin');
    try {
      const result = await work(held);
      await held.unsafe('commit');
      return result;
    } catch (error) {
      await held.unsafe('rollback').catch(() => {});
      throw error;
    }
  }

  query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.#run('a query', async () => {
      const rows = await this.#sql.unsafe(sql, params as never[]);
      return [...rows] as unknown as T[];
    });
  }

  async close(): Promise<void> {
    await this.#sql.end({ timeout: 5 });
  }

  async #run<T>(doing: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw toStoreError(error, 'postgres', doing, this.#secrets);
    }
  }
}

/** A 64-bit advisory lock key per (provider, account, operation), as a decimal string. */
export function lockIdOf(key: SyncKey): string {
  const digest = createHash('sha256')
    .update(`cdrkit-sync\0${key.provider}\0${key.account}\0${key.operation}`)
    .digest();
  return digest.readBigInt64BE(0).toString();
}

function isoOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return new Date(value as string | Date).toISOString();
}

/** The password in a connection URL, to cut out of error messages (decoded and as written). */
function passwordOf(url: string): string[] {
  try {
    const password = new URL(url).password;
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}
