/**
 * One way to drive each of the five providers, so that every reliability test runs the same
 * scenario against all of them: start its emulator, build its client, list a range, read ids.
 * @module
 */
import { BoxisClient } from '@cdrkit/boxis';
import type { ClientOptions, Cursor, DateInput, Paged, ProviderName } from '@cdrkit/core';
import { type Emulator, type EmulatorOptions, startEmulator } from '@cdrkit/emulators';
import { IpingClient } from '@cdrkit/iping';
import { MixvoipClient } from '@cdrkit/mixvoip';
import { NimblevoxClient } from '@cdrkit/nimblevox';
import { TeleCmiClient } from '@cdrkit/telecmi';

export const PROVIDERS: readonly ProviderName[] = ['telecmi', 'boxis', 'mixvoip', 'iping', 'nimblevox'];

/** Retries that keep a correctness test fast: many attempts, tiny backoff. */
export const FAST_RETRY = { limit: 8, baseDelayMs: 5, maxDelayMs: 50 } as const;

/** What a list call accepts beside the range, across providers. */
export interface ListExtras {
  signal?: AbortSignal;
  prefetch?: number;
  cursor?: Cursor;
  /** Records per request (TeleCMI 50, iPing 100, Nimblevox 50); for Boxis, hours per window (12). */
  pageSize?: number;
  /** Wire format where the provider offers one (Boxis xml, MIXvoip csv, Nimblevox xml, iPing query). */
  format?: string;
}

/** A provider, reduced to what the reliability suite needs of it. */
export interface Subject {
  name: ProviderName;
  /** The emulator's data range giving a few hundred requests for 20,000 records. */
  range: { from: string; to: string };
  /** The credential values the client must never leak. */
  secrets(emu: Emulator<ProviderName>): string[];
  start(options?: EmulatorOptions): Promise<Emulator<ProviderName>>;
  /** A client on `baseUrl` (the emulator's by default) and its list method. */
  client(emu: Emulator<ProviderName>, options?: ClientOptions): Lister;
  /** The id of an item the list method yields. */
  idOf(item: unknown): string;
  /** Ids of every record the emulator holds, where its records carry one (not MIXvoip). */
  emulatorIds?(emu: Emulator<ProviderName>): string[];
}

/** Lists `[from, to)`. */
export type Lister = (range: { from: DateInput; to: DateInput }, extras?: ListExtras) => Paged<unknown>;

type Item = Record<string, unknown>;
const field = (item: unknown, name: string): string => String((item as Item)[name]);

const telecmi: Subject = {
  name: 'telecmi',
  range: { from: '2024-01-01T00:00:00Z', to: '2024-07-01T00:00:00Z' },
  secrets: (emu) => [(emu.credentials as { token: string }).token],
  start: (options) => startEmulator('telecmi', options) as Promise<Emulator<ProviderName>>,
  client(emu, options = {}) {
    const client = new TeleCmiClient({
      ...(emu.credentials as { appId: number; token: string }),
      baseUrl: emu.url,
      ...options,
    });
    return ({ from, to }, { pageSize = 50, format: _format, ...extras } = {}) =>
      client.outAnswered({ from, to, pageSize, ...extras });
  },
  idOf: (item) => field(item, '_id'),
  emulatorIds: (emu) =>
    [...(emu as Emulator<'telecmi'>).records('outanswered')].map((record) =>
      String(record.cmiuid ?? record._id),
    ),
};

const boxis: Subject = {
  name: 'boxis',
  range: { from: '2024-01-01T00:00:00Z', to: '2024-07-01T00:00:00Z' },
  secrets: (emu) => [(emu.credentials as { userKey: string }).userKey],
  start: (options) => startEmulator('boxis', options) as Promise<Emulator<ProviderName>>,
  client(emu, options = {}) {
    const client = new BoxisClient({
      ...(emu.credentials as { userName: string; userKey: string; tenant: string }),
      baseUrl: emu.url,
      ...options,
    });
    return ({ from, to }, { pageSize = 12, format, cursor, ...extras } = {}) =>
      cursor === undefined
        ? client.getCDR({
            from,
            to,
            windowSpan: { hours: pageSize },
            ...(format === undefined ? {} : { format: format as 'json' | 'xml' }),
            ...extras,
          })
        : client.getCDR({ cursor, ...extras });
  },
  idOf: (item) => field(item, 'uniqueid'),
  emulatorIds: (emu) => [...(emu as Emulator<'boxis'>).records()].map((record) => String(record.uniqueid)),
};

const mixvoip: Subject = {
  name: 'mixvoip',
  // 3-month windows: 50 years make 200 requests.
  range: { from: '2000-01-01T00:00:00Z', to: '2050-01-01T00:00:00Z' },
  secrets: (emu) => [(emu.credentials as { password: string }).password],
  start: (options) => startEmulator('mixvoip', options) as Promise<Emulator<ProviderName>>,
  client(emu, options = {}) {
    const client = new MixvoipClient({
      ...(emu.credentials as { userName: string; password: string }),
      baseUrl: emu.url,
      ...options,
    });
    const profileId = emu.profileId as string;
    return ({ from, to }, { pageSize: _pageSize, format, ...extras } = {}) =>
      client.getCalls({
        profileId,
        from,
        to,
        ...(format === undefined ? {} : { format: format as 'json' | 'csv' }),
        ...extras,
      });
  },
  idOf: (item) => field(item, 'id'),
};

const iping: Subject = {
  name: 'iping',
  range: { from: '2024-01-01T00:00:00Z', to: '2024-07-01T00:00:00Z' },
  secrets: (emu) => [(emu.credentials as { password: string }).password],
  start: (options) => startEmulator('iping', options) as Promise<Emulator<ProviderName>>,
  client(emu, options = {}) {
    const client = new IpingClient({
      ...(emu.credentials as { userName: string; password: string }),
      baseUrl: emu.url,
      ...options,
    });
    return ({ from, to }, { pageSize = 100, format, cursor, ...extras } = {}) =>
      cursor === undefined
        ? client.getOutboundItems({
            from,
            to,
            itemCount: pageSize,
            ...(format === undefined ? {} : { transport: format as 'xml' | 'query' }),
            ...extras,
          })
        : client.getOutboundItems({ cursor, ...extras });
  },
  idOf: (item) => field(item, 'item_id'),
  emulatorIds: (emu) => [...(emu as Emulator<'iping'>).records('past')].map((record) => record.item_id ?? ''),
};

const nimblevox: Subject = {
  name: 'nimblevox',
  range: { from: '2024-01-01T00:00:00Z', to: '2024-07-01T00:00:00Z' },
  secrets: (emu) => [(emu.credentials as { apiKey: string }).apiKey],
  start: (options) => startEmulator('nimblevox', options) as Promise<Emulator<ProviderName>>,
  client(emu, options = {}) {
    const client = new NimblevoxClient({
      ...(emu.credentials as { apiKey: string }),
      baseUrl: emu.url,
      ...options,
    });
    return ({ from, to }, { pageSize = 50, format, cursor, ...extras } = {}) =>
      cursor === undefined
        ? client.listSdrs({
            from,
            to,
            pageSize,
            ...(format === undefined ? {} : { format: format as 'json' | 'xml' }),
            ...extras,
          })
        : client.listSdrs({ cursor, ...extras });
  },
  idOf: (item) => field(item, 'id'),
  emulatorIds: (emu) => [...(emu as Emulator<'nimblevox'>).records()].map((record) => String(record.id)),
};

export const SUBJECTS: Readonly<Record<ProviderName, Subject>> = {
  telecmi,
  boxis,
  mixvoip,
  iping,
  nimblevox,
};

/** Every id a full iteration yields, in order. */
export async function collectIds(subject: Subject, paged: Paged<unknown>): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of paged) ids.push(subject.idOf(item));
  return ids;
}

/** The ids that occur more than once. */
export function duplicatesOf(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) repeated.add(id);
    seen.add(id);
  }
  return [...repeated];
}

/** Runs `body` and returns what it threw (fails the test when it throws nothing). */
export async function caught(body: () => PromiseLike<unknown>): Promise<unknown> {
  try {
    await body();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, but it completed');
}
