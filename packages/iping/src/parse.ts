/**
 * The tolerant reader of GetOutboundItems answers.
 *
 * iPing does not publish the response of GetOutboundItems. What is known: requests carry each
 * value in a `value` attribute (`<user_name value="testdriver"/>`), and an older sample says a
 * transaction's status is a `pduType` element holding `OK` or `ERR`. The reader therefore
 * assumes as little as it can:
 *
 * - a field is `<name value="x"/>` or `<name>x</name>` (the attribute wins when both are there);
 * - the records are the elements named `item`, `outbound_item`, `notification`, `cdr`, `call`,
 *   `record` or `row` wherever they sit; else the children of a container named `items`,
 *   `outbound_items`, `notifications`, `cdrs`, `calls`, `records` or `rows`; else the shallowest
 *   group of same-named sibling elements that each hold at least two fields. One record is
 *   found as well as many;
 * - every field of a record is kept as a string, known or not;
 * - `pduType` `ERR` (as an element's value or a root attribute), or an `error` / `errors` /
 *   `err` element with content outside the records, is an error answer.
 * @module
 */
import { ApiError, AuthenticationError, CdrkitError, ResponseFormatError } from '@cdrkit/core';
import { createXmlParser, type XmlNode, type XmlValue } from '@cdrkit/core/xml';
import { markOccurrences } from './normalize.js';
import type { IpingItem } from './schemas.js';

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

const PREFIX = '@_';
const TEXT = '#text';
const RECORD_NAMES = new Set([
  'item',
  'outbound_item',
  'outbounditem',
  'notification',
  'cdr',
  'call',
  'record',
  'row',
]);
const CONTAINER_NAMES = new Set([
  'items',
  'outbound_items',
  'outbounditems',
  'notifications',
  'cdrs',
  'calls',
  'records',
  'rows',
]);
const ERROR_NAMES = new Set(['error', 'errors', 'err']);
const TOTAL_NAMES = ['total_count', 'totalcount', 'total', 'total_items', 'total_records'];
// Inside an error element any code-like name will do; in the envelope only error-like ones.
const CODE_NAMES = /(^|_)(code|number|no|num|errno|id)$/;
const ENVELOPE_CODE_NAMES = /code|errno|err(or)?_?(number|no|num|id)$/;
const MESSAGE_NAMES = /desc|message|msg|text|reason|detail/;
const LAST_RESORT_MESSAGE_NAMES = /err/;
// An error description that speaks of the credentials means they were rejected.
const AUTH_WORDS =
  /user[\s_-]?name|user[\s_-]?id|password|passwd|log[\s_-]?in|authenticat|credential|unauthori[sz]ed|not authori[sz]ed|access denied|invalid user|unknown user/i;

/** An XML element in a shape that does not depend on how the parser groups children. */
interface Element {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: Element[];
}

/** Builds the reusable XML parser of the iPing client: every element as an array, so one record and many look alike. */
/* @__NO_SIDE_EFFECTS__ */
export function createIpingXmlParser(operation = 'getOutboundItems'): (text: string) => XmlNode {
  return createXmlParser({ arrays: () => true, attributePrefix: PREFIX, provider: 'iping', operation });
}

function scalar(value: XmlValue | number | boolean | null | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => scalar(v)).join('');
  if (typeof value === 'object') return scalar(value[TEXT]);
  return String(value);
}

function toElements(name: string, value: XmlValue, out: Element[]): void {
  if (Array.isArray(value)) {
    for (const one of value) toElements(name, one, out);
    return;
  }
  const element: Element = { name, attrs: {}, text: '', children: [] };
  if (typeof value !== 'object' || value === null) {
    element.text = scalar(value).trim();
  } else {
    for (const key of Object.keys(value)) {
      const child = value[key] as XmlValue;
      if (key === TEXT) element.text = scalar(child).trim();
      else if (key.startsWith(PREFIX)) element.attrs[key.slice(PREFIX.length)] = scalar(child);
      else if (key.startsWith('?') || key.startsWith('!')) continue;
      else toElements(key, child, element.children);
    }
  }
  out.push(element);
}

function lower(name: string): string {
  return name.toLowerCase();
}

function valueAttribute(element: Element): string | undefined {
  if (element.attrs.value !== undefined) return element.attrs.value;
  for (const key of Object.keys(element.attrs)) if (lower(key) === 'value') return element.attrs[key];
  return undefined;
}

/** A field's value: its `value` attribute, else its text. */
function fieldValue(element: Element): string {
  return valueAttribute(element) ?? element.text;
}

function otherAttributes(element: Element): string[] {
  return Object.keys(element.attrs).filter((key) => lower(key) !== 'value');
}

/** A leaf is a field: no child elements. */
function isLeaf(element: Element): boolean {
  return element.children.length === 0;
}

/** Could hold a record's fields: child elements, or attributes other than `value`. */
function isRecordShaped(element: Element): boolean {
  return element.children.length > 0 || otherAttributes(element).length > 0;
}

/** Holds at least two fields of its own (leaf children or attributes): a record, not a wrapper. */
function isLeafy(element: Element): boolean {
  let fields = otherAttributes(element).length;
  for (const child of element.children) if (isLeaf(child) && ++fields >= 2) return true;
  return fields >= 2;
}

/** Records by name: the known record element names, wherever they sit (not inside a record). */
function findNamedRecords(element: Element, out: Element[]): void {
  for (const child of element.children) {
    if (RECORD_NAMES.has(lower(child.name)) && isRecordShaped(child)) out.push(child);
    else findNamedRecords(child, out);
  }
}

/** Records by container: the record-shaped children of `items`, `notifications`, …. */
function findContainedRecords(element: Element, out: Element[]): void {
  for (const child of element.children) {
    if (CONTAINER_NAMES.has(lower(child.name))) {
      for (const record of child.children) if (isRecordShaped(record)) out.push(record);
    } else {
      findContainedRecords(child, out);
    }
  }
}

/** Records by repetition: the shallowest group of same-named siblings that each hold fields. */
function findRepeatedRecords(root: Element): Element[] {
  let level: Element[] = [root];
  while (level.length > 0) {
    for (const parent of level) {
      const groups = new Map<string, Element[]>();
      for (const child of parent.children) {
        const group = groups.get(child.name);
        if (group) group.push(child);
        else groups.set(child.name, [child]);
      }
      for (const group of groups.values()) {
        if (group.length >= 2 && group.every(isLeafy)) return group;
      }
    }
    level = level.flatMap((element) => element.children);
  }
  return [];
}

function findRecords(root: Element): Element[] {
  const records: Element[] = [];
  if (RECORD_NAMES.has(lower(root.name)) && isRecordShaped(root)) return [root];
  findNamedRecords(root, records);
  if (records.length > 0) return records;
  findContainedRecords(root, records);
  if (records.length > 0) return records;
  return findRepeatedRecords(root);
}

function addField(fields: IpingItem, name: string, value: string): void {
  if (fields[name] === undefined) {
    fields[name] = value;
    return;
  }
  let n = 1;
  while (fields[`${name}[${n}]`] !== undefined) n++;
  fields[`${name}[${n}]`] = value;
}

/** Every field of an element, flattened: nested elements as `parent.child`, extra attributes as `field.attr`. */
function collectFields(element: Element, prefix: string, fields: IpingItem): IpingItem {
  for (const key of otherAttributes(element)) addField(fields, prefix + key, element.attrs[key] ?? '');
  for (const child of element.children) {
    const name = prefix + child.name;
    if (isLeaf(child)) {
      const value = valueAttribute(child);
      if (value !== undefined || child.text !== '' || otherAttributes(child).length === 0) {
        addField(fields, name, value ?? child.text);
      }
      for (const key of otherAttributes(child)) addField(fields, `${name}.${key}`, child.attrs[key] ?? '');
    } else {
      const value = valueAttribute(child) ?? child.text;
      if (value !== '') addField(fields, name, value);
      collectFields(child, `${name}.`, fields);
    }
  }
  return fields;
}

/** Leaf fields outside the records (the envelope: `pduType`, `item_count`, `total_count`, error fields). */
function envelopeFields(element: Element, records: ReadonlySet<Element>, out: Element[], depth = 0): void {
  for (const child of element.children) {
    if (records.has(child)) continue;
    if (isLeaf(child)) out.push(child);
    else if (depth < 6) envelopeFields(child, records, out, depth + 1);
  }
}

function findErrorElement(element: Element, records: ReadonlySet<Element>): Element | undefined {
  if (ERROR_NAMES.has(lower(element.name))) return element;
  for (const child of element.children) {
    if (records.has(child)) continue;
    if (ERROR_NAMES.has(lower(child.name))) {
      const content = isLeaf(child) ? fieldValue(child) : 'nested';
      if (content.trim() !== '' || otherAttributes(child).length > 0) return child;
      continue;
    }
    const found = findErrorElement(child, records);
    if (found) return found;
  }
  return undefined;
}

function pduTypeOf(root: Element, envelope: readonly Element[]): string | undefined {
  for (const key of Object.keys(root.attrs)) if (lower(key) === 'pdutype') return root.attrs[key]?.trim();
  const field = envelope.find((element) => lower(element.name) === 'pdutype');
  return field === undefined ? undefined : fieldValue(field).trim();
}

function pickByName(
  fields: Record<string, string>,
  pattern: RegExp,
  except?: string,
): { name: string; value: string } | undefined {
  for (const [name, value] of Object.entries(fields)) {
    if (name !== except && pattern.test(lower(name)) && value.trim() !== '')
      return { name, value: value.trim() };
  }
  return undefined;
}

/** The code among `fields`, and the message: a description-like field, else another error-like one. */
function codeAndMessage(
  fields: Record<string, string>,
  codeNames: RegExp,
): { code: string | undefined; message: string | undefined } {
  const code = pickByName(fields, codeNames);
  const message =
    pickByName(fields, MESSAGE_NAMES) ?? pickByName(fields, LAST_RESORT_MESSAGE_NAMES, code?.name);
  return { code: code?.value, message: message?.value };
}

/** The provider's error code and description, from an error element or the envelope. */
function describeError(
  error: Element | undefined,
  envelope: readonly Element[],
): { code: string | undefined; message: string | undefined } {
  if (error !== undefined) {
    // `<errors><error …/></errors>`: the first error speaks for all.
    const inner = error.children.find((child) => ERROR_NAMES.has(lower(child.name)));
    if (inner !== undefined) return describeError(inner, envelope);
    const fields = collectFields(error, '', {}) as Record<string, string>;
    const own = fieldValue(error).trim();
    const { code, message } = codeAndMessage(fields, CODE_NAMES);
    return { code, message: message ?? (own === '' ? undefined : own) };
  }
  const fields: Record<string, string> = {};
  for (const element of envelope) {
    if (lower(element.name) !== 'pdutype') fields[element.name] = fieldValue(element);
  }
  return codeAndMessage(fields, ENVELOPE_CODE_NAMES);
}

function excerptOf(text: string, redact: (text: string) => string): string {
  return redact(text).slice(0, 200);
}

/**
 * Reads a GetOutboundItems answer (see the module comment for the assumed shape). Use it to
 * check how the SDK reads a real answer you captured (and report one that it reads wrong).
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
  const operation = context.operation ?? 'getOutboundItems';
  const redact = context.redact ?? ((value: string) => value);
  const base = { provider: 'iping' as const, operation, status: context.status };
  let tree: XmlNode;
  try {
    tree = (context.parseXml ?? createIpingXmlParser(operation))(text);
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
  const top: Element[] = [];
  for (const key of Object.keys(tree)) {
    if (!key.startsWith('?') && !key.startsWith('!') && !key.startsWith(PREFIX) && key !== TEXT) {
      toElements(key, tree[key] as XmlValue, top);
    }
  }
  const root = top[0];
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

  const records = findRecords(root);
  const recordSet = new Set(records);
  const envelope: Element[] = [];
  envelopeFields(root, recordSet, envelope);
  const pduType = pduTypeOf(root, envelope);
  const errorElement = findErrorElement(root, recordSet);
  const failed = pduType !== undefined && /^err(or)?$/i.test(pduType);
  if (failed || (errorElement !== undefined && !(pduType !== undefined && /^ok$/i.test(pduType)))) {
    throw apiErrorOf(describeError(errorElement, envelope), base, redact);
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

function apiErrorOf(
  { code, message }: { code: string | undefined; message: string | undefined },
  base: { provider: 'iping'; operation: string; status: number | undefined },
  redact: (text: string) => string,
): CdrkitError {
  const providerMessage = message === undefined ? undefined : redact(message).slice(0, 500);
  const providerCode = code === undefined ? undefined : redact(code).slice(0, 100);
  const detail = [providerCode, providerMessage].filter((part) => part !== undefined).join(': ');
  const options = { ...base, providerCode, providerMessage };
  if (providerMessage !== undefined && AUTH_WORDS.test(providerMessage)) {
    return new AuthenticationError(`iPing rejected the credentials (${detail})`, options);
  }
  return new ApiError(`iPing answered ERR${detail === '' ? '' : ` (${detail})`}`, options);
}
