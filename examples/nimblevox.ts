/**
 * Nimblevox SDRs against the local emulator: one page, every record of a 200-day range (three
 * 90-day windows), a resumed iteration, one record by id, XML, and normalized records.
 *
 * Run from the repository root after `pnpm build`: `npx tsx examples/nimblevox.ts`
 */
import { decimalAdd } from '@cdrkit/core';
import { startEmulator } from '@cdrkit/emulators';
import { NimblevoxClient } from '@cdrkit/nimblevox';

const from = '2024-01-01T00:00:00Z';
const to = '2024-07-19T00:00:00Z'; // 200 days

const emu = await startEmulator('nimblevox', { records: 5000, seed: 1, from, to });
try {
  // Against the real API: new NimblevoxClient({ apiKey: process.env.NIMBLEVOX_API_KEY! })
  const client = new NimblevoxClient({ ...emu.credentials, baseUrl: emu.url, currency: 'USD' });

  // Awaiting a list gives its first page: exactly one request.
  const first = await client.listSdrs({ from, to, pageSize: 100 });
  console.log(`first page: ${first.items.length} SDRs of ${first.total} in the first 90-day window`);

  // Iterating gives every record, across pages and windows, each once.
  let count = 0;
  let charged = '0.00'; // money fields are exact decimal strings: add them exactly
  for await (const sdr of client.listSdrs({ from, to, prefetch: 4 })) {
    count += 1;
    if (sdr.moneyCharge !== null) charged = decimalAdd(charged, sdr.moneyCharge);
  }
  console.log(`every SDR: ${count}, charged ${charged} USD`);

  // A page's `next` is plain JSON: store it and resume later, in another process if need be.
  const stored = JSON.stringify(first.next);
  const rest = await client.listSdrs({ cursor: JSON.parse(stored) }).toArray();
  console.log(`resumed after the first page: ${rest.length} more`);

  // One record by id, here in XML: the same typed record as JSON gives.
  const wanted = first.items[0]!;
  const again = await client.getSdr(wanted.id, { format: 'xml' });
  console.log(`getSdr(${wanted.id}) in XML:`, again.billStart, again.callType, again.endingBalance);

  // Normalized records, the same shape for every provider.
  for await (const record of client.listSdrs({ from, to, pageSize: 5 }).records()) {
    console.log('normalized:', {
      id: record.id,
      direction: record.direction,
      from: record.from,
      to: record.to,
      startedAt: record.startedAt,
      billedSec: record.billedSec,
      cost: record.cost,
    });
    break; // breaking out aborts what is in flight
  }
} finally {
  await emu.close();
}
