/**
 * The demo: starts the five emulators, pulls six months of records from each through its
 * client, and prints what it took. Run with `npx pnpm@10 demo`.
 */
import { BoxisClient } from '@cdrkit/boxis';
import type { CallRecord, Paged } from '@cdrkit/core';
import { startEmulator } from '@cdrkit/emulators';
import { IpingClient } from '@cdrkit/iping';
import { MixvoipClient } from '@cdrkit/mixvoip';
import { NimblevoxClient } from '@cdrkit/nimblevox';
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

const rows: Row[] = [];
const telecmiEmu = await startEmulator('telecmi', { records, from, to });
try {
  const client = new TeleCmiClient({ ...telecmiEmu.credentials, baseUrl: telecmiEmu.url });
  rows.push(await run('telecmi', () => client.outAnswered({ from, to, pageSize: 100, prefetch: 4 })));
} finally {
  await telecmiEmu.close();
}

const boxisEmu = await startEmulator('boxis', { records, from, to });
try {
  const client = new BoxisClient({ ...boxisEmu.credentials, baseUrl: boxisEmu.url });
  rows.push(await run('boxis', () => client.getCDR({ from, to, prefetch: 4 })));
} finally {
  await boxisEmu.close();
}

const mixvoipEmu = await startEmulator('mixvoip', { records, from, to });
try {
  const client = new MixvoipClient({ ...mixvoipEmu.credentials, baseUrl: mixvoipEmu.url });
  const profileId = mixvoipEmu.profileId ?? '';
  rows.push(await run('mixvoip', () => client.getCalls({ profileId, from, to, prefetch: 2 })));
} finally {
  await mixvoipEmu.close();
}

const ipingEmu = await startEmulator('iping', { records, from, to });
try {
  const client = new IpingClient({ ...ipingEmu.credentials, baseUrl: ipingEmu.url });
  rows.push(await run('iping', () => client.getOutboundItems({ from, to, prefetch: 4 })));
} finally {
  await ipingEmu.close();
}

const nimblevoxEmu = await startEmulator('nimblevox', { records, from, to });
try {
  const client = new NimblevoxClient({ ...nimblevoxEmu.credentials, baseUrl: nimblevoxEmu.url });
  rows.push(await run('nimblevox', () => client.listSdrs({ from, to, prefetch: 4 })));
} finally {
  await nimblevoxEmu.close();
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
