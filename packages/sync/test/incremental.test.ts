import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStore } from '../src/store/sqlite.js';
import { sync } from '../src/sync.js';
import { emulate, PROVIDERS, recentRange, tempDir } from './helpers.js';

const temp = tempDir();
afterAll(() => temp.remove());

describe('incremental runs', () => {
  it.each(PROVIDERS)(
    '%s: records that arrive in the past after a run are picked up by the next one',
    async (provider) => {
      // A cron job's view: the last six hours, synced up to now.
      const range = recentRange(6);
      const emu = await emulate(provider, { records: 300, seed: 11, ...range });
      const store = await sqliteStore(join(temp.dir, `late-${provider}.sqlite`));
      try {
        const first = await sync({ source: emu.source, store, from: range.from });
        expect(first.inserted).toBe(300);

        // Five records appear with start times hours before the watermark, as late CDRs do.
        emu.setFaults({ insertAfterRequests: 1, insertCount: 5 });
        await emu.source.list({ ...range, signal: new AbortController().signal, prefetch: 0 });
        expect(emu.count()).toBe(305);

        const second = await sync({ source: emu.source, store });
        expect(second).toMatchObject({ inserted: 5, updated: 0, unchanged: 300 });
        const [row] = await store.query<{ n: number }>('SELECT count(*) AS n FROM cdrkit_records');
        expect(row?.n).toBe(305);
        expect(Date.parse(second.watermark ?? '')).toBeGreaterThan(Date.parse(first.watermark ?? ''));
      } finally {
        await store.close();
        await emu.close();
      }
    },
  );

  it('reads from the watermark minus the lookback, and ignores `from` once a watermark exists', async () => {
    const from = '2024-01-01T00:00:00.000Z';
    const to = '2024-01-11T00:00:00.000Z';
    const emu = await emulate('nimblevox', { records: 500, seed: 12, from, to });
    const store = await sqliteStore(join(temp.dir, 'window.sqlite'));
    try {
      await sync({ source: emu.source, store, from, to: '2024-01-06T00:00:00Z' });
      const second = await sync({ source: emu.source, store, from, to, lookback: '2h' });
      expect(second.from).toBe('2024-01-05T22:00:00.000Z');
      expect(second.to).toBe(to);
      expect(second.watermark).toBe(to);
      expect(second.inserted).toBeGreaterThan(200);
      const [row] = await store.query<{ n: number }>('SELECT count(*) AS n FROM cdrkit_records');
      expect(row?.n).toBe(500);
      // A run with nothing new to read leaves everything as it was.
      const third = await sync({ source: emu.source, store, to, lookback: 0 });
      expect(third).toMatchObject({ from: null, records: 0, watermark: to });
    } finally {
      await store.close();
      await emu.close();
    }
  });

  it('the watermark never moves back when a run ends earlier than the last', async () => {
    const emu = await emulate('telecmi', { records: 50, seed: 13, from: '2024-01-01', to: '2024-01-03' });
    const store = await sqliteStore(join(temp.dir, 'back.sqlite'));
    try {
      await sync({ source: emu.source, store, from: '2024-01-01', to: '2024-01-03T00:00:00Z' });
      const earlier = await sync({
        source: emu.source,
        store,
        from: '2024-01-01',
        to: '2024-01-02T00:00:00Z',
        full: true,
      });
      expect(earlier.watermark).toBe('2024-01-03T00:00:00.000Z');
    } finally {
      await store.close();
      await emu.close();
    }
  });

  it('reads an unfinished range again from its start when its saved cursor is refused', async () => {
    const from = '2024-01-01T00:00:00.000Z';
    const to = '2024-01-08T00:00:00.000Z';
    const emu = await emulate('nimblevox', { records: 300, seed: 14, from, to });
    const store = await sqliteStore(join(temp.dir, 'stale.sqlite'));
    try {
      // As if a run of another cdrkit version had been killed, leaving a cursor this one cannot read.
      const key = { provider: 'nimblevox' as const, account: emu.source.account, operation: 'listSdrs' };
      await store.writePage(key, [], {
        watermark: null,
        cursor: { written: 'elsewhere' },
        runFrom: from,
        runTo: to,
      });
      const summary = await sync({ source: emu.source, store, to });
      expect(summary).toMatchObject({ resumed: true, inserted: 300, watermark: to });
      const [state] = await store.query<{ cursor: unknown }>('SELECT cursor FROM cdrkit_sync_state');
      expect(state?.cursor).toBeNull();
    } finally {
      await store.close();
      await emu.close();
    }
  });
});
