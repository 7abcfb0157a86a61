import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncProgress } from '../src/options.js';
import { openStore } from '../src/store/open.js';
import { postgresStore } from '../src/store/postgres.js';
import type { Store } from '../src/store/types.js';
import { sync } from '../src/sync.js';
import { type Emulated, emulate, tempDir } from './helpers.js';
import { type PostgresServer, startPostgres } from './postgres-server.js';

const from = '2024-01-01T00:00:00.000Z';
const to = '2024-02-01T00:00:00.000Z';
const temp = tempDir();
let server: PostgresServer;
let emu: Emulated;

beforeAll(async () => {
  server = await startPostgres();
  // Pages of 200 with some latency: two unlocked runs would interleave their pages.
  emu = await emulate('nimblevox', {
    records: 2000,
    seed: 21,
    from,
    to,
    faults: { pageCap: 200, latencyMs: 5 },
  });
});
afterAll(async () => {
  await emu?.close();
  await server?.stop();
  temp.remove();
});

/** Runs a sync and notes when each of its pages was committed. */
async function timedSync(store: Store, events: Array<[string, number]>, name: string) {
  return sync({
    source: emu.source,
    store,
    from,
    to,
    full: true,
    onProgress: (_: SyncProgress) => events.push([name, performance.now()]),
  });
}

describe.each([
  ['SQLite', async () => join(temp.dir, 'both.sqlite')],
  ['Postgres', () => server.database('both')],
] as const)('%s: two runs for one account at once', (_name, database) => {
  it('take turns: no page interleaved, no duplicate, every record once', async () => {
    const db = await database();
    const [a, b] = [await openStore(db), await openStore(db)];
    try {
      const events: Array<[string, number]> = [];
      const [first, second] = await Promise.all([timedSync(a, events, 'a'), timedSync(b, events, 'b')]);
      expect(first.inserted + second.inserted).toBe(2000);
      expect(first.updated + second.updated).toBe(0);
      // One run committed all its pages before the other committed any.
      const order = events.map(([name]) => name).join('');
      expect(order).toMatch(/^(a+b+|b+a+)$/);
      const [row] = await a.query<{ n: number | string; ids: number | string }>(
        'select count(*) as n, count(distinct id) as ids from cdrkit_records',
      );
      expect(Number(row?.n)).toBe(2000);
      expect(Number(row?.ids)).toBe(2000);
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);
});

describe('Postgres: different accounts', () => {
  it('sync while another account’s run holds its lock', async () => {
    const db = await server.database('accounts');
    const [a, b] = [await openStore(db), await openStore(db)];
    const release = await a.lock({ provider: 'nimblevox', account: 'someone-else', operation: 'listSdrs' });
    try {
      const summary = await sync({ source: emu.source, store: b, from, to });
      expect(summary.inserted).toBe(2000);
    } finally {
      await release();
      await a.close();
      await b.close();
    }
  }, 60_000);

  it('four accounts at once on a pool of two connections: each run needs one, none starves', async () => {
    const store = await postgresStore(await server.database('pool'), { maxConnections: 2 });
    try {
      const runs = ['a', 'b', 'c', 'd'].map((label) =>
        sync({ source: { ...emu.source, account: `label-${label}` }, store, from, to }),
      );
      const summaries = await Promise.all(runs);
      expect(summaries.map((summary) => summary.inserted)).toEqual([2000, 2000, 2000, 2000]);
      const [row] = await store.query<{ n: number }>('select count(*)::int as n from cdrkit_records');
      expect(row?.n).toBe(8000);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('a run for the same account waits for the lock, and its signal ends the wait', async () => {
    const db = await server.database('waits');
    const [a, b] = [await openStore(db), await openStore(db)];
    const release = await a.lock({
      provider: 'nimblevox',
      account: emu.source.account,
      operation: 'listSdrs',
    });
    try {
      const outcome = await sync({
        source: emu.source,
        store: b,
        from,
        to,
        signal: AbortSignal.timeout(500),
      }).catch((error: unknown) => error);
      expect((outcome as Error).name).toBe('AbortError');
      const [row] = await b.query<{ n: number | string }>('select count(*) as n from cdrkit_records');
      expect(Number(row?.n)).toBe(0);
    } finally {
      await release();
      await a.close();
      await b.close();
    }
  }, 60_000);
});
