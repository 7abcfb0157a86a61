import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BoxisClient } from '@cdrkit/boxis';
import type { ProviderName } from '@cdrkit/core';
import { type EmulatorOptions, type Faults, startEmulator } from '@cdrkit/emulators';
import { IpingClient } from '@cdrkit/iping';
import { MixvoipClient } from '@cdrkit/mixvoip';
import { NimblevoxClient } from '@cdrkit/nimblevox';
import { TeleCmiClient } from '@cdrkit/telecmi';
import { accountOf } from '../src/account.js';
import type { ListSource } from '../src/options.js';

export const PROVIDERS: readonly ProviderName[] = ['telecmi', 'boxis', 'mixvoip', 'iping', 'nimblevox'];

/** An emulator and a sync source that reads it through the provider's real client. */
export interface Emulated {
  provider: ProviderName;
  url: string;
  source: ListSource;
  /** The records the emulator serves (TeleCMI: outanswered), counted now. */
  count(): number;
  /** Requests the emulator has received. */
  requestCount(): number;
  /** The credentials it accepts (and MIXvoip's profile). */
  settings: Record<string, string | number>;
  setFaults(faults: Faults | undefined): void;
  close(): Promise<void>;
}

/** Starts `provider`'s emulator and builds its client, the way a user would. */
export async function emulate(provider: ProviderName, options: EmulatorOptions): Promise<Emulated> {
  const emu = await startEmulator(provider, options);
  const settings = { ...(emu.credentials as object), profileId: emu.profileId } as Record<
    string,
    string | number
  >;
  const base = { provider, account: accountOf(provider, settings) };
  const baseUrl = emu.url;
  let source: ListSource;
  switch (provider) {
    case 'telecmi': {
      const client = new TeleCmiClient({ ...(emu.credentials as { appId: number; token: string }), baseUrl });
      source = { ...base, operation: 'outAnswered', list: (r) => client.outAnswered(r) };
      break;
    }
    case 'boxis': {
      const c = emu.credentials as { userName: string; userKey: string; tenant: string };
      const client = new BoxisClient({ ...c, baseUrl });
      source = { ...base, operation: 'getCDR', list: (r) => client.getCDR(r) };
      break;
    }
    case 'mixvoip': {
      const client = new MixvoipClient({
        ...(emu.credentials as { userName: string; password: string }),
        baseUrl,
      });
      const profileId = String(emu.profileId);
      source = { ...base, operation: 'getCalls', list: (r) => client.getCalls({ profileId, ...r }) };
      break;
    }
    case 'iping': {
      const client = new IpingClient({
        ...(emu.credentials as { userName: string; password: string }),
        baseUrl,
      });
      source = { ...base, operation: 'getOutboundItems', list: (r) => client.getOutboundItems(r) };
      break;
    }
    case 'nimblevox': {
      const client = new NimblevoxClient({ ...(emu.credentials as { apiKey: string }), baseUrl });
      source = { ...base, operation: 'listSdrs', list: (r) => client.listSdrs(r) };
      break;
    }
  }
  return {
    provider,
    url: emu.url,
    source,
    count: () => {
      let n = 0;
      for (const _ of emu.records()) n++;
      return n;
    },
    requestCount: () => emu.requestCount,
    settings,
    setFaults: (faults) => emu.setFaults(faults),
    close: () => emu.close(),
  };
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix = 'cdrkit-sync-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A range that ends now (rounded to the second), as a recent period a cron job would sync. */
export function recentRange(hours: number): { from: string; to: string } {
  const to = Math.floor(Date.now() / 1000) * 1000;
  return { from: new Date(to - hours * 3_600_000).toISOString(), to: new Date(to).toISOString() };
}
