/**
 * The emulators' shared types: provider names, the recorded request, the running emulator and
 * each provider's types. Options and faults are in options.ts, what each emulator serves
 * (credentials, records, data sets) in records.ts.
 */
import type {
  BoxisEmulatorOptions,
  EmulatorOptions,
  FaultCounts,
  Faults,
  IpingEmulatorOptions,
  NimblevoxEmulatorOptions,
  TelecmiEmulatorOptions,
} from './options.js';
import type {
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

/** The five APIs that the emulators speak. */
export type ProviderName = 'iping' | 'telecmi' | 'boxis' | 'mixvoip' | 'nimblevox';

/** Every provider, in the order `startEmulators()` starts them and the CLI assigns ports. */
export const providerNames: readonly ProviderName[] = ['iping', 'telecmi', 'boxis', 'mixvoip', 'nimblevox'];

/** A point in time as the options accept it: a Date, an ISO-8601 string or epoch milliseconds. */
export type DateInput = Date | string | number;

/**
 * One request as the emulator received it. Tests read these to see what a client really sent
 * (`emu.requests`), and `faults.match` receives one to decide whether a fault applies.
 */
export interface RecordedRequest {
  /** HTTP method, upper case. */
  method: string;
  /** Path without the query string, e.g. `/v1/outanswered`. */
  path: string;
  /** Path and query string as sent, e.g. `/sdr?apiKey=…&max=500`. */
  url: string;
  /** Query parameters (the last value wins when a name repeats). */
  query: Record<string, string>;
  /** Request headers, names in lower case, repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The raw request body as text (empty for GET). */
  body: string;
  /**
   * True when the client closed the connection before the response was complete: what a test
   * checks to see that breaking out of a loop aborted the request in flight.
   */
  aborted: boolean;
}

/** Per provider: its options, credentials, records and data-set names. */
export interface ProviderTypes {
  /** The TeleCMI emulator's types. */
  telecmi: {
    /** What `startEmulator('telecmi', options)` accepts. */
    options: TelecmiEmulatorOptions;
    /** What `emu.credentials` holds. */
    credentials: TelecmiCredentials;
    /** What `emu.records()` yields. */
    record: TelecmiRecord;
    /** The data-set names `emu.records(dataset)` takes. */
    dataset: TelecmiDataset;
    /** The type of `emu.profileId` (a string for MIXvoip only). */
    profileId: undefined;
  };
  /** The Boxis emulator's types. */
  boxis: {
    /** What `startEmulator('boxis', options)` accepts. */
    options: BoxisEmulatorOptions;
    /** What `emu.credentials` holds. */
    credentials: BoxisCredentials;
    /** What `emu.records()` yields. */
    record: BoxisRecord;
    /** The data-set names `emu.records(dataset)` takes. */
    dataset: 'cdr';
    /** The type of `emu.profileId` (a string for MIXvoip only). */
    profileId: undefined;
  };
  /** The MIXvoip emulator's types. */
  mixvoip: {
    /** What `startEmulator('mixvoip', options)` accepts. */
    options: EmulatorOptions;
    /** What `emu.credentials` holds. */
    credentials: MixvoipCredentials;
    /** What `emu.records()` yields. */
    record: MixvoipRecord;
    /** The data-set names `emu.records(dataset)` takes. */
    dataset: 'calls';
    /** The type of `emu.profileId` (a string for MIXvoip only). */
    profileId: string;
  };
  /** The iPing emulator's types. */
  iping: {
    /** What `startEmulator('iping', options)` accepts. */
    options: IpingEmulatorOptions;
    /** What `emu.credentials` holds. */
    credentials: IpingCredentials;
    /** What `emu.records()` yields. */
    record: IpingRecord;
    /** The data-set names `emu.records(dataset)` takes. */
    dataset: IpingDataset;
    /** The type of `emu.profileId` (a string for MIXvoip only). */
    profileId: undefined;
  };
  /** The Nimblevox emulator's types. */
  nimblevox: {
    /** What `startEmulator('nimblevox', options)` accepts. */
    options: NimblevoxEmulatorOptions;
    /** What `emu.credentials` holds. */
    credentials: NimblevoxCredentials;
    /** What `emu.records()` yields. */
    record: NimblevoxRecord;
    /** The data-set names `emu.records(dataset)` takes. */
    dataset: 'sdr';
    /** The type of `emu.profileId` (a string for MIXvoip only). */
    profileId: undefined;
  };
}

/** A running emulator: a real HTTP server on loopback. */
export interface Emulator<P extends ProviderName = ProviderName> {
  /** Which API it speaks. */
  readonly provider: P;
  /** Its origin, e.g. `http://127.0.0.1:40123`: clients append the documented paths. */
  readonly url: string;
  /** Credentials it accepts for the generated data; spread them into the client's constructor. */
  readonly credentials: ProviderTypes[P]['credentials'];
  /** MIXvoip: the profile (customer number) that holds the generated calls. */
  readonly profileId: ProviderTypes[P]['profileId'];
  /**
   * The provider-native records the emulator serves, in serving order (inserted records first),
   * computed lazily. The TeleCMI data set defaults to `outanswered`, iPing's to `past`.
   */
  records(dataset?: ProviderTypes[P]['dataset']): Generator<ProviderTypes[P]['record']>;
  /** The most recent requests (up to 2000), oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** Every request received since start. */
  readonly requestCount: number;
  /** Faults served so far, by kind. */
  readonly faultCounts: Readonly<FaultCounts>;
  /** Replaces the active faults (and re-arms `insertAfterRequests`). */
  setFaults(faults: Faults | undefined): void;
  /** Stops the server and drops its open connections. */
  close(): Promise<void>;
}
