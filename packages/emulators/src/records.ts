/** What each emulator serves: the credentials it accepts, its records and its data sets. */

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
