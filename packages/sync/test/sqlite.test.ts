import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStore } from '../src/store/sqlite.js';
import { sync } from '../src/sync.js';
import { emulate, PROVIDERS, tempDir } from './helpers.js';

const from = '2024-01-01T00:00:00Z';
const to = '2024-01-15T00:00:00Z';
const temp = tempDir();
afterAll(() => temp.remove());

describe('sync into SQLite', () => {
  it.each(PROVIDERS)('%s: a second run over the same range inserts and updates nothing', async (provider) => {
    const emu = await emulate(provider, { records: 1500, seed: 3, from, to });
    const store = await sqliteStore(join(temp.dir, `${provider}.sqlite`));
    try {
      const first = await sync({ source: emu.source, store, from, to });
      const expected = emu.count();
      expect(first.inserted).toBe(expected);
      expect(first.updated).toBe(0);
      expect(first.watermark).toBe(new Date(to).toISOString());

      const again = await sync({ source: emu.source, store, from, to, full: true });
      expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: expected, records: expected });

      const [row] = await store.query<{ n: number; ids: number }>(
        'SELECT count(*) AS n, count(DISTINCT id) AS ids FROM cdrkit_records WHERE provider = ?',
        [provider],
      );
      expect(row).toEqual({ n: expected, ids: expected });
    } finally {
      await store.close();
      await emu.close();
    }
  });
});
