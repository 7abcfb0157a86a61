import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProviderName } from '@cdrkit/core';

export interface RemoteEmulator {
  url: string;
  credentials: Record<string, string | number>;
  profileId: string | null;
  close(): Promise<void>;
}

const child = fileURLToPath(new URL('./emulator-child.mjs', import.meta.url));

/** Starts an emulator in a child process (see emulator-child.mjs). */
export async function startRemoteEmulator(
  provider: ProviderName,
  options: Record<string, unknown>,
): Promise<RemoteEmulator> {
  const proc: ChildProcess = spawn(process.execPath, [child, provider, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\n');
      if (end >= 0) resolve(buffer.slice(0, end));
    });
    proc.on('exit', (code) => reject(new Error(`emulator ${provider} exited with ${code}`)));
  });
  const info = JSON.parse(line) as Omit<RemoteEmulator, 'close'>;
  return {
    ...info,
    close: () =>
      new Promise<void>((resolve) => {
        proc.removeAllListeners('exit');
        proc.on('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}
