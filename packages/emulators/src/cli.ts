#!/usr/bin/env node
/**
 * `cdrkit-emulators`: runs the emulators standalone on chosen ports until interrupted, and
 * prints each one's URL and credentials.
 */
import { parseCliArgs, usage } from './cli-options.js';
import { type Emulator, type ProviderName, startEmulator } from './index.js';

async function main(): Promise<void> {
  let plan: ReturnType<typeof parseCliArgs>;
  try {
    plan = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(
      `cdrkit-emulators: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`,
    );
    process.exitCode = 2;
    return;
  }
  if (plan.help) {
    process.stdout.write(usage);
    return;
  }

  const running: Emulator[] = [];
  const stop = async () => {
    await Promise.all(running.map((emu) => emu.close()));
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  try {
    for (const provider of plan.providers) {
      running.push(
        (await startEmulator(provider as ProviderName, {
          ...plan.options,
          port: plan.ports[provider],
        })) as Emulator,
      );
    }
  } catch (error) {
    await Promise.all(running.map((emu) => emu.close()));
    process.stderr.write(`cdrkit-emulators: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return;
  }

  const described = running.map((emu) => ({
    provider: emu.provider,
    url: emu.url,
    credentials: emu.credentials,
    ...(emu.profileId === undefined ? {} : { profileId: emu.profileId }),
  }));
  if (plan.json) {
    process.stdout.write(`${JSON.stringify(described)}\n`);
    return;
  }
  const lines = described.map(({ provider, url, credentials, ...rest }) => {
    const fields = Object.entries({ ...credentials, ...rest })
      .map(([name, value]) => `${name}=${String(value)}`)
      .join(' ');
    return `  ${provider.padEnd(10)} ${url.padEnd(24)} ${fields}`;
  });
  process.stdout.write(`cdrkit emulators running (Ctrl+C to stop):\n${lines.join('\n')}\n`);
}

await main();
