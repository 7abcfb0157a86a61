/**
 * GetOutboundItems on the wire: the request (the documented `bSmartXML` document, or the same
 * parameters as a query string) and the answer, read by the tolerant XML reader of `xml.ts`
 * into items, the envelope and drift reports.
 * @module
 */
import { CdrkitError, formatProviderDate, ResponseFormatError } from '@cdrkit/core';
import type { DriftMonitor, HttpRequest } from '@cdrkit/core/provider';
import { escapeXml, type XmlNode } from '@cdrkit/core/xml';
import { type AnswerContext, inBodyError, noStartError } from './errors.js';
import { itemStartMs, markOccurrences } from './normalize.js';
import { OPERATION, PATH } from './options.js';
import {
  DOCUMENTED_ENVELOPE_FIELDS,
  DOCUMENTED_ITEM_FIELDS,
  type IpingItem,
  type OutboundItemsParams,
} from './schemas.js';
import {
  CONTAINER_NAMES,
  collectFields,
  createIpingXmlParser,
  type Element,
  envelopeFields,
  fieldValue,
  findErrorElement,
  findRecords,
  lower,
  pduTypeOf,
  rootElement,
  TOTAL_NAMES,
} from './xml.js';

/** One answer of GetOutboundItems. */
export interface OutboundItemsAnswer {
  /** The items of the answer, in the order iPing sent them; empty when it holds none. */
  items: IpingItem[];
  /** The answer's own count of matching items (`total_count`), when it has one. */
  total?: number;
  /** The answer's fields outside the records (`pduType`, `item_count`, `total_count`, …), by name, as sent. */
  envelope: Record<string, string>;
  /** The element name of the records (`item` in the assumed shape), when the answer holds any. */
  recordName?: string;
}

/** What the reader needs to know about the exchange, for its errors. */
export interface ParseOutboundItemsContext {
  /** The client method, for errors. @defaultValue 'getOutboundItems' */
  operation?: string;
  /** HTTP status of the answer, for errors. */
  status?: number;
  /** Removes credentials from text that goes into an error (the client's `redact`). */
  redact?: (text: string) => string;
  /** A parser from `createXmlParser` to reuse; one is built when absent. */
  parseXml?: (text: string) => XmlNode;
}

/** The page a request asks for: the call's parameters, its window in epoch ms, the `item_start`. */
export interface OutboundItemsPage {
  params: OutboundItemsParams;
  window: { from: number; to: number };
  itemStart: number;
}

/**
 * The request for one page, in the call's transport. iPing's dates are whole days, end
 * inclusive: the days of the window's first and last instants, in `timeZone`.
 */
export function outboundItemsRequest(
  credentials: { userName: string; password: string },
  page: OutboundItemsPage,
  timeZone: string,
  signal: AbortSignal,
): HttpRequest {
  const { params, window } = page;
  const parameters: [string, string][] = [
    ['method_name', 'getoutbounditems'],
    ['user_name', credentials.userName],
    ['password', credentials.password],
    ['start_dt', formatProviderDate(new Date(window.from), 'MM/dd/yyyy', timeZone)],
    ['end_dt', formatProviderDate(new Date(window.to - 1), 'MM/dd/yyyy', timeZone)],
    ['item_start', String(page.itemStart)],
    ['item_count', String(params.itemCount)],
    ['storage_type', params.storageType],
    ['tracking_id', params.trackingId ?? ''],
  ];
  if (params.transport === 'query') {
    return { operation: OPERATION, method: 'GET', path: PATH, query: Object.fromEntries(parameters), signal };
  }
  return {
    operation: OPERATION,
    method: 'POST',
    path: PATH,
    headers: { 'Content-Type': 'text/xml' },
    body: bSmartXml(parameters),
    signal,
  };
}

/** The request document, laid out exactly as iPing's GetOutboundItems doc shows it. */
function bSmartXml(parameters: readonly [string, string][]): string {
  const lines = parameters.map(([name, value]) => `   <${name} value="${escapeXml(value)}"/>`);
  return `<?xml version="1.0"?>\n<bSmartXML>\n<data>\n${lines.join('\n')}\n</data>\n</bSmartXML>`;
}

/**
 * The items of `answer` that start in `window` (the API answers whole days). An item without a
 * readable start cannot be placed in it: refused, as the reading policy says.
 * @throws ResponseFormatError for an item without a readable start time
 */
export function itemsInWindow(
  answer: OutboundItemsAnswer,
  window: { from: number; to: number },
  timeZone: string,
): IpingItem[] {
  return answer.items.filter((item, index) => {
    const start = itemStartMs(item, timeZone);
    if (Number.isNaN(start)) throw noStartError(answer.recordName ?? 'item', index);
    return start >= window.from && start < window.to;
  });
}

/** Reports what the answer holds beyond the assumed shape (docs/reading-policy.md). */
export function reportDrift(drift: DriftMonitor, answer: OutboundItemsAnswer): void {
  drift.checkRecord(OPERATION, '', answer.envelope, DOCUMENTED_ENVELOPE_FIELDS);
  const prefix = `${answer.recordName ?? 'item'}[]`;
  for (const item of answer.items) drift.checkRecord(OPERATION, prefix, item, DOCUMENTED_ITEM_FIELDS);
}

function excerptOf(text: string, redact: (text: string) => string): string {
  return redact(text).slice(0, 200);
}

/** The document's root element, or a ResponseFormatError for a body that is not a bSmartXML document. */
function readRoot(
  text: string,
  parseXml: (text: string) => XmlNode,
  base: AnswerContext,
  redact: (text: string) => string,
): Element {
  let tree: XmlNode;
  try {
    tree = parseXml(text);
  } catch (error) {
    if (error instanceof CdrkitError && !(error instanceof ResponseFormatError)) throw error;
    // Keep the parser's reason (cut off, not XML, entity declarations refused) and its kind:
    // a document refused by policy comes back the same on a retry.
    const reason = error instanceof ResponseFormatError ? `: ${redact(error.message)}` : '';
    throw new ResponseFormatError(`iPing answered with a body that is not XML cdrkit can read${reason}`, {
      ...base,
      kind: error instanceof ResponseFormatError ? error.kind : 'syntax',
      excerpt: excerptOf(text, redact),
    });
  }
  const root = rootElement(tree);
  if (root === undefined) {
    throw new ResponseFormatError('iPing answered with an empty body or no XML element', {
      ...base,
      kind: 'syntax',
      excerpt: excerptOf(text, redact),
    });
  }
  if (lower(root.name) === 'html') {
    throw new ResponseFormatError('iPing answered with an HTML page instead of a bSmartXML document', {
      ...base,
      kind: 'schema',
      path: 'html',
      excerpt: excerptOf(text, redact),
    });
  }
  return root;
}

/**
 * Reads a GetOutboundItems answer (see `xml.ts` for the assumed shape). Use it to check how the
 * SDK reads a real answer you captured (and report one that it reads wrong).
 * @throws ApiError for `pduType` ERR or an error element; AuthenticationError when the error
 *   speaks of the user name, password or login; ResponseFormatError when the body is not XML
 * @example
 * ```ts
 * const { items, total } = parseOutboundItems(xmlText);
 * ```
 */
export function parseOutboundItems(
  text: string,
  context: ParseOutboundItemsContext = {},
): OutboundItemsAnswer {
  const operation = context.operation ?? OPERATION;
  const redact = context.redact ?? ((value: string) => value);
  const base: AnswerContext = { provider: 'iping', operation, status: context.status };
  const root = readRoot(text, context.parseXml ?? createIpingXmlParser(operation), base, redact);
  const records = findRecords(root);
  const recordSet = new Set(records);
  const envelope: Element[] = [];
  envelopeFields(root, recordSet, envelope);
  const pduType = pduTypeOf(root, envelope);
  const errorElement = findErrorElement(root, recordSet);
  const failed = pduType !== undefined && /^err(or)?$/i.test(pduType);
  if (failed || (errorElement !== undefined && !(pduType !== undefined && /^ok$/i.test(pduType)))) {
    throw inBodyError(errorElement, envelope, base, redact);
  }

  const items = records.map((record) => collectFields(record, '', {}));
  markOccurrences(items);
  const fields: Record<string, string> = {};
  for (const element of envelope) {
    // An empty `<items/>` is a leaf too: a container, not a field.
    if (!CONTAINER_NAMES.has(lower(element.name)) && !(element.name in fields))
      fields[element.name] = fieldValue(element);
  }
  const answer: OutboundItemsAnswer = { items, envelope: fields };
  if (records[0] !== undefined) answer.recordName = records[0].name;
  const totalField = envelope.find((element) => TOTAL_NAMES.includes(lower(element.name)));
  const total = totalField === undefined ? Number.NaN : Number(fieldValue(totalField).trim() || Number.NaN);
  if (Number.isSafeInteger(total) && total >= 0) answer.total = total;
  return answer;
}
