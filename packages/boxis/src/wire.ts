/**
 * Boxis' wire: the signed getCDR form, and its answers, JSON or XML, read into calls (the
 * envelope, the `cdr` object of `call_N` keys, in-body errors, timestamp rejections, drift).
 * @module
 */
import {
  formatProviderDate,
  parseProviderDate,
  ResponseFormatError,
  redactedExcerpt,
  redactSecrets,
} from '@cdrkit/core';
import {
  type DocumentedFields,
  type DriftMonitor,
  type HttpRequest,
  type HttpResponse,
  type ParseContext,
  parseJson,
  providerMessage,
  readText,
  validate,
} from '@cdrkit/core/provider';
import type { XmlNode } from '@cdrkit/core/xml';
// crypto-js' md5 module alone: a bundle takes MD5 without the rest of crypto-js.
import md5 from 'crypto-js/md5.js';
import { formatError, inBodyError, xmlParserError } from './errors.js';
import type { BoxisFormat } from './options.js';
import {
  type BoxisCdr,
  type BoxisEnvelope,
  boxisCdrSchema,
  boxisEnvelopeSchema,
  DOCUMENTED_CDR,
  isPlainBoxisCdr,
  OPERATION,
  PROVIDER,
} from './schemas.js';

/** The doc's date format for `datefrom` and `dateto`: 'yyyy-mm-dd hh:mm:ss' (24-hour). */
const DATE_PATTERN = 'yyyy-MM-dd HH:mm:ss';
/** `cdr` keys: `call_1`, `call_2`, … */
const CALL_KEY = /^call_(\d+)$/;
/** Fields the JSON answer sends as `null` and XML can only send empty: XML's `''` becomes null. */
const NULL_WHEN_EMPTY_IN_XML = ['prevsequence', 'cc_type_id'] as const;
/** Where the calls sit, for drift paths (the `call_N` key left out, as an index would be). */
const CALLS_PATH = 'params.cdr[]';

/**
 * The success envelope as the doc shows it (JSON's `timestamp` is a number, XML has only text),
 * without `params`, which an answer with no calls may leave out; with it, when it is there.
 */
const DOCUMENTED_ENVELOPE: Record<'json' | 'xml', readonly [DocumentedFields, DocumentedFields]> = {
  json: [
    { result: 'string', resulttxt: 'string', timestamp: 'number' },
    { result: 'string', resulttxt: 'string', params: 'object', timestamp: 'number' },
  ],
  xml: [
    { result: 'string', resulttxt: 'string', timestamp: 'string' },
    { result: 'string', resulttxt: 'string', params: 'object', timestamp: 'string' },
  ],
};

/** What one getCDR request asks for, beside its signature. */
export interface GetCdrQuery {
  version: string;
  userName: string;
  format: BoxisFormat;
  tenant: string;
  /** `datefrom` and `dateto`, as {@link formDates} wrote them. */
  datefrom: string;
  dateto: string;
}

/** `datefrom` and `dateto` for the instants `from` and `to` (epoch ms), in the client's zone. */
export function formDates(from: number, to: number, timeZone: string): { datefrom: string; dateto: string } {
  return {
    datefrom: formatProviderDate(new Date(from), DATE_PATTERN, timeZone),
    dateto: formatProviderDate(new Date(to), DATE_PATTERN, timeZone),
  };
}

/** The doc's signature: `md5(timestamp + userKey)`, hex. */
export function sign(timestamp: number, userKey: string): string {
  return md5(`${timestamp}${userKey}`).toString();
}

/** The getCDR request: a POST of exactly the documented form, in the documented order. */
export function getCdrRequest(
  query: GetCdrQuery,
  signature: { timestamp: number; authcode: string },
  signal: AbortSignal,
): HttpRequest {
  return {
    operation: OPERATION,
    method: 'POST',
    path: '/',
    form: {
      version: query.version,
      returntype: query.format,
      timestamp: String(signature.timestamp),
      username: query.userName,
      authcode: signature.authcode,
      section: 'voice',
      action: 'getCDR',
      tenant: query.tenant,
      datefrom: query.datefrom,
      dateto: query.dateto,
    },
    // The authcode opens the account until the timestamp expires: as secret as the key.
    secrets: [signature.authcode],
    signal,
  };
}

/**
 * A loader of the XML parser, on first XML request only (a JSON-only bundle never carries
 * fast-xml-parser); a failed load is tried again on the next request.
 */
export function xmlParserLoader(): () => Promise<(text: string) => XmlNode> {
  let parser: Promise<(text: string) => XmlNode> | undefined;
  return () => {
    parser ??= import('@cdrkit/core/xml').then(
      ({ createXmlParser }) => createXmlParser({ provider: PROVIDER, operation: OPERATION }),
      (error: unknown) => {
        throw xmlParserError(error);
      },
    );
    parser.catch(() => {
      parser = undefined;
    });
    return parser;
  };
}

/** What one signed request brought back: calls, or the server's rejection of its timestamp. */
export type Answer =
  | { ok: true; calls: Call[] }
  | {
      ok: false;
      serverTimestamp: number | undefined;
      offsetSec: number | undefined;
      providerMessage: string;
    };

/** A call of an answer, with its start read as epoch ms in the client's zone. */
export interface Call {
  record: BoxisCdr;
  startedAt: number;
}

/** What reading an answer needs beside the body. */
export interface ReadOptions {
  /** The XML parser for `returntype=xml`; undefined for JSON. */
  parseXml: ((text: string) => XmlNode) | undefined;
  /** The user key and this request's authcode, redacted from anything the answer produces. */
  secrets: readonly string[];
  /** Zone of the answer's naive times. */
  timeZone: string;
  /** Where drift goes (the client's `HttpClient.drift`). */
  drift: DriftMonitor;
}

/**
 * Reads one answer: its calls, or the rejection of the request's timestamp (for the doc's
 * timestamp synchronization).
 * @throws AuthenticationError or ApiError for any other `result` 0; ResponseFormatError for a body
 * that does not parse or a call without its `uniqueid` or `start`
 */
export function readAnswer(response: HttpResponse, options: ReadOptions): Answer {
  const { parseXml, secrets } = options;
  const context: ParseContext = {
    provider: PROVIDER,
    operation: OPERATION,
    body: response.body,
    status: response.status,
    secrets,
  };
  const data =
    parseXml === undefined
      ? parseJson(response.body, context)
      : readXmlEnvelope(parseXml, response.body, context, secrets);
  const envelope = validate(boxisEnvelopeSchema, data, context);
  const result = readText(envelope.result)?.trim() ?? '';
  if (result === '1') {
    if (options.drift.active) {
      const [bare, withParams] = DOCUMENTED_ENVELOPE[parseXml ? 'xml' : 'json'];
      const envelopeFields = envelope.params === undefined ? bare : withParams;
      options.drift.checkRecord(OPERATION, '', envelope, envelopeFields);
    }
    return { ok: true, calls: readCalls(envelope, context, options) };
  }

  const redact = (text: string) => redactSecrets(text, secrets);
  const message = providerMessage(readText(envelope.resulttxt), redact) ?? '';
  if (isSet(envelope.timestamperror)) {
    const serverTimestamp = readTimestamp(envelope.timestamp);
    return {
      ok: false,
      serverTimestamp,
      offsetSec: serverTimestamp === undefined ? undefined : serverTimestamp - Math.floor(Date.now() / 1000),
      providerMessage: message,
    };
  }
  throw inBodyError(result, message, response.status);
}

/** The `<return>` element of an XML answer, in the JSON answer's shape. */
function readXmlEnvelope(
  parseXml: (text: string) => XmlNode,
  body: string,
  context: ParseContext,
  secrets: readonly string[],
): unknown {
  let document: XmlNode;
  try {
    document = parseXml(body);
  } catch (error) {
    if (!(error instanceof ResponseFormatError)) throw error;
    // The XML parser knows the client's key but not this request's authcode: redact again.
    throw new ResponseFormatError(redactSecrets(error.message, secrets), {
      provider: PROVIDER,
      operation: OPERATION,
      kind: error.kind,
      path: error.path,
      excerpt: redactedExcerpt(body.trim(), secrets),
      status: context.status,
    });
  }
  const envelope = Object.hasOwn(document, 'return') ? document.return : undefined;
  if (envelope === undefined || typeof envelope !== 'object' || Array.isArray(envelope)) {
    throw formatError('The XML answer has no <return> element.', 'return', context.status);
  }
  const params = Object.hasOwn(envelope, 'params') ? envelope.params : undefined;
  if (params === undefined || typeof params !== 'object' || Array.isArray(params)) return envelope;
  const cdr = Object.hasOwn(params, 'cdr') ? params.cdr : undefined;
  if (cdr === undefined || typeof cdr !== 'object' || Array.isArray(cdr)) return envelope;
  // Empty XML elements read as '': where JSON sends null, XML's '' becomes null, so both
  // formats give the same record. The tree is this parse's own, so it is changed in place, and
  // only under the fixed names below: no key from the answer is ever assigned.
  for (const key of Object.keys(cdr)) {
    const call = cdr[key];
    if (call === undefined || typeof call !== 'object' || Array.isArray(call)) continue;
    const fields = call as Record<string, unknown>;
    for (const field of NULL_WHEN_EMPTY_IN_XML) {
      if (Object.hasOwn(fields, field) && fields[field] === '') fields[field] = null;
    }
  }
  return envelope;
}

/**
 * `params.cdr` as an array in numeric order (`call_10` after `call_9`). `cdr` may be an object,
 * an empty `{}` or `[]`, or absent when there are no calls. A key other than `call_N` is a
 * `ResponseFormatError` rather than a silently dropped call.
 */
function readCalls(envelope: BoxisEnvelope, context: ParseContext, options: ReadOptions): Call[] {
  const params = envelope.params;
  if (params === undefined || params === null || params === '') return [];
  if (typeof params !== 'object') throw formatError('`params` is not an object.', 'params', context.status);
  const cdr: unknown = Object.hasOwn(params, 'cdr') ? (params as { cdr?: unknown }).cdr : undefined;
  if (cdr === undefined || cdr === null || cdr === '') return [];
  if (Array.isArray(cdr)) {
    return cdr.map((call, index) => readCall(call, `params.cdr[${index}]`, context, options));
  }
  if (typeof cdr !== 'object')
    throw formatError('`params.cdr` is not an object.', 'params.cdr', context.status);

  const numbered: { key: string; number: number }[] = [];
  for (const key of Object.keys(cdr)) {
    const match = CALL_KEY.exec(key);
    if (match === null) {
      const shown = redactSecrets(key, context.secrets ?? []).slice(0, 40);
      throw formatError(
        `\`params.cdr\` holds a key that is not call_N: ${JSON.stringify(shown)}.`,
        'params.cdr',
        context.status,
      );
    }
    numbered.push({ key, number: Number(match[1]) });
  }
  numbered.sort((a, b) => a.number - b.number);
  const calls = cdr as Record<string, unknown>;
  return numbered.map(({ key }) => readCall(calls[key], `params.cdr.${key}`, context, options));
}

/**
 * One call, validated (only `uniqueid` and `start` are required), checked for drift, with its
 * start read in the client's zone (a start that is not a date is an error: it cannot be placed).
 */
function readCall(value: unknown, path: string, context: ParseContext, options: ReadOptions): Call {
  let record: BoxisCdr;
  try {
    record = isPlainBoxisCdr(value) ? value : validate(boxisCdrSchema, value, context);
  } catch (error) {
    if (!(error instanceof ResponseFormatError)) throw error;
    const where = error.path === undefined || error.path === '' ? path : `${path}.${error.path}`;
    throw new ResponseFormatError(
      `Boxis sent a call that cannot be read at ${where}: a call needs its uniqueid and start, and its other fields must be strings, numbers or null.`,
      {
        provider: PROVIDER,
        operation: OPERATION,
        kind: 'schema',
        path: where,
        excerpt: error.excerpt,
        status: error.status,
        cause: error,
      },
    );
  }
  if (options.drift.active) options.drift.checkRecord(OPERATION, CALLS_PATH, record, DOCUMENTED_CDR);
  const startedAt = parseProviderDate(record.start, options.timeZone);
  if (Number.isNaN(startedAt)) {
    throw formatError(
      `the start of ${path} is not a 'yyyy-mm-dd hh:mm:ss' date.`,
      `${path}.start`,
      context.status,
    );
  }
  return { record, startedAt };
}

/** PHP's truthiness, which the doc's sample applies to `timestamperror`. */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0) return false;
  if (typeof value === 'string') return !['', '0', 'false'].includes(value.trim().toLowerCase());
  return true;
}

function readTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}
