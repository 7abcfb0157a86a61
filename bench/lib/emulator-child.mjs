// Runs one emulator in its own process, so that its CPU and memory never count against the client
// being measured. Prints { url, credentials, profileId } as one JSON line, then serves until killed.
import { startEmulator } from '@cdrkit/emulators';

const [provider, options] = [process.argv[2], JSON.parse(process.argv[3] ?? '{}')];
const emu = await startEmulator(provider, options);
process.stdout.write(
  `${JSON.stringify({ url: emu.url, credentials: emu.credentials, profileId: emu.profileId ?? null })}\n`,
);
process.on('SIGTERM', () => emu.close().then(() => process.exit(0)));
