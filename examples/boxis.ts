/**
 * Boxis getCDR against the local emulator: a month of calls window by window, the same in XML,
 * normalized records, and a clock 10 minutes off that the client synchronizes.
 * Run from the repository root after a build: `npx tsx examples/boxis.ts`.
 */
import { BoxisClient } from '@cdrkit/boxis';
import { CdrkitError } from '@cdrkit/core';
import { startEmulator } from '@cdrkit/emulators';

const from = '2024-03-01';
const to = '2024-04-01'; // exclusive; both are Swiss time (the client's default zone)

const emu = await startEmulator('boxis', {
  records: 5000,
  from: '2024-03-01T00:00:00+01:00',
  to: '2024-04-01T00:00:00+02:00',
});
try {
  const boxis = new BoxisClient({ ...emu.credentials, baseUrl: emu.url });

  // One request: the first day's calls (getCDR has no paging; the range is split into day windows).
  const firstDay = await boxis.getCDR({ from, to });
  console.log(
    `first window: ${firstDay.items.length} calls, next window starts ${describeNext(firstDay.next)}`,
  );

  // Every call of March, 4 windows in flight, as normalized records.
  const byStatus = new Map<string, number>();
  let count = 0;
  for await (const record of boxis.getCDR({ from, to, prefetch: 4 }).records()) {
    byStatus.set(record.status, (byStatus.get(record.status) ?? 0) + 1);
    count++;
  }
  console.log(`March: ${count} calls`, Object.fromEntries(byStatus));

  // The same calls in XML.
  const xml = await boxis.getCDR({ from, to, format: 'xml', prefetch: 4 }).toArray();
  console.log(
    `March in XML: ${xml.length} calls; first: ${xml[0]?.uniqueid} ${xml[0]?.start} ${xml[0]?.disposition}`,
  );

  // A server clock 10 minutes ahead: the first request is rejected, retried with the server's
  // timestamp, and the offset is kept, so the next call needs no second round trip.
  emu.setFaults({ clockSkewSec: 600 });
  const skewed = new BoxisClient({ ...emu.credentials, baseUrl: emu.url });
  const before = emu.requestCount;
  await skewed.getCDR({ from, to: '2024-03-02' });
  await skewed.getCDR({ from: '2024-03-02', to: '2024-03-03' });
  console.log(
    `clock 10 min off: 2 calls took ${emu.requestCount - before} requests, measured offset ${skewed.clockOffsetSec} s`,
  );

  // Errors are typed and never carry the user key or an authcode.
  try {
    await new BoxisClient({ ...emu.credentials, userKey: 'wrong-key', baseUrl: emu.url }).getCDR({
      from,
      to,
    });
  } catch (error) {
    if (error instanceof CdrkitError) console.log(`wrong key: ${error.name}: ${error.message}`);
    else throw error;
  }
} finally {
  await emu.close();
}

function describeNext(next: { readonly [key: string]: unknown } | null): string {
  return next === null ? 'nowhere (last window)' : new Date(Number(next.from)).toISOString();
}
