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
