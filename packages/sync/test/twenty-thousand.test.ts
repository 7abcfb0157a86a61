/**
 * The "done when" at full size: 20,000 emulated records per provider, a first sync and
 * a second run over the same range, into SQLite and into Postgres (ten runs). sqlite.test.ts and
 * postgres.test.ts check the same at 1,500 records with more detail; the bench
 * (`pnpm --filter @cdrkit/bench bench:sync`) measures the same runs.
 */
import { join } from 'node:path';
import type { ProviderName } from '@cdrkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open.js';
import { sync } from '../src/sync.js';
import { emulate, PROVIDERS, tempDir } from './helpers.js';
import { type PostgresServer, startPostgres } from './postgres-server.js';

const from = '2024-01-01T00:00:00.000Z';
const to = '2024-07-01T00:00:00.000Z';
const temp = tempDir();
let server: PostgresServer;

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
  temp.remove();
});

const stores = {
  SQLite: async (provider: ProviderName) => join(temp.dir, `${provider}.sqlite`),
  Postgres: (provider: ProviderName) => server.database(`twenty_${provider}`),
};
const runs = PROVIDERS.flatMap((provider) =>
  (['SQLite', 'Postgres'] as const).map((store) => [provider, store] as const),
);

describe.each(runs)('%s into %s, 20,000 records', (provider: ProviderName, storeName) => {
  it('a second run inserts 0 and updates 0, and the rows match the provider’s records exactly', async () => {
    const emu = await emulate(provider, { records: 20_000, seed: 1, from, to });
    const store = await openStore(await stores[storeName](provider));
    try {
      const first = await sync({ source: emu.source, store, from, to, prefetch: 2 });
      expect(first).toMatchObject({ inserted: 20_000, updated: 0, unchanged: 0, watermark: to });

      const second = await sync({ source: emu.source, store, from, to, prefetch: 2, full: true });
      expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 20_000 });

      const rows = await store.query<{ id: string }>('select id from cdrkit_records');
      const expected = emu.source.list({ from, to, signal: new AbortController().signal, prefetch: 2 });
      const ids: string[] = [];
      for await (const record of expected.records()) ids.push(record.id);
      expect(rows.map((row) => row.id).sort()).toEqual(ids.sort());
      expect(emu.count()).toBe(20_000);
    } finally {
      await store.close();
      await emu.close();
    }
  }, 120_000);
});
