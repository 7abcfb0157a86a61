import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore } from '../src/store/postgres.js';
import { StoreError } from '../src/store/store-error.js';
import type { Store } from '../src/store/types.js';
import { sync } from '../src/sync.js';
import { emulate, PROVIDERS } from './helpers.js';
import { PG_PASSWORD, type PostgresServer, startPostgres } from './postgres-server.js';

const from = '2024-01-01T00:00:00Z';
const to = '2024-01-15T00:00:00Z';
let server: PostgresServer;
let store: Store;

beforeAll(async () => {
  server = await startPostgres();
  store = await postgresStore(server.url);
});
afterAll(async () => {
  await store?.close();
  await server?.stop();
});

describe('sync into Postgres', () => {
  it.each(PROVIDERS)('%s: a second run over the same range inserts and updates nothing', async (provider) => {
    const emu = await emulate(provider, { records: 1500, seed: 3, from, to });
    try {
      const first = await sync({ source: emu.source, store, from, to });
      const expected = emu.count();
      expect(first).toMatchObject({ inserted: expected, updated: 0, watermark: new Date(to).toISOString() });

      const again = await sync({ source: emu.source, store, from, to, full: true });
      expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: expected, records: expected });

      const [row] = await store.query<{ n: number; ids: number }>(
        'select count(*)::int as n, count(distinct id)::int as ids from cdrkit_records where provider = $1',
        [provider],
      );
      expect(row).toEqual({ n: expected, ids: expected });
    } finally {
      await emu.close();
    }
  });

  it('creates a column per CallRecord field, typed, with the keys of the design', async () => {
    const columns = await store.query<{ name: string; type: string; nullable: string }>(
      `select column_name as name, data_type as type, is_nullable as nullable from information_schema.columns
       where table_name = 'cdrkit_records' order by ordinal_position`,
    );
    expect(columns.map((c) => [c.name, c.type, c.nullable === 'NO'])).toEqual([
      ['provider', 'text', true],
      ['account', 'text', true],
      ['id', 'text', true],
      ['kind', 'text', true],
      ['direction', 'text', true],
      ['status', 'text', true],
      ['from_party', 'text', false],
      ['to_party', 'text', false],
      ['started_at', 'timestamp with time zone', true],
      ['answered_at', 'timestamp with time zone', false],
      ['ended_at', 'timestamp with time zone', false],
      ['duration_sec', 'double precision', false],
      ['billed_sec', 'double precision', false],
      ['cost_amount', 'numeric', false],
      ['cost_currency', 'text', false],
      ['raw', 'jsonb', true],
      ['inserted_at', 'timestamp with time zone', true],
      ['updated_at', 'timestamp with time zone', true],
    ]);
    const keys = await store.query<{ table: string; columns: string }>(
      `select c.conrelid::regclass::text as table, string_agg(a.attname, ',' order by k.n) as columns
       from pg_constraint c cross join lateral unnest(c.conkey) with ordinality as k(attnum, n)
       join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
       where c.contype = 'p' and c.conrelid::regclass::text in ('cdrkit_records', 'cdrkit_sync_state')
       group by c.conrelid order by 1`,
    );
    expect(keys).toEqual([
      { table: 'cdrkit_records', columns: 'provider,account,id' },
      { table: 'cdrkit_sync_state', columns: 'provider,account,operation' },
    ]);
  });

  it('keeps the cost as an exact decimal and raw as JSONB', async () => {
    const [row] = await store.query<{ amount: string; type: string; raw_type: string }>(
      `select cost_amount::text as amount, pg_typeof(cost_amount)::text as type, jsonb_typeof(raw) as raw_type
       from cdrkit_records where provider = 'telecmi' and cost_amount is not null limit 1`,
    );
    expect(row?.type).toBe('numeric');
    expect(row?.raw_type).toBe('object');
    expect(row?.amount).toMatch(/^-?\d+(\.\d+)?$/);
  });

  it('updates a record whose values changed, and counts it as updated', async () => {
    const emu = await emulate('nimblevox', { records: 50, seed: 9, from, to });
    const own = await postgresStore(await server.database('updates'));
    try {
      await sync({ source: emu.source, store: own, from, to });
      await own.query(
        `update cdrkit_records set cost_amount = cost_amount + 1 where account = $1 and id in
         (select id from cdrkit_records where account = $1 order by id limit 3)`,
        [emu.source.account],
      );
      const again = await sync({ source: emu.source, store: own, from, to, full: true });
      expect(again).toMatchObject({ inserted: 0, updated: 3, unchanged: 47 });
    } finally {
      await own.close();
      await emu.close();
    }
  });

  it('refuses a wrong password with a StoreError that does not hold it', async () => {
    const wrong = 'wrong-pass-77ab';
    const error = await postgresStore(server.url.replace(PG_PASSWORD, wrong)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('28P01');
    expect(String((error as Error).message) + String((error as Error).stack)).not.toContain(wrong);
  });

  it('refuses a database written by a newer schema version', async () => {
    const url = await server.database('newer');
    const first = await postgresStore(url);
    await first.query('update cdrkit_schema set version = 99');
    await first.close();
    await expect(postgresStore(url)).rejects.toThrow(/schema version 99.*upgrade @cdrkit\/sync/);
  });
});
