/**
 * MIXvoip against its local emulator: one window, every record of 8 months (three windows), the
 * same range read as CSV, normalized records with their cost, and the raw CSV download.
 * Run from the repository root after `pnpm build`: `npx tsx examples/mixvoip.ts`.
 * Against the real API, drop the emulator and pass your own credentials, profile and the
 * Supernode base URL (MIXvoip support or your reseller panel gives it).
 */
import { decimalAdd } from '@cdrkit/core';
import { startEmulator } from '@cdrkit/emulators';
import { MixvoipClient } from '@cdrkit/mixvoip';

const from = '2024-01-01T00:00:00Z';
const to = '2024-09-01T00:00:00Z';

const emu = await startEmulator('mixvoip', { records: 5000, seed: 1, from, to });
try {
  const mixvoip = new MixvoipClient({ ...emu.credentials, baseUrl: emu.url });
  const profileId = emu.profileId;

  // One request: the first window (3 months).
  const page = await mixvoip.getCalls({ profileId, from, to });
  console.log(`first window: ${page.items.length} records; next window starts ${String(page.next?.from)}`);

  // Every record of the range: three windows, fetched one ahead.
  let count = 0;
  for await (const call of mixvoip.getCalls({ profileId, from, to, prefetch: 2 })) {
    if (count < 3)
      console.log(`  ${call.id}  ${call.type}  ${call.data.call_start}  ${call.data.price} cents`);
    count++;
  }
  console.log(`JSON: ${count} records`);

  // The same range over CSV gives the same records, with the same ids.
  const csv = await mixvoip.getCalls({ profileId, from, to, format: 'csv' }).toArray();
  console.log(`CSV: ${csv.length} records`);

  // Normalized records: one shape for every provider, exact costs.
  let total = '0';
  for await (const record of mixvoip.getCalls({ profileId, from, to }).records()) {
    if (record.cost) total = decimalAdd(total, record.cost.amount);
  }
  console.log(`total cost: ${total} EUR`);
  for await (const record of mixvoip.getCalls({ profileId, from, to }).records()) {
    if (record.kind === 'call' && record.direction === 'outbound' && record.status === 'answered') {
      console.log('an answered outbound call:', record);
      break;
    }
  }

  // The raw CSV files, one per window, for users who want MIXvoip's own file.
  let file = '';
  for await (const part of mixvoip.downloadCsv({ profileId, from, to })) file += part;
  console.log(`raw CSV: ${file.length} characters, first line: ${file.slice(0, file.indexOf('\n'))}`);
} finally {
  await emu.close();
}
