/**
 * @cdrkit/emulators: local HTTP servers that speak the five CDR APIs as their docs describe,
 * over deterministic generated data of any size, with injectable faults.
 *
 * @example
 * import { startEmulator } from '@cdrkit/emulators';
 * const emu = await startEmulator('telecmi', { records: 5000 });
 * const client = new TeleCmiClient({ ...emu.credentials, baseUrl: emu.url });
 * await emu.close();
 * @module
 */

import type { EmulatorOptions } from './options.js';
import type { ProviderInstance, ProviderSetup } from './provider.js';
import { createBoxis } from './providers/boxis.js';
import { createIping } from './providers/iping.js';
import { createMixvoip } from './providers/mixvoip.js';
import { createNimblevox } from './providers/nimblevox.js';
import { createTelecmi } from './providers/telecmi.js';
import { startServer } from './server.js';
import { assertTimeZone, toEpochMs } from './time.js';
import { type Emulator, type ProviderName, type ProviderTypes, providerNames } from './types.js';

export { docFixtures } from './doc-fixtures.js';
export type {
  BoxisEmulatorOptions,
  EmulatorOptions,
  FaultCounts,
  Faults,
  IpingEmulatorOptions,
  NimblevoxEmulatorOptions,
  TelecmiEmulatorOptions,
} from './options.js';
export type {
  BoxisCredentials,
  BoxisRecord,
  IpingCredentials,
  IpingDataset,
  IpingRecord,
  MixvoipCredentials,
  MixvoipRecord,
  NimblevoxCredentials,
  NimblevoxRecord,
  TelecmiCredentials,
  TelecmiDataset,
  TelecmiRecord,
} from './records.js';
export type { DateInput, Emulator, ProviderName, ProviderTypes, RecordedRequest } from './types.js';
export { providerNames };

type Factory<P extends ProviderName> = (
  setup: ProviderSetup,
  options: ProviderTypes[P]['options'],
) => ProviderInstance<
  ProviderTypes[P]['credentials'],
  ProviderTypes[P]['dataset'],
  ProviderTypes[P]['record']
>;

const factories: { [P in ProviderName]: Factory<P> } = {
  telecmi: createTelecmi,
  boxis: createBoxis,
  mixvoip: createMixvoip,
  iping: createIping,
  nimblevox: createNimblevox,
};

const DEFAULT_FROM = Date.UTC(2024, 0, 1);
const DEFAULT_TO = Date.UTC(2024, 6, 1);

/**
 * Starts the emulator of one provider on a free loopback port (or `options.port`) and resolves
 * once it listens.
 *
 * @example
 * const emu = await startEmulator('boxis', { records: 200, faults: { clockSkewSec: 600 } });
 * const client = new BoxisClient({ ...emu.credentials, baseUrl: emu.url });
 * // … exercise the client …
 * console.log(emu.requestCount, emu.faultCounts.clockSkew);
 * await emu.close();
 */
export async function startEmulator<P extends ProviderName>(
  provider: P,
  options: ProviderTypes[P]['options'] = {},
): Promise<Emulator<P>> {
  const factory = factories[provider] as Factory<P> | undefined;
  if (!factory) throw new RangeError(`provider must be one of ${providerNames.join(', ')}`);
  const records = options.records ?? 1000;
  if (!Number.isSafeInteger(records) || records < 0)
    throw new RangeError('records must be a whole number >= 0');
  const seed = options.seed ?? 1;
  if (!Number.isFinite(seed)) throw new RangeError('seed must be a finite number');
  const fromMs = options.from === undefined ? DEFAULT_FROM : toEpochMs(options.from, 'from');
  const toMs = options.to === undefined ? DEFAULT_TO : toEpochMs(options.to, 'to');
  if (!(fromMs < toMs)) throw new RangeError('from must be before to');
  if (options.timeZone !== undefined) assertTimeZone(options.timeZone);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError('port must be 0..65535');

  let origin = '';
  const instance = factory(
    { seed: Math.floor(seed), records, fromMs, toMs, timeZone: options.timeZone, origin: () => origin },
    options,
  );
  const server = await startServer(instance, {
    port,
    host: options.host ?? '127.0.0.1',
    cors: options.cors ?? false,
    seed: Math.floor(seed),
    faults: options.faults,
  });
  origin = server.url;

  return {
    provider,
    url: server.url,
    credentials: instance.credentials,
    profileId: instance.profileId as ProviderTypes[P]['profileId'],
    records: (dataset) => instance.records(dataset),
    get requests() {
      return server.requests;
    },
    get requestCount() {
      return server.requestCount;
    },
    get faultCounts() {
      return server.faultCounts;
    },
    setFaults: (faults) => server.setFaults(faults),
    close: () => server.close(),
  };
}

/**
 * Options of `startEmulators()`: options shared by all five, plus per-provider options that
 * override them (a port each, iPing's `xmlStyle`, …).
 *
 * @example
 * await startEmulators({ records: 500, cors: true, nimblevox: { port: 4015 } });
 */
export type StartEmulatorsOptions = Omit<EmulatorOptions, 'port'> & {
  [P in ProviderName]?: ProviderTypes[P]['options'];
};

/** All five running emulators, by provider, and one `close()` for them all. */
export type Emulators = { [P in ProviderName]: Emulator<P> } & {
  /** Stops every emulator. */
  close(): Promise<void>;
};

/**
 * Starts the five emulators in parallel, each on its own port.
 *
 * @example
 * const emus = await startEmulators({ records: 100 });
 * const telecmi = new TeleCmiClient({ ...emus.telecmi.credentials, baseUrl: emus.telecmi.url });
 * await emus.close();
 */
export async function startEmulators(options: StartEmulatorsOptions = {}): Promise<Emulators> {
  const { iping, telecmi, boxis, mixvoip, nimblevox, ...shared } = options;
  const own = { iping, telecmi, boxis, mixvoip, nimblevox };
  const started = await Promise.allSettled(
    providerNames.map((name) => startEmulator(name, { ...shared, ...own[name] })),
  );
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(running.map((emu) => emu.close()));
    throw failure.reason;
  }
  const byName = Object.fromEntries(running.map((emu) => [emu.provider, emu])) as {
    [P in ProviderName]: Emulator<P>;
  };
  return {
    ...byName,
    close: async () => {
      await Promise.all(running.map((emu) => emu.close()));
    },
  };
}
