import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../src/store/schema.js';
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

describe('the SQLite schema', () => {
  it('has a column per CallRecord field, the cost as exact text, keys and a schema version', async () => {
    const store = await sqliteStore(join(temp.dir, 'schema.sqlite'));
    try {
      const columns = await store.query<{ name: string; type: string; notnull: number; pk: number }>(
        'SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid',
        ['cdrkit_records'],
      );
      expect(columns.map((c) => [c.name, c.type, c.notnull === 1])).toEqual([
        ['provider', 'TEXT', true],
        ['account', 'TEXT', true],
        ['id', 'TEXT', true],
        ['kind', 'TEXT', true],
        ['direction', 'TEXT', true],
        ['status', 'TEXT', true],
        ['from_party', 'TEXT', false],
        ['to_party', 'TEXT', false],
        ['started_at', 'TEXT', true],
        ['answered_at', 'TEXT', false],
        ['ended_at', 'TEXT', false],
        ['duration_sec', 'REAL', false],
        ['billed_sec', 'REAL', false],
        ['cost_amount', 'TEXT', false],
        ['cost_currency', 'TEXT', false],
        ['raw', 'TEXT', true],
        ['inserted_at', 'TEXT', true],
        ['updated_at', 'TEXT', true],
      ]);
      const key = (rows: { name: string; pk: number }[]) =>
        rows
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name);
      expect(key(columns)).toEqual(['provider', 'account', 'id']);
      const state = await store.query<{ name: string; pk: number }>(
        'SELECT name, pk FROM pragma_table_info(?)',
        ['cdrkit_sync_state'],
      );
      expect(key(state)).toEqual(['provider', 'account', 'operation']);
      expect(state.map((c) => c.name)).toContain('watermark');
      expect(await store.query('SELECT version FROM cdrkit_schema')).toEqual([{ version: SCHEMA_VERSION }]);
    } finally {
      await store.close();
    }
  });
});
