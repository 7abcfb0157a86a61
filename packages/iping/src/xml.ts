/**
 * The tolerant reader of iPing's XML: an answer's tree in a shape that does not depend on how
 * the parser groups children, its records, envelope fields and error element.
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
import { createXmlParser, type XmlNode, type XmlValue } from '@cdrkit/core/xml';
import type { IpingItem } from './schemas.js';

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
export const CONTAINER_NAMES = new Set([
  'items',
  'outbound_items',
  'outbounditems',
  'notifications',
  'cdrs',
  'calls',
  'records',
  'rows',
]);
export const ERROR_NAMES = new Set(['error', 'errors', 'err']);
export const TOTAL_NAMES = ['total_count', 'totalcount', 'total', 'total_items', 'total_records'];

/** An XML element in a shape that does not depend on how the parser groups children. */
export interface Element {
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

export function lower(name: string): string {
  return name.toLowerCase();
}

function valueAttribute(element: Element): string | undefined {
  if (element.attrs.value !== undefined) return element.attrs.value;
  for (const key of Object.keys(element.attrs)) if (lower(key) === 'value') return element.attrs[key];
  return undefined;
}

/** A field's value: its `value` attribute, else its text. */
export function fieldValue(element: Element): string {
  return valueAttribute(element) ?? element.text;
}

export function otherAttributes(element: Element): string[] {
  return Object.keys(element.attrs).filter((key) => lower(key) !== 'value');
}

/** A leaf is a field: no child elements. */
export function isLeaf(element: Element): boolean {
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

export function findRecords(root: Element): Element[] {
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
export function collectFields(element: Element, prefix: string, fields: IpingItem): IpingItem {
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
export function envelopeFields(
  element: Element,
  records: ReadonlySet<Element>,
  out: Element[],
  depth = 0,
): void {
  for (const child of element.children) {
    if (records.has(child)) continue;
    if (isLeaf(child)) out.push(child);
    else if (depth < 6) envelopeFields(child, records, out, depth + 1);
  }
}

export function findErrorElement(element: Element, records: ReadonlySet<Element>): Element | undefined {
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

export function pduTypeOf(root: Element, envelope: readonly Element[]): string | undefined {
  for (const key of Object.keys(root.attrs)) if (lower(key) === 'pdutype') return root.attrs[key]?.trim();
  const field = envelope.find((element) => lower(element.name) === 'pdutype');
  return field === undefined ? undefined : fieldValue(field).trim();
}

/** The document's first element, or undefined when it holds none. */
export function rootElement(tree: XmlNode): Element | undefined {
  const top: Element[] = [];
  for (const key of Object.keys(tree)) {
    if (!key.startsWith('?') && !key.startsWith('!') && !key.startsWith(PREFIX) && key !== TEXT) {
      toElements(key, tree[key] as XmlValue, top);
    }
  }
  return top[0];
}
