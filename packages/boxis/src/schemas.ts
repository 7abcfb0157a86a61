/**
 * The shapes of Boxis' getCDR answer, as zod/mini schemas, and the types inferred from them.
 *
 * The reading policy (docs/reading-policy.md): a call is refused only without its `uniqueid`
 * (its id) or its `start` (when it happened). Every other field may be missing or null, and
 * every scalar may come as a string (as the doc shows: "all values are strings") or as a
 * number; the typed record says so and holds the value exactly as sent. Fields the doc does
 * not list are kept. What differs from the doc is reported through `hooks.schemaDrift`.
 * @module
 */
import type { WindowSpan } from '@cdrkit/core';
import { checkWindowSpan, type DocumentedFields, numberOrString } from '@cdrkit/core/provider';
import * as z from 'zod/mini';

/** The provider and the one list method, as errors and cursors name them. */
export const PROVIDER = 'boxis';
export const OPERATION = 'getCDR';

/** A documented field other than the id and start: a string or a number, or null, or missing. */
const optionalText = z.optional(z.nullable(numberOrString));

/**
 * One call of getCDR's `cdr` object: an Asterisk CDR with Boxis' additions (`cc_*` charging
 * fields, `wherelanded`, `firstdst`, …). Times are naive Swiss local times
 * (`2018-02-06 20:12:56`); `answer` is `0000-00-00 00:00:00` for a call nobody answered.
 */
export const boxisCdrSchema = z.looseObject({
  /** Asterisk's unique id of the call leg (`sip022.voice.boxis.net-1517944376.108168`): required. */
  uniqueid: numberOrString,
  /** When the call started, Swiss local time (`2018-02-06 20:12:56`): required. */
  start: z.string(),
  /** When it was answered, or `0000-00-00 00:00:00`. */
  answer: optionalText,
  /** When it ended. */
  end: optionalText,
  /** Caller id as displayed (`"DirectCEO:" `). */
  clid: optionalText,
  /** Calling number, leading zeros kept (`0041616925879`). */
  src: optionalText,
  /** Called number or destination (`0225101800`, `AG-000-NFR-453`). */
  dst: optionalText,
  /** Dial-plan context (`fromoutside`, `fromotherpbx`). */
  dcontext: optionalText,
  /** Asterisk channel of the calling side (`SIP/NS_Inbound_Route_CH_Direct_105-00002c27`). */
  channel: optionalText,
  /** Asterisk channel of the called side (`SIP/sip046.voice.boxis.net-00002c28`); empty when none was created. */
  dstchannel: optionalText,
  /** The last dial-plan application the call ran, usually `Dial`. */
  lastapp: optionalText,
  /** The arguments of `lastapp`, e.g. the dialled SIP peers and options; may be cut short by Asterisk. */
  lastdata: optionalText,
  /** Seconds from start to end. */
  duration: optionalText,
  /** Seconds from answer to end (the billed time). */
  billsec: optionalText,
  /** `ANSWERED`, `NO ANSWER`, `BUSY`, `FAILED` (Asterisk's dispositions). */
  disposition: optionalText,
  /** Asterisk AMA flag: `1` omit, `2` billing, `3` documentation (`3` in the doc's sample). */
  amaflags: optionalText,
  /** Asterisk account code of the calling channel (`BOXIS`). */
  accountcode: optionalText,
  /** Boxis writes the direction here: `[inbound]` or `[outbound]`. */
  userfield: optionalText,
  /** Boxis addition, not described by the doc: the real origin when a call was passed on, e.g. a queue name (`Queue General`); usually empty. */
  realsrc: optionalText,
  /** Boxis addition: the number first dialled (`0225101820`), before any forwarding or queue. */
  firstdst: optionalText,
  /** Boxis addition: the last destination the call reached, e.g. an extension (`606`); empty when none. */
  lastdst: optionalText,
  /** SIP `Call-ID` of the incoming leg (`…@127.0.0.1`); empty when the call did not come in over SIP. */
  srcCallID: optionalText,
  /** `uniqueid` of the leg this one follows from (after a transfer or forward); empty for a first leg. */
  prevuniqueid: optionalText,
  /** Asterisk account code of the called (peer) channel (`BOXIS`). */
  peeraccount: optionalText,
  /** Asterisk's CDR sequence number on the server that wrote the record (`15922`). */
  sequence: optionalText,
  /** Id of the originate request (click-to-dial, callback) that placed the call; empty for ordinary calls. */
  originateid: optionalText,
  /** Asterisk's linked id: the `uniqueid` of the first leg of the call, shared by all its legs; group by it to see one call end to end. */
  linkedid: optionalText,
  /** Boxis addition: the number or extension where the call finally landed (`0227359748`), `N/A` when it landed nowhere. */
  wherelanded: optionalText,
  /** PIN code entered for the call (PIN-protected dialling); empty when none was asked. */
  pincode: optionalText,
  /** `sequence` of the record this one follows from; null (as in the doc's sample) when there is none. */
  prevsequence: optionalText,
  /** Boxis billing: the peer (trunk) the call was charged on; empty for a call that is not charged. */
  cc_peername: optionalText,
  /** Boxis billing: the date the call was charged on, `YYYY-MM-DD` (`2018-02-06`). */
  cc_date: optionalText,
  /** Boxis billing: the charging type, e.g. `OUTNOCHARGE` for a call that is not charged. */
  cc_type: optionalText,
  /** Boxis billing: the id of the charging type; null in the doc's sample. */
  cc_type_id: optionalText,
  /** Boxis billing: the country of the charged destination; empty when the call is not charged. */
  cc_country: optionalText,
  /** Boxis billing: the network of the charged destination (fixed, mobile, operator); empty when the call is not charged. */
  cc_network: optionalText,
  /** Boxis billing: marks a call charged as international; empty when the call is not charged. */
  cc_international: optionalText,
  /** The call's cost as a decimal (`0.00000`), in Swiss francs. */
  cc_cost: optionalText,
});

/** One Boxis call record, every field kept. */
export type BoxisCdr = z.output<typeof boxisCdrSchema>;

/**
 * Every field the doc's sample shows, with the type it has there (JSON): what
 * `hooks.schemaDrift` compares each call with. `prevsequence` and `cc_type_id` are null in the
 * sample and would hold a string otherwise.
 */
export const DOCUMENTED_CDR: DocumentedFields = /* @__PURE__ */ Object.fromEntries(
  Object.keys(boxisCdrSchema.shape).map((name) => [
    name,
    name === 'prevsequence' || name === 'cc_type_id' ? ['string', 'null'] : 'string',
  ]),
);

/** The fields a call cannot do without: its id and its start. */
export const CDR_REQUIRED_FIELDS = ['uniqueid', 'start'] as const;

/** Every other documented field: may be missing, null, a string or a number. */
export const CDR_OPTIONAL_FIELDS: readonly string[] = /* @__PURE__ */ Object.keys(
  boxisCdrSchema.shape,
).filter((name) => name !== 'uniqueid' && name !== 'start');

/**
 * True when `value` already is what {@link boxisCdrSchema} accepts, checked by a plain loop:
 * validating 40 fields through zod costs more than parsing the JSON. Never true where the
 * schema fails (a test holds the two together); what it refuses goes to zod for the error path.
 */
export function isPlainBoxisCdr(value: unknown): value is BoxisCdr {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // zod drops a `__proto__` key from its output; leave such a record to zod so both paths agree.
  if (Object.hasOwn(value, '__proto__')) return false;
  const record = value as Record<string, unknown>;
  if (!isScalar(record.uniqueid) || typeof record.start !== 'string') return false;
  for (const name of CDR_OPTIONAL_FIELDS) {
    const field = record[name];
    if (field !== undefined && field !== null && !isScalar(field)) return false;
  }
  return true;
}

function isScalar(value: unknown): value is string | number {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * The envelope of every answer, success or error: `result` `"1"` or `"0"`, `resulttxt`, the
 * server's `timestamp`, `timestamperror` when the request's timestamp was rejected, and on
 * success `params.cdr`. `params` is read separately (it may be an object, `[]` or absent).
 */
export const boxisEnvelopeSchema = z.looseObject({
  /** `'1'` for success, `'0'` for an error. */
  result: numberOrString,
  /** Boxis' status text: `success`, or what went wrong. */
  resulttxt: optionalText,
  /** On success an object holding `cdr`; may be `[]` or absent when there is nothing. */
  params: z.optional(z.unknown()),
  /** The server's clock, Unix seconds (`1518091850`): a rejected request is retried with it. */
  timestamp: optionalText,
  /** Present when the server rejected the request's timestamp as too far from its own clock. */
  timestamperror: z.optional(z.unknown()),
});

/** The parsed envelope of a getCDR answer. */
export type BoxisEnvelope = z.output<typeof boxisEnvelopeSchema>;

/** A window span as the cursor's parameters carry it: what `windowSpan` accepts. */
const windowSpanSchema = z.custom<WindowSpan>((value) => {
  try {
    checkWindowSpan(value, { provider: PROVIDER, operation: OPERATION });
    return true;
  } catch {
    return false;
  }
}, 'not a window span');

/** A getCDR call's parameters, as its cursor carries them (`q`): tenant, answer format, window span. */
export const paramsSchema = z.object({
  /** The Boxis tenant the calls belong to (`VOICE-12001-1`). */
  tenant: z.string().check(z.minLength(1)),
  /** The answer format the call asked for. */
  format: z.enum(['json', 'xml']),
  /** Largest window one request covers, counted in the client's zone. */
  span: windowSpanSchema,
});

/** A getCDR call's parameters. */
export type GetCdrParams = z.output<typeof paramsSchema>;

const epoch = z.int();

/**
 * A getCDR cursor, in cdrkit's one cursor format: the call's parameters (`q`), the date window
 * it points at (`from`, `to`, epoch ms), the range's end (`end`), and while a window that
 * reached `maxRecordsPerAnswer` is read in parts, the ends of the parts still to read
 * (`pending`) and `cut`.
 */
export const boxisCursorSchema = z.object({
  /** Provider tag: a cursor of another provider is refused. */
  p: z.literal(PROVIDER),
  /** Method tag: a cursor of another method is refused. */
  op: z.literal(OPERATION),
  /** The call's tenant, format and window span. */
  q: paramsSchema,
  /** Start of the window this cursor points at, epoch ms (included). */
  from: epoch,
  /** End of that window, epoch ms (excluded). */
  to: epoch,
  /** End of the whole range, epoch ms (excluded): no window goes past it. */
  end: epoch,
  /** Ends (epoch ms, ascending) of the parts still to read after this one: the next is `[to, pending[0])`. */
  pending: z.optional(z.array(epoch)),
  /** Present while the window is one part of a window that was cut. */
  cut: z.optional(z.literal(true)),
});

/** A validated getCDR cursor. */
export type BoxisCursor = z.output<typeof boxisCursorSchema>;
