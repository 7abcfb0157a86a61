/**
 * The demo: starts the five emulators, pulls six months of records from each through its
 * client, then syncs all five into an SQLite file with `@cdrkit/sync` (twice: the second run
 * finds nothing new) and prints a per-provider summary computed in SQL. Run with
 * `npx pnpm@10 demo`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BoxisClient } from '@cdrkit/boxis';
import type { CallRecord, Paged, ProviderName } from '@cdrkit/core';
import { startEmulators } from '@cdrkit/emulators';
import { IpingClient } from '@cdrkit/iping';
import { MixvoipClient } from '@cdrkit/mixvoip';
import { NimblevoxClient } from '@cdrkit/nimblevox';
import { accountOf, type ListSource, openStore, type SyncListRequest, sync } from '@cdrkit/sync';
import { TeleCmiClient } from '@cdrkit/telecmi';

const from = '2024-01-01T00:00:00Z';
const to = '2024-07-01T00:00:00Z';
const records = 20_000;

interface Row {
  provider: string;
  records: number;
  pages: number;
  seconds: number;
  sample: CallRecord | undefined;
}

async function run(provider: string, list: () => Paged<unknown>): Promise<Row> {
  const started = performance.now();
  let count = 0;
  let pages = 0;
  let sample: CallRecord | undefined;
  const paged = list();
  for await (const page of paged.pages()) {
    pages++;
    count += page.items.length;
  }
  for await (const record of list().records()) {
    sample = record;
    break;
  }
  return { provider, records: count, pages, seconds: (performance.now() - started) / 1000, sample };
}

const emus = await startEmulators({ records, from, to });
const telecmi = new TeleCmiClient({ ...emus.telecmi.credentials, baseUrl: emus.telecmi.url });
const boxis = new BoxisClient({ ...emus.boxis.credentials, baseUrl: emus.boxis.url });
const mixvoip = new MixvoipClient({ ...emus.mixvoip.credentials, baseUrl: emus.mixvoip.url });
const profileId = emus.mixvoip.profileId;
const iping = new IpingClient({ ...emus.iping.credentials, baseUrl: emus.iping.url });
const nimblevox = new NimblevoxClient({ ...emus.nimblevox.credentials, baseUrl: emus.nimblevox.url });

/** Each provider's list call: the range (and, for a sync, its cursor) in, a `Paged` out. */
const lists: Record<ProviderName, (request: SyncListRequest) => Paged<unknown>> = {
  telecmi: (request) => telecmi.outAnswered(request),
  boxis: (request) => boxis.getCDR(request),
  mixvoip: (request) => mixvoip.getCalls({ profileId, ...request }),
  iping: (request) => iping.getOutboundItems(request),
  nimblevox: (request) => nimblevox.listSdrs(request),
};
const operations: Record<ProviderName, string> = {
  telecmi: 'outAnswered',
  boxis: 'getCDR',
  mixvoip: 'getCalls',
  iping: 'getOutboundItems',
  nimblevox: 'listSdrs',
};
const providers = Object.keys(lists) as ProviderName[];
const range = (prefetch: number): SyncListRequest => ({
  from,
  to,
  prefetch,
  signal: new AbortController().signal,
});

const folder = mkdtempSync(join(tmpdir(), 'cdrkit-demo-'));
try {
  const rows: Row[] = [];
  for (const provider of providers) {
    rows.push(await run(provider, () => lists[provider](range(provider === 'mixvoip' ? 2 : 4))));
  }

  console.log(`\ncdrkit demo: ${from} .. ${to}, ${records} records per emulated provider\n`);
  console.table(
    rows.map((row) => ({
      provider: row.provider,
      records: row.records,
      pages: row.pages,
      seconds: Number(row.seconds.toFixed(2)),
      'records/s': Math.round(row.records / row.seconds),
    })),
  );
  for (const row of rows) {
    const r = row.sample;
    if (r)
      console.log(
        `${row.provider.padEnd(10)} ${r.startedAt}  ${r.direction.padEnd(8)} ${r.status.padEnd(9)} ${r.from ?? '-'} → ${r.to ?? '-'}`,
      );
  }
  const missing = rows.filter((row) => row.records === 0);
  if (missing.length > 0) {
    console.error(`no records from: ${missing.map((row) => row.provider).join(', ')}`);
    process.exitCode = 1;
  }

  // Sync: every provider into one SQLite file, then once more (the default 24h lookback
  // reads the last day again and finds nothing new).
  const file = join(folder, 'cdrs.sqlite');
  const store = await openStore(file);
  try {
    const settings = (provider: ProviderName) =>
      ({ ...emus[provider].credentials, profileId: emus[provider].profileId }) as Parameters<
        typeof accountOf
      >[1];
    const sources: ListSource[] = providers.map((provider) => ({
      provider,
      account: accountOf(provider, settings(provider)),
      operation: operations[provider],
      list: lists[provider],
    }));
    const syncs = [];
    for (const source of sources) {
      const first = await sync({ source, store, from, to, prefetch: 2 });
      const again = await sync({ source, store, to, prefetch: 2 });
      syncs.push({
        provider: source.provider,
        inserted: first.inserted,
        'records/s': Math.round(first.records / (first.elapsedMs / 1000)),
        'again: inserted': again.inserted,
        'again: updated': again.updated,
        'again: unchanged': again.unchanged,
        watermark: again.watermark,
      });
      if (again.inserted !== 0 || again.updated !== 0) process.exitCode = 1;
    }
    console.log(`\ncdrkit sync: all five into one SQLite file (${file}, removed at the end)\n`);
    console.table(syncs);

    // The summary, computed by SQLite: cost_amount is an exact decimal string, summed here in
    // millionths as integers so that no float rounding creeps in.
    const summary = await store.query<{ provider: string; records: number; minutes: number; cost: string }>(`
      WITH per_currency AS (
        SELECT provider, COALESCE(cost_currency, 'unknown currency') AS currency, count(*) AS records,
               sum(COALESCE(duration_sec, 0)) AS seconds,
               sum(CAST(round(CAST(COALESCE(cost_amount, '0') AS REAL) * 1000000) AS INTEGER)) AS micros
        FROM cdrkit_records GROUP BY provider, currency)
      SELECT provider, sum(records) AS records, round(sum(seconds) / 60.0, 1) AS minutes,
             group_concat(printf('%.2f', micros / 1000000.0) || ' ' || currency, ', ') AS cost
      FROM per_currency GROUP BY provider ORDER BY provider`);
    console.log('\nper provider, computed in SQL from cdrkit_records\n');
    console.table(summary);
    for (const row of summary) {
      if (row.records !== records) {
        console.error(`${row.provider}: ${row.records} rows, expected ${records}`);
        process.exitCode = 1;
      }
    }
  } finally {
    await store.close();
  }
} finally {
  await emus.close();
  rmSync(folder, { recursive: true, force: true });
}
