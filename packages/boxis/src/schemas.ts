/**
 * The shapes of Boxis' getCDR answer, as zod/mini schemas, and the types inferred from them.
 *
 * Boxis sends every value as a string (`"duration": "237"`); a number is tolerated and turned
 * into its decimal string, so the typed record always holds strings and `src`/`dst` keep their
 * leading zeros. Fields the doc does not list are kept as they came.
 * @module
 */
import { toDecimalString } from '@cdrkit/core';
import * as z from 'zod/mini';

/** A string, or a number read as its decimal string (`237` → `'237'`). */
const text = z.pipe(
  z.union([z.string(), z.number()]),
  z.transform((value: string | number) =>
    typeof value === 'string' ? value : (toDecimalString(value) ?? String(value)),
  ),
);

/** A field that may be missing or null (`prevsequence` and `cc_type_id` are null in the doc's sample). */
const optionalText = z.optional(z.nullable(text));

/**
 * One call of getCDR's `cdr` object: an Asterisk CDR with Boxis' additions (`cc_*` charging
 * fields, `wherelanded`, `firstdst`, …). Times are naive Swiss local times
 * (`2018-02-06 20:12:56`); `answer` is `0000-00-00 00:00:00` for a call nobody answered.
 */
export const boxisCdrSchema = z.looseObject({
  /** Asterisk's unique id of the call leg (`sip022.voice.boxis.net-1517944376.108168`). */
  uniqueid: text,
  /** When the call started, Swiss local time. */
  start: text,
  /** When it was answered, or `0000-00-00 00:00:00`. */
  answer: z.nullable(text),
  /** When it ended. */
  end: z.nullable(text),
  /** Caller id as displayed (`"DirectCEO:" `). */
  clid: optionalText,
  /** Calling number, leading zeros kept (`0041616925879`). */
  src: text,
  /** Called number or destination (`0225101800`, `AG-000-NFR-453`). */
  dst: text,
  /** Dial-plan context (`fromoutside`, `fromotherpbx`). */
  dcontext: optionalText,
  channel: optionalText,
  dstchannel: optionalText,
  lastapp: optionalText,
  lastdata: optionalText,
  /** Seconds from start to end. */
  duration: text,
  /** Seconds from answer to end (the billed time). */
  billsec: text,
  /** `ANSWERED`, `NO ANSWER`, `BUSY`, `FAILED` (Asterisk's dispositions). */
  disposition: text,
  amaflags: optionalText,
  accountcode: optionalText,
  /** Boxis writes the direction here: `[inbound]` or `[outbound]`. */
  userfield: optionalText,
  realsrc: optionalText,
  firstdst: optionalText,
  lastdst: optionalText,
  srcCallID: optionalText,
  prevuniqueid: optionalText,
  peeraccount: optionalText,
  sequence: optionalText,
  originateid: optionalText,
  linkedid: optionalText,
  wherelanded: optionalText,
  pincode: optionalText,
  prevsequence: optionalText,
  cc_peername: optionalText,
  cc_date: optionalText,
  cc_type: optionalText,
  cc_type_id: optionalText,
  cc_country: optionalText,
  cc_network: optionalText,
  cc_international: optionalText,
  /** The call's cost as a decimal (`0.00000`), in Swiss francs. */
  cc_cost: optionalText,
});

/** One Boxis call record, every field kept. */
export type BoxisCdr = z.output<typeof boxisCdrSchema>;

/**
 * {@link boxisCdrSchema}'s required string fields, for {@link isPlainBoxisCdr}; a test keeps
 * these lists in step with the schema.
 */
export const CDR_TEXT_FIELDS = [
  'uniqueid',
  'start',
  'src',
  'dst',
  'duration',
  'billsec',
  'disposition',
] as const;
/** The required fields that may be null. */
export const CDR_NULLABLE_FIELDS = ['answer', 'end'] as const;
/** Every other documented field: may be missing, null or a string. */
export const CDR_OPTIONAL_FIELDS = Object.keys(boxisCdrSchema.shape).filter(
  (name) =>
    !(CDR_TEXT_FIELDS as readonly string[]).includes(name) &&
    !(CDR_NULLABLE_FIELDS as readonly string[]).includes(name),
);

/**
 * True when `value` already is what {@link boxisCdrSchema} would output: every documented field
 * a string (or null where allowed). Boxis answers look like this, so the client checks them
 * with this loop and keeps zod (with its coercion and error paths) for the rest: validating
 * 40 fields through zod costs more than parsing the JSON.
 */
export function isPlainBoxisCdr(value: unknown): value is BoxisCdr {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // zod drops a `__proto__` key from its output; leave such a record to zod so both paths agree.
  if (Object.hasOwn(value, '__proto__')) return false;
  const record = value as Record<string, unknown>;
  for (const name of CDR_TEXT_FIELDS) {
    if (typeof record[name] !== 'string') return false;
  }
  for (const name of CDR_NULLABLE_FIELDS) {
    const field = record[name];
    if (field !== null && typeof field !== 'string') return false;
  }
  for (const name of CDR_OPTIONAL_FIELDS) {
    const field = record[name];
    if (field !== undefined && field !== null && typeof field !== 'string') return false;
  }
  return true;
}

/**
 * The envelope of every answer, success or error: `result` `"1"` or `"0"`, `resulttxt`, the
 * server's `timestamp`, `timestamperror` when the request's timestamp was rejected, and on
 * success `params.cdr`. `params` is read separately (it may be an object, `[]` or absent).
 */
export const boxisEnvelopeSchema = z.looseObject({
  result: text,
  resulttxt: optionalText,
  params: z.optional(z.unknown()),
  timestamp: optionalText,
  timestamperror: z.optional(z.unknown()),
});

/** The parsed envelope of a getCDR answer. */
export type BoxisEnvelope = z.output<typeof boxisEnvelopeSchema>;

/** A window span as a cursor stores it: milliseconds or calendar units. */
const windowSpanSchema = z.union([
  z.number().check(z.positive()),
  z.object({
    months: z.optional(z.number().check(z.nonnegative())),
    days: z.optional(z.number().check(z.nonnegative())),
    hours: z.optional(z.number().check(z.nonnegative())),
  }),
]);

/**
 * A getCDR cursor: the tenant and format of the call, the date window it points at (`from`,
 * `to`, epoch ms), the end of the whole range (`end`) and the window span.
 */
export const boxisCursorSchema = z.object({
  p: z.literal('boxis'),
  op: z.literal('getCDR'),
  tenant: z.string().check(z.minLength(1)),
  format: z.enum(['json', 'xml']),
  from: z.number(),
  to: z.number(),
  end: z.number(),
  span: windowSpanSchema,
});

/** A validated getCDR cursor. */
export type BoxisCursor = z.output<typeof boxisCursorSchema>;
