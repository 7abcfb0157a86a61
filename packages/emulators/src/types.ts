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

/**
 * Faults to inject. Every rate is a probability in [0, 1] decided per request by a PRNG seeded
 * from the emulator's seed, so the same run injects the same faults. Requests for the doc-sample
 * fixtures are never faulted unless `match` selects them.
 *
 * @example
 * const emu = await startEmulator('nimblevox', {
 *   faults: { serverErrorRate: 0.2, rateLimitRate: 0.1, retryAfterSec: 1, latencyMs: [5, 20] },
 * });
 */
export interface Faults {
  /**
   * Delay added before each answer: a fixed number of milliseconds or a `[min, max]` range.
   * @example { latencyMs: [10, 50] }
   */
  latencyMs?: number | readonly [number, number];
  /** Share of requests answered 500, 502 or 503. @example { serverErrorRate: 0.1 } */
  serverErrorRate?: number;
  /** Share of requests answered 429 with a `Retry-After` header. @example { rateLimitRate: 0.1 } */
  rateLimitRate?: number;
  /** Seconds written into `Retry-After` on a 429 (default 1). @example { retryAfterSec: 2 } */
  retryAfterSec?: number;
  /**
   * Share of requests whose connection is destroyed after the headers and part of the body.
   * @example { dropRate: 0.05 }
   */
  dropRate?: number;
  /**
   * Share of requests answered with a complete HTTP response whose body is cut short
   * (`Content-Length` matches the short body). @example { truncateRate: 0.05 }
   */
  truncateRate?: number;
  /**
   * Share of requests answered 200 with a syntactically broken JSON, XML or CSV body.
   * @example { malformedRate: 0.05 }
   */
  malformedRate?: number;
  /**
   * Boxis only: offset of the server's clock from the real one, in seconds; a client whose
   * timestamp is more than the tolerance away from it gets a `timestamperror` answer.
   * @example { clockSkewSec: 3600 }
   */
  clockSkewSec?: number;
  /**
   * After this many (matched) requests, `insertCount` new records appear at the front of the
   * serving order, shifting every offset: what makes offset paging repeat records.
   * @example { insertAfterRequests: 2, insertCount: 3 }
   */
  insertAfterRequests?: number;
  /** How many records `insertAfterRequests` inserts (default 1). */
  insertCount?: number;
  /**
   * Paging providers (TeleCMI, iPing, Nimblevox): the server answers at most this many records
   * a page, whatever the request asked for, and pages by its own size (TeleCMI's production
   * server answers a fixed 10 rows a page and ignores `limit`). Links and counts stay truthful.
   * @example { pageCap: 10 }
   */
  pageCap?: number;
  /**
   * Whole-window providers (Boxis, MIXvoip): an answer silently holds at most this many records
   * (the first ones, in serving order), with no sign that more exist.
   * @example { answerCap: 500 }
   */
  answerCap?: number;
  /**
   * Limits the faults to the requests for which it returns true (by default every request except
   * the doc-sample fixtures).
   * @example { serverErrorRate: 1, match: (req) => req.query.offset === '500' }
   */
  match?: (request: RecordedRequest) => boolean;
}

/** How many faults of each kind the emulator has served since it started. */
export interface FaultCounts {
  /** Requests answered 500, 502 or 503 by `serverErrorRate`. */
  serverError: number;
  /** Requests answered 429 by `rateLimitRate`. */
  rateLimit: number;
  /** Connections destroyed mid-body by `dropRate`. */
  drop: number;
  /** Answers whose body was cut short by `truncateRate`. */
  truncate: number;
  /** Answers given a broken body by `malformedRate`. */
  malformed: number;
  /** Requests that were delayed by `latencyMs`. */
  latency: number;
  /** Boxis requests rejected only because of `clockSkewSec`. */
  clockSkew: number;
  /** Records inserted by `insertAfterRequests` (per data set for TeleCMI: counted once). */
  insert: number;
}

/**
 * Options shared by every emulator.
 *
 * @example
 * await startEmulator('telecmi', { records: 5000, seed: 7, from: '2024-03-01', to: '2024-04-01' });
 */
export interface EmulatorOptions {
  /**
   * Records in the generated data set (per endpoint for TeleCMI). Default 1000.
   * @example { records: 1_000_000 }
   */
  records?: number;
  /** Seed of the data and fault PRNGs: the same seed gives the same records. Default 1. @example { seed: 42 } */
  seed?: number;
  /**
   * Start (inclusive) of the period the records' start times are spread over.
   * Default 2024-01-01T00:00:00Z. @example { from: '2024-01-01T00:00:00Z' }
   */
  from?: DateInput;
  /** End (exclusive) of that period. Default 2024-07-01T00:00:00Z. @example { to: new Date('2024-02-01') } */
  to?: DateInput;
  /**
   * IANA zone of the naive timestamps the emulator writes and reads: default Europe/Zurich for
   * Boxis, America/New_York for iPing's `start_dt`/`end_dt`, UTC for MIXvoip and Nimblevox.
   * TeleCMI uses epoch milliseconds and ignores it.
   * @example { timeZone: 'Europe/Luxembourg' }
   */
  timeZone?: string;
  /**
   * Answer CORS preflights and add `Access-Control-Allow-Origin: *` so a browser page can call
   * the emulator. Default false. @example { cors: true }
   */
  cors?: boolean;
  /** Faults to inject from the start (see {@link Faults}); change them later with `setFaults`. */
  faults?: Faults;
  /** TCP port; 0 (default) picks a free one. @example { port: 4010 } */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. @example { host: '0.0.0.0' } */
  host?: string;
}

/** Options of the TeleCMI emulator. */
export interface TelecmiEmulatorOptions extends EmulatorOptions {
  /**
   * How `/v1/…` rows look: as the doc's sample (`'doc'`: `total`, `_id`, a string `rate`) or as
   * production sends them (`'production'`: `count`, `cmiuid`, `duration`, `agent`, `notes`, a
   * numeric `rate`, `record` and `from`/`to` in either type). The `/v2/…` paths always answer in
   * v2's documented shape. Default `'doc'`.
   * @example { shape: 'production' }
   */
  shape?: 'doc' | 'production';
}

/** Options of the Boxis emulator. */
export interface BoxisEmulatorOptions extends EmulatorOptions {
  /**
   * How far (seconds) a request's `timestamp` may be from the server clock. Default 300.
   * @example { timestampToleranceSec: 60 }
   */
  timestampToleranceSec?: number;
}

/** Options of the iPing emulator. */
export interface IpingEmulatorOptions extends EmulatorOptions {
  /**
   * How fields are written: `<name value="x"/>` (default, like the request document) or
   * `<name>x</name>`. @example { xmlStyle: 'element' }
   */
  xmlStyle?: 'attribute' | 'element';
}

/** Options of the Nimblevox emulator. */
export interface NimblevoxEmulatorOptions extends EmulatorOptions {
  /**
   * Origin written into `next`, `previous` and `href` links. Default the emulator's own URL.
   * @example { linkOrigin: 'https://api.nimblevox.com' }
   */
  linkOrigin?: string;
}

/** TeleCMI credentials, as `TeleCmiClient` takes them. */
export interface TelecmiCredentials {
  /** The app id the emulator accepts (TeleCMI's `appid`). */
  appId: number;
  /** The app secret the emulator accepts (TeleCMI's `token`). */
  token: string;
}
/** Boxis credentials, as `BoxisClient` takes them. */
export interface BoxisCredentials {
  /** The user name the emulator accepts. */
  userName: string;
  /** The key the emulator checks each request's `authcode` (md5 of timestamp and key) against. */
  userKey: string;
  /** The tenant that holds the generated calls. */
  tenant: string;
}
/** MIXvoip credentials, as `MixvoipClient` takes them (the profile is `emu.profileId`). */
export interface MixvoipCredentials {
  /** The reseller's or user's user name the emulator accepts. */
  userName: string;
  /** The password the emulator accepts. */
  password: string;
}
/** iPing credentials, as `IpingClient` takes them. */
export interface IpingCredentials {
  /** The account's `user_name` the emulator accepts. */
  userName: string;
  /** The account's password the emulator accepts. */
  password: string;
}
/** Nimblevox credentials, as `NimblevoxClient` takes them. */
export interface NimblevoxCredentials {
  /** The `apiKey` the emulator accepts. */
  apiKey: string;
}

/**
 * A TeleCMI CDR as the emulator serves it: in the v1 doc's shape (`_id`, a string `rate`,
 * `agent` on `/v1/answered` only), or in production's and v2's (`cmiuid`, `duration`, `agent`,
 * `notes`, a numeric `rate`).
 */
export interface TelecmiRecord {
  /** The doc shape's id of the call (24 hex digits, like a MongoDB id); absent in the production shape. */
  _id?: string;
  /** The production and v2 shapes' id of the call (a UUID); absent in the doc shape. */
  cmiuid?: string;
  /** The number called: a number, or (production rows, now and then) a string. */
  to: number | string;
  /** When the call was made, epoch milliseconds. */
  time: number;
  /** Doc shape: the agent id on outgoing calls (`209_1111113`), the caller's number on incoming ones. Production: a number, as a number or a string. */
  from: string | number;
  /** The agent (user): on `/v1/answered` in the doc shape, on every production row. */
  agent?: string;
  /** Production and v2: the call's length in seconds. */
  duration?: number;
  /** Production and v2: the agents' notes on the call. */
  notes?: {
    /** The note. */
    msg: string;
    /** When it was written, epoch milliseconds. */
    date: number;
    /** Who wrote it. */
    agent: string;
  }[];
  /** Billed seconds; 0 for a missed call. */
  billedsec: number;
  /** The call's cost: a decimal string in the doc shape (`"0.6"`), a number in production (`0.6`). */
  rate: string | number;
  /** Whether the call was recorded: `"true"`/`"false"` in the doc shape; production sends a boolean or that string. */
  record: string | boolean;
  /** File name of the recording (empty when not recorded). */
  filename: string;
  /** The caller's name, `"unknown"` when TeleCMI has none. */
  name: string;
}

/** A Boxis CDR: every value a string except `prevsequence` and `cc_type_id` (null). */
export type BoxisRecord = Record<string, string | null>;

/** A MIXvoip entry: `{ type, data }`. */
export interface MixvoipRecord {
  /** What is billed: `CALLIN`, `CALLOUT`, `SMS`, … */
  type: string;
  /** The record's fields, as getCalls' JSON carries them. */
  data: {
    /** Who made the call (`+35220333000`), else the user name. */
    source: string;
    /** The number dialled, else the product name. */
    destination: string;
    /** The country dialled, else a product description; null on incoming calls. */
    destination_name: string | null;
    /** Start of the call (or the billing date), `yyyy-MM-dd HH:mm:ss` in the emulator's zone. */
    call_start: string;
    /** Seconds, as a string (`"61"`). */
    duration: string;
    /** The PBX extension, `""` when none. */
    pbxextension: string;
    /** Quantity billed (minutes, messages, items). */
    quantity: number;
    /** Price in euro cents per quantity, a decimal string (`"7.00"`). */
    price: string;
    /** Invoice or report number, `"N/A"` before invoicing. */
    invoice: string;
  };
}

/** An iPing outbound item: every field a string, as the XML carries it. */
export type IpingRecord = Record<string, string>;

/** A Nimblevox SDR as its JSON form carries it. */
export interface NimblevoxRecord {
  /** Unique identification number of the session. */
  id: number;
  /** The location of the SDR resource (`<linkOrigin>/sdr/<id>`). */
  href: string;
  /** Sequence number of the record: a 30-character hex string. */
  seqnum: string;
  /** The Nimblevox Blast account number. */
  subscriber: string;
  /** When the service was initiated, `yyyy-MM-ddTHH:mm:ss` in the emulator's zone. */
  billStart: string;
  /** When the service was terminated, same format. */
  billEnd: string;
  /** The A-number. */
  callingParty: string;
  /** The B-number. */
  calledParty: string;
  /** The type of call, JSON style with underscores (`Application_Outdial`). */
  callType: string;
  /** The type of service, JSON style with underscores (`Outbound_Call`). */
  serviceType: string;
  /** Units billed for the service (seconds for calls). */
  billUnits: number;
  /** Money charged for the service. */
  moneyCharge: number;
  /** Bonus money charged for the service. */
  bonusCharge: number;
  /** The subscriber's balance after the charges; may be negative. */
  endingBalance: number;
  /** The subscriber's bonus balance after the bonus charges. */
  endingBonusBalance: number;
  /** Correlates the record with external activity, usually the SIP Call-ID. */
  correlationId: string;
  /** Total time or volume used (seconds for calls). */
  serviceTime: number;
  /** Seconds from service authorization to tear down. */
  clientTime: number;
  /** Custom call data of the application, or null when there is none. */
  customCallDataList:
    | {
        /** Name of the custom field. */
        name: string;
        /** Its value, as text. */
        value: string;
      }[]
    | null;
}

/** The TeleCMI data sets, one per endpoint. */
export type TelecmiDataset = 'outanswered' | 'outmissed' | 'answered' | 'missed';
/** The iPing data sets: `storage_type` past (completed calls) and future (scheduled ones). */
export type IpingDataset = 'past' | 'future';

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
