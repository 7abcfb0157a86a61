/**
 * What differs between TeleCMI's two CDR APIs: where they live, how the secret is sent, the page
 * sizes, and the documented shapes that drift is measured against.
 * @module
 */
import type { DocumentedFields } from '@cdrkit/core/provider';
import type { TeleCmiEndpoint } from './normalize.js';

/** TeleCMI's CDR APIs: `v1` (piopiy.telecmi.com/v1, the one the doc describes) and `v2` (rest.telecmi.com/v2). */
export type TeleCmiApiVersion = 'v1' | 'v2';

/** One API version: endpoint, request conventions and documented answer. */
export interface VersionSpec {
  /** The documented origin. */
  baseUrl: string;
  /** Each endpoint's path. */
  paths: Readonly<Record<TeleCmiEndpoint, string>>;
  /** The body field that carries the app secret. */
  secretField: 'token' | 'secret';
  /** Records asked per request when `pageSize` is not given. */
  defaultPageSize: number;
  /** The most records a request may ask for, when documented. */
  maxPageSize: number | undefined;
  /** The documented envelope of a list answer. */
  envelope: DocumentedFields;
  /** The documented fields of a row, per endpoint. */
  rows: Readonly<Record<TeleCmiEndpoint, DocumentedFields>>;
  /** The documented fields of an entry of a row's `notes`, when the version documents them. */
  note: DocumentedFields | undefined;
}

/** The v1 doc's sample of /v1/outanswered, field for field (telecmi-outanswered.txt). */
const V1_OUTGOING: DocumentedFields = {
  _id: 'string',
  to: 'number',
  time: 'number',
  from: 'string',
  billedsec: 'number',
  rate: 'string',
  record: 'string',
  filename: 'string',
  name: 'string',
};
/** Incoming calls: `from` is the caller's number; `answered` adds the `agent` who took the call. */
const V1_INCOMING: DocumentedFields = { ...V1_OUTGOING, from: 'number' };

/** TeleCMI's v2 documented answer: `{ count, cdr: [{ cmiuid, duration, agent, notes, … }] }`. */
const V2_ROW: DocumentedFields = {
  cmiuid: 'string',
  duration: 'number',
  agent: 'string',
  notes: 'array',
  billedsec: 'number',
  filename: 'string',
  rate: 'number',
  record: 'string',
  name: 'string',
  from: 'string',
  to: 'number',
  time: 'number',
};

export const VERSIONS: Readonly<Record<TeleCmiApiVersion, VersionSpec>> = {
  v1: {
    baseUrl: 'https://piopiy.telecmi.com',
    paths: {
      outAnswered: '/v1/outanswered',
      outMissed: '/v1/outmissed',
      answered: '/v1/answered',
      missed: '/v1/missed',
    },
    secretField: 'token',
    // TeleCMI's own default is 10 and v1 documents no maximum: 100 keeps requests few.
    defaultPageSize: 100,
    maxPageSize: undefined,
    envelope: { total: 'number', cdr: 'array', code: 'number' },
    rows: {
      outAnswered: V1_OUTGOING,
      outMissed: V1_OUTGOING,
      answered: { ...V1_INCOMING, agent: 'string' },
      missed: V1_INCOMING,
    },
    note: undefined,
  },
  v2: {
    baseUrl: 'https://rest.telecmi.com',
    paths: {
      outAnswered: '/v2/out_answered',
      outMissed: '/v2/out_missed',
      answered: '/v2/answered',
      missed: '/v2/missed',
    },
    secretField: 'secret',
    // v2 documents `limit` as default 10, at most 20.
    defaultPageSize: 20,
    maxPageSize: 20,
    envelope: { count: 'number', cdr: 'array' },
    rows: { outAnswered: V2_ROW, outMissed: V2_ROW, answered: V2_ROW, missed: V2_ROW },
    note: { msg: 'string', date: 'number', agent: 'string' },
  },
};
