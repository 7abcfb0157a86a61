/**
 * TeleCMI against its local emulator: a page, every record, normalized records and the counts.
 * Run from the repository root after `pnpm build`: `npx tsx examples/telecmi.ts`.
 * Against the real API, drop the emulator and pass your own app id and secret (no baseUrl).
 */
import { startEmulator } from '@cdrkit/emulators';
import { TeleCmiClient } from '@cdrkit/telecmi';

const from = '2024-03-01T00:00:00Z';
const to = '2024-03-08T00:00:00Z';

const emu = await startEmulator('telecmi', { records: 2000, seed: 1, from, to });
try {
  const telecmi = new TeleCmiClient({ ...emu.credentials, baseUrl: emu.url, currency: 'INR' });

  // One request: page 2, 50 records per page.
  const page = await telecmi.outAnswered({ from, to, page: 2, pageSize: 50 });
  console.log(`outAnswered page 2: ${page.items.length} of ${page.total} records`);

  // Every record of the range, across pages, four requests in flight.
  let count = 0;
  for await (const cdr of telecmi.outAnswered({ from, to, prefetch: 4 })) {
    if (count < 3)
      console.log(`  ${cdr.cmiuid ?? cdr._id}  to ${cdr.to}  ${cdr.billedsec}s  rate ${cdr.rate}`);
    count++;
  }
  console.log(`outAnswered: ${count} records`);

  // Normalized records, the same shape for every provider.
  for await (const call of telecmi.missed({ from, to }).records()) {
    console.log('first missed incoming call:', call);
    break;
  }

  const counts = await telecmi.analysis({ from, to });
  console.log(`analysis: ${counts.total} calls, ${counts.answered} answered, ${counts.missed} missed`);
} finally {
  await emu.close();
}
