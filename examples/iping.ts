/**
 * iPing against its local emulator: a page, every outbound item in both transports, one
 * notification by tracking id, normalized records, and an error answer.
 * Run from the repository root after `pnpm build`: `npx tsx examples/iping.ts`.
 * Against the real API, drop the emulator and pass your own user name and password (no baseUrl).
 */
import { AuthenticationError } from '@cdrkit/core';
import { startEmulator } from '@cdrkit/emulators';
import { IpingClient } from '@cdrkit/iping';

// iPing's dates are US local times: the client (and the emulator) default to America/New_York.
const from = '2024-03-01T00:00:00-05:00';
const to = '2024-04-15T00:00:00-04:00';

const emu = await startEmulator('iping', { records: 2000, seed: 1, from, to });
try {
  const iping = new IpingClient({ ...emu.credentials, baseUrl: emu.url });

  // One request: the third page of 20 items (storage_type=past is sent unless you ask for 'future').
  const page = await iping.getOutboundItems({ from, to, itemStart: 40, itemCount: 20 });
  console.log(`page at item_start 40: ${page.items.length} items, total_count ${page.total ?? 'n/a'}`);

  // Every item of the range: item_start paging inside 31-day windows, four requests in flight.
  let count = 0;
  for await (const item of iping.getOutboundItems({ from, to, prefetch: 4 })) {
    if (count < 3) {
      console.log(`  ${item.item_id}  ${item.tracking_id}  to ${item.phone_number}  ${item.call_status}`);
    }
    count++;
  }
  console.log(`bSmartXML transport: ${count} items`);

  // The same through the query-string transport.
  const viaQuery = await iping.getOutboundItems({ from, to, transport: 'query' }).toArray();
  console.log(`query-string transport: ${viaQuery.length} items`);

  // A single notification by the tracking id given to PutNotification.
  const trackingId = viaQuery[7]?.tracking_id;
  if (trackingId !== undefined) {
    const one = await iping.getOutboundItems({ from, to, trackingId });
    console.log(`tracking id ${trackingId}: ${one.items.length} item(s)`);
  }

  // Normalized records, the same shape for every provider.
  for await (const call of iping.getOutboundItems({ from, to }).records()) {
    console.log('first normalized record:', call);
    break;
  }

  // A wrong password: pduType ERR becomes an AuthenticationError that never holds the password.
  const wrong = new IpingClient({ ...emu.credentials, password: 'not-the-password', baseUrl: emu.url });
  try {
    await wrong.getOutboundItems({ from, to });
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    console.log(`wrong password: ${error.name}: ${error.message}`);
  }
} finally {
  await emu.close();
}
