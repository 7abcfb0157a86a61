/**
 * Per provider: the SDK call under test, and a raw baseline: a hand-written fetch loop with
 * JSON.parse or fast-xml-parser, no validation, no normalization.
 */
import { BoxisClient } from '@cdrkit/boxis';
import type { Paged, ProviderName } from '@cdrkit/core';
import { IpingClient } from '@cdrkit/iping';
import { MixvoipClient } from '@cdrkit/mixvoip';
import { NimblevoxClient } from '@cdrkit/nimblevox';
import { TeleCmiClient } from '@cdrkit/telecmi';
import type { RemoteEmulator } from './emulator.js';
import { RAW } from './raw.mjs';

export interface Range {
  from: Date;
  to: Date;
}

export interface Bench {
  provider: ProviderName;
  format: 'json' | 'xml';
  /** The SDK's list call; `pageSize` overrides the page size of the throughput runs. */
  sdk(emu: RemoteEmulator, range: Range, prefetch: number, pageSize?: number): Paged<unknown>;
  /** Counts the records of the range with a hand-written loop. */
  raw(emu: RemoteEmulator, range: Range): Promise<number>;
}

export const BENCHES: Bench[] = [
  {
    provider: 'telecmi',
    format: 'json',
    sdk: (emu, r, prefetch, pageSize = 100) =>
      new TeleCmiClient({
        ...(emu.credentials as { appId: number; token: string }),
        baseUrl: emu.url,
      }).outAnswered({
        from: r.from,
        to: r.to,
        pageSize,
        prefetch,
      }),
    raw: RAW.telecmi as Bench['raw'],
  },
  {
    provider: 'boxis',
    format: 'json',
    sdk: (emu, r, prefetch) =>
      new BoxisClient({
        ...(emu.credentials as { userName: string; userKey: string; tenant: string }),
        baseUrl: emu.url,
      }).getCDR({ from: r.from, to: r.to, prefetch }),
    raw: RAW.boxis as Bench['raw'],
  },
  {
    provider: 'mixvoip',
    format: 'json',
    sdk: (emu, r, prefetch) =>
      new MixvoipClient({
        ...(emu.credentials as { userName: string; password: string }),
        baseUrl: emu.url,
      }).getCalls({ profileId: String(emu.profileId), from: r.from, to: r.to, prefetch }),
    raw: RAW.mixvoip as Bench['raw'],
  },
  {
    provider: 'iping',
    format: 'xml',
    sdk: (emu, r, prefetch, pageSize = 100) =>
      new IpingClient({
        ...(emu.credentials as { userName: string; password: string }),
        baseUrl: emu.url,
      }).getOutboundItems({ from: r.from, to: r.to, transport: 'query', prefetch, pageSize }),
    raw: RAW.iping as Bench['raw'],
  },
  {
    provider: 'nimblevox',
    format: 'json',
    sdk: (emu, r, prefetch, pageSize = 500) =>
      new NimblevoxClient({ ...(emu.credentials as { apiKey: string }), baseUrl: emu.url }).listSdrs({
        from: r.from,
        to: r.to,
        pageSize,
        prefetch,
      }),
    raw: RAW.nimblevox as Bench['raw'],
  },
];
