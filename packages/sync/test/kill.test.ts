import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@cdrkit/emulators';
import { NimblevoxClient } from '@cdrkit/nimblevox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountOf } from '../src/account.js';
import { openStore } from '../src/store/open.js';
import { sync } from '../src/sync.js';
import { tempDir } from './helpers.js';
import { type PostgresServer, startPostgres } from './postgres-server.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const from = '2024-01-01T00:00:00.000Z';
const to = '2024-03-01T00:00:00.000Z';
const temp = tempDir();
let server: PostgresServer;

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
  temp.remove();
});

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  pages: number;
  summary?: { inserted: number; updated: number; unchanged: number; resumed: boolean; watermark: string };
}

/** Runs test/child/run-sync.ts; with `killAfterPages`, SIGKILLs it once that many pages are committed. */
function runChild(args: string[], killAfterPages?: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/child/run-sync.ts', ...args], {
      cwd: packageDir,
      env: { ...process.env, TSX_TSCONFIG_PATH: 'test/child/tsconfig.json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: ChildRun = { code: null, signal: null, pages: 0 };
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = JSON.parse(buffered.slice(0, newline)) as Record<string, never>;
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        if (line.progress) run.pages = (line.progress as { pages: number }).pages;
        if (line.summary) run.summary = line.summary;
        if (killAfterPages !== undefined && run.pages >= killAfterPages) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      run.code = code;
      run.signal = signal;
      if (code !== 0 && signal === null) reject(new Error(`child exited ${code}: ${stderr}`));
      else resolve(run);
    });
  });
}

/** Every record column but the bookkeeping timestamps, in key order: what two databases must share. */
const SNAPSHOT = `select provider, account, id, kind, direction, status, from_party, to_party,
  started_at, answered_at, ended_at, duration_sec, billed_sec, cost_amount, cost_currency, raw
  from cdrkit_records order by provider, account, id`;

async function snapshot(db: string): Promise<unknown[]> {
  const store = await openStore(db);
  try {
    return await store.query(SNAPSHOT);
  } finally {
    await store.close();
  }
}

describe.each([
  ['SQLite', () => join(temp.dir, 'killed.sqlite'), () => join(temp.dir, 'straight.sqlite')],
  ['Postgres', () => server.database('killed'), () => server.database('straight')],
] as const)('%s: a run killed with SIGKILL, then run again', (_name, killedDb, straightDb) => {
  it('ends exactly as one uninterrupted run: no duplicate, nothing lost', async () => {
    // 3000 SDRs in pages of 100 (the server caps them), slow enough to be killed mid-run.
    const emu = await startEmulator('nimblevox', {
      records: 3000,
      seed: 5,
      from,
      to,
      faults: { pageCap: 100, latencyMs: 10 },
    });
    try {
      const killed = await killedDb();
      const args = (db: string) => [db, emu.url, emu.credentials.apiKey, from, to];

      const first = await runChild(args(killed), 4);
      expect(first.signal).toBe('SIGKILL');
      expect(first.summary).toBeUndefined();
      const store = await openStore(killed);
      try {
        const [state] = await store.query<{ cursor: unknown; watermark: unknown }>(
          'select cursor, watermark from cdrkit_sync_state',
        );
        expect(state?.cursor).not.toBeNull();
        expect(state?.watermark).toBeNull();
        const [rows] = await store.query<{ n: number | string }>('select count(*) as n from cdrkit_records');
        expect(Number(rows?.n)).toBeGreaterThanOrEqual(400);
        expect(Number(rows?.n)).toBeLessThan(3000);
      } finally {
        await store.close();
      }

      const second = await runChild(args(killed), 5);
      expect(second.signal).toBe('SIGKILL');
      const third = await runChild(args(killed));
      expect(third.code).toBe(0);
      expect(third.summary?.resumed).toBe(true);
      expect(third.summary?.watermark).toBe(to);

      // The same sync, uninterrupted, in this process.
      const straight = await straightDb();
      const client = new NimblevoxClient({ apiKey: emu.credentials.apiKey, baseUrl: emu.url });
      const store2 = await openStore(straight);
      try {
        const once = await sync({
          source: {
            provider: 'nimblevox',
            account: accountOf('nimblevox', emu.credentials),
            operation: 'listSdrs',
            list: (request) => client.listSdrs(request),
          },
          store: store2,
          from,
          to,
        });
        expect(once).toMatchObject({ inserted: 3000, updated: 0, resumed: false });
      } finally {
        await store2.close();
      }

      const [killedRows, straightRows] = [await snapshot(killed), await snapshot(straight)];
      expect(killedRows).toHaveLength(3000);
      expect(killedRows).toEqual(straightRows);
    } finally {
      await emu.close();
    }
  }, 90_000);
});
