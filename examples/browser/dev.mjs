/**
 * Starts the TeleCMI emulator (CORS on, some latency so that Cancel has something to cancel)
 * and the Vite dev server, and prints the page's address with the emulator's settings in its
 * query string. Ctrl+C stops both.
 *
 *   pnpm --filter @cdrkit/example-browser dev
 */
import { startEmulator } from '@cdrkit/emulators';
import { createServer } from 'vite';

const emulator = await startEmulator('telecmi', {
  records: 2000,
  from: '2024-01-01T00:00:00Z',
  to: '2024-01-15T00:00:00Z',
  cors: true,
  faults: { latencyMs: 150 },
});
const vite = await createServer({ configFile: new URL('./vite.config.ts', import.meta.url).pathname });
await vite.listen();

const page = new URL(vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/');
page.search = new URLSearchParams({
  baseUrl: emulator.url,
  appId: String(emulator.credentials.appId),
  token: emulator.credentials.token,
  pageSize: '50',
}).toString();
console.log(`TeleCMI emulator: ${emulator.url}\nOpen ${page}`);

process.once('SIGINT', async () => {
  await Promise.all([vite.close(), emulator.close()]);
  process.exit(0);
});
